import type { CallOutcome, CallRequest, CallTask } from "../engine/call.js";
import type { Clock } from "../engine/clock.js";
import { attemptSignal, runAttempts, timedOutAttempt, type TryOnce } from "./attempts.js";
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
  const mask = options.mask ?? ((text: string) => text);
  return async (request: CallRequest): Promise<CallOutcome> => {
    const refused = unsendable(request);
    if (refused) return { ok: false, error: refused, calls: [], cancelled: false };
    return runAttempts(request, options, (at) => attemptOnce(request, at, clock, mask));
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

async function attemptOnce(
  request: CallRequest,
  at: Parameters<TryOnce>[0],
  clock: Clock,
  mask: (text: string) => string,
): Promise<Attempt> {
  const { timeoutMs, byDeadline } = at;
  const guard = attemptSignal(clock, timeoutMs, request.signal);
  const { signal } = guard;
  const timedOut = (): Attempt => timedOutAttempt(timeoutMs, byDeadline);
  let url = request.url;
  // fetch upper-cases only some methods (not PATCH); a redirect's rules read it too.
  const method = request.method.toUpperCase();
  try {
    // Set, not spread: an endpoint's `traceparent` or `authorization` in other case is replaced, not doubled.
    const headers = new Headers(request.headers);
    for (const [name, value] of Object.entries(at.headers)) headers.set(name, value);
    for (let hop = 0; ; hop++) {
      const response = await fetch(url, {
        method,
        headers,
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
    if (guard.expired()) return timedOut();
    return fail(null, `network error: ${networkCause(error)}`, true);
  } finally {
    guard.release();
  }
}

/** undici hides the cause (reset, refused, truncated) one level down. */
export function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === "UND_ERR_SOCKET") return "the connection closed before the answer was complete";
  if (cause?.code === "ECONNRESET") return "the connection was reset";
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
  return error instanceof Error ? error.message : String(error);
}
