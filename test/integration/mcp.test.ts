// mcp tasks (SPEC §10) against a real MCP server built with the official SDK, over Streamable
// HTTP: the session's exchange as the server saw it, the task's status, outputs, error,
// attempts and usage, timeouts and cancellation.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { systemClock } from "../../src/engine/clock.js";
import { Orchestrator, type RunResult, type TaskResult } from "../../src/lib.js";
import {
  type FaultServer,
  type RecordedRequest,
  type Reply,
  startFaultServer,
} from "../helpers/fault-server.js";
import {
  type McpRecorded,
  type McpServerOptions,
  type McpTestServer,
  startMcpServer,
  type ToolReply,
} from "../helpers/mcp-server.js";
import { runDefinition } from "../helpers/run-definition.js";
import { tempDir } from "../helpers/temp-dir.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function mcpServer(options?: McpServerOptions): Promise<McpTestServer> {
  const server = await startMcpServer(options);
  closers.push(() => server.close());
  return server;
}

const tools = (url: string, more: Record<string, unknown> = {}) => ({
  Tools: { url, protocol: "mcp" as const, ...more },
});

const taskOf = (result: RunResult, name = "Lookup"): TaskResult => {
  const task = result.tasks.find((t) => t.name === name);
  if (!task) throw new Error(`no task ${name} in ${result.tasks.map((t) => t.name).join(", ")}`);
  return task;
};

/** The JSON-RPC methods the server got in POSTs, in order. */
const posts = (server: McpTestServer) => server.requests.filter((r) => r.method === "POST").map((r) => r.rpc);
const rpcs = (server: McpTestServer, method: string) => server.requests.filter((r) => r.rpc === method);

/** One task, Lookup, calling the tool `action`; `more` is added to the task as YAML lines. */
const lookup = (action: string, more = "") => `id: Tools
params: { region: west }
tasks:
  - name: Lookup
    agent: Tools
    action: ${action}
${more}`;

const SUGGESTION = { suggestion: { regions: ["west"] } };

