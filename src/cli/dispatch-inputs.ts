import type { DispatchInputSpec } from "../engine/plan-schema.js";
import type { WorkflowPlan } from "../engine/plan.js";

/** A `workflow_dispatch` input as GitHub's workflow syntax writes it. */
export interface GithubInput {
  description: string;
  type: "string" | "number" | "boolean" | "choice";
  required: boolean;
  default?: string | number | boolean;
  options?: string[];
}

/** actionlint (and GitHub's form) take at most this many workflow_dispatch inputs. */
export const MAX_DISPATCH_INPUTS = 10;

/**
 * One GitHub input per name the definitions declare in `on.dispatch.inputs`, in first-seen
 * order. The form is shared by every workflow of the folder, so an input is required only
 * when every definition requires it (mgmt enforces each definition's own `required`), and
 * carries a default only when all that declare it agree (GitHub sends it on every dispatch).
 */
export function unionInputs(plans: readonly WorkflowPlan[]): Record<string, GithubInput> {
  const declaring = new Map<string, Array<{ id: string; spec: DispatchInputSpec }>>();
  for (const plan of plans) {
    for (const [name, spec] of Object.entries(plan.triggers.dispatch?.inputs ?? {})) {
      declaring.set(name, [...(declaring.get(name) ?? []), { id: plan.id, spec }]);
    }
  }
  const inputs: Record<string, GithubInput> = {};
  for (const [name, users] of declaring) {
    inputs[name] = mergeInput(name, users, plans.length);
  }
  return inputs;
}

function mergeInput(
  name: string,
  users: Array<{ id: string; spec: DispatchInputSpec }>,
  plans: number,
): GithubInput {
  const specs = users.map((u) => u.spec);
  const types = new Set(specs.map((s) => s.type ?? "string"));
  // Types that disagree fall back to text: mgmt converts it per definition after the merge.
  const type = types.size === 1 ? ([...types][0] as GithubInput["type"]) : "string";
  const described = specs.find((s) => s.description)?.description ?? name;
  const input: GithubInput = {
    description: `${described} (for ${users.map((u) => u.id).join(", ")})`,
    type,
    required: users.length === plans && specs.every((s) => s.required),
  };
  const defaults = new Set(specs.map((s) => s.default));
  const [onlyDefault] = defaults;
  if (defaults.size === 1 && onlyDefault !== undefined) input.default = onlyDefault;
  if (type === "choice") input.options = [...new Set(specs.flatMap((s) => s.options ?? []))];
  return input;
}
