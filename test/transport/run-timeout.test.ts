import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Clock } from "../../src/engine/clock.js";
import { VirtualClock } from "../../src/engine/virtual-clock.js";
import { Orchestrator } from "../../src/lib.js";
import { type FaultServer, startFaultServer } from "../helpers/fault-server.js";
import { scripted } from "./call-request.js";

let server: FaultServer;
let dir: string;
beforeEach(async () => {
  server = await startFaultServer();
  dir = await mkdtemp(path.join(tmpdir(), "mgmt-timeout-"));
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const START = Date.UTC(2024, 5, 1, 12);

/** Tasks A then B on the fault server, under a run `timeout` shorter than a task's default 30 s. */
async function loadRun(clock: Clock): Promise<Orchestrator> {
  const file = path.join(dir, "w.yml");
  const tasks = "  - { name: A, service: S, action: a }\n  - { name: B, service: S, action: b }\n";
  await writeFile(file, `id: W\ntimeout: 20s\ntasks:\n${tasks}`);
  const orc = new Orchestrator({ endpoints: { S: { url: server.url("/api") } }, env: {}, clock });
  await orc.loadWorkflow(file);
  return orc;
}

/** Sets its first timer, the run's, 1 ms late: the attempt's timeout, due at the same instant, fires first. */
function runTimerLate(clock: VirtualClock): Clock {
  let late = 1;
  return {
    now: () => clock.now(),
    sleep: (ms, signal) => clock.sleep(ms, signal),
    setTimer: (ms, fire) => {
      const cancel = clock.setTimer(ms + late, fire);
      late = 0;
      return cancel;
    },
  };
}

// The run's timer and the transport's attempt timeout fall due at the same instant; whichever
// fires first, the run must end `cancelled`. The virtual clock fires them in the order they were
// set (the run's first); a run's timer set 1 ms late gives the other order.
it.each([
  ["the run's timer", false],
  ["the attempt's timeout", true],
])("a run timeout during a stalled call cancels the run when %s fires first", async (_first, late) => {
  const clock = new VirtualClock({ start: START });
  const { arrived } = scripted(server, clock, { stall: "headers" });
  const orc = await loadRun(late ? runTimerLate(clock) : clock);
  const started = performance.now();
  const running = orc.start("W");
  await arrived(1);
  await clock.advance(20_000);
  const result = await running;
  expect(result.status).toBe("cancelled");
  expect(result.error).toBe("the run timed out after 20 s");
  expect(result.tasks.map((t) => t.status)).toEqual(["cancelled", "skipped"]);
  expect(result.durationMs).toBe(20_000);
  expect(performance.now() - started).toBeLessThan(5000);
});

it("a wait that would pass the run's timeout fails the task at once, naming the wait", async () => {
  const clock = new VirtualClock({ start: START, autoAdvance: true });
  server.reply({ status: 503, headers: { "Retry-After": "30" } });
  const result = await (await loadRun(clock)).start("W");
  expect(clock.now()).toBe(START);
  expect(server.requests).toHaveLength(1);
  expect(result.tasks[0]).toMatchObject({ status: "failure", attempts: 1 });
  expect(result.tasks[0]?.error).toMatch(
    /^HTTP 503; the wait of 30 s before attempt 2 would pass the deadline$/,
  );
  expect(result).toMatchObject({ status: "failure", error: null });
});
