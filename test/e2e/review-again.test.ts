// A run that waits again: a definition with two gates, through the bundled action as the
// runner runs it. Run 100 parks at the first gate; its review job (approved by ada) resumes
// it, and it parks again at the second gate; a later dispatch, run 200, with `resume-run:
// 100`, resumes run 100 once run 200's own review deployment is approved (by bob), calling
// only what follows the second gate, with run 100's Idempotency-Keys. The state lives in a
// fake of the Actions cache service (the real @actions/cache talks to it), and the approvals
// in a fake of GitHub's REST API (the real @actions/github reads it).
import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { type CensusServices, endpointsYaml, startCensusServices } from "../helpers/census.js";
import { type FakeCacheService, startFakeCacheService } from "../helpers/fake-cache-service.js";
import { approvalEntry, type FakeGitHubApi, startFakeGitHubApi } from "../helpers/fake-github-api.js";
import { runAction } from "../helpers/run-action.js";
import { traceIdOf } from "../../src/tracing/trace-context.js";

const KEY = "state-key-for-tests-8c2e";
const WORKFLOW = "CensusDailyUpdate";
const PARKED_RUN = "100";
const DISPATCH_RUN = "200";

/** The census workflow with a second gate before the dashboard; the services' gate always asks a person. */
const TWO_GATES = JSON.stringify({
  id: WORKFLOW,
  tasks: [
    { name: "CollectResponses", service: "ResponseService", action: "fetchNew" },
    { name: "AnalyzeData", agent: "CensusCoverageAdvisor", action: "analyze_and_suggest" },
    { name: "GovernanceReview", layer: "GovernanceLayer", action: "enforce" },
    { name: "UpdatePolicy", service: "PolicyService", action: "update" },
    { name: "DashboardReview", layer: "GovernanceLayer", action: "enforce" },
    { name: "RefreshDashboard", service: "DashboardService", action: "refresh" },
  ],
});

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

interface World {
  census: CensusServices;
  cache: FakeCacheService;
  github: FakeGitHubApi;
}

async function world(): Promise<World> {
  const census = await startCensusServices({ gate: "review" });
  const cache = await startFakeCacheService();
  const github = await startFakeGitHubApi({ token: "job-token" });
  closers.push(
    () => census.close(),
    () => cache.close(),
    () => github.close(),
  );
  return { census, cache, github };
}

interface SavedTaskView {
  name: string;
  status: string;
  replayed?: { attempt: number } | null;
  outputs: unknown;
  review: { reasons: string[]; approval: { by: string; comment: string } | null } | null;
}

/** One job's step of GitHub run `runId`, dispatched with `dispatchInputs`. */
async function step(
  w: World,
  options: {
    runId: string;
    job: string;
    inputs?: Record<string, string>;
    dispatchInputs?: Record<string, string>;
    params?: string;
  },
) {
  const run = await runAction({
    event: {
      name: "workflow_dispatch",
      payload: { inputs: options.dispatchInputs ?? { workflow: WORKFLOW } },
    },
    inputs: {
      workflow: "workflows/census_workflow.json",
      params: options.params ?? '{"date":"2024-06-01"}',
      "state-key": KEY,
      "github-token": "job-token",
      ...options.inputs,
    },
    files: {
      "workflows/census_workflow.json": TWO_GATES,
      "workflows/endpoints.yml": endpointsYaml(w.census),
    },
    env: {
      ...w.cache.env,
      GITHUB_RUN_ID: options.runId,
      GITHUB_RUN_ATTEMPT: "1",
      GITHUB_JOB: options.job,
      GITHUB_REPOSITORY: "octo-org/octo-repo",
      GITHUB_API_URL: w.github.url,
    },
  });
  const results = JSON.parse(await readFile(run.outputs["results-file"] as string, "utf8"));
  const tasks: SavedTaskView[] = results.runs[0]?.tasks ?? [];
  const task = (name: string) => tasks.find((t) => t.name === name) as SavedTaskView;
  return { run, results, tasks, task };
}

/** What the services were asked, as `path task`, from call `from` on. */
const asked = (w: World, from = 0) => w.census.calls.slice(from).map((c) => `${c.path} ${c.body.task}`);
const approvalReads = (w: World) =>
  w.github.requests.filter((r) => r.path.endsWith("/approvals")).map((r) => r.path);

