import { describe, expect, it } from "vitest";
import { inputProblem } from "../../src/definition/check-triggers.js";
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
