import type { Approval, RunResult, SkipCause, TaskResult, TaskStatus } from "../engine/result.js";
import { formatDuration } from "../text/duration.js";

const VERB: Record<Exclude<TaskStatus, "success">, string> = {
  failure: "failed",
  rejected: "rejected",
  waiting: "is waiting for review",
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
  if (task.status === "waiting") return waitingText(task);
  return task.error ?? (task.skip ? skipText(task.skip) : null);
}

/** `asks for a person's review: <reasons>` for the gate, `waiting for GovernanceReview` for a task after it. */
export function waitingText(task: TaskResult): string {
  if (task.review !== null && (task.waitingFor === null || task.waitingFor === task.name)) {
    const reasons = task.review.reasons.join("; ");
    return reasons ? `asks for a person's review: ${reasons}` : "asks for a person's review";
  }
  return task.waitingFor === null ? "waiting for review" : `waiting for ${task.waitingFor}`;
}

/** `approved by octocat at 2024-06-02 09:14 UTC: <comment>`; the comment is the reviewer's text, to escape. */
export function approvalText(approval: Approval): string {
  const comment = approval.comment.trim();
  return `approved by ${approval.by} at ${timeText(approval.at)}${comment ? `: ${comment}` : ""}`;
}

/** `from attempt 1` for a task replayed from a saved state, or null when it was called. */
export function replayText(task: TaskResult): string | null {
  return task.replayed === null ? null : `from attempt ${task.replayed.attempt}`;
}

/** An ISO time to the minute, in UTC as the runners keep it; as it is when it is not one. */
function timeText(iso: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return `${time.toISOString().slice(0, 16).replace("T", " ")} UTC`;
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
