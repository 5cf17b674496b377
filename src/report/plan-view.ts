import { formatDuration } from "../text/duration.js";
import { type PlannedTask, planWaves, type RetryPolicy, type WorkflowPlan } from "../engine/plan.js";
import { codeSpan, escapeMarkdown } from "./markdown.js";
import { oneLine, shorten } from "./text.js";

const COLUMNS = ["Task", "Kind", "Target", "URL", "Needs", "If", "Timeout", "Retry"];
/** A param's value is cut here: the view is for checking a plan, not for reading data. */
const VALUE_CHARS = 200;
/** Past this many rows a job summary would near GitHub's 1 MiB limit; the waves still name every task. */
const MARKDOWN_ROWS = 1000;

/**
 * The dry-run view of a workflow: what would be called, with which settings, in which
 * order. `params` are the run's as far as they are known before any call. Markdown for the
 * job summary, aligned plain text for a terminal. Callers mask secrets in the result.
 */
export function renderPlan(
  plan: WorkflowPlan,
  params: Record<string, unknown>,
  options: { markdown: boolean },
): string {
  const rows = plan.tasks.map(taskCells);
  const waves = planWaves(plan.tasks);
  return options.markdown ? markdownView(plan, params, rows, waves) : textView(plan, params, rows, waves);
}

function taskCells(task: PlannedTask): string[] {
  const name = task.continueOnError ? `${task.name} (continue-on-error)` : task.name;
  const deadline = task.deadlineMs === null ? "" : `, deadline ${formatDuration(task.deadlineMs)}`;
  return [
    name,
    task.kind,
    task.target,
    urlText(task),
    task.needs.join(", ") || "—",
    conditionText(task),
    `${formatDuration(task.timeoutMs)}${deadline}`,
    retryText(task.retry),
  ];
}

/** Where the task goes: the envelope's URL, or a request's method and URL, its path as written. */
function urlText(task: PlannedTask): string {
  if (!task.request) return task.url;
  const path = task.request.path.map((part) => (typeof part === "string" ? part : `\${{ ${part.source} }}`));
  return `${task.request.method} ${task.url}/${path.join("")}`;
}

/** The default `success()` says nothing a reader needs; any other condition is shown as written. */
function conditionText(task: PlannedTask): string {
  const source = task.condition.source.trim();
  return source.replace(/\s/g, "").toLowerCase() === "success()" ? "—" : oneLine(source);
}

function retryText(retry: RetryPolicy): string {
  if (retry.attempts <= 1) return "no";
  const backoff = `backoff ${formatDuration(retry.backoffMs)} ×${retry.factor}, max ${formatDuration(retry.maxBackoffMs)}`;
  return `${retry.attempts} attempts (${backoff})`;
}

function facts(plan: WorkflowPlan): string[] {
  const count = `${plan.tasks.length} task${plan.tasks.length === 1 ? "" : "s"}`;
  const timeout = plan.timeoutMs === null ? "none" : formatDuration(plan.timeoutMs);
  return [count, `concurrency ${plan.concurrency}`, `run timeout ${timeout}`, `on: ${triggerText(plan)}`];
}

function triggerText(plan: WorkflowPlan): string {
  const { schedule, dispatch, repository_dispatch: repository } = plan.triggers;
  const parts = (schedule ?? []).map((s) => `schedule ${s.cron}`);
  if (dispatch !== undefined) parts.push("workflow_dispatch");
  if (repository !== undefined) {
    const types = repository?.types?.length ? ` (${repository.types.join(", ")})` : "";
    parts.push(`repository_dispatch${types}`);
  }
  return parts.join(", ") || "none declared";
}

function valueText(value: unknown): string {
  return shorten(oneLine(JSON.stringify(value) ?? "null"), VALUE_CHARS);
}

function markdownView(
  plan: WorkflowPlan,
  params: Record<string, unknown>,
  rows: string[][],
  waves: string[][],
): string {
  const title =
    plan.name === plan.id ? codeSpan(plan.id) : `${escapeMarkdown(plan.name)} (${codeSpan(plan.id)})`;
  const lines = [`## Plan: ${title}`, ""];
  if (plan.description) lines.push(escapeMarkdown(plan.description), "");
  lines.push(
    `Dry run: nothing is called. ${codeSpan(plan.file)} · ${facts(plan).map(escapeMarkdown).join(" · ")}`,
    "",
  );
  const entries = Object.entries(params);
  if (entries.length > 0) {
    lines.push("| Param | Value |", "|---|---|");
    for (const [key, value] of entries) lines.push(`| ${cellCode(key)} | ${cellCode(valueText(value))} |`);
    lines.push("");
  }
  lines.push(`| ${COLUMNS.join(" | ")} |`, `|${COLUMNS.map(() => "---").join("|")}|`);
  for (const cells of rows.slice(0, MARKDOWN_ROWS))
    lines.push(`| ${cells.map(escapeMarkdown).join(" | ")} |`);
  if (rows.length > MARKDOWN_ROWS)
    lines.push("", `> ${rows.length - MARKDOWN_ROWS} more tasks are left out of this table.`);
  lines.push(
    "",
    `**Order**, in waves: a wave needs only earlier ones; at most ${plan.concurrency} tasks run at once.`,
    "",
  );
  for (const [i, wave] of waves.entries()) lines.push(`${i + 1}. ${wave.map(escapeMarkdown).join(", ")}`);
  return lines.join("\n");
}

function textView(
  plan: WorkflowPlan,
  params: Record<string, unknown>,
  rows: string[][],
  waves: string[][],
): string {
  const title = plan.name === plan.id ? plan.id : `${plan.name} (${plan.id})`;
  const lines = [`Plan: ${oneLine(title)} — ${plan.file}`];
  if (plan.description) lines.push(`  ${oneLine(plan.description)}`);
  lines.push(`Dry run: nothing is called. ${facts(plan).join(" · ")}`);
  const entries = Object.entries(params);
  if (entries.length > 0) {
    lines.push("", "Params:");
    for (const [key, value] of entries) lines.push(`  ${oneLine(key)} = ${valueText(value)}`);
  }
  lines.push("", ...aligned([COLUMNS, ...rows.map((cells) => cells.map(oneLine))]));
  lines.push("", `Order, in waves (at most ${plan.concurrency} tasks at once):`);
  for (const [i, wave] of waves.entries()) lines.push(`  ${i + 1}. ${wave.join(", ")}`);
  return lines.join("\n");
}

/** Inline code in a table cell: GFM splits cells at `|` even inside code, unless escaped. */
function cellCode(text: string): string {
  return codeSpan(text).replace(/\|/g, "\\|");
}

/** Rows with each column padded to its widest cell. */
function aligned(rows: string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((cells) => (cells[i] ?? "").length)));
  return rows.map((cells) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}
