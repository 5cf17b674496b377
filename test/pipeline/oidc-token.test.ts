// The OIDC token provider: a token per audience, reused while it has more than 60 s left.
import { describe, expect, it } from "vitest";
import { envOidcSource, expiresAt, NO_OIDC_TOKEN, oidcTokenProvider } from "../../src/pipeline/oidc-token.js";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
/** An unsigned JWT of this payload: the provider reads `exp` without verifying. */
const jwt = (payload: Record<string, unknown>) => `${b64({ alg: "none" })}.${b64(payload)}.sig`;

function counting(expSeconds: (n: number) => number | undefined) {
  const asked: string[] = [];
  const source = async (audience: string) => {
    asked.push(audience);
    const exp = expSeconds(asked.length);
    return { ok: true as const, token: jwt({ aud: audience, n: asked.length, ...(exp ? { exp } : {}) }) };
  };
  return { asked, source };
}

describe("oidcTokenProvider", () => {
  it("reuses a token with more than 60 s left, per audience", async () => {
    let now = 1_000_000_000;
    const { asked, source } = counting(() => now / 1000 + 600);
    const token = oidcTokenProvider(source, () => now);
    const first = await token("a");
    now += 500_000; // 100 s left
    expect(await token("a")).toEqual(first);
    expect(await token("b")).not.toEqual(first);
    expect(asked).toEqual(["a", "b"]);
  });

  it("fetches a new one when 60 s or less are left", async () => {
    let now = 1_000_000_000;
    const { asked, source } = counting(() => now / 1000 + 120);
    const token = oidcTokenProvider(source, () => now);
    const first = await token("a");
    now += 60_000; // exactly 60 s left
    const second = await token("a");
    expect(second).not.toEqual(first);
    expect(asked).toEqual(["a", "a"]);
  });

  it("shares one fetch between concurrent asks, and keeps no failure", async () => {
    let fail = true;
    const asked: string[] = [];
    const token = oidcTokenProvider(async (audience) => {
      asked.push(audience);
      return fail ? { ok: false, error: "down" } : { ok: true, token: "t" };
    });
    expect(await Promise.all([token("a"), token("a")])).toEqual([
      { ok: false, error: "down" },
      { ok: false, error: "down" },
    ]);
    fail = false;
    expect(await token("a")).toEqual({ ok: true, token: "t" });
    expect(asked).toEqual(["a", "a"]);
  });

  it("reads exp from a JWT's payload, null when there is none", () => {
    expect(expiresAt(jwt({ exp: 1700 }))).toBe(1_700_000);
    expect(expiresAt(jwt({}))).toBeNull();
    expect(expiresAt("opaque")).toBeNull();
    expect(expiresAt("a.!!!.c")).toBeNull();
  });
});

describe("envOidcSource outside Actions", () => {
  it("takes MGMT_OIDC_TOKEN", async () => {
    expect(await envOidcSource({ MGMT_OIDC_TOKEN: "given" })("aud")).toEqual({ ok: true, token: "given" });
  });

  it("without it, fails saying what to do", async () => {
    const got = await envOidcSource({})("aud");
    expect(got).toEqual({ ok: false, error: NO_OIDC_TOKEN });
    expect(got.ok ? "" : got.error).toContain("permissions: id-token: write");
  });
});
