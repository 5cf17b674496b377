// A gate asks a person to decide, through the bundled action as the runner runs it: the run
// parks with its state in the Actions cache (a fake of the cache service that the real
// @actions/cache talks to), and a review job resumes it once GitHub (a fake of its REST API,
// read by the real @actions/github) records an approval.
import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { CENSUS, type CensusServices, endpointsYaml, startCensusServices } from "../helpers/census.js";
import { entryFiles, type FakeCacheService, startFakeCacheService } from "../helpers/fake-cache-service.js";
import { approvalEntry, type FakeGitHubApi, startFakeGitHubApi } from "../helpers/fake-github-api.js";
import { runAction } from "../helpers/run-action.js";

const KEY = "state-key-for-tests-3f9a";
const RUN_ID = "4242";
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

interface World {
  census: CensusServices;
  cache: FakeCacheService;
  github: FakeGitHubApi;
}

async function world(
  gate: "review" | "approve" = "review",
  fail: Record<string, number> = {},
): Promise<World> {
  const census = await startCensusServices({ gate, fail });
  const cache = await startFakeCacheService();
  const github = await startFakeGitHubApi({ token: "job-token" });
  closers.push(
    () => census.close(),
    () => cache.close(),
    () => github.close(),
  );
  return { census, cache, github };
}

/** One step of the run, as a job of run 4242 would run it. */
async function step(
  w: World,
  options: {
    job: string;
    attempt?: number;
    inputs?: Record<string, string>;
    definition?: string;
    env?: Record<string, string>;
  },
) {
  const run = await runAction({
    event: { name: "workflow_dispatch", payload: {} },
    inputs: {
      workflow: "workflows/census_workflow.json",
      params: '{"date":"2024-06-01"}',
      "state-key": KEY,
      "github-token": "job-token",
      ...options.inputs,
    },
    files: {
      "workflows/census_workflow.json": options.definition ?? CENSUS,
      "workflows/endpoints.yml": endpointsYaml(w.census),
    },
    env: {
      ...w.cache.env,
      GITHUB_RUN_ID: RUN_ID,
      GITHUB_RUN_ATTEMPT: String(options.attempt ?? 1),
      GITHUB_JOB: options.job,
      GITHUB_REPOSITORY: "octo-org/octo-repo",
      GITHUB_API_URL: w.github.url,
      ...options.env,
    },
  });
  const results = JSON.parse(await readFile(run.outputs["results-file"] as string, "utf8"));
  return { run, results, tasks: results.runs[0]?.tasks ?? [] };
}

const paths = (w: World) => w.census.calls.map((c) => c.path);

