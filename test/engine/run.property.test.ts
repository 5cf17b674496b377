import fc from "fast-check";
import { expect, test } from "vitest";
import { systemClock } from "../../src/engine/clock.js";
import type { RunEvent } from "../../src/engine/events.js";
import type { TaskStatus } from "../../src/engine/result.js";
import { runWorkflow } from "../../src/engine/run.js";
import { fail, fakeCall, plannedTasks, preparedRun, succeed, type TaskSketch } from "./fixtures.js";

/** Conditions with what they mean, given success() and failure() over the needs. */
const CONDITIONS: Record<string, (s: { success: boolean; failure: boolean }) => boolean> = {
  "": (s) => s.success,
  "success()": (s) => s.success,
  "always()": () => true,
  "failure()": (s) => s.failure,
  "!cancelled()": () => true,
  "success() || failure()": (s) => s.success || s.failure,
  true: (s) => s.success, // no status function: success() && (true)
};

type Outcome = "ok" | "fail" | "reject";
interface RandomTask extends TaskSketch {
  outcome: Outcome;
  ticks: number;
}

/** Random DAGs: a task needs only tasks listed before it, or (needs omitted) the one just before. */
const workflows = fc.integer({ min: 1, max: 10 }).chain((count) =>
  fc.record({
    concurrency: fc.integer({ min: 1, max: 4 }),
    tasks: fc.tuple(
      ...Array.from({ length: count }, (_, i) => {
        const earlier = Array.from({ length: i }, (_, j) => `T${j}`);
        return fc.record({
          name: fc.constant<string>(`T${i}`),
          needs: fc.option(fc.subarray(earlier), { nil: undefined }),
          kind: fc.constantFrom("service" as const, "layer" as const),
          if: fc.constantFrom(...Object.keys(CONDITIONS)),
          continueOnError: fc.boolean(),
          outcome: fc.constantFrom<Outcome>("ok", "fail", "reject"),
          ticks: fc.nat(3),
        });
      }),
    ),
  }),
);

function answer(task: RandomTask) {
  if (task.outcome === "fail") return fail("HTTP 500");
  if (task.kind === "service") return succeed({ from: task.name });
  return succeed({ approved: task.outcome === "ok" });
}

/** What each task should end as by the definition rules, worked out independently of the engine. */
function expectedStatuses(tasks: RandomTask[], needsOf: Map<string, string[]>): Map<string, TaskStatus> {
  const status = new Map<string, TaskStatus>();
  const byName = new Map(tasks.map((t) => [t.name, t]));
  const ancestors = (name: string): string[] => {
    const direct = needsOf.get(name) ?? [];
    return [...new Set([...direct, ...direct.flatMap(ancestors)])];
  };
  for (const task of tasks) {
    const above = ancestors(task.name).map((n) => ({
      status: status.get(n),
      coe: byName.get(n)?.continueOnError,
    }));
    const success = above.every((a) => a.status === "success" || (a.status === "failure" && a.coe));
    const failure = above.some((a) => a.status === "failure" && !a.coe);
    const runs = (CONDITIONS[task.if ?? ""] as (typeof CONDITIONS)[string])({ success, failure });
    const called: TaskStatus =
      task.outcome === "fail"
        ? "failure"
        : task.outcome === "reject" && task.kind === "layer"
          ? "rejected"
          : "success";
    status.set(task.name, runs ? called : "skipped");
  }
  return status;
}

test("random DAGs: order, concurrency, one call and one result per task, statuses as specified", async () => {
  await fc.assert(
    fc.asyncProperty(workflows, async ({ concurrency, tasks }) => {
      const planned = plannedTasks(tasks.map((t) => ({ ...t, if: t.if || undefined })));
      const needsOf = new Map(planned.map((t) => [t.name, t.needs]));
      const byName = new Map(tasks.map((t) => [t.name, t]));
      const fake = fakeCall(
        (name) => answer(byName.get(name) as RandomTask),
        (name) => byName.get(name)?.ticks ?? 0,
      );
      const events: RunEvent[] = [];
      const result = await runWorkflow(preparedRun(planned, concurrency), {
        call: fake.call,
        clock: systemClock,
        onEvent: (e) => events.push(e),
      });

      const ends = events.flatMap((e, i) => (e.type === "task:end" ? [[e.result.name, i] as const] : []));
      expect(result.tasks.map((t) => t.name)).toEqual(tasks.map((t) => t.name));
      expect(ends.map(([name]) => name).sort()).toEqual(tasks.map((t) => t.name).sort());
      const endedAt = new Map(ends);
      events.forEach((e, i) => {
        if (e.type !== "task:start") return;
        for (const need of needsOf.get(e.task) ?? []) expect(endedAt.get(need)).toBeLessThan(i);
      });
      const starts = fake.log.filter((line) => line.startsWith("start:"));
      expect(new Set(starts).size).toBe(starts.length);
      expect(fake.maxInFlight()).toBeLessThanOrEqual(concurrency);

      const expected = expectedStatuses(tasks, needsOf);
      expect(Object.fromEntries(result.tasks.map((t) => [t.name, t.status]))).toEqual(
        Object.fromEntries(expected),
      );
      for (const task of result.tasks)
        expect(starts.includes(`start:${task.name}`)).toBe(task.status !== "skipped");
    }),
    { numRuns: 300 },
  );
});

test("with enough independent tasks, concurrency is reached but never passed", async () => {
  const tasks = Array.from({ length: 9 }, (_, i) => ({ name: `T${i}`, needs: [] }));
  const fake = fakeCall(
    () => succeed(null),
    () => 2,
  );
  await runWorkflow(preparedRun(plannedTasks(tasks), 3), { call: fake.call, clock: systemClock });
  expect(fake.maxInFlight()).toBe(3);
});
