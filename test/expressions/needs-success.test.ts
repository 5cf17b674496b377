import { describe, expect, it } from "vitest";
import { compileCondition, needsSuccess } from "../../src/expressions/compile.js";

const reads = (condition: string | boolean | undefined) => {
  const compiled = compileCondition(condition);
  if (!compiled.ok) throw new Error(compiled.message);
  return needsSuccess(compiled.value);
};

describe("needsSuccess", () => {
  it("is true where GitHub reads the if as success() && (…)", () => {
    expect(
      [undefined, "success()", " SUCCESS( ) ", "params.go", "${{ tasks.A.outputs.ok }}", true].map(reads),
    ).toEqual(Array(6).fill(true));
  });

  it("is false once the if calls a status function of its own in any other way", () => {
    expect(
      ["always()", "failure()", "success() || failure()", "!success()", "cancelled()"].map(reads),
    ).toEqual(Array(5).fill(false));
  });
});
