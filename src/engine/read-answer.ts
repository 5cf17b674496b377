import { evaluateValue, type ExpressionContext } from "../expressions/evaluate.js";
import { excerpt } from "../text/excerpt.js";
import { expressionError } from "./decide.js";
import type { PlannedTask } from "./plan.js";

/** An answer as the `response` context shows it. */
export interface Answer {
  status: number;
  /** Names lower-cased. */
  headers: Record<string, string>;
  body: unknown;
}

/** How a mapped answer ends the task. */
export type Read =
  | { status: "success"; outputs: unknown }
  | { status: "rejected"; outputs: unknown; reasons: string[] }
  /** A gate that asks a person to decide. */
  | { status: "waiting"; outputs: unknown; reasons: string[] }
  | { status: "failure"; outputs: unknown; error: string };

/**
 * Reads an answer with the task's mappings: `success-if` (default a 2xx status), `outputs`
 * (default the body) and, for a gate, `approved` and `reasons` (default the body's). An
 * error while evaluating fails the task, naming the field and the expression.
 */
export function readAnswer(
  task: PlannedTask,
  answer: Answer,
  context: ExpressionContext,
  mask: (text: string) => string,
): Read {
  const { successIf, outputs, review, approved, reasons } = task.answer;
  const ok = successIf
    ? evaluate(task, "success-if", successIf, context)
    : { ok: true as const, value: is2xx(answer) };
  if (!ok.ok) return { status: "failure", outputs: null, error: ok.error };
  if (!truthy(ok.value)) {
    const why = successIf ? "success-if is false: " : "";
    return {
      status: "failure",
      outputs: null,
      error: `${why}HTTP ${answer.status}${bodyExcerpt(answer.body, mask)}`,
    };
  }
  const mapped = outputs
    ? evaluate(task, "outputs", outputs, context)
    : { ok: true as const, value: answer.body };
  if (!mapped.ok) return { status: "failure", outputs: null, error: mapped.error };
  if (task.kind !== "layer") return { status: "success", outputs: mapped.value };
  const body = (answer.body ?? {}) as { review?: unknown; approved?: unknown; reasons?: unknown };
  const said = () =>
    reasons ? evaluate(task, "reasons", reasons, context) : { ok: true as const, value: body.reasons ?? [] };
  // A person's review is asked for before any verdict is read: then there is none to read.
  const asked = review
    ? evaluate(task, "review", review, context)
    : { ok: true as const, value: body.review === true };
  if (!asked.ok) return { status: "failure", outputs: mapped.value, error: asked.error };
  if (truthy(asked.value)) {
    const why = said();
    return { status: "waiting", outputs: mapped.value, reasons: why.ok ? (reasonList(why.value) ?? []) : [] };
  }
  const verdict = approved
    ? evaluate(task, "approved", approved, context)
    : { ok: true as const, value: body.approved };
  if (!verdict.ok) return { status: "failure", outputs: mapped.value, error: verdict.error };
  if (typeof verdict.value !== "boolean") {
    return {
      status: "failure",
      outputs: mapped.value,
      error: `approved: expected true or false, got ${describe(verdict.value)}`,
    };
  }
  if (verdict.value) return { status: "success", outputs: mapped.value };
  const why = said();
  if (!why.ok) return { status: "failure", outputs: mapped.value, error: why.error };
  const list = reasonList(why.value);
  if (!list) {
    return {
      status: "failure",
      outputs: mapped.value,
      error: `reasons: expected a string or a list of strings, got ${describe(why.value)}`,
    };
  }
  return { status: "rejected", outputs: mapped.value, reasons: list };
}

/** A string or a list of strings as a list; null for anything else. */
function reasonList(value: unknown): string[] | null {
  const list = typeof value === "string" ? [value] : value;
  return Array.isArray(list) && list.every((reason) => typeof reason === "string")
    ? (list as string[])
    : null;
}

function evaluate(
  task: PlannedTask,
  field: string,
  value: Parameters<typeof evaluateValue>[0],
  context: ExpressionContext,
) {
  const result = evaluateValue(value, context);
  if (result.ok) return { ok: true as const, value: result.value };
  return { ok: false as const, error: expressionError(task, [field, ...result.path], result) };
}

export function is2xx(answer: Pick<Answer, "status">): boolean {
  return answer.status >= 200 && answer.status < 300;
}

/** As an `if` reads a value: false, 0, "" and null are false. */
export function truthy(value: unknown): boolean {
  return value !== false && value !== 0 && value !== "" && value !== null && value !== undefined;
}

/** Secrets are masked before the cut, so that no start of one survives it. */
function bodyExcerpt(body: unknown, mask: (text: string) => string): string {
  if (body === null || body === undefined) return "";
  return excerpt(mask(typeof body === "string" ? body : JSON.stringify(body)));
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? "nothing";
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
