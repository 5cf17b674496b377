// failure-issue: true through dist/index.js, against a fake GitHub REST API and a service
// that fails, then recovers.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeGitHubApi, startFakeGitHubApi } from "../helpers/fake-github-api.js";
import { type FaultServer, startFaultServer } from "../helpers/fault-server.js";
import { runAction } from "../helpers/run-action.js";

const TOKEN = "ghs_e2e_issue_token";
const RUN_URL = "https://github.com/hms/census-ops/actions/runs/4242";

let api: FakeGitHubApi;
let server: FaultServer;
let failing = true;
beforeEach(async () => {
  api = await startFakeGitHubApi({ token: TOKEN, repository: "hms/census-ops" });
  server = await startFaultServer();
  failing = true;
  server.handle(() => (failing ? { status: 500, body: "upstream @octocat broke" } : { json: { ok: true } }));
});
afterEach(async () => {
  await api.close();
  await server.close();
});

function runStep(inputs: Record<string, string> = {}) {
  const definition = `id: census
endpoints: { S: { url: "${server.url("/api")}" } }
tasks:
  - { name: FetchNew, service: S, action: fetchNew, retry: false }
`;
  return runAction({
    inputs: { workflow: "census.yml", "failure-issue": "true", "github-token": TOKEN, ...inputs },
    files: { "census.yml": definition },
    env: { GITHUB_API_URL: api.url, GITHUB_REPOSITORY: "hms/census-ops", GITHUB_RUN_ID: "4242" },
  });
}

const warnings = (stdout: string) => stdout.split("\n").filter((line) => line.startsWith("::warning"));

describe("failure-issue: true", () => {
  it("opens an issue on the first failure, comments on the second, closes it once a run passes", async () => {
    const first = await runStep();
    expect(first.outputs.status).toBe("failure");
    expect(first.exitCode).toBe(1);
    expect(api.issues).toHaveLength(1);
    expect(api.issues[0]).toMatchObject({ title: "mgmt: census is failing", state: "open" });
    expect(api.issues[0]?.labels.map((label) => label.name)).toEqual(["mgmt-failure"]);
    expect(api.issues[0]?.body).toContain("<!-- mgmt-failure:census -->");
    expect(api.issues[0]?.body).toContain(RUN_URL);
    expect(api.issues[0]?.body).toContain("**FetchNew**: `");
    // The endpoint's text is a code span: no mention.
    expect(api.issues[0]?.body).toMatch(/`[^`\n]*@octocat[^`\n]*`/);

    const second = await runStep();
    expect(second.outputs.status).toBe("failure");
    expect(api.issues).toHaveLength(1);
    expect(api.comments.get(1)).toEqual([
      expect.objectContaining({ body: expect.stringContaining(RUN_URL) }),
    ]);

    failing = false;
    const third = await runStep();
    expect(third.exitCode).toBe(0);
    expect(third.outputs.status).toBe("success");
    expect(api.issues[0]?.state).toBe("closed");
    expect(api.comments.get(1)?.at(-1)?.body).toBe(
      `\`census\` succeeded in [run 4242](${RUN_URL}): closing.`,
    );
    expect(warnings(first.stdout + second.stdout + third.stdout)).toEqual([]);
  });

  it("a 403 leaves a warning, and the run's status and outputs as they were", async () => {
    api.failRoute("POST", "/repos/{owner}/{repo}/issues", 403);

    const run = await runStep();

    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe("failure");
    expect(run.outputs["failed-tasks"]).toBe("FetchNew");
    expect(warnings(run.stdout)).toEqual([
      expect.stringContaining("failure-issue: the github-token cannot write issues (403"),
    ]);
    expect(run.stdout).toContain("give the job `issues: write`");
    expect(api.issues).toEqual([]);
  });

  it("a 403 on a passing run leaves it passing", async () => {
    failing = false;
    api.failRoute("GET", "/repos/{owner}/{repo}/issues", 403);

    const run = await runStep();

    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe("success");
    expect(warnings(run.stdout)).toHaveLength(1);
  });

  it("touches no issue without the input, nor in a dry run", async () => {
    const off = await runStep({ "failure-issue": "false" });
    const dry = await runStep({ "dry-run": "true" });
    // Both ran as far as a failing run would: the failure itself opens no issue without the input.
    expect(off.outputs.status).toBe("failure");
    expect(dry.exitCode).toBe(0);
    expect(dry.outputs["workflow-ids"]).toBe('["census"]');
    expect(api.requests).toEqual([]);
  });
});
