import type { PreparedRun } from "../engine/prepare.js";
import type { OidcToken } from "../engine/run-deps.js";

/** A token is reused while it has more than this left. */
const REUSE_MARGIN_MS = 60_000;

export const NO_OIDC_TOKEN =
  "no OIDC token: under GitHub Actions give the job `permissions: id-token: write`; elsewhere set MGMT_OIDC_TOKEN";

/** Where fresh tokens come from: the runner's token service, or a token given in env. */
export type OidcSource = OidcToken;

/**
 * Tokens per audience, fetched from `source` when none is cached or the cached one has
 * 60 s or less left (its `exp`, read unverified); a token without a readable `exp` is kept.
 * Concurrent tasks share one fetch.
 */
export function oidcTokenProvider(source: OidcSource, now: () => number = Date.now): OidcToken {
  const cached = new Map<string, { token: string; expiresAt: number | null }>();
  const pending = new Map<string, ReturnType<OidcToken>>();
  return (audience) => {
    const held = cached.get(audience);
    if (held && (held.expiresAt === null || held.expiresAt - now() > REUSE_MARGIN_MS))
      return Promise.resolve({ ok: true, token: held.token });
    const inFlight = pending.get(audience);
    if (inFlight) return inFlight;
    const fetched = source(audience)
      .then((got) => {
        if (got.ok) cached.set(audience, { token: got.token, expiresAt: expiresAt(got.token) });
        return got;
      })
      .finally(() => pending.delete(audience));
    pending.set(audience, fetched);
    return fetched;
  };
}

/** A JWT's `exp` in ms, from its payload (base64url JSON), not verified; null when unreadable. */
export function expiresAt(token: string): number | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const exp = (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: unknown }).exp;
    return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * Under Actions (ACTIONS_ID_TOKEN_REQUEST_URL set), @actions/core's getIDToken; elsewhere
 * env MGMT_OIDC_TOKEN; else a failure saying what to do.
 */
export function envOidcSource(env: Record<string, string | undefined> = process.env): OidcSource {
  return async (audience) => {
    if (env.ACTIONS_ID_TOKEN_REQUEST_URL) {
      try {
        // Node's own fetch must claim the global dispatcher before core's undici 6 loads and
        // would take it (see action/workflow-commands.ts); making a Headers loads Node's.
        void new Headers();
        const { getIDToken } = await import("@actions/core");
        return { ok: true, token: await getIDToken(audience) };
      } catch (error) {
        return {
          ok: false,
          error: `no OIDC token: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
    }
    const given = env.MGMT_OIDC_TOKEN;
    return given ? { ok: true, token: given } : { ok: false, error: NO_OIDC_TOKEN };
  };
}

/** The endpoints with `auth.oidc` that a run's tasks call, by name. */
export function oidcEndpoints(run: PreparedRun): string[] {
  const { plan } = run;
  const names = new Set(plan.tasks.map((task) => task.target));
  return [...names].filter((name) => plan.endpoints[name]?.oidcAudience != null);
}
