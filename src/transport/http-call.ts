import { formatDuration } from "../text/duration.js";
import type { CallOutcome, CallRequest, CallTask } from "../engine/call.js";
import type { Clock } from "../engine/clock.js";
import type { CallRecord } from "../engine/result.js";
import { MAX_RETRY_AFTER_MS } from "../engine/retry-after.js";
import { retryDelay } from "./backoff.js";
import { type Attempt, fail, readAnswer } from "./read-answer.js";
import { redirectTarget } from "./redirect.js";

export interface HttpCallOptions {
  clock: Clock;
  /** In [0, 1): the jitter of backoff waits. */
  random?: () => number;
  /** Masks secrets in an answer's text before an excerpt of it is cut, so no part of one survives. */
  mask?: (text: string) => string;
}

/**
 * A task's HTTP call over Node's fetch: attempts, timeouts, waits, same-origin redirects. The envelope
 * mode fails any non-2xx; the response mode hands back every final answer, retrying retryable statuses.
 */
export function createHttpCall(options: HttpCallOptions): CallTask {
  const { clock } = options;
  const random = options.random ?? Math.random;
  const mask = options.mask ?? ((text: string) => text);
  return async (request: CallRequest): Promise<CallOutcome> => {
    const calls: CallRecord[] = [];
    const startedAt = clock.now();
    const failed = (error: string, cancelled = false): CallOutcome => ({
      ok: false,
      error,
      calls,
      cancelled,
    });
    // Named by the whole span ("timed out after 2 min"), not the last attempt's share; the call starts a
    // few ms after the deadline's clock did, so the span is rounded to 10 ms to read as the user wrote it.
    const span = Math.round(((request.deadlineAt ?? 0) - startedAt) / 10) * 10;
    const outOfTime = () =>
      failed(`timed out after ${formatDuration(span)}, its deadline${tries(calls.length)}`);
    const refused = unsendable(request);
    if (refused) return failed(refused);
    for (let attempt = 1; ; attempt++) {
      const left = request.deadlineAt === null ? Number.POSITIVE_INFINITY : request.deadlineAt - clock.now();
      if (left <= 0) return outOfTime();
      const timeoutMs = Math.min(request.timeoutMs, left);
      const began = clock.now();
      const result = await attemptOnce(
        request,
        attempt,
        timeoutMs,
        timeoutMs < request.timeoutMs,
        clock,
        mask,
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
  };
}

/** What fetch would refuse before any byte goes out: no attempt could send it, so none is made. */
function unsendable(request: CallRequest): string | null {
  if (!URL.canParse(request.url)) return `the request cannot be sent: "${request.url}" is not a URL`;
  for (const [name, value] of Object.entries(request.headers)) {
    try {
      new Headers([[name, value]]);
    } catch (error) {
      return `the request cannot be sent: header ${name}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  try {
    // Request refuses what fetch would: a forbidden or malformed method, a body on GET or HEAD.
    new Request(request.url, { method: request.method.toUpperCase(), body: request.body });
  } catch (error) {
    return `the request cannot be sent: ${error instanceof Error ? error.message : String(error)}`;
  }
  return null;
}

function tries(attempts: number): string {
  return attempts > 1 ? ` (after ${attempts} attempts)` : "";
}

async function attemptOnce(
  request: CallRequest,
  attempt: number,
  timeoutMs: number,
  byDeadline: boolean,
  clock: Clock,
  mask: (text: string) => string,
): Promise<Attempt> {
  // One controller for the attempt, its timer and listener released when it ends:
  // AbortSignal.timeout keeps its timer (and what the signal reaches) for the whole
  // timeout, and AbortSignal.any ties each attempt to the run's signal, so a long run
  // held every finished attempt's request for 30 s. The timer runs until the body is read.
  const controller = new AbortController();
  let expired = false;
  const cancelTimer = clock.setTimer(timeoutMs, () => {
    expired = true;
    controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, "TimeoutError"));
  });
  const onCancel = () => controller.abort(request.signal.reason);
  if (request.signal.aborted) onCancel();
  else request.signal.addEventListener("abort", onCancel, { once: true });
  const { signal } = controller;
  const timedOut = (): Attempt => ({
    kind: "failed",
    status: null,
    error: `timed out after ${formatDuration(timeoutMs)}${byDeadline ? " (deadline)" : ""}`,
    retryable: true,
    retryAfterMs: null,
    timedOut: true,
  });
  let url = request.url;
  // fetch upper-cases only some methods (not PATCH); a redirect's rules read it too.
  const method = request.method.toUpperCase();
  try {
    for (let hop = 0; ; hop++) {
      const response = await fetch(url, {
        method,
        headers: { ...request.headers, "X-Mgmt-Attempt": String(attempt) },
        body: request.body,
        redirect: "manual",
        signal,
      });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel().catch(() => {});
        const next = redirectTarget(response, url, method, hop);
        if (typeof next !== "string") return next;
        url = next;
        continue;
      }
      return await readAnswer(response, { mode: request.mode, now: clock.now(), mask });
    }
  } catch (error) {
    if (request.signal.aborted) return { kind: "cancelled", error: "cancelled" };
    if (expired) return timedOut();
    return fail(null, `network error: ${networkCause(error)}`, true);
  } finally {
    cancelTimer();
    request.signal.removeEventListener("abort", onCancel);
  }
}

/** undici hides the cause (reset, refused, truncated) one level down. */
function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === "UND_ERR_SOCKET") return "the connection closed before the answer was complete";
  if (cause?.code === "ECONNRESET") return "the connection was reset";
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
  return error instanceof Error ? error.message : String(error);
}
