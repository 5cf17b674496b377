import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FaultServer, startFaultServer } from "../helpers/fault-server.js";
import { call, callRequest, gaps } from "./call-request.js";

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(() => server.close());

// Loose bounds: these prove an attempt ends, not how fast (that belongs in benchmarks).
const ENDS_BY_MS = 1500;
const once = { attempts: 1, backoffMs: 0, factor: 2, maxBackoffMs: 0 };

describe("attempt timeout", () => {
  it("ends an attempt whose headers never come", async () => {
    server.reply({ stall: "headers" });
    const started = Date.now();
    const outcome = await call(callRequest(server.url("/x"), { timeoutMs: 500, retry: once }));
    expect(Date.now() - started).toBeLessThan(ENDS_BY_MS);
    expect(outcome).toMatchObject({ ok: false, cancelled: false, error: "timed out after 500 ms" });
    expect(outcome.calls).toMatchObject([{ attempt: 1, httpStatus: null, error: "timed out after 500 ms" }]);
  });

  it("ends an attempt whose body stops half way", async () => {
    server.reply({ json: { rows: "x".repeat(1000) }, stall: 100 });
    const started = Date.now();
    const outcome = await call(callRequest(server.url("/x"), { timeoutMs: 500, retry: once }));
    expect(Date.now() - started).toBeLessThan(ENDS_BY_MS);
    expect(outcome).toMatchObject({ ok: false, error: "timed out after 500 ms" });
  });

  it("retries a timed-out attempt, each ending on time", async () => {
    server.reply({ stall: "headers" }, { stall: 10, json: { a: "long answer" } }, { json: "late but fine" });
    const retry = { attempts: 3, backoffMs: 0, factor: 2, maxBackoffMs: 0 };
    const outcome = await call(callRequest(server.url("/x"), { timeoutMs: 500, retry }));
    expect(outcome).toMatchObject({ ok: true, outputs: "late but fine" });
    expect(outcome.calls.map((c) => c.error)).toEqual([
      "timed out after 500 ms",
      "timed out after 500 ms",
      null,
    ]);
    for (const record of outcome.calls.slice(0, 2)) expect(record.durationMs).toBeLessThan(ENDS_BY_MS);
    for (const gap of gaps(server.requests)) expect(gap).toBeGreaterThanOrEqual(490);
  });
});

describe("task deadline", () => {
  it("spans attempts and waits: the last attempt gets only the time left", async () => {
    server.reply({ stall: "headers" });
    const retry = { attempts: 10, backoffMs: 0, factor: 2, maxBackoffMs: 0 };
    const started = Date.now();
    const outcome = await call(
      callRequest(server.url("/x"), { timeoutMs: 400, retry, deadlineAt: started + 1000 }),
    );
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(990);
    expect(took).toBeLessThan(1000 + ENDS_BY_MS);
    expect(server.requests).toHaveLength(3);
    expect(outcome.calls[2]?.error).toMatch(/^timed out after \d+ ms \(deadline\)$/);
    expect(!outcome.ok && outcome.error).toBe("timed out after 1 s, its deadline (after 3 attempts)");
  });
});
