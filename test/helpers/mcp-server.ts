/**
 * A real MCP server — the official SDK's McpServer over Streamable HTTP — on 127.0.0.1, for
 * tests of our MCP client. It records every HTTP request and every tool call it runs, and
 * misbehaves on request: tools that never answer, HTTP faults before the SDK sees a call.
 *
 *   const mcp = await startMcpServer({ tools: { search: (args) => ({ structuredContent: { hits: 1 } }) } });
 *   await callOurClient(mcp.url);
 *   mcp.requests.map((r) => r.rpc); // ["initialize", "notifications/initialized", "tools/call", …]
 *   await mcp.close();
 */
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest, type RequestId } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

export interface ToolReply {
  structuredContent?: Record<string, unknown>;
  content?: Array<{ type: "text"; text: string }>;
  isError?: boolean;
  /** E.g. `{ usage: { input_tokens: 10, output_tokens: 5 } }`. */
  _meta?: Record<string, unknown>;
}

export type ToolHandler = (args: Record<string, unknown>) => ToolReply | Promise<ToolReply>;

export interface McpServerOptions {
  /** Tools by name, each answering from the arguments it got. Default: `analyze_and_suggest`, answering `{ suggestion: { regions: ["west"] } }`. */
  tools?: Record<string, ToolHandler>;
  /** "stateful" (default): a session id from initialize, required afterwards, DELETE ends it. "stateless": none. */
  sessions?: "stateful" | "stateless";
  /** Answer POSTs with plain JSON (the SDK's enableJsonResponse) instead of SSE streams (default). */
  json?: boolean;
  /** Tools that never answer: each call waits until its client goes away or close(). Added if not in `tools`. */
  hang?: string[];
  /** Answer the first `times` POSTs carrying tools/call with `status`, before the SDK sees them. */
  failToolCalls?: { status: number; times: number };
  /** The endpoint's path; default "/mcp". Other paths get 404. */
  path?: string;
}

export interface McpRecorded {
  /** The HTTP method. */
  method: string;
  /** As received, names in lower case. */
  headers: Record<string, string | string[] | undefined>;
  /** The JSON-RPC method of the body (of its first message for a batch); null when it has none. */
  rpc: string | null;
  /** The body parsed as JSON; null when empty or not JSON. */
  body: unknown;
  /** The Mcp-Session-Id header sent, or null. */
  sessionId: string | null;
  /** The HTTP status answered: read from the response, so 0 until its head is out (an SSE stream's is at once). */
  readonly status: number;
}

export interface ToolCall {
  name: string;
  arguments: Record<string, unknown>;
  /** The session it ran in; null when stateless. */
  sessionId: string | null;
}

export interface McpTestServer {
  /** `http://127.0.0.1:<port>/mcp`. */
  url: string;
  /** Every HTTP request, in arrival order (injected faults and rejected ones too). */
  requests: McpRecorded[];
  /** Every call a tool handler received, hanging ones included. */
  toolCalls: ToolCall[];
  /** Sessions initialized and not yet ended by DELETE. */
  openSessions(): number;
  /** Closes every session, transport and socket (hanging ones too); twice is harmless. */
  close(): Promise<void>;
}

const DEFAULT_SUGGESTION = { suggestion: { regions: ["west"] } };

const DEFAULT_TOOLS: Record<string, ToolHandler> = {
  analyze_and_suggest: () => ({
    structuredContent: DEFAULT_SUGGESTION,
    content: [{ type: "text", text: JSON.stringify(DEFAULT_SUGGESTION) }],
  }),
};

/** One McpServer and the transport it is connected to: a session, or a single stateless request. */
interface Connection {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  /** By JSON-RPC id: aborted when the HTTP request that carried it closes unanswered. */
  departures: Map<RequestId, AbortSignal>;
}

interface Settings {
  tools: Record<string, ToolHandler>;
  hang: Set<string>;
  stateful: boolean;
  json: boolean;
  record: (call: ToolCall) => void;
  /** Aborted by close(). */
  shutdown: AbortSignal;
}

