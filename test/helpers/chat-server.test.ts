import { afterEach, describe, expect, it } from "vitest";
import { type ChatServer, startChatServer } from "./chat-server.js";

const servers: ChatServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(...args: Parameters<typeof startChatServer>): Promise<ChatServer> {
  const server = await startChatServer(...args);
  servers.push(server);
  return server;
}

/** A request the way the openai-chat client sends one: a system and a user message, a JSON schema. */
const REQUEST = {
  model: "gpt-4o-mini",
  messages: [
    { role: "system", content: "Answer in JSON." },
    { role: "user", content: "Is 7 prime?" },
  ],
  response_format: {
    type: "json_schema",
    json_schema: {
      name: "verdict",
      strict: true,
      schema: {
        type: "object",
        properties: { prime: { type: "boolean" } },
        required: ["prime"],
        additionalProperties: false,
      },
    },
  },
};

/** The fields of a completion and of an error body that the tests read. */
interface Completion {
  choices: Array<{ message: { content: string } }>;
  usage: unknown;
}
interface ErrorBody {
  error: { message: string; type: string };
}

async function completion(res: Response | Promise<Response>): Promise<Completion> {
  return (await (await res).json()) as Completion;
}

async function errorBody(res: Response): Promise<ErrorBody> {
  return (await res.json()) as ErrorBody;
}

function post(server: ChatServer, body: unknown = REQUEST, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}/chat/completions`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: "Bearer sk-test" },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...init,
  });
}

describe("startChatServer", () => {
  it("serves under /v1 on 127.0.0.1", async () => {
    const server = await start([{ content: "hi" }]);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it("answers a completion in OpenAI's shape, echoing the request's model", async () => {
    const server = await start([{ content: '{"prime":true}' }]);
    const res = await post(server);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    const json = await completion(res);
    expect(json).toEqual({
      id: expect.stringMatching(/^chatcmpl-/),
      object: "chat.completion",
      created: expect.any(Number),
      model: "gpt-4o-mini",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: '{"prime":true}', refusal: null },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
    });
    expect(JSON.parse(json.choices[0]?.message.content ?? "")).toEqual({ prime: true });
  });

  it("reports the usage it is given", async () => {
    const server = await start([{ content: "x", usage: { prompt_tokens: 100, completion_tokens: 25 } }]);
    const json = await completion(post(server));
    expect(json.usage).toEqual({ prompt_tokens: 100, completion_tokens: 25, total_tokens: 125 });
  });

  it("records every request with its parsed body and headers", async () => {
    const server = await start([{ content: "ok" }]);
    await post(server);
    expect(server.requests).toEqual([
      {
        method: "POST",
        path: "/v1/chat/completions",
        headers: expect.objectContaining({ authorization: "Bearer sk-test" }),
        body: REQUEST,
      },
    ]);
    expect(server.requests[0]?.body.response_format.json_schema.name).toBe("verdict");
  });

  it.each([
    [400, "invalid_request_error", null],
    [401, "invalid_request_error", "invalid_api_key"],
    [429, "requests", "rate_limit_exceeded"],
    [500, "server_error", null],
  ])("answers %i in OpenAI's error shape", async (status, type, code) => {
    const server = await start([{ status, message: `failed with ${status}` }]);
    const res = await post(server);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({
      error: { message: `failed with ${status}`, type, param: null, code },
    });
  });

  it("sends an error's headers", async () => {
    const server = await start([{ status: 429, message: "slow down", headers: { "Retry-After": "2" } }]);
    const res = await post(server);
    expect(res.headers.get("retry-after")).toBe("2");
  });

  it("answers in turn and repeats the last reply", async () => {
    const server = await start([{ status: 500, message: "boom" }, { content: "second" }]);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(server)).status);
    expect(statuses).toEqual([500, 200, 200]);
  });

  it("answers with a function of the body and the index", async () => {
    const server = await start((body, index) => ({ content: `${index}:${body.messages[1].content}` }));
    const first = await completion(post(server));
    const second = await completion(post(server));
    expect([first.choices[0]?.message.content, second.choices[0]?.message.content]).toEqual([
      "0:Is 7 prime?",
      "1:Is 7 prime?",
    ]);
  });

  it("turns a throwing reply function into a 500 that names it", async () => {
    const server = await start(() => {
      throw new Error("bad script");
    });
    const res = await post(server);
    expect(res.status).toBe(500);
    expect((await errorBody(res)).error.message).toContain("bad script");
  });

  it("answers other paths and methods with 404 in the error shape, without using up a reply", async () => {
    const server = await start([{ content: "first" }, { content: "second" }]);
    const wrongPath = await fetch(`${server.url}/completions`, { method: "POST", body: "{}" });
    const wrongMethod = await fetch(`${server.url}/chat/completions`);
    expect([wrongPath.status, wrongMethod.status]).toEqual([404, 404]);
    expect(await wrongPath.json()).toEqual({
      error: {
        message: "Invalid URL (POST /v1/completions)",
        type: "invalid_request_error",
        param: null,
        code: null,
      },
    });
    await wrongMethod.body?.cancel();
    const json = await completion(post(server));
    expect(json.choices[0]?.message.content).toBe("first");
    expect(server.requests.map((request) => request.path)).toEqual([
      "/v1/completions",
      "/v1/chat/completions",
      "/v1/chat/completions",
    ]);
  });

  it("answers a body that is not JSON with 400 and records the text", async () => {
    const server = await start([{ content: "ok" }]);
    const res = await post(server, "{not json");
    expect(res.status).toBe(400);
    expect((await errorBody(res)).error.type).toBe("invalid_request_error");
    expect(server.requests[0]?.body).toBe("{not json");
  });

  it("hangs until the client aborts", async () => {
    const server = await start([{ hang: true }]);
    const started = Date.now();
    await expect(post(server, REQUEST, { signal: AbortSignal.timeout(200) })).rejects.toThrow(
      expect.objectContaining({ name: "TimeoutError" }),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(server.requests).toHaveLength(1);
  });

  it("closes quickly with a request in flight, and twice without harm", async () => {
    const server = await start([{ hang: true }]);
    const pending = post(server).then(
      () => "answered",
      () => "failed",
    );
    await waitFor(() => server.requests.length === 1);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await pending).toBe("failed");
    await server.close();
  });

  it("refuses an empty script", async () => {
    await expect(startChatServer([])).rejects.toThrow(TypeError);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
