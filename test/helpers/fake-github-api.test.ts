import { getOctokit } from "@actions/github";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeGitHubApi, issueOf, startFakeGitHubApi } from "./fake-github-api.js";

const TOKEN = "ghs_issues_token";
const ISSUES = "/repos/octo-org/octo-repo/issues";

/** GitHub's answers, read freely by the assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the shapes are GitHub's, checked by the tests
type GitHubJson = any;

let api: FakeGitHubApi;
beforeEach(async () => {
  api = await startFakeGitHubApi({ token: TOKEN, maxPerPage: 2 });
});
afterEach(async () => {
  await api.close();
});

async function call(method: string, path: string, body?: unknown, token = TOKEN) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: response.status,
    link: response.headers.get("link"),
    json: (await response.json()) as GitHubJson,
  };
}

describe("the fake GitHub API's issues", () => {
  it("creates an issue with labels, authored by the token's bot", async () => {
    const created = await call("POST", ISSUES, {
      title: "mgmt: census is failing",
      body: "x",
      labels: ["mgmt-failure"],
    });

    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      number: 1,
      title: "mgmt: census is failing",
      body: "x",
      state: "open",
      labels: [{ name: "mgmt-failure" }],
      user: { login: "github-actions[bot]" },
    });
    expect(api.issues).toHaveLength(1);
    expect(api.requests[0]).toMatchObject({
      method: "POST",
      path: ISSUES,
      body: { labels: ["mgmt-failure"] },
    });
  });

  it("drops labels, as GitHub does, when the token may not label", async () => {
    await api.close();
    api = await startFakeGitHubApi({ token: TOKEN, canLabel: false });

    const created = await call("POST", ISSUES, { title: "t", labels: ["mgmt-failure"] });

    expect(created.json.labels).toEqual([]);
  });

  it("refuses an issue without a title", async () => {
    expect((await call("POST", ISSUES, { body: "no title" })).status).toBe(422);
  });

  it("lists open issues with all the labels asked for, newest first, page by page with Link", async () => {
    api.issues.push(issueOf(api, { title: "one", labels: ["mgmt-failure"] }));
    api.issues.push(issueOf(api, { title: "closed", labels: ["mgmt-failure"], state: "closed" }));
    api.issues.push(issueOf(api, { title: "other label", labels: ["bug"] }));
    api.issues.push(issueOf(api, { title: "a pull request", labels: ["mgmt-failure"], pullRequest: true }));
    api.issues.push(issueOf(api, { title: "four", labels: ["MGMT-failure", "bug"] }));

    const first = await call("GET", `${ISSUES}?labels=mgmt-failure&state=open&per_page=100`);
    expect(first.json.map((issue: { title: string }) => issue.title)).toEqual(["four", "a pull request"]);
    expect(first.json[1].pull_request).toBeDefined();
    expect(first.link).toContain('rel="next"');
    const next = /<([^>]+)>; rel="next"/.exec(first.link ?? "")?.[1] ?? "";
    expect(new URL(next).searchParams.get("labels")).toBe("mgmt-failure");

    const second = await call("GET", next.slice(api.url.length));
    expect(second.json.map((issue: { title: string }) => issue.title)).toEqual(["one"]);
    expect(second.link).not.toContain('rel="next"');

    const all = await call("GET", `${ISSUES}?state=all&labels=bug,mgmt-failure`);
    expect(all.json.map((issue: { title: string }) => issue.title)).toEqual(["four"]);
  });

  it("serves Octokit's paginate over every page", async () => {
    for (let i = 1; i <= 5; i++)
      api.issues.push(issueOf(api, { title: `issue ${i}`, labels: ["mgmt-failure"] }));
    const octokit = getOctokit(TOKEN, { baseUrl: api.url });

    const listed = await octokit.paginate(octokit.rest.issues.listForRepo, {
      owner: "octo-org",
      repo: "octo-repo",
      labels: "mgmt-failure",
      state: "open",
      per_page: 100,
    });

    expect(listed.map((issue) => issue.number)).toEqual([5, 4, 3, 2, 1]);
    expect(api.requests).toHaveLength(3);
    expect(api.requests[0]?.headers.authorization).toBe(`token ${TOKEN}`);
  });

  it("comments on an issue and closes it", async () => {
    api.issues.push(issueOf(api, { title: "failing", body: "<!-- mgmt-failure:census -->" }));

    const comment = await call("POST", `${ISSUES}/1/comments`, { body: "Passing again." });
    expect(comment.status).toBe(201);
    expect(comment.json).toMatchObject({ body: "Passing again.", issue_url: `${api.url}${ISSUES}/1` });
    expect(api.comments.get(1)?.map((c) => c.body)).toEqual(["Passing again."]);

    const closed = await call("PATCH", `${ISSUES}/1`, { state: "closed" });
    expect(closed.status).toBe(200);
    expect(closed.json).toMatchObject({ state: "closed", state_reason: "completed", comments: 1 });
    expect(api.issues[0]?.closed_at).toEqual(expect.any(String));
    expect((await call("GET", `${ISSUES}?state=open`)).json).toEqual([]);
  });

  it("answers 404 for an issue it does not hold", async () => {
    expect((await call("POST", `${ISSUES}/7/comments`, { body: "x" })).status).toBe(404);
    expect((await call("PATCH", `${ISSUES}/7`, { state: "closed" })).status).toBe(404);
  });
});

describe("the fake GitHub API's checks", () => {
  it("wants the token, as `token` or `Bearer`", async () => {
    expect((await call("GET", ISSUES, undefined, "wrong")).json).toMatchObject({
      message: "Bad credentials",
    });
    const anonymous = await fetch(`${api.url}${ISSUES}`);
    expect(anonymous.status).toBe(401);
    await anonymous.body?.cancel();
    expect((await call("GET", ISSUES)).status).toBe(200);
  });

  it("fails a route as told, a number of times or until cleared", async () => {
    api.failRoute("POST", "/repos/{owner}/{repo}/issues", 500, { times: 1 });
    api.failRoute("GET", "/repos/{owner}/{repo}/issues", 403);

    expect((await call("POST", ISSUES, { title: "t" })).status).toBe(500);
    expect((await call("POST", ISSUES, { title: "t" })).status).toBe(201);
    const refused = await call("GET", ISSUES);
    expect(refused).toMatchObject({
      status: 403,
      json: { message: "Resource not accessible by integration" },
    });
    api.clearFailures();
    expect((await call("GET", ISSUES)).status).toBe(200);
  });

  it("serves only its repository when given one", async () => {
    await api.close();
    api = await startFakeGitHubApi({ token: TOKEN, repository: "octo-org/octo-repo" });

    expect((await call("GET", "/repos/someone/else/issues")).status).toBe(404);
    expect((await call("GET", ISSUES)).status).toBe(200);
  });
});
