import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FaultServer, startFaultServer } from "../helpers/fault-server.js";
import { callRequest, gaps, scripted, virtualCall } from "./call-request.js";

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(() => server.close());

// The transport sleeps on a virtual clock that takes each wait at once: gaps are exact, and no test waits.
const { clock, call } = virtualCall();

describe("Retry-After", () => {
  it("waits the seconds it names, then succeeds", async () => {
    const busy = { status: 503, headers: { "Retry-After": "1" } };
    const { arrivals } = scripted(server, clock, busy, busy, { json: { ok: true } });
    const started = performance.now();
    const outcome = await call(callRequest(server.url("/x")));
    expect(outcome).toMatchObject({ ok: true, httpStatus: 200, outputs: { ok: true } });
    expect(outcome.calls.map((c) => c.httpStatus)).toEqual([503, 503, 200]);
    expect(gaps(arrivals)).toEqual([1000, 1000]);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("waits until an HTTP date", async () => {
    const at = new Date(clock.now() + 2000).toUTCString();
    const { arrivals } = scripted(
      server,
      clock,
      { status: 429, headers: { "Retry-After": at } },
      { json: 1 },
    );
    const outcome = await call(callRequest(server.url("/x")));
    expect(outcome).toMatchObject({ ok: true, outputs: 1 });
    expect(gaps(arrivals)).toEqual([2000]);
  });

  it("fails at once when it asks for more than 5 minutes, naming the wait", async () => {
    server.reply({ status: 503, headers: { "Retry-After": "600" } });
    const started = clock.now();
    const outcome = await call(callRequest(server.url("/x")));
    expect(clock.now()).toBe(started);
    expect(server.requests).toHaveLength(1);
    expect(outcome).toMatchObject({ ok: false, cancelled: false });
    expect(!outcome.ok && outcome.error).toMatch(
      /HTTP 503.*Retry-After asks to wait 10 min, over the 5 min limit/,
    );
  });

  it("fails at once when the wait would pass the task's deadline", async () => {
    server.reply({ status: 503, headers: { "Retry-After": "30" } });
    const started = clock.now();
    const outcome = await call(callRequest(server.url("/x"), { deadlineAt: started + 5000 }));
    expect(clock.now()).toBe(started);
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
      expect(seen.body.equals(Buffer.from(request.body ?? ""))).toBe(true);
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

  it("waits a jittered share of the backoff cap between attempts", async () => {
    const { arrivals } = scripted(server, clock, { status: 500 });
    const retry = { attempts: 3, backoffMs: 200, factor: 2, maxBackoffMs: 300 };
    await call(callRequest(server.url("/x"), { retry }));
    // random() is 0.5: half of each cap's whole milliseconds (200 ms, then 300 ms).
    expect(gaps(arrivals)).toEqual([100, 150]);
  });

  it("never waits longer than max-backoff, however many attempts", async () => {
    // The top of the jitter's range: each wait is its whole cap, min(1.5 s, 1 s × 2^(n-1)).
    const top = virtualCall({ random: () => 1 - Number.EPSILON });
    const { arrivals } = scripted(server, top.clock, { status: 500 });
    const retry = { attempts: 5, backoffMs: 1000, factor: 2, maxBackoffMs: 1500 };
    const started = performance.now();
    const outcome = await top.call(callRequest(server.url("/x"), { retry }));
    expect(outcome.calls).toHaveLength(5);
    expect(gaps(arrivals)).toEqual([1000, 1500, 1500, 1500]);
    for (const gap of gaps(arrivals)) expect(gap).toBeLessThanOrEqual(1500);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
