import type { RunResult } from "../engine/result.js";
import { textRedactor } from "../report/redact.js";
import { otlpHeaderValues, otlpTarget } from "../tracing/otlp-target.js";
import { spansOf } from "./trace-spans.js";

/**
 * Exports the runs' spans when OpenTelemetry's standard variables ask for it; the SDK is loaded
 * only then, so a run without them pays nothing for it. Resolves to warnings in our words,
 * masked: a collector's answer may echo its API key.
 */
export async function exportTraces(
  runs: readonly RunResult[],
  secrets: readonly string[],
  env: Record<string, string | undefined>,
): Promise<string[]> {
  const target = otlpTarget(env);
  if (target === null || runs.length === 0) return [];
  if (!target.ok) return [target.warning];
  const { exportSpans } = await import("../tracing/otlp-export.js");
  const traces = new Map<string, RunResult[]>();
  for (const run of runs) traces.set(run.traceId, [...(traces.get(run.traceId) ?? []), run]);
  const warnings = new Set<string>();
  const redact = textRedactor([...secrets, ...otlpHeaderValues(env)]);
  for (const [traceId, traced] of traces) {
    const specs = traced.flatMap((run) => spansOf(run, redact));
    for (const warning of await exportSpans(target, traceId, specs, env)) warnings.add(redact(warning));
  }
  return [...warnings];
}
