import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { headersOf, isJsonType } from "../../src/transport/read-answer.js";
import { type FaultServer, redirect, startFaultServer } from "../helpers/fault-server.js";
import { apiRequest, call, callRequest, gaps, scripted, virtualCall } from "./call-request.js";

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(() => server.close());

// Retries wait on a virtual clock that takes each wait at once.
const virtual = virtualCall();

describe("the request as the task describes it", () => {
  it("sends a GET with no body and no Content-Type", async () => {
    server.reply({ json: { items: [] } });
    const outcome = await call(apiRequest(server.url("/surveys/42/responses?limit=500")));
    expect(outcome).toMatchObject({ ok: true, httpStatus: 200, outputs: { items: [] } });
    const [seen] = server.requests;
    expect(seen).toMatchObject({ method: "GET", path: "/surveys/42/responses?limit=500", text: "" });
    expect(seen?.headers["content-type"]).toBeUndefined();
    expect(seen?.headers["transfer-encoding"]).toBeUndefined();
    expect(seen?.headers["x-mgmt-attempt"]).toBe("1");
  });

  it("sends a PATCH with its JSON body", async () => {
    server.reply({ status: 200, json: { updated: true } });
    const body = JSON.stringify({ status: "closed", note: "Île-de-France ✓" });
    const outcome = await call(
      apiRequest(server.url("/surveys/42"), {
        method: "PATCH",
        headers: { "Content-Type": "application/json" },
        body,
      }),
    );
    expect(outcome).toMatchObject({ ok: true, outputs: { updated: true } });
    expect(server.requests.map((r) => [r.method, r.headers["content-type"], r.text])).toEqual([
      ["PATCH", "application/json", body],
    ]);
  });

  it.each([
    ["a body on a GET", { body: "{}" }, /^the request cannot be sent: .*GET\/HEAD.*body/],
    ["a malformed method", { method: "GE T" }, /^the request cannot be sent: .*method/],
    ["a forbidden method", { method: "CONNECT" }, /^the request cannot be sent: .*method/],
  ])("refuses %s before any attempt", async (_what, overrides, error) => {
    const outcome = await call(apiRequest(server.url("/x"), overrides));
    expect(server.requests).toHaveLength(0);
    expect(outcome).toMatchObject({ ok: false, cancelled: false, calls: [] });
    expect(!outcome.ok && outcome.error).toMatch(error);
  });

  it("sends HEAD and hands back its headers, with a null body whatever Content-Length says", async () => {
    // 20 MiB announced: a HEAD answer must not be judged by the size of a body it does not have.
    server.reply({ stream: { bytes: 20 * 1024 * 1024 }, headers: { "X-Total-Count": "1234" } });
    const outcome = await call(apiRequest(server.url("/responses"), { method: "HEAD" }));
    expect(outcome).toMatchObject({ ok: true, httpStatus: 200, outputs: null });
    expect(outcome.ok && outcome.headers).toMatchObject({
      "x-total-count": "1234",
      "content-length": String(20 * 1024 * 1024),
    });
    expect(server.requests.map((r) => r.method)).toEqual(["HEAD"]);
  });
});

