import { describe, expect, it } from "vitest";
import { unionInputs } from "../../src/cli/dispatch-inputs.js";
import { planOf } from "../triggers/plans.js";

describe("unionInputs", () => {
  it("merges inputs of the same name, required only when every definition requires it", () => {
    const a = planOf(
      "A",
      "{ dispatch: { inputs: { date: { required: true, description: Day }, n: { type: number } } } }",
    );
    const b = planOf("B", "{ dispatch: { inputs: { date: { required: true } } } }");
    const c = planOf("C");
    expect(unionInputs([a, b])).toEqual({
      date: { description: "Day (for A, B)", type: "string", required: true },
      n: { description: "n (for A)", type: "number", required: false },
    });
    // C's dispatch would be refused by GitHub's form if it demanded a date C never reads.
    expect(unionInputs([a, b, c]).date?.required).toBe(false);
  });

  it("falls back to text when types differ, and unites choice options", () => {
    const a = planOf(
      "A",
      "{ dispatch: { inputs: { x: { type: number }, size: { type: choice, options: [s, m] } } } }",
    );
    const b = planOf(
      "B",
      "{ dispatch: { inputs: { x: { type: boolean }, size: { type: choice, options: [m, l] } } } }",
    );
    const inputs = unionInputs([a, b]);
    expect(inputs.x?.type).toBe("string");
    expect(inputs.size).toMatchObject({ type: "choice", options: ["s", "m", "l"] });
  });

  it("keeps a default only when every definition declaring the input agrees on it", () => {
    const a = planOf(
      "A",
      "{ dispatch: { inputs: { dry: { type: boolean, default: true }, n: { default: 1 } } } }",
    );
    const b = planOf(
      "B",
      "{ dispatch: { inputs: { dry: { type: boolean, default: true }, n: { default: 2 } } } }",
    );
    const inputs = unionInputs([a, b]);
    expect(inputs.dry?.default).toBe(true);
    expect(inputs.n).not.toHaveProperty("default");
  });
});
