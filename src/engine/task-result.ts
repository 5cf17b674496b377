import type { PlannedTask } from "./plan.js";
import type { SkipCause, TaskResult, TaskStatus } from "./result.js";

/** A governance answer must be an object with a boolean `approved`; false rejects. */
export function gateResult(base: TaskResult, outputs: unknown): TaskResult {
  const answer = outputs as { approved?: unknown; reasons?: unknown } | null;
  if (answer === null || typeof answer !== "object" || typeof answer.approved !== "boolean") {
    return { ...base, outputs, status: "failure", error: "the governance answer has no boolean `approved`" };
  }
  if (answer.approved) return { ...base, outputs };
  const reasons = Array.isArray(answer.reasons) ? answer.reasons.filter((r) => typeof r === "string") : [];
  return {
    ...base,
    outputs,
    status: "rejected",
    error: reasons.length ? `rejected: ${reasons.join("; ")}` : "rejected",
  };
}

/**
 * A service's or agent's answer. One carrying a boolean `approved` was likely meant as a gate
 * (written `service:` for `layer:`): it does not gate, and the result says so for the report.
 */
export function answerResult(base: TaskResult, outputs: unknown): TaskResult {
  const approved = (outputs as { approved?: unknown } | null)?.approved;
  return { ...base, outputs, approvedIgnored: typeof approved === "boolean" ? approved : null };
}

/** What later tasks see of a task's answer: a gate's answer either way, else only a success's. */
export function visibleOutputs(result: TaskResult): unknown {
  return result.status === "success" || result.status === "rejected" ? result.outputs : null;
}

/** The result of a task that failed before its call (or, with no error, of one about to be called). */
export function notRun(task: PlannedTask, status: TaskStatus, error: string | null): TaskResult {
  return {
    name: task.name,
    kind: task.kind,
    target: task.target,
    action: task.action,
    status,
    attempts: 0,
    calls: [],
    durationMs: 0,
    startedAt: null,
    needs: task.needs,
    continueOnError: task.continueOnError,
    params: null,
    outputs: null,
    error,
    skip: null,
    request: null,
    response: null,
    polls: 0,
    approvedIgnored: null,
    usage: null,
  };
}

/** The result of a task that was not called, and why. */
export function skipped(task: PlannedTask, skip: SkipCause): TaskResult {
  return { ...notRun(task, "skipped", null), skip };
}
