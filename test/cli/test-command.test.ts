// `mgmt test`: a workflow's logic checked against recorded answers, calling nothing: the
// census suite of workflows/tests, run with the endpoints pointing at a server that records
// every call, through bin/mgmt.js as a user runs it.
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FaultServer, startFaultServer } from "../helpers/fault-server.js";
import { ROOT } from "../helpers/run-action.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The repository's census workflow and its tests, with every endpoint at a recording server. */
async function censusWorkspace(): Promise<{ dir: string; tests: string }> {
  server = await startFaultServer();
  const dir = await tempDir("mgmt-test-");
  const workflows = path.join(dir, "workflows");
  await mkdir(workflows);
  await cp(path.join(ROOT, "workflows/census_workflow.json"), path.join(workflows, "census_workflow.json"));
  await cp(path.join(ROOT, "workflows/tests"), path.join(workflows, "tests"), { recursive: true });
  const names = [
    "ResponseService",
    "CensusCoverageAdvisor",
    "GovernanceLayer",
    "PolicyService",
    "DashboardService",
  ];
  const endpoints = names.map(
    (name) =>
      `  ${name}: { url: "${server?.url(`/${name}`)}", headers: { Authorization: "Bearer \${{ env.TOKEN }}" } }`,
  );
  await writeFile(path.join(workflows, "endpoints.yml"), `endpoints:\n${endpoints.join("\n")}\n`);
  return { dir, tests: path.join(workflows, "tests") };
}

describe("mgmt test", () => {
  it("runs the census suite (approved, rejected, review, a retried 503) with no call and no secret", async () => {
    const { tests, dir } = await censusWorkspace();
    // No TOKEN in the environment: tests evaluate no endpoint header.
    const run = await runCli(["test", tests, "--junit", path.join(dir, "junit.xml")]);
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("4 tests: 4 passed, 0 failed");
    expect(run.stdout).toContain("✓ policy service retried after 503 (CensusDailyUpdate: success)");
    expect(server?.requests).toEqual([]);
    const junit = await readFile(path.join(dir, "junit.xml"), "utf8");
    // That the retry's Retry-After: 60 waits on the virtual clock is test/pipeline/run-tests.test.ts's to show.
    expect(junit).toContain('tests="4" failures="0"');
  });

  it("a broken expectation fails with file:line:column, the task, the field, expected and got", async () => {
    const { tests } = await censusWorkspace();
    const file = path.join(tests, "census-rejected.test.yml");
    const text = await readFile(file, "utf8");
    await writeFile(
      file,
      text.replace("    UpdatePolicy:\n      status: skipped", "    UpdatePolicy:\n      status: success"),
    );
    const run = await runCli(["test", tests]);
    expect(run.exitCode).toBe(1);
    const line = text.split("\n").findIndex((l) => l === "    UpdatePolicy:") + 2;
    expect(run.stdout).toContain(
      `${file}:${line}:15: UpdatePolicy.status: expected "success", got "skipped"`,
    );
    expect(run.stdout).toContain("4 tests: 3 passed, 1 failed");
  });

  it("a task with no recorded answer fails naming it; a subset miss names the path", async () => {
    const { tests } = await censusWorkspace();
    await writeFile(
      path.join(tests, "missing.test.yml"),
      `workflow: CensusDailyUpdate
answers:
  CollectResponses: { body: { total: 3 } }
expect:
  tasks:
    AnalyzeData: { error: "no recorded answer for AnalyzeData" }
    CollectResponses: { outputs: { total: 4 } }
`,
    );
    const run = await runCli(["test", path.join(tests, "missing.test.yml")]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("CollectResponses.outputs.total: expected 4, got 3");
    expect(run.stdout).not.toContain("AnalyzeData.error");
  });

  it("a bad test file: exit 2, naming its file, line and field; nothing runs", async () => {
    const { tests } = await censusWorkspace();
    await writeFile(
      path.join(tests, "bad.test.yml"),
      "workflow: CensusDailyUpdate\nanswers: {}\nexpect: { status: done }\n",
    );
    const run = await runCli(["test", tests]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/bad\.test\.yml:3:\d+: error: expect\.status/);
  });

  it("test files beside definitions are never read as definitions", async () => {
    const { dir } = await censusWorkspace();
    await cp(
      path.join(dir, "workflows/tests/census-approved.test.yml"),
      path.join(dir, "workflows/census.test.yml"),
    );
    const run = await runCli(["validate", path.join(dir, "workflows")]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("1 valid workflow (CensusDailyUpdate)");
  });
});
