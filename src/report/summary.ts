import { formatDuration } from "../text/duration.js";
import { type RunResult, type TaskResult, worstStatus } from "../engine/result.js";
import { codeBlock, codeSpan, escapeMarkdown, linkTarget } from "./markdown.js";
import { diagramOmission, renderDiagram } from "./mermaid.js";
import { previewJson } from "./preview.js";
import { maskedLine, type Redactor, textRedactor } from "./redact.js";
import { INTEREST, RUN_OUTCOME, shownStatus, STATUS_EMOJI, taskCounts } from "./status.js";
import { PARAMS_CHARS, taskDetails } from "./task-details.js";
import { type Column, columnsOf, STATUS_COLUMN, taskCells } from "./task-row.js";
import { notAGateText, waitingText } from "./task-why.js";
import { tokensText } from "./tokens-text.js";

export interface SummaryOptions {
  /** Masked as `***` wherever they appear. */
  secrets: readonly string[];
  /** The Actions run's page, linked from each section. */
  runUrl?: string | null;
  /** Words after the trigger's name, e.g. "every day at 06:00 UTC" for a schedule. */
  triggerText?: string;
  /** UTF-8 bytes the summary may take; default {@link SUMMARY_MAX_BYTES}. */
  maxBytes?: number;
}

/** GitHub drops a job summary over 1 MiB; the margin leaves room for what the step appends. */
export const SUMMARY_MAX_BYTES = 1024 * 1024 - 16 * 1024;

const OUTPUTS_CHARS = 4000;
/** Below this an output preview says too little to be worth its section. */
const MIN_PREVIEW_CHARS = 200;
const CELL_CHARS = 300;
/** A details section's bytes besides its previews, for sharing the budget out. */
const DETAILS_OVERHEAD = 200;
/** Room kept for the note that says what was left out. */
const NOTE_RESERVE = 600;

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

/** The job summary in GitHub-flavoured markdown: one section per run, within `maxBytes`. */
export function renderSummary(runs: readonly RunResult[], options: SummaryOptions): string {
  const redact = textRedactor(options.secrets);
  const maxBytes = options.maxBytes ?? SUMMARY_MAX_BYTES;
  const parts: string[] = [];
  if (runs.length > 1) {
    const status = worstStatus(runs.map((r) => r.status));
    parts.push(`# ${STATUS_EMOJI[status]} ${RUN_OUTCOME[status]}: ${runs.length} workflows`);
  }
  let used = bytes(parts.join("\n\n"));
  for (const [i, run] of runs.entries()) {
    // Each run gets an equal share of what is left, so what one run leaves unused goes to the next.
    const section = renderRun(run, redact, options, Math.floor((maxBytes - used) / (runs.length - i)) - 2);
    parts.push(section);
    used += bytes(section) + 2;
  }
  return `${parts.join("\n\n")}\n`;
}

function renderRun(run: RunResult, redact: Redactor, options: SummaryOptions, budget: number): string {
  const head = runHead(run, redact, options);
  const omitted = diagramOmission(run.tasks);
  const diagram = omitted ? `> ${omitted}` : renderDiagram(run.tasks, redact);
  const columns = columnsOf(run.tasks);
  const header = `| ${columns.join(" | ")} |\n|${columns.map(() => "---").join("|")}|`;
  let left = budget - bytes(head) - bytes(diagram) - bytes(header) - NOTE_RESERVE;

  const rows = run.tasks.map((task) => () => tableRow(task, redact, columns));
  const keptRows = pickWithin(run.tasks, rows, left);
  left -= keptRows.bytes;

  const shown = run.tasks.filter((t) => t.params !== null || t.outputs !== null);
  const fair = Math.floor(left / Math.max(1, shown.length)) - DETAILS_OVERHEAD;
  const outputChars = Math.max(MIN_PREVIEW_CHARS, Math.min(OUTPUTS_CHARS, fair));
  const shortened = new Set<number>();
  const details = shown.map((task, i) => () => {
    const detail = taskDetails(task, redact, outputChars);
    if (detail.shortened) shortened.add(i);
    return detail.text;
  });
  const keptDetails =
    keptRows.dropped > 0
      ? { texts: [], bytes: 0, dropped: shown.length, kept: [] }
      : pickWithin(shown, details, left);

  const cut = outputChars < OUTPUTS_CHARS && keptDetails.kept.some((i) => shortened.has(i));
  const note = leftOutNote(cut ? outputChars : null, keptDetails.dropped, keptRows.dropped);
  const table = [header, ...keptRows.texts].join("\n");
  const gates = run.tasks.flatMap((task) => notAGateText(task) ?? []);
  const gateNote = gates.length
    ? `> [!WARNING]\n${gates.map((text) => `> ${escapeMarkdown(maskedLine(redact, text))}`).join("\n>\n")}`
    : "";
  return [head, gateNote, note, table, diagram, ...keptDetails.texts].filter((p) => p !== "").join("\n\n");
}

