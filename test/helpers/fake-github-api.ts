/**
 * A real HTTP server on 127.0.0.1 that answers the parts of GitHub's REST API the action
 * uses, in GitHub's shapes, for tests that run the real @actions/github client against it:
 *
 * - `GET  /repos/{o}/{r}/actions/runs/{run_id}/approvals` (the run's review history), from `approvals`;
 * - `GET  /repos/{o}/{r}/issues?labels=&state=&per_page=&page=` (newest first, Link pagination,
 *   pull requests included as GitHub does), `POST /repos/{o}/{r}/issues`,
 *   `POST /repos/{o}/{r}/issues/{n}/comments`, `PATCH /repos/{o}/{r}/issues/{n}`, on `issues`.
 *
 *   const api = await startFakeGitHubApi({ token: "ghs_test" });
 *   api.approvals.set("4242", [approvalEntry({ by: "octocat", environment: "mgmt-review" })]);
 *   api.issues.push(issueOf(api, { title: "mgmt: census is failing", labels: ["mgmt-failure"] }));
 *   api.failRoute("POST", "/repos/{owner}/{repo}/issues", 403, { times: 1 });
 *   // GITHUB_API_URL=api.url
 *   api.requests; // [{ method, path, query, headers, body }, …]
 *   await api.close();
 *
 * Every request needs `Authorization: token|Bearer <token>` (401 otherwise). Lists are paged as
 * GitHub pages them: `per_page` (default 30, at most `maxPerPage`, default 100) and `page`.
 * GitHub documents no paging for the approvals; serving it paged is the stricter test.
 * Not served: search, labels endpoints, rate-limit headers (give them to `failRoute`).
 */
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, STATUS_CODES, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** Whatever JSON the client sent: tests and routes read into it freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the body is the client's, unchecked
type ClientBody = any;

export interface GitHubUser {
  login: string;
  id: number;
  type: string;
  [field: string]: unknown;
}

/** One entry of a run's review history, as GitHub documents it ("environment-approvals"). */
export interface Approval {
  state: "approved" | "rejected" | "pending";
  comment: string;
  environments: Array<{ id: number; name: string; [field: string]: unknown }>;
  user: GitHubUser;
}

export interface IssueLabel {
  id: number;
  name: string;
  [field: string]: unknown;
}

/** An issue (or, with `pull_request`, a pull request) as GitHub's issues endpoints answer it. */
export interface Issue {
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  state_reason: string | null;
  labels: IssueLabel[];
  comments: number;
  closed_at: string | null;
  pull_request?: { url: string };
  [field: string]: unknown;
}

export interface IssueComment {
  id: number;
  body: string;
  user: GitHubUser;
  issue_url: string;
  [field: string]: unknown;
}

export interface RecordedGitHubRequest {
  method: string;
  /** The path without the query. */
  path: string;
  query: Record<string, string>;
  /** Header names in lower case. */
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; the raw text if it is not JSON; undefined when empty. */
  body: ClientBody;
}

export interface FakeGitHubApiOptions {
  /** The token every request must carry (default "fake-github-token"). */
  token?: string;
  /** "owner/repo": requests for any other repository get 404 (default: any repository is served). */
  repository?: string;
  /** The largest page the lists serve (default 100, as GitHub); lower it to test pagination. */
  maxPerPage?: number;
  /** false: labels sent when creating an issue are dropped, as GitHub does for a token without push access. */
  canLabel?: boolean;
  /** Who the token belongs to: the author of issues and comments it creates. */
  login?: string;
}

