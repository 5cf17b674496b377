import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validateCommand } from "../../src/cli/validate.js";
import { makeWorkspace } from "../helpers/run-action.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

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

  it("a cron more often than every 5 minutes is a warning with its place, and still exits 0", async () => {
    const { workspace } = await makeWorkspace({
      "workflows/daily.yml": DEFINITION.replace("0 6 * * *", "*/2 * * * *"),
    });
    const run = await runCli(["validate", "workflows"], { cwd: workspace });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(
      /workflows\/daily\.yml:2:\d+: warning: on\.schedule\[0\]\.cron: .*at most every 5 minutes/,
    );
    expect(run.stdout).toMatch(/1 valid workflow \(Daily\), 1 warning/);
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

/** A folder with these files, removed after the test; returns its path. */
async function folder(files: Record<string, string>): Promise<string> {
  const dir = await tempDir("mgmt-validate-");
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return dir;
}

async function validate(target: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await validateCommand(target, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const ENDPOINTS = 'endpoints:\n  S: { url: "http://127.0.0.1:1" }\n';

describe("validateCommand", () => {
  it("a valid folder exits 0 and names its workflows", async () => {
    const dir = await folder({
      "a.yml": "id: A\ntasks:\n  - { name: One, service: S, action: go }\n",
      "b.json": '{ "id": "B", "tasks": [{ "name": "One", "service": "S", "action": "go" }] }',
      "endpoints.yml": ENDPOINTS,
    });
    expect(await validate(dir)).toEqual({ code: 0, out: ["2 valid workflows (A, B), 0 warnings"], err: [] });
  });

  it("every problem of every file is printed with file:line:column, severity and field; exit 2", async () => {
    const dir = await folder({
      "a.yml":
        "id: A\ntasks:\n  - { name: One, service: S, action: go, depends_on: [X] }\n  - { name: Two, service: Nope, action: go }\n",
      "b.yml":
        "id: B\ntasks:\n  - { name: One, service: S, action: go, if: 'tasks.Two.outputs' }\n  - { name: Two, service: S, action: go }\n",
      "endpoints.yml": ENDPOINTS,
    });
    const { code, out, err } = await validate(dir);
    expect(code).toBe(2);
    expect(err).toEqual([
      `${path.join(dir, "a.yml")}:3:42: error: tasks[0].depends_on: unknown field "depends_on" (did you mean "needs"?)`,
      `${path.join(dir, "a.yml")}:4:27: error: tasks[1].service: no endpoint named "Nope" (known: S)`,
      `${path.join(dir, "b.yml")}:3:46: error: tasks[0].if: reads tasks.Two, which is not among its direct or indirect needs (in "\${{ tasks.Two.outputs }}")`,
    ]);
    expect(out).toEqual([`3 errors, 0 warnings in ${dir}`]);
  });

  it("a problem in a shared endpoints file is printed once, not once per workflow", async () => {
    const dir = await folder({
      "a.yml": "id: A\ntasks:\n  - { name: One, service: S, action: go }\n",
      "b.yml": "id: B\ntasks:\n  - { name: One, service: S, action: go }\n",
      "endpoints.yml": 'endpoints:\n  S: { url: "ftp://h" }\n',
    });
    const { code, err } = await validate(dir);
    expect(code).toBe(2);
    expect(err).toEqual([
      `${path.join(dir, "endpoints.yml")}:2:13: error: endpoints.S.url: must be an http or https URL`,
    ]);
  });

  it("a missing target is an error, not a crash", async () => {
    const { code, err } = await validate("/nonexistent/flows");
    expect(code).toBe(2);
    expect(err).toEqual([
      "/nonexistent/flows:1:1: error: (file): no such file or folder: /nonexistent/flows",
    ]);
  });
});
