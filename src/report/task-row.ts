import { formatDuration } from "../text/duration.js";
import type { TaskResult } from "../engine/result.js";
import { attemptsText, targetText } from "./request-view.js";
import { approvalText, replayText, taskWhy } from "./task-why.js";
import { maskedLine, type Redactor } from "./redact.js";
import { shownStatus } from "./status.js";
import { shorten } from "./text.js";
import { anyTokens, tokensText } from "./tokens-text.js";

/** The table's columns, in the summary and in the terminal alike. */
export const COLUMNS = [
  "Task",
  "Kind",
  "Target",
  "Status",
  "Attempts",
  "Duration",
  "HTTP",
  "Tokens",
  "Detail",
] as const;
export type Column = (typeof COLUMNS)[number];
// Before Tokens, so at the same place whether Tokens shows or not.
export const STATUS_COLUMN = COLUMNS.indexOf("Status");

/** The columns a run's table shows: Tokens only when some task reported any. */
export function columnsOf(tasks: readonly TaskResult[]): Column[] {
  return anyTokens(tasks) ? [...COLUMNS] : COLUMNS.filter((c) => c !== "Tokens");
}

/**
 * A task's table row as plain one-line text, one cell per column of `columns`, secrets masked,
 * each cell at most `maxChars` long; each format escapes it its own way.
 */
export function taskCells(
  task: TaskResult,
  redact: Redactor,
  maxChars: number,
  columns: readonly Column[],
): string[] {
  const called = task.startedAt !== null;
  const lastCall = task.calls.at(-1);
  const cells: Record<Column, string> = {
    Task: task.name,
    Kind: task.kind,
    Target: targetText(task),
    Status: shownStatus(task),
    Attempts: attemptsText(task),
    Duration: called ? formatDuration(task.durationMs) : "—",
    HTTP: lastCall?.httpStatus != null ? String(lastCall.httpStatus) : "—",
    Tokens: task.usage === null ? "—" : tokensText(task.usage),
    Detail: detailOf(task),
  };
  return columns.map((column) => shorten(maskedLine(redact, cells[column]), maxChars));
}

/** Where a replayed result comes from, then why a task did not succeed, or what it took to succeed. */
function detailOf(task: TaskResult): string {
  return [replayText(task), outcomeOf(task)].filter(Boolean).join("; ");
}

function outcomeOf(task: TaskResult): string {
  const why = taskWhy(task);
  if (why !== null)
    return task.status === "failure" && task.continueOnError ? `${why} (continue-on-error)` : why;
  // A replayed task's retries are the history of another attempt: not worth the reader's time.
  const failed = task.replayed === null ? task.calls.filter((c) => c.error !== null) : [];
  const last = failed.at(-1);
  const retried = last ? `succeeded on attempt ${task.attempts}; attempt ${last.attempt}: ${last.error}` : "";
  return [approvalOf(task), retried].filter(Boolean).join("; ");
}

/**
 * An approving gate's reviewer, when a person approved it on resume, else its reasons: why
 * the run went on is as worth reading as why it stops.
 */
function approvalOf(task: TaskResult): string {
  if (task.kind !== "layer" || task.status !== "success") return "";
  if (task.review?.approval) return approvalText(task.review.approval);
  const reasons = (task.outputs as { reasons?: unknown } | null)?.reasons;
  const texts = Array.isArray(reasons) ? reasons.filter((r): r is string => typeof r === "string") : [];
  return texts.length ? `approved: ${texts.join("; ")}` : "approved";
}