/** The heading, the status line, where the run came from, and its params. */
function runHead(run: RunResult, redact: Redactor, options: SummaryOptions): string {
  const extra = options.triggerText;
  const trigger = extra ? `${run.trigger} — ${extra}` : run.trigger;
  const where = [
    `workflow ${codeSpan(maskedLine(redact, run.workflow))}`,
    `trigger: ${escapeMarkdown(maskedLine(redact, trigger))}`,
    `run ${escapeMarkdown(maskedLine(redact, run.runId))}${run.attempt > 1 ? ` (attempt ${run.attempt})` : ""}`,
  ];
  if (options.runUrl) where.push(`[View the run](${linkTarget(options.runUrl)})`);
  // Hex digits alone, from our own hash: a collector's search box takes it as it is.
  where.push(`trace ${codeSpan(run.traceId)}`);
  const lines = [
    `## ${STATUS_EMOJI[run.status]} ${RUN_OUTCOME[run.status]}: ${escapeMarkdown(maskedLine(redact, run.name || run.workflow))}`,
    `**${taskCounts(run)}** in ${formatDuration(run.durationMs)}${run.usage ? ` · ${tokensText(run.usage)} tokens` : ""}`,
    where.join(" · "),
  ];
  if (run.error) lines.push(`> Stopped early: ${escapeMarkdown(maskedLine(redact, run.error))}`);
  if (run.status === "waiting") lines.push(waitingBlock(run, redact));
  lines.push(`**Params**\n\n${codeBlock(previewJson(run.params, PARAMS_CHARS, redact).text, "json")}`);
  return lines.join("\n\n");
}

/**
 * Who must act on a waiting run, and how: approve the review environment's deployment, which
 * starts the job that resumes the run; each waiting gate with its reasons and what waits for it.
 */
function waitingBlock(run: RunResult, redact: Redactor): string {
  const text = (t: string) => escapeMarkdown(maskedLine(redact, t));
  const deployment = run.reviewEnvironment
    ? `the ${codeSpan(maskedLine(redact, run.reviewEnvironment))} deployment`
    : "the pending deployment";
  const gates = run.tasks.filter(
    (t) => t.status === "waiting" && (t.waitingFor === null || t.waitingFor === t.name),
  );
  const items = gates.map((gate) => {
    const after = run.tasks.filter((t) => t.status === "waiting" && t.waitingFor === gate.name && t !== gate);
    const waits = after.length ? ` — waiting for it: ${after.map((t) => text(t.name)).join(", ")}` : "";
    return `> - **${text(gate.name)}** ${text(waitingText(gate))}${waits}`;
  });
  return [
    "> [!IMPORTANT]",
    `> ${STATUS_EMOJI.waiting} **Waiting for review**: a required reviewer must approve ${deployment} of this run (**Review deployments** on the run's page); the run then resumes from the gate.`,
    ...(items.length ? [">", ...items] : []),
    ">",
    "> Required reviewers need a public repository, or GitHub Enterprise for a private one.",
  ].join("\n");
}

function tableRow(task: TaskResult, redact: Redactor, columns: readonly Column[]): string {
  const cells = taskCells(task, redact, CELL_CHARS, columns).map(escapeMarkdown);
  // A no-break space keeps the emoji with its word when the Detail column squeezes this one.
  cells[STATUS_COLUMN] = `${STATUS_EMOJI[shownStatus(task)]}\u00a0${cells[STATUS_COLUMN]}`;
  return `| ${cells.join(" | ")} |`;
}

interface Picked {
  texts: string[];
  bytes: number;
  dropped: number;
  /** The indexes of the items kept, in order. */
  kept: number[];
}

/**
 * Renders items, what went wrong first, until the next one would pass `budget`; returns
 * them in their original order. Items are rendered only when picked, so what does not fit
 * costs nothing.
 */
function pickWithin(tasks: readonly TaskResult[], render: (() => string)[], budget: number): Picked {
  const order = tasks
    .map((_, i) => i)
    .sort(
      (a, b) =>
        INTEREST[(tasks[a] as TaskResult).status] - INTEREST[(tasks[b] as TaskResult).status] || a - b,
    );
  const kept = new Map<number, string>();
  let used = 0;
  for (const i of order) {
    const text = (render[i] as () => string)();
    const size = bytes(text) + 2;
    if (used + size > budget) break;
    kept.set(i, text);
    used += size;
  }
  const indexes = [...kept.keys()].sort((a, b) => a - b);
  return {
    texts: indexes.map((i) => kept.get(i) as string),
    bytes: used,
    dropped: tasks.length - kept.size,
    kept: indexes,
  };
}

/** Says what the byte limit left out, or nothing when it left nothing out. */
function leftOutNote(outputChars: number | null, droppedDetails: number, droppedRows: number): string {
  const cuts: string[] = [];
  if (outputChars !== null) cuts.push(`each task's outputs are cut to ${outputChars} characters`);
  if (droppedDetails > 0) cuts.push(`the params and outputs of ${droppedDetails} tasks are left out`);
  if (droppedRows > 0) cuts.push(`${droppedRows} table rows are left out, tasks that succeeded first`);
  if (cuts.length === 0) return "";
  return `> [!WARNING]\n> To stay under GitHub's 1 MiB job summary limit, ${cuts.join("; ")}. The results file has everything.`;
}
