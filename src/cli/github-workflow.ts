import { Document, isMap, isNode, isScalar, isSeq, Scalar } from "yaml";
import type { WorkflowPlan } from "../engine/plan.js";
import { expressionsIn } from "../expressions/compile.js";
import { type GithubInput, MAX_DISPATCH_INPUTS, unionInputs } from "./dispatch-inputs.js";
import { declaredCrons } from "../triggers/select.js";

export const ACTION_REF = "hms/mgmt-action@v1";
export const GITHUB_WORKFLOW_FILE = ".github/workflows/mgmt.yml";

export interface GithubWorkflowOptions {
  /** The definitions' folder, relative to the repository root, with `/` separators. */
  folder: string;
  /** Two jobs: a dry-run `plan` job, then one `run` job per selected workflow. */
  matrix: boolean;
}

/** The GitHub workflow `mgmt init` writes, and what went into it (for the message and tests). */
export interface GithubWorkflow {
  text: string;
  crons: string[];
  inputs: string[];
  /** repository_dispatch types; `any` when a definition takes every type; empty: no such trigger. */
  types: string[] | "any";
  /** Variables the definitions read from `env`, to be mapped from secrets. */
  envNames: string[];
  /** Whether the declared inputs were too many and one `params` text input stands for them. */
  paramsFallback: boolean;
}

/** Builds the GitHub workflow that runs every definition of a folder on its own triggers. */
export function renderGithubWorkflow(
  plans: readonly WorkflowPlan[],
  options: GithubWorkflowOptions,
): GithubWorkflow {
  const crons = declaredCrons(plans);
  const declared = unionInputs(plans);
  const paramsFallback = 1 + Object.keys(declared).length > MAX_DISPATCH_INPUTS;
  const inputs: Record<string, GithubInput> = {
    workflow: {
      description: "The workflow to run",
      type: "choice",
      required: true,
      options: plans.map((p) => p.id),
    },
    ...(paramsFallback ? { params: PARAMS_INPUT } : declared),
  };
  const types = dispatchTypes(plans);
  const envNames = envNamesOf(plans);
  const on: Record<string, unknown> = {};
  if (crons.length) on.schedule = crons.map((cron) => ({ cron }));
  on.workflow_dispatch = { inputs };
  if (types === "any") on.repository_dispatch = null;
  else if (types.length) on.repository_dispatch = { types };

  const step = { folder: options.folder, paramsFallback };
  const doc = new Document({
    name: "mgmt",
    on,
    concurrency: { group: WORKFLOW_GROUP, "cancel-in-progress": false },
    permissions: { contents: "read" },
    jobs: options.matrix ? matrixJobs(step) : { run: { "runs-on": RUNNER, steps: steps(step, {}) } },
  });
  annotate(doc, plans, { ...options, paramsFallback, declared: Object.keys(declared).length, envNames });
  return {
    // nullStr: `repository_dispatch:` with nothing after it, as GitHub's documentation writes it.
    text: doc.toString({ lineWidth: 0, nullStr: "" }),
    crons,
    inputs: Object.keys(inputs),
    types,
    envNames,
    paramsFallback,
  };
}

const RUNNER = "ubuntu-latest";
const WORKFLOW_GROUP =
  "mgmt-${{ github.event.schedule || inputs.workflow || github.event.action || github.ref }}";
const PARAMS_INPUT: GithubInput = {
  description: 'Params for the workflow, as a JSON or YAML object, e.g. {"date": "2024-06-01"}',
  type: "string",
  required: false,
};

interface StepPlan {
  folder: string;
  paramsFallback: boolean;
}

function steps(step: StepPlan, extra: Record<string, unknown>, id?: string): unknown[] {
  const inputs = {
    workflow: step.folder,
    ...(step.paramsFallback ? { params: "${{ inputs.params }}" } : {}),
    ...extra,
  };
  return [{ uses: "actions/checkout@v6" }, { ...(id ? { id } : {}), uses: ACTION_REF, with: inputs }];
}

