import type { RetryPolicy } from "../engine/plan.js";

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
