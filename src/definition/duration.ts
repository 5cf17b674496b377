const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** `250ms`, `10s`, `5m`, `1h`, or a fraction of one: what a duration's text may be. */
export const DURATION_TEXT = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

/** The longest wait a timer holds (2^31-1 ms, about 24.8 days); Node fires a longer one at once. */
export const MAX_DURATION_MS = 2 ** 31 - 1;

/** Milliseconds of a duration the schema already accepted. */
export function durationMs(spec: number | string): number {
  if (typeof spec === "number") return spec;
  const match = DURATION_TEXT.exec(spec);
  if (!match) throw new Error(`not a duration: ${spec}`);
  return Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
}
