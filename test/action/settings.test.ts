import path from "node:path";
import { describe, expect, it } from "vitest";
import { readSettings } from "../../src/action/settings.js";

const event = { name: "workflow_dispatch", payload: {} };
const settingsFrom = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  readSettings({
    getInput: (name) => inputs[name] ?? "",
    env: { GITHUB_WORKSPACE: "/ws", RUNNER_TEMP: "/tmp/runner", ...env },
    event,
    github: {},
  });

describe("readSettings", () => {
  it("applies action.yml's defaults and resolves paths against the workspace", () => {
    const result = settingsFrom({});
    if (!result.ok) throw new Error(result.error);
    const s = result.settings;
    expect(s.workflowPath).toBe(path.resolve("/ws/workflows"));
    expect(s.resultsFile).toBe(path.resolve("/tmp/runner/mgmt-results.json"));
    expect(s.failOn).toEqual(["failure", "cancelled"]);
    expect([s.dryRun, s.summary, s.endpointsPath, s.junitFile, s.workflowId]).toEqual([
      false,
      true,
      null,
      null,
      null,
    ]);
  });

  it("reads every input", () => {
    const result = settingsFrom(
      {
        workflow: "ops/census.yml",
        "workflow-id": "Census",
        endpoints: "ops/endpoints.yml",
        params: "date: 2024-06-01\nregion: west",
        "fail-on": "failure, rejected",
        "dry-run": "true",
        summary: "false",
        "results-file": "out/results.json",
        "junit-file": "out/junit.xml",
      },
      { GITHUB_RUN_ID: "99", GITHUB_RUN_ATTEMPT: "2", GITHUB_REPOSITORY: "hms/ops" },
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.settings).toMatchObject({
      workflowPath: path.resolve("/ws/ops/census.yml"),
      workflowId: "Census",
      endpointsPath: path.resolve("/ws/ops/endpoints.yml"),
      params: { date: "2024-06-01", region: "west" },
      failOn: ["failure", "rejected"],
      dryRun: true,
      summary: false,
      resultsFile: path.resolve("/ws/out/results.json"),
      junitFile: path.resolve("/ws/out/junit.xml"),
      runId: "99",
      attempt: 2,
      runUrl: "https://github.com/hms/ops/actions/runs/99",
    });
  });

  it("says what is wrong with a bad input", () => {
    expect(settingsFrom({ params: "[1, 2]" })).toEqual({
      ok: false,
      error: "input params: params must be an object of name: value pairs (JSON or YAML)",
    });
    expect(settingsFrom({ "dry-run": "yes" })).toMatchObject({
      ok: false,
      error: expect.stringContaining("dry-run"),
    });
    expect(settingsFrom({ params: "{ a: [ }" })).toMatchObject({
      ok: false,
      error: expect.stringContaining("params"),
    });
  });

  it("reads definitions and endpoints only from inside the workspace", () => {
    expect(settingsFrom({ workflow: "../../etc/passwd" })).toEqual({
      ok: false,
      error:
        "input workflow: ../../etc/passwd is outside the workspace (/ws); name a file or folder of the repository",
    });
    expect(settingsFrom({ endpoints: "/home/runner/.env" })).toMatchObject({
      ok: false,
      error: expect.stringContaining("input endpoints: /home/runner/.env is outside the workspace"),
    });
    expect(
      settingsFrom({ workflow: "/ws/flows/daily.yml", endpoints: "config/../endpoints.yml" }),
    ).toMatchObject({
      ok: true,
    });
  });
});
