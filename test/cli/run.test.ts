import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CENSUS, censusServicesPerTest, endpointsYaml, startCensusServices } from "../helpers/census.js";
import { makeWorkspace } from "../helpers/run-action.js";
import { runCli } from "../helpers/run-cli.js";

const servicesPerTest = censusServicesPerTest();

async function census(
  options: Parameters<typeof startCensusServices>[0],
  extra: string[] = [],
  workflow = CENSUS,
) {
  const services = await servicesPerTest.start(options);
  const { workspace } = await makeWorkspace({
    "census.json": workflow,
    "endpoints.yml": endpointsYaml(services),
  });
  const args = ["run", "census.json", "--endpoints", "endpoints.yml", "--param", "date=2024-06-01", ...extra];
  return { run: await runCli(args, { cwd: workspace }), calls: services.calls, workspace };
}

describe("mgmt run", () => {
  it("approved: five calls in order, a line per task, the table, exit 0", async () => {
    const { run, calls } = await census({ gate: "approve" });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(calls.map((c) => c.body.task)).toEqual([
      "CollectResponses",
      "AnalyzeData",
      "GovernanceReview",
      "UpdatePolicy",
      "RefreshDashboard",
    ]);
    expect(calls.every((c) => c.body.params.date === "2024-06-01")).toBe(true);
    // Each answer is the next task's input: the regions collected reach the advisor.
    expect(calls[1]?.body.input).toMatchObject({ date: "2024-06-01", regions: expect.any(Array) });
    expect(run.stdout).toMatch(/^CensusDailyUpdate: ✓ Succeeded · 5 tasks: 5 succeeded · /m);
    // A row per task: name, kind, target, status, attempts, duration, HTTP.
    for (const name of calls.map((c) => c.body.task)) {
      expect(run.stdout).toMatch(new RegExp(`^${name} +\\S+ +\\S+ +success +1 .* 200\\b`, "m"));
    }
    // The gate's reasons, as the table shows them, count the advisor's suggestions.
    expect(run.stdout).toMatch(/^GovernanceReview .* approved: 4 outreach change\(s\) within policy$/m);
  });

  it("rejected: three calls, exit 0 (rejected is not in the default fail-on)", async () => {
    const { run, calls } = await census({ gate: "reject" });
    expect(run.exitCode).toBe(0);
    expect(calls).toHaveLength(3);
    expect(run.stdout).toMatch(
      /^CensusDailyUpdate: ⊘ Rejected by governance · 5 tasks: 1 rejected, 2 skipped, 2 succeeded · /m,
    );
    expect(run.stdout).toMatch(
      /^GovernanceReview +layer +\S+ +rejected +1 .* rejected: 4 outreach changes need a human review$/m,
    );
  });

  it("rejected fails when --fail-on names it", async () => {
    const { run } = await census({ gate: "reject" }, ["--fail-on", "failure,rejected,cancelled"]);
    expect(run.exitCode).toBe(1);
  });

  it("policy 500: three attempts with one key, exit 1, dashboard never called", async () => {
    const { run, calls } = await census({ gate: "approve", fail: { "/policy/update": 500 } });
    expect(run.exitCode).toBe(1);
    const policy = calls.filter((c) => c.path === "/policy/update");
    expect(policy).toHaveLength(3);
    expect(new Set(policy.map((c) => c.headers["idempotency-key"])).size).toBe(1);
    expect(calls.some((c) => c.path === "/dashboard/refresh")).toBe(false);
  });

  it("a misspelled endpoint: exit 2, file:line:column and the name, no call", async () => {
    const broken = CENSUS.replace('"service":"PolicyService"', '"service":"PolicySevice"');
    const { run, calls } = await census({ gate: "approve" }, [], broken);
    expect(run.exitCode).toBe(2);
    expect(calls).toHaveLength(0);
    expect(run.stderr).toMatch(
      /census\.json:7:44: error: tasks\[3\]\.service: no endpoint named "PolicySevice"/,
    );
  });

  it("--json prints the results document alone on stdout", async () => {
    const { run } = await census({ gate: "approve" }, ["--json", "--run-id", "run-7"]);
    const document = JSON.parse(run.stdout);
    expect(document.version).toBe(1);
    expect(document.status).toBe("success");
    expect(document.runs[0].runId).toBe("run-7");
  });

  it("usage errors exit 2 with the usage text", async () => {
    const run = await runCli(["run"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("Usage:");
    const unknown = await runCli(["run", "x.json", "--nope"]);
    expect(unknown.exitCode).toBe(2);
  });

  it("a missing file exits 2 and says so", async () => {
    const { workspace } = await makeWorkspace();
    await writeFile(path.join(workspace, "endpoints.yml"), "endpoints: {}\n");
    const run = await runCli(["run", "nothing-here.json"], { cwd: workspace });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("no such file or folder");
  });
});
