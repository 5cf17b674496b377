import { readFile } from "node:fs/promises";
import { loadDefinitions } from "../definition/load.js";
import { errorsIn, formatProblem, type Problem } from "../definition/problem.js";
import type { WorkflowPlan } from "../engine/plan.js";
import { cronDrift } from "./cron-drift.js";
import { GITHUB_WORKFLOW_FILE } from "./github-workflow.js";
import type { CliIO } from "./io.js";

/**
 * `mgmt validate <file|folder>`: every error and warning as `file:line:column: severity:
 * field: message`, then a count. Exit 0 without errors (warnings allowed), 2 with.
 * With the GitHub workflow `mgmt init` writes, it also warns when their crons disagree.
 */
export async function validateCommand(target: string, io: Pick<CliIO, "out" | "err">): Promise<number> {
  const loaded = await loadDefinitions(target);
  const { plans } = loaded;
  const problems = [...loaded.problems, ...(await driftWarnings(plans))];
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

/** Crons of the definitions against those of `.github/workflows/mgmt.yml`, when there is one. */
async function driftWarnings(plans: WorkflowPlan[]): Promise<Problem[]> {
  if (plans.length === 0) return [];
  const text = await readFile(GITHUB_WORKFLOW_FILE, "utf8").catch(() => undefined);
  return text === undefined ? [] : cronDrift(plans, text, GITHUB_WORKFLOW_FILE);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
