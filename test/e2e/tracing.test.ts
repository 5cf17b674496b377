// Tracing through dist/index.js, as the runner runs it: every attempt's traceparent names the
// run's trace (from GITHUB_REPOSITORY and GITHUB_RUN_ID, so a re-run shares it), the trace id is
// an output and in the summary, and with OpenTelemetry's standard variables the spans go to a
// real OTLP/HTTP receiver, whose credentials are never shown; an export that cannot happen is a
// warning, never the run's failure.
import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { traceIdOf } from "../../src/tracing/trace-context.js";
import { type FaultServer, type RecordedRequest, startFaultServer } from "../helpers/fault-server.js";
import { type OtlpReceiver, type OtlpReceiverOptions, startOtlpReceiver } from "../helpers/otlp-receiver.js";
import { type ActionRun, runAction } from "../helpers/run-action.js";
import { sentParent, TRACEPARENT } from "../helpers/traceparent.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const REPOSITORY = "hms/census";
const RUN_ID = "987654321";

const WORKFLOW = `id: Traced
tasks:
  - name: Fetch
    service: Api
    action: fetch
  - name: Flaky
    service: Api
    action: flaky
    retry: { attempts: 3, backoff: 10ms }
  - name: Publish
    service: Api
    action: publish
`;

/** The service: 200 to everything, except a 503 to the first call of /api/flaky. */
async function service(): Promise<FaultServer> {
  const server = await startFaultServer();
  closers.push(() => server.close());
  let flaky = 0;
  server.handle((request) => {
    if (request.path === "/api/flaky" && flaky++ === 0) {
      return { status: 503, headers: { "Retry-After": "0" }, json: { error: "busy" } };
    }
    return { json: { ok: true, path: request.path } };
  });
  return server;
}

async function receiver(options?: OtlpReceiverOptions): Promise<OtlpReceiver> {
  const started = await startOtlpReceiver(options);
  closers.push(() => started.close());
  return started;
}

interface TracedRun extends ActionRun {
  results: string;
}

async function run(server: FaultServer, env: Record<string, string> = {}): Promise<TracedRun> {
  const ran = await runAction({
    event: { name: "workflow_dispatch", payload: { inputs: {} } },
    inputs: { workflow: "workflows/traced.yml" },
    files: {
      "workflows/traced.yml": WORKFLOW,
      "workflows/endpoints.yml": `endpoints:\n  Api:\n    url: "${server.url("/api")}"\n`,
    },
    env: { GITHUB_REPOSITORY: REPOSITORY, GITHUB_RUN_ID: RUN_ID, ...env },
  });
  const file = ran.outputs["results-file"];
  const results = file ? await readFile(file, "utf8") : "";
  return { ...ran, results };
}

/** Each request's traceparent, parsed; fails the test on one without a valid header. */
function traceparents(requests: readonly RecordedRequest[]): Array<{ traceId: string; spanId: string }> {
  return requests.map((request) =>
    sentParent(request.headers.traceparent, `${request.method} ${request.path}`),
  );
}

/** The lines of stdout that are `::warning::` commands. */
const warnings = (ran: ActionRun) => ran.stdout.split("\n").filter((line) => line.startsWith("::warning"));

