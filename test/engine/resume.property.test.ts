import fc from "fast-check";
import { expect, test } from "vitest";
import { systemClock } from "../../src/engine/clock.js";
import type { PreparedRun } from "../../src/engine/prepare.js";
import type { Approval, RunResult, TaskStatus } from "../../src/engine/result.js";
import { runWorkflow } from "../../src/engine/run.js";
import { type SavedTask, stateOf } from "../../src/engine/state.js";
import { fail, fakeCall, plannedTasks, preparedRun, succeed, type TaskSketch } from "./fixtures.js";

const APPROVAL: Approval = { by: "ada", comment: "", at: "2000-01-01T00:00:00.000Z" };

interface RandomTask extends TaskSketch {
  name: string;
  kind: "service" | "layer";
  /** "" runs on success of the needs; always() runs whatever they ended as. */
  if: "" | "always()";
  continueOnError: boolean;
  /** Its first call fails (service) or asks for a person's review (gate); later calls succeed or approve. */
  troubleFirst: boolean;
  ticks: number;
}

/** Random DAGs of 5–12 tasks: a task needs only tasks listed before it, or (needs omitted) the one just before. */
const workflows = fc.integer({ min: 5, max: 12 }).chain((count) =>
  fc.record({
    concurrency: fc.integer({ min: 1, max: 4 }),
    tasks: fc.tuple(
      ...Array.from({ length: count }, (_, i) => {
        const earlier = Array.from({ length: i }, (_, j) => `T${j}`);
        return fc.record({
          name: fc.constant<string>(`T${i}`),
          needs: fc.option(fc.subarray(earlier), { nil: undefined }),
          kind: fc.constantFrom("service" as const, "layer" as const),
          if: fc.constantFrom("" as const, "always()" as const),
          continueOnError: fc.boolean(),
          troubleFirst: fc.boolean(),
          ticks: fc.nat(2),
        });
      }),
    ),
  }),
);

interface Modelled {
  status: TaskStatus;
  called: boolean;
  chainOk: boolean;
  waits: boolean;
}

/**
 * What one round should do, worked out independently of the engine: a task that succeeded
 * is replayed, a gate that waited is approved, the rest are decided (or called) again.
 */
function modelRound(
  tasks: RandomTask[],
  needsOf: Map<string, string[]>,
  previous: Map<string, TaskStatus> | null,
  callsSoFar: Map<string, number>,
): Map<string, Modelled> {
  const out = new Map<string, Modelled>();
  for (const task of tasks) {
    const needs = (needsOf.get(task.name) ?? []).map((n) => out.get(n) as Modelled);
    const needsOk = needs.every((n) => n.chainOk);
    const before = previous?.get(task.name);
    const ended = (status: TaskStatus, called: boolean): Modelled => ({
      status,
      called,
      chainOk: (status === "success" || (status === "failure" && task.continueOnError)) && needsOk,
      waits: status === "waiting",
    });
    if (before === "success" || (before === "waiting" && task.kind === "layer")) {
      out.set(task.name, ended("success", false));
      continue;
    }
    if (needs.some((n) => n.waits)) {
      out.set(task.name, ended("waiting", false));
      continue;
    }
    if (task.if === "" && !needsOk) {
      out.set(task.name, ended("skipped", false));
      continue;
    }
    const first = (callsSoFar.get(task.name) ?? 0) === 0;
    const trouble = first && task.troubleFirst;
    const status: TaskStatus = !trouble ? "success" : task.kind === "service" ? "failure" : "waiting";
    out.set(task.name, ended(status, true));
  }
  return out;
}