export async function startMcpServer(options: McpServerOptions = {}): Promise<McpTestServer> {
  const path = options.path ?? "/mcp";
  const requests: McpRecorded[] = [];
  const toolCalls: ToolCall[] = [];
  const sessions = new Map<string, Connection>();
  const live = new Set<Connection>();
  const shutdown = new AbortController();
  const settings: Settings = {
    tools: options.tools ?? DEFAULT_TOOLS,
    hang: new Set(options.hang ?? []),
    stateful: (options.sessions ?? "stateful") === "stateful",
    json: options.json ?? false,
    record: (call) => toolCalls.push(call),
    shutdown: shutdown.signal,
  };
  let faultsLeft = options.failToolCalls?.times ?? 0;

  async function open(): Promise<Connection> {
    const connection: Connection = {
      transport: new StreamableHTTPServerTransport({
        sessionIdGenerator: settings.stateful ? randomUUID : undefined,
        enableJsonResponse: settings.json,
        onsessioninitialized: (id) => void sessions.set(id, connection),
      }),
      server: buildMcpServer(settings, (id) => connection.departures.get(id)),
      departures: new Map(),
    };
    // Set before connect(): the SDK chains its own handler after ours. Runs on DELETE and on close().
    connection.transport.onclose = () => {
      live.delete(connection);
      if (connection.transport.sessionId) sessions.delete(connection.transport.sessionId);
    };
    live.add(connection);
    await connection.server.connect(connection.transport);
    return connection;
  }

  /** The connection for this request, or undefined when the request has been answered already. */
  async function connectionFor(req: IncomingMessage, res: ServerResponse, body: unknown) {
    if (!settings.stateful) {
      // The SDK's stateless pattern: a server and transport per POST; no stream to GET, no session to DELETE.
      if (req.method !== "POST") return void answerRpcError(res, 405, "Method not allowed.");
      const connection = await open();
      res.once("close", () => void closeConnection(connection));
      return connection;
    }
    const sessionId = req.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const connection = sessions.get(sessionId);
      if (!connection) answerRpcError(res, 404, "Session not found", -32001);
      return connection;
    }
    if (req.method !== "POST" || !isInitializeRequest(body)) {
      return void answerRpcError(res, 400, "Bad Request: No valid session ID provided");
    }
    const connection = await open();
    // An initialize the SDK refused (406, 415…) leaves no session: drop its connection.
    res.once("close", () => {
      if (!connection.transport.sessionId) void closeConnection(connection);
    });
    return connection;
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const record = recordRequest(req, res);
    requests.push(record);
    const text = await readText(req);
    if (new URL(req.url ?? "/", "http://localhost").pathname !== path) {
      return answerRpcError(res, 404, "Not Found");
    }
    const body = parseJson(text);
    record.body = body.value;
    record.rpc = rpcMethodOf(body.value);
    if (!body.ok) return answerRpcError(res, 400, "Parse error: Invalid JSON", -32700);
    if (req.method === "POST" && faultsLeft > 0 && rpcMethodsOf(body.value).includes("tools/call")) {
      faultsLeft -= 1;
      const status = options.failToolCalls?.status ?? 500;
      res.writeHead(status, { "Content-Type": "text/plain" }).end(`Injected fault: HTTP ${status}`);
      return;
    }
    const connection = await connectionFor(req, res, body.value);
    if (!connection) return;
    watchDepartures(connection, body.value, res);
    await connection.transport.handleRequest(req, res, req.method === "POST" ? body.value : undefined);
  }

  const http = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      res.writeHead(500, { "Content-Type": "text/plain" }).end(`MCP test server failed: ${String(error)}`);
    });
  });
  http.listen(0, "127.0.0.1");
  await once(http, "listening");
  const port = (http.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}${path}`,
    requests,
    toolCalls,
    openSessions: () => sessions.size,
    close: async () => {
      if (shutdown.signal.aborted) return;
      shutdown.abort();
      await Promise.allSettled([...live].map(closeConnection));
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await closed;
    },
  };
}

function buildMcpServer(
  settings: Settings,
  departure: (id: RequestId) => AbortSignal | undefined,
): McpServer {
  const server = new McpServer({ name: "mgmt-action-test-mcp", version: "1.0.0" });
  const names = new Set([...Object.keys(settings.tools), ...settings.hang]);
  for (const name of names) {
    // A loose object schema: the handler gets whatever arguments the client sent.
    server.registerTool(name, { inputSchema: z.looseObject({}) }, async (args, extra) => {
      settings.record({ name, arguments: args, sessionId: extra.sessionId ?? null });
      if (settings.hang.has(name)) {
        const gone = departure(extra.requestId);
        await aborted(AbortSignal.any([extra.signal, settings.shutdown, ...(gone ? [gone] : [])]));
        return { content: [{ type: "text", text: `${name} abandoned` }], isError: true };
      }
      const reply = await (settings.tools[name] as ToolHandler)(args);
      return { ...reply, content: reply.content ?? [] };
    });
  }
  return server;
}

/**
 * The SDK aborts a handler on notifications/cancelled or when its transport closes, not when
 * the client just drops the connection of a session's POST: watch for that ourselves.
 */
function watchDepartures(connection: Connection, body: unknown, res: ServerResponse): void {
  for (const message of Array.isArray(body) ? body : [body]) {
    if (!isRpcRequest(message)) continue;
    const controller = new AbortController();
    connection.departures.set(message.id, controller.signal);
    res.once("close", () => {
      if (!res.writableFinished) controller.abort();
    });
  }
}

function closeConnection(connection: Connection): Promise<void> {
  // McpServer.close() closes its transport, which aborts the handlers still running.
  return connection.server.close().catch(() => {});
}

function recordRequest(req: IncomingMessage, res: ServerResponse): McpRecorded {
  const sessionId = req.headers["mcp-session-id"];
  return {
    method: req.method ?? "",
    headers: req.headers,
    rpc: null,
    body: null,
    sessionId: typeof sessionId === "string" ? sessionId : null,
    // Read live rather than copied at the end: an SSE answer may reach the client before its socket closes.
    get status() {
      return res.headersSent ? res.statusCode : 0;
    },
  };
}

function answerRpcError(res: ServerResponse, status: number, message: string, code = -32000): void {
  res
    .writeHead(status, { "Content-Type": "application/json" })
    .end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }));
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): { ok: boolean; value: unknown } {
  if (text.trim() === "") return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, value: null };
  }
}

function rpcMethodsOf(body: unknown): string[] {
  const messages = Array.isArray(body) ? body : [body];
  return messages.flatMap((message: unknown) => {
    const method = isObject(message) ? message.method : undefined;
    return typeof method === "string" ? [method] : [];
  });
}

function rpcMethodOf(body: unknown): string | null {
  return rpcMethodsOf(body)[0] ?? null;
}

function isRpcRequest(message: unknown): message is { id: RequestId; method: string } {
  return (
    isObject(message) &&
    typeof message.method === "string" &&
    (typeof message.id === "string" || typeof message.id === "number")
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}
