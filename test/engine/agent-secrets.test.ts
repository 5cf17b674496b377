// An env value read in an agent's prompt, instructions or arguments is a secret (section 3):
// registered before any call, like one read in a header, `with` or a request.
import { describe, expect, it } from "vitest";
import { parseWorkflow } from "../../src/definition/load.js";
import type { WorkflowPlan } from "../../src/engine/plan.js";
import { prepareRun } from "../../src/engine/prepare.js";

const ENDPOINTS = `endpoints:
  Advisor: { url: "http://h/a2a", protocol: a2a }
  Writer: { url: "http://h/v1", protocol: openai-chat, model: m, instructions: "Sign as \${{ env.SIGNATURE }}" }
  Tools: { url: "http://h/mcp", protocol: mcp }
`;

function planOf(tasks: string): WorkflowPlan {
  const { plan, problems } = parseWorkflow("w.yml", `id: W\n${ENDPOINTS}tasks:\n${tasks}`);
  if (!plan) throw new Error(JSON.stringify(problems));
  return plan;
}

/** The secrets a run of the plan registers before its first call. */
function secretsOf(plan: WorkflowPlan, env: Record<string, string>): string[] {
  const prepared = prepareRun(plan, {
    runId: "run-42",
    trigger: "cli",
    startedAt: new Date("2024-06-01T06:00:00Z"),
    env,
    github: { actor: "octocat" },
    params: [],
  });
  if (!prepared.ok) throw new Error(prepared.errors.join("\n"));
  return [...prepared.run.secrets].sort();
}

const ENV = {
  PROMPT_KEY: "prompt-secret",
  ARG_TOKEN: "argument-secret",
  TONE: "instructions-secret",
  SIGNATURE: "endpoint-secret",
  GITHUB_REPOSITORY: "octo/census",
  PLAIN: "never-read",
};

describe("agent fields that read env", () => {
  it("make a prompt's env value a secret", () => {
    const plan = planOf(
      '  - { name: A, agent: Advisor, action: a, prompt: "Use key ${{ env.PROMPT_KEY }}" }\n',
    );
    expect(secretsOf(plan, ENV)).toEqual(["prompt-secret"]);
  });

  it("make an env value read deep in arguments a secret", () => {
    const plan = planOf(
      '  - { name: A, agent: Tools, action: a, arguments: { auth: { tokens: ["${{ env.ARG_TOKEN }}"] } } }\n',
    );
    expect(secretsOf(plan, ENV)).toEqual(["argument-secret"]);
  });

  it("make the env values of a task's and of its endpoint's instructions secrets", () => {
    const tasks = `  - { name: A, agent: Writer, action: a, instructions: "Tone: \${{ env.TONE }}" }
  - { name: B, agent: Writer, action: b }
`;
    expect(secretsOf(planOf(tasks), ENV)).toEqual(["endpoint-secret", "instructions-secret"]);
  });

  it("never make GitHub's own variables, run or params secrets", () => {
    const tasks =
      '  - { name: A, agent: Advisor, action: a, with: { p: x }, prompt: "${{ env.GITHUB_REPOSITORY }} ${{ run.id }} ${{ params.p }}" }\n';
    expect(secretsOf(planOf(tasks), ENV)).toEqual([]);
  });

  it("make every env value a secret when a prompt reads env as a whole", () => {
    const plan = planOf('  - { name: A, agent: Advisor, action: a, prompt: "${{ toJSON(env) }}" }\n');
    expect(secretsOf(plan, ENV)).toEqual([
      "argument-secret",
      "endpoint-secret",
      "instructions-secret",
      "never-read",
      "prompt-secret",
    ]);
  });
});
