// The bundled action (dist/index.js), run as the runner runs it, on each kind of GitHub event
// against the example services, with the definitions of examples/multi as the workflows/ folder.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type CensusServices,
  endpointsYaml,
  type RecordedCall,
  startCensusServices,
} from "../helpers/census.js";
import { type ActionCall, ROOT, runAction } from "../helpers/run-action.js";

const MULTI = path.join(ROOT, "examples/multi");
const DEFINITIONS = Object.fromEntries(
  readdirSync(MULTI)
    .filter((name) => name !== "endpoints.yml")
    .map((name) => [`workflows/${name}`, readFileSync(path.join(MULTI, name), "utf8")]),
);
const SENDER = { login: "octocat" };
const TODAY = () => new Date().toISOString().slice(0, 10);

let services: CensusServices | undefined;
afterEach(async () => {
  await services?.close();
  services = undefined;
});

/** Runs the action on an event with examples/multi against fresh services. */
async function fire(event: ActionCall["event"], inputs: Record<string, string> = {}) {
  services = await startCensusServices({ gate: "approve" });
  const run = await runAction({
    event,
    inputs,
    files: { ...DEFINITIONS, "workflows/endpoints.yml": endpointsYaml(services) },
  });
  return { run, calls: services.calls, summary: asRendered(run.summary) };
}

/** The summary as a reader sees it once the markdown is rendered: without backslash escapes. */
const asRendered = (markdown: string) => markdown.replace(/\\(.)/g, "$1");
/** Which workflows were called, in the order their first call came. */
const workflowsCalled = (calls: RecordedCall[]) => [...new Set(calls.map((c) => c.body.workflow))];
const paramsOf = (calls: RecordedCall[], workflow: string) =>
  calls.find((c) => c.body.workflow === workflow)?.body.params;
const errorLine = (stdout: string) => stdout.split("\n").find((line) => line.startsWith("::error::")) ?? "";

describe("schedule", () => {
  it("runs every definition declaring the cron, one after the other, and says so in the summary", async () => {
    const { run, calls, summary } = await fire({ name: "schedule", payload: { schedule: "0 6 * * *" } });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.outputs["workflow-ids"] ?? "")).toEqual(["DailyCensus", "DashboardRefresh"]);
    expect(run.outputs.status).toBe("success");
    expect(run.outputs).not.toHaveProperty("workflow-id");
    // One after another: every call of the first run comes before the second's.
    expect(calls.map((c) => c.body.workflow)).toEqual([...Array(5).fill("DailyCensus"), "DashboardRefresh"]);
    expect(paramsOf(calls, "DailyCensus")).toEqual({ date: TODAY(), threshold: 100 });
    expect(paramsOf(calls, "DashboardRefresh")).toEqual({ reason: "scheduled" });
    expect(summary.match(/trigger: schedule — "0 6 \* \* \*" \(every day at 06:00 UTC\)/g)).toHaveLength(2);
  });

  it("matches a cron whatever its spacing", async () => {
    const { run, calls } = await fire({ name: "schedule", payload: { schedule: "0  18 * * *" } });
    expect(run.outputs["workflow-ids"]).toBe('["DashboardRefresh"]');
    expect(run.outputs["workflow-id"]).toBe("DashboardRefresh");
    expect(workflowsCalled(calls)).toEqual(["DashboardRefresh"]);
  });

  it("fails on a cron no definition declares, listing the declared ones, calling nothing", async () => {
    const { run, calls } = await fire({ name: "schedule", payload: { schedule: "5 5 * * *" } });
    expect(run.exitCode).toBe(1);
    expect(calls).toEqual([]);
    expect(errorLine(run.stdout)).toBe(
      '::error::no definition declares the cron "5 5 * * *" that fired; on.schedule declares "0 6 * * *", ' +
        '"0 18 * * *", "0 7 * * 1" (ids: DailyCensus, DashboardRefresh, WeeklyPolicyReview); nothing was called',
    );
    expect(run.outputs).not.toHaveProperty("workflow-ids");
  });
});

