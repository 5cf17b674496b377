import { loadDefinitions } from "../definition/load.js";
import { errorsIn, formatProblem } from "../definition/problem.js";

export interface ValidateIO {
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * `mgmt validate <file|folder>`: every error and warning as `file:line:column: severity:
 * field: message`, then a count. Exit 0 without errors (warnings allowed), 2 with.
 */
export async function validateCommand(target: string, io: ValidateIO): Promise<number> {
  const { plans, problems } = await loadDefinitions(target);
  // An endpoints file is checked with every workflow that uses it: say each finding once.
  const lines = [...new Set(problems.map(formatProblem))];
  for (const line of lines) io.err(line);
  const errors = new Set(errorsIn(problems).map(formatProblem)).size;
  const warnings = lines.length - errors;
  if (errors > 0) {
    io.out(`${count(errors, "error")}, ${count(warnings, "warning")} in ${target}`);
    return 2;
  }
  const ids = plans.map((plan) => plan.id).join(", ");
  io.out(`${count(plans.length, "valid workflow")} (${ids}), ${count(warnings, "warning")}`);
  return 0;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
