import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FaultServer, redirect, startFaultServer } from "../helpers/fault-server.js";
import { call, callRequest } from "./call-request.js";

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(() => server.close());

const HUNDRED_MB = 100 * 1024 * 1024;

/** Runs `work` while sampling heap and buffers; returns its result and the peak growth in MB. */
async function peakGrowth<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const before = used();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, used());
  }, 5);
  const result = await work();
  clearInterval(sampler);
  peak = Math.max(peak, used());
  return { result, peakMb: (peak - before) / 1024 / 1024 };
}

describe("a huge answer", () => {
  it.each([
    ["chunked", { chunked: true }],
    ["gzip-encoded", { gzip: true }],
    ["with its Content-Length", {}],
  ])("fails at the 10 MiB limit without holding 100 MB (%s)", async (kind, stream) => {
    server.reply({ stream: { bytes: HUNDRED_MB, ...stream } });
    const { result, peakMb } = await peakGrowth(() => call(callRequest(server.url("/x"))));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toBe("HTTP 200 answer is over the 10 MiB limit (decoded)");
    expect(server.requests).toHaveLength(1);
    console.info(`100 MB body, ${kind}: peak heap + buffers growth ${peakMb.toFixed(1)} MB`);
    expect(peakMb).toBeLessThan(80);
  });

  it("reads an answer just under the limit", async () => {
    const text = JSON.stringify("x".repeat(10 * 1024 * 1024 - 2));
    server.reply({ body: text });
    const outcome = await call(callRequest(server.url("/x")));
    expect(outcome.ok && (outcome.outputs as string).length).toBe(10 * 1024 * 1024 - 2);
  });
});

describe("redirects", () => {
  it("follows a 307 to the same origin with the same body", async () => {
    server.handle((request) => (request.path === "/old" ? redirect("/new") : { json: { at: request.path } }));
    const request = callRequest(server.url("/old"));
    const outcome = await call(request);
    expect(outcome).toMatchObject({ ok: true, outputs: { at: "/new" } });
    expect(server.requests.map((r) => [r.method, r.path, r.text])).toEqual([
      ["POST", "/old", request.body],
      ["POST", "/new", request.body],
    ]);
    expect(server.requests[1]?.headers["idempotency-key"]).toBe(request.headers["Idempotency-Key"]);
  });

  it("does not follow a redirect to another origin, and names the Location", async () => {
    const other = await startFaultServer();
    try {
      server.reply(redirect(other.url("/steal"), 308));
      const outcome = await call(callRequest(server.url("/x")));
      expect(!outcome.ok && outcome.error).toBe(
        `HTTP 308 redirect to another origin is not followed: Location ${other.url("/steal")}`,
      );
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it("does not follow a 302, whose method a client may change", async () => {
    server.reply(redirect("/elsewhere", 302));
    const outcome = await call(callRequest(server.url("/x")));
    expect(!outcome.ok && outcome.error).toBe(
      "HTTP 302 redirect is not followed (only 307 and 308 are): Location /elsewhere",
    );
  });

  it("follows 5 redirects and fails on the sixth", async () => {
    server.handle((_request, index) => redirect(`/hop${index + 1}`));
    const outcome = await call(
      callRequest(server.url("/hop0"), { retry: { attempts: 1, backoffMs: 0, factor: 2, maxBackoffMs: 0 } }),
    );
    expect(server.requests).toHaveLength(6);
    expect(!outcome.ok && outcome.error).toBe(
      "HTTP 307 redirect is one too many (at most 5 are followed): Location /hop6",
    );
  });
});

describe("cancellation", () => {
  it("ends an attempt in flight promptly", async () => {
    server.reply({ stall: "headers" });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 200);
    const started = Date.now();
    const outcome = await call(callRequest(server.url("/x"), { signal: stop.signal }));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(outcome).toMatchObject({ ok: false, cancelled: true, error: "cancelled" });
    expect(outcome.calls).toHaveLength(1);
  });

  it("ends a wait between attempts promptly", async () => {
    server.reply({ status: 503, headers: { "Retry-After": "60" } });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 200);
    const started = Date.now();
    const outcome = await call(callRequest(server.url("/x"), { signal: stop.signal }));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(outcome).toMatchObject({ ok: false, cancelled: true, error: "cancelled while waiting to retry" });
    expect(server.requests).toHaveLength(1);
  });

  it("calls nothing when cancelled before it starts", async () => {
    const stop = new AbortController();
    stop.abort();
    const outcome = await call(callRequest(server.url("/x"), { signal: stop.signal }));
    expect(outcome).toMatchObject({ ok: false, cancelled: true });
    expect(server.requests).toHaveLength(0);
  });
});
