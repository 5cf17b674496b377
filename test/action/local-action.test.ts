import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CENSUS, censusServicesPerTest, endpointsYaml } from "../helpers/census.js";
import { collect } from "../helpers/collect.js";
import { makeWorkspace, ROOT } from "../helpers/run-action.js";

const servicesPerTest = censusServicesPerTest();

describe("@github/local-action", () => {
  it("runs the census workflow through src/main.ts and shows the outputs it set", async () => {
    const services = await servicesPerTest.start({ gate: "approve" });
    const { base, workspace } = await makeWorkspace({
      "workflows/census_workflow.json": CENSUS,
      "workflows/endpoints.yml": endpointsYaml(services),
    });
    const dotenv = path.join(base, ".env");
    await writeFile(
      dotenv,
      [
        "INPUT_WORKFLOW=workflows",
        'INPUT_PARAMS={"date":"2024-06-01"}',
        `INPUT_RESULTS-FILE=${path.join(base, "results.json")}`,
        `GITHUB_WORKSPACE=${workspace}`,
        "GITHUB_EVENT_NAME=workflow_dispatch",
      ].join("\n"),
    );
    const bin = path.join(ROOT, "node_modules/@github/local-action/bin/local-action.js");
    const child = spawn(process.execPath, [bin, "run", ".", "src/main.ts", dotenv], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", TMPDIR: base, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const run = await collect(child);
    expect(run.exitCode).toBe(0);
    expect(services.calls).toHaveLength(5);
    const outputs = run.stdout.slice(run.stdout.indexOf("Action Outputs"));
    expect(outputs).toMatch(/'status'\s+│\s+'success'/);
    expect(outputs).toMatch(/'workflow-id'\s+│\s+'CensusDailyUpdate'/);
    // Off a runner there is no summary file: a warning, not a failure.
    expect(run.stdout).toContain(
      "::warning::GITHUB_STEP_SUMMARY is not set, so the job summary is not written",
    );
  }, 60_000);
});