describe("mcp: the session", () => {
  it("initialize, notifications/initialized, tools/call, then DELETE of the session", async () => {
    const server = await mcpServer();
    const result = await runDefinition(lookup("analyze_and_suggest"), { endpoints: tools(server.url) });
    expect(result.status).toBe("success");
    // No standalone GET stream: the call's answer comes on its POST, and the client offers nothing
    // a server could ask of it there.
    expect(server.requests.map((r) => [r.method, r.rpc])).toEqual([
      ["POST", "initialize"],
      ["POST", "notifications/initialized"],
      ["POST", "tools/call"],
      ["DELETE", null],
    ]);
    const [initialize] = rpcs(server, "initialize");
    const [call] = rpcs(server, "tools/call");
    const sessionId = call?.sessionId;
    expect(sessionId).toEqual(expect.any(String));
    expect(initialize?.sessionId).toBeNull();
    // Every request after initialize is in its session; the last one ends it.
    const last = server.requests.at(-1) as McpRecorded;
    expect(last.method).toBe("DELETE");
    expect(last.sessionId).toBe(sessionId);
    expect(server.requests.slice(1).every((r) => r.sessionId === sessionId)).toBe(true);
    expect(server.openSessions()).toBe(0);
    expect(call?.body).toMatchObject({
      jsonrpc: "2.0",
      method: "tools/call",
      params: { name: "analyze_and_suggest", arguments: { region: "west" } },
    });
    const task = taskOf(result);
    expect(task.kind).toBe("agent");
    expect(task.outputs).toEqual(SUGGESTION);
    expect(task.attempts).toBe(1);
    expect(task.calls).toEqual([
      {
        attempt: 1,
        httpStatus: 200,
        durationMs: expect.any(Number),
        error: null,
        spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
        startedAt: "2024-06-01T12:00:00.000Z",
      },
    ]);
  });

  it("only tools/call carries the Idempotency-Key; every request carries X-Mgmt-* and the endpoint's headers", async () => {
    const server = await mcpServer();
    await runDefinition(lookup("analyze_and_suggest"), {
      endpoints: tools(server.url, { headers: { "X-Tenant": "census" } }),
    });
    expect(server.requests.length).toBeGreaterThanOrEqual(4);
    for (const request of server.requests) {
      const expected = request.rpc === "tools/call" ? '"run-1:Tools:Lookup"' : undefined;
      expect([request.method, request.rpc, request.headers["idempotency-key"]]).toEqual([
        request.method,
        request.rpc,
        expected,
      ]);
      expect(request.headers).toMatchObject({
        "x-mgmt-workflow": "Tools",
        "x-mgmt-task": "Lookup",
        "x-mgmt-run": "run-1",
        "x-mgmt-attempt": "1",
        "x-tenant": "census",
      });
    }
    // The transport's Accept, not the call contract's.
    for (const request of server.requests.filter((r) => r.method === "POST")) {
      expect(request.headers.accept).toContain("application/json");
      expect(request.headers.accept).toContain("text/event-stream");
    }
  });

  it("works with a stateless server: no session, nothing to DELETE", async () => {
    const server = await mcpServer({ sessions: "stateless" });
    const result = await runDefinition(lookup("analyze_and_suggest"), { endpoints: tools(server.url) });
    expect(result.status).toBe("success");
    expect(taskOf(result).outputs).toEqual(SUGGESTION);
    expect(posts(server)).toEqual(["initialize", "notifications/initialized", "tools/call"]);
    expect(server.requests.map((r) => r.method)).not.toContain("DELETE");
    expect(server.requests.every((r) => r.sessionId === null)).toBe(true);
  });

  it.each([
    { json: false, sessions: "stateful" },
    { json: true, sessions: "stateful" },
    { json: true, sessions: "stateless" },
  ] as const)(
    "reads the answer whether it comes as SSE or JSON (json: $json, $sessions)",
    async (options) => {
      const server = await mcpServer(options);
      const result = await runDefinition(lookup("analyze_and_suggest"), { endpoints: tools(server.url) });
      expect(result.status).toBe("success");
      expect(taskOf(result).outputs).toEqual(SUGGESTION);
      expect(server.openSessions()).toBe(0);
    },
  );

  it("every task of a run has a session of its own, each ended", async () => {
    const server = await mcpServer();
    const result = await runDefinition(
      `id: Tools
tasks:
  - { name: A, agent: Tools, action: analyze_and_suggest }
  - { name: B, agent: Tools, action: analyze_and_suggest, needs: [] }
  - { name: C, agent: Tools, action: analyze_and_suggest, needs: [A, B] }
`,
      { endpoints: tools(server.url) },
    );
    expect(result.status).toBe("success");
    const sessions = new Set(server.toolCalls.map((c) => c.sessionId));
    expect(sessions.size).toBe(3);
    expect(rpcs(server, "initialize")).toHaveLength(3);
    expect(server.requests.filter((r) => r.method === "DELETE")).toHaveLength(3);
    expect(server.openSessions()).toBe(0);
  });
});

describe("mcp: arguments", () => {
  it("default: the run's params merged with the task's `with`", async () => {
    const server = await mcpServer();
    await runDefinition(lookup("analyze_and_suggest", "    with: { limit: 5, region: east }\n"), {
      endpoints: tools(server.url),
      params: { date: "2024-06-01" },
    });
    expect(server.toolCalls).toEqual([
      {
        name: "analyze_and_suggest",
        arguments: { region: "east", date: "2024-06-01", limit: 5 },
        sessionId: expect.any(String),
      },
    ]);
  });

  it("`arguments:` replaces them, with ${{ }} evaluated at any depth and types kept", async () => {
    const server = await mcpServer();
    const result = await runDefinition(
      lookup(
        "analyze_and_suggest",
        `    with: { limit: 5 }
    arguments:
      where: "\${{ params.region }}"
      limit: "\${{ params.limit }}"
      filter: { since: "day \${{ params.date }}", tags: ["a", "\${{ params.region }}"] }
      fixed: true
`,
      ),
      { endpoints: tools(server.url), params: { date: "2024-06-01" } },
    );
    expect(result.status).toBe("success");
    expect(server.toolCalls[0]?.arguments).toEqual({
      where: "west",
      limit: 5,
      filter: { since: "day 2024-06-01", tags: ["a", "west"] },
      fixed: true,
    });
  });

  it("an expression that fails in `arguments` fails the task before any request, naming the field", async () => {
    const server = await mcpServer();
    const result = await runDefinition(
      lookup("analyze_and_suggest", "    arguments: { where: { region: \"${{ fromJSON('west') }}\" } }\n"),
      { endpoints: tools(server.url) },
    );
    const task = taskOf(result);
    expect(task.status).toBe("failure");
    expect(task.error).toContain("arguments.where.region");
    expect(server.requests).toHaveLength(0);
  });

  it("arguments read the outputs of a need", async () => {
    const server = await mcpServer({
      tools: {
        first: () => ({ structuredContent: { region: "north" } }),
        second: (args) => ({ structuredContent: { got: args } }),
      },
    });
    const result = await runDefinition(
      `id: Tools
tasks:
  - { name: First, agent: Tools, action: first }
  - name: Second
    agent: Tools
    action: second
    arguments: { region: "\${{ tasks.First.outputs.region }}" }
`,
      { endpoints: tools(server.url) },
    );
    expect(taskOf(result, "Second").outputs).toEqual({ got: { region: "north" } });
  });
});

