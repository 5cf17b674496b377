import { createHash, randomBytes } from "node:crypto";

/**
 * The trace of a run: derived from the repository and the run id, so that every attempt and
 * every job of one GitHub run (and a resume, which keeps the parked run's id) share it,
 * and anyone holding the run's URL can find its trace without reading a log.
 */
export function traceIdOf(repository: string, runId: string): string {
  const id = createHash("sha256").update(`mgmt-trace\n${repository}\n${runId}`).digest("hex").slice(0, 32);
  // All zeros is the one invalid id; a hash lands there with odds of 2^-128, but cheaply ruled out.
  return /^0+$/.test(id) ? "1".padStart(32, "0") : id;
}

/** A span's id: 8 random bytes, never all zeros (the invalid id). */
export function newSpanId(): string {
  for (;;) {
    const id = randomBytes(8).toString("hex");
    if (!/^0+$/.test(id)) return id;
  }
}

/** The W3C `traceparent` of a span: version 00, sampled, so a receiving service records its part. */
export function traceparentOf(traceId: string, spanId: string): string {
  return `00-${traceId}-${spanId}-01`;
}
