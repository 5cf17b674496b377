// A2A as a user sees it (SPEC §10): definitions run through the library against a real agent
// built with @a2a-js/sdk, or against the fault server scripted as one, over real sockets. What
// the agent received, the headers and bodies on the wire, and the task's status, outputs,
// error, polls and usage.
import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../../src/engine/clock.js";
import type { EndpointMap } from "../../src/definition/schema.js";
import type { RunResult, TaskResult } from "../../src/lib.js";
import { type A2aAgent, type A2aAgentOptions, startA2aAgent } from "../helpers/a2a-agent.js";
import {
  type FaultServer,
  type RecordedRequest,
  type Reply,
  startFaultServer,
} from "../helpers/fault-server.js";
import { type DefinitionRun, runDefinition, runThroughPipeline } from "../helpers/run-definition.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function agentOf(options: A2aAgentOptions = {}): Promise<A2aAgent> {
  const agent = await startA2aAgent(options);
  closers.push(() => agent.close());
  return agent;
}

async function faultServer(): Promise<FaultServer> {
  const server = await startFaultServer();
  closers.push(() => server.close());
  return server;
}

const CARD_PATH = "/.well-known/agent-card.json";
const SUGGESTION = { suggestion: { regions: ["west"], text: "Add outreach in the west" } };

/** A workflow `Census` with these tasks (YAML list items). */
const workflow = (tasks: string) => `id: Census\ntasks:\n${tasks}`;

/** One agent task on the endpoint `Advisor`, with extra YAML lines. */
const analyze = (extra = "") => `
  - name: AnalyzeData
    agent: Advisor
    action: analyze_and_suggest
${extra}`;

const a2a = (url: string, more: Record<string, unknown> = {}): EndpointMap => ({
  Advisor: { url, protocol: "a2a", ...more },
});

async function run(tasks: string, options: DefinitionRun): Promise<RunResult> {
  return runDefinition(workflow(tasks), options);
}

function taskOf(result: RunResult, name = "AnalyzeData"): TaskResult {
  const task = result.tasks.find((t) => t.name === name);
  if (!task) throw new Error(`no task ${name} in ${JSON.stringify(result.tasks.map((t) => t.name))}`);
  return task;
}

/** The JSON-RPC POSTs an agent got, card reads left out. */
const rpcOf = (agent: A2aAgent) => agent.requests.filter((r) => r.method === "POST");
const methodOf = (body: unknown) => (body as { method?: string }).method;

/** A 1.0 card on the fault server naming `url` as its JSON-RPC interface. */
const cardFor = (url: string, protocolVersion = "1.0") => ({
  name: "Scripted agent",
  version: "1.0.0",
  supportedInterfaces: [{ url, protocolBinding: "JSONRPC", protocolVersion }],
  capabilities: {},
  skills: [],
});

/** A JSON-RPC answer holding a completed 1.0 task whose artifact is `data`. */
const completed = (data: unknown, metadata?: unknown): Reply => ({
  json: {
    jsonrpc: "2.0",
    id: 1,
    result: {
      task: {
        id: "task-1",
        contextId: "ctx-1",
        status: { state: "TASK_STATE_COMPLETED" },
        artifacts: [{ artifactId: "a-1", parts: [{ data, mediaType: "application/json" }] }],
        ...(metadata === undefined ? {} : { metadata }),
      },
    },
  },
});

const rpcError = (code: number, message: string, status = 200): Reply => ({
  status,
  json: { jsonrpc: "2.0", id: 1, error: { code, message } },
});

/**
 * The fault server as an A2A 1.0 agent: its card at the well-known path names `/rpc` of its own
 * origin; every POST to /rpc gets the next of `replies` (the last repeats); anything else is a 404.
 */
function scriptAgent(server: FaultServer, replies: Reply[], card: unknown = cardFor(server.url("/rpc"))) {
  let posts = 0;
  server.handle((request) => {
    if (request.method === "GET" && request.path === CARD_PATH) return { json: card };
    if (request.method === "POST" && request.path === "/rpc")
      return replies[Math.min(posts++, replies.length - 1)] as Reply;
    return { status: 404, body: "not found" };
  });
  return () => server.requests.filter((r) => r.method === "POST" && r.path === "/rpc");
}

const header = (request: RecordedRequest | undefined, name: string) => request?.headers[name];

