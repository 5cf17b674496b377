import { formatDuration } from "../text/duration.js";
import type { RunEvent } from "../engine/events.js";
import type { RunResult, TaskResult } from "../engine/result.js";
import { maskedLine, type Redactor, textRedactor } from "./redact.js";
import { pollsText, requestAttempts } from "./request-view.js";
import { RUN_OUTCOME, type ShownStatus, shownStatus, taskCounts } from "./status.js";
import { columnsOf, STATUS_COLUMN, taskCells } from "./task-row.js";
import { approvalText, replayText, taskWhy } from "./task-why.js";
import { shorten } from "./text.js";
import { tokensText } from "./tokens-text.js";

export interface TerminalOptions {
  /** ANSI colours; see {@link useColor}. */
  color: boolean;
  secrets: readonly string[];
  /** The `--state` folder, for the line that says how to resume a waiting run; `DIR` when not given. */
  stateDir?: string;
}

/** The Detail column is cut here so a row stays on a line or two of a terminal. */
const DETAIL_CHARS = 160;

const ANSI = { green: 32, red: 31, yellow: 33, cyan: 36, gray: 90, magenta: 35, bold: 1 } as const;
const STATUS_COLOR: Record<ShownStatus, keyof typeof ANSI> = {
  success: "green",
  failure: "red",
  rejected: "yellow",
  waiting: "cyan",
  skipped: "gray",
  cancelled: "magenta",
  replayed: "green",
};
const STATUS_MARK: Record<ShownStatus, string> = {
  success: "✓",
  failure: "✗",
  rejected: "⊘",
  waiting: "⏸",
  skipped: "↷",
  cancelled: "■",
  replayed: "♻",
};

function paint(text: string, style: keyof typeof ANSI, color: boolean): string {
  const close = style === "bold" ? 22 : 39;
  return color && text ? `\x1b[${ANSI[style]}m${text}\x1b[${close}m` : text;
}

/**
 * Whether to colour: `FORCE_COLOR` (anything but `0`/`false`) says yes, and wins over
 * `NO_COLOR` as in Node itself; then a non-empty `NO_COLOR` or `TERM=dumb` says no; else
 * only a terminal gets colour.
 */
export function useColor(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  if (env.NO_COLOR) return false;
  return isTTY && env.TERM !== "dumb";
}

function statusLine(run: RunResult, redact: Redactor, color: boolean): string {
  const tokens = run.usage ? ` · ${tokensText(run.usage)} tokens` : "";
  const stopped = run.error ? ` · stopped: ${maskedLine(redact, run.error)}` : "";
  const outcome = paint(
    `${STATUS_MARK[run.status]} ${RUN_OUTCOME[run.status]}`,
    STATUS_COLOR[run.status],
    color,
  );
  const workflow = paint(maskedLine(redact, run.workflow), "bold", color);
  return `${workflow}: ${outcome} · ${taskCounts(run)} · ${formatDuration(run.durationMs)}${tokens}${stopped}`;
}

/** The run's status line and a table of its tasks, columns aligned (colour codes take no width). */
export function renderTable(run: RunResult, options: TerminalOptions): string {
  const redact = textRedactor(options.secrets);
  const columns = columnsOf(run.tasks);
  const rows = run.tasks.map((task) => taskCells(task, redact, DETAIL_CHARS, columns));
  const widths = columns.map((title, i) =>
    Math.max(title.length, ...rows.map((cells) => (cells[i] as string).length)),
  );
  const line = (cells: readonly string[], style: (text: string, column: number) => string) =>
    cells
      .map((cell, i) => style(i === cells.length - 1 ? cell : cell.padEnd(widths[i] as number), i))
      .join("  ")
      .trimEnd();
  const header = line(columns, (text) => paint(text, "bold", options.color));
  const body = rows.map((cells, r) =>
    line(cells, (text, i) =>
      i === STATUS_COLUMN
        ? paint(text, STATUS_COLOR[shownStatus(run.tasks[r] as TaskResult)], options.color)
        : text,
    ),
  );
  const resume = run.status === "waiting" ? ["", resumeLine(run, options)] : [];
  return [statusLine(run, redact, options.color), "", header, ...body, ...resume].join("\n");
}

/** How a person approves a waiting run from the CLI: the same command, resuming this run in their name. */
function resumeLine(run: RunResult, options: TerminalOptions): string {
  const redact = textRedactor(options.secrets);
  const dir = options.stateDir ? quoted(options.stateDir) : "DIR";
  const command = `mgmt run … --state ${dir} --resume --run-id ${quoted(run.runId)} --approved-by NAME`;
  return maskedLine(
    redact,
    `${STATUS_MARK.waiting} To approve it and resume: ${command} (… as in this command)`,
  );
}

/** A shell word as it is, or single-quoted when it holds anything a shell reads. */
function quoted(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** Tasks finished and in all, per workflow, between its run:start and run:end. */
const tallies = new Map<string, { done: number; total: number }>();

function taskEndLine(result: TaskResult, redact: Redactor, color: boolean): string {
  const tries = requestAttempts(result);
  // A success not called in this attempt (replayed, or a gate approved on resume) took no time.
  const tookNoTime = result.status === "success" && result.startedAt === null;
  const facts = [
    `${tries} attempt${tries === 1 ? "" : "s"}`,
    pollsText(result),
    tookNoTime ? "" : formatDuration(result.durationMs),
    result.usage ? `${tokensText(result.usage)} tokens` : "",
  ];
  const approval = result.review?.approval;
  const notes = [replayText(result), taskWhy(result), approval ? approvalText(approval) : null];
  for (const note of notes) if (note) facts.push(shorten(maskedLine(redact, note), DETAIL_CHARS));
  const shown = shownStatus(result);
  const status = paint(`${STATUS_MARK[shown]} ${shown}`, STATUS_COLOR[shown], color);
  return `${maskedLine(redact, result.name)} ${status} · ${facts.filter(Boolean).join(" · ")}`;
}

/**
 * One line of live progress per event: `[done/total]` before each task's start and end.
 * It counts per workflow from the run's `run:start`, so events of one run must come in
 * order (the engine emits them so); runs of different workflows may interleave.
 */
export function renderProgress(event: RunEvent, options: TerminalOptions): string {
  const redact = textRedactor(options.secrets);
  const workflow = event.type === "run:end" ? event.result.workflow : event.workflow;
  if (event.type === "secrets") {
    const count = event.values.length;
    return `${maskedLine(redact, event.task)}: ${count} secret output${count === 1 ? "" : "s"}, masked from now on`;
  }
  let tally = tallies.get(workflow);
  if (event.type === "run:start" || !tally) {
    tally = { done: 0, total: event.type === "run:start" ? event.tasks : 0 };
    tallies.set(workflow, tally);
  }
  if (event.type === "task:end") tally.done += 1;
  const count = `[${tally.done}/${tally.total}]`;
  switch (event.type) {
    case "run:start":
      return `${paint("▶", "bold", options.color)} ${maskedLine(redact, workflow)}: ${event.tasks} tasks, run ${maskedLine(redact, event.runId)}`;
    case "task:start":
      return `${count} ${maskedLine(redact, event.task)} started`;
    case "task:end":
      return `${count} ${taskEndLine(event.result, redact, options.color)}`;
    case "run:end":
      tallies.delete(workflow);
      return statusLine(event.result, redact, options.color);
  }
}
