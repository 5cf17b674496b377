// A call's `authorize`: asked before each attempt for its Authorization; a refusal fails the call at once.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FaultServer, startFaultServer } from "../helpers/fault-server.js";
import { apiRequest, scripted, virtualCall } from "./call-request.js";

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(() => server.close());

const { clock, call } = virtualCall();

describe("authorize", () => {
  it("sets Authorization on each attempt from a fresh ask", async () => {
    scripted(server, clock, { status: 503 }, { json: { ok: true } });
    let asked = 0;
    const authorize = async () => ({ ok: true as const, value: `Bearer t${++asked}` });
    const outcome = await call(apiRequest(server.url("/x"), { authorize }));
    expect(outcome).toMatchObject({ ok: true, httpStatus: 200 });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer t1", "Bearer t2"]);
  });

  it("fails the call without sending, and without retrying, when refused", async () => {
    server.reply({ json: { ok: true } });
    let asked = 0;
    const authorize = async () => {
      asked += 1;
      return { ok: false as const, error: "no OIDC token: none here" };
    };
    const outcome = await call(apiRequest(server.url("/x"), { authorize }));
    expect(outcome).toMatchObject({ ok: false, error: "no OIDC token: none here", cancelled: false });
    expect(asked).toBe(1);
    expect(server.requests).toHaveLength(0);
  });
});