describe("workflow_dispatch", () => {
  it("runs the definition the workflow input names, its inputs typed, and shows who dispatched", async () => {
    const inputs = { workflow: "DailyCensus", date: "2024-06-01", threshold: "150" };
    const { run, calls, summary } = await fire({
      name: "workflow_dispatch",
      payload: { inputs, sender: SENDER },
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs["workflow-ids"]).toBe('["DailyCensus"]');
    expect(workflowsCalled(calls)).toEqual(["DailyCensus"]);
    for (const call of calls) expect(call.body.params).toEqual({ date: "2024-06-01", threshold: 150 });
    expect(summary).toContain("trigger: workflow_dispatch — by octocat");
  });

  it("keeps the definition's value for an input left empty, and the params input wins over both", async () => {
    const inputs = { workflow: "DailyCensus", date: "", threshold: "" };
    const empty = await fire({ name: "workflow_dispatch", payload: { inputs } });
    expect(paramsOf(empty.calls, "DailyCensus")).toEqual({ date: TODAY(), threshold: 100 });
    await services?.close();
    const withParams = await fire(
      { name: "workflow_dispatch", payload: { inputs: { ...inputs, date: "2024-06-01" } } },
      { params: '{"date": "2030-01-01", "extra": true}' },
    );
    expect(paramsOf(withParams.calls, "DailyCensus")).toEqual({
      date: "2030-01-01",
      threshold: 100,
      extra: true,
    });
  });

  it("fails before any call on an input of the wrong type, naming it", async () => {
    const inputs = { workflow: "DailyCensus", threshold: "lots" };
    const { run, calls } = await fire({ name: "workflow_dispatch", payload: { inputs } });
    expect(run.exitCode).toBe(1);
    expect(calls).toEqual([]);
    expect(errorLine(run.stdout)).toContain('the input "threshold" must be a number, got "lots"');
  });
});

describe("repository_dispatch", () => {
  it("runs the definitions taking the type, with the client_payload as params", async () => {
    const payload = {
      action: "census-update",
      client_payload: { region: "north", strict: "true" },
      sender: SENDER,
    };
    const { run, calls, summary } = await fire({ name: "repository_dispatch", payload });
    expect(run.exitCode).toBe(0);
    expect(run.outputs["workflow-ids"]).toBe('["WeeklyPolicyReview"]');
    expect(paramsOf(calls, "WeeklyPolicyReview")).toEqual({ region: "north", strict: true, threshold: 100 });
    expect(summary).toContain('trigger: repository_dispatch — type "census-update" from octocat');
  });

  it("keeps a __proto__ key of the payload as plain data", async () => {
    const client_payload = JSON.parse('{"__proto__": {"polluted": "yes"}, "region": "south"}');
    const { run, calls } = await fire({
      name: "repository_dispatch",
      payload: { action: "census-update", client_payload },
    });
    expect(run.exitCode).toBe(0);
    expect(calls[0]?.text).toContain('"__proto__":{"polluted":"yes"}');
    expect(paramsOf(calls, "WeeklyPolicyReview")).toMatchObject({ region: "south" });
  });

  it("fails on a type no definition takes, listing the types, calling nothing", async () => {
    const { run, calls } = await fire({ name: "repository_dispatch", payload: { action: "reindex" } });
    expect(run.exitCode).toBe(1);
    expect(calls).toEqual([]);
    expect(errorLine(run.stdout)).toContain(
      'no definition takes the repository_dispatch type "reindex"; on.repository_dispatch.types declares "census-update"',
    );
  });
});

describe("any other event", () => {
  it("runs the definition the workflow-id input names", async () => {
    const { run, calls, summary } = await fire(
      { name: "push", payload: { sender: SENDER } },
      { "workflow-id": "DashboardRefresh" },
    );
    expect(run.exitCode).toBe(0);
    expect(run.outputs["workflow-id"]).toBe("DashboardRefresh");
    expect(workflowsCalled(calls)).toEqual(["DashboardRefresh"]);
    expect(summary).toContain("trigger: push — by octocat");
  });

  it("fails without workflow-id in a folder of several, listing the ids", async () => {
    const { run, calls } = await fire({ name: "push", payload: {} });
    expect(run.exitCode).toBe(1);
    expect(calls).toEqual([]);
    expect(errorLine(run.stdout)).toBe(
      '::error::cannot tell which workflow to run on "push": set the workflow-id input to one id ' +
        "(ids: DailyCensus, DashboardRefresh, WeeklyPolicyReview); nothing was called",
    );
  });
});

describe("a single file", () => {
  it("runs on any event, even a cron it does not declare", async () => {
    const schedule = { name: "schedule", payload: { schedule: "5 5 * * *" } };
    const { run, calls } = await fire(schedule, { workflow: "workflows/dashboard-refresh.yml" });
    expect(run.exitCode).toBe(0);
    expect(run.outputs["workflow-ids"]).toBe('["DashboardRefresh"]');
    expect(workflowsCalled(calls)).toEqual(["DashboardRefresh"]);
  });
});

describe("dry-run", () => {
  it("sets workflow-ids for a matrix and calls nothing", async () => {
    const { run, calls } = await fire(
      { name: "schedule", payload: { schedule: "0 6 * * *" } },
      { "dry-run": "true" },
    );
    expect(run.exitCode).toBe(0);
    expect(run.outputs["workflow-ids"]).toBe('["DailyCensus","DashboardRefresh"]');
    expect(calls).toEqual([]);
  });

  it("hands the matrix jobs ids that each run one workflow on the same event", async () => {
    const schedule = { name: "schedule", payload: { schedule: "0 6 * * *" } };
    const plan = await fire(schedule, { "dry-run": "true" });
    const ids: string[] = JSON.parse(plan.run.outputs["workflow-ids"] ?? "[]");
    // Checked first: the loop below asserts nothing when it has no id to run.
    expect(ids).toEqual(["DailyCensus", "DashboardRefresh"]);
    for (const id of ids) {
      await services?.close();
      const job = await fire(schedule, { "workflow-id": id });
      expect(workflowsCalled(job.calls)).toEqual([id]);
      expect(job.run.outputs["workflow-id"]).toBe(id);
    }
  });
});
