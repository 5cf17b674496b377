import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { envNamesOf, renderGithubWorkflow } from "../../src/cli/github-workflow.js";
import { planOf } from "../triggers/plans.js";

const single = { folder: "workflows", matrix: false };

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
