import { formatDuration } from "../definition/duration.js";
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
}

/** How one attempt ended. */
type Attempt =
  | { kind: "answer"; status: number; outputs: unknown }
  | { kind: "failed"; status: number | null; error: string; retryable: boolean; retryAfterMs: number | null; timedOut?: boolean }
  | { kind: "cancelled"; error: string };

/** The call contract of SPEC §4 over Node's fetch: attempts, timeouts, waits, redirects. */
export function createHttpCall(options: HttpCallOptions): CallTask {
  const { clock } = options;
  const random = options.random ?? Math.random;
  return async (request: CallRequest): Promise<CallOutcome> => {
    const calls: CallRecord[] = [];
    for (let attempt = 1; ; attempt++) {
      const left = request.deadlineAt === null ? Number.POSITIVE_INFINITY : request.deadlineAt - clock.now();
      if (left <= 0) return { ok: false, error: "timed out (deadline reached)", calls, cancelled: false };
      const timeoutMs = Math.min(request.timeoutMs, left);
      const began = clock.now();
      const result = await attemptOnce(request, attempt, timeoutMs, timeoutMs < request.timeoutMs, clock);
      const error = result.kind === "answer" ? null : result.error;
      const httpStatus = result.kind === "answer" ? result.status : result.kind === "failed" ? result.status : null;
      calls.push({ attempt, httpStatus, durationMs: clock.now() - began, error });
      if (result.kind === "answer") return { ok: true, httpStatus: result.status, outputs: result.outputs, calls };
      if (result.kind === "cancelled") return { ok: false, error: result.error, calls, cancelled: true };
      const retryable = result.retryable || (result.status === 409 && attempt > 1);
      if (!retryable || attempt >= request.retry.attempts) {
        const tries = attempt > 1 ? ` (after ${attempt} attempts)` : "";
        return { ok: false, error: `${result.error}${tries}`, calls, cancelled: false };
      }
      const wait = retryDelay(request.retry, attempt, result.retryAfterMs, random);
      if (result.retryAfterMs !== null && result.retryAfterMs > MAX_RETRY_AFTER_MS) {
        const why = `${result.error}; Retry-After asks to wait ${formatDuration(wait)}, over the ${formatDuration(MAX_RETRY_AFTER_MS)} limit`;
        return { ok: false, error: why, calls, cancelled: false };
      }
      if (request.deadlineAt !== null && clock.now() + wait > request.deadlineAt) {
        const why = `${result.error}; the wait of ${formatDuration(wait)} before attempt ${attempt + 1} would pass the deadline`;
        return { ok: false, error: why, calls, cancelled: false };
      }
      try {
        await clock.sleep(wait, request.signal);
      } catch {
        return { ok: false, error: "cancelled while waiting to retry", calls, cancelled: true };
      }
    }
  };
}

async function attemptOnce(
  request: CallRequest,
  attempt: number,
  timeoutMs: number,
  byDeadline: boolean,
  clock: Clock,
): Promise<Attempt> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([timeout, request.signal]);
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
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel().catch(() => {});
        const next = location ? new URL(location, url) : null;
        const sameOrigin = next !== null && next.origin === new URL(url).origin;
        if ((response.status === 307 || response.status === 308) && sameOrigin && hop < MAX_REDIRECTS) {
          url = (next as URL).href;
          continue;
        }
        const why = !sameOrigin ? "to another origin" : hop >= MAX_REDIRECTS ? "after too many redirects" : "";
        return fail(response.status, `HTTP ${response.status} redirect ${why} is not followed: Location ${location ?? "(none)"}`, false);
      }
      return await readAnswer(response, clock);
    }
  } catch (error) {
    if (request.signal.aborted) return { kind: "cancelled", error: "cancelled" };
    if (timeout.aborted) return timedOut();
    return fail(null, `network error: ${networkCause(error)}`, true);
  }
}

async function readAnswer(response: Response, clock: Clock): Promise<Attempt> {
  const body = await readBody(response);
  if (!body.ok) return fail(response.status, `the answer is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`, false);
  if (response.status < 200 || response.status >= 300) {
    const retryAfter = parseRetryAfter(response.headers.get("retry-after"), clock.now());
    const retryable = RETRYABLE_STATUS.has(response.status);
    return fail(response.status, `HTTP ${response.status}${excerpt(body.text)}`, retryable, retryAfter);
  }
  if (body.text.trim() === "") return { kind: "answer", status: response.status, outputs: null };
  try {
    return { kind: "answer", status: response.status, outputs: JSON.parse(body.text) };
  } catch {
    return fail(response.status, `HTTP ${response.status} with a body that is not JSON${excerpt(body.text)}`, false);
  }
}

function fail(status: number | null, error: string, retryable: boolean, retryAfterMs: number | null = null): Attempt {
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
  if (cause?.code === "UND_ERR_SOCKET") return "the connection closed early (reset or truncated answer)";
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
  return error instanceof Error ? error.message : String(error);
}
