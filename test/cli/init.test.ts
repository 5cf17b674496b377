import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadDefinitions } from "../../src/definition/load.js";
import { cronDrift } from "../../src/cli/cron-drift.js";
import { renderGithubWorkflow } from "../../src/cli/github-workflow.js";
import { planReviewJob } from "../../src/cli/init-review.js";
import { findTestFiles } from "../../src/cli/init-tests.js";
import { actionlint, init, OUT, repo, ROOT } from "./init-repo.js";

const MULTI_CRONS = ["0 6 * * *", "0 18 * * *", "0 7 * * 1"];
const MULTI_IDS = ["DailyCensus", "DashboardRefresh", "WeeklyPolicyReview"];

// Without their gates: gated definitions get a review job (init-review.test.ts) and no matrix.
const ungated = { gates: false };

describe("mgmt init round trip", () => {
  for (const matrix of [false, true]) {
    it(`writes a ${matrix ? "plan + matrix" : "one-job"} workflow that lints clean and matches the definitions`, async () => {
      await repo({}, ungated);
      const ran = await init(...(matrix ? ["--matrix"] : []));
      expect(ran).toMatchObject({ code: 0, err: "" });
      expect(ran.out).toContain(`wrote ${OUT} for 3 workflow(s)`);
      expect(ran.out).toContain('"0 6 * * *" (every day at 06:00 UTC)');

      const lint = await actionlint(OUT);
      expect(lint.stdout).toContain("Checking 1 workflow file(s)");
      expect(lint.code).toBe(0);

      const text = await readFile(OUT, "utf8");
      const doc = parse(text);
      expect(doc.on.schedule.map((s: { cron: string }) => s.cron)).toEqual(MULTI_CRONS);
      expect(doc.on.repository_dispatch).toEqual({ types: ["census-update"] });
      const inputs = doc.on.workflow_dispatch.inputs;
      expect(Object.keys(inputs)).toEqual(["workflow", "date", "threshold", "region", "strict"]);
      expect(inputs.workflow).toMatchObject({ type: "choice", required: true, options: MULTI_IDS });
      expect(inputs.threshold).toMatchObject({ type: "number", default: 100, required: false });
      expect(inputs.region.options).toEqual(["all", "north", "south", "east", "west", "central"]);
      expect(doc.concurrency).toEqual({
        group: "mgmt-${{ github.event.schedule || inputs.workflow || github.event.action || github.ref }}",
        "cancel-in-progress": false,
      });
      expect(doc.permissions).toEqual({ contents: "read", issues: "write" });

      const loaded = await loadDefinitions("workflows");
      expect(cronDrift(loaded.plans, text, OUT)).toEqual([]);
    });
  }

  it("one-job shape: checkout, then the action on the folder", async () => {
    await repo({}, ungated);
    await init();
    const { jobs } = parse(await readFile(OUT, "utf8"));
    expect(Object.keys(jobs)).toEqual(["run"]);
    expect(jobs.run.steps).toEqual([
      { uses: "actions/checkout@v6" },
      { uses: "hms/mgmt-action@v1", with: { workflow: "workflows", "failure-issue": true } },
    ]);
  });

  it("matrix shape: a dry-run plan job hands workflow-ids to one run job per workflow", async () => {
    await repo({}, ungated);
    await init("--matrix");
    const { jobs } = parse(await readFile(OUT, "utf8"));
    expect(jobs.plan.outputs).toEqual({ "workflow-ids": "${{ steps.plan.outputs.workflow-ids }}" });
    expect(jobs.plan.steps[1]).toEqual({
      id: "plan",
      uses: "hms/mgmt-action@v1",
      with: { workflow: "workflows", "dry-run": true },
    });
    expect(jobs.run).toMatchObject({
      needs: "plan",
      if: "needs.plan.outputs.workflow-ids != '[]'",
      strategy: {
        matrix: { workflow: "${{ fromJSON(needs.plan.outputs.workflow-ids) }}" },
        "fail-fast": false,
      },
    });
    expect(jobs.run.steps[1].with).toEqual({
      workflow: "workflows",
      "workflow-id": "${{ matrix.workflow }}",
      "failure-issue": true,
    });
  });

  it("notes the secrets to map and takes any repository_dispatch type, linting clean", async () => {
    await repo({
      "ops/a.yml": [
        "id: A",
        "on: { repository_dispatch: }",
        "endpoints: { S: { url: http://x, headers: { Authorization: 'Bearer ${{ env.S_TOKEN }}' } } }",
        "tasks: [{ name: T, service: S, action: a }]",
      ].join("\n"),
    });
    const ran = await init("ops", "--matrix");
    expect(ran.out).toContain("secrets to map into env: S_TOKEN");
    expect(ran.out).toContain("repository_dispatch: any type");
    expect((await actionlint(OUT)).code).toBe(0);
    const text = await readFile(OUT, "utf8");
    expect(text).toMatch(/^ {2}repository_dispatch:\n/m);
    expect(text).toContain("#     S_TOKEN: ${{ secrets.S_TOKEN }}");
  });

  it("past ten inputs, the fallback params input also lints clean", async () => {
    const inputs = Array.from({ length: 12 }, (_, i) => `      in${i}: { type: number }`).join("\n");
    await repo({
      "many/big.yml": `id: Big\non:\n  dispatch:\n    inputs:\n${inputs}\nendpoints: { S: { url: http://x } }\ntasks: [{ name: T, service: S, action: a }]\n`,
    });
    const ran = await init("many");
    expect(ran.out).toContain(
      "workflow_dispatch inputs: workflow, params (over 10 declared: params takes them as JSON)",
    );
    expect((await actionlint(OUT)).code).toBe(0);
    expect(Object.keys(parse(await readFile(OUT, "utf8")).on.workflow_dispatch.inputs)).toEqual([
      "workflow",
      "params",
    ]);
  });
});

