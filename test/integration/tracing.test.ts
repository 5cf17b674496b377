// A run's trace end to end, over real sockets: a service that records the traceparent of each
// request, and an OTLP/HTTP receiver that decodes what OpenTelemetry's own exporter sends at the
// end of the run. What a user checks in their tracing backend: one trace per run, found by the
// run's trace id; the run, its tasks and each attempt as spans, the attempts being the very
// parents the service saw (a long-running operation's later polls naming their task's span);
// failures marked; no secret anywhere; the collector's headers and time limit taken from the
// run's own env; and an export that can fail without changing the run, saying why.
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EndpointMap } from "../../src/definition/schema.js";
import type { RunResult, TaskResult } from "../../src/engine/result.js";
import { runPipeline } from "../../src/pipeline/pipeline.js";
import { traceIdOf } from "../../src/tracing/trace-context.js";
import {
  type FaultServer,
  type RecordedRequest,
  type Reply,
  startFaultServer,
} from "../helpers/fault-server.js";
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from "../helpers/otlp-receiver.js";
import { definitionFile, instantClock } from "../helpers/run-definition.js";
import { sentParent } from "../helpers/traceparent.js";

const KEY = "canary-api-7f3a9c51e2";
const OTLP_KEY = "canary-otlp-4d8b2e6a90";
const REPOSITORY = "hms/traced-demo";
// OTLP's numbering, as the receiver decodes it.
const INTERNAL = 1;
const CLIENT = 3;
const ERROR = 2;

/** The variables the SDK would also read from process.env (headers, timeout): set or cleared per test, restored after. */
const SDK_VARIABLES = [
  "OTEL_EXPORTER_OTLP_HEADERS",
  "OTEL_EXPORTER_OTLP_TIMEOUT",
  "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
  "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT",
] as const;
const saved = new Map(SDK_VARIABLES.map((name) => [name, process.env[name]]));

let server: FaultServer;
const cleanups: Array<() => Promise<unknown>> = [];
beforeEach(async () => {
  server = await startFaultServer();
  cleanups.push(() => server.close());
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

async function receiver(options?: Parameters<typeof startOtlpReceiver>[0]): Promise<OtlpReceiver> {
  const started = await startOtlpReceiver(options);
  cleanups.push(() => started.close());
  return started;
}

type SdkValues = Partial<Record<(typeof SDK_VARIABLES)[number], string>>;

/** As the action has them: in process.env and in the run's env alike (the run masks their values). */
function sdkEnv(values: SdkValues): Record<string, string> {
  for (const [name, value] of Object.entries(values)) process.env[name] = value;
  return values as Record<string, string>;
}

/**
 * As a library user has them (`new Orchestrator({ env })`): in the run's env alone, none in
 * process.env, so that only the export's own reading of the run's env can send them.
 */
function runEnvOnly(values: SdkValues): Record<string, string> {
  for (const name of SDK_VARIABLES) delete process.env[name];
  return values as Record<string, string>;
}

const endpoints = (): EndpointMap => ({
  S: { url: server.url("/api"), headers: { "X-Api-Key": "${{ env.API_KEY }}" } },
});

/** Answers by the called action (the path's last segment, query aside), each with its replies in turn. */
function answerBy(routes: Record<string, Reply[]>): void {
  const seen = new Map<string, number>();
  server.handle((request) => {
    const action = (request.path.split("?")[0] as string).split("/").at(-1) as string;
    const replies = routes[action] ?? [{ json: { ok: true } }];
    const index = seen.get(action) ?? 0;
    seen.set(action, index + 1);
    return replies[Math.min(index, replies.length - 1)] as Reply;
  });
}

/** Runs the definition through the one pipeline, as the action and the CLI do. */
async function runTraced(
  text: string,
  env: Record<string, string>,
): Promise<{ run: RunResult; warnings: string[] }> {
  const outcome = await runPipeline({
    target: await definitionFile(text),
    endpoints: endpoints(),
    event: { name: "cli", payload: {} },
    dryRun: false,
    runId: "run-1",
    trigger: "cli",
    env: { API_KEY: KEY, ...env },
    github: { repository: REPOSITORY },
    params: {},
    clock: instantClock(),
  });
  if (outcome.stage !== "ran")
    throw new Error(`the pipeline stopped at ${outcome.stage}: ${JSON.stringify(outcome)}`);
  return { run: outcome.runs[0] as RunResult, warnings: outcome.warnings };
}

/** Three tasks: one that succeeds, one retried after a 503, one that fails with an answer echoing the key. */
const TRACED = `id: Traced
tasks:
  - name: Collect
    service: S
    request: { method: GET, path: rows, query: { key: "\${{ env.API_KEY }}" } }
  - { name: Flaky, service: S, action: flaky }
  - { name: Broken, service: S, action: broken, retry: false }
`;

const SIMPLE = `id: Simple
tasks:
  - { name: Only, service: S, action: only }
`;

function answerTraced(): void {
  answerBy({
    rows: [{ json: { rows: 3 } }],
    flaky: [{ status: 503 }, { json: { ok: true } }],
    broken: [{ status: 500, body: `refused: key ${KEY} is revoked` }],
  });
}

/** The traceparent each request carried, with the task that sent it. */
function sentParents(requests: readonly RecordedRequest[]) {
  return requests.map((request) => ({
    ...sentParent(request.headers.traceparent, `${request.method} ${request.path}`),
    task: String(request.headers["x-mgmt-task"]),
  }));
}

const json = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? String(v) : v));
const ms = (nanos: bigint) => Number(nanos / 1_000_000n);

