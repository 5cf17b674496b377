import { type RunResult, RunResult as RunResultSchema, type TaskResult } from "../../src/engine/result.js";

/** A task that succeeded at the first attempt; override what the test is about. */
export function task(name: string, overrides: Partial<TaskResult> = {}): TaskResult {
  return {
    name,
    kind: "service",
    target: "ResponseService",
    action: "fetchNew",
    status: "success",
    attempts: 1,
    calls: [{ attempt: 1, httpStatus: 200, durationMs: 120, error: null }],
    durationMs: 120,
    startedAt: "2024-06-01T06:00:00.000Z",
    needs: [],
    continueOnError: false,
    params: { date: "2024-06-01" },
    outputs: { ok: true },
    error: null,
    ...overrides,
  };
}

/** A task the engine did not call. */
export function notCalled(
  name: string,
  status: TaskResult["status"],
  error: string,
  needs: string[],
): TaskResult {
  return task(name, {
    status,
    error,
    needs,
    attempts: 0,
    calls: [],
    durationMs: 0,
    startedAt: null,
    params: null,
    outputs: null,
  });
}

/** A run of the given tasks, checked against the zod schema so fixtures cannot drift from it. */
export function run(tasks: TaskResult[], overrides: Partial<RunResult> = {}): RunResult {
  return RunResultSchema.parse({
    workflow: "CensusDailyUpdate",
    name: "Census daily update",
    file: "workflows/census_workflow.json",
    runId: "1234567890",
    attempt: 1,
    trigger: "schedule",
    status: "rejected",
    startedAt: "2024-06-01T06:00:00.000Z",
    finishedAt: "2024-06-01T06:00:04.200Z",
    durationMs: 4200,
    params: { date: "2024-06-01" },
    error: null,
    tasks,
    ...overrides,
  });
}

/** The reference workflow, ended the way the spec's examples describe: the gate says no. */
export function censusRun(): RunResult {
  return run([
    task("CollectResponses", { outputs: { responses: 1520, region: "west" } }),
    task("AnalyzeData", {
      kind: "agent",
      target: "CensusCoverageAdvisor",
      action: "analyze_and_suggest",
      needs: ["CollectResponses"],
      attempts: 2,
      calls: [
        { attempt: 1, httpStatus: 503, durationMs: 80, error: "HTTP 503: busy" },
        { attempt: 2, httpStatus: 200, durationMs: 900, error: null },
      ],
      durationMs: 2100,
      outputs: { suggestions: [{ area: "North", coverage: 0.71 }] },
    }),
    task("GovernanceReview", {
      kind: "layer",
      target: "GovernanceLayer",
      action: "enforce",
      needs: ["AnalyzeData"],
      status: "rejected",
      outputs: { approved: false, reasons: ["coverage below 75% in North"] },
      error: "rejected: coverage below 75% in North",
    }),
    notCalled("UpdatePolicy", "skipped", "skipped: GovernanceReview rejected", ["GovernanceReview"]),
    notCalled("RefreshDashboard", "skipped", "skipped: UpdatePolicy was skipped", ["UpdatePolicy"]),
  ]);
}
