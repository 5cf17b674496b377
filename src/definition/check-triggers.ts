import { cronError, cronFrequencyWarning } from "./cron.js";
import { convertInput } from "../engine/inputs.js";
import type { DispatchInputSpec } from "../engine/plan-schema.js";
import type { Problem } from "./problem.js";
import type { WorkflowSpec } from "./schema.js";
import type { Source } from "./source.js";

/**
 * What GitHub would refuse in `on:`: a bad cron or an unusable dispatch input makes GitHub
 * reject the whole workflow file that `mgmt init` writes from it, so both are definition errors.
 * A cron more often than GitHub runs any schedule is only a warning: it still runs, less often.
 */
export function triggerProblems(on: WorkflowSpec["on"], source: Source): Problem[] {
  const problems: Problem[] = [];
  for (const [i, { cron }] of (on?.schedule ?? []).entries()) {
    const at = ["on", "schedule", i, "cron"];
    const why = cronError(cron);
    if (why) problems.push(source.problem(at, why));
    const tooOften = cronFrequencyWarning(cron);
    if (tooOften) problems.push(source.problem(at, tooOften, { severity: "warning" }));
  }
  for (const [name, spec] of Object.entries(on?.dispatch?.inputs ?? {})) {
    const why = inputProblem(name, spec);
    if (why) problems.push(source.problem(["on", "dispatch", "inputs", name], why, { atKey: true }));
  }
  return problems;
}

/**
 * Dispatch inputs that steer the action rather than the workflow: `workflow` picks the
 * definition on a workflow_dispatch, `params` is the fallback input `mgmt init` writes when the
 * definitions declare more inputs than GitHub's form takes (it reaches the action's own
 * `params` input), `resume-run` names a parked run to resume (it reaches the action's own
 * `resume-run` input, never a param).
 */
export const RESERVED_DISPATCH_INPUTS = ["workflow", "params", "resume-run"] as const;

/** GitHub's rule for input names (workflow syntax `on.workflow_dispatch.inputs.<input_id>`). */
const INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Why a GitHub workflow cannot carry a declared input, or undefined: GitHub (and
 * actionlint) refuse the whole file for a reserved or bad name, a choice without
 * options, or a default its type does not take.
 */
export function inputProblem(name: string, spec: DispatchInputSpec): string | undefined {
  const reserved: readonly string[] = RESERVED_DISPATCH_INPUTS;
  if (reserved.includes(name)) return `"${name}" is the action's own dispatch input: rename it`;
  if (!INPUT_NAME.test(name))
    return `"${name}" is not a GitHub input name (a letter or _, then letters, digits, _ or -)`;
  if (spec.type === "choice" && !spec.options?.length) return `the choice input "${name}" needs options`;
  if (spec.default === undefined) return undefined;
  const typed = convertInput(name, spec, spec.default);
  return typed.ok ? undefined : `its default does not fit: ${typed.error}`;
}