describe("mcp: the tool's result", () => {
  const answering = (reply: ToolReply) => mcpServer({ tools: { lookup: () => reply } });

  it("structuredContent is the outputs, over the text", async () => {
    const server = await answering({
      structuredContent: { count: 3 },
      content: [{ type: "text", text: '{"count": "three"}' }],
    });
    const result = await runDefinition(lookup("lookup"), { endpoints: tools(server.url) });
    expect(taskOf(result).outputs).toEqual({ count: 3 });
  });

  it("without structuredContent, text that parses as JSON is the outputs", async () => {
    const server = await answering({
      content: [{ type: "text", text: '{"count": 3, "regions": ["west"]}' }],
    });
    const result = await runDefinition(lookup("lookup"), { endpoints: tools(server.url) });
    expect(taskOf(result).outputs).toEqual({ count: 3, regions: ["west"] });
  });

  it("text that is not JSON is kept as text", async () => {
    const server = await answering({ content: [{ type: "text", text: "3 regions under threshold" }] });
    const result = await runDefinition(lookup("lookup"), { endpoints: tools(server.url) });
    expect(taskOf(result).status).toBe("success");
    expect(taskOf(result).outputs).toBe("3 regions under threshold");
  });

  it("a result with no content gives null outputs", async () => {
    const server = await answering({ content: [] });
    const result = await runDefinition(lookup("lookup"), { endpoints: tools(server.url) });
    expect(taskOf(result).status).toBe("success");
    expect(taskOf(result).outputs).toBeNull();
  });

  it("_meta.usage is the task's usage, and the run's", async () => {
    const server = await mcpServer({
      tools: {
        one: () => ({ structuredContent: {}, _meta: { usage: { input_tokens: 10, output_tokens: 5 } } }),
        two: () => ({ structuredContent: {}, _meta: { usage: { inputTokens: 1, outputTokens: 2 } } }),
        none: () => ({ structuredContent: {} }),
      },
    });
    const result = await runDefinition(
      `id: Tools
tasks:
  - { name: One, agent: Tools, action: one }
  - { name: Two, agent: Tools, action: two }
  - { name: None, agent: Tools, action: none }
`,
      { endpoints: tools(server.url) },
    );
    expect(taskOf(result, "One").usage).toEqual({ input: 10, output: 5 });
    expect(taskOf(result, "Two").usage).toEqual({ input: 1, output: 2 });
    expect(taskOf(result, "None").usage).toBeNull();
    expect(result.usage).toEqual({ input: 11, output: 7 });
  });

  it("an `outputs:` mapping reads the extracted outputs as response.body", async () => {
    const server = await answering({ structuredContent: { hits: [{ id: 7 }, { id: 9 }] } });
    const result = await runDefinition(
      lookup("lookup", '    outputs: { first: "${{ response.body.hits[0].id }}" }\n'),
      {
        endpoints: tools(server.url),
      },
    );
    expect(taskOf(result).outputs).toEqual({ first: 7 });
  });

  it("output-schema checks the outputs: a miss fails the task naming the path, with no repair", async () => {
    const server = await answering({ structuredContent: { suggestion: { regions: "west" } } });
    const schema = {
      type: "object",
      properties: { suggestion: { type: "object", properties: { regions: { type: "array" } } } },
    };
    const result = await runDefinition(lookup("lookup", `    output-schema: ${JSON.stringify(schema)}\n`), {
      endpoints: tools(server.url),
    });
    const task = taskOf(result);
    expect(task.status).toBe("failure");
    expect(task.error).toBe("the outputs do not match the output schema: suggestion.regions: must be array");
    expect(rpcs(server, "tools/call")).toHaveLength(1);
  });
});

