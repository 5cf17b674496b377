import type { WorkflowPlan } from "../engine/plan.js";

/** The repository secret the generated workflow hands to the action's `state-key` input. */
export const STATE_KEY_SECRET = "MGMT_STATE_KEY";

/** A definition has a gate when it has a `layer:` task: its answer may ask for a person's review. */
function hasGate(plan: WorkflowPlan): boolean {
  return plan.tasks.some((task) => task.kind === "layer");
}

/** The review job `mgmt init` writes: the environment it waits on, and the definitions it resumes. */
export interface ReviewJobPlan {
  environment: string;
  gated: string[];
}

/**
 * The review job for these definitions: null when none has a gate; an error (exit 2) when
 * one job cannot serve them: the matrix shape, or gates that name different environments.
 */
export function planReviewJob(
  plans: readonly WorkflowPlan[],
  matrix: boolean,
): { ok: true; review: ReviewJobPlan | null } | { ok: false; error: string } {
  const gated = plans.filter(hasGate);
  if (!gated.length) return { ok: true, review: null };
  const ids = gated.map((p) => p.id).join(", ");
  // A matrix job's output is written by whichever leg ends last, so a review job could not
  // know which legs parked: gated definitions take the one-job shape instead.
  if (matrix) {
    return {
      ok: false,
      error:
        `${ids}: a gate (a layer: task) may wait for a person's review, which the --matrix shape cannot resume; ` +
        "use the one-job shape: mgmt init without --matrix",
    };
  }
  const byEnvironment = new Map<string, string[]>();
  for (const plan of gated) {
    byEnvironment.set(plan.reviewEnvironment, [
      ...(byEnvironment.get(plan.reviewEnvironment) ?? []),
      plan.id,
    ]);
  }
  const [environment] = byEnvironment.keys();
  if (byEnvironment.size > 1 || environment === undefined) {
    const named = [...byEnvironment].map(([env, list]) => `${env} (${list.join(", ")})`).join(", ");
    return {
      ok: false,
      error:
        `the gated definitions name different review environments: ${named}; one review job waits on one: ` +
        "give them the same review.environment, or run mgmt init on separate folders",
    };
  }
  return { ok: true, review: { environment, gated: gated.map((p) => p.id) } };
}

/** What the repository needs once before a review can resume a run, as init prints it. */
export function reviewSetupLines(review: ReviewJobPlan): string[] {
  return [
    `A gate in ${review.gated.join(", ")} may ask for a person's review; the review job resumes a run that waits. Once per repository:`,
    `  1. A key for the saved state: \`openssl rand -base64 32\`, saved as the repository secret ${STATE_KEY_SECRET}`,
    `     (Settings → Secrets and variables → Actions), or: openssl rand -base64 32 | gh secret set ${STATE_KEY_SECRET}`,
    `  2. The environment ${review.environment} with required reviewers (Settings → Environments): a reviewer`,
    "     approves its deployment to resume the run. Required reviewers need a public repository, or",
    "     GitHub Enterprise for a private one.",
    "A run that waited again is resumed by Run workflow with resume-run set to its run id.",
  ];
}
