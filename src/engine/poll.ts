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
  /** The task's span: polls after the first send it as their parent, as their records are not all kept. */
  taskSpan?: string | null;
}

export type Polled =
  | { ok: true; answer: Answer; polls: number; calls: CallRecord[] }
  | { ok: false; error: string; polls: number; calls: CallRecord[]; cancelled: boolean };

/** What any poll loop needs: the first answer, when it is done, and what to send next. */
export interface PollLoop {
  task: PlannedTask;
  first: Answer & { url: string };
  intervalMs: number;
  /** Null: the deadline, else one hour. */
  timeoutMs: number | null;
  done: (answer: Answer) => { ok: true; value: boolean } | { ok: false; error: string };
  /** The next poll's call, or why there can be none. */
  next: (
    answer: Answer & { url: string },
  ) =>
    | { ok: true; request: Pick<CallRequest, "method" | "url" | "headers" | "body"> }
    | { ok: false; error: string };
  call: CallTask;
  clock: Clock;
  signal: AbortSignal;
  deadlineAt: number | null;
  taskSpan?: string | null;
}

/**
 * Polls a long-running operation with GET until `until` holds (by default: an
 * Operation-Location status that is final, else a status other than 202), waiting
 * `interval` or the answer's Retry-After between polls. The poll URL must be on the
 * endpoint's origin.
 */
export function pollUntilDone(input: PollInput): Promise<Polled> {
  const { poll } = input;
  const byOperation = OPERATION_HEADERS.some((name) => input.first.headers[name]);
  return pollLoop({
    ...input,
    intervalMs: poll.intervalMs,
    timeoutMs: poll.timeoutMs,
    done: (answer) => {
      if (!poll.until) return { ok: true, value: defaultDone(answer, byOperation) };
      const done = evaluateValue(poll.until, input.contextOf(answer));
      if (!done.ok)
        return { ok: false, error: expressionError(input.task, ["poll", "until", ...done.path], done) };
      return { ok: true, value: truthy(done.value) };
    },
    next: (answer) => {
      const target = pollUrl(input, answer);
      if (!target.ok) return target;
      return { ok: true, request: { method: "GET", url: target.url, headers: input.headers, body: null } };
    },
  });
}

/**
 * Waits and polls until `done` says so, within the timeout and the deadline: the interval,
 * or the answer's Retry-After, between polls; each poll has the task's timeout and retry
 * policy. Only the first and the last poll's calls are kept.
 */
export async function pollLoop(input: PollLoop): Promise<Polled> {
  const { clock } = input;
  const started = clock.now();
  const limit =
    input.timeoutMs ?? (input.deadlineAt === null ? DEFAULT_POLL_TIMEOUT_MS : input.deadlineAt - started);
  const stopAt = Math.min(started + limit, input.deadlineAt ?? Number.POSITIVE_INFINITY);
  let answer: Answer & { url: string } = input.first;
  let polls = 0;
  let firstCalls: CallRecord[] = [];
  let lastCalls: CallRecord[] = [];
  const calls = () => [...firstCalls, ...(polls > 1 ? lastCalls : [])];
  const failed = (error: string, cancelled = false): Polled => ({
    ok: false,
    error,
    polls,
    calls: calls(),
    cancelled,
  });
  for (;;) {
    const done = input.done(answer);
    if (!done.ok) return failed(done.error);
    if (done.value) return { ok: true, answer, polls, calls: calls() };
    const wait = parseRetryAfter(answer.headers["retry-after"] ?? null, clock.now()) ?? input.intervalMs;
    // A poll due at the very end would have no time left to answer in.
    if (clock.now() + wait >= stopAt)
      return failed(`still running after ${formatDuration(stopAt - started)}`);
    const next = input.next(answer);
    if (!next.ok) return failed(next.error);
    try {
      await clock.sleep(wait, input.signal);
    } catch {
      return failed("cancelled", true);
    }
    const outcome = await input.call({
      ...next.request,
      mode: "response",
      timeoutMs: input.task.timeoutMs,
      retry: input.task.retry,
      deadlineAt: stopAt === Number.POSITIVE_INFINITY ? null : stopAt,
      signal: input.signal,
      ...(polls >= 1 && input.taskSpan ? { asSpan: input.taskSpan } : {}),
    });
    polls += 1;
    if (polls === 1) firstCalls = outcome.calls;
    else lastCalls = outcome.calls;
    if (!outcome.ok) return failed(`poll ${polls}: ${outcome.error}`, outcome.cancelled);
    answer = {
      status: outcome.httpStatus,
      headers: outcome.headers ?? {},
      body: outcome.outputs,
      url: outcome.finalUrl ?? next.request.url,
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