export interface FakeGitHubApi {
  /** `http://127.0.0.1:PORT`, to set as GITHUB_API_URL. */
  url: string;
  /** Every request, in arrival order, refused ones included. */
  requests: RecordedGitHubRequest[];
  /** A run's review history by run id (as text), in the order GitHub lists it; an unknown run is a 404. */
  approvals: Map<string, Approval[]>;
  /** The repository's issues and pull requests, in creation order; push `issue({...})` to seed one. */
  issues: Issue[];
  /** Comments by issue number, in creation order. */
  comments: Map<number, IssueComment[]>;
  /**
   * Answers `method` requests whose path matches `pathPattern` (`{name}` stands for one segment)
   * with `status` and GitHub's error body, `times` times (default: until `clearFailures()`).
   */
  failRoute(
    method: string,
    pathPattern: string | RegExp,
    status: number,
    options?: { times?: number; message?: string; headers?: Record<string, string> },
  ): void;
  clearFailures(): void;
  /** Stops listening and destroys every socket; closing twice is harmless. */
  close(): Promise<void>;
}

const BOT: GitHubUser = { login: "github-actions[bot]", id: 41898282, type: "Bot" };
const DOCS = "https://docs.github.com/rest";
const MESSAGES: Record<number, string> = {
  401: "Bad credentials",
  403: "Resource not accessible by integration",
  404: "Not Found",
  422: "Validation Failed",
  500: "Server Error",
};

/** A user in GitHub's "simple-user" shape. */
export function githubUser(login: string, id = 1000 + login.length): GitHubUser {
  const html = `https://github.com/${login}`;
  return { login, id, node_id: `U_${id}`, type: "User", site_admin: false, html_url: html, url: html };
}

/** A review-history entry in the documented shape; `environment` may list several names. */
export function approvalEntry(entry: {
  by: string;
  environment: string | string[];
  state?: Approval["state"];
  comment?: string;
}): Approval {
  const names = typeof entry.environment === "string" ? [entry.environment] : entry.environment;
  return {
    state: entry.state ?? "approved",
    comment: entry.comment ?? "",
    environments: names.map((name, i) => ({
      id: 56780428 + i,
      node_id: `EN_${name}`,
      name,
      url: `https://api.github.com/repos/octo-org/octo-repo/environments/${name}`,
      html_url: `https://github.com/octo-org/octo-repo/deployments/activity_log?environments_filter=${name}`,
      created_at: "2026-11-23T22:00:40Z",
      updated_at: "2026-11-23T22:00:40Z",
    })),
    user: githubUser(entry.by),
  };
}