describe("review by a person, through dist/index.js", () => {
  it("parks waiting (exit 0), then resumes approved: only the rest is called, the reviewer recorded", async () => {
    const w = await world();
    const parked = await step(w, { job: "run" });
    expect(parked.run.exitCode).toBe(0);
    expect(parked.run.outputs.status).toBe("waiting");
    expect(parked.run.outputs["waiting-ids"]).toBe('["CensusDailyUpdate"]');
    expect(parked.run.summary).toContain("mgmt-review");
    expect(paths(w)).toEqual([
      "/responses/fetchNew",
      "/agents/coverage/analyze_and_suggest",
      "/governance/enforce",
    ]);
    expect(w.cache.entries.map((e) => e.key)).toEqual([`mgmt-state-v1-CensusDailyUpdate-${RUN_ID}-1-run-1`]);

    w.github.approvals.set(RUN_ID, [
      approvalEntry({ by: "ada", environment: "mgmt-review", comment: "fine this week" }),
    ]);
    const resumed = await step(w, { job: "review", inputs: { resume: "true" } });
    expect(resumed.run.exitCode).toBe(0);
    expect(resumed.run.outputs.status).toBe("success");
    expect(paths(w).slice(3)).toEqual(["/policy/update", "/dashboard/refresh"]);
    const gate = resumed.tasks[2];
    expect(gate.review.approval).toMatchObject({ by: "ada", comment: "fine this week" });
    expect(gate.outputs).toMatchObject({ approved: true, review: { by: "ada" } });
    expect(resumed.tasks[0].replayed).toEqual({ attempt: 1 });
    expect(resumed.run.summary).toContain("ada");
    // One run, resumed: the Idempotency-Keys are the parked run's.
    expect(w.census.calls[3]?.headers["idempotency-key"]).toBe(`"${RUN_ID}:CensusDailyUpdate:UpdatePolicy"`);
    expect(w.github.requests.some((r) => r.path.endsWith(`/actions/runs/${RUN_ID}/approvals`))).toBe(true);
  });

  it("no recorded approval: the step fails naming the environment and calls nothing", async () => {
    const w = await world();
    await step(w, { job: "run" });
    w.github.approvals.set(RUN_ID, []);
    const called = w.census.calls.length;
    const refused = await step(w, { job: "review", inputs: { resume: "true" } });
    expect(refused.run.exitCode).toBe(1);
    expect(refused.run.stdout + refused.run.summary).toContain(
      "no approval recorded for environment mgmt-review",
    );
    expect(w.census.calls.length).toBe(called);
  });

  it("a changed definition is refused on resume, calling nothing", async () => {
    const w = await world();
    await step(w, { job: "run" });
    w.github.approvals.set(RUN_ID, [approvalEntry({ by: "ada", environment: "mgmt-review" })]);
    const called = w.census.calls.length;
    const changed = CENSUS.replace('"action":"update"', '"action":"update", "timeout": "20s"');
    expect(changed).not.toBe(CENSUS);
    const refused = await step(w, { job: "review", inputs: { resume: "true" }, definition: changed });
    expect(refused.run.exitCode).toBe(1);
    expect(refused.run.stdout + refused.run.summary).toContain("the definition changed since the run parked");
    expect(w.census.calls.length).toBe(called);
  });

  it("the saved state, read back from the cache, holds no canary secret and no header", async () => {
    const w = await world();
    const canary = "endpoint-canary-77c1";
    const endpoints = endpointsYaml(w.census).replace(
      /ResponseService: \{ url: "([^"]+)" \}/,
      'ResponseService: { url: "$1", headers: { Authorization: "Bearer ${{ env.TOKEN }}" } }',
    );
    const run = await runAction({
      event: { name: "workflow_dispatch", payload: {} },
      inputs: {
        workflow: "workflows/census_workflow.json",
        params: '{"date":"2024-06-01"}',
        "state-key": KEY,
      },
      files: { "workflows/census_workflow.json": CENSUS, "workflows/endpoints.yml": endpoints },
      env: { ...w.cache.env, GITHUB_RUN_ID: RUN_ID, GITHUB_JOB: "run", TOKEN: canary },
    });
    expect(run.outputs.status).toBe("waiting");
    const [entry] = w.cache.entries;
    const files = await entryFiles(entry as (typeof w.cache.entries)[number]);
    const bytes = Buffer.concat(Object.values(files));
    expect(bytes.length).toBeGreaterThan(0);
    // Encrypted: not even the workflow's own words are readable in it.
    expect(bytes.toString("latin1")).not.toContain("CensusDailyUpdate");
    expect(bytes.toString("latin1")).not.toContain(canary);
  });
});

describe("re-run of failed jobs, through dist/index.js", () => {
  it("attempt 2 calls only PolicyService and RefreshDashboard, with attempt 1's Idempotency-Keys", async () => {
    const failing: Record<string, number> = { "/policy/update": 500 };
    const w = await world("approve", failing);
    const first = await step(w, { job: "run" });
    expect(first.run.outputs.status).toBe("failure");
    const calledFirst = w.census.calls.length;
    // The service is fixed between the attempts (the example services read this map on each call).
    delete failing["/policy/update"];
    const second = await step(w, { job: "run", attempt: 2 });
    expect(second.run.outputs.status).toBe("success");
    const again = w.census.calls.slice(calledFirst);
    expect(again.map((c) => c.path)).toEqual(["/policy/update", "/dashboard/refresh"]);
    expect(again[0]?.headers["idempotency-key"]).toBe(`"${RUN_ID}:CensusDailyUpdate:UpdatePolicy"`);
    expect(again[0]?.headers["idempotency-key"]).toBe(
      w.census.calls[calledFirst - 1]?.headers["idempotency-key"],
    );
    expect(second.tasks.slice(0, 3).map((t: { replayed: unknown }) => t.replayed)).toEqual([
      { attempt: 1 },
      { attempt: 1 },
      { attempt: 1 },
    ]);
  });
});
