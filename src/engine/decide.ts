import { formatPath } from "../text/field-path.js";
import { type ExpressionContext, evaluateCondition, type StatusAnswers } from "../expressions/evaluate.js";
import type { PlannedTask } from "./plan.js";
import type { SkipCause, TaskResult } from "./result.js";
import { notRun, skipped, waitsFor } from "./task-result.js";

/** What later tasks know of a finished one. */
export interface Finished {
  result: TaskResult;
  /** It and all its needs, directly or not, count as success. */
  chainOk: boolean;
  /** It or one of its needs, directly or not, failed (not continue-on-error). */
  chainFailed: boolean;
  /** The gate it or one of its needs, directly or not, waits for; null when none waits. */
  waitingFor: string | null;
}

/** Skips a task whose `if` is false, or fails it when the `if` cannot be evaluated. */
export function decide(
  task: PlannedTask,
  finished: Map<string, Finished>,
  context: ExpressionContext,
): TaskResult | null {
  const needs = task.needs.map((n) => finished.get(n) as Finished);
  // What waits for a person's review is decided on resume, whatever its `if` says now.
  const gate = needs.find((n) => n.waitingFor !== null)?.waitingFor;
  if (gate) return waitsFor(task, gate);
  const status: StatusAnswers = {
    success: () => needs.every((n) => n.chainOk),
    failure: () => needs.some((n) => n.chainFailed),
    always: () => true,
    // No task starts after a cancellation, so a task that gets here was not cancelled.
    cancelled: () => false,
  };
  // When the needs did not succeed, such an `if` is not read at all (it may read their
  // null outputs), and the skip names the need to blame.
  if (task.needsSuccess && !status.success()) return skipped(task, skipCause(task, needs, true));
  const condition = evaluateCondition(task.condition, context, status);
  if (!condition.ok) return notRun(task, "failure", expressionError(task, ["if"], condition));
  return condition.value ? null : skipped(task, skipCause(task, needs, false));
}

/** A runtime expression error, naming the task, the field and the expression. */
export function expressionError(
  task: PlannedTask,
  field: Array<string | number>,
  failed: { source: string; message: string },
) {
  return `cannot evaluate \${{ ${failed.source} }} in ${task.name}.${formatPath(field)}: ${failed.message}`;
}

function skipCause(task: PlannedTask, needs: Finished[], becauseOfNeeds: boolean): SkipCause {
  const blocker = becauseOfNeeds ? needs.find((n) => !n.chainOk) : undefined;
  if (!blocker) return { kind: "if", condition: task.condition.source };
  const { name, status, skip } = blocker.result;
  // Blame the task that stopped the chain, not the skipped one in between.
  if (skip && skip.kind !== "if") return skip;
  // A waiting need makes its dependants wait before any skip is decided: it never blames.
  return {
    kind: "need",
    task: name,
    status: status === "success" || status === "waiting" ? "skipped" : status,
  };
}
