import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findTestFiles, offPullRequests } from "../../src/cli/init-tests.js";
import { actionlint, init, OUT, repo } from "./init-repo.js";

const ungated = { gates: false };
const A_TEST = "workflow: DailyCensus\nanswers: {}\nexpect: { status: success }\n";
const NOT_ON_PR = "github.event_name != 'pull_request'";
const TEST_JOB = {
  if: "github.event_name == 'pull_request'",
  "runs-on": "ubuntu-latest",
  permissions: { contents: "read" },
  steps: [
    { uses: "actions/checkout@v6" },
    { uses: "hms/mgmt-action@v1", with: { workflow: "workflows", test: true } },
  ],
};

/** The written workflow, once actionlint passed it. */
async function written() {
  const lint = await actionlint(OUT);
  expect(lint.stdout).toContain("Checking 1 workflow file(s)");
  expect(lint.code).toBe(0);
  const text = await readFile(OUT, "utf8");
  return { text, doc: parse(text) };
}

describe("mgmt init, a folder with tests", () => {
  it("one-job shape: a pull_request trigger and a test job with no secrets; the run job skips pull requests", async () => {
    await repo(
      { "workflows/tests/daily.test.yml": A_TEST, "workflows/tests/more/b.test.json": "{}" },
      ungated,
    );
    const ran = await init();
    expect(ran).toMatchObject({ code: 0, err: "" });
    expect(ran.out).toContain(`wrote ${OUT} for 3 workflow(s), one job, and a test job for pull requests:`);
    expect(ran.out).toContain("  pull_request: a test job for 2 test file(s) in workflows/tests");
    const { text, doc } = await written();
    expect(doc.on.pull_request).toEqual({ paths: ["workflows/**"] });
    expect(Object.keys(doc.jobs)).toEqual(["run", "test"]);
    expect(doc.jobs.run).toEqual({
      if: NOT_ON_PR,
      "runs-on": "ubuntu-latest",
      steps: [
        { uses: "actions/checkout@v6" },
        { uses: "hms/mgmt-action@v1", with: { workflow: "workflows", "failure-issue": true } },
      ],
    });
    expect(doc.jobs.test).toEqual(TEST_JOB);
    // Pull requests do not share one group through github.event.action ("synchronize").
    expect(doc.concurrency.group).toMatch(
      /^mgmt-\$\{\{ github\.event_name == 'pull_request' && github\.ref \|\| /,
    );
    expect(text).toContain("# A pull request that changes workflows/ runs the tests in workflows/tests");
  });

  it("with a review job: both other jobs skip pull requests, their own conditions kept", async () => {
    await repo({ "workflows/tests/daily.test.yml": A_TEST });
    expect((await init()).code).toBe(0);
    const { text, doc } = await written();
    expect(Object.keys(doc.jobs)).toEqual(["run", "review", "test"]);
    expect(doc.jobs.run.if).toBe(`${NOT_ON_PR} && inputs.resume-run == ''`);
    expect(doc.jobs.review.if).toBe(
      `\${{ ${NOT_ON_PR} && !cancelled() && (needs.run.outputs.waiting-ids != '[]' || inputs.resume-run != '') }}`,
    );
    expect(doc.jobs.test).toEqual(TEST_JOB);
    // The test job is handed no secret: only the run and review jobs' state-key.
    expect(text.slice(text.indexOf("  test:\n"))).not.toContain("secrets.");
  });

  it("matrix shape: the plan and run jobs skip pull requests", async () => {
    await repo({ "workflows/tests/daily.test.json": "{}" }, ungated);
    expect((await init("--matrix")).code).toBe(0);
    const { doc } = await written();
    expect(Object.keys(doc.jobs)).toEqual(["plan", "run", "test"]);
    expect(doc.jobs.plan.if).toBe(NOT_ON_PR);
    expect(doc.jobs.run.if).toBe(`${NOT_ON_PR} && needs.plan.outputs.workflow-ids != '[]'`);
    expect(doc.jobs.test).toEqual(TEST_JOB);
  });

  it("notes the secrets on the run job's step, never on the test job's", async () => {
    await repo({
      "ops/a.yml": [
        "id: A",
        "endpoints: { S: { url: http://x, headers: { Authorization: 'Bearer ${{ env.S_TOKEN }}' } } }",
        "tasks: [{ name: T, service: S, action: a }]",
      ].join("\n"),
      "ops/tests/a.test.yml": "workflow: A\nanswers: { T: { body: {} } }\n",
    });
    expect((await init("ops")).code).toBe(0);
    const { text, doc } = await written();
    expect(doc.on.pull_request).toEqual({ paths: ["ops/**"] });
    expect(doc.jobs.test.steps[1].with).toEqual({ workflow: "ops", test: true });
    expect(text.match(/S_TOKEN: \$\{\{ secrets\.S_TOKEN \}\}/g)).toHaveLength(1);
    expect(text.indexOf("secrets.S_TOKEN")).toBeLessThan(text.indexOf("  test:\n"));
  });
});

describe("mgmt init, a folder without tests", () => {
  it("writes no pull_request trigger and no test job, even with a tests/ folder of other files", async () => {
    await repo(
      { "workflows/tests/README.md": "# tests to come\n", "workflows/tests/old.yml": "x: 1\n" },
      ungated,
    );
    const ran = await init();
    expect(ran.out).toContain("  pull_request: none (no tests in tests/)");
    const { doc } = await written();
    expect(doc.on).not.toHaveProperty("pull_request");
    expect(Object.keys(doc.jobs)).toEqual(["run"]);
    expect(doc.jobs.run).not.toHaveProperty("if");
  });
});

describe("findTestFiles", () => {
  it("lists *.test.yml, *.test.yaml and *.test.json under tests/, nested ones too, sorted; none without the folder", async () => {
    const dir = await repo({
      "workflows/tests/z.test.yml": "",
      "workflows/tests/a.test.json": "",
      "workflows/tests/y.test.yaml": "",
      "workflows/tests/deep/b.test.yml": "",
      "workflows/tests/notes.yml": "",
      "workflows/c.test.yml": "",
    });
    expect(await findTestFiles(`${dir}/workflows`)).toEqual([
      "a.test.json",
      "deep/b.test.yml",
      "y.test.yaml",
      "z.test.yml",
    ]);
    expect(await findTestFiles(`${dir}/nowhere`)).toEqual([]);
  });
});

describe("offPullRequests", () => {
  it("joins each job's if with the guard, parenthesising a top-level ||", () => {
    const jobs = offPullRequests({ a: { x: 1 }, b: { if: "x || y" }, c: { if: "${{ !cancelled() }}" } });
    expect(jobs).toEqual({
      a: { if: NOT_ON_PR, x: 1 },
      b: { if: `${NOT_ON_PR} && (x || y)` },
      c: { if: `\${{ ${NOT_ON_PR} && !cancelled() }}` },
    });
  });
});
