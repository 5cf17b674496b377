import { describe, expect, test } from "vitest";
import { ALL_CONTEXTS, compileCondition, compileValue } from "../../src/expressions/compile.js";
import {
  buildContext,
  evaluateCondition,
  evaluateValue,
  type StatusAnswers,
  toExpressionData,
} from "../../src/expressions/evaluate.js";

const context = buildContext({
  params: toExpressionData({
    n: 3,
    region: "west",
    list: ["a", "b"],
    raw: '{"x":1}',
    bad: "{nope",
    trap: "${{ env.TOKEN }}",
  }),
  env: toExpressionData({ TOKEN: "s3cret" }),
  run: toExpressionData({ id: "r1", attempt: 2, date: "2024-06-01", trigger: "cli", workflow: "W" }),
  github: toExpressionData({ event_name: "schedule" }),
  tasks: toExpressionData({ Review: { outputs: { approved: true, reasons: ["ok"] }, status: "success" } }),
});

function evaluate(value: unknown) {
  const compiled = compileValue(value, ALL_CONTEXTS);
  if (!compiled.ok) throw new Error(compiled.problems.map((p) => p.message).join("; "));
  return evaluateValue(compiled.value, context);
}

describe("values", () => {
  test.each([
    ["${{ params.n }}", 3],
    ["${{ params.n > 2 }}", true],
    ["${{ params.list }}", ["a", "b"]],
    ["${{ fromJSON(params.raw) }}", { x: 1 }],
    ["${{ tasks.Review.outputs.approved }}", true],
    ["${{ null }}", null],
  ])("a string that is exactly %s keeps its type", (source, expected) => {
    expect(evaluate(source)).toEqual({ ok: true, value: expected });
  });

  test.each([
    ["n=${{ params.n }}", "n=3"],
    ["${{ params.n }}${{ params.n }}", "33"],
    [" ${{ params.n }}", " 3"],
    ["${{ params.list }}!", '["a","b"]!'],
    ["[${{ null }}]", "[]"],
  ])("text around expressions makes a string: %s", (source, expected) => {
    expect(evaluate(source)).toEqual({ ok: true, value: expected });
  });

  test("the functions of GitHub's language work", () => {
    expect(
      evaluate({
        contains: "${{ contains(params.list, 'b') }}",
        startsWith: "${{ startsWith(params.region, 'WE') }}",
        endsWith: "${{ endsWith(params.region, 'st') }}",
        format: "${{ format('{0}/{1}', run.date, params.region) }}",
        join: "${{ join(params.list, '+') }}",
        toJSON: "${{ toJSON(params.list) }}",
        fromJSON: "${{ fromJSON('[1, 2]') }}",
        casing: "${{ PARAMS.Region }}",
      }),
    ).toEqual({
      ok: true,
      value: {
        contains: true,
        startsWith: true,
        endsWith: true,
        format: "2024-06-01/west",
        join: "a+b",
        toJSON: '[\n  "a",\n  "b"\n]',
        fromJSON: [1, 2],
        casing: "west",
      },
    });
  });

  test("expressions are found at any depth, literals stay as they are", () => {
    expect(evaluate({ a: [{ b: "${{ run.attempt }}" }, 7, false], c: null })).toEqual({
      ok: true,
      value: { a: [{ b: 2 }, 7, false], c: null },
    });
  });

  test("`}}` inside a quoted string does not end the expression", () => {
    expect(evaluate("${{ 'a}}b' }}")).toEqual({ ok: true, value: "a}}b" });
  });

  test("a value read from data is never evaluated again", () => {
    expect(evaluate("${{ params.trap }}")).toEqual({ ok: true, value: "${{ env.TOKEN }}" });
    expect(evaluate("see ${{ params.trap }}")).toEqual({ ok: true, value: "see ${{ env.TOKEN }}" });
    expect(evaluate("${{ fromJSON(toJSON(params.trap)) }}")).toEqual({ ok: true, value: "${{ env.TOKEN }}" });
  });

  test("a runtime failure names the expression and where it is", () => {
    expect(evaluate({ deep: [1, "${{ fromJSON(params.bad) }}"] })).toEqual({
      ok: false,
      source: "fromJSON(params.bad)",
      path: ["deep", 1],
      message: expect.stringMatching(/JSON/),
    });
  });
});

describe("conditions", () => {
  const status = (over: Partial<Record<keyof StatusAnswers, boolean>> = {}): StatusAnswers => ({
    success: () => over.success ?? true,
    failure: () => over.failure ?? false,
    always: () => true,
    cancelled: () => over.cancelled ?? false,
  });
  function condition(source: string | boolean | undefined, answers = status()) {
    const compiled = compileCondition(source);
    if (!compiled.ok) throw new Error(compiled.message);
    const result = evaluateCondition(compiled.value, context, answers);
    if (!result.ok) throw new Error(result.message);
    return result.value;
  }

  test.each([
    ["tasks.Review.outputs.approved", true],
    ["${{ tasks.Review.outputs.approved }}", true],
    ["  ${{ !tasks.Review.outputs.approved }}  ", false],
    ["params.n == 3 && github.event_name == 'schedule'", true],
    ["params.missing", false],
    ["''", false],
    ["0", false],
    ["'false'", true],
    [false, false],
    [true, true],
  ])("%s is %s", (source, expected) => {
    expect(condition(source)).toBe(expected);
  });

  test("no condition, or an empty one, means success()", () => {
    expect(condition(undefined, status({ success: false }))).toBe(false);
    expect(condition("", status({ success: false }))).toBe(false);
    expect(condition(undefined)).toBe(true);
  });

  test("status functions answer from the run, in any case", () => {
    expect(condition("failure()", status({ success: false, failure: true }))).toBe(true);
    expect(condition("Always()", status({ success: false }))).toBe(true);
    expect(condition("${{ cancelled() }}")).toBe(false);
    expect(condition("success() || failure()", status({ success: false, failure: false }))).toBe(false);
  });

  test("text around `${{ }}` in an `if` is refused rather than read as an always-true string", () => {
    expect(compileCondition("${{ true }} && ${{ false }}")).toMatchObject({
      ok: false,
      message: /one expression/,
    });
  });
});
