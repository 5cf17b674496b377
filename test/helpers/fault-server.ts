/**
 * A real HTTP server on 127.0.0.1 whose answers a test scripts, faults included, and that
 * records every request it receives. No fetch mocks: the code under test talks to it
 * over a real socket.
 *
 *   const server = await startFaultServer();
 *   server.reply({ status: 503, headers: { "Retry-After": "1" } }, { json: { ok: true } });
 *   await call(server.url("/responses/fetchNew"));
 *   server.requests; // [{ method, path, headers, body, text, arrivedAt }, …]
 *   await server.close();
 */
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";

/** One answer, and how it goes wrong. Every field is optional: `{}` is a 200 with no body. */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** The body as text or bytes; or `json` (sent as JSON); or `stream` (generated, never held in memory). */
  body?: string | Uint8Array;
  json?: unknown;
  stream?: StreamedBody;
  /** Wait this long before sending the status line. */
  delayMs?: number;
  /** Stop sending and keep the socket open: before the status line, or after this many body bytes. */
  stall?: "headers" | number;
  /** Reset the socket (TCP RST): before the status line, or after this many body bytes. */
  reset?: "headers" | number;
  /** Announce the whole body in Content-Length, send only this many bytes, then close the socket. */
  truncateAt?: number;
}

/** A body of `bytes` bytes of `fill`, written in chunks as the client reads. */
export interface StreamedBody {
  bytes: number;
  /** Gzip-encoded (and so chunked): `bytes` is the decoded size. */
  gzip?: boolean;
  /** Chunked, without a Content-Length, so the client learns the size only by reading. */
  chunked?: boolean;
  fill?: string;
}

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  /** Header names in lower case. */
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body as UTF-8. */
  text: string;
  /** `Date.now()` when the request line arrived. */
  arrivedAt: number;
}

/** Chooses the answer to the `index`-th request (0-based). */
export type ReplyHandler = (request: RecordedRequest, index: number) => Reply | Promise<Reply>;

export interface FaultServer {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** The origin followed by `path`. */
  url(path?: string): string;
  /** Every request so far, in arrival order. */
  requests: RecordedRequest[];
  /** Answers the next requests with these replies in turn; the last one repeats. */
  reply(...replies: Reply[]): void;
  /** Answers every request with whatever `handler` returns. */
  handle(handler: ReplyHandler): void;
  /** Stops listening and destroys every open socket, stalled ones included; closing twice is harmless. */
  close(): Promise<void>;
}

/** A 3xx answer pointing at `location`. */
export function redirect(location: string, status = 307): Reply {
  return { status, headers: { Location: location } };
}

export async function startFaultServer(): Promise<FaultServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let handler: ReplyHandler = () => ({});

  const server = createServer((req, res) => {
    const arrivedAt = Date.now();
    readAll(req)
      .then(async (body) => {
        const request = {
          method: req.method ?? "",
          path: req.url ?? "",
          headers: req.headers,
          body,
          text: body.toString("utf8"),
          arrivedAt,
        };
        const index = requests.push(request) - 1;
        await answer(res, await handler(request, index));
      })
      .catch(() => res.socket?.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    url: (path = "/") => `${origin}${path}`,
    requests,
    reply: (...replies) => {
      const start = requests.length;
      handler = (_request, index) => replies[Math.min(index - start, replies.length - 1)] ?? {};
    },
    handle: (next) => {
      handler = next;
    },
    close: async () => {
      // Twice is fine: a test may close early to make the port refuse connections.
      if (!server.listening) return;
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  };
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function answer(res: ServerResponse, reply: Reply): Promise<void> {
  if (reply.delayMs) await sleepUnlessClosed(res, reply.delayMs);
  if (res.destroyed) return;
  if (reply.reset === "headers") return void res.socket?.resetAndDestroy();
  if (reply.stall === "headers") return;
  if (reply.stream) return streamBody(res, reply);

  const body = bodyOf(reply);
  const headers = {
    ...(reply.json !== undefined ? { "Content-Type": "application/json" } : {}),
    ...reply.headers,
  };
  res.writeHead(reply.status ?? 200, { ...headers, "Content-Length": String(body.byteLength) });
  const cut =
    typeof reply.stall === "number"
      ? reply.stall
      : typeof reply.reset === "number"
        ? reply.reset
        : reply.truncateAt;
  if (cut === undefined) return void res.end(body);

  // Flush the headers and the first bytes, and give them time to leave before going wrong.
  res.write(body.subarray(0, cut));
  const socket = res.socket;
  if (reply.reset !== undefined) setTimeout(() => socket?.resetAndDestroy(), 20);
  else if (reply.truncateAt !== undefined) setTimeout(() => socket?.end(), 20);
}

function bodyOf(reply: Reply): Buffer {
  if (reply.json !== undefined) return Buffer.from(JSON.stringify(reply.json));
  if (reply.body === undefined) return Buffer.alloc(0);
  return typeof reply.body === "string" ? Buffer.from(reply.body) : Buffer.from(reply.body);
}

/** Writes a generated body with backpressure, so a 100 MB answer costs the server one chunk of memory. */
async function streamBody(res: ServerResponse, reply: Reply): Promise<void> {
  const { bytes, gzip = false, chunked = false, fill = "x" } = reply.stream as StreamedBody;
  const headers: Record<string, string> = { "Content-Type": "application/json", ...reply.headers };
  if (gzip) headers["Content-Encoding"] = "gzip";
  else if (!chunked) headers["Content-Length"] = String(bytes);
  res.writeHead(reply.status ?? 200, headers);
  const source = Readable.from(chunks(bytes, fill));
  // The client hanging up mid-body is expected: that is what a size limit does.
  await (gzip ? pipeline(source, createGzip({ level: 1 }), res) : pipeline(source, res)).catch(() => {});
}

function* chunks(total: number, fill: string): Generator<Buffer> {
  const chunk = Buffer.alloc(64 * 1024, fill);
  for (let sent = 0; sent < total; sent += chunk.byteLength) {
    yield sent + chunk.byteLength <= total ? chunk : chunk.subarray(0, total - sent);
  }
}

function sleepUnlessClosed(res: ServerResponse, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    res.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
