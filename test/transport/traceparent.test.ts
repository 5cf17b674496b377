// Each attempt of a traced call is a span of the run's trace: it sends a W3C traceparent with the
// run's trace id and a span id of its own, and its CallRecord keeps that id and when it began, so
// that the exported attempt spans are the very spans the service saw as parents.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { traceIdOf, traceparentOf } from "../../src/tracing/trace-context.js";
import { type FaultServer, startFaultServer } from "../helpers/fault-server.js";
import { apiRequest, callRequest, virtualCall } from "./call-request.js";
import { sentParent } from "../helpers/traceparent.js";

const TRACE_ID = traceIdOf("hms/mgmt-action", "1234567890");

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(() => server.close());

const { clock, call } = virtualCall();

/** The trace and span id of each request's traceparent, failing the test on one that is not W3C. */
function sentParents(): { traceId: string; spanId: string }[] {
  return server.requests.map((request, index) =>
    sentParent(request.headers.traceparent, `attempt ${index + 1}`),
  );
}

describe("traceparent on each attempt", () => {
  it("503, 503, 200: three requests, one trace, three spans, each recorded with its start", async () => {
    server.reply({ status: 503 }, { status: 503 }, { json: { ok: true } });
    const started = clock.now();
    const outcome = await call(callRequest(server.url("/x"), { traceId: TRACE_ID }));
    expect(outcome).toMatchObject({ ok: true, httpStatus: 200 });
    expect(server.requests).toHaveLength(3);

    const sent = sentParents();
    expect(sent.map((p) => p.traceId)).toEqual([TRACE_ID, TRACE_ID, TRACE_ID]);
    const spanIds = sent.map((p) => p.spanId);
    expect(new Set(spanIds).size).toBe(3);
    expect(spanIds).not.toContain("0000000000000000");

    // The records name the very spans the service was told were its parents.
    expect(outcome.calls.map((c) => c.spanId)).toEqual(spanIds);
    expect(outcome.calls.map((c) => c.httpStatus)).toEqual([503, 503, 200]);
    expect(server.requests.map((r) => r.headers["x-mgmt-attempt"])).toEqual(["1", "2", "3"]);

    // startedAt is ISO 8601 on the call's clock: the first at once, each later one after its backoff.
    const starts = outcome.calls.map((c) => c.startedAt as string);
    for (const at of starts) expect(at).toBe(new Date(Date.parse(at)).toISOString());
    expect(starts[0]).toBe(new Date(started).toISOString());
    const times = starts.map((at) => Date.parse(at));
    expect(times[1]).toBeGreaterThan(times[0] as number);
    expect(times[2]).toBeGreaterThan(times[1] as number);
  });

  it("a call that fails on every attempt still records a span per attempt", async () => {
    server.reply({ status: 500, body: "down" });
    const outcome = await call(callRequest(server.url("/x"), { traceId: TRACE_ID }));
    expect(outcome.ok).toBe(false);
    const spanIds = sentParents().map((p) => p.spanId);
    expect(spanIds).toHaveLength(3);
    expect(outcome.calls.map((c) => c.spanId)).toEqual(spanIds);
    expect(outcome.calls.every((c) => typeof c.startedAt === "string")).toBe(true);
  });

  it("an attempt that got no answer (connection refused) is recorded with its span too", async () => {
    const url = server.url("/x");
    await server.close();
    const outcome = await call(
      callRequest(url, {
        traceId: TRACE_ID,
        retry: { attempts: 2, backoffMs: 10, factor: 2, maxBackoffMs: 10 },
      }),
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.calls).toHaveLength(2);
    for (const record of outcome.calls) {
      expect(record.httpStatus).toBeNull();
      expect(record.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(record.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    expect(outcome.calls[0]?.spanId).not.toBe(outcome.calls[1]?.spanId);
  });

  it("a call without a trace id sends no traceparent and records no span", async () => {
    server.reply({ status: 503 }, { json: { ok: true } });
    const outcome = await call(callRequest(server.url("/x")));
    expect(outcome).toMatchObject({ ok: true });
    expect(server.requests).toHaveLength(2);
    for (const request of server.requests) expect(request.headers.traceparent).toBeUndefined();
    for (const record of outcome.calls) {
      expect(record).not.toHaveProperty("spanId");
      expect(record).not.toHaveProperty("startedAt");
    }
  });

  it("two calls of one trace share its id but never a span id", async () => {
    server.reply({ json: { ok: true } });
    const first = await call(apiRequest(server.url("/a"), { traceId: TRACE_ID }));
    const second = await call(apiRequest(server.url("/b"), { traceId: TRACE_ID }));
    const sent = sentParents();
    expect(sent.map((p) => p.traceId)).toEqual([TRACE_ID, TRACE_ID]);
    expect(sent[0]?.spanId).not.toBe(sent[1]?.spanId);
    expect([first.calls[0]?.spanId, second.calls[0]?.spanId]).toEqual(sent.map((p) => p.spanId));
  });

  it("with authorize, each attempt carries its own fresh Authorization beside its own traceparent", async () => {
    server.reply({ status: 503 }, { status: 503 }, { json: { ok: true } });
    let asked = 0;
    const authorize = async () => ({ ok: true as const, value: `Bearer token-${++asked}` });
    const outcome = await call(apiRequest(server.url("/x"), { traceId: TRACE_ID, authorize }));
    expect(outcome).toMatchObject({ ok: true });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      "Bearer token-1",
      "Bearer token-2",
      "Bearer token-3",
    ]);
    const spanIds = sentParents().map((p) => p.spanId);
    expect(new Set(spanIds).size).toBe(3);
    expect(outcome.calls.map((c) => c.spanId)).toEqual(spanIds);
  });

  it("an endpoint's own TraceParent (in another case) is replaced by the attempt's, not sent beside it", async () => {
    server.reply({ json: { ok: true } });
    const theirs = `00-${"a".repeat(32)}-${"b".repeat(16)}-01`;
    const outcome = await call(
      apiRequest(server.url("/x"), {
        traceId: TRACE_ID,
        headers: { Accept: "application/json", TraceParent: theirs },
      }),
    );
    expect(outcome).toMatchObject({ ok: true });
    const [request] = server.requests;
    // One value, ours: two would arrive joined ("theirs, ours"), which no W3C parser takes.
    const spanId = outcome.calls[0]?.spanId as string;
    expect(request?.headers.traceparent).toBe(traceparentOf(TRACE_ID, spanId));
    expect(String(request?.headers.traceparent)).not.toContain("aaaa");
    expect(sentParents()).toEqual([{ traceId: TRACE_ID, spanId }]);
  });

  it("an endpoint's own authorization is replaced by the attempt's token, not sent beside it", async () => {
    server.reply({ json: { ok: true } });
    const authorize = async () => ({ ok: true as const, value: "Bearer fresh-token" });
    const outcome = await call(
      apiRequest(server.url("/x"), {
        traceId: TRACE_ID,
        authorize,
        headers: { Accept: "application/json", authorization: "Bearer static-token" },
      }),
    );
    expect(outcome).toMatchObject({ ok: true });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer fresh-token"]);
  });

  it("asSpan: every attempt sends the given span as its parent, and records no span of its own", async () => {
    server.reply({ status: 503 }, { json: { ok: true } });
    const taskSpan = "0123456789abcdef";
    const outcome = await call(apiRequest(server.url("/x"), { traceId: TRACE_ID, asSpan: taskSpan }));
    expect(outcome).toMatchObject({ ok: true, httpStatus: 200 });
    expect(sentParents()).toEqual([
      { traceId: TRACE_ID, spanId: taskSpan },
      { traceId: TRACE_ID, spanId: taskSpan },
    ]);
    expect(outcome.calls.map((c) => c.httpStatus)).toEqual([503, 200]);
    for (const record of outcome.calls) {
      expect(record).not.toHaveProperty("spanId");
      expect(record).not.toHaveProperty("startedAt");
    }
  });
});
