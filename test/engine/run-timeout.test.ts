import { describe, expect, it } from "vitest";
import type { CallTask } from "../../src/engine/call.js";
import type { PreparedRun } from "../../src/engine/prepare.js";
import { runWorkflow } from "../../src/engine/run.js";
import { VirtualClock } from "../../src/engine/virtual-clock.js";
import { plannedTasks, preparedRun, succeed } from "./fixtures.js";

const START = Date.UTC(2024, 5, 1, 12);

/** A call that never answers: it ends only when the run aborts it. */
const hang: CallTask = (request) =>
  new Promise((resolve) => {
    const cancelled = { ok: false as const, error: "cancelled", calls: [], cancelled: true };
    request.signal.addEventListener("abort", () => resolve(cancelled), { once: true });
  });

/** A then B under a run `timeout` of 5 min. */
function timedRun(): PreparedRun {
  const prepared = preparedRun(plannedTasks([{ name: "A" }, { name: "B" }]), 1);
  return { ...prepared, plan: { ...prepared.plan, timeoutMs: 300_000 } };
}

describe("the run timeout, on a virtual clock", () => {
  it("cancels a hung run when the clock passes it, and not a moment before", async () => {
    const clock = new VirtualClock({ start: START });
    let ended = false;
    const started = performance.now();
    const running = runWorkflow(timedRun(), { call: hang, clock }).finally(() => (ended = true));
    await clock.advance(299_999);
    expect(ended).toBe(false);
    await clock.advance(1);
    const result = await running;
    expect(result).toMatchObject({
      status: "cancelled",
      error: "the run timed out after 5 min",
      durationMs: 300_000,
    });
    expect(result.tasks.map((t) => [t.status, t.error, t.skip])).toEqual([
      ["cancelled", "cancelled", null],
      ["skipped", null, { kind: "stopped", timeoutMs: 300_000 }],
    ]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("releases its timer when the run ends first", async () => {
    const clock = new VirtualClock({ start: START });
    const result = await runWorkflow(timedRun(), { call: async () => succeed(1), clock });
    expect(result.status).toBe("success");
    expect(clock.pending).toBe(0);
  });
});