export async function startFakeGitHubApi(options: FakeGitHubApiOptions = {}): Promise<FakeGitHubApi> {
  const token = options.token ?? "fake-github-token";
  const store: Store = {
    approvals: new Map(),
    issues: [],
    comments: new Map(),
    author: options.login ? githubUser(options.login) : BOT,
    repository: options.repository ?? "octo-org/octo-repo",
    canLabel: options.canLabel !== false,
    maxPerPage: options.maxPerPage ?? 100,
    origin: "",
  };
  const requests: RecordedGitHubRequest[] = [];
  let failures: Failure[] = [];
  const sockets = new Set<Socket>();

  function respond(request: RecordedGitHubRequest, authorization: string | undefined): Answer {
    const auth = /^(?:token|bearer) (.+)$/i.exec(authorization ?? "");
    if (!auth) return refusal(401, "Requires authentication");
    if (auth[1] !== token) return refusal(401);
    const failure = failures.find(
      (candidate) =>
        candidate.left > 0 && candidate.method === request.method && candidate.pattern.test(request.path),
    );
    if (failure) {
      failure.left -= 1;
      return refusal(failure.status, failure.message, failure.headers);
    }
    const repo = /^\/repos\/([^/]+\/[^/]+)(\/.*)$/.exec(request.path);
    const served = !options.repository || repo?.[1]?.toLowerCase() === options.repository.toLowerCase();
    return repo && served ? route(store, request, repo[2] ?? "") : refusal(404);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const text = Buffer.concat(chunks).toString("utf8");
      const request: RecordedGitHubRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: text === "" ? undefined : parseJson(text),
      };
      requests.push(request);
      send(res, respond(request, req.headers.authorization));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  store.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: store.origin,
    requests,
    approvals: store.approvals,
    issues: store.issues,
    comments: store.comments,
    failRoute(method, pathPattern, status, failure = {}) {
      const pattern = typeof pathPattern === "string" ? patternOf(pathPattern) : pathPattern;
      const { times, message, headers } = failure;
      failures.push({
        method: method.toUpperCase(),
        pattern,
        status,
        left: times ?? Infinity,
        message,
        headers,
      });
    },
    clearFailures() {
      failures = [];
    },
    close: async () => {
      if (!server.listening) return;
      const closed = once(server, "close");
      server.close();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** An issue (or pull request) to seed `api.issues` with, numbered after the ones it holds. */
export function issueOf(api: Pick<FakeGitHubApi, "issues">, fields: IssueFields): Issue {
  return buildIssue(api.issues.length + 1, fields, BOT, "octo-org/octo-repo");
}

interface Store {
  approvals: Map<string, Approval[]>;
  issues: Issue[];
  comments: Map<number, IssueComment[]>;
  author: GitHubUser;
  repository: string;
  canLabel: boolean;
  maxPerPage: number;
  origin: string;
}

interface Failure {
  method: string;
  pattern: RegExp;
  status: number;
  left: number;
  message?: string;
  headers?: Record<string, string>;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface IssueFields {
  title: string;
  body?: string;
  labels?: string[];
  state?: "open" | "closed";
  pullRequest?: boolean;
}

/** `rest` is the path after `/repos/{owner}/{repo}`. */
function route(store: Store, request: RecordedGitHubRequest, rest: string): Answer {
  const { method } = request;
  const run = /^\/actions\/runs\/(\d+)\/approvals$/.exec(rest);
  if (run && method === "GET") {
    const history = store.approvals.get(run[1] ?? "");
    return history ? paged(store, request, history) : refusal(404);
  }
  if (rest === "/issues" && method === "GET")
    return paged(store, request, listIssues(store.issues, request.query));
  if (rest === "/issues" && method === "POST") return createIssue(store, request.body);
  const one = /^\/issues\/(\d+)(\/comments)?$/.exec(rest);
  if (!one) return refusal(404);
  const issue = store.issues.find((candidate) => candidate.number === Number(one[1]));
  if (!issue) return refusal(404);
  if (one[2] && method === "POST") return comment(store, issue, request.body);
  if (!one[2] && method === "PATCH") return updateIssue(issue, request.body);
  return refusal(404);
}

/** GitHub's filters: `state` (default open), `labels` (all of them, any case); newest first. */
function listIssues(issues: Issue[], query: Record<string, string>): Issue[] {
  const state = query.state ?? "open";
  const wanted = (query.labels ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const labelled = (issue: Issue) =>
    wanted.every((name) => issue.labels.some((label) => label.name.toLowerCase() === name));
  return issues.filter((issue) => (state === "all" || issue.state === state) && labelled(issue)).reverse();
}

function createIssue(store: Store, body: ClientBody): Answer {
  if (typeof body?.title !== "string" && typeof body?.title !== "number") {
    return refusal(422, 'Invalid request.\n\n"title" wasn\'t supplied.');
  }
  const fields = {
    title: String(body.title),
    body: typeof body.body === "string" ? body.body : undefined,
    labels: store.canLabel ? labelNames(body.labels) : [],
  };
  const issue = buildIssue(store.issues.length + 1, fields, store.author, store.repository);
  store.issues.push(issue);
  return { status: 201, body: issue };
}

function comment(store: Store, issue: Issue, body: ClientBody): Answer {
  if (typeof body?.body !== "string") return refusal(422, 'Invalid request.\n\n"body" wasn\'t supplied.');
  const now = new Date().toISOString();
  const id = nextId++;
  const created: IssueComment = {
    id,
    body: body.body,
    user: store.author,
    issue_url: `${store.origin}/repos/${store.repository}/issues/${issue.number}`,
    html_url: `${String(issue.html_url)}#issuecomment-${id}`,
    created_at: now,
    updated_at: now,
  };
  store.comments.set(issue.number, [...(store.comments.get(issue.number) ?? []), created]);
  issue.comments += 1;
  return { status: 201, body: created };
}

function updateIssue(issue: Issue, body: ClientBody): Answer {
  if (body?.state !== undefined && body.state !== "open" && body.state !== "closed") return refusal(422);
  if (typeof body?.title === "string") issue.title = body.title;
  if (typeof body?.body === "string") issue.body = body.body;
  if (Array.isArray(body?.labels)) issue.labels = labelNames(body.labels).map(labelOf);
  if (body?.state && body.state !== issue.state) {
    issue.state = body.state;
    issue.closed_at = body.state === "closed" ? new Date().toISOString() : null;
    issue.state_reason = body.state === "closed" ? (body.state_reason ?? "completed") : "reopened";
  }
  issue.updated_at = new Date().toISOString();
  return { status: 200, body: issue };
}

/** One page of `items` (`per_page` default 30, `page` default 1), with GitHub's Link header to the others. */
function paged(store: Store, request: RecordedGitHubRequest, items: unknown[]): Answer {
  const { query, path } = request;
  const perPage = Math.min(Math.max(Number(query.per_page) || 30, 1), store.maxPerPage);
  const current = Math.max(Number(query.page) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (n: number, rel: string) =>
    `<${store.origin}${path}?${new URLSearchParams({ ...query, page: String(n) })}>; rel="${rel}"`;
  const links = [
    ...(current > 1 ? [link(current - 1, "prev")] : []),
    ...(current < last ? [link(current + 1, "next"), link(last, "last")] : []),
    ...(current > 1 ? [link(1, "first")] : []),
  ];
  const body = items.slice((current - 1) * perPage, current * perPage);
  return { status: 200, body, headers: links.length > 0 ? { link: links.join(", ") } : {} };
}

/** GitHub's error body. */
function refusal(status: number, message?: string, headers?: Record<string, string>): Answer {
  const text = message ?? MESSAGES[status] ?? STATUS_CODES[status] ?? "Error";
  return { status, body: { message: text, documentation_url: DOCS, status: String(status) }, headers };
}

function send(res: ServerResponse, answer: Answer): void {
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "x-github-api-version-selected": "2022-11-28",
    ...answer.headers,
  });
  res.end(text);
}

let nextId = 1;
const labelOf = (name: string): IssueLabel => ({
  id: nextId++,
  name,
  color: "ededed",
  default: false,
  description: null,
});

/** Labels as the API takes them: names, or objects with a name. */
function labelNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((label) =>
    String(typeof label === "object" && label ? (label as { name: unknown }).name : label),
  );
}

function buildIssue(number: number, fields: IssueFields, author: GitHubUser, repository: string): Issue {
  const now = new Date().toISOString();
  const closed = fields.state === "closed";
  const pullRequest = { url: `https://api.github.com/repos/${repository}/pulls/${number}` };
  return {
    id: nextId++,
    number,
    title: fields.title,
    body: fields.body ?? null,
    state: fields.state ?? "open",
    state_reason: closed ? "completed" : null,
    labels: (fields.labels ?? []).map(labelOf),
    comments: 0,
    closed_at: closed ? now : null,
    user: author,
    html_url: `https://github.com/${repository}/${fields.pullRequest ? "pull" : "issues"}/${number}`,
    created_at: now,
    updated_at: now,
    ...(fields.pullRequest ? { pull_request: pullRequest } : {}),
  };
}

/** `/repos/{owner}/{repo}/issues` → a RegExp where each `{name}` matches one path segment. */
function patternOf(path: string): RegExp {
  const escaped = path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^/}]+\}/g, "[^/]+");
  return new RegExp(`^${escaped}$`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
