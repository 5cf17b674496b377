import { formatDuration } from "../text/duration.js";
import type { CallOutcome, CallRequest, CallTask } from "../engine/call.js";
import type { Clock } from "../engine/clock.js";
import type { CallRecord } from "../engine/result.js";
import { MAX_RETRY_AFTER_MS, parseRetryAfter, retryDelay } from "./backoff.js";
import { MAX_BODY_BYTES, readBody } from "./read-body.js";

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);
const MAX_REDIRECTS = 5;
const EXCERPT_CHARS = 200;

export interface HttpCallOptions {
  clock: Clock;
  /** In [0, 1): the jitter of backoff waits. */
  random?: () => number;
  /** Masks secrets in an answer's text before an excerpt of it is cut, so no part of one survives. */
  mask?: (text: string) => string;
}

/** How one attempt ended. */
type Attempt =
  | { kind: "answer"; status: number; outputs: unknown }
  | {
      kind: "failed";
      status: number | null;
      error: string;
      retryable: boolean;
      retryAfterMs: number | null;
      timedOut?: boolean;
    }
  | { kind: "cancelled"; error: string };

/** The call contract over Node's fetch: POST {url}/{action} with the envelope, attempts, timeouts, waits, same-origin redirects. */
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
      const error = result.kind === "answer" ? null : result.error;
      const httpStatus = result.kind === "cancelled" ? null : result.status;
      calls.push({ attempt, httpStatus, durationMs: clock.now() - began, error });
      if (result.kind === "answer")
        return { ok: true, httpStatus: result.status, outputs: result.outputs, calls };
      if (result.kind === "cancelled") return failed(result.error, true);
      if (result.timedOut && timeoutMs < request.timeoutMs) return outOfTime();
      const retryable = result.retryable || (result.status === 409 && attempt > 1);
      if (!retryable || attempt >= request.retry.attempts) return failed(`${result.error}${tries(attempt)}`);

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
  try {
    for (let hop = 0; ; hop++) {
      const response = await fetch(url, {
        method: "POST",
        headers: { ...request.headers, "X-Mgmt-Attempt": String(attempt) },
        body: request.body,
        redirect: "manual",
        signal,
      });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel().catch(() => {});
        const next = redirectTarget(response, url, hop);
        if (typeof next !== "string") return next;
        url = next;
        continue;
      }
      return await readAnswer(response, clock, mask);
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

/** Where a 3xx leads, when it may be followed: a 307/308 to the same origin, at most MAX_REDIRECTS times. */
function redirectTarget(response: Response, url: string, hop: number): string | Attempt {
  const location = response.headers.get("location");
  const status = response.status;
  const next = location === null ? null : URL.parse(location, url);
  const sameOrigin = next !== null && next.origin === new URL(url).origin;
  const why =
    next === null
      ? "without a usable Location"
      : status !== 307 && status !== 308
        ? "is not followed (only 307 and 308 are)"
        : !sameOrigin
          ? "to another origin is not followed"
          : next.username || next.password
            ? "to a URL with credentials is not followed"
            : hop >= MAX_REDIRECTS
              ? `is one too many (at most ${MAX_REDIRECTS} are followed)`
              : null;
  if (why === null) return (next as URL).href;
  return fail(status, `HTTP ${status} redirect ${why}: Location ${location ?? "(none)"}`, false);
}

async function readAnswer(
  response: Response,
  clock: Clock,
  mask: (text: string) => string,
): Promise<Attempt> {
  const body = await readBody(response);
  if (!body.ok) {
    return fail(
      response.status,
      `HTTP ${response.status} answer is over the ${MAX_BODY_BYTES / 1024 / 1024} MiB limit (decoded)`,
      false,
    );
  }
  if (response.status < 200 || response.status >= 300) {
    const retryAfter = parseRetryAfter(response.headers.get("retry-after"), clock.now());
    const retryable = RETRYABLE_STATUS.has(response.status);
    return fail(response.status, `HTTP ${response.status}${excerpt(mask(body.text))}`, retryable, retryAfter);
  }
  if (body.text.trim() === "") return { kind: "answer", status: response.status, outputs: null };
  try {
    return { kind: "answer", status: response.status, outputs: JSON.parse(body.text) };
  } catch {
    return fail(
      response.status,
      `HTTP ${response.status} with a body that is not JSON${excerpt(mask(body.text))}`,
      false,
    );
  }
}

function fail(
  status: number | null,
  error: string,
  retryable: boolean,
  retryAfterMs: number | null = null,
): Attempt {
  return { kind: "failed", status, error, retryable, retryAfterMs };
}

function excerpt(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (!line) return "";
  return `: ${line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS)}…` : line}`;
}

/** undici hides the cause (reset, refused, truncated) one level down. */
function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === "UND_ERR_SOCKET") return "the connection closed before the answer was complete";
  if (cause?.code === "ECONNRESET") return "the connection was reset";
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
  return error instanceof Error ? error.message : String(error);
}
