// OIDC on agents of each protocol: an endpoint with `auth: { oidc: { audience } }` sends
// `Authorization: Bearer <token>` on every request of every attempt to its own origin, whatever
// it speaks (A2A: card, message and polls; OpenAI chat; MCP: initialize, the tool call and the
// session's DELETE), never to another origin (an A2A card elsewhere). Tokens come from a fake of
// GitHub's token service and are verified against its key; without a token source an agent task
// fails saying so and calls nothing; a token never shows in the results, outputs or summary.
import { jwtVerify } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { EndpointMap } from "../../src/definition/schema.js";
import type { RunResult, TaskResult } from "../../src/engine/result.js";
import type { OidcToken } from "../../src/engine/run-deps.js";
import { NO_OIDC_TOKEN, oidcTokenProvider } from "../../src/pipeline/oidc-token.js";
import { runPipeline } from "../../src/pipeline/pipeline.js";
import { buildResults, resultsOutput } from "../../src/report/results.js";
import { renderSummary } from "../../src/report/summary.js";
import { traceIdOf } from "../../src/tracing/trace-context.js";
import { type A2aAgent, startA2aAgent } from "../helpers/a2a-agent.js";
import { type ChatServer, startChatServer } from "../helpers/chat-server.js";
import { type FakeOidc, startFakeOidc } from "../helpers/fake-oidc.js";
import { type FaultServer, startFaultServer } from "../helpers/fault-server.js";
import { type McpTestServer, startMcpServer } from "../helpers/mcp-server.js";
import { definitionFile, instantClock } from "../helpers/run-definition.js";
import { TRACEPARENT } from "../helpers/traceparent.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(closers.splice(0).map((close) => close()));
});

function closing<T extends { close(): Promise<void> }>(server: T): T {
  closers.push(() => server.close());
  return server;
}

const AUDIENCE = "https://agents.example.test";
const ISSUER = "https://token.actions.githubusercontent.com";
const REPOSITORY = "hms/census";

type Headers = Record<string, string | string[] | undefined>;

/**
 * Tokens from the fake token service over its wire format (GET with the runner's request token
 * and `audience`), cached per audience by the provider the run uses. The real getIDToken path
 * is the e2e tests' (test/e2e/oidc.test.ts): here the agents' side is under test.
 */
