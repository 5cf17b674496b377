import type { DurationSpec } from "./schema.js";

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Milliseconds of a duration the schema already accepted. */
export function durationMs(spec: DurationSpec): number {
  if (typeof spec === "number") return spec;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(spec);
  if (!match) throw new Error(`not a duration: ${spec}`);
  return Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
}
