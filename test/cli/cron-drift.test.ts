import { describe, expect, it } from "vitest";
import { cronDrift } from "../../src/cli/cron-drift.js";
import { planOf } from "../triggers/plans.js";

const daily = planOf("Daily", '{ schedule: [{ cron: "0 6 * * *" }] }');
const dashboard = planOf("Dashboard", '{ schedule: [{ cron: "0  6 * * *" }, { cron: "0 18 * * *" }] }');
const FILE = ".github/workflows/mgmt.yml";

const github = (schedule: string) => `name: mgmt
on:
  workflow_dispatch:
${schedule}
jobs:
  run:
    runs-on: ubuntu-latest
    steps: [{ uses: hms/mgmt-action@v1 }]
`;

const messages = (text: string) =>
  cronDrift([daily, dashboard], text, FILE).map(
    (p) => `${p.line}:${p.column} ${p.severity} ${p.field}: ${p.message}`,
  );

describe("cronDrift", () => {
  it("finds nothing when the crons agree, whitespace aside", () => {
    expect(messages(github('  schedule:\n    - cron: "0 6  * * *"\n    - cron: "0 18 * * *"'))).toEqual([]);
  });

  it("warns about a definition's cron GitHub never fires, naming the definitions", () => {
    expect(messages(github('  schedule:\n    - cron: "0 18 * * *"'))).toEqual([
      '4:3 warning on.schedule: "0 6 * * *" (on.schedule of Daily, Dashboard) is not in this workflow\'s on.schedule: ' +
        "GitHub never starts them on that cron (add it, or run mgmt init --force)",
    ]);
  });

  it("warns about a GitHub cron no definition declares, at that cron", () => {
    expect(
      messages(
        github('  schedule:\n    - cron: "0 6 * * *"\n    - cron: "0 18 * * *"\n    - cron: "*/30 * * * *"'),
      ),
    ).toEqual([
      '7:13 warning on.schedule[2].cron: "*/30 * * * *" is declared by no definition: its runs fail without a call ' +
        '(the definitions declare "0 6 * * *", "0 18 * * *")',
    ]);
  });

  it("points at on: when the GitHub workflow has no schedule at all", () => {
    const problems = cronDrift([daily], github(""), FILE);
    expect(problems).toMatchObject([{ file: FILE, line: 2, field: "on", severity: "warning" }]);
    expect(problems[0]?.message).toContain('"0 6 * * *" (on.schedule of Daily)');
  });

  it("reads on: as a list of event names", () => {
    expect(cronDrift([daily], "on: [push]\njobs: {}\n", FILE)).toMatchObject([{ field: "on", line: 1 }]);
    expect(cronDrift([planOf("Quiet")], "on: push\njobs: {}\n", FILE)).toEqual([]);
  });

  it("turns a GitHub workflow it cannot parse into a warning, never a throw", () => {
    expect(cronDrift([daily], "on: [push\n", FILE)).toMatchObject([
      { file: FILE, severity: "warning", message: expect.stringContaining("cannot compare crons") },
    ]);
  });
});
