// Proves the MCP test server with the SDK's own client, so tests of our client can trust it.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startMcpServer, type McpServerOptions, type McpTestServer } from "./mcp-server.js";

const servers: McpTestServer[] = [];
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options?: McpServerOptions): Promise<McpTestServer> {
  const server = await startMcpServer(options);
  servers.push(server);
  return server;
}

async function connect(server: McpTestServer) {
  const transport = new StreamableHTTPClientTransport(new URL(server.url));
  const client = new Client({ name: "mcp-server-test", version: "1.0.0" });
  clients.push(client);
  await client.connect(transport);
  return { client, transport };
}

function posts(server: McpTestServer): Array<string | null> {
  return server.requests.filter((r) => r.method === "POST").map((r) => r.rpc);
}

const SUGGESTION = { suggestion: { regions: ["west"] } };

describe.each([
  { sessions: "stateful", json: false },
  { sessions: "stateful", json: true },
  { sessions: "stateless", json: false },
  { sessions: "stateless", json: true },
] as const)("startMcpServer, $sessions, json: $json", ({ sessions, json }) => {
  it("answers a tools/call from the default tool and records the exchange", async () => {
    const server = await start({ sessions, json });
    const { client } = await connect(server);

    const result = await client.callTool({ name: "analyze_and_suggest", arguments: { region: "east" } });

    expect(result.structuredContent).toEqual(SUGGESTION);
    expect(result.content).toEqual([{ type: "text", text: JSON.stringify(SUGGESTION) }]);
    expect(posts(server)).toEqual(["initialize", "notifications/initialized", "tools/call"]);
    const [initialize, initialized, call] = server.requests.filter((r) => r.method === "POST");
    expect([initialize?.status, initialized?.status, call?.status]).toEqual([200, 202, 200]);
    expect(call?.body).toMatchObject({ method: "tools/call", params: { name: "analyze_and_suggest" } });
    expect(initialize?.sessionId).toBeNull();
    const sessionId = sessions === "stateful" ? expect.any(String) : null;
    expect(call?.sessionId).toEqual(sessionId);
    expect(server.toolCalls).toEqual([
      { name: "analyze_and_suggest", arguments: { region: "east" }, sessionId: call?.sessionId },
    ]);
  });
});

describe("startMcpServer sessions", () => {
  it("keeps a stateful session until the client's DELETE ends it", async () => {
    const server = await start();
    const { client, transport } = await connect(server);
    await client.callTool({ name: "analyze_and_suggest", arguments: {} });
    expect(server.openSessions()).toBe(1);
    const sessionId = transport.sessionId;
    expect(sessionId).toEqual(expect.any(String));
    // The SDK client also opens a standalone SSE stream with a GET after initialization.
    await vi.waitFor(() => expect(server.requests.map((r) => r.method)).toContain("GET"));

    await transport.terminateSession();

    const last = server.requests.at(-1);
    expect(last).toMatchObject({ method: "DELETE", rpc: null, sessionId, status: 200 });
    expect(server.openSessions()).toBe(0);
    const get = server.requests.find((r) => r.method === "GET");
    expect(get).toMatchObject({ sessionId, status: 200 });
    expect(get?.headers.accept).toBe("text/event-stream");
  });

  it("sees no DELETE from client.close() alone: the session stays open", async () => {
    const server = await start();
    const { client } = await connect(server);

    await client.close();

    expect(server.requests.map((r) => r.method)).not.toContain("DELETE");
    expect(server.openSessions()).toBe(1);
  });

  it("refuses a request with an unknown session id with 404, and one without with 400", async () => {
    const server = await start();
    const call = { jsonrpc: "2.0", id: 1, method: "tools/list" };
    const headers = { "Content-Type": "application/json", Accept: "application/json, text/event-stream" };

    const unknown = await fetch(server.url, {
      method: "POST",
      headers: { ...headers, "Mcp-Session-Id": "nope" },
      body: JSON.stringify(call),
    });
    const missing = await fetch(server.url, { method: "POST", headers, body: JSON.stringify(call) });

    expect([unknown.status, missing.status]).toEqual([404, 400]);
    await Promise.all([unknown.text(), missing.text()]);
  });

  it("answers GET with 405 when stateless, which the SDK client accepts", async () => {
    const server = await start({ sessions: "stateless" });
    await connect(server);

    await vi.waitFor(() => expect(server.requests.find((r) => r.method === "GET")?.status).toBe(405));
    expect(server.openSessions()).toBe(0);
  });
});

