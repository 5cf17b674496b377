import { describe, expect, it, vi } from "vitest";
import { VirtualClock } from "../../src/engine/virtual-clock.js";

/** Lets the event loop turn a few times: long enough for anything already due to fire. */
async function turns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe("VirtualClock, driven by advance()", () => {
  it("fires sleeps and timers in time order, then in the order set, each at its own time", async () => {
    const clock = new VirtualClock({ start: 1000 });
    const seen: string[] = [];
    void clock.sleep(300).then(() => seen.push(`c@${clock.now()}`));
    clock.setTimer(100, () => seen.push(`a@${clock.now()}`));
    void clock.sleep(100).then(() => seen.push(`b@${clock.now()}`));
    await clock.advance(99);
    expect(seen).toEqual([]);
    await clock.advance(151);
    expect(seen).toEqual(["a@1100", "b@1100"]);
    expect(clock.now()).toBe(1250);
    await clock.advance(50);
    expect(seen).toEqual(["a@1100", "b@1100", "c@1300"]);
  });

  it("fires, within the same advance, a wait set by one that fired", async () => {
    const clock = new VirtualClock({ start: 0 });
    let at = -1;
    void clock
      .sleep(100)
      .then(() => clock.sleep(100))
      .then(() => (at = clock.now()));
    await clock.advance(250);
    expect(at).toBe(200);
    expect(clock.now()).toBe(250);
  });

  it("fires a 0 ms wait without being advanced", async () => {
    const clock = new VirtualClock({ start: 0 });
    await clock.sleep(0);
    expect(clock.now()).toBe(0);
  });

  it("runAll fires every wait, timers included, and stops a timer that re-arms forever", async () => {
    const clock = new VirtualClock({ start: 0 });
    const fire = vi.fn();
    clock.setTimer(5000, fire);
    await clock.runAll();
    expect(fire).toHaveBeenCalledOnce();
    expect(clock.now()).toBe(5000);
    const rearm = () => void clock.setTimer(1, rearm);
    rearm();
    await expect(clock.runAll(50)).rejects.toThrow("fired 50 times and still has waits pending");
  });
});

describe("VirtualClock, cancelled", () => {
  it("rejects a sleep with the signal's reason and forgets it", async () => {
    const clock = new VirtualClock({ start: 0 });
    const stop = new AbortController();
    const slept = clock.sleep(1000, stop.signal);
    expect(clock.pending).toBe(1);
    const reason = new Error("stop");
    stop.abort(reason);
    await expect(slept).rejects.toBe(reason);
    expect(clock.pending).toBe(0);
    await expect(clock.sleep(10, stop.signal)).rejects.toBe(reason);
  });

  it("never fires a cancelled timer", async () => {
    const clock = new VirtualClock({ start: 0 });
    const fire = vi.fn();
    const cancel = clock.setTimer(100, fire);
    cancel();
    expect(clock.pending).toBe(0);
    await clock.advance(1000);
    expect(fire).not.toHaveBeenCalled();
  });
});

describe("VirtualClock, auto-advance", () => {
  it("takes a sleep at once, in virtual time only", async () => {
    const clock = new VirtualClock({ start: 0, autoAdvance: true });
    const started = performance.now();
    await clock.sleep(3_600_000);
    expect(clock.now()).toBe(3_600_000);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("never fires a timer by itself, and holds a later sleep back until that timer is cancelled", async () => {
    const clock = new VirtualClock({ start: 0, autoAdvance: true });
    const fire = vi.fn();
    const cancel = clock.setTimer(100, fire);
    let woke = false;
    void clock.sleep(1000).then(() => (woke = true));
    await turns();
    expect([woke, clock.now()]).toEqual([false, 0]);
    cancel();
    await turns();
    expect([woke, clock.now()]).toEqual([true, 1000]);
    expect(fire).not.toHaveBeenCalled();
  });

  it("takes a sleep that falls before a pending timer, leaving the timer armed", async () => {
    const clock = new VirtualClock({ start: 0, autoAdvance: true });
    const fire = vi.fn();
    clock.setTimer(5000, fire);
    await clock.sleep(1000);
    await turns();
    expect(clock.now()).toBe(1000);
    expect(fire).not.toHaveBeenCalled();
    expect(clock.pending).toBe(1);
  });
});
