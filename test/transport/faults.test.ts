import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FaultServer, startFaultServer } from "../helpers/fault-server.js";
import { call, callRequest } from "./call-request.js";

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(() => server.close());

const twice = { attempts: 2, backoffMs: 0, factor: 2, maxBackoffMs: 0 };

describe("broken connections are retried", () => {
  it("a reset before the answer", async () => {
    server.reply({ reset: "headers" }, { json: "ok" });
    const outcome = await call(callRequest(server.url("/x"), { retry: twice }));
    expect(outcome).toMatchObject({ ok: true, outputs: "ok" });
    expect(outcome.calls[0]?.error).toBe("network error: the connection was reset");
  });

  it("a reset in the middle of the body", async () => {
    server.reply({ json: { rows: "x".repeat(10_000) }, reset: 100 }, { json: "ok" });
    const outcome = await call(callRequest(server.url("/x"), { retry: twice }));
    expect(outcome).toMatchObject({ ok: true, outputs: "ok" });
    expect(outcome.calls[0]).toMatchObject({ httpStatus: null });
    expect(outcome.calls[0]?.error).toBe("network error: the connection was reset");
  });

  it("a body shorter than its Content-Length", async () => {
    server.reply({ json: { rows: "x".repeat(1000) }, truncateAt: 50 });
    const outcome = await call(callRequest(server.url("/x"), { retry: twice }));
    expect(server.requests).toHaveLength(2);
    expect(!outcome.ok && outcome.error).toBe(
      "network error: the connection closed before the answer was complete (after 2 attempts)",
    );
  });

  it("a refused connection", async () => {
    const url = server.url("/x");
    await server.close();
    const outcome = await call(callRequest(url, { retry: twice }));
    expect(!outcome.ok && outcome.error).toMatch(/^network error: ECONNREFUSED/);
    expect(outcome.calls).toHaveLength(2);
  });
});

describe("a 2xx answer's body", () => {
  it("fails at once when it is not JSON", async () => {
    server.reply({ body: "<html>oops</html>" });
    const outcome = await call(callRequest(server.url("/x")));
    expect(server.requests).toHaveLength(1);
    expect(!outcome.ok && outcome.error).toBe("HTTP 200 with a body that is not JSON: <html>oops</html>");
  });

  it("is null when empty", async () => {
    server.reply({ status: 204 }, { status: 200, body: "  \n" });
    expect(await call(callRequest(server.url("/x")))).toMatchObject({
      ok: true,
      httpStatus: 204,
      outputs: null,
    });
    expect(await call(callRequest(server.url("/x")))).toMatchObject({
      ok: true,
      httpStatus: 200,
      outputs: null,
    });
  });

  it("shows a long error body as a short excerpt", async () => {
    server.reply({ status: 400, body: `bad\n\n${"y".repeat(5000)}` });
    const outcome = await call(callRequest(server.url("/x")));
    expect(!outcome.ok && outcome.error).toBe(`HTTP 400: bad ${"y".repeat(196)}…`);
  });
});

describe("a request that cannot be sent", () => {
  it("fails at once, naming the header, without a network error's retries", async () => {
    const request = callRequest(server.url("/x"));
    const outcome = await call({ ...request, headers: { ...request.headers, "X-Who": "José ✓" } });
    expect(server.requests).toHaveLength(0);
    expect(outcome).toMatchObject({ ok: false, cancelled: false, calls: [] });
    expect(!outcome.ok && outcome.error).toMatch(/^the request cannot be sent: header X-Who: .*ByteString/);
  });
});