describe("the run's trace, through dist/index.js", () => {
  it("trace-id is the repository's and run's; every attempt, the retried one too, sends it with a span of its own", async () => {
    const server = await service();
    const ran = await run(server);
    expect(ran.stderr).toBe("");
    expect(ran.exitCode).toBe(0);
    expect(ran.outputs.status).toBe("success");
    const traceId = traceIdOf(REPOSITORY, RUN_ID);
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(ran.outputs["trace-id"]).toBe(traceId);
    // The summary's "where" line ends with it, as a code span.
    const where = ran.summary.split("\n").find((line) => line.startsWith("workflow `Traced`"));
    expect(where).toMatch(new RegExp(`· trace \`${traceId}\`$`));

    expect(server.requests.map((r) => r.path)).toEqual([
      "/api/fetch",
      "/api/flaky",
      "/api/flaky",
      "/api/publish",
    ]);
    const sent = traceparents(server.requests);
    expect(new Set(sent.map((s) => s.traceId))).toEqual(new Set([traceId]));
    expect(new Set(sent.map((s) => s.spanId)).size).toBe(sent.length);

    // The results file names each attempt's span: the ids sent.
    const tasks = JSON.parse(ran.results).runs[0].tasks as Array<{
      name: string;
      calls: Array<{ attempt: number; httpStatus: number; spanId: string }>;
    }>;
    const flaky = tasks.find((t) => t.name === "Flaky");
    expect(flaky?.calls.map((c) => [c.attempt, c.httpStatus])).toEqual([
      [1, 503],
      [2, 200],
    ]);
    expect(tasks.flatMap((t) => t.calls.map((c) => c.spanId))).toEqual(sent.map((s) => s.spanId));
    // Nothing asked for an export: nothing is said about one.
    expect(warnings(ran)).toEqual([]);
  });

  it("a re-run (GITHUB_RUN_ATTEMPT=2) sends the same trace id, with new spans; another run id another trace", async () => {
    const first = await service();
    const again = await service();
    const other = await service();
    const ranFirst = await run(first);
    const ranAgain = await run(again, { GITHUB_RUN_ATTEMPT: "2" });
    const ranOther = await run(other, { GITHUB_RUN_ID: "987654322" });
    for (const ran of [ranFirst, ranAgain, ranOther]) {
      expect(ran.exitCode).toBe(0);
      expect(ran.outputs.status).toBe("success");
    }
    const traceId = traceIdOf(REPOSITORY, RUN_ID);
    expect(ranAgain.outputs["trace-id"]).toBe(traceId);
    expect(ranAgain.summary).toContain(`run ${RUN_ID} (attempt 2)`);
    expect(ranAgain.summary).toContain(`trace \`${traceId}\``);
    const firstSent = traceparents(first.requests);
    const againSent = traceparents(again.requests);
    expect(new Set(againSent.map((s) => s.traceId))).toEqual(new Set([traceId]));
    const firstSpans = new Set(firstSent.map((s) => s.spanId));
    expect(againSent.filter((s) => firstSpans.has(s.spanId))).toEqual([]);

    const otherId = traceIdOf(REPOSITORY, "987654322");
    expect(otherId).not.toBe(traceId);
    expect(ranOther.outputs["trace-id"]).toBe(otherId);
    expect(new Set(traceparents(other.requests).map((s) => s.traceId))).toEqual(new Set([otherId]));
  });
});

