import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CENSUS, censusServicesPerTest, endpointsYaml, startCensusServices } from "../helpers/census.js";
import { runAction } from "../helpers/run-action.js";

const DISPATCH = { name: "workflow_dispatch", payload: { inputs: { date: "2024-06-01" } } };
const ORDER = [
  "/responses/fetchNew",
  "/agents/coverage/analyze_and_suggest",
  "/governance/enforce",
  "/policy/update",
  "/dashboard/refresh",
];

const servicesPerTest = censusServicesPerTest();

async function runCensus(
  options: Parameters<typeof startCensusServices>[0],
  inputs: Record<string, string> = {},
) {
  const services = await servicesPerTest.start(options);
  const run = await runAction({
    event: DISPATCH,
    inputs,
    files: { "workflows/census_workflow.json": CENSUS, "workflows/endpoints.yml": endpointsYaml(services) },
  });
  return { run, calls: services.calls };
}

describe("the bundled action runs the census workflow", () => {
  it("approved: five calls in order, the date on each, each task's answer handed on", async () => {
    const { run, calls } = await runCensus({ gate: "approve" });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(calls.map((c) => c.path)).toEqual(ORDER);
    for (const call of calls) {
      expect(call.body.params.date).toBe("2024-06-01");
      expect(call.headers["x-mgmt-run"]).toBe("4242");
      expect(call.headers["idempotency-key"]).toBe(`"4242:CensusDailyUpdate:${call.body.task}"`);
      expect(call.headers["x-mgmt-attempt"]).toBe("1");
    }
    expect(calls[0]?.body.input).toBeNull();
    expect(run.outputs.status).toBe("success");
    expect(run.outputs["workflow-id"]).toBe("CensusDailyUpdate");
    expect(run.outputs["failed-tasks"]).toBe("");
    const results = JSON.parse(await readFile(run.outputs["results-file"] as string, "utf8"));
    expect(results.status).toBe("success");
    expect(results.runs[0].tasks.map((t: { status: string }) => t.status)).toEqual(Array(5).fill("success"));
    // Each call's input is the answer of the task before, as the results file recorded it.
    const answers = results.runs[0].tasks.map((t: { outputs: unknown }) => t.outputs);
    expect(answers[0].regions).toHaveLength(5);
    expect(calls.slice(1).map((c) => c.body.input)).toEqual(answers.slice(0, 4));
    expect(path.dirname(run.outputs["results-file"] as string)).toBe(run.runnerTemp);
    expect(JSON.parse(run.outputs.results as string).status).toBe("success");
    expect(run.summary).toContain("CensusDailyUpdate");
    expect(run.summary).toMatch(/\|\s*GovernanceReview\s*\|/);
  });

  it("rejected by governance: three calls, status rejected, the step passes", async () => {
    const { run, calls } = await runCensus({ gate: "reject" });
    expect(run.exitCode).toBe(0);
    expect(calls.map((c) => c.path)).toEqual(ORDER.slice(0, 3));
    expect(run.outputs.status).toBe("rejected");
    const results = JSON.parse(run.outputs.results as string);
    const statuses = results.runs[0].tasks.map((t: { status: string }) => t.status);
    expect(statuses).toEqual(["success", "success", "rejected", "skipped", "skipped"]);
    expect(run.summary).toContain("need a human review");
  });

  it("a policy service answering 500: three attempts with one key, failure, dashboard never called", async () => {
    const { run, calls } = await runCensus({ gate: "approve", fail: { "/policy/update": 500 } });
    expect(run.exitCode).toBe(1);
    const policy = calls.filter((c) => c.path === "/policy/update");
    expect(policy).toHaveLength(3);
    expect(new Set(policy.map((c) => c.headers["idempotency-key"])).size).toBe(1);
    expect(policy.map((c) => c.headers["x-mgmt-attempt"])).toEqual(["1", "2", "3"]);
    expect(new Set(policy.map((c) => c.text)).size).toBe(1);
    expect(calls.some((c) => c.path === "/dashboard/refresh")).toBe(false);
    expect(run.outputs.status).toBe("failure");
    expect(run.outputs["failed-tasks"]).toBe("UpdatePolicy");
    expect(run.stdout).toContain("::error::");
  });

  it("a misspelled endpoint name fails the step before any call, naming it", async () => {
    const services = await servicesPerTest.start({ gate: "approve" });
    const broken = CENSUS.replace('"service":"PolicyService"', '"service":"PolicySevice"');
    const run = await runAction({
      event: DISPATCH,
      inputs: { workflow: "workflows/census_workflow.json" },
      files: { "workflows/census_workflow.json": broken, "workflows/endpoints.yml": endpointsYaml(services) },
    });
    expect(run.exitCode).toBe(1);
    expect(services.calls).toHaveLength(0);
    expect(run.stdout).toMatch(
      /census_workflow\.json:7:44: error: tasks\[3\]\.service: no endpoint named "PolicySevice"/,
    );
    expect(run.stdout).toContain("file=workflows/census_workflow.json");
    // The step still leaves its record: a status, a summary saying why, an empty results file.
    expect(run.outputs.status).toBe("failure");
    expect(run.summary).toContain("## ❌ Not started: nothing was called");
    expect(run.summary).toContain('no endpoint named "PolicySevice"');
    expect(JSON.parse(await readFile(run.outputs["results-file"] as string, "utf8"))).toEqual({
      version: 1,
      status: "failure",
      runs: [],
    });
  });
});