describe("mcp: failures", () => {
  it("isError fails the task with its text blocks joined, not retried", async () => {
    const server = await mcpServer({
      tools: {
        lookup: () => ({
          isError: true,
          content: [
            { type: "text", text: "region 'west' is not known." },
            { type: "text", text: "Known: north, south." },
          ],
        }),
      },
    });
    const result = await runDefinition(lookup("lookup"), { endpoints: tools(server.url) });
    expect(result.status).toBe("failure");
    const task = taskOf(result);
    expect(task.status).toBe("failure");
    expect(task.error).toContain("lookup");
    expect(task.error).toContain("region 'west' is not known. Known: north, south.");
    expect(task.attempts).toBe(1);
    expect(rpcs(server, "tools/call")).toHaveLength(1);
    expect(server.openSessions()).toBe(0);
  });

  it("isError without text says the tool said nothing", async () => {
    const server = await mcpServer({ tools: { lookup: () => ({ isError: true, content: [] }) } });
    const result = await runDefinition(lookup("lookup"), { endpoints: tools(server.url) });
    expect(taskOf(result).error).toBe("the tool lookup failed (it said nothing)");
  });

  it("an unknown tool fails the task, not retried", async () => {
    const server = await mcpServer();
    const result = await runDefinition(lookup("no_such_tool"), { endpoints: tools(server.url) });
    const task = taskOf(result);
    expect(task.status).toBe("failure");
    expect(task.error).toContain("no_such_tool");
    expect(task.error).toContain("not found");
    expect(task.attempts).toBe(1);
    expect(rpcs(server, "tools/call")).toHaveLength(1);
  });

  it("a JSON-RPC error fails the attempt with its code and message, not retried", async () => {
    const server = await mcpServer({
      tools: {
        lookup: () => {
          // The SDK's server answers this code as a JSON-RPC error, not as a tool result.
          throw new McpError(-32042, "Open https://example.org/consent first");
        },
      },
    });
    const result = await runDefinition(lookup("lookup"), { endpoints: tools(server.url) });
    const task = taskOf(result);
    expect(task.status).toBe("failure");
    expect(task.error).toBe(
      "the MCP server answered JSON-RPC error -32042: Open https://example.org/consent first",
    );
    expect(task.attempts).toBe(1);
    expect(rpcs(server, "tools/call")).toHaveLength(1);
    expect(server.openSessions()).toBe(0);
  });

  it("a 503 on tools/call is retried in a fresh session, which succeeds", async () => {
    const server = await mcpServer({ failToolCalls: { status: 503, times: 1 } });
    const result = await runDefinition(lookup("analyze_and_suggest"), { endpoints: tools(server.url) });
    const task = taskOf(result);
    expect(task.status).toBe("success");
    expect(task.outputs).toEqual(SUGGESTION);
    expect(task.attempts).toBe(2);
    expect(task.calls.map((c) => c.httpStatus)).toEqual([503, 200]);
    expect(task.calls[0]?.error).toContain("503");
    expect(rpcs(server, "initialize")).toHaveLength(2);
    const calls = rpcs(server, "tools/call");
    expect(calls).toHaveLength(2);
    expect(calls[0]?.sessionId).not.toBe(calls[1]?.sessionId);
    // The same key on both attempts; the attempt number in its own header; the same JSON-RPC request.
    expect(calls.map((c) => c.headers["idempotency-key"])).toEqual([
      '"run-1:Tools:Lookup"',
      '"run-1:Tools:Lookup"',
    ]);
    expect(calls.map((c) => c.headers["x-mgmt-attempt"])).toEqual(["1", "2"]);
    expect(calls[1]?.body).toEqual(calls[0]?.body);
    expect(server.requests.filter((r) => r.method === "DELETE")).toHaveLength(2);
    expect(server.openSessions()).toBe(0);
  });

  it("a 400 on tools/call fails at once", async () => {
    const server = await mcpServer({ failToolCalls: { status: 400, times: 5 } });
    const result = await runDefinition(lookup("analyze_and_suggest"), { endpoints: tools(server.url) });
    const task = taskOf(result);
    expect(task.status).toBe("failure");
    expect(task.error).toBe("HTTP 400: Injected fault: HTTP 400");
    expect(task.attempts).toBe(1);
    expect(server.openSessions()).toBe(0);
  });

  it("503 on every attempt fails the task after its attempts", async () => {
    const server = await mcpServer({ failToolCalls: { status: 503, times: 5 } });
    const result = await runDefinition(lookup("analyze_and_suggest", "    retry: { attempts: 2 }\n"), {
      endpoints: tools(server.url),
    });
    const task = taskOf(result);
    expect(task.status).toBe("failure");
    expect(task.error).toContain("HTTP 503");
    expect(task.error).toContain("after 2 attempts");
    expect(task.attempts).toBe(2);
    expect(server.openSessions()).toBe(0);
  });

  it("a wrong path is a 404 that fails at once", async () => {
    const server = await mcpServer();
    const result = await runDefinition(lookup("analyze_and_suggest"), {
      endpoints: tools(server.url.replace(/\/mcp$/, "/elsewhere")),
    });
    const task = taskOf(result);
    expect(task.status).toBe("failure");
    expect(task.error).toContain("HTTP 404");
    expect(task.attempts).toBe(1);
  });

  it("a server that refuses connections is a network error, retried", async () => {
    const server = await mcpServer();
    await server.close();
    const result = await runDefinition(lookup("analyze_and_suggest", "    retry: { attempts: 2 }\n"), {
      endpoints: tools(server.url),
    });
    const task = taskOf(result);
    expect(task.status).toBe("failure");
    expect(task.error).toContain("network error");
    expect(task.attempts).toBe(2);
  });

  it("a tool that never answers times out the attempt, and the run ends", async () => {
    const server = await mcpServer({ hang: ["slow"] });
    const started = Date.now();
    const result = await runDefinition(lookup("slow", "    timeout: 300ms\n    retry: false\n"), {
      endpoints: tools(server.url),
      clock: systemClock,
    });
    expect(Date.now() - started).toBeLessThan(3000);
    const task = taskOf(result);
    expect(task.status).toBe("failure");
    expect(task.error).toContain("timed out");
    expect(task.attempts).toBe(1);
    expect(server.toolCalls).toHaveLength(1);
    // The session is still ended, which lets the server drop the abandoned call.
    await vi.waitFor(() => expect(server.openSessions()).toBe(0));
  });

  it("a task's deadline ends a tool that never answers, naming the deadline", async () => {
    const server = await mcpServer({ hang: ["slow"] });
    const started = Date.now();
    const result = await runDefinition(lookup("slow", "    timeout: 10s\n    deadline: 300ms\n"), {
      endpoints: tools(server.url),
      clock: systemClock,
    });
    expect(Date.now() - started).toBeLessThan(3000);
    const task = taskOf(result);
    expect(task.status).toBe("failure");
    expect(task.error).toBe("timed out after 300 ms, its deadline");
    expect(task.attempts).toBe(1);
    await vi.waitFor(() => expect(server.openSessions()).toBe(0));
  });

  it("the run's timeout stops a tool that never answers", async () => {
    const server = await mcpServer({ hang: ["slow"] });
    const started = Date.now();
    const result = await runDefinition(`timeout: 300ms\n${lookup("slow")}`, {
      endpoints: tools(server.url),
      clock: systemClock,
    });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.status).toBe("cancelled");
    expect(result.error).toBe("the run timed out after 300 ms");
    expect(taskOf(result).status).toBe("cancelled");
    await vi.waitFor(() => expect(server.openSessions()).toBe(0));
  });

  it("a cancellation mid-call makes the task cancelled, at once", async () => {
    const server = await mcpServer({ hang: ["slow"] });
    const dir = await tempDir("mgmt-mcp-cancel-");
    const file = path.join(dir, "workflow.yml");
    await writeFile(file, `${lookup("slow")}  - { name: After, agent: Tools, action: slow }\n`);
    const orchestrator = new Orchestrator({ endpoints: tools(server.url), env: {}, clock: systemClock });
    const plan = await orchestrator.loadWorkflow(file);
    const controller = new AbortController();
    const running = orchestrator.start(plan.id, {}, { runId: "run-1", signal: controller.signal });
    await vi.waitFor(() => expect(server.toolCalls).toHaveLength(1), { timeout: 5000 });
    const abortedAt = Date.now();
    controller.abort();
    const result = await running;
    expect(Date.now() - abortedAt).toBeLessThan(1500);
    expect(result.status).toBe("cancelled");
    expect(result.tasks.map((t) => t.status)).toEqual(["cancelled", "skipped"]);
    expect(server.toolCalls).toHaveLength(1);
    await vi.waitFor(() => expect(server.openSessions()).toBe(0));
  });
});

