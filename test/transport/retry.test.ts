import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FaultServer, startFaultServer } from "../helpers/fault-server.js";
import { call, callRequest, gaps } from "./call-request.js";

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(() => server.close());

describe("Retry-After", () => {
  it("waits the seconds it names, then succeeds", async () => {
    const busy = { status: 503, headers: { "Retry-After": "1" } };
    server.reply(busy, busy, { json: { ok: true } });
    const outcome = await call(callRequest(server.url("/x")));
    expect(outcome).toMatchObject({ ok: true, httpStatus: 200, outputs: { ok: true } });
    expect(outcome.calls.map((c) => c.httpStatus)).toEqual([503, 503, 200]);
    for (const gap of gaps(server.requests)) expect(gap).toBeGreaterThanOrEqual(990);
  });

  it("waits until an HTTP date", async () => {
    // HTTP dates have whole seconds: two seconds ahead is at least one second away.
    const at = new Date(Date.now() + 2000).toUTCString();
    server.reply({ status: 429, headers: { "Retry-After": at } }, { json: 1 });
    const outcome = await call(callRequest(server.url("/x")));
    expect(outcome).toMatchObject({ ok: true, outputs: 1 });
    expect(gaps(server.requests)[0]).toBeGreaterThanOrEqual(990);
  });

  it("fails at once when it asks for more than 5 minutes, naming the wait", async () => {
    server.reply({ status: 503, headers: { "Retry-After": "600" } });
    const started = Date.now();
    const outcome = await call(callRequest(server.url("/x")));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.requests).toHaveLength(1);
    expect(outcome).toMatchObject({ ok: false, cancelled: false });
    expect(!outcome.ok && outcome.error).toMatch(
      /HTTP 503.*Retry-After asks to wait 10 min, over the 5 min limit/,
    );
  });

  it("fails at once when the wait would pass the task's deadline", async () => {
    server.reply({ status: 503, headers: { "Retry-After": "30" } });
    const outcome = await call(callRequest(server.url("/x"), { deadlineAt: Date.now() + 5000 }));
    expect(server.requests).toHaveLength(1);
    expect(!outcome.ok && outcome.error).toMatch(/the wait of 30 s before attempt 2 would pass the deadline/);
  });
});

describe("attempts", () => {
  it("makes exactly `attempts` requests, each the same but for X-Mgmt-Attempt", async () => {
    server.reply({ status: 500, body: "database down" });
    const request = callRequest(server.url("/responses/fetchNew"), {
      retry: { attempts: 5, backoffMs: 10, factor: 2, maxBackoffMs: 50 },
    });
    const outcome = await call(request);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error).toBe("HTTP 500: database down (after 5 attempts)");
    expect(outcome.calls.map((c) => c.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(server.requests).toHaveLength(5);
    for (const [i, seen] of server.requests.entries()) {
      expect(seen.method).toBe("POST");
      expect(seen.path).toBe("/responses/fetchNew");
      expect(seen.headers["idempotency-key"]).toBe('"run-1:CensusDailyUpdate:AnalyzeData"');
      expect(seen.headers["x-mgmt-attempt"]).toBe(String(i + 1));
      expect(seen.body.equals(Buffer.from(request.body))).toBe(true);
    }
  });

  it.each([400, 401, 403, 404, 422])("does not retry %i", async (status) => {
    server.reply({ status, json: { error: "no" } });
    const outcome = await call(callRequest(server.url("/x")));
    expect(server.requests).toHaveLength(1);
    expect(!outcome.ok && outcome.error).toBe(`HTTP ${status}: {"error":"no"}`);
  });

  it.each([408, 425, 429, 502, 504])("retries %i", async (status) => {
    server.reply({ status }, { json: "done" });
    const outcome = await call(callRequest(server.url("/x")));
    expect(server.requests).toHaveLength(2);
    expect(outcome).toMatchObject({ ok: true, outputs: "done" });
  });

  it("retries a 409 only when it answers a retry", async () => {
    server.reply({ status: 409 });
    await call(callRequest(server.url("/x")));
    expect(server.requests).toHaveLength(1);

    server.reply({ status: 500 }, { status: 409 }, { json: "done" });
    const outcome = await call(callRequest(server.url("/x")));
    expect(server.requests).toHaveLength(4);
    expect(outcome).toMatchObject({ ok: true, outputs: "done" });
  });

  it("waits no longer than the backoff cap between attempts", async () => {
    server.reply({ status: 500 });
    const retry = { attempts: 3, backoffMs: 200, factor: 2, maxBackoffMs: 300 };
    await call(callRequest(server.url("/x"), { retry }));
    // random() is 0.5: about half of each cap (200 ms, then 300 ms).
    const [first, second] = gaps(server.requests);
    expect(first).toBeGreaterThanOrEqual(95);
    expect(first).toBeLessThan(200 + 150);
    expect(second).toBeGreaterThanOrEqual(145);
    expect(second).toBeLessThan(300 + 150);
  });
});
