import type { RunResult, SkipCause, TaskResult, TaskStatus } from "../engine/result.js";
import { formatDuration } from "../text/duration.js";

const VERB: Record<Exclude<TaskStatus, "success">, string> = {
  failure: "failed",
  rejected: "rejected",
  skipped: "was skipped",
  cancelled: "was cancelled",
};

/** A skip's cause in words: `skipped: GovernanceReview rejected`. */
export function skipText(skip: SkipCause): string {
  switch (skip.kind) {
    case "if":
      return `skipped: if \${{ ${skip.condition} }} was false`;
    case "need":
      return `skipped: ${skip.task} ${VERB[skip.status]}`;
    case "stopped":
      return skip.timeoutMs === null
        ? "skipped: cancelled"
        : `skipped: the run timed out after ${formatDuration(skip.timeoutMs)}`;
  }
}

/** Why a task did not succeed, in one line, or null when it did. */
export function taskWhy(task: TaskResult): string | null {
  return task.error ?? (task.skip ? skipText(task.skip) : null);
}

/** The run with each skip's cause also in words in `error`, for readers of the results that want one line. */
export function withReasons(run: RunResult): RunResult {
  return { ...run, tasks: run.tasks.map((task) => ({ ...task, error: taskWhy(task) })) };
}

/** A warning for a task whose answer looks like a gate's but is not one, or null. */
export function notAGateText(task: TaskResult): string | null {
  if (task.approvedIgnored === null || task.kind === "layer") return null;
  const article = task.kind === "agent" ? "an" : "a";
  return `${task.name} answered approved: ${task.approvedIgnored} but is ${article} ${task.kind}, not a layer: it does not gate`;
}