describe("spans exported over OTLP/HTTP, through dist/index.js", () => {
  it("protobuf by default: the run, its tasks and each attempt under the trace id, the attempts' ids as sent; the API key never shown", async () => {
    const server = await service();
    const otlp = await receiver();
    const canary = "otlp-key-canary-93b1f0";
    const ran = await run(server, {
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      OTEL_EXPORTER_OTLP_HEADERS: `x-api-key=${canary}`,
    });
    expect(ran.stderr).toBe("");
    expect(ran.exitCode).toBe(0);
    expect(ran.outputs.status).toBe("success");
    expect(warnings(ran)).toEqual([]);
    const traceId = traceIdOf(REPOSITORY, RUN_ID);

    expect(otlp.requests).toHaveLength(1);
    const [request] = otlp.requests;
    expect(request).toMatchObject({ path: "/v1/traces", contentType: "application/x-protobuf", status: 200 });
    expect(request?.error).toBeUndefined();
    expect(request?.headers["x-api-key"]).toBe(canary);
    expect(request?.resource["service.name"]).toBe("mgmt");

    const spans = otlp.spans();
    expect(spans.map((s) => s.traceId)).toEqual(spans.map(() => traceId));
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(spans.length);
    expect(spans.map((s) => s.name).sort()).toEqual(
      [
        "Traced",
        "Fetch",
        "Fetch attempt 1",
        "Flaky",
        "Flaky attempt 1",
        "Flaky attempt 2",
        "Publish",
        "Publish attempt 1",
      ].sort(),
    );
    const named = (name: string) => spans.find((s) => s.name === name) as (typeof spans)[number];
    // The tree: the run's span is the root, each task's is under it, each attempt under its task's.
    const root = named("Traced");
    expect(root.parentSpanId).toBe("");
    for (const task of ["Fetch", "Flaky", "Publish"]) {
      expect(named(task).parentSpanId).toBe(root.spanId);
      for (const attempt of spans.filter((s) => s.name.startsWith(`${task} attempt`))) {
        expect(attempt.parentSpanId).toBe(named(task).spanId);
        expect(attempt.kind).toBe(3); // CLIENT
        expect(attempt.startTimeUnixNano).toBeLessThanOrEqual(attempt.endTimeUnixNano);
      }
    }
    // The attempts' spans are the ones the service was told of, and only they.
    const attempts = spans.filter((s) => / attempt \d+$/.test(s.name));
    expect(new Set(attempts.map((s) => s.spanId))).toEqual(
      new Set(traceparents(server.requests).map((s) => s.spanId)),
    );
    const [, firstFlaky] = server.requests;
    const sentFirst = TRACEPARENT.exec(String(firstFlaky?.headers.traceparent))?.[2];
    expect(named("Flaky attempt 1")).toMatchObject({
      spanId: sentFirst,
      status: { code: 2 },
      attributes: { "http.response.status_code": 503, "mgmt.attempt": 1 },
    });
    expect(named("Flaky attempt 2").attributes["http.response.status_code"]).toBe(200);
    expect(named("Flaky").attributes["mgmt.attempts"]).toBe(2);

    // The key went to the receiver, and nowhere it could be read.
    expect(ran.stdout).toContain(`::add-mask::${canary}`);
    const log = ran.stdout
      .split("\n")
      .filter((line) => line !== `::add-mask::${canary}`)
      .join("\n");
    for (const text of [log, ran.stderr, ran.summary, ran.results, ...Object.values(ran.outputs)]) {
      expect(text).not.toContain(canary);
    }
  });

  it("http/json to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, taken as it is", async () => {
    const server = await service();
    const otlp = await receiver();
    const ran = await run(server, {
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${otlp.url}/custom/traces`,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    });
    expect(ran.exitCode).toBe(0);
    expect(warnings(ran)).toEqual([]);
    expect(otlp.requests.map((r) => [r.path, r.contentType, r.status])).toEqual([
      ["/custom/traces", "application/json", 200],
    ]);
    const traceId = traceIdOf(REPOSITORY, RUN_ID);
    expect(new Set(otlp.spans().map((s) => s.traceId))).toEqual(new Set([traceId]));
    expect(otlp.spans()).toHaveLength(8);
  });

  it("grpc: a warning that says so, nothing sent, and the run's status and exit unchanged", async () => {
    const server = await service();
    const otlp = await receiver();
    const ran = await run(server, {
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
    });
    expect(ran.exitCode).toBe(0);
    expect(ran.outputs.status).toBe("success");
    expect(ran.outputs["trace-id"]).toBe(traceIdOf(REPOSITORY, RUN_ID));
    const said = warnings(ran);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^::warning::traces are not exported: OTEL_EXPORTER_OTLP_PROTOCOL is grpc/);
    expect(said[0]).toContain("http/protobuf");
    // The calls were traced all the same; the receiver heard nothing.
    expect(traceparents(server.requests)).toHaveLength(4);
    expect(otlp.requests).toEqual([]);
  });

  it("a receiver answering 503: a warning naming where (without the URL's password); status and exit unchanged", async () => {
    const server = await service();
    const otlp = await receiver({ status: 503 });
    const password = "otlp-password-canary-4c2e";
    const ran = await run(server, {
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url.replace("http://", `http://mgmt:${password}@`),
      // The SDK retries a 503 with backoff, within its export timeout.
      OTEL_EXPORTER_OTLP_TIMEOUT: "1500",
    });
    expect(ran.stderr).toBe("");
    expect(ran.exitCode).toBe(0);
    expect(ran.outputs.status).toBe("success");
    expect(otlp.requests.length).toBeGreaterThanOrEqual(1);
    expect(otlp.requests.every((r) => r.status === 503)).toBe(true);
    const said = warnings(ran);
    expect(said).toHaveLength(1);
    expect(said[0]?.startsWith(`::warning::the trace was not exported to ${otlp.url}/v1/traces: `)).toBe(
      true,
    );
    for (const text of [ran.stdout, ran.stderr, ran.summary, ran.results, ...Object.values(ran.outputs)]) {
      expect(text).not.toContain(password);
    }
  });

  it("a collector that is not there: a warning, and the run's status and exit unchanged", async () => {
    const server = await service();
    const gone = await startOtlpReceiver();
    await gone.close();
    const ran = await run(server, {
      OTEL_EXPORTER_OTLP_ENDPOINT: gone.url,
      OTEL_EXPORTER_OTLP_TIMEOUT: "1000",
    });
    expect(ran.stderr).toBe("");
    expect(ran.exitCode).toBe(0);
    expect(ran.outputs.status).toBe("success");
    const said = warnings(ran);
    expect(said).toHaveLength(1);
    expect(said[0]?.startsWith(`::warning::the trace was not exported to ${gone.url}/v1/traces: `)).toBe(
      true,
    );
  });

  it("a failed run is exported too, and stays failed with its exit code", async () => {
    const server = await startFaultServer();
    closers.push(() => server.close());
    server.reply({ status: 400, json: { error: "bad request" } });
    const otlp = await receiver({ status: 503 });
    const ran = await run(server, {
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      OTEL_EXPORTER_OTLP_TIMEOUT: "500",
    });
    expect(ran.exitCode).toBe(1);
    expect(ran.outputs.status).toBe("failure");
    expect(warnings(ran).filter((w) => w.includes("the trace was not exported to"))).toHaveLength(1);
    expect(otlp.spans().find((s) => s.name === "Traced")?.status.code).toBe(2);
  });
});