describe("a run that waits again, resumed by a later dispatch, through dist/index.js", () => {
  it("parks at gate 1, resumes (ada) and parks at gate 2, then run 200 with resume-run resumes it (bob)", async () => {
    const w = await world();
    const prefix = `mgmt-state-v1-${WORKFLOW}-${PARKED_RUN}-`;

    // 1. Run 100's run job: the first gate asks a person, the run parks.
    const parked = await step(w, { runId: PARKED_RUN, job: "run" });
    expect(parked.run.exitCode).toBe(0);
    expect(parked.run.outputs.status).toBe("waiting");
    expect(parked.run.outputs["waiting-ids"]).toBe(`["${WORKFLOW}"]`);
    expect(asked(w)).toEqual([
      "/responses/fetchNew CollectResponses",
      "/agents/coverage/analyze_and_suggest AnalyzeData",
      "/governance/enforce GovernanceReview",
    ]);
    expect(parked.task("GovernanceReview").status).toBe("waiting");
    expect(w.cache.entries.map((e) => e.key)).toEqual([`${prefix}1-run-1`]);

    // 2. Run 100's review job, ada approved: gate 1 passes, gate 2 asks again, the run parks again.
    w.github.approvals.set(PARKED_RUN, [
      approvalEntry({ by: "ada", environment: "mgmt-review", comment: "first look" }),
    ]);
    const afterFirst = w.census.calls.length;
    const again = await step(w, { runId: PARKED_RUN, job: "review", inputs: { resume: "true" } });
    expect(again.run.exitCode).toBe(0);
    expect(again.run.outputs.status).toBe("waiting");
    expect(again.run.outputs["waiting-ids"]).toBe(`["${WORKFLOW}"]`);
    expect(asked(w, afterFirst)).toEqual([
      "/policy/update UpdatePolicy",
      "/governance/enforce DashboardReview",
    ]);
    expect(again.task("GovernanceReview").status).toBe("success");
    expect(again.task("GovernanceReview").review?.approval).toMatchObject({
      by: "ada",
      comment: "first look",
    });
    expect(again.task("DashboardReview").status).toBe("waiting");
    expect(again.task("DashboardReview").review?.approval).toBeNull();
    expect(again.task("RefreshDashboard").status).toBe("waiting");
    expect(again.task("CollectResponses").replayed).toEqual({ attempt: 1 });
    // A new entry, counting on from the one it restored.
    expect(w.cache.entries.map((e) => e.key)).toEqual([`${prefix}1-run-1`, `${prefix}1-review-2`]);
    expect(approvalReads(w)).toEqual([`/repos/octo-org/octo-repo/actions/runs/${PARKED_RUN}/approvals`]);

    // 3. Run 200, dispatched with resume-run: 100; its own review deployment approved by bob.
    w.github.approvals.set(DISPATCH_RUN, [
      approvalEntry({ by: "bob", environment: "mgmt-review", comment: "go ahead" }),
    ]);
    const afterSecond = w.census.calls.length;
    const done = await step(w, {
      runId: DISPATCH_RUN,
      job: "review",
      inputs: { resume: "true", "resume-run": PARKED_RUN },
      dispatchInputs: { workflow: WORKFLOW, "resume-run": PARKED_RUN },
      // The dispatch's own params do not count: the parked run's are kept.
      params: '{"date":"2024-06-09"}',
    });
    expect(done.run.exitCode).toBe(0);
    expect(done.run.outputs.status).toBe("success");
    expect(done.run.outputs["waiting-ids"]).toBe("[]");
    // Only what follows the second gate is called; nothing before it is called again.
    const resumedCalls = w.census.calls.slice(afterSecond);
    expect(asked(w, afterSecond)).toEqual(["/dashboard/refresh RefreshDashboard"]);
    expect(resumedCalls[0]?.headers["idempotency-key"]).toBe(`"${PARKED_RUN}:${WORKFLOW}:RefreshDashboard"`);
    expect(resumedCalls[0]?.headers["x-mgmt-run"]).toBe(PARKED_RUN);
    expect(resumedCalls[0]?.body.params).toMatchObject({ date: "2024-06-01" });
    expect(done.results.runs[0].runId).toBe(PARKED_RUN);
    // The parked run's trace goes on too: the resumed call is a span of run 100's trace, not 200's.
    const parkedTrace = traceIdOf("octo-org/octo-repo", PARKED_RUN);
    expect(done.run.outputs["trace-id"]).toBe(parkedTrace);
    expect(resumedCalls[0]?.headers["traceparent"]).toMatch(
      new RegExp(`^00-${parkedTrace}-[0-9a-f]{16}-01$`),
    );

    // Each gate keeps its own reviewer: ada for the first, bob for the second.
    expect(done.task("GovernanceReview").review?.approval).toMatchObject({
      by: "ada",
      comment: "first look",
    });
    expect(done.task("GovernanceReview").outputs).toMatchObject({ approved: true, review: { by: "ada" } });
    expect(done.task("DashboardReview").status).toBe("success");
    expect(done.task("DashboardReview").review?.approval).toMatchObject({ by: "bob", comment: "go ahead" });
    expect(done.task("DashboardReview").outputs).toMatchObject({ approved: true, review: { by: "bob" } });
    for (const name of ["CollectResponses", "AnalyzeData", "UpdatePolicy", "GovernanceReview"]) {
      expect(done.task(name).replayed, name).toEqual({ attempt: 1 });
    }
    expect(done.task("RefreshDashboard").status).toBe("success");
    expect(done.task("RefreshDashboard").replayed ?? null).toBeNull();
    expect(done.run.summary).toContain("approved by ada");
    expect(done.run.summary).toContain("approved by bob");

    // The approval read is the dispatch's own review deployment (run 200), not the parked run's.
    expect(approvalReads(w)).toEqual([
      `/repos/octo-org/octo-repo/actions/runs/${PARKED_RUN}/approvals`,
      `/repos/octo-org/octo-repo/actions/runs/${DISPATCH_RUN}/approvals`,
    ]);
    // Run 100's state again, counting on: the resumed run saves under the parked run's prefix.
    expect(w.cache.entries.map((e) => e.key)).toEqual([
      `${prefix}1-run-1`,
      `${prefix}1-review-2`,
      `${prefix}1-review-3`,
    ]);
    // Every call of the whole run, across the three jobs: each service asked once.
    expect(asked(w)).toEqual([
      "/responses/fetchNew CollectResponses",
      "/agents/coverage/analyze_and_suggest AnalyzeData",
      "/governance/enforce GovernanceReview",
      "/policy/update UpdatePolicy",
      "/governance/enforce DashboardReview",
      "/dashboard/refresh RefreshDashboard",
    ]);
  });
});
