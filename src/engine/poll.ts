import { evaluateValue, type ExpressionContext } from "../expressions/evaluate.js";
import { formatDuration } from "../text/duration.js";
import type { CallRequest, CallTask } from "./call.js";
import { expressionError } from "./decide.js";
import type { Clock } from "./clock.js";
import type { PlannedPoll, PlannedTask } from "./plan.js";
import { type Answer, truthy } from "./read-answer.js";
import type { CallRecord } from "./result.js";
import { parseRetryAfter } from "./retry-after.js";

/** Polling with no timeout of its own and no deadline stops after an hour. */
const DEFAULT_POLL_TIMEOUT_MS = 3_600_000;
/** Headers that name an operation's status URL, most specific first. */
const OPERATION_HEADERS = ["operation-location", "azure-asyncoperation"];
const FINAL_STATES = ["succeeded", "failed", "canceled"];

export interface PollInput {
  task: PlannedTask;
  poll: PlannedPoll;
  first: Answer & { url: string };
  /** The endpoint's, the request's and the contract's headers. */
  headers: Record<string, string>;
  contextOf: (answer: Answer) => ExpressionContext;
  call: CallTask;
  clock: Clock;
  signal: AbortSignal;
  /** The task's deadline or the run's, whichever is first, or null. */
  deadlineAt: number | null;
}

export type Polled =
  | { ok: true; answer: Answer; polls: number; calls: CallRecord[] }
  | { ok: false; error: string; polls: number; calls: CallRecord[]; cancelled: boolean };

/**
 * Polls a long-running operation with GET until `until` holds (by default: an
 * Operation-Location status that is final, else a status other than 202), waiting
 * `interval` or the answer's Retry-After between polls. The poll URL must be on the
 * endpoint's origin. Only the first and the last poll's calls are kept.
 */
export async function pollUntilDone(input: PollInput): Promise<Polled> {
  const { poll, clock } = input;
  const started = clock.now();
  const limit =
    poll.timeoutMs ?? (input.deadlineAt === null ? DEFAULT_POLL_TIMEOUT_MS : input.deadlineAt - started);
  const stopAt = Math.min(started + limit, input.deadlineAt ?? Number.POSITIVE_INFINITY);
  const byOperation = OPERATION_HEADERS.some((name) => input.first.headers[name]);
  let answer: Answer & { url: string } = input.first;
  let polls = 0;
  let firstCalls: CallRecord[] = [];
  let lastCalls: CallRecord[] = [];
  const calls = () => [...firstCalls, ...(polls > 1 ? lastCalls : [])];
  for (;;) {
    const done = poll.until
      ? evaluateValue(poll.until, input.contextOf(answer))
      : { ok: true as const, value: defaultDone(answer, byOperation) };
    if (!done.ok) {
      return {
        ok: false,
        error: expressionError(input.task, ["poll", "until", ...done.path], done),
        polls,
        calls: calls(),
        cancelled: false,
      };
    }
    if (truthy(done.value)) return { ok: true, answer, polls, calls: calls() };
    const wait = parseRetryAfter(answer.headers["retry-after"] ?? null, clock.now()) ?? poll.intervalMs;
    // A poll due at the very end would have no time left to answer in.
    if (clock.now() + wait >= stopAt) {
      return {
        ok: false,
        error: `still running after ${formatDuration(stopAt - started)}`,
        polls,
        calls: calls(),
        cancelled: false,
      };
    }
    const target = pollUrl(input, answer);
    if (!target.ok) return { ok: false, error: target.error, polls, calls: calls(), cancelled: false };
    try {
      await clock.sleep(wait, input.signal);
    } catch {
      return { ok: false, error: "cancelled", polls, calls: calls(), cancelled: true };
    }
    const request: CallRequest = {
      method: "GET",
      url: target.url,
      headers: input.headers,
      body: null,
      mode: "response",
      timeoutMs: input.task.timeoutMs,
      retry: input.task.retry,
      deadlineAt: stopAt === Number.POSITIVE_INFINITY ? null : stopAt,
      signal: input.signal,
    };
    const outcome = await input.call(request);
    polls += 1;
    if (polls === 1) firstCalls = outcome.calls;
    else lastCalls = outcome.calls;
    if (!outcome.ok)
      return {
        ok: false,
        error: `poll ${polls}: ${outcome.error}`,
        polls,
        calls: calls(),
        cancelled: outcome.cancelled,
      };
    answer = {
      status: outcome.httpStatus,
      headers: outcome.headers ?? {},
      body: outcome.outputs,
      url: outcome.finalUrl ?? target.url,
    };
  }
}

function defaultDone(answer: Answer, byOperation: boolean): boolean {
  if (!byOperation) return answer.status !== 202;
  const state = (answer.body as { status?: unknown } | null)?.status;
  return typeof state === "string" && FINAL_STATES.includes(state.toLowerCase());
}

/** Where the next poll goes: `poll.url`, else the operation headers, then Location; on the endpoint's origin only. */
function pollUrl(
  input: PollInput,
  answer: Answer & { url: string },
): { ok: true; url: string } | { ok: false; error: string } {
  let given: unknown;
  if (input.poll.url) {
    const value = evaluateValue(input.poll.url, input.contextOf(answer));
    if (!value.ok)
      return { ok: false, error: expressionError(input.task, ["poll", "url", ...value.path], value) };
    given = value.value;
  } else {
    given = [...OPERATION_HEADERS, "location"]
      .map((name) => answer.headers[name] ?? input.first.headers[name])
      .find(Boolean);
  }
  if (typeof given !== "string" || given === "")
    return {
      ok: false,
      error:
        "nothing to poll: the answer names no URL (Operation-Location, Location) and poll.url gives none",
    };
  const url = URL.parse(given, answer.url);
  if (!url || url.origin !== new URL(input.task.url).origin || url.username || url.password) {
    return { ok: false, error: `the poll URL ${given} is not on the endpoint's origin: it is not followed` };
  }
  return { ok: true, url: url.href };
}
