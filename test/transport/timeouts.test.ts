import { getEventListeners } from "node:events";
import { setTimeout as delay } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FaultServer, startFaultServer } from "../helpers/fault-server.js";
import { callRequest, gaps, scripted, virtualCall } from "./call-request.js";

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(() => server.close());

// The servers stall for real; the timeouts run on a virtual clock that the tests move once a
// request is in, so that 30 s timeouts end in no real time and durations are exact.
const { clock, call } = virtualCall({ autoAdvance: false });
const once = { attempts: 1, backoffMs: 0, factor: 2, maxBackoffMs: 0 };
/** Lets the headers and first bytes of a stalled answer reach the client: the timer then bounds the body. */
const letBytesArrive = () => delay(50);

describe("attempt timeout", () => {
  it("ends an attempt whose headers never come, at its time and not before", async () => {
    const { arrived } = scripted(server, clock, { stall: "headers" });
    const started = performance.now();
    const outcome = call(callRequest(server.url("/x"), { timeoutMs: 30_000, retry: once }));
    await arrived(1);
    await clock.advance(29_999);
    expect(clock.pending).toBe(1);
    await clock.advance(1);
    expect(await outcome).toMatchObject({ ok: false, cancelled: false, error: "timed out after 30 s" });
    expect((await outcome).calls).toEqual([
      { attempt: 1, httpStatus: null, durationMs: 30_000, error: "timed out after 30 s" },
    ]);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("ends an attempt whose body stops half way", async () => {
    const { arrived } = scripted(server, clock, { json: { rows: "x".repeat(1000) }, stall: 100 });
    const outcome = call(callRequest(server.url("/x"), { timeoutMs: 30_000, retry: once }));
    await arrived(1);
    await letBytesArrive();
    await clock.advance(30_000);
    expect(await outcome).toMatchObject({ ok: false, error: "timed out after 30 s" });
  });

  it("retries a timed-out attempt, each ending on time", async () => {
    const stalls = [{ stall: "headers" as const }, { stall: 10, json: { a: "long answer" } }];
    const { arrivals, arrived } = scripted(server, clock, ...stalls, { json: "late but fine" });
    const retry = { attempts: 3, backoffMs: 0, factor: 2, maxBackoffMs: 0 };
    const outcome = call(callRequest(server.url("/x"), { timeoutMs: 30_000, retry }));
    await arrived(1);
    await clock.advance(30_000);
    await arrived(2);
    await letBytesArrive();
    await clock.advance(30_000);
    expect(await outcome).toMatchObject({ ok: true, outputs: "late but fine" });
    const calls = (await outcome).calls;
    expect(calls.map((c) => c.error)).toEqual(["timed out after 30 s", "timed out after 30 s", null]);
    expect(calls.map((c) => c.durationMs)).toEqual([30_000, 30_000, 0]);
    expect(gaps(arrivals)).toEqual([30_000, 30_000]);
  });

  it("releases each attempt's timer and its listener on the run's signal", async () => {
    const { arrived } = scripted(server, clock, { stall: "headers" }, { status: 500 }, { json: 1 });
    const retry = { attempts: 3, backoffMs: 0, factor: 2, maxBackoffMs: 0 };
    const request = callRequest(server.url("/x"), { timeoutMs: 30_000, retry });
    const outcome = call(request);
    await arrived(1);
    await clock.advance(30_000);
    expect(await outcome).toMatchObject({ ok: true, outputs: 1 });
    expect(clock.pending).toBe(0);
    expect(getEventListeners(request.signal, "abort")).toHaveLength(0);
  });
});

describe("task deadline", () => {
  it("spans attempts and waits: the last attempt gets only the time left", async () => {
    const { arrivals, arrived } = scripted(server, clock, { stall: "headers" });
    const retry = { attempts: 10, backoffMs: 0, factor: 2, maxBackoffMs: 0 };
    const started = clock.now();
    const outcome = call(
      callRequest(server.url("/x"), { timeoutMs: 20_000, retry, deadlineAt: started + 50_000 }),
    );
    for (const [n, step] of [20_000, 20_000, 10_000].entries()) {
      await arrived(n + 1);
      await clock.advance(step);
    }
    const done = await outcome;
    expect(clock.now() - started).toBe(50_000);
    expect(arrivals.map((a) => a.arrivedAt - started)).toEqual([0, 20_000, 40_000]);
    expect(done.calls[2]?.error).toBe("timed out after 10 s (deadline)");
    expect(!done.ok && done.error).toBe("timed out after 50 s, its deadline (after 3 attempts)");
  });
});
