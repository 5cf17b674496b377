import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../src/engine/events.js";
import type { TaskResult } from "../../src/engine/result.js";
import { renderProgress, renderTable, useColor } from "../../src/report/terminal.js";
import {
  censusResumedRun,
  censusRun,
  censusRunWithTokens,
  censusWaitingRun,
  runOf,
  task,
} from "./fixtures.js";

// eslint-disable-next-line no-control-regex -- stripping colour codes is the point
const plain = (text: string) => text.replace(/\x1b\[\d+m/g, "");

describe("renderTable", () => {
  it("says how the run ended, then lines the columns up", () => {
    expect(renderTable(censusRun(), { color: false, secrets: [] })).toBe(
      [
        "CensusDailyUpdate: ⊘ Rejected by governance · 5 tasks: 1 rejected, 2 skipped, 2 succeeded · 2.3 s",
        "",
        "Task              Kind     Target                                     Status    Attempts  Duration  HTTP  Detail",
        "CollectResponses  service  ResponseService/fetchNew                   success   1         120 ms    200",
        "AnalyzeData       agent    CensusCoverageAdvisor/analyze_and_suggest  success   2         2.1 s     200   succeeded on attempt 2; attempt 1: HTTP 503: busy",
        "GovernanceReview  layer    GovernanceLayer/enforce                    rejected  1         120 ms    200   rejected: coverage below 75% in North",
        "UpdatePolicy      service  PolicyService/update                       skipped   0         —         —     skipped: GovernanceReview rejected",
        "RefreshDashboard  service  DashboardService/refresh                   skipped   0         —         —     skipped: GovernanceReview rejected",
      ].join("\n"),
    );
  });

  it("adds a Tokens column and the run's total when some task reported tokens", () => {
    expect(renderTable(censusRunWithTokens(), { color: false, secrets: [] })).toBe(
      [
        "CensusDailyUpdate: ⊘ Rejected by governance · 5 tasks: 1 rejected, 2 skipped, 2 succeeded · 2.3 s · 13,545 in · 758 out tokens",
        "",
        "Task              Kind     Target                                     Status    Attempts  Duration  HTTP  Tokens               Detail",
        "CollectResponses  service  ResponseService/fetchNew                   success   1         120 ms    200   —",
        "AnalyzeData       agent    CensusCoverageAdvisor/analyze_and_suggest  success   2         2.1 s     200   12,345 in · 678 out  succeeded on attempt 2; attempt 1: HTTP 503: busy",
        "GovernanceReview  layer    GovernanceLayer/enforce                    rejected  1         120 ms    200   1,200 in · 80 out    rejected: coverage below 75% in North",
        "UpdatePolicy      service  PolicyService/update                       skipped   0         —         —     —                    skipped: GovernanceReview rejected",
        "RefreshDashboard  service  DashboardService/refresh                   skipped   0         —         —     —                    skipped: GovernanceReview rejected",
      ].join("\n"),
    );
    expect(renderTable(censusRun(), { color: false, secrets: [] })).not.toMatch(/token/i);
  });

  it("colours statuses without moving the columns", () => {
    const coloured = renderTable(censusRun(), { color: true, secrets: [] });
    expect(coloured).toContain("\x1b[32msuccess \x1b[39m");
    expect(coloured).toContain("\x1b[33mrejected\x1b[39m");
    expect(plain(coloured)).toBe(renderTable(censusRun(), { color: false, secrets: [] }));
  });

  it("lets no endpoint drive the terminal or show a secret", async () => {
    const hostile = await runOf([{ name: "T" }], {
      T: { error: "\x1b[2J\x1b]0;owned\x07 token=abc123\nnext" },
    });
    const text = renderTable(hostile, { color: false, secrets: ["abc123"] });
    expect(text).not.toContain("\x1b");
    expect(text).not.toContain("\x07");
    expect(text).not.toContain("abc123");
    expect(text.split("\n").at(-1)).toMatch(/ \[2J ]0;owned token=\*\*\* next$/);
  });
});

describe("renderTable of review and replay", () => {
  it("shows what waits, and ends saying how to approve and resume from the CLI", () => {
    const lines = renderTable(censusWaitingRun(), { color: false, secrets: [] }).split("\n");
    expect(lines[0]).toBe(
      "CensusDailyUpdate: ⏸ Waiting for review · 5 tasks: 3 waiting, 2 succeeded · 2.3 s",
    );
    expect(lines.slice(5, 8)).toEqual([
      "GovernanceReview  layer    GovernanceLayer/enforce                    waiting  1         120 ms    200   asks for a person's review: coverage below 75% in North; 3 regions changed at once",
      "UpdatePolicy      service  PolicyService/update                       waiting  0         —         —     waiting for GovernanceReview",
      "RefreshDashboard  service  DashboardService/refresh                   waiting  0         —         —     waiting for GovernanceReview",
    ]);
    expect(lines.slice(-2)).toEqual([
      "",
      "⏸ To approve it and resume: mgmt run … --state DIR --resume --run-id 1234567890 --approved-by NAME (… as in this command)",
    ]);
  });

  it("names the state folder when it knows it, quoted for the shell", () => {
    const text = renderTable(censusWaitingRun(), { color: false, secrets: [], stateDir: "my state" });
    expect(text.split("\n").at(-1)).toContain("--state 'my state' --resume --run-id 1234567890");
  });

  it("colours waiting apart from what went wrong", () => {
    expect(renderTable(censusWaitingRun(), { color: true, secrets: [] })).toContain(
      "\x1b[36mwaiting\x1b[39m",
    );
  });

  it("marks replayed tasks and says who approved the gate", () => {
    const lines = renderTable(censusResumedRun(), { color: false, secrets: [] }).split("\n");
    expect(lines[0]).toBe("CensusDailyUpdate: ✓ Succeeded · 5 tasks: 5 succeeded (2 replayed) · 240 ms");
    expect(lines.slice(3, 6)).toEqual([
      "CollectResponses  service  ResponseService/fetchNew                   replayed  1         —         200   from attempt 1",
      "AnalyzeData       agent    CensusCoverageAdvisor/analyze_and_suggest  replayed  2         —         200   from attempt 1",
      "GovernanceReview  layer    GovernanceLayer/enforce                    success   1         —         200   approved by octocat at 2024-06-02 09:14 UTC: fine for this week",
    ]);
    expect(lines.at(-1)).not.toContain("--resume");
  });

  it("says nothing of review or replay for a run without either", () => {
    const text = renderTable(censusRun(), { color: false, secrets: [] });
    expect(text).not.toMatch(/⏸|♻|waiting|replayed|--resume|approved by/);
  });
});

describe("renderProgress", () => {
  const options = { color: false, secrets: ["abc123"] };
  it("counts tasks as they start and end", () => {
    const result = censusRun();
    const [collect, , gate] = result.tasks as [TaskResult, TaskResult, TaskResult];
    const events: RunEvent[] = [
      { type: "run:start", workflow: "CensusDailyUpdate", runId: "42", tasks: 5 },
      { type: "task:start", workflow: "CensusDailyUpdate", task: "CollectResponses" },
      { type: "task:end", workflow: "CensusDailyUpdate", result: collect },
      { type: "task:start", workflow: "CensusDailyUpdate", task: "GovernanceReview" },
      {
        type: "task:end",
        workflow: "CensusDailyUpdate",
        result: { ...gate, error: "rejected: abc123 leaked" } as never,
      },
      { type: "run:end", result },
    ];
    expect(events.map((e) => renderProgress(e, options))).toEqual([
      "▶ CensusDailyUpdate: 5 tasks, run 42",
      "[0/5] CollectResponses started",
      "[1/5] CollectResponses ✓ success · 1 attempt · 120 ms",
      "[1/5] GovernanceReview started",
      "[2/5] GovernanceReview ⊘ rejected · 1 attempt · 120 ms · rejected: *** leaked",
      "CensusDailyUpdate: ⊘ Rejected by governance · 5 tasks: 1 rejected, 2 skipped, 2 succeeded · 2.3 s",
    ]);
  });

  it("gives a task's tokens when it ends and the run's total when it ends", () => {
    const result = censusRunWithTokens();
    const analyze = result.tasks[1] as TaskResult;
    renderProgress({ type: "run:start", workflow: "CensusDailyUpdate", runId: "42", tasks: 5 }, options);
    expect(
      renderProgress({ type: "task:end", workflow: "CensusDailyUpdate", result: analyze }, options),
    ).toBe("[1/5] AnalyzeData ✓ success · 2 attempts · 2.1 s · 12,345 in · 678 out tokens");
    expect(renderProgress({ type: "run:end", result }, options)).toBe(
      "CensusDailyUpdate: ⊘ Rejected by governance · 5 tasks: 1 rejected, 2 skipped, 2 succeeded · 2.3 s · 13,545 in · 758 out tokens",
    );
  });

  it("says why a task waits, where a replayed one comes from, and who approved", () => {
    const waiting = censusWaitingRun();
    const resumed = censusResumedRun();
    const end = (result: TaskResult) =>
      renderProgress({ type: "task:end", workflow: "CensusDailyUpdate", result }, options).replace(
        /^\[\d+\/\d+\] /,
        "",
      );
    expect(end(waiting.tasks[2] as TaskResult)).toBe(
      "GovernanceReview ⏸ waiting · 1 attempt · 120 ms · asks for a person's review: coverage below 75% in North; 3 regions changed at once",
    );
    expect(end(waiting.tasks[3] as TaskResult)).toBe(
      "UpdatePolicy ⏸ waiting · 0 attempts · 0 ms · waiting for GovernanceReview",
    );
    expect(end(resumed.tasks[0] as TaskResult)).toBe(
      "CollectResponses ♻ replayed · 1 attempt · from attempt 1",
    );
    expect(end(resumed.tasks[2] as TaskResult)).toBe(
      "GovernanceReview ✓ success · 1 attempt · approved by octocat at 2024-06-02 09:14 UTC: fine for this week",
    );
    expect(renderProgress({ type: "run:end", result: waiting }, options)).toBe(
      "CensusDailyUpdate: ⏸ Waiting for review · 5 tasks: 3 waiting, 2 succeeded · 2.3 s",
    );
  });

  it("starts counting again with the next run", () => {
    renderProgress({ type: "run:start", workflow: "A", runId: "1", tasks: 2 }, options);
    renderProgress({ type: "task:end", workflow: "A", result: task("X") }, options);
    renderProgress({ type: "run:start", workflow: "A", runId: "2", tasks: 3 }, options);
    expect(
      renderProgress({ type: "task:end", workflow: "A", result: task("Y", { attempts: 2 }) }, options),
    ).toBe("[1/3] Y ✓ success · 2 attempts · 120 ms");
  });
});

describe("useColor", () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: "1" }, true, false],
    [{ NO_COLOR: "" }, true, true],
    [{ TERM: "dumb" }, true, false],
    [{ FORCE_COLOR: "1" }, false, true],
    [{ FORCE_COLOR: "" }, false, true],
    [{ FORCE_COLOR: "0" }, true, false],
    [{ FORCE_COLOR: "false" }, true, false],
    [{ FORCE_COLOR: "1", NO_COLOR: "1" }, false, true],
  ])("%j on a %s TTY → %s", (env, isTTY, expected) => {
    expect(useColor(env, isTTY)).toBe(expected);
  });
});
