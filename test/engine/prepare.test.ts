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

  it("produced by an expression are secrets, whatever their name, and so are the env values they read", () => {
    const plan = planWith(
      '{ X-Trace: "trace-${{ run.id }}", X-Who: "${{ github.actor }}", X-Env: "v=${{ env.PLAIN }}" }',
    );
    const prepared = prepare(plan, { PLAIN: "not-so-plain" });
    expect(prepared.ok && [...prepared.run.secrets].sort()).toEqual(
      ["not-so-plain", "octocat", "trace-run-42", "v=not-so-plain"].sort(),
    );
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
    });
  });

  it("with an env variable set to empty fail too: GitHub gives a missing secret as an empty string", () => {
    const prepared = prepare(planWith('{ Authorization: "Bearer ${{ env.RESPONSE_TOKEN }}" }'), {
      RESPONSE_TOKEN: "",
    });
    expect(prepared).toEqual({
      ok: false,
      errors: ["endpoint S, header Authorization: the environment variable RESPONSE_TOKEN is empty"],
    });
  });

  it("whose value HTTP cannot carry fail before any call, without showing the value", () => {
    const prepared = prepare(planWith('{ X-Key: "${{ env.K }}" }'), { K: "s3cr3t✓" });
    expect(prepared).toEqual({
      ok: false,
      errors: [
        "endpoint S, header X-Key: the value holds a character beyond the Latin-1 that HTTP headers carry",
      ],
    });
  });

  it("whose value from env holds CR or LF fail: no header injection through env", () => {
    const prepared = prepare(planWith('{ X-Key: "${{ env.K }}" }'), { K: "abc\r\nX-Admin: 1" });
    expect(prepared).toEqual({
      ok: false,
      errors: ["endpoint S, header X-Key: the value holds CR, LF or NUL"],
    });
  });
});
