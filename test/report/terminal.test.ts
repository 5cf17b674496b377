import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../src/engine/events.js";
import type { TaskResult } from "../../src/engine/result.js";
import { renderProgress, renderTable, useColor } from "../../src/report/terminal.js";
import { censusRun, censusRunWithTokens, runOf, task } from "./fixtures.js";

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
