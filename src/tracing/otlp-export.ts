import { ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { AlwaysOnSampler, type ReadableSpan, TracerProvider } from "@opentelemetry/sdk-trace";
import type { SpanSpec } from "./span-spec.js";
import { type OtlpTarget, otlpHeaders, otlpTimeoutMs, shownUrl } from "./otlp-target.js";

/** What the exporter's callback hears (ExportResult): code 0 is success; the error may be empty. */
interface Exported {
  code: number;
  error?: Error;
}

/**
 * Exports one trace's spans with OpenTelemetry's own SDK over OTLP/HTTP, once, after the run:
 * its spans are rebuilt from what the run recorded, with the ids its calls already sent in
 * their traceparent. Resolves to the warnings to show (none when all went well); never throws.
 */
export async function exportSpans(
  target: Extract<OtlpTarget, { ok: true }>,
  traceId: string,
  specs: readonly SpanSpec[],
  env: Record<string, string | undefined>,
): Promise<string[]> {
  const where = shownUrl(target.url);
  try {
    const spans = await buildSpans(traceId, specs, env);
    const { OTLPTraceExporter } =
      target.protocol === "http/json"
        ? await import("@opentelemetry/exporter-trace-otlp-http")
        : await import("@opentelemetry/exporter-trace-otlp-proto");
    // Headers and timeout from the env the run was given; compression and certificates the SDK reads itself.
    const timeoutMs = otlpTimeoutMs(env);
    const exporter = new OTLPTraceExporter({
      url: target.url,
      headers: otlpHeaders(env),
      ...(timeoutMs === null ? {} : { timeoutMillis: timeoutMs }),
    });
    const result = await new Promise<Exported>((resolve) => exporter.export(spans, resolve));
    await exporter.shutdown().catch(() => {});
    if (result.code === 0) return [];
    return [`the trace was not exported to ${where}: ${reasonOf(result.error)}`];
  } catch (error) {
    return [`the trace was not exported to ${where}: ${reasonOf(error)}`];
  }
}

/** The SDK may fail with an empty message (a collector's bare 4xx); its HTTP status is then the reason. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message.trim() : String(error ?? "").trim();
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "number") {
    const said = message && !message.includes(String(code)) ? `: ${message}` : "";
    return `the collector answered HTTP ${code}${said}${code === 401 || code === 403 ? " (check OTEL_EXPORTER_OTLP_HEADERS)" : ""}`;
  }
  // The SDK's words for a collector that answered 429, 502, 503 or 504 to every retry.
  if (/retryable status/i.test(message))
    return "the collector stayed busy (HTTP 429, 502, 503 or 504) until the export's time ran out";
  return message || "the exporter gave no reason; check that a collector takes OTLP over HTTP at that URL";
}

/** Starts and ends each span parents first, with the given ids and times, and collects them ended. */
async function buildSpans(
  traceId: string,
  specs: readonly SpanSpec[],
  env: Record<string, string | undefined>,
): Promise<ReadableSpan[]> {
  const ended: ReadableSpan[] = [];
  // The SDK asks its id generator for each span's id as the span starts: it hands out the next one.
  let nextSpanId = "";
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": env["OTEL_SERVICE_NAME"]?.trim() || "mgmt" }),
    sampler: new AlwaysOnSampler(),
    idGenerator: { generateTraceId: () => traceId, generateSpanId: () => nextSpanId },
    spanProcessors: [
      {
        onStart: () => {},
        onEnd: (span) => void ended.push(span),
        forceFlush: async () => {},
        shutdown: async () => {},
      },
    ],
  });
  const tracer = provider.getTracer("mgmt-action");
  const started = new Map<string, Span>();
  for (const spec of specs) {
    nextSpanId = spec.spanId;
    const parent = spec.parentId === null ? undefined : started.get(spec.parentId);
    const context = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
    const kind = spec.kind === "client" ? SpanKind.CLIENT : SpanKind.INTERNAL;
    // Dates, not numbers: the SDK reads a number below the process's start as a performance.now() time.
    const span = tracer.startSpan(
      spec.name,
      { kind, startTime: new Date(spec.start), attributes: spec.attributes },
      context,
    );
    if (spec.error !== null) span.setStatus({ code: SpanStatusCode.ERROR, message: spec.error });
    started.set(spec.spanId, span);
  }
  for (const spec of specs) started.get(spec.spanId)?.end(new Date(spec.end));
  await provider.shutdown();
  return ended;
}
