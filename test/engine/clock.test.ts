import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it, vi } from "vitest";
import { systemClock } from "../../src/engine/clock.js";

// Node runs a timer over 2^31-1 ms after 1 ms; 20 ms of real time shows that the wait did not end.
const LONG_MS = 2 ** 31 + 1000;

describe("systemClock", () => {
  it("does not end a sleep longer than Node's timer limit at once", async () => {
    const stop = new AbortController();
    let ended = false;
    const slept = systemClock.sleep(LONG_MS, stop.signal).finally(() => (ended = true));
    await delay(20);
    expect(ended).toBe(false);
    const reason = new Error("enough");
    stop.abort(reason);
    await expect(slept).rejects.toBe(reason);
  });

  it("does not fire a timer longer than Node's timer limit at once", async () => {
    const fire = vi.fn();
    const cancel = systemClock.setTimer(LONG_MS, fire);
    await delay(20);
    cancel();
    expect(fire).not.toHaveBeenCalled();
  });

  it("fires a timer after its time, and never once cancelled", async () => {
    const fired = vi.fn();
    const cancelled = vi.fn();
    systemClock.setTimer(1, fired);
    systemClock.setTimer(1, cancelled)();
    await delay(20);
    expect(fired).toHaveBeenCalledOnce();
    expect(cancelled).not.toHaveBeenCalled();
  });
});
