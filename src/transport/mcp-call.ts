import type { CallOutcome, CallTool, ToolCallRequest } from "../engine/call.js";
import { excerpt } from "../text/excerpt.js";
import { type AttemptOptions, attemptSignal, runAttempts, timedOutAttempt } from "./attempts.js";
import { networkCause } from "./http-call.js";
import { type Attempt, fail, RETRYABLE_STATUS } from "./read-answer.js";

export interface McpCallOptions extends AttemptOptions {
  /** Masks secrets in a server's words before an excerpt of them is cut. */
  mask?: (text: string) => string;
}

/** How long closing a session may take after the call: it is a courtesy to the server. */
const CLOSE_SESSION_MS = 1000;

type Sdk = Awaited<ReturnType<typeof loadSdk>>;

/** The MCP client, loaded with the first tool call: a run without one never pays for it. */
async function loadSdk() {
  const [client, http, types] = await Promise.all([
    import("@modelcontextprotocol/sdk/client/index.js"),
    import("@modelcontextprotocol/sdk/client/streamableHttp.js"),
    import("@modelcontextprotocol/sdk/types.js"),
  ]);
  return { Client: client.Client, Transport: http.StreamableHTTPClientTransport, http, types };
}

/**
 * Calls MCP tools over Streamable HTTP with the official SDK's client, a fresh one per
 * attempt (so JSON-RPC ids restart and each attempt has a session of its own): initialize,
 * the call, then the session's end. Attempts, timeouts, waits and cancellation are the
 * same as any task's; a JSON-RPC error is not retried, a retryable HTTP status is.
 */
export function createMcpCall(options: McpCallOptions): CallTool {
  let sdk: Promise<Sdk> | undefined;
  return async (request): Promise<CallOutcome> => {
    sdk ??= loadSdk();
    const loaded = await sdk;
    return runAttempts(request, options, (attempt, timeoutMs, byDeadline) =>
      toolAttempt(loaded, request, { attempt, timeoutMs, byDeadline }, options),
    );
  };
}

async function toolAttempt(
  sdk: Sdk,
  request: ToolCallRequest,
  at: { attempt: number; timeoutMs: number; byDeadline: boolean },
  options: McpCallOptions,
): Promise<Attempt> {
  const mask = options.mask ?? ((text: string) => text);
  const guard = attemptSignal(options.clock, at.timeoutMs, request.signal);
  let ending: AbortSignal | null = null;
  // Every request of the attempt carries the endpoint's and the contract's headers; only the
  // tool call, the one that acts, carries the Idempotency-Key.
  const send = async (url: string | URL, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    const toolCall = typeof init?.body === "string" && isToolCall(init.body);
    for (const [name, value] of Object.entries(request.headers)) {
      if (toolCall || name.toLowerCase() !== "idempotency-key") headers.set(name, value);
    }
    headers.set("X-Mgmt-Attempt", String(at.attempt));
    const signal = ending ?? (init?.signal ? AbortSignal.any([init.signal, guard.signal]) : guard.signal);
    return fetch(url, { ...init, headers, signal });
  };
  const transport = new sdk.Transport(new URL(request.url), {
    fetch: send,
    // A dropped stream is this attempt's failure: the retry policy decides what follows.
    reconnectionOptions: {
      maxReconnectionDelay: 0,
      initialReconnectionDelay: 0,
      reconnectionDelayGrowFactor: 1,
      maxRetries: 0,
    },
  });
  const client = new sdk.Client({ name: "mgmt-action", version: "1" }, { capabilities: {} });
  // The attempt's own timer decides; the SDK's is only a backstop behind it.
  const limits = { signal: guard.signal, timeout: at.timeoutMs + 1000 };
  try {
    await client.connect(transport, limits);
    const result = await client.callTool(
      { name: request.name, arguments: request.arguments },
      undefined,
      limits,
    );
    return {
      kind: "answer",
      status: 200,
      outputs: result,
      headers: {},
      url: request.url,
      retryable: false,
      retryAfterMs: null,
      error: "",
    };
  } catch (error) {
    if (request.signal.aborted) return { kind: "cancelled", error: "cancelled" };
    if (guard.expired()) return timedOutAttempt(at.timeoutMs, at.byDeadline);
    return failureOf(sdk, error, mask);
  } finally {
    guard.release();
    const closing = new AbortController();
    ending = closing.signal;
    const stop = options.clock.setTimer(CLOSE_SESSION_MS, () => closing.abort());
    await transport.terminateSession().catch(() => {});
    stop();
    await client.close().catch(() => {});
  }
}

/** Whether a JSON-RPC body is a `tools/call` request. */
function isToolCall(body: string): boolean {
  try {
    const message = JSON.parse(body) as { method?: unknown } | Array<{ method?: unknown }>;
    return (Array.isArray(message) ? message : [message]).some((m) => m?.method === "tools/call");
  } catch {
    return false;
  }
}

/** The SDK's errors as an attempt: an HTTP status as any answer's, a JSON-RPC error not retried. */
function failureOf(sdk: Sdk, error: unknown, mask: (text: string) => string): Attempt {
  if (error instanceof sdk.types.McpError) {
    return fail(
      200,
      `the MCP server answered JSON-RPC error ${error.code}${excerpt(mask(error.message))}`,
      false,
    );
  }
  if (error instanceof sdk.http.StreamableHTTPError && error.code !== undefined && error.code >= 300) {
    const status = error.code;
    return fail(status, `HTTP ${status}${excerpt(mask(error.message))}`, RETRYABLE_STATUS.has(status));
  }
  return fail(null, `network error: ${networkCause(error)}`, true);
}
