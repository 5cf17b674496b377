import { cronError } from "../triggers/cron.js";
import { inputProblem } from "../triggers/dispatch-inputs.js";
import type { Problem } from "./problem.js";
import type { WorkflowSpec } from "./schema.js";
import type { Source } from "./source.js";

/**
 * What GitHub would refuse in `on:`: a bad cron or an unusable dispatch input makes GitHub
 * reject the whole workflow file that `mgmt init` writes from it, so both are definition errors.
 */
export function triggerProblems(on: WorkflowSpec["on"], source: Source): Problem[] {
  const problems: Problem[] = [];
  for (const [i, { cron }] of (on?.schedule ?? []).entries()) {
    const why = cronError(cron);
    if (why) problems.push(source.problem(["on", "schedule", i, "cron"], why));
  }
  for (const [name, spec] of Object.entries(on?.dispatch?.inputs ?? {})) {
    const why = inputProblem(name, spec);
    if (why) problems.push(source.problem(["on", "dispatch", "inputs", name], why, { atKey: true }));
  }
  return problems;
}
