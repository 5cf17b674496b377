import { formatDuration } from "../text/duration.js";
import type { RunResult, TaskResult } from "../engine/result.js";
import { maskedLine, type Redactor, textRedactor } from "./redact.js";
import { pollsText, targetText } from "./request-view.js";
import { approvalText, replayText, taskWhy } from "./task-why.js";

/**
 * XML 1.0 text with secrets masked. The characters XML 1.0 cannot hold at all (most C0
 * controls, lone surrogates, U+FFFE/U+FFFF) are left out first, or parsers reject the
 * whole file, and masking comes after, so a secret they split is still found. An attribute
 * (a message, a name) is put on one line: reporters show it as a title, and parsers differ
 * on line breaks inside attributes.
 */
function xml(text: string, redact: Redactor, attribute = false): string {
  const refs: Record<string, string> = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&apos;",
  };
  const valid = text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "");
  const masked = attribute ? maskedLine(redact, valid) : redact(valid);
  return masked.replace(/[&<>"']/g, (c) => refs[c] as string);
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * How each status reads in JUnit: failure and cancelled tasks fail; a rejection fails too
 * (the gate said no, and reporters only know pass, fail and skip), with its reasons as the
 * message; skipped tasks are skipped, and so are waiting ones (nothing failed: a person has
 * yet to decide). A failure under continue-on-error still fails here, since JUnit has no
 * "allowed to fail". A success replayed or approved on resume passes, saying so in its output.
 */
function outcome(task: TaskResult, redact: Redactor): string {
  if (task.status === "success") {
    const approval = task.review?.approval;
    const notes = [
      task.replayed ? `replayed ${replayText(task)}: not called` : null,
      approval ? approvalText(approval) : null,
    ].filter((note) => note !== null);
    return notes.length ? `<system-out>${xml(notes.join("\n"), redact)}</system-out>` : "";
  }
  if (task.status === "waiting") return `<skipped message="${xml(waitingMessage(task), redact, true)}"/>`;
  const message = xml(taskWhy(task) ?? task.status, redact, true);
  if (task.status === "skipped") return `<skipped message="${message}"/>`;
  return `<failure message="${message}" type="${task.status}">${xml(callLog(task), redact)}</failure>`;
}

/** `waiting for review: <the gate's reasons>` for the gate, `waiting for review of <gate>` for a task after it. */
function waitingMessage(task: TaskResult): string {
  if (task.waitingFor !== null && task.waitingFor !== task.name)
    return `waiting for review of ${task.waitingFor}`;
  const reasons = task.review?.reasons.join("; ") ?? "";
  return reasons ? `waiting for review: ${reasons}` : "waiting for review";
}

/** The call and its attempts, one line each, for the failure's body. */
function callLog(task: TaskResult): string {
  // The envelope is always a POST; a request task's target says its own method.
  const lines = [`${task.status}: ${task.request === null ? "POST " : ""}${targetText(task)}`];
  const why = taskWhy(task);
  if (why) lines.push(why);
  const polls = pollsText(task);
  if (polls) lines.push(`${polls} of the operation it started`);
  for (const call of task.calls) {
    const answer = call.httpStatus === null ? "no answer" : `HTTP ${call.httpStatus}`;
    lines.push(
      `attempt ${call.attempt}: ${answer} in ${formatDuration(call.durationMs)}${call.error ? ` — ${call.error}` : ""}`,
    );
  }
  return lines.join("\n");
}

function testcase(run: RunResult, task: TaskResult, redact: Redactor): string {
  const open = `<testcase classname="${xml(run.workflow, redact, true)}" name="${xml(task.name, redact, true)}" time="${seconds(task.durationMs)}"`;
  const body = outcome(task, redact);
  return body ? `    ${open}>\n      ${body}\n    </testcase>` : `    ${open}/>`;
}

function counts(tasks: readonly TaskResult[]) {
  const skipped = tasks.filter((t) => t.status === "skipped" || t.status === "waiting").length;
  const failures = tasks.filter((t) => t.status !== "success").length - skipped;
  return `tests="${tasks.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
}

function testsuite(run: RunResult, redact: Redactor): string {
  const attributes = `name="${xml(run.workflow, redact, true)}" ${counts(run.tasks)} time="${seconds(run.durationMs)}" timestamp="${xml(run.startedAt, redact, true)}"`;
  const cases = run.tasks.map((task) => testcase(run, task, redact));
  return [`  <testsuite ${attributes}>`, ...cases, "  </testsuite>"].join("\n");
}

/**
 * A JUnit XML report of the runs, the shape test reporters read (dorny/test-reporter,
 * mikepenz/action-junit-report): a testsuite per run, a testcase per task.
 */
export function renderJunit(runs: readonly RunResult[], secrets: readonly string[]): string {
  const redact = textRedactor(secrets);
  const tasks = runs.flatMap((r) => r.tasks);
  const time = seconds(runs.reduce((sum, r) => sum + r.durationMs, 0));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mgmt" ${counts(tasks)} time="${time}">`,
    ...runs.map((run) => testsuite(run, redact)),
    "</testsuites>",
    "",
  ].join("\n");
}
