import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { OTLPTraceExporter as JsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtobufExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { type OtlpReceiver, type OtlpReceiverOptions, startOtlpReceiver } from "./otlp-receiver.js";

// ExportResultCode lives in @opentelemetry/core, which this project does not depend on directly.
const SUCCESS = 0;
const FAILED = 1;

type Exporter = JsonExporter | ProtobufExporter;
type ExporterConfig = NonNullable<ConstructorParameters<typeof ProtobufExporter>[0]>;
// CompressionAlgorithm is an enum of @opentelemetry/otlp-exporter-base, also not a direct dependency.
const GZIP = "gzip" as ExporterConfig["compression"];

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  // Newest first: providers flush into receivers, so they stop before the receivers close.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options?: OtlpReceiverOptions): Promise<OtlpReceiver> {
  const receiver = await startOtlpReceiver(options);
  cleanups.push(() => receiver.close());
  return receiver;
}

function exporterFor(
  Exporter: new (config: ExporterConfig) => Exporter,
  receiver: OtlpReceiver,
  extra: Partial<ExporterConfig> = {},
): Exporter {
  const exporter = new Exporter({ url: `${receiver.url}/v1/traces`, timeoutMillis: 2000, ...extra });
  cleanups.push(() => exporter.shutdown());
  return exporter;
}

/** A provider exporting each span as it ends, and keeping a copy in memory to compare with. */
function providerFor(exporter?: Exporter): { provider: TracerProvider; memory: InMemorySpanExporter } {
  const memory = new InMemorySpanExporter();
  const spanProcessors = [new SimpleSpanProcessor({ exporter: memory })];
  if (exporter) spanProcessors.push(new SimpleSpanProcessor({ exporter }));
  const resource = resourceFromAttributes({ "service.name": "otlp-receiver-test" });
  const provider = new TracerProvider({ resource, spanProcessors });
  cleanups.push(() => provider.shutdown());
  return { provider, memory };
}

/** A SERVER parent with typed attributes and OK status, and an erroring CLIENT child under it. */
function recordParentAndChild(provider: TracerProvider): void {
  const tracer = provider.getTracer("otlp-receiver-test", "1.2.3");
  const parent = tracer.startSpan("run workflow", {
    kind: SpanKind.SERVER,
    attributes: { "mgmt.step": "build", "mgmt.attempt": 3, "mgmt.cached": true, "mgmt.ratio": 0.25 },
  });
  // No context manager is registered, so the parent is handed over in an explicit context.
  const child = tracer.startSpan(
    "call agent",
    { kind: SpanKind.CLIENT, attributes: { "mgmt.tags": ["a", "b"] } },
    trace.setSpan(context.active(), parent),
  );
  child.setStatus({ code: SpanStatusCode.ERROR, message: "gate refused" });
  child.end();
  parent.setStatus({ code: SpanStatusCode.OK });
  parent.end();
}

function nanos(time: ReadableSpan["startTime"]): bigint {
  return BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);
}

function exportOnce(exporter: Exporter, spans: ReadableSpan[]): Promise<{ code: number; error?: Error }> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

const ENCODINGS = [
  { encoding: "protobuf", Exporter: ProtobufExporter, contentType: "application/x-protobuf" },
  { encoding: "JSON", Exporter: JsonExporter, contentType: "application/json" },
] as const;

