import type { PlannedTask } from "./plan.js";
import type { SkipCause, TaskResult, TaskStatus } from "./result.js";

/**
 * A governance answer must be an object with a boolean `approved`, false rejecting; or
 * `review: true`, asking a person to decide (then `approved` is not read).
 */
export function gateResult(base: TaskResult, outputs: unknown, cannotPark: string | null): TaskResult {
  const answer = outputs as { review?: unknown; approved?: unknown; reasons?: unknown } | null;
  if (answer?.review === true) {
    const reasons = Array.isArray(answer.reasons) ? answer.reasons.filter((r) => typeof r === "string") : [];
    return waitingResult({ ...base, outputs }, reasons, cannotPark);
  }
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
 * A gate that asks a person's review: it waits, and its dependants with it, until a resume
 * finds the approval. A run that cannot save its state cannot wait: the gate fails, saying why.
 */
export function waitingResult(result: TaskResult, reasons: string[], cannotPark: string | null): TaskResult {
  if (cannotPark !== null) {
    return { ...result, status: "failure", error: `asks for a person's review, but ${cannotPark}` };
  }
  return { ...result, status: "waiting", waitingFor: result.name, review: { reasons, approval: null } };
}

/** A task that waits for a gate's review: whatever its `if`, it is decided on resume. */
export function waitsFor(task: PlannedTask, gate: string): TaskResult {
  return { ...notRun(task, "waiting", null), waitingFor: gate };
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
    waitingFor: null,
    review: null,
    replayed: null,
  };
}

/** The result of a task that was not called, and why. */
export function skipped(task: PlannedTask, skip: SkipCause): TaskResult {
  return { ...notRun(task, "skipped", null), skip };
}
