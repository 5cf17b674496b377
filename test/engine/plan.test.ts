import { describe, expect, test } from "vitest";
import { parseWorkflow } from "../../src/definition/load.js";
import { formatProblem } from "../../src/definition/problem.js";
import { ancestryOf, findCycles, planWaves, tasksOnCycles } from "../../src/engine/plan.js";

const graph = (needs: Record<string, string[]>) =>
  Object.entries(needs).map(([name, n]) => ({ name, needs: n }));

function planOf(tasks: string) {
  const text = `id: W\nendpoints:\n  S: { url: "http://127.0.0.1:1" }\ntasks:\n${tasks}`;
  return parseWorkflow("w.yml", text);
}

describe("planWaves", () => {
  test("a task is in the wave after the last of its needs", () => {
    const tasks = graph({ A: [], B: ["A"], C: ["A"], D: ["B", "C"], E: [], F: ["E", "D"] });
    expect(planWaves(tasks)).toEqual([["A", "E"], ["B", "C"], ["D"], ["F"]]);
  });

  test("tasks on a cycle, and those waiting on one, are in no wave", () => {
    const tasks = graph({ A: [], B: ["C"], C: ["B"], D: ["B"] });
    expect(planWaves(tasks)).toEqual([["A"]]);
    expect(tasksOnCycles(tasks)).toEqual(["B", "C", "D"]);
  });
});

describe("findCycles", () => {
  test("names each cycle once, from its first task, as the shortest loop", () => {
    const tasks = graph({ A: [], B: ["D"], C: ["B"], D: ["C", "A"], E: ["E2"], E2: ["E"], F: ["B"] });
    expect(findCycles(tasks)).toEqual([
      ["B", "D", "C", "B"],
      ["E", "E2", "E"],
    ]);
  });

  test("a graph without cycles has none", () => {
    expect(findCycles(graph({ A: [], B: ["A"], C: ["A", "B"] }))).toEqual([]);
  });
});

test("ancestry follows direct and indirect needs only", () => {
  const isAncestor = ancestryOf(graph({ A: [], B: ["A"], C: ["B"], D: [] }));
  expect(isAncestor("C", "A")).toBe(true);
  expect(isAncestor("A", "C")).toBe(false);
  expect(isAncestor("C", "D")).toBe(false);
  expect(isAncestor("C", "C")).toBe(false);
});

describe("needs in a definition", () => {
  test("by default a task needs the one listed before it, whatever that one needs", () => {
    const { plan } = planOf(`  - { name: A, service: S, action: a }
  - { name: B, service: S, action: b, needs: [] }
  - { name: C, service: S, action: c }
  - { name: D, service: S, action: d, needs: [a, B, A] }
`);
    expect(plan?.tasks.map((t) => [t.name, t.needs])).toEqual([
      ["A", []],
      ["B", []],
      ["C", ["B"]],
      ["D", ["A", "B"]],
    ]);
    expect(planWaves(plan?.tasks ?? [])).toEqual([
      ["A", "B"],
      ["C", "D"],
    ]);
  });

  test("a cycle is a definition error that spells out the loop", () => {
    const { plan, problems } = planOf(`  - { name: A, service: S, action: a, needs: [C] }
  - { name: B, service: S, action: b }
  - { name: C, service: S, action: c }
`);
    expect(plan).toBeUndefined();
    expect(problems.map(formatProblem)).toEqual([
      "w.yml:5:46: error: tasks[0].needs: needs form a cycle: A → C → B → A (a task without `needs` needs the task listed before it)",
    ]);
  });

  test("unknown names and a task needing itself are definition errors", () => {
    const { problems } = planOf(`  - { name: A, service: S, action: a, needs: [Nope, A] }
`);
    expect(problems.map(formatProblem)).toEqual([
      'w.yml:5:47: error: tasks[0].needs[0]: no task named "Nope"',
      "w.yml:5:53: error: tasks[0].needs[1]: a task cannot need itself",
    ]);
  });
});

test("a cycle above 10,000 waiting tasks is found in linear time", () => {
  const chain = Array.from({ length: 10_000 }, (_, i) => ({
    name: `T${i}`,
    needs: [i === 0 ? "B" : `T${i - 1}`],
  }));
  const tasks = [{ name: "A", needs: ["B"] }, { name: "B", needs: ["A"] }, ...chain];
  const started = performance.now();
  expect(findCycles(tasks)).toEqual([["A", "B", "A"]]);
  expect(performance.now() - started).toBeLessThan(1000);
});