describe("a2a 1.0: what the agent receives", () => {
  it("SendMessage: the envelope as a data part, the prompt as text, returnImmediately; A2A-Version and the Idempotency-Key", async () => {
    const agent = await agentOf();
    const result = await run(
      analyze(`    prompt: "Suggest outreach for regions under \${{ params.threshold }} responses."
    with: { region: west }`),
      { endpoints: a2a(agent.url), params: { threshold: 120 } },
    );
    expect(result.status).toBe("success");
    expect(agent.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${CARD_PATH}`, "POST /agent"]);
    const [send] = rpcOf(agent);
    const envelope = {
      workflow: "Census",
      run: "run-1",
      task: "AnalyzeData",
      action: "analyze_and_suggest",
      params: { threshold: 120, region: "west" },
      input: null,
    };
    expect(send?.body).toEqual({
      jsonrpc: "2.0",
      id: 1,
      method: "SendMessage",
      params: {
        message: {
          messageId: "run-1:Census:AnalyzeData",
          role: "ROLE_USER",
          parts: [
            { data: envelope, mediaType: "application/json" },
            { text: "Suggest outreach for regions under 120 responses." },
          ],
        },
        configuration: { returnImmediately: true },
      },
    });
    expect(send?.headers).toMatchObject({
      "a2a-version": "1.0",
      "idempotency-key": '"run-1:Census:AnalyzeData"',
      "content-type": "application/json",
      accept: "application/json",
      "x-mgmt-workflow": "Census",
      "x-mgmt-task": "AnalyzeData",
      "x-mgmt-run": "run-1",
      "x-mgmt-attempt": "1",
    });
    expect(agent.received).toEqual([
      {
        data: envelope,
        text: "Suggest outreach for regions under 120 responses.",
        messageId: "run-1:Census:AnalyzeData",
      },
    ]);
  });

  it("without a prompt only the data part goes; a need's outputs are the input; endpoint headers reach card and agent", async () => {
    const agent = await agentOf({ answer: (got) => ({ from: (got.data as { task: string }).task }) });
    const result = await run(
      `${analyze()}
  - name: Review
    agent: Advisor
    action: review
    needs: [AnalyzeData]
`,
      { endpoints: a2a(agent.url, { headers: { Authorization: "Bearer agent-token" } }) },
    );
    expect(result.status).toBe("success");
    expect(taskOf(result, "Review").outputs).toEqual({ from: "Review" });
    const [first, second] = rpcOf(agent);
    const parts = (b: unknown) => (b as { params: { message: { parts: unknown[] } } }).params.message.parts;
    expect(parts(first?.body)).toHaveLength(1);
    expect(agent.received.map((r) => r.text)).toEqual([null, null]);
    expect(agent.received[1]?.data).toMatchObject({
      task: "Review",
      action: "review",
      input: { from: "AnalyzeData" },
    });
    expect(agent.received[1]?.messageId).toBe("run-1:Census:Review");
    expect(second?.headers["idempotency-key"]).toBe('"run-1:Census:Review"');
    for (const request of agent.requests) expect(request.headers.authorization).toBe("Bearer agent-token");
  });
});

describe("a2a 1.0: the answer", () => {
  it("a working task is polled with GetTask, every 5 s, until it completes", async () => {
    const agent = await agentOf({ behaviour: "working", workingPolls: 2 });
    const result = await run(analyze(), { endpoints: a2a(agent.url) });
    const task = taskOf(result);
    expect(task).toMatchObject({
      status: "success",
      error: null,
      outputs: SUGGESTION,
      polls: 3,
      attempts: 1,
    });
    expect(task.durationMs).toBe(15_000);
    const rpc = rpcOf(agent);
    expect(rpc.map((r) => methodOf(r.body))).toEqual(["SendMessage", "GetTask", "GetTask", "GetTask"]);
    const ids = rpc.slice(1).map((r) => (r.body as { params: { id: string } }).params.id);
    expect(ids[0]).toMatch(/\S/);
    expect(new Set(ids)).toEqual(new Set([ids[0]]));
    for (const poll of rpc.slice(1)) {
      expect(poll.body).toEqual({ jsonrpc: "2.0", id: 1, method: "GetTask", params: { id: ids[0] } });
      expect(poll.headers).toMatchObject({
        "a2a-version": "1.0",
        "idempotency-key": '"run-1:Census:AnalyzeData"',
      });
    }
    expect(agent.received).toHaveLength(1);
  });

  it("input-required fails the task with the agent's question", async () => {
    const agent = await agentOf({ behaviour: "input-required", question: "Which census year?" });
    const result = await run(analyze(), { endpoints: a2a(agent.url) });
    expect(result.status).toBe("failure");
    const task = taskOf(result);
    expect(task.status).toBe("failure");
    expect(task.error).toContain("asks for input");
    expect(task.error).toContain("Which census year?");
  });

  it("failed fails the task with the agent's status text", async () => {
    const agent = await agentOf({ behaviour: "failed" });
    const task = taskOf(await run(analyze(), { endpoints: a2a(agent.url) }));
    expect(task.status).toBe("failure");
    expect(task.error).toContain("failed");
    expect(task.error).toContain("the model is overloaded");
    // A task the agent failed is its answer, not a fault of the call: it is not retried.
    expect(agent.received).toHaveLength(1);
  });

  it("a message (no task) answers: its data part is the outputs", async () => {
    const agent = await agentOf({ behaviour: "message", answer: () => ({ regions: ["north"] }) });
    const task = taskOf(await run(analyze(), { endpoints: a2a(agent.url) }));
    expect(task).toMatchObject({ status: "success", outputs: { regions: ["north"] }, polls: 0 });
  });

  it("a text part holding JSON is parsed as the outputs", async () => {
    const agent = await agentOf({ behaviour: "text", answer: () => ({ regions: ["south"], n: 2 }) });
    const task = taskOf(await run(analyze(), { endpoints: a2a(agent.url) }));
    expect(task).toMatchObject({ status: "success", outputs: { regions: ["south"], n: 2 } });
  });

  it("a text part that is not JSON is the outputs as text", async () => {
    const server = await faultServer();
    const text = (t: string): Reply => ({
      json: {
        jsonrpc: "2.0",
        id: 1,
        result: {
          task: {
            id: "t",
            status: { state: "TASK_STATE_COMPLETED" },
            artifacts: [{ artifactId: "a", parts: [{ text: t }] }],
          },
        },
      },
    });
    scriptAgent(server, [text("Add outreach in the west.")]);
    const task = taskOf(await run(analyze(), { endpoints: a2a(server.url("/rpc")) }));
    expect(task).toMatchObject({ status: "success", outputs: "Add outreach in the west." });
  });
});

/** A 1.0 JSON-RPC answer holding a task in `state`, its status message saying `said`. */
const taskIn = (state: string, said?: string, wrap = true): Reply => {
  const task = {
    id: "t-9",
    contextId: "c-9",
    status: {
      state,
      ...(said === undefined
        ? {}
        : { message: { messageId: "m", role: "ROLE_AGENT", parts: [{ text: said }] } }),
    },
  };
  return { json: { jsonrpc: "2.0", id: 1, result: wrap ? { task } : task } };
};

describe("a2a 1.0: how a task ends", () => {
  it.each([
    ["TASK_STATE_AUTH_REQUIRED", "Sign in to the census portal", "asks for authorization"],
    ["TASK_STATE_REJECTED", "I do not analyse census data", "ended rejected"],
    ["TASK_STATE_CANCELED", "Stopped by an operator", "ended canceled"],
  ])("%s fails the task with the agent's words", async (state, said, words) => {
    const server = await faultServer();
    const posts = scriptAgent(server, [taskIn(state, said)]);
    const task = taskOf(await run(analyze(), { endpoints: a2a(server.url("/agent")) }));
    expect(task.status).toBe("failure");
    expect(task.error).toContain(words);
    expect(task.error).toContain(said);
    expect(posts()).toHaveLength(1);
  });

  it("input-required without words says the agent did not say what", async () => {
    const server = await faultServer();
    scriptAgent(server, [taskIn("TASK_STATE_INPUT_REQUIRED")]);
    const task = taskOf(await run(analyze(), { endpoints: a2a(server.url("/agent")) }));
    expect(task.error).toBe("the agent asks for input (it did not say what)");
  });

  it("a submitted task is polled; the first poll waits the answer's Retry-After", async () => {
    const server = await faultServer();
    const submitted = { ...taskIn("TASK_STATE_SUBMITTED"), headers: { "Retry-After": "2" } };
    const done: Reply = {
      json: {
        jsonrpc: "2.0",
        id: 1,
        result: {
          id: "t-9",
          status: { state: "TASK_STATE_COMPLETED" },
          artifacts: [{ artifactId: "a", parts: [{ data: { done: true } }] }],
        },
      },
    };
    const posts = scriptAgent(server, [submitted, taskIn("TASK_STATE_WORKING", undefined, false), done]);
    const task = taskOf(await run(analyze(), { endpoints: a2a(server.url("/agent")) }));
    expect(task).toMatchObject({ status: "success", outputs: { done: true }, polls: 2 });
    // 2 s by Retry-After, then the default 5 s.
    expect(task.durationMs).toBe(7000);
    expect(posts().map((r) => (JSON.parse(r.text) as { method: string }).method)).toEqual([
      "SendMessage",
      "GetTask",
      "GetTask",
    ]);
  });

  it("a GetTask answered with a JSON-RPC error fails the task naming it", async () => {
    const server = await faultServer();
    scriptAgent(server, [taskIn("TASK_STATE_WORKING"), rpcError(-32001, "Task not found: t-9")]);
    const task = taskOf(await run(analyze(), { endpoints: a2a(server.url("/agent")) }));
    expect(task.status).toBe("failure");
    expect(task.error).toContain("-32001");
    expect(task.error).toContain("Task not found: t-9");
    expect(task.polls).toBe(1);
  });

  it("a task still working at the task's deadline fails 'still running'", async () => {
    const agent = await agentOf({ behaviour: "working", workingPolls: 1000 });
    const task = taskOf(await run(analyze("    deadline: 22s"), { endpoints: a2a(agent.url) }));
    expect(task.status).toBe("failure");
    expect(task.error).toContain("still running after 22 s");
    expect(task.polls).toBe(4);
  });

  it("an answer that is not JSON-RPC fails the task, quoting it", async () => {
    const server = await faultServer();
    scriptAgent(server, [{ headers: { "Content-Type": "text/html" }, body: "<h1>Welcome</h1>" }]);
    const task = taskOf(await run(analyze(), { endpoints: a2a(server.url("/agent")) }));
    expect(task.status).toBe("failure");
    expect(task.error).toContain("no JSON-RPC answer");
    expect(task.error).toContain("<h1>Welcome</h1>");
  });
});

describe("a2a 0.3", () => {
  it("a card declaring only 0.3 gets message/send with kind-tagged parts and blocking: false", async () => {
    const agent = await agentOf({ version: "0.3", answer: (got) => ({ echo: got.data, text: got.text }) });
    const result = await run(analyze('    prompt: "Be brief."'), { endpoints: a2a(agent.url) });
    const task = taskOf(result);
    expect(task.status).toBe("success");
    const [send] = rpcOf(agent);
    expect(send?.headers["a2a-version"]).toBeUndefined();
    const body = send?.body as { method: string; params: Record<string, unknown> };
    expect(body.method).toBe("message/send");
    expect(body.params).toMatchObject({
      message: {
        kind: "message",
        messageId: "run-1:Census:AnalyzeData",
        role: "user",
        parts: [
          { kind: "data", data: { task: "AnalyzeData", action: "analyze_and_suggest" } },
          { kind: "text", text: "Be brief." },
        ],
      },
      configuration: { blocking: false },
    });
    expect(task.outputs).toEqual({ echo: agent.received[0]?.data, text: "Be brief." });
    expect(agent.received[0]?.data).toMatchObject({ workflow: "Census", run: "run-1", task: "AnalyzeData" });
  });

  it("a working 0.3 task is polled with tasks/get", async () => {
    const agent = await agentOf({ version: "0.3", behaviour: "working" });
    const task = taskOf(await run(analyze(), { endpoints: a2a(agent.url) }));
    expect(task).toMatchObject({ status: "success", outputs: SUGGESTION });
    expect(task.polls).toBeGreaterThan(0);
    const methods = rpcOf(agent).map((r) => methodOf(r.body));
    expect(methods[0]).toBe("message/send");
    expect(methods.slice(1).every((m) => m === "tasks/get")).toBe(true);
  });

  it.each([
    ["message", { status: "success", outputs: { n: 3 } }],
    ["text", { status: "success", outputs: { n: 3 } }],
    ["failed", { status: "failure" }],
  ] as const)("0.3 %s", async (behaviour, expected) => {
    const agent = await agentOf({ version: "0.3", behaviour, answer: () => ({ n: 3 }) });
    const task = taskOf(await run(analyze(), { endpoints: a2a(agent.url) }));
    expect(task).toMatchObject(expected);
    if (behaviour === "failed") expect(task.error).toContain("the model is overloaded");
  });

  it("0.3 usage metadata is counted", async () => {
    const agent = await agentOf({ version: "0.3", usage: { input_tokens: 5, output_tokens: 6 } });
    const result = await run(analyze(), { endpoints: a2a(agent.url) });
    expect(taskOf(result).usage).toEqual({ input: 5, output: 6 });
    expect(result.usage).toEqual({ input: 5, output: 6 });
  });

  it("0.3 input-required (lower-case state) fails with the question", async () => {
    const agent = await agentOf({ version: "0.3", behaviour: "input-required" });
    const task = taskOf(await run(analyze(), { endpoints: a2a(agent.url) }));
    expect(task.status).toBe("failure");
    expect(task.error).toContain("Which region should I analyse?");
  });
});

describe("a2a retries and JSON-RPC errors", () => {
  it("a 503 is retried with a byte-identical SendMessage; X-Mgmt-Attempt counts", async () => {
    const server = await faultServer();
    const posts = scriptAgent(server, [{ status: 503, body: "busy" }, completed({ ok: true })]);
    const task = taskOf(await run(analyze('    prompt: "Go."'), { endpoints: a2a(server.url("/agent")) }));
    expect(task).toMatchObject({ status: "success", outputs: { ok: true }, attempts: 2 });
    const [first, second] = posts();
    expect(posts()).toHaveLength(2);
    expect(first?.text).toBe(second?.text);
    expect(first?.body.equals(second?.body as Buffer)).toBe(true);
    expect([header(first, "x-mgmt-attempt"), header(second, "x-mgmt-attempt")]).toEqual(["1", "2"]);
    expect(header(first, "idempotency-key")).toBe(header(second, "idempotency-key"));
    expect(task.calls.map((c) => c.httpStatus)).toEqual([503, 200]);
  });

  it("a JSON-RPC error with HTTP 200 fails at once, naming its code and message", async () => {
    const server = await faultServer();
    const posts = scriptAgent(server, [rpcError(-32602, "Invalid params: no skill matches")]);
    const task = taskOf(await run(analyze(), { endpoints: a2a(server.url("/agent")) }));
    expect(task.status).toBe("failure");
    expect(task.error).toContain("-32602");
    expect(task.error).toContain("Invalid params: no skill matches");
    expect(posts()).toHaveLength(1);
  });

  it("a JSON-RPC error with HTTP 503 is retried", async () => {
    const server = await faultServer();
    const posts = scriptAgent(server, [rpcError(-32000, "overloaded", 503), completed({ ok: 2 })]);
    const task = taskOf(await run(analyze(), { endpoints: a2a(server.url("/agent")) }));
    expect(task).toMatchObject({ status: "success", outputs: { ok: 2 } });
    expect(posts()).toHaveLength(2);
  });

  it("a JSON-RPC error with HTTP 503 on every attempt fails naming its code and message", async () => {
    const server = await faultServer();
    const posts = scriptAgent(server, [rpcError(-32000, "overloaded", 503)]);
    const task = taskOf(await run(analyze(), { endpoints: a2a(server.url("/agent")) }));
    expect(task.status).toBe("failure");
    expect(task.error).toContain("503");
    expect(task.error).toContain("-32000");
    expect(task.error).toContain("overloaded");
    expect(posts()).toHaveLength(3);
  });

  it("a GetTask that answers 503 is retried within the poll", async () => {
    const server = await faultServer();
    const working: Reply = {
      json: {
        jsonrpc: "2.0",
        id: 1,
        result: { task: { id: "t-9", status: { state: "TASK_STATE_WORKING" } } },
      },
    };
    const done: Reply = {
      json: {
        jsonrpc: "2.0",
        id: 1,
        result: {
          id: "t-9",
          status: { state: "TASK_STATE_COMPLETED" },
          artifacts: [{ parts: [{ data: 7 }] }],
        },
      },
    };
    const posts = scriptAgent(server, [working, { status: 503 }, done]);
    const task = taskOf(await run(analyze(), { endpoints: a2a(server.url("/agent")) }));
    expect(task).toMatchObject({ status: "success", outputs: 7, polls: 1 });
    const bodies = posts().map((r) => JSON.parse(r.text) as { method: string; params: unknown });
    expect(bodies.map((b) => b.method)).toEqual(["SendMessage", "GetTask", "GetTask"]);
    expect(bodies[2]?.params).toEqual({ id: "t-9" });
    expect(posts().map((r) => header(r, "x-mgmt-attempt"))).toEqual(["1", "1", "2"]);
  });
});

describe("a2a: the agent card", () => {
  it("an interface on another origin fails the task naming it, and nothing is sent there", async () => {
    const server = await faultServer();
    const elsewhere = await faultServer();
    const other = elsewhere.url("/rpc");
    scriptAgent(server, [completed({ ok: true })], cardFor(other));
    const task = taskOf(
      await run(analyze(), {
        endpoints: a2a(server.url("/agent"), { headers: { Authorization: "Bearer keep-me-home" } }),
      }),
    );
    expect(task.status).toBe("failure");
    expect(task.error).toContain(other);
    expect(task.error).toContain("another origin");
    expect(elsewhere.requests).toEqual([]);
    expect(server.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("a card that is not there fails the task, saying so", async () => {
    const server = await faultServer();
    server.reply({ status: 404, body: "no such file" });
    const task = taskOf(await run(analyze(), { endpoints: a2a(server.url("/agent")) }));
    expect(task.status).toBe("failure");
    expect(task.error).toContain(`the agent card at ${server.url(CARD_PATH)} could not be read`);
    expect(task.error).toContain("404");
    // Not retried, and no message sent.
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${CARD_PATH}`]);
  });

  it("the endpoint's card: is read instead of the well-known place", async () => {
    const server = await faultServer();
    server.handle((request) => {
      if (request.method === "GET" && request.path === "/cards/advisor.json")
        return { json: cardFor(server.url("/a2a/advisor")) };
      if (request.method === "POST" && request.path === "/a2a/advisor") return completed({ via: "card" });
      return { status: 404 };
    });
    const task = taskOf(
      await run(analyze(), {
        endpoints: a2a(server.url("/agent"), { card: server.url("/cards/advisor.json") }),
      }),
    );
    expect(task).toMatchObject({ status: "success", outputs: { via: "card" } });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /cards/advisor.json",
      "POST /a2a/advisor",
    ]);
  });

  it("the card is asked for in 1.0, as an SDK agent that also speaks 0.3 wants", async () => {
    const server = await faultServer();
    // @a2a-js/sdk's card handler with legacyCompat on: a request that names no version (or 0.3)
    // gets the 0.3 card, which an agent offering only 1.0 cannot make (HTTP 400).
    const card = cardFor(server.url("/rpc"));
    server.handle((request) => {
      if (request.method === "GET" && request.path === CARD_PATH)
        return header(request, "a2a-version") === "1.0"
          ? { json: card, headers: { Vary: "A2A-Version" } }
          : rpcError(
              -32009,
              "AgentCard must have at least one interface with a protocol version in [0.3, 1.0).",
              400,
            );
      if (request.method === "POST" && request.path === "/rpc") return completed({ ok: true });
      return { status: 404 };
    });
    const task = taskOf(await run(analyze(), { endpoints: a2a(server.url("/agent")) }));
    expect(task).toMatchObject({ status: "success", outputs: { ok: true } });
    expect(header(server.requests[0], "a2a-version")).toBe("1.0");
  });

  it("of several interfaces the JSON-RPC 1.0 one is called; one offering no JSON-RPC fails naming what it offers", async () => {
    const server = await faultServer();
    const card = {
      name: "multi",
      supportedInterfaces: [
        { url: server.url("/grpc"), protocolBinding: "GRPC", protocolVersion: "1.0" },
        { url: server.url("/v03"), protocolBinding: "JSONRPC", protocolVersion: "0.3" },
        { url: server.url("/rpc"), protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      ],
    };
    const posts = scriptAgent(server, [completed({ ok: true })], card);
    const task = taskOf(await run(analyze(), { endpoints: a2a(server.url("/agent")) }));
    expect(task).toMatchObject({ status: "success", outputs: { ok: true } });
    expect(posts()).toHaveLength(1);

    const grpcOnly = await faultServer();
    scriptAgent(grpcOnly, [completed({ ok: true })], {
      name: "grpc",
      supportedInterfaces: [{ url: grpcOnly.url("/grpc"), protocolBinding: "GRPC", protocolVersion: "1.0" }],
    });
    const refused = taskOf(await run(analyze(), { endpoints: a2a(grpcOnly.url("/agent")) }));
    expect(refused.status).toBe("failure");
    expect(refused.error).toContain("offers no JSON-RPC interface");
    expect(refused.error).toContain("GRPC 1.0");
    expect(grpcOnly.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("a 1.0-shaped card listing only a JSON-RPC 0.3 interface gets 0.3 there", async () => {
    const server = await faultServer();
    const card = cardFor(server.url("/rpc"), "0.3");
    const answer: Reply = {
      json: {
        jsonrpc: "2.0",
        id: 1,
        result: {
          kind: "task",
          id: "t",
          status: { state: "completed" },
          artifacts: [{ parts: [{ kind: "data", data: { v: "0.3" } }] }],
        },
      },
    };
    const posts = scriptAgent(server, [answer], card);
    const task = taskOf(await run(analyze(), { endpoints: a2a(server.url("/agent")) }));
    expect(task).toMatchObject({ status: "success", outputs: { v: "0.3" } });
    const [send] = posts();
    expect((JSON.parse(send?.text ?? "{}") as { method: string }).method).toBe("message/send");
    expect(header(send, "a2a-version")).toBeUndefined();
  });

  it("a relative interface URL is read against the card's URL", async () => {
    const server = await faultServer();
    const posts = scriptAgent(server, [completed({ ok: true })], cardFor("/rpc"));
    const task = taskOf(await run(analyze(), { endpoints: a2a(server.url("/agent")) }));
    expect(task).toMatchObject({ status: "success", outputs: { ok: true } });
    expect(posts()).toHaveLength(1);
  });

  it("an interface URL that is not a URL fails the task naming it", async () => {
    const server = await faultServer();
    scriptAgent(server, [completed({ ok: true })], cardFor("http://[not a host"));
    const task = taskOf(await run(analyze(), { endpoints: a2a(server.url("/agent")) }));
    expect(task.status).toBe("failure");
    expect(task.error).toContain("http://[not a host");
    expect(server.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("a card that is not JSON fails the task, saying so", async () => {
    const server = await faultServer();
    server.reply({ headers: { "Content-Type": "text/html" }, body: "<html>hello</html>" });
    const task = taskOf(await run(analyze(), { endpoints: a2a(server.url("/agent")) }));
    expect(task.status).toBe("failure");
    expect(task.error).toContain(`the agent card at ${server.url(CARD_PATH)}`);
    expect(task.error).toContain("not a JSON object");
  });

  it("a card with no interfaces: the message goes to the endpoint URL", async () => {
    const server = await faultServer();
    const posts = scriptAgent(server, [completed({ ok: true })], { name: "bare", skills: [] });
    const task = taskOf(await run(analyze(), { endpoints: a2a(server.url("/rpc")) }));
    expect(task).toMatchObject({ status: "success", outputs: { ok: true } });
    expect(posts()).toHaveLength(1);
    expect(header(posts()[0], "a2a-version")).toBe("1.0");
  });
});

describe("a2a usage", () => {
  it("the task's usage metadata lands in the task's usage and the run's, summed over tasks", async () => {
    const agent = await agentOf({ usage: { input_tokens: 120, output_tokens: 45 } });
    const result = await run(
      `${analyze()}
  - name: Again
    agent: Advisor
    action: again
`,
      { endpoints: a2a(agent.url) },
    );
    expect(result.status).toBe("success");
    expect(taskOf(result).usage).toEqual({ input: 120, output: 45 });
    expect(taskOf(result, "Again").usage).toEqual({ input: 120, output: 45 });
    expect(result.usage).toEqual({ input: 240, output: 90 });
  });

  it("a message's usage metadata counts too; none reported is null", async () => {
    const agent = await agentOf({ behaviour: "message", usage: { input_tokens: 3, output_tokens: 4 } });
    const result = await run(analyze(), { endpoints: a2a(agent.url) });
    expect(taskOf(result).usage).toEqual({ input: 3, output: 4 });
    const plain = await agentOf();
    const none = await run(analyze(), { endpoints: a2a(plain.url) });
    expect(taskOf(none).usage).toBeNull();
    expect(none.usage).toBeNull();
  });

  it("usage metadata in other spellings (inputTokens / outputTokens) is counted", async () => {
    const server = await faultServer();
    scriptAgent(server, [completed({ ok: true }, { usage: { inputTokens: 7, outputTokens: 8 } })]);
    const result = await run(analyze(), { endpoints: a2a(server.url("/agent")) });
    expect(taskOf(result).usage).toEqual({ input: 7, output: 8 });
    expect(result.usage).toEqual({ input: 7, output: 8 });
  });

  it("a polled task's usage, from its last state, is counted", async () => {
    const agent = await agentOf({ behaviour: "working", usage: { input_tokens: 10, output_tokens: 20 } });
    const result = await run(analyze(), { endpoints: a2a(agent.url) });
    expect(taskOf(result)).toMatchObject({ status: "success", usage: { input: 10, output: 20 } });
  });
});

describe("a2a: time", () => {
  it("a hanging agent fails the task on its timeout: the attempt is not held", async () => {
    const agent = await agentOf({ behaviour: "hang" });
    const started = performance.now();
    const result = await run(
      analyze(`    timeout: 200ms
    retry: false`),
      { endpoints: a2a(agent.url), clock: systemClock },
    );
    const task = taskOf(result);
    expect(task.status).toBe("failure");
    expect(task.error).toContain("timed out");
    expect(task.attempts).toBe(1);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(agent.received).toHaveLength(1);
  });

  it("the run's timeout cancels a task waiting on a hanging agent", async () => {
    const agent = await agentOf({ behaviour: "hang" });
    const started = performance.now();
    const result = await runDefinition(`id: Census\ntimeout: 300ms\ntasks:\n${analyze()}`, {
      endpoints: a2a(agent.url),
      clock: systemClock,
    });
    expect(result.status).toBe("cancelled");
    expect(taskOf(result).status).toBe("cancelled");
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe("a2a and secrets", () => {
  it("a secret the agent echoes in its status text is masked in the task's error", async () => {
    const server = await faultServer();
    server.handle((request) => {
      if (request.method === "GET") return { json: cardFor(server.url("/rpc")) };
      return taskIn("TASK_STATE_FAILED", `I refuse the header ${String(header(request, "authorization"))}`);
    });
    const { runs } = await runThroughPipeline(workflow(analyze()), {
      endpoints: a2a(server.url("/agent"), { headers: { Authorization: "Bearer ${{ env.AGENT_TOKEN }}" } }),
      env: { AGENT_TOKEN: "tok-4f9a2b7c" },
    });
    const task = taskOf(runs[0] as RunResult);
    expect(task.status).toBe("failure");
    expect(header(server.requests[1], "authorization")).toBe("Bearer tok-4f9a2b7c");
    expect(task.error).toContain("I refuse the header");
    expect(task.error).not.toContain("tok-4f9a2b7c");
  });
});

describe("a2a answers through the task's mappings", () => {
  it("outputs: reads the extracted outputs as response.body", async () => {
    const agent = await agentOf();
    const task = taskOf(
      await run(analyze("    outputs: ${{ response.body.suggestion.regions }}"), {
        endpoints: a2a(agent.url),
      }),
    );
    expect(task).toMatchObject({ status: "success", outputs: ["west"] });
  });

  it("a layer: gate on an a2a endpoint that answers approved: false is rejected; its dependant is skipped", async () => {
    const agent = await agentOf({ answer: () => ({ approved: false, reasons: ["coverage too low"] }) });
    const result = await run(
      `
  - name: Governance
    layer: Advisor
    action: enforce
  - name: Publish
    agent: Advisor
    action: publish
`,
      { endpoints: a2a(agent.url) },
    );
    expect(result.status).toBe("rejected");
    expect(taskOf(result, "Governance")).toMatchObject({
      status: "rejected",
      outputs: { approved: false, reasons: ["coverage too low"] },
    });
    expect(taskOf(result, "Governance").error).toContain("coverage too low");
    expect(taskOf(result, "Publish").status).toBe("skipped");
    expect(agent.received).toHaveLength(1);
  });

  it("a layer: gate whose agent answers no approved fails at once", async () => {
    const agent = await agentOf({ answer: () => ({ verdict: "fine" }) });
    const result = await run(
      `
  - name: Governance
    layer: Advisor
    action: enforce
`,
      { endpoints: a2a(agent.url) },
    );
    const gate = taskOf(result, "Governance");
    expect(gate.status).toBe("failure");
    expect(gate.error).toContain("approved");
    expect(agent.received).toHaveLength(1);
  });

  it("success-if and a map of outputs read the extracted outputs", async () => {
    const agent = await agentOf();
    const ok = taskOf(
      await run(
        analyze(`    success-if: \${{ response.body.suggestion.regions[0] == 'west' }}
    outputs: { first: "\${{ response.body.suggestion.regions[0] }}", text: "\${{ response.body.suggestion.text }}" }`),
        { endpoints: a2a(agent.url) },
      ),
    );
    expect(ok).toMatchObject({
      status: "success",
      outputs: { first: "west", text: "Add outreach in the west" },
    });
    const missed = taskOf(
      await run(analyze("    success-if: ${{ response.body.suggestion.regions[0] == 'north' }}"), {
        endpoints: a2a(agent.url),
      }),
    );
    expect(missed.status).toBe("failure");
    expect(missed.error).toContain("success-if");
  });

  it("a layer: gate on an a2a endpoint that answers approved: true passes", async () => {
    const agent = await agentOf({ answer: () => ({ approved: true }) });
    const result = await run(
      `
  - name: Governance
    layer: Advisor
    action: enforce
`,
      { endpoints: a2a(agent.url) },
    );
    expect(result.status).toBe("success");
  });
});

describe("a2a and output-schema", () => {
  const schema = `
    output-schema:
      type: object
      required: [suggestion]
      properties:
        suggestion:
          type: object
          required: [regions]
          properties:
            regions: { type: array, items: { type: string } }`;

  it("an answer that matches succeeds", async () => {
    const agent = await agentOf();
    const task = taskOf(await run(analyze(schema), { endpoints: a2a(agent.url) }));
    expect(task).toMatchObject({ status: "success", outputs: SUGGESTION });
  });

  it("an answer that does not match fails naming the first failing field", async () => {
    const agent = await agentOf({ answer: () => ({ suggestion: { regions: "west" } }) });
    const task = taskOf(await run(analyze(schema), { endpoints: a2a(agent.url) }));
    expect(task.status).toBe("failure");
    expect(task.error).toContain("output schema");
    expect(task.error).toContain("suggestion.regions");
  });
});
