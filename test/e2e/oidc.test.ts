// OIDC to endpoints through dist/index.js: tokens from a fake of GitHub's token service,
// verified by the endpoint, refreshed when near their end, and never shown.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { type FakeOidc, type OidcEndpoint, startFakeOidc, startOidcEndpoint } from "../helpers/fake-oidc.js";
import { runAction } from "../helpers/run-action.js";

const AUDIENCE = "https://api.example.test";

const WORKFLOW = `id: Oidc
tasks:
  - name: First
    service: Api
    request: { method: GET, path: first }
  - name: Second
    service: Api
    request: { method: GET, path: second }
`;

const files = (endpoint: OidcEndpoint) => ({
  "workflows/oidc.yml": WORKFLOW,
  "workflows/endpoints.yml": `endpoints:\n  Api:\n    url: "${endpoint.origin}"\n    auth: { oidc: { audience: "${AUDIENCE}" } }\n`,
});

async function run(oidc: FakeOidc, endpoint: OidcEndpoint, env: Record<string, string>) {
  const ran = await runAction({
    event: { name: "workflow_dispatch", payload: { inputs: {} } },
    files: files(endpoint),
    env,
  });
  const results = await readFile(ran.outputs["results-file"] as string, "utf8");
  expect(results).not.toBe("");
  return { ...ran, results, oidc };
}

describe("OIDC to endpoints, through dist", () => {
  it("sends a token the endpoint verifies, refreshes one near its end, and shows none", async () => {
    const oidc = await startFakeOidc();
    oidc.lifetimes.push(30);
    const endpoint = await startOidcEndpoint(oidc, AUDIENCE);
    const ran = await run(oidc, endpoint, oidc.env);
    expect(ran.stderr).toBe("");
    expect(ran.exitCode).toBe(0);
    expect(ran.outputs.status).toBe("success");
    expect(endpoint.refused).toBe(0);
    // The first token had 30 s left: the second task fetched a new one.
    expect(oidc.minted).toHaveLength(2);
    expect(endpoint.seen).toEqual(oidc.minted);
    for (const token of oidc.minted) {
      expect(ran.stdout).toContain(`::add-mask::${token}`);
      const shown = [ran.stdout.replaceAll(`::add-mask::${token}`, ""), ran.stderr, ran.summary, ran.results];
      for (const text of [...shown, ...Object.values(ran.outputs)]) expect(text).not.toContain(token);
    }
  });

  it("without id-token: write, fails naming the permission and calls nothing", async () => {
    const oidc = await startFakeOidc();
    const endpoint = await startOidcEndpoint(oidc, AUDIENCE);
    const ran = await run(oidc, endpoint, {});
    expect(ran.exitCode).toBe(1);
    expect(ran.stdout).toContain("endpoint Api uses OIDC: add `permissions: id-token: write`");
    expect(ran.stdout).toContain("nothing was called");
    expect(oidc.minted).toEqual([]);
    expect(endpoint.seen).toEqual([]);
    expect(endpoint.refused).toBe(0);
  });
});
