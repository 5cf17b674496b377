// A request-task workflow against json-server, through the bundled action and through the CLI:
// the API is called as it is, and what it stored is read back from it.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { type JsonServer, startJsonServer } from "../helpers/json-server.js";
import { makeWorkspace, runAction } from "../helpers/run-action.js";
import { runCli } from "../helpers/run-cli.js";

const DB = {
  surveys: [
    { id: 1, region: "north", suggested_threshold: 0.65 },
    { id: 2, region: "south", suggested_threshold: 0.4 },
  ],
  policies: [{ id: 1, name: "sampling", threshold: 0.5 }],
  runs: [],
};

const WORKFLOW = `id: ExistingApi
params: { region: north }
tasks:
  - name: CollectSurveys
    service: Census
    request:
      method: GET
      path: surveys
      query: { region: "\${{ params.region }}" }
    outputs:
      surveys: \${{ response.body }}
  - name: UpdatePolicy
    service: Census
    request:
      method: PATCH
      path: policies/1
      body: { threshold: "\${{ tasks.CollectSurveys.outputs.surveys[0].suggested_threshold }}" }
  - name: RecordRun
    service: Census
    request:
      path: runs
      body: { run: "\${{ run.id }}", region: "\${{ params.region }}" }
    success-if: \${{ response.status == 201 }}
`;

const endpointsYaml = (api: JsonServer) => `endpoints:\n  Census: { url: "${api.origin}" }\n`;

/** What json-server holds after the run, read over HTTP. */
async function stored(api: JsonServer, path: string): Promise<unknown> {
  return (await fetch(api.url(path))).json();
}

describe("a request-task workflow end to end", () => {
  it("through dist/index.js: success, and json-server holds what the tasks wrote", async () => {
    const api = await startJsonServer(DB);
    const run = await runAction({
      event: { name: "workflow_dispatch", payload: { inputs: {} } },
      files: { "workflows/existing.yml": WORKFLOW, "workflows/endpoints.yml": endpointsYaml(api) },
    });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe("success");
    expect(run.outputs["workflow-id"]).toBe("ExistingApi");
    const results = JSON.parse(await readFile(run.outputs["results-file"] as string, "utf8"));
    const tasks = results.runs[0].tasks;
    expect(tasks.map((t: { status: string }) => t.status)).toEqual(["success", "success", "success"]);
    expect(tasks[0]).toMatchObject({
      request: { method: "GET", url: api.url("/surveys?region=north") },
      outputs: { surveys: [DB.surveys[0]] },
    });
    expect(tasks[2]).toMatchObject({ response: { status: 201 } });
    expect(await stored(api, "/policies/1")).toEqual({ id: 1, name: "sampling", threshold: 0.65 });
    expect(await stored(api, "/runs")).toEqual([{ run: "4242", region: "north", id: 1 }]);
    // The summary's Target shows the method and the path.
    expect(run.summary).toContain("GET surveys");
  });

  it("through the CLI: a param picks the filter, a line per task, exit 0", async () => {
    const api = await startJsonServer(DB);
    const { workspace } = await makeWorkspace({
      "existing.yml": WORKFLOW,
      "endpoints.yml": endpointsYaml(api),
    });
    const run = await runCli(["run", "existing.yml", "--param", "region=south"], { cwd: workspace });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^ExistingApi: ✓ Succeeded · 3 tasks: 3 succeeded · /m);
    expect(run.stdout).toMatch(/^UpdatePolicy +\S+ +.*success +1 .* 200\b/m);
    expect(run.stdout).toMatch(/^RecordRun +\S+ +.*success +1 .* 201\b/m);
    expect(await stored(api, "/policies/1")).toEqual({ id: 1, name: "sampling", threshold: 0.4 });
    expect(await stored(api, "/runs")).toEqual([expect.objectContaining({ region: "south", id: 1 })]);
  });
});
