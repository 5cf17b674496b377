import { type ExpressionContext, evaluateValue } from "../expressions/evaluate.js";
import type { CompiledValue } from "../expressions/compile.js";
import { excerpt } from "../text/excerpt.js";
import { contractHeaders, envelopeOf } from "./build-request.js";
import type { CallOutcome, CallRequest } from "./call.js";
import { expressionError } from "./decide.js";
import type { PlannedAgent, PlannedTask } from "./plan.js";
import type { PreparedRun } from "./prepare.js";
import type { Answer } from "./read-answer.js";
import type { CallRecord, TokenUsage } from "./result.js";
import type { RunDeps } from "./run-deps.js";
import type { AgentOutcome } from "./agent-outcome.js";

export type { AgentOutcome } from "./agent-outcome.js";

/** One task's call to an agent: what it sends, and what the run gives it. */
export interface AgentCall {
  task: PlannedTask;
  agent: PlannedAgent;
  prepared: PreparedRun;
  envelope: ReturnType<typeof envelopeOf>;
  /** The run's params merged with the task's `with`: an MCP tool's default arguments. */
  params: Record<string, unknown>;
  /** What `prompt`, `instructions` and `arguments` read. */
  context: ExpressionContext;
  deps: RunDeps;
  signal: AbortSignal;
  deadlineAt: number | null;
  /** The task's span in the run's trace, or null: calls whose records are not kept send it. */
  taskSpan: string | null;
}

export function agentFailure(
  error: string,
  calls: CallRecord[] = [],
  more: Partial<Extract<AgentOutcome, { ok: false }>> = {},
): AgentOutcome {
  return {
    ok: false,
    error,
    cancelled: false,
    calls,
    attempts: calls.length,
    polls: 0,
    usage: null,
    ...more,
  };
}

/** A failed HTTP call, as the agent's outcome: cancelled stays cancelled. */
export function callFailure(outcome: Extract<CallOutcome, { ok: false }>, what = ""): AgentOutcome {
  return agentFailure(`${what}${outcome.error}`, outcome.calls, { cancelled: outcome.cancelled });
}

/** The headers of every agent call: JSON in and out, the contract's, then the endpoint's. */
export function agentHeaders(call: AgentCall): Record<string, string> {
  return {
    "Content-Type": "application/json",
    Accept: "application/json",
    ...contractHeaders(call.task, call.prepared),
    ...call.prepared.headers[call.task.target],
  };
}

/** The parts of a call every agent request shares: its limits and its cancellation. */
export function callLimits(
  call: AgentCall,
): Pick<CallRequest, "timeoutMs" | "retry" | "deadlineAt" | "signal"> {
  return {
    timeoutMs: call.task.timeoutMs,
    retry: call.task.retry,
    deadlineAt: call.deadlineAt,
    signal: call.signal,
  };
}

/** An agent field's value, or the error naming the task, the field and the expression. */
export function agentValue(
  call: AgentCall,
  field: "prompt" | "instructions" | "arguments",
  value: CompiledValue | null,
): { ok: true; value: unknown } | { ok: false; error: string } {
  if (value === null) return { ok: true, value: null };
  const evaluated = evaluateValue(value, call.context);
  if (evaluated.ok) return { ok: true, value: evaluated.value };
  return { ok: false, error: expressionError(call.task, [field, ...evaluated.path], evaluated) };
}

/** A non-2xx answer in words: its status, and the server's own message when it gave one. */
export function refusal(answer: Answer, mask: (text: string) => string): string {
  const said = (answer.body as { error?: { message?: unknown } } | null)?.error?.message;
  const text =
    typeof said === "string"
      ? said
      : typeof answer.body === "string"
        ? answer.body
        : JSON.stringify(answer.body ?? null);
  return `HTTP ${answer.status}${excerpt(mask(text))}`;
}

/**
 * What an answer's parts give as outputs: the first data part, else a text part that
 * parses as JSON, else the text, else null.
 */
export function outputsOfParts(parts: ReadonlyArray<{ text?: string; data?: unknown }>): unknown {
  const data = parts.find((part) => part.data !== undefined);
  if (data) return data.data;
  const texts = parts.flatMap((part) => (typeof part.text === "string" ? [part.text] : []));
  for (const text of texts) {
    const parsed = parseJson(text);
    if (parsed.ok) return parsed.value;
  }
  return texts.length ? texts.join("\n") : null;
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Token counts as agents report them: OpenAI's `prompt_tokens` / `completion_tokens`,
 * `input_tokens` / `output_tokens` (Anthropic, and the usual A2A and MCP metadata), their
 * camel-case forms, or `input` / `output`. Null when none is there.
 */
export function usageOf(value: unknown): TokenUsage | null {
  if (value === null || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  const count = (...names: string[]) => {
    const found = names
      .map((name) => v[name])
      .find((n) => typeof n === "number" && Number.isFinite(n) && n >= 0);
    return found === undefined ? null : Math.round(found as number);
  };
  const input = count("prompt_tokens", "input_tokens", "promptTokens", "inputTokens", "input");
  const output = count("completion_tokens", "output_tokens", "completionTokens", "outputTokens", "output");
  return input === null && output === null ? null : { input: input ?? 0, output: output ?? 0 };
}
