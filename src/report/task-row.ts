import { formatDuration } from "../text/duration.js";
import type { TaskResult } from "../engine/result.js";
import { attemptsText, targetText } from "./request-view.js";
import { taskWhy } from "./task-why.js";
import { maskedLine, type Redactor } from "./redact.js";
import { shorten } from "./text.js";

/** The table's columns, in the summary and in the terminal alike. */
export const COLUMNS = [
  "Task",
  "Kind",
  "Target",
  "Status",
  "Attempts",
  "Duration",
  "HTTP",
  "Detail",
] as const;
export const STATUS_COLUMN = COLUMNS.indexOf("Status");

/**
 * A task's table row as plain one-line text, secrets masked, each cell at most `maxChars`
 * long; each format escapes it its own way.
 */
export function taskCells(task: TaskResult, redact: Redactor, maxChars: number): string[] {
  const called = task.startedAt !== null;
  const lastCall = task.calls.at(-1);
  return [
    task.name,
    task.kind,
    targetText(task),
    task.status,
    attemptsText(task),
    called ? formatDuration(task.durationMs) : "—",
    lastCall?.httpStatus != null ? String(lastCall.httpStatus) : "—",
    detailOf(task),
  ].map((cell) => shorten(maskedLine(redact, cell), maxChars));
}

/** Why a task did not succeed, or what it took to succeed. */
function detailOf(task: TaskResult): string {
  const why = taskWhy(task);
  if (why !== null)
    return task.status === "failure" && task.continueOnError ? `${why} (continue-on-error)` : why;
  const failed = task.calls.filter((c) => c.error !== null);
  const last = failed.at(-1);
  const retried = last ? `succeeded on attempt ${task.attempts}; attempt ${last.attempt}: ${last.error}` : "";
  return [approvalOf(task), retried].filter(Boolean).join("; ");
}

/** An approving gate's reasons: why the run went on is as worth reading as why it stops. */
function approvalOf(task: TaskResult): string {
  if (task.kind !== "layer" || task.status !== "success") return "";
  const reasons = (task.outputs as { reasons?: unknown } | null)?.reasons;
  const texts = Array.isArray(reasons) ? reasons.filter((r): r is string => typeof r === "string") : [];
  return texts.length ? `approved: ${texts.join("; ")}` : "approved";
}
