import type { CallOutcome, CallTool, ToolCallRequest } from "../engine/call.js";
import { excerpt } from "../text/excerpt.js";
import {
  type AttemptOptions,
  attemptSignal,
  runAttempts,
  timedOutAttempt,
  type TryOnce,
} from "./attempts.js";
import { networkCause } from "./http-call.js";
import { type Attempt, fail, RETRYABLE_STATUS } from "./read-answer.js";
import { MAX_BODY_BYTES } from "./read-body.js";

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
    return runAttempts(request, options, (at) => toolAttempt(loaded, request, at, options));
  };
}

async function toolAttempt(
  sdk: Sdk,
  request: ToolCallRequest,
  at: Parameters<TryOnce>[0],
  options: McpCallOptions,
): Promise<Attempt> {
  const mask = options.mask ?? ((text: string) => text);
  const guard = attemptSignal(options.clock, at.timeoutMs, request.signal);
  const watch = watchAnswers();
  const http = attemptFetch(request, at.headers, guard.signal, watch);
  const transport = new sdk.Transport(new URL(request.url), {
    fetch: http.send,
    // A dropped stream is this attempt's failure: the retry policy decides what follows.
    reconnectionOptions: {
      maxReconnectionDelay: 0,
      initialReconnectionDelay: 0,
      reconnectionDelayGrowFactor: 1,
      maxRetries: 0,
    },
  });
  // Set before connect, which chains its own handler after this one.
  transport.onmessage = (message) => {
    if ("id" in message && ("result" in message || "error" in message)) watch.answered.add(message.id);
  };
  const client = new sdk.Client({ name: "mgmt-action", version: "1" }, { capabilities: {} });
  // The attempt's own timer decides; the SDK's is only a backstop behind it.
  const limits = { signal: AbortSignal.any([guard.signal, watch.broken]), timeout: at.timeoutMs + 1000 };
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
    return watch.breakage() ?? failureOf(sdk, error, mask);
  } finally {
    guard.release();
    const closing = new AbortController();
    http.ending = closing.signal;
    const stop = options.clock.setTimer(CLOSE_SESSION_MS, () => closing.abort());
    await transport.terminateSession().catch(() => {});
    stop();
    await client.close().catch(() => {});
  }
}

/**
 * What an attempt learns of its answers: the JSON-RPC ids answered, and a stream that broke
 * without its answer (the SDK would wait for its timeout) or grew past the size limit.
 */
function watchAnswers() {
  const controller = new AbortController();
  let breakage: Attempt | null = null;
  return {
    answered: new Set<unknown>(),
    /** Aborted when a stream broke: the SDK's waits end at once. */
    broken: controller.signal,
    breakage: () => breakage,
    breakWith(attempt: Attempt) {
      if (breakage) return;
      breakage = attempt;
      controller.abort();
    },
  };
}

/**
 * The attempt's fetch, for the SDK's transport. Every request carries the endpoint's and the
 * contract's headers and the attempt's own (its number, traceparent and Authorization: the
 * session is one span of the trace); only the tool call, the one that acts, carries the
 * Idempotency-Key.
 * Each answer's stream is watched. After the call, `ending` bounds the session's close.
 */
function attemptFetch(
  request: ToolCallRequest,
  own: Record<string, string>,
  guard: AbortSignal,
  watch: ReturnType<typeof watchAnswers>,
) {
  const http = {
    ending: null as AbortSignal | null,
    send: async (url: string | URL, init?: RequestInit): Promise<Response> => {
      // The standalone stream a GET opens would only hold a connection for the attempt: the
      // answer comes on the call's own POST, and this client offers a server nothing to ask.
      // 405 is how a server says it has no such stream, and the SDK carries on.
      if (init?.method === "GET") return new Response(null, { status: 405 });
      const headers = new Headers(init?.headers);
      const sent = typeof init?.body === "string" ? rpcMessagesOf(init.body) : [];
      const toolCall = sent.some((message) => message.method === "tools/call");
      for (const [name, value] of Object.entries(request.headers)) {
        if (!toolCall && name.toLowerCase() === "idempotency-key") continue;
        headers.set(name, value);
      }
      for (const [name, value] of Object.entries(own)) headers.set(name, value);
      const signal = http.ending ?? (init?.signal ? AbortSignal.any([init.signal, guard]) : guard);
      const response = await fetch(url, { ...init, headers, signal });
      const ids = sent.flatMap((message) => (message.id === undefined ? [] : [message.id]));
      if (!ids.length || !response.ok || !response.body) return response;
      const body = watchBody(response.body, (end) => {
        if (end.tooLarge) {
          const limit = `${MAX_BODY_BYTES / 1024 / 1024} MiB`;
          return watch.breakWith(
            fail(response.status, `HTTP ${response.status} answer is over the ${limit} limit`, false),
          );
        }
        // Once the SDK has read what came: an answer still missing will not come on this stream.
        setImmediate(() => {
          if (ids.every((id) => watch.answered.has(id))) return;
          const why = end.error ? networkCause(end.error) : "the stream ended before the answer";
          watch.breakWith(fail(null, `network error: ${why}`, true));
        });
      });
      const { status, statusText, headers: answerHeaders } = response;
      return new Response(body, { status, statusText, headers: answerHeaders });
    },
  };
  return http;
}

/** The JSON-RPC messages of a body (a batch is several); `id` only on requests. */
function rpcMessagesOf(body: string): Array<{ method: unknown; id?: unknown }> {
  try {
    const parsed = JSON.parse(body) as unknown;
    return (Array.isArray(parsed) ? parsed : [parsed]).flatMap((m: unknown) => {
      if (m === null || typeof m !== "object") return [];
      const { method, id } = m as { method?: unknown; id?: unknown };
      return typeof method === "string" ? [{ method, ...(id === undefined ? {} : { id }) }] : [];
    });
  } catch {
    return [];
  }
}

/**
 * The body as it arrives, counted against the size limit (past it the stream errors);
 * `onEnd` hears once how it ended: done, broken, or too large.
 */
function watchBody(
  source: ReadableStream<Uint8Array>,
  onEnd: (end: { error?: unknown; tooLarge?: boolean }) => void,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let size = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        controller.error(error);
        return onEnd({ error });
      }
      if (chunk.done) {
        controller.close();
        return onEnd({});
      }
      size += chunk.value.byteLength;
      if (size > MAX_BODY_BYTES) {
        onEnd({ tooLarge: true });
        controller.error(new Error(`the answer is over ${MAX_BODY_BYTES} bytes`));
        await reader.cancel().catch(() => {});
        return;
      }
      controller.enqueue(chunk.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** The SDK's errors as an attempt: an HTTP status as any answer's, a JSON-RPC error not retried. */
function failureOf(sdk: Sdk, error: unknown, mask: (text: string) => string): Attempt {
  if (error instanceof sdk.types.McpError) {
    // The SDK prefixes "MCP error <code>: " to the server's message (and an SDK server to its own).
    const said = error.message.replace(new RegExp(`^(MCP error ${error.code}: )+`), "");
    return fail(200, `the MCP server answered JSON-RPC error ${error.code}${excerpt(mask(said))}`, false);
  }
  if (error instanceof sdk.http.StreamableHTTPError && error.code !== undefined && error.code >= 300) {
    const status = error.code;
    // What the server said, without the SDK's words around it.
    const said = error.message.replace(/^Streamable HTTP error: (Error POSTing to endpoint: )?/, "");
    return fail(status, `HTTP ${status}${excerpt(mask(said))}`, RETRYABLE_STATUS.has(status));
  }
  return fail(null, `network error: ${networkCause(error)}`, true);
}