describe.each([
  ["http/protobuf (the default)", {}, "application/x-protobuf"],
  ["http/json", { OTEL_EXPORTER_OTLP_PROTOCOL: "http/json" }, "application/json"],
])("a traced run exported over %s", (_label, protocol: Record<string, string>, contentType) => {
  it("the service saw the run's trace; the collector got the run, its tasks and each attempt", async () => {
    answerTraced();
    const otlp = await receiver();
    const { run, warnings } = await runTraced(TRACED, {
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      ...protocol,
      ...sdkEnv({ OTEL_EXPORTER_OTLP_HEADERS: `api-key=${OTLP_KEY}` }),
    });
    expect(warnings).toEqual([]);
    expect(run.status).toBe("failure");
    expect(run.traceId).toBe(traceIdOf(REPOSITORY, "run-1"));

    // The service: every request (the retry included) names the run's trace, each with a span of its own.
    const sent = sentParents(server.requests);
    expect(sent.map((p) => p.task)).toEqual(["Collect", "Flaky", "Flaky", "Broken"]);
    for (const parent of sent) expect(parent.traceId).toBe(run.traceId);
    expect(new Set(sent.map((p) => p.spanId)).size).toBe(sent.length);

    // The collector: one request, at /v1/traces, in the asked encoding, with the OTLP headers.
    expect(otlp.requests).toHaveLength(1);
    const [exported] = otlp.requests;
    expect(exported).toMatchObject({ path: "/v1/traces", contentType, status: 200 });
    expect(exported?.error).toBeUndefined();
    expect(exported?.headers["api-key"]).toBe(OTLP_KEY);
    expect(exported?.resource["service.name"]).toBe("mgmt");

    const spans = otlp.spans();
    for (const span of spans) expect(span.traceId).toBe(run.traceId);
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(spans.length);

    // The run's span: the root, named for the workflow, failed as the run did.
    const roots = spans.filter((s) => s.parentSpanId === "");
    expect(roots).toHaveLength(1);
    const root = roots[0] as ReceivedSpan;
    expect(root).toMatchObject({ name: "Traced", kind: INTERNAL });
    // The run has no error of its own (it was not cancelled nor timed out): its span names the failed task.
    expect(run.error).toBeNull();
    expect(root.status).toEqual({ code: ERROR, message: "failed: Broken" });
    expect(root.attributes).toMatchObject({
      "mgmt.workflow": "Traced",
      "mgmt.run.id": "run-1",
      "mgmt.status": "failure",
    });
    expect(ms(root.startTimeUnixNano)).toBe(Date.parse(run.startedAt));
    expect(ms(root.endTimeUnixNano)).toBe(Date.parse(run.finishedAt));

    // One span per task, named for it, under the run's.
    const taskSpans = spans.filter((s) => s.parentSpanId === root.spanId);
    expect(taskSpans.map((s) => s.name).sort()).toEqual(["Broken", "Collect", "Flaky"]);
    const taskSpan = (name: string) => taskSpans.find((s) => s.name === name) as ReceivedSpan;
    // Each under the span id its result records.
    for (const task of run.tasks) {
      expect(task.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(taskSpan(task.name).spanId).toBe(task.spanId);
    }
    for (const span of taskSpans) expect(span.kind).toBe(INTERNAL);
    expect(taskSpan("Collect").status.code).not.toBe(ERROR);
    expect(taskSpan("Collect").attributes).toMatchObject({
      "mgmt.task": "Collect",
      "http.request.method": "GET",
    });
    expect(taskSpan("Flaky").attributes).toMatchObject({ "mgmt.status": "success", "mgmt.attempts": 2 });

    // The failed task: error status with the task's own (masked) error.
    const broken = run.tasks.find((t) => t.name === "Broken");
    expect(broken?.status).toBe("failure");
    expect(taskSpan("Broken").status).toEqual({ code: ERROR, message: broken?.error });
    expect(taskSpan("Broken").status.message).toContain("refused: key *** is revoked");

    // Attempts: client spans under their task's, with the very span ids the service was sent.
    const attempts = spans.filter((s) => s.kind === CLIENT);
    expect(attempts).toHaveLength(sent.length);
    expect(spans).toHaveLength(1 + 3 + sent.length);
    for (const parent of sent) {
      const span = attempts.find((s) => s.spanId === parent.spanId);
      expect(span, `an attempt span for ${parent.task}'s span ${parent.spanId}`).toBeDefined();
      expect(span?.parentSpanId).toBe(taskSpan(parent.task).spanId);
      expect(span?.name).toMatch(new RegExp(`^${parent.task} attempt \\d$`));
    }

    // The retried task: two attempts, the 503 marked as an error, the 200 not.
    const flaky = attempts
      .filter((s) => s.parentSpanId === taskSpan("Flaky").spanId)
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(flaky.map((s) => s.name)).toEqual(["Flaky attempt 1", "Flaky attempt 2"]);
    expect(flaky.map((s) => s.attributes["http.response.status_code"])).toEqual([503, 200]);
    expect(flaky.map((s) => s.status.code === ERROR)).toEqual([true, false]);

    // Times: each attempt starts when its CallRecord says, inside its task's span.
    for (const task of run.tasks) {
      const own = taskSpan(task.name);
      for (const call of task.calls) {
        const span = attempts.find((s) => s.spanId === call.spanId) as ReceivedSpan;
        expect(ms(span.startTimeUnixNano)).toBe(Date.parse(call.startedAt as string));
        expect(span.startTimeUnixNano).toBeGreaterThanOrEqual(own.startTimeUnixNano);
        expect(span.endTimeUnixNano).toBeLessThanOrEqual(own.endTimeUnixNano);
      }
    }

    // The key went to the service in a header and in a query, and came back in an answer: never in the trace.
    expect(server.requests[0]?.headers["x-api-key"]).toBe(KEY);
    expect(server.requests[0]?.path).toContain(KEY);
    expect(json(spans)).not.toContain(KEY);
    expect(json(exported?.resource)).not.toContain(KEY);
    expect(taskSpan("Collect").attributes["url.full"]).toContain("key=***");
  });
});

/** A request task whose 202 is polled at its Location: 202 three times, then 200 on the fourth poll. */
const POLLED = `id: Polled
tasks:
  - name: Rebuild
    service: S
    request: { method: POST, path: rebuilds, body: { dashboard: census } }
    poll: { interval: 1s }
`;

describe("a long-running operation in the trace", () => {
  it("polls after the first send their task's span: every parent the service saw is in the export", async () => {
    answerBy({
      rebuilds: [{ status: 202, headers: { Location: "/api/rebuilds/op-7" } }],
      "op-7": [{ status: 202 }, { status: 202 }, { status: 202 }, { json: { status: "done" } }],
    });
    const otlp = await receiver();
    const { run, warnings } = await runTraced(POLLED, {
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      // Headers and time limit in the run's env alone, as a library user gives them.
      ...runEnvOnly({
        OTEL_EXPORTER_OTLP_HEADERS: `api-key=${OTLP_KEY},x-tenant=team%20census`,
        OTEL_EXPORTER_OTLP_TIMEOUT: "2000",
      }),
    });
    expect(warnings).toEqual([]);
    expect(run.status).toBe("success");
    const task = run.tasks[0] as TaskResult;
    expect(task).toMatchObject({ name: "Rebuild", status: "success", polls: 4 });
    expect(task.spanId).toMatch(/^[0-9a-f]{16}$/);

    // The service: the POST and four polls, in the run's trace.
    const sent = sentParents(server.requests);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /api/rebuilds",
      ...Array(4).fill("GET /api/rebuilds/op-7"),
    ]);
    for (const parent of sent) expect(parent.traceId).toBe(run.traceId);
    // The POST and the first poll each a span of their own; polls 2 to 4 the task's, as only the
    // first and the last poll's records are kept.
    expect(new Set([sent[0]?.spanId, sent[1]?.spanId, task.spanId]).size).toBe(3);
    expect(sent.slice(2).map((p) => p.spanId)).toEqual([task.spanId, task.spanId, task.spanId]);
    // The records: the POST, the first poll and the last, only the first two with spans of their own.
    expect(task.calls.map((c) => c.httpStatus)).toEqual([202, 202, 200]);
    expect(task.calls.map((c) => c.spanId)).toEqual([sent[0]?.spanId, sent[1]?.spanId, undefined]);

    // The collector: the headers from the run's env, decoded.
    expect(otlp.requests).toHaveLength(1);
    expect(otlp.requests[0]?.headers["api-key"]).toBe(OTLP_KEY);
    expect(otlp.requests[0]?.headers["x-tenant"]).toBe("team census");
    const spans = otlp.spans();
    const ids = new Set(spans.map((s) => s.spanId));
    expect(ids.size).toBe(spans.length);
    // No dangling parent: each span the service was told of is one the trace has.
    for (const parent of sent) expect(ids, `span ${parent.spanId} in the export`).toContain(parent.spanId);
    const root = spans.find((s) => s.parentSpanId === "") as ReceivedSpan;
    const own = spans.find((s) => s.spanId === task.spanId);
    expect(own).toMatchObject({ name: "Rebuild", kind: INTERNAL, parentSpanId: root.spanId });
    expect(own?.attributes).toMatchObject({ "mgmt.polls": 4, "mgmt.status": "success" });
    // Attempt spans for the two calls that had spans of their own, under the task's.
    const attempts = spans.filter((s) => s.kind === CLIENT);
    expect(attempts.map((s) => s.spanId).sort()).toEqual([sent[0]?.spanId, sent[1]?.spanId].sort());
    for (const span of attempts) expect(span.parentSpanId).toBe(task.spanId);
    expect(spans).toHaveLength(1 + 1 + 2);
    expect(json(spans)).not.toContain(OTLP_KEY);
  });
});

