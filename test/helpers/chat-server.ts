/**
 * A real HTTP server on 127.0.0.1 that speaks OpenAI's Chat Completions wire format
 * (POST {base}/chat/completions, as OpenAI, vLLM, Ollama and LM Studio serve it), for
 * tests of the openai-chat client. It answers from a script and records every request.
 *
 *   const chat = await startChatServer([{ status: 429, message: "slow down" }, { content: '{"ok":true}' }]);
 *   // configure the client with chat.url (http://127.0.0.1:PORT/v1)
 *   chat.requests; // [{ method, path, headers, body }, …]
 *   await chat.close();
 *
 * Not served: streaming (`stream: true` is answered with one whole completion), tools, n > 1.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** Where the client's base URL points; OpenAI's own is https://api.openai.com/v1. */
const BASE_PATH = "/v1";
const COMPLETIONS_PATH = `${BASE_PATH}/chat/completions`;
const DEFAULT_USAGE = { prompt_tokens: 11, completion_tokens: 7 };

export type ChatReply =
  /** A 200 completion whose `choices[0].message.content` is `content` (default usage 11/7). */
  | { content: string; usage?: { prompt_tokens: number; completion_tokens: number } }
  /** An error answer in OpenAI's shape `{ error: { message, type, param, code } }`. */
  | { status: number; message: string; headers?: Record<string, string> }
  /** Never answers, until the client aborts or the server closes. */
  | { hang: true };

export interface ChatServer {
  /** The base URL to configure, `http://127.0.0.1:PORT/v1`: requests go to `${url}/chat/completions`. */
  url: string;
  /** Every request, in arrival order, 404s included. `body` is the parsed JSON (the raw text if it is not JSON). */
  requests: Array<{
    method: string;
    path: string;
    headers: Record<string, string | string[] | undefined>;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever the client sent
    body: any;
  }>;
  /** Closes the server and destroys every socket, hanging ones too; closing twice is harmless. */
  close(): Promise<void>;
}

/**
 * Answers the n-th chat completion request (0-based) with replies[n], repeating the last reply;
 * or with a function of the request body. Requests to other paths, and bodies that are not JSON,
 * are answered with errors and do not count.
 */
export async function startChatServer(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the body is whatever the client sent
  replies: ChatReply[] | ((body: any, index: number) => ChatReply),
): Promise<ChatServer> {
  if (Array.isArray(replies) && replies.length === 0) throw new TypeError("startChatServer needs a reply");
  const choose =
    typeof replies === "function"
      ? replies
      : (_body: unknown, index: number) => replies[Math.min(index, replies.length - 1)] as ChatReply;
  const requests: ChatServer["requests"] = [];
  const sockets = new Set<Socket>();
  let answered = 0;

  const server = createServer((req, res) => {
    readText(req)
      .then((text) => {
        const parsed = parseJson(text);
        const path = req.url ?? "";
        requests.push({ method: req.method ?? "", path, headers: req.headers, body: parsed.value });
        const pathname = new URL(path, "http://127.0.0.1").pathname;
        if (req.method !== "POST" || pathname !== COMPLETIONS_PATH) {
          return sendError(res, 404, `Invalid URL (${req.method} ${pathname})`);
        }
        if (!parsed.ok) return sendError(res, 400, "We could not parse the JSON body of your request.");
        answer(res, parsed.value, replyFor(choose, parsed.value, answered++));
      })
      .catch(() => res.socket?.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${BASE_PATH}`,
    requests,
    close: async () => {
      if (!server.listening) return;
      const closed = once(server, "close");
      server.close();
      // Hanging requests and idle keep-alive sockets would hold close() open otherwise.
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** A throwing reply function is a bug in the test: say so in a 500 the test will see. */
function replyFor(choose: (body: unknown, index: number) => ChatReply, body: unknown, index: number) {
  try {
    return choose(body, index);
  } catch (error) {
    return { status: 500, message: `chat-server: the reply function threw: ${String(error)}` };
  }
}

function answer(res: ServerResponse, body: unknown, reply: ChatReply): void {
  if ("hang" in reply) return;
  if ("status" in reply) return sendError(res, reply.status, reply.message, reply.headers);
  const usage = reply.usage ?? DEFAULT_USAGE;
  sendJson(res, 200, {
    id: `chatcmpl-${Math.random().toString(36).slice(2, 14)}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: modelOf(body),
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: reply.content, refusal: null },
        logprobs: null,
        finish_reason: "stop",
      },
    ],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  });
}

function modelOf(body: unknown): string {
  const model = (body as { model?: unknown } | null)?.model;
  return typeof model === "string" ? model : "";
}

/** OpenAI's `type` and `code` for the statuses its docs list; other statuses get a generic pair. */
const ERROR_KINDS: Record<number, { type: string; code: string | null }> = {
  400: { type: "invalid_request_error", code: null },
  401: { type: "invalid_request_error", code: "invalid_api_key" },
  404: { type: "invalid_request_error", code: null },
  429: { type: "requests", code: "rate_limit_exceeded" },
  500: { type: "server_error", code: null },
  503: { type: "server_error", code: null },
};

function sendError(res: ServerResponse, status: number, message: string, headers?: Record<string, string>) {
  const kind = ERROR_KINDS[status] ?? {
    type: status >= 500 ? "server_error" : "invalid_request_error",
    code: null,
  };
  sendJson(res, status, { error: { message, type: kind.type, param: null, code: kind.code } }, headers);
}

function sendJson(res: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}) {
  const body = Buffer.from(JSON.stringify(json));
  res.writeHead(status, {
    "Content-Type": "application/json",
    ...headers,
    "Content-Length": String(body.byteLength),
  });
  res.end(body);
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** An empty body is `undefined`; text that is not JSON is kept as it came. */
function parseJson(text: string): { ok: boolean; value: unknown } {
  if (text === "") return { ok: false, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, value: text };
  }
}
