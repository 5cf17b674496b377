// The seed's workflow, unchanged, against agents of each protocol built with the protocols'
// own SDKs (A2A, MCP) or following the documented wire format (OpenAI-compatible chat).
import { afterEach, describe, expect, it } from "vitest";
import { type A2aAgent, startA2aAgent } from "../helpers/a2a-agent.js";
import { CENSUS, type CensusServices, startCensusServices } from "../helpers/census.js";
import { type ChatServer, startChatServer } from "../helpers/chat-server.js";
import { type McpTestServer, startMcpServer } from "../helpers/mcp-server.js";
import { runDefinition } from "../helpers/run-definition.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function census(): Promise<CensusServices> {
  const services = await startCensusServices({ gate: "approve" });
  closers.push(() => services.close());
  return services;
}

const SUGGESTION = { lowCoverage: ["north"], suggestions: [{ region: "north", action: "more outreach" }] };

describe("the seed workflow against an agent of each protocol", () => {
  it("a2a: the agent gets the envelope as a data part; its artifact is AnalyzeData's outputs", async () => {
    const services = await census();
    const agent: A2aAgent = await startA2aAgent({
      answer: () => SUGGESTION,
      usage: { input_tokens: 120, output_tokens: 45 },
    });
    closers.push(() => agent.close());
    const result = await runDefinition(CENSUS, {
      endpoints: { ...services.endpoints, CensusCoverageAdvisor: { url: agent.url, protocol: "a2a" } },
      params: { threshold: 120 },
    });
    expect(result.status).toBe("success");
    const analyze = result.tasks.find((t) => t.name === "AnalyzeData");
    expect(analyze?.outputs).toEqual(SUGGESTION);
    expect(analyze?.usage).toEqual({ input: 120, output: 45 });
    expect(result.usage).toEqual({ input: 120, output: 45 });
    const received = agent.received[0]?.data as { task: string; params: unknown; input: unknown };
    expect(received.task).toBe("AnalyzeData");
    expect(received.params).toMatchObject({ threshold: 120 });
    expect(received.input).toEqual(result.tasks[0]?.outputs);
    const governance = services.calls.find((c) => c.path.endsWith("/enforce"));
    expect(governance?.body.input).toEqual(SUGGESTION);
  });

  it("mcp: the tool gets the params as arguments; its structured content is the outputs", async () => {
    const services = await census();
    const server: McpTestServer = await startMcpServer({
      tools: {
        analyze_and_suggest: () => ({
          structuredContent: SUGGESTION,
          _meta: { usage: { input_tokens: 3, output_tokens: 4 } },
        }),
      },
    });
    closers.push(() => server.close());
    const result = await runDefinition(CENSUS, {
      endpoints: { ...services.endpoints, CensusCoverageAdvisor: { url: server.url, protocol: "mcp" } },
      params: { threshold: 120 },
    });
    expect(result.tasks.map((t) => [t.name, t.status, t.error])).toEqual([
      ["CollectResponses", "success", null],
      ["AnalyzeData", "success", null],
      ["GovernanceReview", "success", null],
      ["UpdatePolicy", "success", null],
      ["RefreshDashboard", "success", null],
    ]);
    expect(server.toolCalls).toEqual([
      { name: "analyze_and_suggest", arguments: { threshold: 120 }, sessionId: expect.any(String) },
    ]);
    expect(result.tasks[1]?.usage).toEqual({ input: 3, output: 4 });
    expect(server.openSessions()).toBe(0);
    const rpc = server.requests.filter((r) => r.method === "POST").map((r) => r.rpc);
    expect(rpc).toEqual(["initialize", "notifications/initialized", "tools/call"]);
  });

  it("openai-chat: model, messages and the parsed content", async () => {
    const services = await census();
    const chat: ChatServer = await startChatServer([{ content: JSON.stringify(SUGGESTION) }]);
    closers.push(() => chat.close());
    const result = await runDefinition(CENSUS, {
      endpoints: {
        ...services.endpoints,
        CensusCoverageAdvisor: {
          url: chat.url,
          protocol: "openai-chat",
          model: "gpt-test",
          instructions: "Be brief.",
        },
      },
    });
    expect(result.status).toBe("success");
    expect(result.tasks[1]?.outputs).toEqual(SUGGESTION);
    expect(result.tasks[1]?.usage).toEqual({ input: 11, output: 7 });
    const body = chat.requests[0]?.body;
    expect(body.model).toBe("gpt-test");
    expect(body.messages[0]).toEqual({ role: "system", content: "Be brief." });
    expect(JSON.parse(body.messages[1].content).task).toBe("AnalyzeData");
  });
});
