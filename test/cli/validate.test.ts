import { describe, expect, it } from "vitest";
import { makeWorkspace } from "../helpers/run-action.js";
import { runCli } from "../helpers/run-cli.js";

const DEFINITION = `id: Daily
on: { schedule: [{ cron: "0 6 * * *" }] }
endpoints: { S: { url: "http://127.0.0.1:1" } }
tasks:
  - { name: A, service: S, action: go }
`;

const githubWorkflow = (cron: string) => `on:
  schedule:
    - cron: "${cron}"
jobs: {}
`;

describe("mgmt validate", () => {
  it("warns when the GitHub workflow's crons and the definitions' disagree, and still exits 0", async () => {
    const { workspace } = await makeWorkspace({
      "workflows/daily.yml": DEFINITION,
      ".github/workflows/mgmt.yml": githubWorkflow("0 7 * * *"),
    });
    const run = await runCli(["validate", "workflows"], { cwd: workspace });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain("warning");
    expect(run.stderr).toContain("0 6 * * *");
    expect(run.stderr).toContain("0 7 * * *");
    expect(run.stdout).toMatch(/1 valid workflow \(Daily\), 2 warnings/);
  });

  it("is quiet when they agree", async () => {
    const { workspace } = await makeWorkspace({
      "workflows/daily.yml": DEFINITION,
      ".github/workflows/mgmt.yml": githubWorkflow("0  6 * * *"),
    });
    const run = await runCli(["validate", "workflows"], { cwd: workspace });
    expect(run).toMatchObject({ exitCode: 0, stderr: "" });
    expect(run.stdout).toContain("1 valid workflow (Daily), 0 warnings");
  });

  it("a cron GitHub would refuse is an error with its place", async () => {
    const { workspace } = await makeWorkspace({
      "workflows/daily.yml": DEFINITION.replace("0 6 * * *", "0 25 * * *"),
    });
    const run = await runCli(["validate", "workflows"], { cwd: workspace });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/workflows\/daily\.yml:2:\d+: error: on\.schedule\[0\]\.cron: .*hour/);
  });
});