/**
 * A hand-written MCP server on the fault server, stateless, for faults the SDK's server never
 * makes: initialize and the notification are answered properly, tools/call by `toolCall`.
 */
async function scriptedMcp(toolCall: (id: unknown, index: number) => Reply): Promise<FaultServer> {
  const server = await startFaultServer();
  closers.push(() => server.close());
  let calls = 0;
  server.handle((request: RecordedRequest) => {
    if (request.method !== "POST") return { status: 405 };
    const message = JSON.parse(request.text) as { id?: unknown; method: string };
    if (message.method === "initialize") {
      return {
        json: {
          jsonrpc: "2.0",
          id: message.id,
          result: {
            protocolVersion: "2025-06-18",
            capabilities: { tools: {} },
            serverInfo: { name: "scripted", version: "1" },
          },
        },
      };
    }
    if (message.method === "tools/call") return toolCall(message.id, calls++);
    return { status: 202 };
  });
  return server;
}

const sse = (...messages: unknown[]) =>
  messages.map((m) => `event: message\ndata: ${JSON.stringify(m)}\n\n`).join("");
const SSE = { "Content-Type": "text/event-stream" };

describe("mcp: a stream that breaks", () => {
  const result = (id: unknown) => ({
    jsonrpc: "2.0",
    id,
    result: { content: [], structuredContent: { ok: true } },
  });

  it("a reset in the middle of the answer's stream is a network error, retried at once", async () => {
    const server = await scriptedMcp((id, index) =>
      index === 0
        ? { headers: SSE, body: `: opened\n\n${sse(result(id))}`, reset: 12 }
        : { headers: SSE, body: sse(result(id)) },
    );
    const started = Date.now();
    const run = await runDefinition(
      lookup("lookup", "    timeout: 5s\n    retry: { attempts: 2, backoff: 10ms }\n"),
      {
        endpoints: tools(server.url("/mcp")),
        clock: systemClock,
      },
    );
    const task = taskOf(run);
    expect(task.status).toBe("success");
    expect(task.outputs).toEqual({ ok: true });
    expect(task.attempts).toBe(2);
    expect(task.calls[0]?.error).toContain("network error");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("a stream that ends without the answer is a network error, not a wait for the timeout", async () => {
    const server = await scriptedMcp(() => ({ headers: SSE, body: ": nothing to say\n\n" }));
    const started = Date.now();
    const run = await runDefinition(
      lookup("lookup", "    timeout: 5s\n    retry: { attempts: 2, backoff: 10ms }\n"),
      {
        endpoints: tools(server.url("/mcp")),
        clock: systemClock,
      },
    );
    const task = taskOf(run);
    expect(task.status).toBe("failure");
    expect(task.error).toContain("network error");
    expect(task.error).toContain("after 2 attempts");
    expect(task.attempts).toBe(2);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("mcp: the size limit", () => {
  it.each([
    { kind: "JSON", headers: { "Content-Type": "application/json" } },
    { kind: "SSE", headers: SSE },
  ])("a $kind answer over 10 MiB fails the task at once, not retried", async ({ headers }) => {
    const server = await scriptedMcp(() => ({ headers, stream: { bytes: 11 * 1024 * 1024, chunked: true } }));
    const run = await runDefinition(lookup("lookup"), { endpoints: tools(server.url("/mcp")) });
    const task = taskOf(run);
    expect(task.status).toBe("failure");
    expect(task.error).toBe("HTTP 200 answer is over the 10 MiB limit");
    expect(task.attempts).toBe(1);
  });
});

describe("mcp: secrets", () => {
  const KEY = "canary-mcp-5c2e8b7d41";

  it("an endpoint header from env reaches every request; the tool's echo of it is masked in the error", async () => {
    const server = await mcpServer({
      tools: { lookup: () => ({ isError: true, content: [{ type: "text", text: `bad token ${KEY}` }] }) },
    });
    const result = await runDefinition(lookup("lookup"), {
      endpoints: tools(server.url, { headers: { Authorization: "Bearer ${{ env.MCP_KEY }}" } }),
      env: { MCP_KEY: KEY },
    });
    for (const request of server.requests) expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    const task = taskOf(result);
    expect(task.status).toBe("failure");
    expect(task.error).toContain("bad token ***");
    expect(JSON.stringify(result)).not.toContain(KEY);
  });
});
