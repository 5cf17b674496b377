import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type FailureIssueSettings,
  failureMarker,
  updateFailureIssues,
} from "../../src/action/failure-issue.js";
import type { RunResult } from "../../src/engine/result.js";
import { type FakeGitHubApi, issueOf, startFakeGitHubApi } from "../helpers/fake-github-api.js";
import { run, task } from "../report/fixtures.js";

const TOKEN = "ghs_issue_token";
const RUN_URL = "https://github.com/octo-org/octo-repo/actions/runs/4242";
const CANARY = "canary-s3cr3t-7f2a";

let api: FakeGitHubApi;
beforeEach(async () => {
  api = await startFakeGitHubApi({ token: TOKEN, repository: "octo-org/octo-repo" });
});
afterEach(async () => {
  await api.close();
});

function settings(overrides: Partial<FailureIssueSettings> = {}): FailureIssueSettings {
  return {
    token: TOKEN,
    apiUrl: api.url,
    repository: "octo-org/octo-repo",
    runUrl: RUN_URL,
    failOn: ["failure", "cancelled"],
    ...overrides,
  };
}

const failing = (error = "HTTP 500 from FetchNew") =>
  run([task("FetchNew", { status: "failure", error })], { workflow: "census" });
const passing = () => run([task("FetchNew")], { workflow: "census" });

async function update(runs: RunResult[], secrets: string[] = []) {
  const warnings: string[] = [];
  await updateFailureIssues(settings(), runs, secrets, (text) => warnings.push(text));
  return warnings;
}

const commentsOn = (number: number) => (api.comments.get(number) ?? []).map((c) => c.body);

describe("updateFailureIssues", () => {
  it("opens an issue with the marker, the label, the run link and the task's error on a first failure", async () => {
    expect(await update([failing()])).toEqual([]);

    expect(api.issues).toHaveLength(1);
    const [issue] = api.issues;
    expect(issue?.title).toBe("mgmt: census is failing");
    expect(issue?.labels.map((label) => label.name)).toEqual(["mgmt-failure"]);
    expect(issue?.body).toContain(failureMarker("census"));
    expect(issue?.body).toContain(`(${RUN_URL})`);
    expect(issue?.body).toContain("**FetchNew**: `HTTP 500 from FetchNew`");
  });

  it("comments on the open issue on a second failure, opening no other", async () => {
    await update([failing()]);
    expect(await update([failing("timed out after 10 s")])).toEqual([]);

    expect(api.issues).toHaveLength(1);
    expect(commentsOn(1)).toEqual([expect.stringContaining("`timed out after 10 s`")]);
    expect(commentsOn(1)[0]).toContain(RUN_URL);
  });

  it("closes the open issue with a comment when a run passes", async () => {
    await update([failing()]);
    expect(await update([passing()])).toEqual([]);

    expect(api.issues[0]?.state).toBe("closed");
    expect(commentsOn(1)).toEqual([`\`census\` succeeded in [run 4242](${RUN_URL}): closing.`]);
  });

  it("does nothing for a passing run without an open issue", async () => {
    expect(await update([passing()])).toEqual([]);
    expect(api.requests.map((r) => r.method)).toEqual(["GET", "GET"]);
    expect(api.issues).toEqual([]);
  });

  it("finds an issue that nobody could label by its marker", async () => {
    api.issues.push(issueOf(api, { title: "unrelated", body: "no marker" }));
    api.issues.push(
      issueOf(api, { title: "mgmt: census is failing", body: `${failureMarker("census")}\n…` }),
    );

    await update([failing()]);

    expect(api.issues).toHaveLength(2);
    expect(commentsOn(2)).toHaveLength(1);
    const lists = api.requests.filter((r) => r.method === "GET").map((r) => r.query.labels ?? null);
    expect(lists).toEqual(["mgmt-failure", null]);
  });

  it("reads every page of the labelled issues", async () => {
    await api.close();
    api = await startFakeGitHubApi({ token: TOKEN, maxPerPage: 2 });
    api.issues.push(
      issueOf(api, {
        title: "mgmt: census is failing",
        body: failureMarker("census"),
        labels: ["mgmt-failure"],
      }),
    );
    for (const id of ["a", "b", "c", "d"]) {
      api.issues.push(
        issueOf(api, { title: `mgmt: ${id} is failing`, body: failureMarker(id), labels: ["mgmt-failure"] }),
      );
    }

    await update([failing()]);

    expect(commentsOn(1)).toHaveLength(1);
    expect(api.issues).toHaveLength(5);
  });

  it("skips pull requests whose body carries the marker", async () => {
    api.issues.push(
      issueOf(api, {
        title: "copy of the marker",
        body: failureMarker("census"),
        labels: ["mgmt-failure"],
        pullRequest: true,
      }),
    );

    await update([failing()]);

    expect(commentsOn(1)).toEqual([]);
    expect(api.issues).toHaveLength(2);
    expect(api.issues[1]?.title).toBe("mgmt: census is failing");
  });

  it("only touches the issue of its own workflow", async () => {
    api.issues.push(
      issueOf(api, { title: "other", body: failureMarker("census-2"), labels: ["mgmt-failure"] }),
    );

    await update([failing()]);

    expect(commentsOn(1)).toEqual([]);
    expect(api.issues.map((issue) => issue.title)).toEqual(["other", "mgmt: census is failing"]);
  });

  it("warns in its own words on a 403 and does not throw", async () => {
    api.failRoute("POST", "/repos/{owner}/{repo}/issues", 403);

    const warnings = await update([failing()]);

    expect(warnings).toEqual([
      "failure-issue: the github-token cannot write issues (403: Resource not accessible by integration): give the job `issues: write`",
    ]);
    expect(api.issues).toEqual([]);
  });

  it("warns once when GitHub cannot be reached", async () => {
    const warnings: string[] = [];
    await updateFailureIssues(
      settings({ apiUrl: "http://127.0.0.1:9" }),
      [failing(), failing()],
      [],
      (text) => warnings.push(text),
    );
    expect(warnings).toEqual([expect.stringMatching(/^failure-issue: could not reach GitHub's API at/)]);
  });

  it("never writes a secret from a task's error into the issue or a comment", async () => {
    const error = `HTTP 500: upstream echoed ${CANARY} and Bearer ${CANARY}`;
    await update([failing(error)], [CANARY]);
    await update([failing(error)], [CANARY]);

    const written = JSON.stringify(api.requests.map((r) => r.body ?? null));
    expect(written).not.toContain(CANARY);
    expect(api.issues[0]?.body).toContain("***");
    expect(commentsOn(1)[0]).toContain("***");
  });

  it("keeps endpoint text from pinging or linking: errors as code, names escaped", async () => {
    await update([
      run(
        [
          task("Fetch@team", {
            status: "failure",
            error: "ask @octocat at https://evil.example ``` [x](https://evil.example)",
          }),
        ],
        { workflow: "census" },
      ),
    ]);

    const body = api.issues[0]?.body ?? "";
    expect(body).toContain(
      "**Fetch\\@team**: ````ask @octocat at https://evil.example ``` [x](https://evil.example)````",
    );
  });
});
