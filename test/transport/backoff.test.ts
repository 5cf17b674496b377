import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RetryPolicy } from "../../src/engine/plan.js";
import { parseRetryAfter } from "../../src/engine/retry-after.js";
import { backoffCap, retryDelay } from "../../src/transport/backoff.js";

const RUNS = { numRuns: 2000 };

const policy: fc.Arbitrary<RetryPolicy> = fc.record({
  attempts: fc.integer({ min: 1, max: 100 }),
  backoffMs: fc.integer({ min: 0, max: 3_600_000 }),
  factor: fc.double({ min: 1, max: 10, noNaN: true }),
  maxBackoffMs: fc.integer({ min: 0, max: 3_600_000 }),
});
const attempt = fc.integer({ min: 1, max: 100 });
/** Math.random's range: [0, 1). */
const random = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe("retryDelay", () => {
  it("lies in [0, min(max-backoff, backoff × factor^(n-1))], in whole milliseconds", () => {
    fc.assert(
      fc.property(policy, attempt, random, (p, n, r) => {
        const delay = retryDelay(p, n, null, () => r);
        const cap = Math.min(p.maxBackoffMs, p.backoffMs * p.factor ** (n - 1));
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(cap);
      }),
      RUNS,
    );
  });

  it("reaches the cap's whole milliseconds as random() nears 1", () => {
    fc.assert(
      fc.property(policy, attempt, (p, n) => {
        expect(retryDelay(p, n, null, () => 1 - Number.EPSILON)).toBe(Math.floor(backoffCap(p, n)));
        expect(retryDelay(p, n, null, () => 0)).toBe(0);
      }),
      RUNS,
    );
  });

  it("is exactly Retry-After when one is given", () => {
    fc.assert(
      fc.property(policy, attempt, random, fc.nat(), (p, n, r, retryAfter) => {
        expect(retryDelay(p, n, retryAfter, () => r)).toBe(retryAfter);
      }),
      RUNS,
    );
  });
});

describe("parseRetryAfter", () => {
  const now = Date.UTC(2024, 5, 1, 12, 0, 0);

  it("reads delay-seconds", () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), (seconds) => {
        expect(parseRetryAfter(String(seconds), now)).toBe(seconds * 1000);
        expect(parseRetryAfter(` ${seconds} `, now)).toBe(seconds * 1000);
      }),
      RUNS,
    );
  });

  it("reads the three HTTP-date forms as the time until then, never negative", () => {
    fc.assert(
      fc.property(fc.integer({ min: -86_400, max: 86_400 }), (offsetSeconds) => {
        const at = new Date(now + offsetSeconds * 1000);
        const expected = Math.max(0, offsetSeconds * 1000);
        expect(parseRetryAfter(at.toUTCString(), now)).toBe(expected);
        expect(parseRetryAfter(rfc850(at), now)).toBe(expected);
        expect(parseRetryAfter(asctime(at), now)).toBe(expected);
      }),
      RUNS,
    );
  });

  it.each(["", "soon", "-1", "1.5", "1e3", "0x10", "12abc", "2024-06-01"])(
    "ignores %j, which is neither form",
    (value) => {
      expect(parseRetryAfter(value, now)).toBeNull();
    },
  );

  it("ignores an absent header", () => {
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");
const clock = (d: Date) => `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;

/** `Sunday, 06-Nov-94 08:49:37 GMT` (obsolete, but RFC 9110 says to accept it). */
function rfc850(d: Date): string {
  const day = `${two(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${two(d.getUTCFullYear() % 100)}`;
  return `${DAYS[d.getUTCDay()]}, ${day} ${clock(d)} GMT`;
}

/** `Sun Nov  6 08:49:37 1994` (ANSI C's asctime()). */
function asctime(d: Date): string {
  const day = String(d.getUTCDate()).padStart(2, " ");
  return `${DAYS[d.getUTCDay()]?.slice(0, 3)} ${MONTHS[d.getUTCMonth()]} ${day} ${clock(d)} ${d.getUTCFullYear()}`;
}