describe("every final answer is handed back", () => {
  it("a 404, with its parsed JSON body and its headers, at once", async () => {
    server.reply({ status: 404, json: { error: "no such survey" }, headers: { "X-Request-Id": "r-1" } });
    const outcome = await call(apiRequest(server.url("/surveys/9")));
    expect(outcome).toMatchObject({ ok: true, httpStatus: 404, outputs: { error: "no such survey" } });
    expect(outcome.ok && outcome.headers).toMatchObject({
      "content-type": "application/json",
      "x-request-id": "r-1",
    });
    expect(outcome.ok && outcome.finalUrl).toBe(server.url("/surveys/9"));
    expect(outcome.calls).toEqual([expect.objectContaining({ attempt: 1, httpStatus: 404, error: null })]);
    expect(server.requests).toHaveLength(1);
  });

  it("retries a 503 under Retry-After, then hands back the 200", async () => {
    const { arrivals } = scripted(
      server,
      virtual.clock,
      { status: 503, body: "busy", headers: { "Retry-After": "2" } },
      { json: { ok: true } },
    );
    const outcome = await virtual.call(apiRequest(server.url("/x")));
    expect(outcome).toMatchObject({ ok: true, httpStatus: 200, outputs: { ok: true } });
    expect(outcome.calls.map((c) => [c.httpStatus, c.error])).toEqual([
      [503, "HTTP 503: busy"],
      [200, null],
    ]);
    expect(gaps(arrivals)).toEqual([2000]);
  });

  it("hands back the last 503 once the attempts run out", async () => {
    server.reply({ status: 503, json: { error: "down" } });
    const outcome = await virtual.call(apiRequest(server.url("/x")));
    expect(outcome).toMatchObject({ ok: true, httpStatus: 503, outputs: { error: "down" } });
    expect(outcome.calls.map((c) => [c.attempt, c.httpStatus, c.error])).toEqual([
      [1, 503, 'HTTP 503: {"error":"down"}'],
      [2, 503, 'HTTP 503: {"error":"down"}'],
      [3, 503, null],
    ]);
    expect(server.requests).toHaveLength(3);
  });

  it("retries a 409 only when it answers a retry", async () => {
    server.reply({ status: 409 });
    expect(await virtual.call(apiRequest(server.url("/x")))).toMatchObject({ ok: true, httpStatus: 409 });
    expect(server.requests).toHaveLength(1);

    server.reply({ status: 500 }, { status: 409 }, { json: "done" });
    const outcome = await virtual.call(apiRequest(server.url("/x")));
    expect(server.requests).toHaveLength(4);
    expect(outcome).toMatchObject({ ok: true, httpStatus: 200, outputs: "done" });
  });

  it("keeps network errors failures after their retries", async () => {
    server.reply({ reset: "headers" });
    const outcome = await virtual.call(apiRequest(server.url("/x")));
    expect(outcome).toMatchObject({ ok: false, cancelled: false });
    expect(!outcome.ok && outcome.error).toBe("network error: the connection was reset (after 3 attempts)");
  });
});

describe("the body, by its content type", () => {
  it("is text under text/plain", async () => {
    server.reply({ status: 200, body: "pong\n", headers: { "Content-Type": "text/plain; charset=utf-8" } });
    expect(await call(apiRequest(server.url("/ping")))).toMatchObject({ ok: true, outputs: "pong\n" });
  });

  it("is text without a content type, even when it looks like JSON", async () => {
    server.reply({ body: '{"a":1}' });
    expect(await call(apiRequest(server.url("/x")))).toMatchObject({ ok: true, outputs: '{"a":1}' });
  });

  it("is JSON under application/problem+json", async () => {
    const problem = { type: "about:blank", title: "Not Found", status: 404 };
    server.reply({
      status: 404,
      body: JSON.stringify(problem),
      headers: { "Content-Type": "application/problem+json; charset=utf-8" },
    });
    expect(await call(apiRequest(server.url("/x")))).toMatchObject({ ok: true, outputs: problem });
  });

  it("is null when empty, whatever the type", async () => {
    server.reply({ status: 204 }, { body: "", headers: { "Content-Type": "application/json" } });
    expect(await call(apiRequest(server.url("/x")))).toMatchObject({
      ok: true,
      httpStatus: 204,
      outputs: null,
    });
    expect(await call(apiRequest(server.url("/x")))).toMatchObject({
      ok: true,
      httpStatus: 200,
      outputs: null,
    });
  });

  it("fails the attempt, without a retry, when it is not JSON under application/json", async () => {
    server.reply({ body: "{oops", headers: { "Content-Type": "application/json" } });
    const outcome = await call(apiRequest(server.url("/x")));
    expect(server.requests).toHaveLength(1);
    expect(outcome).toMatchObject({ ok: false, cancelled: false });
    expect(!outcome.ok && outcome.error).toBe("HTTP 200 with a body that is not JSON: {oops");
  });

  it("is retried when broken JSON comes with a retryable status", async () => {
    server.reply(
      { status: 502, body: "<html>bad gateway", headers: { "Content-Type": "application/json" } },
      {
        json: "ok",
      },
    );
    const outcome = await virtual.call(apiRequest(server.url("/x")));
    expect(outcome).toMatchObject({ ok: true, outputs: "ok" });
    expect(outcome.calls[0]?.error).toBe("HTTP 502 with a body that is not JSON: <html>bad gateway");
  });

  it("still fails over the 10 MiB limit", async () => {
    server.reply({ status: 404, stream: { bytes: 11 * 1024 * 1024, chunked: true } });
    const outcome = await call(apiRequest(server.url("/x")));
    expect(!outcome.ok && outcome.error).toBe("HTTP 404 answer is over the 10 MiB limit (decoded)");
  });
});

