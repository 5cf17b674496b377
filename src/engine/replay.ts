import type { PlannedTask } from "./plan.js";
import type { PreparedRun } from "./prepare.js";
import type { TaskResult } from "./result.js";
import { notRun } from "./task-result.js";

/**
 * A task's result from a saved state, when it is not to be called again: one that succeeded
 * in an earlier attempt is replayed (a task whose outputs are secrets is always called
 * again: its secret never reaches a state); a gate that waited, once a person approved it,
 * succeeds with its answer, `approved: true` and who decided. Null: call it.
 */
export function replayOf(task: PlannedTask, prepared: PreparedRun): TaskResult | null {
  const previous = prepared.previous;
  const saved = previous?.tasks[task.name];
  if (!previous || !saved) return null;
  const base: TaskResult = {
    ...notRun(task, "success", null),
    attempts: saved.attempts,
    calls: saved.calls,
    outputs: saved.outputs,
    usage: saved.usage,
  };
  if (saved.status === "success" && task.secretOutputs.length === 0) {
    return { ...base, review: saved.review, replayed: { attempt: saved.fromAttempt } };
  }
  if (saved.status === "waiting" && saved.review && previous.approval) {
    const { approval } = previous;
    const answer = saved.outputs !== null && typeof saved.outputs === "object" ? saved.outputs : {};
    return {
      ...base,
      outputs: { ...answer, approved: true, review: approval },
      review: { reasons: saved.review.reasons, approval },
    };
  }
  return null;
}