test("random DAGs: resumes and re-runs call each task until it succeeds, never again after, and lose none", async () => {
  await fc.assert(
    fc.asyncProperty(workflows, async ({ concurrency, tasks }) => {
      const planned = plannedTasks(tasks.map((t) => ({ ...t, if: t.if || undefined })));
      const needsOf = new Map(planned.map((t) => [t.name, t.needs]));
      const byName = new Map(tasks.map((t) => [t.name, t]));
      const names = tasks.map((t) => t.name);

      // One fake service for every round: it counts calls per task across rounds.
      const callsSoFar = new Map<string, number>();
      let roundCalls: string[] = [];
      const fake = fakeCall(
        (name) => {
          const task = byName.get(name) as RandomTask;
          const count = callsSoFar.get(name) ?? 0;
          callsSoFar.set(name, count + 1);
          roundCalls.push(name);
          const trouble = count === 0 && task.troubleFirst;
          if (task.kind === "service") return trouble ? fail("HTTP 500") : succeed({ from: name });
          return succeed(trouble ? { review: true, reasons: ["look"] } : { approved: true });
        },
        (name) => byName.get(name)?.ticks ?? 0,
      );

      const maxRounds = 2 * tasks.length + 2;
      let previous: PreparedRun["previous"];
      let result: RunResult | undefined;
      const everWaited = new Set<string>();
      const succeededIn = new Map<string, number>();
      for (let round = 1; round <= maxRounds; round++) {
        const prepared = preparedRun(planned, concurrency);
        prepared.run = { ...prepared.run, attempt: round };
        if (previous) prepared.previous = previous;
        const expected = modelRound(
          tasks,
          needsOf,
          previous ? new Map(Object.entries(previous.tasks).map(([n, s]) => [n, s.status])) : null,
          new Map(callsSoFar),
        );
        roundCalls = [];
        result = await runWorkflow(prepared, { call: fake.call, clock: systemClock, cannotPark: null });

        const statuses = Object.fromEntries(result.tasks.map((t) => [t.name, t.status]));
        expect(statuses).toEqual(Object.fromEntries([...expected].map(([n, m]) => [n, m.status])));
        // Called at most once per round, exactly the tasks the model calls.
        expect(new Set(roundCalls).size).toBe(roundCalls.length);
        expect([...roundCalls].sort()).toEqual(names.filter((n) => expected.get(n)?.called).sort());
        // A task that succeeded in an earlier round is never called again, and stays success.
        for (const [name, when] of succeededIn) {
          expect(roundCalls).not.toContain(name);
          expect(statuses[name]).toBe("success");
          if (when < round)
            expect(result.tasks.find((t) => t.name === name)?.calls.length).toBeGreaterThan(0);
        }
        for (const task of result.tasks) {
          if (task.status === "success" && !succeededIn.has(task.name)) succeededIn.set(task.name, round);
          if (task.status === "waiting" && task.review) everWaited.add(task.name);
        }
        // A continue-on-error failure leaves the run a success: it is re-run all the same.
        if (result.tasks.every((t) => t.status === "success")) break;
        if (result.status === "success")
          expect(result.tasks.every((t) => t.status === "success" || t.continueOnError)).toBe(true);
        const state = stateOf(result, "digest", "2000-01-01");
        const saved: Record<string, SavedTask> = state.tasks;
        previous = { tasks: saved, approval: APPROVAL };
      }

      // No task lost: the last round is a success in which every task succeeded.
      expect(result?.status).toBe("success");
      expect(result?.tasks.map((t) => [t.name, t.status])).toEqual(names.map((n) => [n, "success"]));
      // Across rounds, the same tasks are called as in one run where all succeed and approve.
      expect(new Set(callsSoFar.keys())).toEqual(new Set(names));
      // Each task is called once, plus once more when its first call failed or asked for a review
      // of a service (a gate that waited is approved on resume, never called again).
      for (const task of tasks) {
        const calls = callsSoFar.get(task.name);
        expect(calls).toBe(task.troubleFirst && task.kind === "service" ? 2 : 1);
      }
      // Gates that waited end approved by the reviewer, and the approval survives later replays.
      for (const name of everWaited) {
        const gate = result?.tasks.find((t) => t.name === name);
        expect(gate?.review?.approval?.by).toBe("ada");
        expect(gate?.outputs).toMatchObject({ approved: true });
      }
    }),
    { numRuns: 100 },
  );
});