describe("startMcpServer answers", () => {
  const initialize = {
    jsonrpc: "2.0",
    id: 0,
    method: "initialize",
    params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
  };

  it.each([
    { json: false, contentType: "text/event-stream" },
    { json: true, contentType: "application/json" },
  ])("as $contentType when json is $json", async ({ json, contentType }) => {
    const server = await start({ json });

    const response = await fetch(server.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
      body: JSON.stringify(initialize),
    });

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain(contentType);
    expect(await response.text()).toContain('"protocolVersion":"2025-11-25"');
  });

  it("406 to a POST that does not accept both JSON and SSE", async () => {
    const server = await start();

    const response = await fetch(server.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(initialize),
    });

    expect(response.status).toBe(406);
    await response.text();
    expect(server.openSessions()).toBe(0);
  });
});

describe("startMcpServer tools", () => {
  it("passes an isError reply through as a result, not a protocol error", async () => {
    const server = await start({
      tools: { fail: () => ({ isError: true, content: [{ type: "text", text: "no regions" }] }) },
    });
    const { client } = await connect(server);

    const result = await client.callTool({ name: "fail", arguments: {} });

    expect(result).toMatchObject({ isError: true, content: [{ type: "text", text: "no regions" }] });
  });

  it("answers from the arguments and delivers _meta usage", async () => {
    const usage = { input_tokens: 10, output_tokens: 5 };
    const server = await start({
      tools: { echo: (args) => ({ structuredContent: { got: args }, _meta: { usage } }) },
    });
    const { client } = await connect(server);

    const result = await client.callTool({ name: "echo", arguments: { n: 1, tags: ["a"] } });

    expect(result.structuredContent).toEqual({ got: { n: 1, tags: ["a"] } });
    expect(result._meta).toEqual({ usage });
  });

  it("fails the first tools/call with the injected status, then answers", async () => {
    const server = await start({ failToolCalls: { status: 503, times: 1 } });
    const { client } = await connect(server);

    await expect(client.callTool({ name: "analyze_and_suggest" })).rejects.toMatchObject({ code: 503 });
    const retried = await client.callTool({ name: "analyze_and_suggest" });

    expect(retried.structuredContent).toEqual(SUGGESTION);
    const calls = server.requests.filter((r) => r.rpc === "tools/call");
    expect(calls.map((r) => r.status)).toEqual([503, 200]);
    expect(server.toolCalls).toHaveLength(1);
  });

  it("lets a hanging tool be aborted by the client, and still closes quickly", async () => {
    const server = await start({ hang: ["slow"] });
    const { client } = await connect(server);
    const started = Date.now();

    const call = client.callTool({ name: "slow", arguments: {} }, undefined, {
      signal: AbortSignal.timeout(200),
    });

    await expect(call).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(server.toolCalls).toEqual([{ name: "slow", arguments: {}, sessionId: expect.any(String) }]);
    await vi.waitFor(() => expect(posts(server)).toContain("notifications/cancelled"));
    const closing = Date.now();
    await server.close();
    expect(Date.now() - closing).toBeLessThan(500);
  });

  it.each([false, true])("closes quickly with a hanging call still open (json: %s)", async (json) => {
    const server = await start({ sessions: "stateless", json, hang: ["slow"] });
    const call = fetch(server.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "slow" } }),
    }).then((response) => response.text());
    await vi.waitFor(() => expect(server.toolCalls).toHaveLength(1));

    const closing = Date.now();
    await server.close();

    expect(Date.now() - closing).toBeLessThan(500);
    // The SSE stream ends empty when its transport closes; a JSON answer never comes.
    if (json) await expect(call).rejects.toThrow();
    else await expect(call).resolves.toBe("");
  });
});
