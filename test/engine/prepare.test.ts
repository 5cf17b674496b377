import { describe, expect, it } from "vitest";
import { parseWorkflow } from "../../src/definition/load.js";
import type { WorkflowPlan } from "../../src/engine/plan.js";
import { prepareRun } from "../../src/engine/prepare.js";

/** A plan with one endpoint `S` whose headers are the given YAML flow map. */
function planWith(headers: string): WorkflowPlan {
  const text = `id: W\nendpoints:\n  S: { url: "http://h/api", headers: ${headers} }\ntasks:\n  - { name: A, service: S, action: a }\n`;
  const { plan, problems } = parseWorkflow("w.yml", text);
  if (!plan) throw new Error(JSON.stringify(problems));
  return plan;
}

function prepare(plan: WorkflowPlan, env: Record<string, string | undefined>) {
  return prepareRun(plan, {
    runId: "run-42",
    trigger: "cli",
    startedAt: new Date("2024-06-01T06:00:00Z"),
    env,
    github: { actor: "octocat" },
    params: [],
  });
}

describe("endpoint headers", () => {
  it("are evaluated once, before any call", () => {
    const prepared = prepare(
      planWith('{ Authorization: "Bearer ${{ env.TOKEN }}", X-Run: "${{ run.id }}" }'),
      {
        TOKEN: "s3cr3t-value",
      },
    );
    expect(prepared.ok && prepared.run.headers).toEqual({
      S: { Authorization: "Bearer s3cr3t-value", "X-Run": "run-42" },
    });
  });

  it("that read env are secrets, and so are the env values they read; run and event data never are", () => {
    const plan = planWith(
      '{ X-Trace: "trace-${{ run.id }}", X-Who: "${{ github.actor }}", X-Env: "v=${{ env.PLAIN }}", X-Sha: "${{ env.GITHUB_SHA }}" }',
    );
    const prepared = prepare(plan, { PLAIN: "not-so-plain", GITHUB_SHA: "0123456789abcdef" });
    expect(prepared.ok && [...prepared.run.secrets].sort()).toEqual(["not-so-plain", "v=not-so-plain"]);
  });

  it("keep no value under 4 characters: masking it would blank ordinary words", () => {
    const prepared = prepare(planWith('{ Authorization: "${{ env.SHORT }}" }'), { SHORT: "abc" });
    expect(prepared.ok && prepared.run.secrets).toEqual([]);
  });

  it("every env value is a secret when an expression reads env as a whole", () => {
    const text =
      "id: W\nendpoints: { S: { url: http://h/api } }\ntasks:\n  - { name: A, service: S, action: a, with: { all: '${{ toJSON(env) }}' } }\n";
    const plan = parseWorkflow("w.yml", text).plan as WorkflowPlan;
    const prepared = prepare(plan, { ONE: "first-value", TWO: "second-value", CI: "true" });
    expect(prepared.ok && prepared.run.secrets).toEqual(
      expect.arrayContaining(["first-value", "second-value"]),
    );
    expect(prepared.ok && prepared.run.secrets).not.toContain("true");
  });

  it("never see the runner's internals in env", () => {
    const plan = planWith('{ X-All: "${{ toJSON(env) }}" }');
    const prepared = prepare(plan, {
      ACTIONS_RUNTIME_TOKEN: "runtime-token",
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "oidc",
    });
    expect(prepared.ok && prepared.run.headers.S).toEqual({ "X-All": "{}" });
  });

  it.each([
    "Authorization",
    "authorization",
    "Proxy-Authorization",
    "Cookie",
    "X-Api-Key",
    "APIKEY",
    "X-Auth-Token",
    "Client-Secret",
    "X-Password",
  ])("named %s are secrets even when written literally", (name) => {
    const prepared = prepare(planWith(`{ ${name}: literal-value, X-Tenant: census }`), {});
    expect(prepared.ok && prepared.run.secrets).toEqual(["literal-value"]);
  });

  it("with an unset env variable fail before any call, naming it", () => {
    const prepared = prepare(planWith('{ Authorization: "Bearer ${{ env.RESPONSE_TOKEN }}" }'), {
      OTHER: "x",
    });
    expect(prepared).toEqual({
      ok: false,
      errors: ["endpoint S, header Authorization: the environment variable RESPONSE_TOKEN is not set"],
      secrets: [],
    });
  });

  it("with an env variable set to empty fail too: GitHub gives a missing secret as an empty string", () => {
    const prepared = prepare(planWith('{ Authorization: "Bearer ${{ env.RESPONSE_TOKEN }}" }'), {
      RESPONSE_TOKEN: "",
    });
    expect(prepared).toEqual({
      ok: false,
      errors: ["endpoint S, header Authorization: the environment variable RESPONSE_TOKEN is empty"],
      secrets: [],
    });
  });

  it("whose value HTTP cannot carry fail before any call, without showing the value", () => {
    const prepared = prepare(planWith('{ X-Key: "${{ env.K }}" }'), { K: "s3cr3t✓" });
    expect(prepared).toEqual({
      ok: false,
      errors: [
        "endpoint S, header X-Key: the value holds a character beyond the Latin-1 that HTTP headers carry",
      ],
      // Given with the errors, so that they can be masked before anything is printed.
      secrets: ["s3cr3t✓"],
    });
  });

  it("whose value from env holds CR or LF fail: no header injection through env", () => {
    const prepared = prepare(planWith('{ X-Key: "${{ env.K }}" }'), { K: "abc\r\nX-Admin: 1" });
    expect(prepared).toEqual({
      ok: false,
      errors: ["endpoint S, header X-Key: the value holds CR, LF or NUL"],
      secrets: ["abc\r\nX-Admin: 1"],
    });
  });
});

describe("secrets in a request", () => {
  it("are the env values its path, query, body and headers read", () => {
    const text = [
      "id: W",
      "endpoints: { S: { url: http://h/api } }",
      "tasks:",
      "  - name: A",
      "    service: S",
      "    request:",
      "      method: PUT",
      "      path: 'items/${{ env.ITEM_KEY }}'",
      "      query: { sig: '${{ env.QUERY_SIG }}' }",
      "      headers: { X-Tenant: '${{ env.TENANT_TOKEN }}' }",
      "      body: { password: '${{ env.BODY_PASSWORD }}', public: '${{ env.GITHUB_SHA }}' }",
    ].join("\n");
    const plan = parseWorkflow("w.yml", text).plan as WorkflowPlan;
    const prepared = prepare(plan, {
      ITEM_KEY: "item-key-1",
      QUERY_SIG: "query-sig-2",
      TENANT_TOKEN: "tenant-3",
      BODY_PASSWORD: "body-pass-4",
      GITHUB_SHA: "0123456789",
    });
    expect(prepared.ok && [...prepared.run.secrets].sort()).toEqual([
      "body-pass-4",
      "item-key-1",
      "query-sig-2",
      "tenant-3",
    ]);
  });
});
