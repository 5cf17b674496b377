import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { DispatchInputSpec } from "../../src/engine/plan-schema.js";
import { unionInputs } from "../../src/cli/dispatch-inputs.js";
import { inputProblem } from "../../src/definition/check-triggers.js";
import { envNamesOf, renderGithubWorkflow } from "../../src/cli/github-workflow.js";
import { planOf } from "../triggers/plans.js";

const single = { folder: "workflows", matrix: false };

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

describe("envNamesOf", () => {
  it("finds env names in params, headers, with and if, less the runner's own", () => {
    const plan = planOf(
      "A",
      undefined,
      [
        "params: { who: '${{ env.WHO }}', sha: '${{ env.GITHUB_SHA }}' }",
        "endpoints: { Svc: { url: http://127.0.0.1:9/svc, headers: { Authorization: 'Bearer ${{ env.API_TOKEN }}' } } }",
        "tasks:",
        "  - { name: Work, service: Svc, action: go, with: { k: '${{ env.KEY }}' }, if: env.ENABLED == 'yes' }",
      ].join("\n"),
    );
    expect(envNamesOf([plan])).toEqual(["API_TOKEN", "ENABLED", "KEY", "WHO"]);
  });
});

describe("renderGithubWorkflow", () => {
  it("takes repository_dispatch of any type when one definition declares no types", () => {
    const a = planOf("A", "{ repository_dispatch: { types: [x] } }");
    const b = planOf("B", "{ repository_dispatch: }");
    const written = renderGithubWorkflow([a, b], single);
    expect(written.types).toBe("any");
    expect(parse(written.text).on).toHaveProperty("repository_dispatch", null);
  });

  it("leaves out the triggers no definition declares", () => {
    const written = renderGithubWorkflow([planOf("A")], single);
    expect(Object.keys(parse(written.text).on)).toEqual(["workflow_dispatch"]);
    expect(written.types).toEqual([]);
  });

  it("past ten inputs, takes params as one text input and hands it to the action", () => {
    const names = Array.from({ length: 10 }, (_, i) => `in${i}: {}`).join(", ");
    const written = renderGithubWorkflow([planOf("A", `{ dispatch: { inputs: { ${names} } } }`)], single);
    const doc = parse(written.text);
    expect(written.paramsFallback).toBe(true);
    expect(Object.keys(doc.on.workflow_dispatch.inputs)).toEqual(["workflow", "params"]);
    expect(doc.jobs.run.steps[1].with).toEqual({ workflow: "workflows", params: "${{ inputs.params }}" });
    expect(written.text).toContain("The definitions declare 10 inputs; GitHub takes 10 with `workflow`");
  });

  it("keeps nine declared inputs as inputs of their own", () => {
    const names = Array.from({ length: 9 }, (_, i) => `in${i}: {}`).join(", ");
    const written = renderGithubWorkflow([planOf("A", `{ dispatch: { inputs: { ${names} } } }`)], single);
    expect(written.paramsFallback).toBe(false);
    expect(written.inputs).toHaveLength(10);
  });

  it("notes the secrets to map into env on every action step", () => {
    const plan = planOf(
      "A",
      undefined,
      "endpoints: { Svc: { url: http://x/s, headers: { X-Api-Key: '${{ env.SVC_KEY }}' } } }\ntasks: [{ name: W, service: Svc, action: go }]",
    );
    const text = renderGithubWorkflow([plan], { folder: "ops/flows", matrix: true }).text;
    expect(text.match(/# {5}SVC_KEY: \$\{\{ secrets\.SVC_KEY \}\}/g)).toHaveLength(2);
    expect(parse(text).jobs.plan.steps[1].with.workflow).toBe("ops/flows");
  });
});
