import { formatDuration } from "../text/duration.js";
import { newSpanId, traceparentOf } from "../tracing/trace-context.js";
import type { AttemptExtras, CallOutcome, CallRequest } from "../engine/call.js";
import type { Clock } from "../engine/clock.js";
import type { CallRecord } from "../engine/result.js";
import { MAX_RETRY_AFTER_MS } from "../engine/retry-after.js";
import { retryDelay } from "./backoff.js";
import { type Attempt, fail } from "./read-answer.js";

export interface AttemptOptions {
  clock: Clock;
  /** In [0, 1): the jitter of backoff waits. */
  random?: () => number;
  /** A new span id per traced attempt; default 8 random bytes. */
  spanId?: () => string;
}

/**
 * One attempt, bounded by `timeoutMs` (shortened by the deadline when `byDeadline`), sending
 * `headers` beside the request's own: the attempt's number, its traceparent and Authorization.
 */
export type TryOnce = (at: {
  attempt: number;
  timeoutMs: number;
  byDeadline: boolean;
  headers: Record<string, string>;
}) => Promise<Attempt>;

/**
 * Makes attempts until one is handed back or none may follow: a retryable failure (or a
 * retryable status, or a 409 on a retry) waits its backoff or Retry-After and tries again,
 * within the attempts, the deadline and the Retry-After limit. Every attempt is recorded.
 */
export async function runAttempts(
  request: Pick<CallRequest, "retry" | "timeoutMs" | "deadlineAt" | "signal"> & AttemptExtras,
  options: AttemptOptions,
  tryOnce: TryOnce,
): Promise<CallOutcome> {
  const { clock } = options;
  const random = options.random ?? Math.random;
  const calls: CallRecord[] = [];
  const startedAt = clock.now();
  const failed = (error: string, cancelled = false): CallOutcome => ({ ok: false, error, calls, cancelled });
  // Named by the whole span ("timed out after 2 min"), not the last attempt's share; the call starts a
  // few ms after the deadline's clock did, so the span is rounded to 10 ms to read as the user wrote it.
  const span = Math.round(((request.deadlineAt ?? 0) - startedAt) / 10) * 10;
  const outOfTime = () =>
    failed(`timed out after ${formatDuration(span)}, its deadline${tries(calls.length)}`);
  for (let attempt = 1; ; attempt++) {
    const left = request.deadlineAt === null ? Number.POSITIVE_INFINITY : request.deadlineAt - clock.now();
    if (left <= 0) return outOfTime();
    const timeoutMs = Math.min(request.timeoutMs, left);
    const began = clock.now();
    const spanId = request.traceId && !request.asSpan ? (options.spanId ?? newSpanId)() : null;
    const result = await withExtras(request, attempt, spanId ?? request.asSpan ?? null, (headers) =>
      tryOnce({ attempt, timeoutMs, byDeadline: timeoutMs < request.timeoutMs, headers }),
    );
    const retryable =
      result.kind !== "cancelled" && (result.retryable || (result.status === 409 && attempt > 1));
    const last = attempt >= request.retry.attempts;
    // An answer is handed back unless its status asks for another attempt and one remains.
    const handedBack = result.kind === "answer" && (!retryable || last);
    const httpStatus = result.kind === "cancelled" ? null : result.status;
    calls.push({
      attempt,
      httpStatus,
      durationMs: clock.now() - began,
      error: handedBack ? null : result.error,
      ...(spanId ? { spanId, startedAt: new Date(began).toISOString() } : {}),
    });
    if (result.kind === "answer" && handedBack) {
      const { status, outputs, headers, url } = result;
      return { ok: true, httpStatus: status, outputs, calls, headers, finalUrl: url };
    }
    if (result.kind === "cancelled") return failed(result.error, true);
    if (result.kind === "failed" && result.timedOut && timeoutMs < request.timeoutMs) return outOfTime();
    if (!retryable || last) return failed(`${result.error}${tries(attempt)}`);

    const wait = retryDelay(request.retry, attempt, result.retryAfterMs, random);
    if (result.retryAfterMs !== null && result.retryAfterMs > MAX_RETRY_AFTER_MS) {
      return failed(
        `${result.error}; Retry-After asks to wait ${formatDuration(wait)}, over the ${formatDuration(MAX_RETRY_AFTER_MS)} limit`,
      );
    }
    if (request.deadlineAt !== null && clock.now() + wait > request.deadlineAt) {
      return failed(
        `${result.error}; the wait of ${formatDuration(wait)} before attempt ${attempt + 1} would pass the deadline`,
      );
    }
    try {
      await clock.sleep(wait, request.signal);
    } catch {
      return failed("cancelled while waiting to retry", true);
    }
  }
}

/**
 * The attempt's own headers: its number, its span's traceparent, and the Authorization asked
 * for just before it (a token may have expired since the last); a refusal is the attempt's
 * failure, not retried.
 */
async function withExtras(
  request: AttemptExtras,
  attempt: number,
  spanId: string | null,
  tryOnce: (headers: Record<string, string>) => Promise<Attempt>,
): Promise<Attempt> {
  const authorization = request.authorize ? await request.authorize() : null;
  if (authorization && !authorization.ok) return fail(null, authorization.error, false);
  return tryOnce({
    "X-Mgmt-Attempt": String(attempt),
    ...(request.traceId && spanId ? { traceparent: traceparentOf(request.traceId, spanId) } : {}),
    ...(authorization ? { Authorization: authorization.value } : {}),
  });
}

function tries(attempts: number): string {
  return attempts > 1 ? ` (after ${attempts} attempts)` : "";
}

export interface AttemptSignal {
  signal: AbortSignal;
  /** Whether the timeout (not a cancellation) aborted it. */
  expired(): boolean;
  release(): void;
}

/**
 * One controller for an attempt, aborted by its timeout or by the run's cancellation, its
 * timer and listener released when the attempt ends: AbortSignal.timeout keeps its timer
 * (and what the signal reaches) for the whole timeout, and AbortSignal.any ties each
 * attempt to the run's signal, so a long run held every finished attempt's request for 30 s.
 */
export function attemptSignal(clock: Clock, timeoutMs: number, cancel: AbortSignal): AttemptSignal {
  const controller = new AbortController();
  let expired = false;
  const cancelTimer = clock.setTimer(timeoutMs, () => {
    expired = true;
    controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, "TimeoutError"));
  });
  const onCancel = () => controller.abort(cancel.reason);
  if (cancel.aborted) onCancel();
  else cancel.addEventListener("abort", onCancel, { once: true });
  return {
    signal: controller.signal,
    expired: () => expired,
    release: () => {
      cancelTimer();
      cancel.removeEventListener("abort", onCancel);
    },
  };
}

/** An attempt that ran out of its time, retryable as any timeout. */
export function timedOutAttempt(timeoutMs: number, byDeadline: boolean): Attempt {
  return {
    kind: "failed",
    status: null,
    error: `timed out after ${formatDuration(timeoutMs)}${byDeadline ? " (deadline)" : ""}`,
    retryable: true,
    retryAfterMs: null,
    timedOut: true,
  };
}
