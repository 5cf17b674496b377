// The seed's workflow, unchanged, through the bundled action against agents of each
// protocol: only the endpoints file changes. The agents are built with the protocols' own
// SDKs (the example A2A advisor, an MCP server) or follow OpenAI's documented wire format.
import type { ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { startA2aAgent } from "../helpers/a2a-agent.js";
import { CENSUS, type CensusServices, startCensusServices } from "../helpers/census.js";
import { startChatServer } from "../helpers/chat-server.js";
import { startMcpServer } from "../helpers/mcp-server.js";
import { type ActionRun, runAction } from "../helpers/run-action.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function census(): Promise<CensusServices & { advisor: { url: string }; advisorMessages: unknown[] }> {
  const services = (await startCensusServices({ gate: "approve" })) as CensusServices & {
    advisor: { url: string };
    advisorMessages: unknown[];
  };
  closers.push(() => services.close());
  return services;
}

/** The endpoints file: the census services, with the advisor replaced by `advisor`. */
function endpointsFile(services: CensusServices, advisor: string): string {
  const others = Object.entries(services.endpoints)
    .filter(([name]) => name !== "CensusCoverageAdvisor")
    .map(([name, e]) => `  ${name}: { url: "${e.url}" }`);
  return `endpoints:\n${others.join("\n")}\n  CensusCoverageAdvisor:\n${advisor}\n`;
}

async function runSeed(endpoints: string, env: Record<string, string> = {}) {
  const run = await runAction({
    event: { name: "workflow_dispatch", payload: {} },
    inputs: { workflow: "workflows/census_workflow.json", params: '{"date":"2024-06-01","threshold":120}' },
    files: { "workflows/census_workflow.json": CENSUS, "workflows/endpoints.yml": endpoints },
    env,
  });
  const results = JSON.parse(await readFile(run.outputs["results-file"] as string, "utf8"));
  return { run, results, tasks: results.runs[0].tasks as Array<Record<string, unknown>> };
}

function expectHandedOn(services: CensusServices, analyze: Record<string, unknown>) {
  expect(analyze.status).toBe("success");
  const governance = services.calls.find((c) => c.path.endsWith("/enforce"));
  expect(governance?.body.input).toEqual(analyze.outputs);
}

describe("the seed workflow against agents, through dist/index.js", () => {
  it("a2a: the example advisor (@a2a-js/sdk) gets the envelope; its answer goes on to GovernanceReview", async () => {
    const services = await census();
    const { run, tasks } = await runSeed(
      endpointsFile(services, `    url: "${services.advisor.url}"\n    protocol: a2a`),
    );
    expect(run.outputs.status).toBe("success");
    const [collect, analyze] = tasks as [Record<string, unknown>, Record<string, unknown>];
    const received = services.advisorMessages[0] as Record<string, unknown>;
    expect(received).toMatchObject({
      workflow: "CensusDailyUpdate",
      task: "AnalyzeData",
      action: "analyze_and_suggest",
    });
    expect(received.params).toMatchObject({ date: "2024-06-01", threshold: 120 });
    expect(received.input).toEqual(collect.outputs);
    expect((analyze.outputs as { lowCoverage: string[] }).lowCoverage.length).toBeGreaterThan(0);
    expectHandedOn(services, analyze);
    expect(run.summary).toContain("AnalyzeData");
  });

  it("mcp: a tool of an MCP server (@modelcontextprotocol/sdk) answers AnalyzeData", async () => {
    const services = await census();
    const suggestion = {
      lowCoverage: ["north"],
      suggestions: [{ region: "north", action: "more outreach" }],
    };
    const server = await startMcpServer({
      tools: { analyze_and_suggest: () => ({ structuredContent: suggestion }) },
    });
    closers.push(() => server.close());
    const { run, tasks } = await runSeed(
      endpointsFile(services, `    url: "${server.url}"\n    protocol: mcp`),
    );
    expect(run.outputs.status).toBe("success");
    expect(server.toolCalls.map((c) => c.arguments)).toEqual([{ date: "2024-06-01", threshold: 120 }]);
    expect(tasks[1]?.outputs).toEqual(suggestion);
    expectHandedOn(services, tasks[1] as Record<string, unknown>);
  });

  it("openai-chat: the parsed content and the tokens, per task and in all, in the summary", async () => {
    const services = await census();
    const suggestion = { lowCoverage: [], suggestions: [] };
    const chat = await startChatServer([
      { content: JSON.stringify(suggestion), usage: { prompt_tokens: 1234, completion_tokens: 56 } },
    ]);
    closers.push(() => chat.close());
    const { run, tasks, results } = await runSeed(
      endpointsFile(services, `    url: "${chat.url}"\n    protocol: openai-chat\n    model: gpt-test`),
    );
    expect(run.outputs.status).toBe("success");
    expect(tasks[1]?.outputs).toEqual(suggestion);
    expect(tasks[1]?.usage).toEqual({ input: 1234, output: 56 });
    expect(results.runs[0].usage).toEqual({ input: 1234, output: 56 });
    expect(run.summary).toContain("1,234 in · 56 out");
    expectHandedOn(services, tasks[1] as Record<string, unknown>);
  });
});

describe("an agent call keeps the call contract's guarantees", () => {
  it("SIGINT while an A2A agent hangs: cancelled within 3 s; the API key appears only in the request", async () => {
    const agent = await startA2aAgent({ behaviour: "hang" });
    closers.push(() => agent.close());
    const canary = "agent-key-canary-5d1e";
    let signalledAt = 0;
    const workflow = `id: AskAgent
endpoints:
  Advisor:
    url: "${agent.url}"
    protocol: a2a
    headers: { Authorization: "Bearer \${{ env.AGENT_KEY }}" }
tasks:
  - { name: Ask, agent: Advisor, action: analyze, timeout: 1h }
  - { name: After, agent: Advisor, action: analyze }
`;
    const waitForMessage = async (child: ChildProcess) => {
      while (!agent.requests.some((r) => r.method === "POST")) await new Promise((r) => setTimeout(r, 20));
      signalledAt = Date.now();
      child.kill("SIGINT");
    };
    const run: ActionRun = await runAction({
      event: { name: "workflow_dispatch", payload: {} },
      inputs: { workflow: "flow.yml", "junit-file": "junit.xml" },
      files: { "flow.yml": workflow },
      env: { AGENT_KEY: canary },
      onSpawn: (child) => void waitForMessage(child),
    });
    expect(signalledAt).toBeGreaterThan(0);
    expect(Date.now() - signalledAt).toBeLessThan(3000);
    expect(run.outputs.status).toBe("cancelled");
    const results = await readFile(run.outputs["results-file"] as string, "utf8");
    expect(JSON.parse(results).runs[0].tasks.map((t: { status: string }) => t.status)).toEqual([
      "cancelled",
      "skipped",
    ]);
    const junit = await readFile(`${run.workspace}/junit.xml`, "utf8");
    const logs = run.stdout.split("\n").filter((line) => !line.startsWith("::add-mask::"));
    for (const text of [
      run.summary,
      JSON.stringify(run.outputs),
      results,
      junit,
      logs.join("\n"),
      run.stderr,
    ]) {
      expect(text).not.toContain(canary);
    }
    // It went where it belongs: to the agent, with the call.
    const sent = agent.requests.find((r) => r.method === "POST");
    expect(sent?.headers.authorization).toBe(`Bearer ${canary}`);
  });
});
