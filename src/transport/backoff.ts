import type { RetryPolicy } from "../engine/plan.js";

/** The longest Retry-After we honour; a longer one fails the task instead of sleeping. */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

/** The cap of the wait after attempt `attempt` (1-based): backoff × factor^(attempt-1), at most max-backoff. */
export function backoffCap(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxBackoffMs, policy.backoffMs * policy.factor ** (attempt - 1));
}

/**
 * The wait before the next attempt: full jitter, uniform in [0, cap], as AWS's "Exponential
 * Backoff and Jitter" recommends; a server's Retry-After, when given, is taken exactly.
 */
export function retryDelay(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | null,
  random: () => number,
): number {
  if (retryAfterMs !== null) return retryAfterMs;
  // Whole milliseconds in [0, cap]: flooring the cap first keeps a fractional cap from being passed.
  return Math.floor(random() * (Math.floor(backoffCap(policy, attempt)) + 1));
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3), in ms from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Every HTTP-date form starts with a day name; Date.parse alone would take "-1" or "1.5" as dates.
  if (!/^[A-Za-z]{3}/.test(text)) return null;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}
