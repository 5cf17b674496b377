import type { TaskResult } from "../engine/result.js";
import { scanTemplate } from "../expressions/scan.js";

/**
 * What a task called, in one line: `GET surveys/42/responses` for a request task (its path
 * below the endpoint's URL, without the query), `ResponseService/fetchNew` for the envelope.
 * Unmasked: callers mask it with the rest of the line.
 */
export function targetText(task: TaskResult): string {
  if (task.request === null) return `${task.target}/${task.action}`;
  return `${task.request.method} ${requestPath(task.request.url, task.action) || "/"}`;
}

/**
 * The path below the endpoint's URL. Every expression's value is percent-encoded, so only
 * the literal text of the path as written (`action`) holds slashes: the URL's path ends in
 * that many segments plus one.
 */
function requestPath(url: string, pathAsWritten: string): string {
  const scanned = scanTemplate(pathAsWritten);
  const literal = scanned.ok
    ? scanned.segments.map((s) => (s.kind === "text" ? s.text : "")).join("")
    : pathAsWritten;
  const segments = literal.split("/").length;
  const beforeQuery = url.split(/[?#]/, 1)[0] ?? url;
  return beforeQuery.split("/").slice(-segments).join("/");
}

/** `1 poll`, `3 polls`; empty when the task polled nothing. */
export function pollsText(task: TaskResult): string {
  return task.polls === 0 ? "" : `${task.polls} poll${task.polls === 1 ? "" : "s"}`;
}

/**
 * The attempts of the task's request, without the polls' calls that `calls` also keeps (each
 * call of a poll counts its attempts from 1 again).
 */
export function requestAttempts(task: TaskResult): number {
  if (task.polls === 0) return task.attempts;
  const firstPoll = task.calls.findIndex((call, i) => i > 0 && call.attempt === 1);
  return firstPoll < 0 ? task.attempts : firstPoll;
}

/** The Attempts cell: `2`, or `1 · 3 polls` for a polled task. */
export function attemptsText(task: TaskResult): string {
  const polls = pollsText(task);
  return polls ? `${requestAttempts(task)} · ${polls}` : String(task.attempts);
}
