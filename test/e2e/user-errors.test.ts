import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CENSUS, censusServicesPerTest, endpointsYaml } from "../helpers/census.js";
import { runAction } from "../helpers/run-action.js";

const DISPATCH = { name: "workflow_dispatch", payload: { inputs: { date: "2024-06-01" } } };
const servicesPerTest = censusServicesPerTest();

async function runCensus(inputs: Record<string, string>, extraFiles: Record<string, string> = {}) {
  const services = await servicesPerTest.start({ gate: "approve" });
  return runAction({
    event: DISPATCH,
    inputs,
    files: {
      "workflows/census_workflow.json": CENSUS,
      "workflows/endpoints.yml": endpointsYaml(services),
      ...extraFiles,
    },
  });
}

/** The step's failure message, as the runner reads `::error::` from stdout. */
const errorsOf = (stdout: string) => stdout.split("\n").filter((line) => line.startsWith("::error::"));

describe("a file the user names that cannot be written", () => {
  it("results-file naming a folder: exit 1 naming the input and the path, outputs and summary written", async () => {
    const run = await runCensus({ "results-file": "outdir" }, { "outdir/keep.txt": "" });
    expect(run.exitCode).toBe(1);
    const errors = errorsOf(run.stdout);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(
      `results-file: cannot write ${path.join(run.workspace, "outdir")}: it is a folder`,
    );
    expect(run.stdout).not.toMatch(/bug|unexpectedly/);
    expect(run.outputs.status).toBe("success");
    expect(run.outputs["results-file"]).toBe(path.join(run.workspace, "outdir"));
    expect(run.summary).toContain("✅ Succeeded");
  });

  it("junit-file that cannot be written: the results file is still written", async () => {
    const run = await runCensus(
      { "results-file": "out/results.json", "junit-file": "blocker/junit.xml" },
      {
        blocker: "a file where a folder should be",
      },
    );
    expect(run.exitCode).toBe(1);
    expect(errorsOf(run.stdout).join("\n")).toContain("junit-file: cannot write");
    const results = JSON.parse(await readFile(path.join(run.workspace, "out/results.json"), "utf8"));
    expect(results.status).toBe("success");
    expect(run.outputs.status).toBe("success");
  });

  it("an unwritable job summary fails the step by name, with outputs and results written", async () => {
    const services = await servicesPerTest.start({ gate: "approve" });
    const run = await runAction({
      event: DISPATCH,
      inputs: { "results-file": "results.json" },
      files: { "workflows/census_workflow.json": CENSUS, "workflows/endpoints.yml": endpointsYaml(services) },
      // A folder where the runner's summary file should be.
      env: { GITHUB_STEP_SUMMARY: "/" },
    });
    expect(run.exitCode).toBe(1);
    expect(errorsOf(run.stdout).join("\n")).toContain("summary: cannot write the job summary");
    expect(run.stdout).not.toMatch(/bug|unexpectedly/);
    expect(run.outputs.status).toBe("success");
    const results = JSON.parse(await readFile(path.join(run.workspace, "results.json"), "utf8"));
    expect(results.runs[0].tasks).toHaveLength(5);
  });
});
