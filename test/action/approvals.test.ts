import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ApprovalSettings, readApproval } from "../../src/action/approvals.js";
import { approvalEntry, type FakeGitHubApi, startFakeGitHubApi } from "../helpers/fake-github-api.js";

const TOKEN = "ghs_review_token";
const RUN = "4242";
const APPROVALS_PATH = `/repos/octo-org/octo-repo/actions/runs/${RUN}/approvals`;

let api: FakeGitHubApi;
beforeEach(async () => {
  api = await startFakeGitHubApi({ token: TOKEN, repository: "octo-org/octo-repo" });
});
afterEach(async () => {
  await api.close();
});

function settings(overrides: Partial<ApprovalSettings> = {}): ApprovalSettings {
  return {
    token: TOKEN,
    apiUrl: api.url,
    repository: "octo-org/octo-repo",
    runId: RUN,
    environment: "mgmt-review",
    ...overrides,
  };
}

describe("readApproval", () => {
  it("gives the login and comment of the person who approved the environment", async () => {
    api.approvals.set(RUN, [
      approvalEntry({ by: "octocat", environment: "mgmt-review", comment: "Ship it!" }),
    ]);

    await expect(readApproval(settings())).resolves.toEqual({
      ok: true,
      approval: { by: "octocat", comment: "Ship it!" },
    });
    expect(api.requests.map((request) => [request.method, request.path])).toEqual([["GET", APPROVALS_PATH]]);
  });

  it("sends the token, as GitHub's REST API expects it", async () => {
    api.approvals.set(RUN, [approvalEntry({ by: "octocat", environment: "mgmt-review" })]);

    await readApproval(settings());

    expect(api.requests[0]?.headers.authorization).toBe(`token ${TOKEN}`);
  });

  it("takes the last approval for the environment, ignoring rejections and other environments", async () => {
    api.approvals.set(RUN, [
      approvalEntry({ by: "first-reviewer", environment: "mgmt-review", comment: "earlier" }),
      approvalEntry({ by: "release-manager", environment: ["staging", "mgmt-review"], comment: "later" }),
      approvalEntry({ by: "ops-lead", environment: "production", comment: "another gate" }),
      approvalEntry({ by: "sceptic", environment: "mgmt-review", state: "rejected", comment: "no" }),
    ]);

    await expect(readApproval(settings())).resolves.toEqual({
      ok: true,
      approval: { by: "release-manager", comment: "later" },
    });
  });

  it("matches the environment's name without regard to case, as GitHub does", async () => {
    api.approvals.set(RUN, [approvalEntry({ by: "octocat", environment: "MGMT-Review" })]);

    await expect(readApproval(settings())).resolves.toMatchObject({ ok: true, approval: { by: "octocat" } });
  });

  it("reads every page of the history", async () => {
    await api.close();
    api = await startFakeGitHubApi({ token: TOKEN, maxPerPage: 2 });
    api.approvals.set(RUN, [
      approvalEntry({ by: "a", environment: "mgmt-review" }),
      approvalEntry({ by: "b", environment: "staging" }),
      approvalEntry({ by: "c", environment: "mgmt-review", state: "rejected" }),
      approvalEntry({ by: "d", environment: "staging" }),
      approvalEntry({ by: "on-page-three", environment: "mgmt-review", comment: "ok" }),
    ]);

    await expect(readApproval(settings())).resolves.toEqual({
      ok: true,
      approval: { by: "on-page-three", comment: "ok" },
    });
    expect(api.requests.map((request) => request.query.page ?? "1")).toEqual(["1", "2", "3"]);
  });

  it("refuses a run with no approval for the environment, saying what to set up", async () => {
    api.approvals.set(RUN, [
      approvalEntry({ by: "sceptic", environment: "mgmt-review", state: "rejected" }),
      approvalEntry({ by: "ops-lead", environment: "production" }),
    ]);

    await expect(readApproval(settings({ environment: "governance" }))).resolves.toEqual({
      ok: false,
      why: "no approval recorded for environment governance: give it required reviewers",
    });
  });

  it("refuses an empty history with the same message", async () => {
    api.approvals.set(RUN, []);

    await expect(readApproval(settings())).resolves.toEqual({
      ok: false,
      why: "no approval recorded for environment mgmt-review: give it required reviewers",
    });
  });

  it("says to grant `actions: read` when the token may not read the run", async () => {
    api.failRoute("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/approvals", 403);

    await expect(readApproval(settings())).resolves.toEqual({
      ok: false,
      why:
        "the github-token cannot read this run's approvals (403: Resource not accessible by integration): " +
        "give the job `actions: read` (beside `contents: read`)",
    });
  });

  it("tells a rate limit apart from a missing permission", async () => {
    api.failRoute("GET", APPROVALS_PATH, 403, {
      message: "API rate limit exceeded for installation ID 1.",
      headers: { "x-ratelimit-remaining": "0" },
    });

    const reading = await readApproval(settings());

    expect(reading).toEqual({ ok: false, why: expect.stringContaining("rate limit") });
    expect(reading).not.toEqual({ ok: false, why: expect.stringContaining("actions: read") });
  });

  it("tells a secondary rate limit by GitHub's message", async () => {
    api.failRoute("GET", APPROVALS_PATH, 403, {
      message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
      headers: { "retry-after": "60" },
    });

    await expect(readApproval(settings())).resolves.toEqual({
      ok: false,
      why: expect.stringMatching(/^GitHub's API rate limit stopped reading .*re-run the job later$/),
    });
  });

  it.each([
    [401, { token: "ghs_wrong" }, "github-token input"],
    [404, { runId: "999" }, "GitHub found no run 999 of octo-org/octo-repo (404"],
    [
      404,
      { repository: "someone/else" },
      "check that the github-token can read this repository's Actions runs",
    ],
  ] as const)("explains a %i in its own words", async (status, overrides, words) => {
    api.approvals.set(RUN, [approvalEntry({ by: "octocat", environment: "mgmt-review" })]);

    const reading = await readApproval(settings(overrides));

    expect(reading).toEqual({ ok: false, why: expect.stringContaining(words) });
    expect(reading).toEqual({ ok: false, why: expect.stringContaining(String(status)) });
  });

  it("says to re-run when GitHub fails", async () => {
    api.failRoute("GET", APPROVALS_PATH, 502);

    await expect(readApproval(settings())).resolves.toEqual({
      ok: false,
      why: expect.stringMatching(
        /^GitHub's API failed reading the approvals of run 4242 of octo-org\/octo-repo \(502.*re-run the job$/,
      ),
    });
  });

  it("names the API it could not reach", async () => {
    const url = api.url;
    await api.close();

    const reading = await readApproval(settings({ apiUrl: url }));

    expect(reading).toEqual({
      ok: false,
      why: expect.stringContaining(`could not reach GitHub's API at ${url}`),
    });
  });

  it("refuses a run id that is not a number without calling GitHub", async () => {
    await expect(readApproval(settings({ runId: "latest" }))).resolves.toEqual({
      ok: false,
      why: expect.stringContaining('the run id "latest" is not a number'),
    });
    expect(api.requests).toEqual([]);
  });
});
