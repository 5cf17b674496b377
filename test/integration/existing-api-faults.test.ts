// Request tasks against a scripted server over real sockets: long-running operations polled on
// the virtual clock, success-if with and without retries, path values kept as data, and a
// token from one task masked in the results while a later task sends it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { VirtualClock } from "../../src/engine/virtual-clock.js";
import { buildResults } from "../../src/report/results.js";
import { type FaultServer, type Reply, startFaultServer } from "../helpers/fault-server.js";
import { instantClock, runDefinition, runThroughPipeline } from "../helpers/run-definition.js";

let server: FaultServer;
let clock: VirtualClock;
beforeEach(async () => {
  server = await startFaultServer();
  clock = instantClock();
});
afterEach(() => server.close());

const endpoints = () => ({ S: { url: server.url("/api") } });

/**
 * Answers each `METHOD /path` with its replies in turn (the last repeats; anything else is a
 * 404), and notes the virtual time each request arrived at.
 */
function answerByRoute(routes: Record<string, Reply[]>): { at: number; route: string }[] {
  const arrivals: { at: number; route: string }[] = [];
  const seen = new Map<string, number>();
  server.handle((request) => {
    const route = `${request.method} ${request.path}`;
    arrivals.push({ at: clock.now(), route });
    const replies = routes[route];
    const index = seen.get(route) ?? 0;
    seen.set(route, index + 1);
    return replies ? (replies[Math.min(index, replies.length - 1)] as Reply) : { status: 404 };
  });
  return arrivals;
}

const gaps = (arrivals: { at: number }[]) =>
  arrivals.slice(1).map((a, i) => a.at - (arrivals[i] as { at: number }).at);

const run = (tasks: string, params: Record<string, unknown> = {}) =>
  runDefinition(`id: Faults\ntasks:\n${tasks}`, { endpoints: endpoints(), clock, params });

const accepted = (location: string, headers: Record<string, string> = {}): Reply => ({
  status: 202,
  headers: { Location: location, ...headers },
});

const REBUILD = (poll: string) => `
  - name: Rebuild
    service: S
    request: { path: rebuilds, body: { dashboard: census } }
    poll: ${poll}
`;