describe("an export that fails leaves the run as it was, and says why", () => {
  const warningPrefix = (url: string) => `the trace was not exported to ${url}/v1/traces: `;

  it("a collector answering 503 to every retry: one warning in our words, the run as it was", async () => {
    answerBy({});
    const otlp = await receiver({ status: 503 });
    const { run, warnings } = await runTraced(SIMPLE, {
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      // The SDK retries a 503 with backoff for up to its timeout (10 s by default); the run's env alone gives 1 s.
      ...runEnvOnly({ OTEL_EXPORTER_OTLP_TIMEOUT: "1000" }),
    });
    expect(run.status).toBe("success");
    expect(run.tasks[0]?.status).toBe("success");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toBe(
      `${warningPrefix(otlp.url)}the collector stayed busy (HTTP 429, 502, 503 or 504) until the export's time ran out`,
    );
    expect(otlp.requests.length).toBeGreaterThanOrEqual(1);
  });

  it.each([
    [400, "the collector answered HTTP 400: Bad Request"],
    [403, "the collector answered HTTP 403: Forbidden (check OTEL_EXPORTER_OTLP_HEADERS)"],
  ])("a collector refusing with %i: one warning naming the status", async (status, reason) => {
    answerBy({});
    const otlp = await receiver({ status });
    const { run, warnings } = await runTraced(SIMPLE, { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url });
    expect(run.status).toBe("success");
    expect(run.tasks[0]?.status).toBe("success");
    expect(warnings).toEqual([`${warningPrefix(otlp.url)}${reason}`]);
    // Not retried: a refusal would be refused again.
    expect(otlp.requests).toHaveLength(1);
  });

  it("a collector URL where nothing listens: a warning, with a reason even when the SDK gives none", async () => {
    answerBy({});
    const closed = await startOtlpReceiver();
    await closed.close();
    const { run, warnings } = await runTraced(SIMPLE, {
      OTEL_EXPORTER_OTLP_ENDPOINT: closed.url,
      ...runEnvOnly({ OTEL_EXPORTER_OTLP_TIMEOUT: "1000" }),
    });
    expect(run.status).toBe("success");
    expect(warnings).toHaveLength(1);
    const reason = warnings[0]?.slice(warningPrefix(closed.url).length) ?? "";
    expect(warnings[0]?.startsWith(warningPrefix(closed.url))).toBe(true);
    expect(reason.trim()).not.toBe("");
  });

  it("a collector's bare 401 (no reason phrase, no body): the warning names the status and what to check", async () => {
    answerBy({});
    const bare = createServer((request, response) => {
      request.resume();
      request.on("end", () => response.writeHead(401, "", { "Content-Length": "0" }).end());
    });
    bare.listen(0, "127.0.0.1");
    await once(bare, "listening");
    cleanups.push(async () => {
      bare.closeAllConnections();
      await new Promise((resolve) => bare.close(resolve));
    });
    const url = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
    const { run, warnings } = await runTraced(SIMPLE, { OTEL_EXPORTER_OTLP_ENDPOINT: url });
    expect(run.status).toBe("success");
    expect(warnings).toEqual([
      `${warningPrefix(url)}the collector answered HTTP 401 (check OTEL_EXPORTER_OTLP_HEADERS)`,
    ]);
  });

  it("a password in the collector's URL is not shown in the warning", async () => {
    answerBy({});
    const closed = await startOtlpReceiver();
    await closed.close();
    const withPassword = closed.url.replace("http://", "http://user:canary-pass-55e1@");
    const { warnings } = await runTraced(SIMPLE, {
      OTEL_EXPORTER_OTLP_ENDPOINT: withPassword,
      ...runEnvOnly({ OTEL_EXPORTER_OTLP_TIMEOUT: "1000" }),
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^the trace was not exported to http:\/\/127\.0\.0\.1:\d+\/v1\/traces: /);
    expect(warnings.join("\n")).not.toContain("canary-pass-55e1");
  });

  it("grpc: a warning saying what to set, and nothing is sent", async () => {
    answerBy({});
    const otlp = await receiver();
    const { run, warnings } = await runTraced(SIMPLE, {
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
    });
    expect(run.status).toBe("success");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^traces are not exported: OTEL_EXPORTER_OTLP_PROTOCOL is grpc/);
    expect(warnings[0]).toContain("http/protobuf");
    expect(otlp.requests).toHaveLength(0);
    // The calls are traced all the same: the service can still join the run's trace.
    expect(sentParents(server.requests).map((p) => p.traceId)).toEqual([run.traceId]);
  });

  it("no OpenTelemetry variables: no warning and no export, the calls still traced", async () => {
    answerBy({});
    const { run, warnings } = await runTraced(SIMPLE, {});
    expect(run.status).toBe("success");
    expect(warnings).toEqual([]);
    expect(server.requests).toHaveLength(1);
    expect(sentParents(server.requests).map((p) => p.traceId)).toEqual([run.traceId]);
    expect(run.tasks[0]?.calls[0]?.spanId).toBe(sentParents(server.requests)[0]?.spanId);
  });
});