describe("mgmt init refuses", () => {
  it("to overwrite a file unless --force", async () => {
    await repo({ [OUT]: "# mine\n" });
    expect(await init()).toMatchObject({
      code: 1,
      err: `mgmt: ${OUT} exists; nothing was written (--force replaces it)`,
    });
    expect(await readFile(OUT, "utf8")).toBe("# mine\n");
    expect((await init("--force")).code).toBe(0);
    expect(await readFile(OUT, "utf8")).toContain("hms/mgmt-action@v1");
  });

  it("definitions with errors, listing each with its place, writing nothing", async () => {
    await repo({
      "workflows/broken.yml": "id: Broken\ntasks:\n  - { name: T, service: Nowhere, action: go }\n",
    });
    const ran = await init();
    expect(ran.code).toBe(2);
    expect(ran.err).toMatch(/workflows\/broken\.yml:3:\d+: error: tasks\[0\]\.service: /);
    expect(ran.err).toContain("nothing was written");
    await expect(stat(OUT)).rejects.toThrow();
  });

  it("a dispatch input named like the action's own, pointing at it", async () => {
    await repo({
      "flows/a.yml":
        "id: A\non:\n  dispatch:\n    inputs:\n      workflow: {}\nendpoints: { S: { url: http://x } }\ntasks: [{ name: T, service: S, action: a }]\n",
    });
    const ran = await init("flows");
    expect(ran.code).toBe(2);
    expect(ran.err).toContain(
      `flows${path.sep}a.yml:5:7: error: on.dispatch.inputs.workflow: "workflow" is the action's own dispatch input: rename it`,
    );
  });

  it("a cron GitHub would refuse (with it, the whole workflow file), pointing at it", async () => {
    await repo({
      "flows/a.yml":
        'id: A\non:\n  schedule:\n    - cron: "0 6 * * 7"\nendpoints: { S: { url: http://x } }\ntasks: [{ name: T, service: S, action: a }]\n',
    });
    const ran = await init("flows");
    expect(ran.code).toBe(2);
    expect(ran.err).toContain(
      `flows${path.sep}a.yml:4:13: error: on.schedule[0].cron: "0 6 * * 7": the day of week field has 7, outside 0-6 (or SUN-SAT)`,
    );
  });

  it("opens failure issues only for scheduled definitions: dispatch alone asks for no issues: write", async () => {
    const dispatched =
      "id: A\non:\n  dispatch: {}\nendpoints: { S: { url: http://x } }\ntasks: [{ name: T, service: S, action: a }]\n";
    await repo({ "flows/a.yml": dispatched });
    expect((await init("flows")).code).toBe(0);
    const doc = parse(await readFile(OUT, "utf8"));
    expect(doc.permissions).toEqual({ contents: "read" });
    expect(doc.jobs.run.steps[1].with).toEqual({ workflow: "flows" });
    expect(await readFile(OUT, "utf8")).not.toContain("mgmt-failure");
  });

  it("a folder outside the repository, and stray arguments", async () => {
    await repo();
    expect((await init("../elsewhere")).code).toBe(2);
    expect((await init("a", "b")).err).toContain("takes one folder");
    expect((await init("--nope")).err).toContain("mgmt init [folder] [--matrix] [--force]");
  });
});

describe("this repository's .github/workflows/mgmt.yml", () => {
  it("is what mgmt init writes for workflows/ (run `mgmt init --force` after changing a definition's on:)", async () => {
    const loaded = await loadDefinitions(path.join(ROOT, "workflows"));
    const planned = planReviewJob(loaded.plans, false);
    if (!planned.ok) throw new Error(planned.error);
    const expected = renderGithubWorkflow(loaded.plans, {
      folder: "workflows",
      matrix: false,
      review: planned.review?.environment ?? null,
      tests: (await findTestFiles(path.join(ROOT, "workflows"))).length > 0,
    }).text;
    expect(await readFile(path.join(ROOT, OUT), "utf8")).toBe(expected);
  });
});