describe("a long-running operation", () => {
  it("202 + Location, polled every second until a 200: polls 3, calls first + first and last poll", async () => {
    const arrivals = answerByRoute({
      "POST /api/rebuilds": [accepted("/api/rebuilds/7")],
      "GET /api/rebuilds/7": [{ status: 202 }, { status: 202 }, { json: { status: "done" } }],
    });
    const started = performance.now();
    const result = await run(REBUILD('{ until: "${{ response.status == 200 }}", interval: 1s }'));
    const [task] = result.tasks;
    expect(task).toMatchObject({
      status: "success",
      polls: 3,
      attempts: 3,
      outputs: { status: "done" },
      response: { status: 200, body: { status: "done" } },
      durationMs: 3000,
    });
    expect(task?.calls.map((c) => c.httpStatus)).toEqual([202, 202, 200]);
    expect(arrivals.map((a) => a.route)).toEqual([
      "POST /api/rebuilds",
      ...Array(3).fill("GET /api/rebuilds/7"),
    ]);
    expect(gaps(arrivals)).toEqual([1000, 1000, 1000]);
    // A poll is a GET with the contract's headers and no body.
    const poll = server.requests[1];
    expect(poll?.text).toBe("");
    expect(poll?.headers["content-type"]).toBeUndefined();
    expect(poll?.headers).toMatchObject({ "x-mgmt-task": "Rebuild", "x-mgmt-run": "run-1" });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("polling that never finishes ends at its timeout", async () => {
    const arrivals = answerByRoute({
      "POST /api/rebuilds": [accepted("/api/rebuilds/7")],
      "GET /api/rebuilds/7": [{ status: 202 }],
    });
    const result = await run(REBUILD("{ interval: 30s, timeout: 2m }"));
    expect(result.status).toBe("failure");
    // A fourth poll would fall due at 2 min, with no time left to answer: the task ends at once.
    expect(result.tasks[0]).toMatchObject({
      status: "failure",
      error: "still running after 2 min",
      polls: 3,
      durationMs: 90_000,
    });
    expect(result.tasks[0]?.calls).toHaveLength(3);
    expect(gaps(arrivals)).toEqual([30_000, 30_000, 30_000]);
  });

  it("the task's deadline bounds polling that has no timeout of its own", async () => {
    answerByRoute({
      "POST /api/rebuilds": [accepted("/api/rebuilds/7")],
      "GET /api/rebuilds/7": [{ status: 202 }],
    });
    const result = await run(`${REBUILD("{ interval: 10s }")}    deadline: 45s\n`);
    expect(result.tasks[0]).toMatchObject({ status: "failure", polls: 4, error: "still running after 45 s" });
  });

  it("a Retry-After while polling wins over the interval", async () => {
    const arrivals = answerByRoute({
      "POST /api/rebuilds": [accepted("/api/rebuilds/7", { "Retry-After": "4" })],
      "GET /api/rebuilds/7": [{ status: 202, headers: { "Retry-After": "9" } }, { status: 202 }, {}],
    });
    const result = await run(REBUILD("{ interval: 1s }"));
    expect(result.tasks[0]).toMatchObject({ status: "success", polls: 3 });
    expect(gaps(arrivals)).toEqual([4000, 9000, 1000]);
  });

  it("a poll URL on another origin is refused, naming it, and never called", async () => {
    const other = await startFaultServer();
    try {
      answerByRoute({ "POST /api/rebuilds": [accepted(other.url("/ops/1"))] });
      const result = await run(REBUILD("{ interval: 1s }"));
      expect(result.tasks[0]).toMatchObject({ status: "failure", polls: 0 });
      expect(result.tasks[0]?.error).toBe(
        `the poll URL ${other.url("/ops/1")} is not on the endpoint's origin: it is not followed`,
      );
      expect(other.requests).toHaveLength(0);
      expect(server.requests).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it("Operation-Location by default: polled there until body.status is final, in any case", async () => {
    const arrivals = answerByRoute({
      "POST /api/rebuilds": [accepted("/api/elsewhere", { "Operation-Location": "/api/operations/1" })],
      "GET /api/operations/1": [
        { json: { status: "Running" } },
        { json: { status: "running" } },
        { json: { status: "SUCCEEDED", rows: 42 } },
      ],
    });
    const result = await run(REBUILD("{ interval: 2s }"));
    expect(result.tasks[0]).toMatchObject({
      status: "success",
      polls: 3,
      outputs: { status: "SUCCEEDED", rows: 42 },
    });
    expect(arrivals.map((a) => a.route).slice(1)).toEqual(Array(3).fill("GET /api/operations/1"));
  });
});

describe("success-if", () => {
  it("false on a 200 fails the task at once: one request, no retry", async () => {
    server.reply({ json: { ok: false, error: "quota" } });
    const result = await run(`
  - name: Check
    service: S
    request: { method: GET, path: quota }
    success-if: \${{ response.status == 200 && response.body.ok }}
`);
    expect(result.tasks[0]).toMatchObject({ status: "failure", attempts: 1 });
    expect(result.tasks[0]?.error).toBe('success-if is false: HTTP 200: {"ok":false,"error":"quota"}');
    expect(server.requests).toHaveLength(1);
  });

  it("a 503 is retried whatever success-if says: 503, 503, 200 succeeds on attempt 3", async () => {
    server.reply({ status: 503 }, { status: 503, json: { ok: false } }, { json: { ok: true } });
    const result = await run(`
  - name: Check
    service: S
    request: { method: GET, path: quota }
    success-if: \${{ response.status == 200 }}
`);
    expect(result.tasks[0]).toMatchObject({ status: "success", attempts: 3, outputs: { ok: true } });
    expect(result.tasks[0]?.calls.map((c) => c.httpStatus)).toEqual([503, 503, 200]);
    expect(server.requests).toHaveLength(3);
    // The backoff waited on the virtual clock, not in real time.
    expect(clock.now()).toBeGreaterThan(Date.UTC(2024, 5, 1, 12));
  });
});

describe("a path expression's value is data", () => {
  const FETCH = `
  - name: Fetch
    service: S
    request: { method: GET, path: "files/\${{ params.name }}/meta" }
`;

  it.each([
    ["../admin", "/api/files/..%2Fadmin/meta"],
    ["a/b", "/api/files/a%2Fb/meta"],
    ["x?admin=1#top", "/api/files/x%3Fadmin%3D1%23top/meta"],
    ["%2e%2e", "/api/files/%252e%252e/meta"],
  ])("%s reaches %s, and no other route", async (name, path) => {
    server.reply({ json: { ok: true } });
    const result = await run(FETCH, { name });
    expect(result.tasks[0]?.status).toBe("success");
    expect(server.requests.map((r) => r.path)).toEqual([path]);
  });

  it.each(["..", "."])("a value of exactly %s fails the task before any request", async (name) => {
    const result = await run(FETCH, { name });
    expect(result.tasks[0]).toMatchObject({ status: "failure", attempts: 0 });
    expect(result.tasks[0]?.error).toBe(`Fetch.request.path: the value "${name}" would leave the path`);
    expect(server.requests).toHaveLength(0);
  });

  it("literal dots beside an empty value, a segment of '..' in all, fail the task too", async () => {
    const tasks = `
  - name: Up
    service: S
    request: { method: GET, path: "files/..\${{ params.suffix }}/admin" }
`;
    const result = await run(tasks, { suffix: "" });
    expect(result.tasks[0]).toMatchObject({ status: "failure", attempts: 0 });
    expect(result.tasks[0]?.error).toBe('Up.request.path: the segment ".." would leave the path');
    expect(server.requests).toHaveLength(0);
  });
});

describe("secret-outputs", () => {
  const TOKEN = "tok-5f3a9c1e77b2";
  const FLOW = `id: Oauth
tasks:
  - name: Token
    service: Auth
    request:
      path: oauth/token
      form: { grant_type: client_credentials, client_id: census, scope: "read write" }
    secret-outputs: [access_token]
  - name: Fetch
    service: S
    request:
      method: GET
      path: responses
      headers: { Authorization: "Bearer \${{ tasks.Token.outputs.access_token }}" }
`;

  it("a client_credentials token is sent by a later task, and masked in the results", async () => {
    answerByRoute({
      "POST /auth/oauth/token": [{ json: { access_token: TOKEN, token_type: "Bearer", expires_in: 3600 } }],
      // An API that echoes what it was sent: the token must be masked there too.
      "GET /api/responses": [{ json: { items: [1, 2], echo: `Bearer ${TOKEN}` } }],
    });
    const { runs, secrets } = await runThroughPipeline(FLOW, {
      endpoints: { ...endpoints(), Auth: { url: server.url("/auth") } },
      clock,
    });
    expect(runs[0]?.status).toBe("success");
    const [token, fetched] = server.requests;
    expect(token?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(token?.text).toBe("grant_type=client_credentials&client_id=census&scope=read+write");
    expect(fetched?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(secrets).toContain(TOKEN);

    const document = buildResults(runs, secrets);
    expect(JSON.stringify(document)).not.toContain(TOKEN);
    const [tokenTask, fetchTask] = document.runs[0]?.tasks ?? [];
    expect(tokenTask?.outputs).toMatchObject({ access_token: "***", token_type: "Bearer" });
    expect(fetchTask?.outputs).toMatchObject({ items: [1, 2], echo: "Bearer ***" });
  });
});
