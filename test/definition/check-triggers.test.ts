import { describe, expect, it } from "vitest";
import { inputProblem } from "../../src/definition/check-triggers.js";
import { parseWorkflow } from "../../src/definition/load.js";
import { formatProblem } from "../../src/definition/problem.js";
import type { DispatchInputSpec } from "../../src/engine/plan-schema.js";

describe("inputProblem", () => {
  const problems = (inputs: Record<string, DispatchInputSpec>) =>
    Object.entries(inputs).flatMap(([name, spec]) => {
      const why = inputProblem(name, spec);
      return why ? [`${name}: ${why}`] : [];
    });

  it("flags the action's own input names and names GitHub refuses", () => {
    expect(problems({ workflow: {}, params: {}, "has space": {}, "fine_one-2": {} })).toEqual([
      'workflow: "workflow" is the action\'s own dispatch input: rename it',
      'params: "params" is the action\'s own dispatch input: rename it',
      'has space: "has space" is not a GitHub input name (a letter or _, then letters, digits, _ or -)',
    ]);
  });

  it("flags what actionlint refuses: a choice without options, a default its type does not take", () => {
    expect(
      problems({
        a: { type: "choice" },
        b: { type: "choice", options: ["x"], default: "z" },
        c: { type: "number", default: "abc" },
        d: { type: "boolean", default: "maybe" },
        e: { type: "number", default: "5" },
      }),
    ).toEqual([
      'a: the choice input "a" needs options',
      'b: its default does not fit: the input "b" must be one of x; got "z"',
      'c: its default does not fit: the input "c" must be a number, got "abc"',
      'd: its default does not fit: the input "d" must be true or false, got "maybe"',
    ]);
  });
});

describe("schedules", () => {
  it("warn, at the cron, when one runs more often than GitHub runs any schedule; the plan stands", () => {
    const text = `id: Often
on:
  schedule:
    - cron: "0 6 * * *"
    - cron: "*/2 * * * *"
    - { cron: "58,1 * * * *" }
endpoints: { S: { url: "http://127.0.0.1:1" } }
tasks:
  - { name: A, service: S, action: go }
`;
    const { plan, problems } = parseWorkflow("often.yml", text);
    expect(problems.map(formatProblem)).toEqual([
      'often.yml:5:13: warning: on.schedule[1].cron: "*/2 * * * *" asks for runs 2 minutes apart; GitHub runs a schedule at most every 5 minutes',
      'often.yml:6:15: warning: on.schedule[2].cron: "58,1 * * * *" asks for runs 3 minutes apart; GitHub runs a schedule at most every 5 minutes',
    ]);
    expect(plan?.id).toBe("Often");
  });
});