function tokenService(oidc: FakeOidc): OidcToken {
  return oidcTokenProvider(async (audience) => {
    const url = new URL(oidc.env.ACTIONS_ID_TOKEN_REQUEST_URL);
    url.searchParams.set("audience", audience);
    const answer = await fetch(url, {
      headers: { authorization: `Bearer ${oidc.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
    });
    if (!answer.ok) return { ok: false, error: `no OIDC token: the token service answered ${answer.status}` };
    return { ok: true, token: ((await answer.json()) as { value: string }).value };
  });
}

/** One task on `endpoint`. */
function workflow(kind: "agent" | "service", endpoint: string, action = "analyze_and_suggest"): string {
  return `id: Oidc
params: { region: west }
tasks:
  - name: Ask
    ${kind}: ${endpoint}
    action: ${action}
    retry: { attempts: 3, backoff: 10ms }
`;
}

interface OidcRun {
  run: RunResult;
  /** The task named Ask. */
  task: TaskResult;
  secrets: string[];
  /** Everything the run leaves for people and later steps: the results file, the output, the summary. */
  shown: string[];
}

async function runOidc(
  text: string,
  endpoints: EndpointMap,
  oidcToken: OidcToken | undefined,
  env: Record<string, string> = {},
): Promise<OidcRun> {
  const outcome = await runPipeline({
    target: await definitionFile(text),
    endpoints,
    event: { name: "cli", payload: {} },
    dryRun: false,
    runId: "run-1",
    trigger: "cli",
    env,
    github: { repository: REPOSITORY },
    params: {},
    clock: instantClock(),
    ...(oidcToken ? { oidcToken } : {}),
  });
  if (outcome.stage !== "ran")
    throw new Error(`the pipeline stopped at ${outcome.stage}: ${JSON.stringify(outcome)}`);
  const [run] = outcome.runs as [RunResult];
  const task = run.tasks.find((t) => t.name === "Ask") as TaskResult;
  const document = buildResults(outcome.runs, outcome.secrets);
  const shown = [
    JSON.stringify(document),
    resultsOutput(document),
    renderSummary(outcome.runs, { secrets: outcome.secrets }),
  ];
  return { run, task, secrets: outcome.secrets, shown };
}

/**
 * Every request's bearer token, each checked: present, signed by the fake's key, for `audience`,
 * one the fake minted. Returns them in order.
 */
async function verifiedBearers(oidc: FakeOidc, all: readonly { headers: Headers }[], audience = AUDIENCE) {
  expect(all.length).toBeGreaterThan(0);
  const tokens: string[] = [];
  for (const { headers } of all) {
    const token = /^Bearer (.+)$/.exec(String(headers.authorization ?? ""))?.[1];
    expect(token, "a request without Authorization: Bearer").toBeDefined();
    const { payload } = await jwtVerify(token as string, oidc.publicKey, { audience, issuer: ISSUER });
    expect(payload.aud).toBe(audience);
    expect(oidc.minted).toContain(token);
    tokens.push(token as string);
  }
  return tokens;
}

/** A minted token was told as a secret, and shows nowhere the run leaves text. */
function expectNeverShown(ran: OidcRun, oidc: FakeOidc) {
  expect(oidc.minted.length).toBeGreaterThan(0);
  for (const token of oidc.minted) {
    expect(ran.secrets).toContain(token);
    for (const text of ran.shown) expect(text).not.toContain(token);
  }
}

const oidcAuth = (audience = AUDIENCE) => ({ oidc: { audience } });

/** The span id a request's W3C traceparent names as its parent, or undefined without one. */
const parentSpan = (headers: Headers) => TRACEPARENT.exec(String(headers.traceparent ?? ""))?.[2];

describe("auth.oidc on an A2A agent", () => {
  it("the card, the message and each poll carry a token for the audience", async () => {
    const oidc = await startFakeOidc();
    const agent: A2aAgent = closing(await startA2aAgent({ behaviour: "working", workingPolls: 1 }));
    const ran = await runOidc(
      workflow("agent", "Advisor"),
      { Advisor: { url: agent.url, protocol: "a2a", auth: oidcAuth() } },
      tokenService(oidc),
    );
    expect(ran.task.error).toBeNull();
    expect(ran.task.status).toBe("success");
    expect(ran.task.polls).toBeGreaterThan(0);
    // The card from the agent's origin, SendMessage, then GetTask until done.
    expect(agent.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /.well-known/agent-card.json",
      "POST /agent",
      ...Array.from({ length: ran.task.polls }, () => "POST /agent"),
    ]);
    const tokens = await verifiedBearers(oidc, agent.requests);
    // One token, cached for the run: it has minutes left.
    expect(new Set(tokens)).toEqual(new Set(oidc.minted));
    expect(oidc.minted).toHaveLength(1);
    // The same requests are traced, in the run's trace.
    const traceId = traceIdOf(REPOSITORY, "run-1");
    for (const { headers } of agent.requests) expect(headers.traceparent).toMatch(`00-${traceId}-`);
    expectNeverShown(ran, oidc);
  });

  it("the card's read and the polls after the first name the task's span; the rest spans of their own", async () => {
    const oidc = await startFakeOidc();
    const agent = closing(await startA2aAgent({ behaviour: "working", workingPolls: 3 }));
    const ran = await runOidc(
      workflow("agent", "Advisor"),
      { Advisor: { url: agent.url, protocol: "a2a", auth: oidcAuth() } },
      tokenService(oidc),
    );
    expect(ran.task.status).toBe("success");
    expect(ran.task.polls).toBeGreaterThanOrEqual(3);
    const taskSpan = ran.task.spanId as string;
    expect(taskSpan).toMatch(/^[0-9a-f]{16}$/);
    const [card, message, firstPoll, ...laterPolls] = agent.requests;
    expect(`${card?.method} ${card?.path}`).toBe("GET /.well-known/agent-card.json");
    expect(laterPolls).toHaveLength(ran.task.polls - 1);
    // The card: the task's span, and no call of the task's records it.
    expect(parentSpan(card?.headers ?? {})).toBe(taskSpan);
    const recorded = ran.task.calls.map((c) => c.spanId);
    expect(recorded).not.toContain(taskSpan);
    // SendMessage and the first poll: spans of their own, recorded; the later polls: the task's.
    expect(recorded.slice(0, 2)).toEqual([
      parentSpan(message?.headers ?? {}),
      parentSpan(firstPoll?.headers ?? {}),
    ]);
    expect(new Set([...recorded.slice(0, 2), taskSpan]).size).toBe(3);
    for (const poll of laterPolls) expect(parentSpan(poll.headers)).toBe(taskSpan);
    // The last poll's record is kept, without a span of its own.
    expect(ran.task.calls).toHaveLength(3);
    expect(ran.task.calls[2]?.spanId).toBeUndefined();
    await verifiedBearers(oidc, agent.requests);
    expectNeverShown(ran, oidc);
  });

  it("a card on another origin gets no token; the agent's own origin does", async () => {
    const oidc = await startFakeOidc();
    const agent = closing(await startA2aAgent());
    // The agent's own card, served from elsewhere.
    const origin = new URL(agent.url).origin;
    const card = await (
      await fetch(`${origin}/.well-known/agent-card.json`, { headers: { "A2A-Version": "1.0" } })
    ).json();
    const before = agent.requests.length;
    const cards: FaultServer = closing(await startFaultServer());
    cards.reply({ json: card });
    const ran = await runOidc(
      workflow("agent", "Advisor"),
      { Advisor: { url: agent.url, protocol: "a2a", card: cards.url("/card.json"), auth: oidcAuth() } },
      tokenService(oidc),
    );
    expect(ran.task.error).toBeNull();
    expect(ran.task.status).toBe("success");
    expect(cards.requests.map((r) => r.path)).toEqual(["/card.json"]);
    expect(cards.requests[0]?.headers.authorization).toBeUndefined();
    // Traced all the same, under the task's span: the card's read is not among its calls.
    expect(ran.task.spanId).toBeDefined();
    expect(parentSpan(cards.requests[0]?.headers ?? {})).toBe(ran.task.spanId);
    const called = agent.requests.slice(before);
    expect(called.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /agent"]);
    await verifiedBearers(oidc, called);
    expectNeverShown(ran, oidc);
  });
});

describe("auth.oidc on an OpenAI-compatible chat endpoint", () => {
  it("each attempt, the retried one too, carries a token for the audience", async () => {
    const oidc = await startFakeOidc();
    const chat: ChatServer = closing(
      await startChatServer([
        { status: 503, message: "overloaded", headers: { "Retry-After": "0" } },
        { content: JSON.stringify({ ok: true }) },
      ]),
    );
    const ran = await runOidc(
      workflow("agent", "Chat"),
      { Chat: { url: chat.url, protocol: "openai-chat", model: "gpt-test", auth: oidcAuth() } },
      tokenService(oidc),
    );
    expect(ran.task.error).toBeNull();
    expect(ran.task.status).toBe("success");
    expect(ran.task.outputs).toEqual({ ok: true });
    expect(ran.task.calls.map((c) => c.httpStatus)).toEqual([503, 200]);
    expect(chat.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /v1/chat/completions",
      "POST /v1/chat/completions",
    ]);
    await verifiedBearers(oidc, chat.requests);
    expectNeverShown(ran, oidc);
  });

  it("a token the endpoint echoes in its refusal is masked in the task's error", async () => {
    const oidc = await startFakeOidc();
    // An OpenAI-shaped 401 that quotes the Authorization header it got.
    const echo = closing(await startFaultServer());
    echo.handle((request) => ({
      status: 401,
      json: {
        error: {
          message: `token ${String(request.headers.authorization)} is not allowed here`,
          type: "invalid_request_error",
          param: null,
          code: "invalid_api_key",
        },
      },
    }));
    const ran = await runOidc(
      workflow("agent", "Chat"),
      { Chat: { url: echo.url("/v1"), protocol: "openai-chat", model: "gpt-test", auth: oidcAuth() } },
      tokenService(oidc),
    );
    expect(ran.task.status).toBe("failure");
    expect(ran.task.error).toContain("401");
    expect(ran.task.error).toContain("***");
    await verifiedBearers(oidc, echo.requests);
    for (const token of oidc.minted) expect(ran.task.error).not.toContain(token);
    expectNeverShown(ran, oidc);
  });
});

describe("auth.oidc on an MCP server", () => {
  it("every request of every attempt (initialize, tools/call, the session's DELETE) carries a token", async () => {
    const oidc = await startFakeOidc();
    // The first tools/call is refused with a 503: a second attempt, with a session of its own.
    const server: McpTestServer = closing(await startMcpServer({ failToolCalls: { status: 503, times: 1 } }));
    const ran = await runOidc(
      workflow("agent", "Tools"),
      { Tools: { url: server.url, protocol: "mcp", auth: oidcAuth() } },
      tokenService(oidc),
    );
    expect(ran.task.error).toBeNull();
    expect(ran.task.status).toBe("success");
    expect(ran.task.attempts).toBe(2);
    const exchange = server.requests.map((r) => [r.method, r.rpc]);
    const session = [
      ["POST", "initialize"],
      ["POST", "notifications/initialized"],
      ["POST", "tools/call"],
      ["DELETE", null],
    ];
    expect(exchange).toEqual([...session, ...session]);
    await verifiedBearers(oidc, server.requests);
    // Each attempt is one span: all the requests of an attempt send its traceparent.
    const parents = server.requests.map((r) => String(r.headers.traceparent));
    expect(new Set(parents.slice(0, 4)).size).toBe(1);
    expect(new Set(parents.slice(4)).size).toBe(1);
    expect(parents[0]).not.toBe(parents[4]);
    expect(server.openSessions()).toBe(0);
    expectNeverShown(ran, oidc);
  });
});

describe("auth.oidc: each endpoint its own audience", () => {
  it("in one run, the A2A agent, the chat endpoint and the MCP server each get a token for theirs alone", async () => {
    const oidc = await startFakeOidc();
    const agent = closing(await startA2aAgent());
    const chat = closing(await startChatServer([{ content: JSON.stringify({ ok: true }) }]));
    const mcp = closing(await startMcpServer());
    const audiences = {
      a2a: "https://a2a.example.test",
      chat: "https://chat.example.test",
      mcp: "https://mcp.example.test",
    };
    const text = `id: Oidc
params: { region: west }
tasks:
  - { name: Ask, agent: Advisor, action: analyze }
  - { name: Chat, agent: Chat, action: analyze }
  - { name: Tool, agent: Tools, action: analyze_and_suggest }
`;
    const ran = await runOidc(
      text,
      {
        Advisor: { url: agent.url, protocol: "a2a", auth: oidcAuth(audiences.a2a) },
        Chat: { url: chat.url, protocol: "openai-chat", model: "gpt-test", auth: oidcAuth(audiences.chat) },
        Tools: { url: mcp.url, protocol: "mcp", auth: oidcAuth(audiences.mcp) },
      },
      tokenService(oidc),
    );
    expect(ran.run.tasks.map((t) => [t.name, t.status, t.error])).toEqual([
      ["Ask", "success", null],
      ["Chat", "success", null],
      ["Tool", "success", null],
    ]);
    const a2a = await verifiedBearers(oidc, agent.requests, audiences.a2a);
    const chats = await verifiedBearers(oidc, chat.requests, audiences.chat);
    const tools = await verifiedBearers(oidc, mcp.requests, audiences.mcp);
    expect(oidc.minted).toHaveLength(3);
    expect(new Set([...a2a, ...chats, ...tools])).toEqual(new Set(oidc.minted));
    // A token for one audience is refused by another.
    await expect(jwtVerify(a2a[0] as string, oidc.publicKey, { audience: audiences.chat })).rejects.toThrow();
    expectNeverShown(ran, oidc);
  });
});

describe("auth.oidc without a token source", () => {
  const servers = {
    a2a: async () => {
      const agent = closing(await startA2aAgent());
      return { endpoint: { url: agent.url, protocol: "a2a" as const }, requests: () => agent.requests };
    },
    "openai-chat": async () => {
      const chat = closing(await startChatServer([{ content: "{}" }]));
      return {
        endpoint: { url: chat.url, protocol: "openai-chat" as const, model: "gpt-test" },
        requests: () => chat.requests,
      };
    },
    mcp: async () => {
      const mcp = closing(await startMcpServer());
      return { endpoint: { url: mcp.url, protocol: "mcp" as const }, requests: () => mcp.requests };
    },
  };

  for (const [protocol, start] of Object.entries(servers)) {
    it(`${protocol}: the task fails saying "no OIDC token", and the agent is never called`, async () => {
      // Neither the runner's token service nor MGMT_OIDC_TOKEN: the default source has nothing.
      vi.stubEnv("ACTIONS_ID_TOKEN_REQUEST_URL", undefined);
      vi.stubEnv("ACTIONS_ID_TOKEN_REQUEST_TOKEN", undefined);
      vi.stubEnv("MGMT_OIDC_TOKEN", undefined);
      const server = await start();
      const ran = await runOidc(
        workflow("agent", "Agent"),
        { Agent: { ...server.endpoint, auth: oidcAuth() } },
        undefined,
      );
      expect(ran.task.status).toBe("failure");
      expect(ran.task.error).toContain("no OIDC token");
      expect(ran.task.error).toContain(NO_OIDC_TOKEN);
      // Not retried: waiting would not bring a token. (An A2A task records none of its card's
      // attempts, so it shows no call at all.)
      expect(ran.task.calls.length).toBeLessThanOrEqual(1);
      expect(ran.task.calls.every((c) => c.httpStatus === null)).toBe(true);
      expect(server.requests()).toEqual([]);
    });
  }

  it("MGMT_OIDC_TOKEN is the source outside Actions: the agent gets it", async () => {
    const oidc = await startFakeOidc();
    const got = await tokenService(oidc)(AUDIENCE);
    if (!got.ok) throw new Error(got.error);
    vi.stubEnv("ACTIONS_ID_TOKEN_REQUEST_URL", undefined);
    // In the process's environment, which the default source reads, and in the run's own.
    vi.stubEnv("MGMT_OIDC_TOKEN", got.token);
    const agent = closing(await startA2aAgent());
    const ran = await runOidc(
      workflow("agent", "Advisor"),
      { Advisor: { url: agent.url, protocol: "a2a", auth: oidcAuth() } },
      undefined,
      { MGMT_OIDC_TOKEN: got.token },
    );
    expect(ran.task.error).toBeNull();
    expect(ran.task.status).toBe("success");
    expect(await verifiedBearers(oidc, agent.requests)).toEqual(agent.requests.map(() => got.token));
    expectNeverShown(ran, oidc);
  });
});

describe("auth.oidc on a plain http service", () => {
  it("a token the service echoes in its answer is masked in the results", async () => {
    const oidc = await startFakeOidc();
    const service = closing(await startFaultServer());
    service.handle((request) => ({ json: { seen: String(request.headers.authorization) } }));
    const ran = await runOidc(
      workflow("service", "Api", "lookup"),
      { Api: { url: service.url("/api"), auth: oidcAuth() } },
      tokenService(oidc),
    );
    expect(ran.task.status).toBe("success");
    await verifiedBearers(oidc, service.requests);
    expectNeverShown(ran, oidc);
  });
});