function matrixJobs(step: StepPlan) {
  return {
    plan: {
      "runs-on": RUNNER,
      outputs: { "workflow-ids": "${{ steps.plan.outputs.workflow-ids }}" },
      steps: steps(step, { "dry-run": true }, "plan"),
    },
    run: {
      needs: "plan",
      if: "needs.plan.outputs.workflow-ids != '[]'",
      "runs-on": RUNNER,
      strategy: {
        matrix: { workflow: "${{ fromJSON(needs.plan.outputs.workflow-ids) }}" },
        "fail-fast": false,
      },
      // Whatever started it, one workflow's run jobs never overlap.
      concurrency: { group: "mgmt-run-${{ matrix.workflow }}", "cancel-in-progress": false },
      steps: steps(step, { "workflow-id": "${{ matrix.workflow }}" }),
    },
  };
}

function dispatchTypes(plans: readonly WorkflowPlan[]): string[] | "any" {
  const taking = plans.filter((p) => "repository_dispatch" in p.triggers);
  if (taking.some((p) => !p.triggers.repository_dispatch?.types)) return "any";
  return [...new Set(taking.flatMap((p) => p.triggers.repository_dispatch?.types ?? []))];
}

/** Names read through `env.X` anywhere in the definitions, less those the runner sets itself. */
export function envNamesOf(plans: readonly WorkflowPlan[]): string[] {
  const values = plans.flatMap((p) => [
    p.params,
    ...Object.values(p.endpoints).flatMap((e) => Object.values(e.headers)),
    ...p.tasks.flatMap((t) => (t.with ? [t.with] : [])),
  ]);
  const conditions = plans.flatMap((p) => p.tasks.map((t) => t.condition));
  const names = [...values.flatMap(expressionsIn), ...conditions].flatMap((e) => e.env);
  return [...new Set(names)].filter((n) => !/^(GITHUB_|RUNNER_)|^CI$/.test(n)).sort();
}

function annotate(
  doc: Document,
  plans: readonly WorkflowPlan[],
  info: GithubWorkflowOptions & { paramsFallback: boolean; declared: number; envNames: string[] },
) {
  doc.commentBefore = [
    ` Written by \`mgmt init${info.matrix ? " --matrix" : ""}\` from ${info.folder}/ (${plans.map((p) => p.id).join(", ")}).`,
    " Run it again after changing a definition's `on:`; `mgmt validate` warns when the crons drift apart.",
  ].join("\n");
  const schedule = doc.getIn(["on", "schedule"], true);
  for (const entry of isSeq(schedule) ? schedule.items : []) {
    const cron = isMap(entry) ? entry.get("cron", true) : undefined;
    // Quoted, as GitHub's documentation writes them: every cron reads alike, `*/5` or `0 6`.
    if (isScalar(cron)) cron.type = Scalar.QUOTE_DOUBLE;
  }
  const inputs = doc.getIn(["on", "workflow_dispatch", "inputs"], true);
  if (isNode(inputs)) inputs.commentBefore = inputsNote(info.declared, info.paramsFallback);
  const concurrency = isMap(doc.contents)
    ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === "concurrency")
    : undefined;
  if (isNode(concurrency?.key)) {
    concurrency.key.commentBefore =
      " Runs of one cron, dispatch choice or dispatch type never overlap: a new one waits for the running one" +
      "\n (GitHub keeps one waiting run per group; a newer one replaces it).";
  }
  for (const job of info.matrix ? ["plan", "run"] : ["run"]) {
    const actionStep = doc.getIn(["jobs", job, "steps", 1], true);
    if (isNode(actionStep) && info.envNames.length) actionStep.commentBefore = secretsNote(info.envNames);
  }
}

function inputsNote(declared: number, paramsFallback: boolean): string {
  if (paramsFallback) {
    return (
      ` The definitions declare ${declared} inputs; GitHub takes ${MAX_DISPATCH_INPUTS} with \`workflow\`,` +
      "\n so they travel as one JSON or YAML object in `params`."
    );
  }
  const others = declared ? "; the others are the union of their on.dispatch.inputs" : "";
  return ` \`workflow\` picks the definition${others}.`;
}

function secretsNote(envNames: readonly string[]): string {
  return [
    " The definitions read these from env: map each from a secret in this step, e.g.",
    "   env:",
    ...envNames.map((n) => `     ${n}: \${{ secrets.${n} }}`),
  ].join("\n");
}