describe("redirects", () => {
  it.each([301, 302, 303])("a GET follows a same-origin %i, and finalUrl is the target", async (status) => {
    server.handle((request) =>
      request.path === "/old" ? redirect("/new?page=2", status) : { json: { at: request.path } },
    );
    const outcome = await call(apiRequest(server.url("/old")));
    expect(outcome).toMatchObject({ ok: true, outputs: { at: "/new?page=2" } });
    expect(outcome.ok && outcome.finalUrl).toBe(server.url("/new?page=2"));
    expect(server.requests.map((r) => [r.method, r.path])).toEqual([
      ["GET", "/old"],
      ["GET", "/new?page=2"],
    ]);
  });

  it("a POST does not follow a 302", async () => {
    server.reply(redirect("/elsewhere", 302));
    const outcome = await call(apiRequest(server.url("/x"), { method: "POST", body: "{}" }));
    expect(server.requests).toHaveLength(1);
    expect(!outcome.ok && outcome.error).toBe(
      "HTTP 302 redirect is not followed (only 307 and 308 are): Location /elsewhere",
    );
  });

  it("a GET does not follow a 302 to another origin", async () => {
    const other = await startFaultServer();
    try {
      server.reply(redirect(other.url("/steal"), 302));
      const outcome = await call(apiRequest(server.url("/x")));
      expect(!outcome.ok && outcome.error).toBe(
        `HTTP 302 redirect to another origin is not followed: Location ${other.url("/steal")}`,
      );
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it("a GET names the statuses it follows when it meets another 3xx", async () => {
    server.reply(redirect("/choose", 300));
    const outcome = await call(apiRequest(server.url("/x")));
    expect(!outcome.ok && outcome.error).toBe(
      "HTTP 300 redirect is not followed (only 301, 302, 303, 307 and 308 are): Location /choose",
    );
  });
});

describe("the envelope mode", () => {
  it("hands back the answer's headers and the URL that answered", async () => {
    server.handle((request) =>
      request.path === "/old" ? redirect("/new") : { json: { ok: true }, headers: { "X-Trace": "t-1" } },
    );
    const outcome = await call(callRequest(server.url("/old")));
    expect(outcome).toMatchObject({ ok: true, outputs: { ok: true }, finalUrl: server.url("/new") });
    expect(outcome.ok && outcome.headers).toMatchObject({
      "content-type": "application/json",
      "x-trace": "t-1",
    });
  });

  it("still fails a 404, whose body it does not hand back", async () => {
    server.reply({ status: 404, json: { error: "no" } });
    const outcome = await call(callRequest(server.url("/x")));
    expect(!outcome.ok && outcome.error).toBe('HTTP 404: {"error":"no"}');
  });
});

describe("headersOf", () => {
  it("lower-cases names and joins repeated values with a comma, as fetch does", () => {
    const headers = new Headers([
      ["Set-Cookie", "a=1"],
      ["set-cookie", "b=2"],
      ["Vary", "Accept"],
      ["vary", "Origin"],
      ["Location", "/next"],
    ]);
    expect(headersOf(headers)).toEqual({
      "set-cookie": "a=1, b=2",
      vary: "Accept, Origin",
      location: "/next",
    });
  });

  it("keeps a header named __proto__ as an own property", () => {
    const headers = headersOf(new Headers([["__proto__", "x"]]));
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(headers, "__proto__")?.value).toBe("x");
  });
});

describe("isJsonType", () => {
  it.each([
    ["application/json", true],
    ["Application/JSON; charset=utf-8", true],
    ["application/problem+json", true],
    ["application/vnd.api+json; ext=bulk", true],
    ["text/plain", false],
    ["text/html; charset=utf-8", false],
    ["application/jsonl", false],
    ["application/json-seq", false],
    ["+json", false],
    [null, false],
  ])("%j → %s", (type, json) => {
    expect(isJsonType(type)).toBe(json);
  });
});
