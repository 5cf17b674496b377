// The loopback endpoint every tool calls, in a process of its own so that serving never
// shares an event loop with the client being measured. `POST /d/<ms>/<anything>` answers
// `{ "token": "t<n>", "echo": <the prev it was sent> }` after <ms> ms; the token of one
// answer must come back as `prev` (in `params.prev`, or `prev`) in the next request, and
// the server counts how often it does, so a run that skips the captured value is caught.
// `GET /stats` and `POST /reset` are for the bench itself. Prints `{"port":N}` when ready.
import { createServer } from "node:http";

const stats = fresh();

function fresh() {
  return { requests: 0, chained: 0, inFlight: 0, maxInFlight: 0, lastToken: null, next: 1 };
}

function reset() {
  Object.assign(stats, fresh());
}

/** The captured value a client sent: mgmt and the fetch loop send `params.prev`; a bare `prev` is also read. */
function prevOf(body) {
  try {
    const parsed = JSON.parse(body);
    return parsed?.params?.prev ?? parsed?.prev ?? null;
  } catch {
    return null;
  }
}

function answer(response, status, value) {
  const text = JSON.stringify(value);
  response.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
  });
  response.end(text);
}

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const url = request.url ?? "/";
    if (request.method === "GET" && url === "/stats") {
      const { lastToken: _lastToken, next: _next, ...shown } = stats;
      return answer(response, 200, shown);
    }
    if (request.method === "POST" && url === "/reset") {
      reset();
      return answer(response, 200, { ok: true });
    }
    const match = /^\/d\/(\d+)\//.exec(url);
    if (request.method !== "POST" || !match)
      return answer(response, 404, { error: `no route ${request.method} ${url}` });
    const prev = prevOf(Buffer.concat(chunks).toString("utf8"));
    stats.requests++;
    if (prev !== null && prev === stats.lastToken) stats.chained++;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    const reply = () => {
      stats.inFlight--;
      const token = `t${stats.next++}`;
      stats.lastToken = token;
      answer(response, 200, { token, echo: prev });
    };
    const delay = Number(match[1]);
    if (delay > 0) setTimeout(reply, delay);
    else reply();
  });
});

server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
// The bench closes our stdin when it is done; exit then, even if it died without a signal.
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
