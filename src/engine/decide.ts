import { formatPath } from "../text/field-path.js";
import { type ExpressionContext, evaluateCondition, type StatusAnswers } from "../expressions/evaluate.js";
import type { PlannedTask } from "./plan.js";
import type { TaskResult, TaskStatus } from "./result.js";
import { notRun } from "./task-result.js";

/** What later tasks know of a finished one. */
export interface Finished {
  result: TaskResult;
  /** It and all its needs, directly or not, count as success. */
  chainOk: boolean;
  /** It or one of its needs, directly or not, failed (not continue-on-error). */
  chainFailed: boolean;
}

/** Skips a task whose `if` is false, or fails it when the `if` cannot be evaluated. */
export function decide(
  task: PlannedTask,
  finished: Map<string, Finished>,
  context: ExpressionContext,
): TaskResult | null {
  const needs = task.needs.map((n) => finished.get(n) as Finished);
  const status: StatusAnswers = {
    success: () => needs.every((n) => n.chainOk),
    failure: () => needs.some((n) => n.chainFailed),
    always: () => true,
    // No task starts after a cancellation, so a task that gets here was not cancelled.
    cancelled: () => false,
  };
  // When the needs did not succeed, such an `if` is not read at all (it may read their
  // null outputs), and the skip names the need to blame.
  if (task.needsSuccess && !status.success()) return notRun(task, "skipped", skipReason(task, needs, true));
  const condition = evaluateCondition(task.condition, context, status);
  if (!condition.ok) return notRun(task, "failure", expressionError(task, ["if"], condition));
  return condition.value ? null : notRun(task, "skipped", skipReason(task, needs, false));
}

/** A runtime expression error, naming the task, the field and the expression. */
export function expressionError(
  task: PlannedTask,
  field: Array<string | number>,
  failed: { source: string; message: string },
) {
  return `cannot evaluate \${{ ${failed.source} }} in ${task.name}.${formatPath(field)}: ${failed.message}`;
}

function skipReason(task: PlannedTask, needs: Finished[], becauseOfNeeds: boolean): string {
  if (becauseOfNeeds) {
    const blocker = needs.find((n) => !n.chainOk);
    if (blocker) {
      const { name, status, error } = blocker.result;
      // Blame the task that stopped the chain, not the skipped one in between.
      if (status === "skipped" && error && !error.startsWith(IF_FALSE)) return error;
      const verb: Record<TaskStatus, string> = {
        success: "succeeded",
        failure: "failed",
        rejected: "rejected",
        skipped: "was skipped",
        cancelled: "was cancelled",
      };
      return `skipped: ${name} ${verb[status]}`;
    }
  }
  return `${IF_FALSE}\${{ ${task.condition.source} }} was false`;
}

const IF_FALSE = "skipped: if ";