describe.each(ENCODINGS)("OTLP/HTTP $encoding from the SDK exporter", ({ Exporter, contentType }) => {
  it("receives a parent and a child span with their ids, kinds, times, attributes and status", async () => {
    const receiver = await start();
    const { provider, memory } = providerFor(exporterFor(Exporter, receiver));

    recordParentAndChild(provider);
    await provider.forceFlush();

    expect(receiver.requests).toHaveLength(2);
    for (const request of receiver.requests) {
      expect(request).toMatchObject({ path: "/v1/traces", contentType, status: 200 });
      expect(request.error).toBeUndefined();
      expect(request.headers["content-type"]).toBe(contentType);
      expect(request.resource["service.name"]).toBe("otlp-receiver-test");
    }
    const [child, parent] = receiver.spans();
    const [sentChild, sentParent] = memory.getFinishedSpans();
    expect(parent).toEqual({
      traceId: sentParent!.spanContext().traceId,
      spanId: sentParent!.spanContext().spanId,
      parentSpanId: "",
      name: "run workflow",
      kind: 2, // OTLP's SPAN_KIND_SERVER; the API's SpanKind.SERVER is 1
      startTimeUnixNano: nanos(sentParent!.startTime),
      endTimeUnixNano: nanos(sentParent!.endTime),
      attributes: { "mgmt.step": "build", "mgmt.attempt": 3, "mgmt.cached": true, "mgmt.ratio": 0.25 },
      status: { code: 1, message: "" },
      scope: "otlp-receiver-test",
    });
    expect(child).toMatchObject({
      traceId: parent!.traceId,
      spanId: sentChild!.spanContext().spanId,
      parentSpanId: parent!.spanId,
      name: "call agent",
      kind: 3, // SPAN_KIND_CLIENT
      attributes: { "mgmt.tags": ["a", "b"] },
      status: { code: 2, message: "gate refused" },
    });
    expect(child!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(child!.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(child!.endTimeUnixNano).toBeGreaterThanOrEqual(child!.startTimeUnixNano);
  });

  it("inflates a gzip body, and the exporter accepts the empty response as success", async () => {
    const receiver = await start();
    const { provider, memory } = providerFor();
    recordParentAndChild(provider);

    const result = await exportOnce(
      exporterFor(Exporter, receiver, { compression: GZIP }),
      memory.getFinishedSpans(),
    );

    expect(result.code).toBe(SUCCESS);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.headers["content-encoding"]).toBe("gzip");
    expect(receiver.spans().map((span) => span.name)).toEqual(["call agent", "run workflow"]);
  });

  it("makes the exporter report FAILED when it answers 503", async () => {
    const receiver = await start({ status: 503, body: "overloaded" });
    const { provider, memory } = providerFor();
    recordParentAndChild(provider);

    const result = await exportOnce(exporterFor(Exporter, receiver), memory.getFinishedSpans());

    expect(result.code).toBe(FAILED);
    // 503 is retryable: the exporter tries again while its 2 s timeout allows.
    expect(receiver.requests.length).toBeGreaterThanOrEqual(1);
    expect(receiver.requests.every((request) => request.status === 503)).toBe(true);
  });
});

describe("startOtlpReceiver", () => {
  it("asks a status function once a request, so a retried export can succeed", async () => {
    const statuses = [503, 200];
    const receiver = await start({ status: () => statuses.shift() ?? 200 });
    const { provider, memory } = providerFor();
    recordParentAndChild(provider);

    const result = await exportOnce(exporterFor(ProtobufExporter, receiver), memory.getFinishedSpans());

    expect(result.code).toBe(SUCCESS);
    expect(receiver.requests.map((request) => request.status)).toEqual([503, 200]);
  });

  it("answers with the request's content type and the configured body", async () => {
    const receiver = await start({ status: 400, body: '{"code":3,"message":"no"}' });

    const response = await postJson(receiver, "/v1/traces", { resourceSpans: [] });

    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.text()).toBe('{"code":3,"message":"no"}');
  });

  it("normalizes hand-written OTLP/JSON: upper-case ids, string and number times, any path", async () => {
    const receiver = await start();

    const response = await postJson(receiver, "/custom/traces?x=1", {
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }] },
          scopeSpans: [
            {
              scope: { name: "manual" },
              spans: [
                {
                  traceId: "5B8EFFF798038103D269B633813FC60C",
                  spanId: "EEE19B7EC3C1B174",
                  name: "manual span",
                  startTimeUnixNano: "1544712660000000000",
                  endTimeUnixNano: 1544712661000000000,
                  attributes: [
                    { key: "big", value: { intValue: "9007199254740993" } },
                    { key: "nested", value: { kvlistValue: { values: [{ key: "k", value: {} }] } } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("{}");
    expect(receiver.requests[0]).toMatchObject({
      path: "/custom/traces?x=1",
      resource: { "service.name": "svc" },
    });
    expect(receiver.spans()).toEqual([
      {
        traceId: "5b8efff798038103d269b633813fc60c",
        spanId: "eee19b7ec3c1b174",
        parentSpanId: "",
        name: "manual span",
        kind: 0,
        startTimeUnixNano: 1544712660000000000n,
        endTimeUnixNano: 1544712661000000000n,
        attributes: { big: 9007199254740993n, nested: { k: undefined } },
        status: { code: 0, message: "" },
        scope: "manual",
      },
    ]);
  });

  it("refuses base64 ids, unknown content types and encodings, and methods other than POST", async () => {
    const receiver = await start();
    const base64Ids = {
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: "W47/95gDgQPSabYzgT/GDA==" }] }] }],
    };

    const refused = [
      await postJson(receiver, "/v1/traces", base64Ids),
      await fetch(`${receiver.url}/v1/traces`, {
        method: "POST",
        body: "x",
        headers: { "content-type": "text/plain" },
      }),
      await fetch(`${receiver.url}/v1/traces`, {
        method: "POST",
        body: gzipSync("{}"),
        headers: { "content-type": "application/json", "content-encoding": "br" },
      }),
      await fetch(`${receiver.url}/v1/traces`),
    ];

    expect(refused.map((response) => response.status)).toEqual([400, 415, 415, 405]);
    expect(receiver.requests.map((request) => request.status)).toEqual([400, 415, 415, 405]);
    expect(receiver.requests[0]!.error).toMatch(/traceId must be 32 hex digits/);
    expect(await refused[0]!.json()).toMatchObject({ code: 3 });
  });

  it("refuses a truncated protobuf body with a protobuf Status", async () => {
    const receiver = await start();

    // Field 1 (resource_spans), length 5, but only two bytes follow.
    const response = await fetch(`${receiver.url}/v1/traces`, {
      method: "POST",
      body: new Uint8Array([0x0a, 0x05, 0x01, 0x02]),
      headers: { "content-type": "application/x-protobuf" },
    });

    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/x-protobuf");
    expect(receiver.requests[0]!.error).toMatch(/ends inside a field/);
    // google.rpc.Status starts with field 1 (code) = 3.
    expect([...new Uint8Array(await response.arrayBuffer()).subarray(0, 2)]).toEqual([0x08, 3]);
  });
});

function postJson(receiver: OtlpReceiver, path: string, body: unknown): Promise<Response> {
  return fetch(`${receiver.url}${path}`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
}
