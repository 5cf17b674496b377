import { Role, TaskState, type Message, type Part, type SendMessageRequest, type Task } from "@a2a-js/sdk";
import {
  ClientFactory,
  ClientFactoryOptions,
  DefaultAgentCardResolver,
  JsonRpcTransportFactory,
  type Client,
} from "@a2a-js/sdk/client";
import { isLegacyAgentCard } from "@a2a-js/sdk/compat/v0_3/client";
import { afterEach, describe, expect, test, vi } from "vitest";
import { startA2aAgent, type A2aAgent, type A2aAgentOptions } from "./a2a-agent.js";

const DEFAULT_ANSWER = { suggestion: { regions: ["west"], text: "Add outreach in the west" } };
const USAGE = { input_tokens: 120, output_tokens: 45 };

let agent: A2aAgent | undefined;
afterEach(async () => {
  await agent?.close();
  agent = undefined;
});

async function start(options?: A2aAgentOptions): Promise<A2aAgent> {
  agent = await startA2aAgent(options);
  return agent;
}

/** The SDK's client; it finds the card at new URL(".well-known/agent-card.json", url). */
function clientOf(url: string): Promise<Client> {
  return new ClientFactory().createFromUrl(url);
}

/** The SDK's client with its 0.3 layer on, as a client of a 0.3 agent must be. */
function legacyClientOf(url: string): Promise<Client> {
  const options = ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
    transports: [new JsonRpcTransportFactory({ legacyCompat: { enabled: true } })],
    cardResolver: new DefaultAgentCardResolver({ legacyCompat: { enabled: true } }),
  });
  return new ClientFactory(options).createFromUrl(url);
}

function part(content: Part["content"], mediaType: string): Part {
  return { content, metadata: undefined, filename: "", mediaType };
}

function request(
  data: unknown,
  options: { text?: string; returnImmediately?: boolean } = {},
): SendMessageRequest {
  const parts = [part({ $case: "data", value: data }, "application/json")];
  if (options.text !== undefined) parts.push(part({ $case: "text", value: options.text }, "text/plain"));
  return {
    tenant: "",
    message: {
      messageId: `m-${Math.random().toString(36).slice(2)}`,
      contextId: "",
      taskId: "",
      role: Role.ROLE_USER,
      parts,
      metadata: undefined,
      extensions: [],
      referenceTaskIds: [],
    },
    configuration: {
      acceptedOutputModes: [],
      taskPushNotificationConfig: undefined,
      returnImmediately: options.returnImmediately ?? false,
    },
    metadata: undefined,
  };
}

function asTask(result: Message | Task): Task {
  if (!("id" in result)) throw new Error(`expected a task, got ${JSON.stringify(result)}`);
  return result;
}

function contents(parts: Part[] | undefined): unknown[] {
  return (parts ?? []).map((p) => p.content);
}

function statusText(task: Task): unknown[] {
  return contents(task.status?.message?.parts);
}

async function rpc(url: string, method: string, params: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const WIRE_MESSAGE = {
  messageId: "m-wire",
  role: "ROLE_USER",
  parts: [{ data: { q: 1 }, mediaType: "application/json" }],
};

describe("startA2aAgent, A2A 1.0", () => {
  test("complete: the card points at the endpoint; the artifact holds answer(received)", async () => {
    const { url, requests, received } = await start({
      answer: (got) => ({ echo: got.data, text: got.text }),
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/agent$/);
    const client = await clientOf(url);
    const sent = request({ region: "west" }, { text: "Suggest something" });

    const task = asTask(await client.sendMessage(sent));

    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(task.artifacts.flatMap((a) => contents(a.parts))).toEqual([
      { $case: "data", value: { echo: { region: "west" }, text: "Suggest something" } },
    ]);
    expect(received).toEqual([
      { data: { region: "west" }, text: "Suggest something", messageId: sent.message?.messageId },
    ]);
    const card = (await (await fetch(new URL("/.well-known/agent-card.json", url))).json()) as Record<
      string,
      unknown
    >;
    expect(card.supportedInterfaces).toEqual([
      { url, protocolBinding: "JSONRPC", tenant: "", protocolVersion: "1.0" },
    ]);
    expect(requests.map((r) => [r.method, r.path])).toEqual([
      ["GET", "/.well-known/agent-card.json"],
      ["POST", "/agent"],
      ["GET", "/.well-known/agent-card.json"],
    ]);
    expect(requests[1]?.headers["a2a-version"]).toBe("1.0");
    expect(requests[1]?.body).toMatchObject({ jsonrpc: "2.0", method: "SendMessage" });
    expect(requests[2]?.body).toBeNull();
  });

  test("message: a plain Message holding the default answer, no task", async () => {
    const { url } = await start({ behaviour: "message" });
    const result = await (await clientOf(url)).sendMessage(request({}));
    expect(result).toMatchObject({ role: Role.ROLE_AGENT, taskId: "" });
    expect(contents((result as Message).parts)).toEqual([{ $case: "data", value: DEFAULT_ANSWER }]);
  });

  test("text: the artifact holds only a text part, the answer as JSON", async () => {
    const { url } = await start({ behaviour: "text" });
    const task = asTask(await (await clientOf(url)).sendMessage(request({})));
    expect(task.artifacts.flatMap((a) => contents(a.parts))).toEqual([
      { $case: "text", value: JSON.stringify(DEFAULT_ANSWER) },
    ]);
  });

  test("working: answered at once while working, WORKING for workingPolls GetTasks, then completed", async () => {
    const { url, requests } = await start({ behaviour: "working", workingPolls: 2 });
    const client = await clientOf(url);

    const first = asTask(await client.sendMessage(request({}, { returnImmediately: true })));
    const polls = [];
    for (let i = 0; i < 3; i++) polls.push(await client.getTask({ tenant: "", id: first.id }));

    expect(first.status?.state).toBe(TaskState.TASK_STATE_WORKING);
    expect(polls.map((t) => t.status?.state)).toEqual([
      TaskState.TASK_STATE_WORKING,
      TaskState.TASK_STATE_WORKING,
      TaskState.TASK_STATE_COMPLETED,
    ]);
    expect(polls[2]?.artifacts.flatMap((a) => contents(a.parts))).toEqual([
      { $case: "data", value: DEFAULT_ANSWER },
    ]);
    expect(requests[1]?.body).toMatchObject({ params: { configuration: { returnImmediately: true } } });
    expect(requests.slice(2).map((r) => (r.body as { method: string }).method)).toEqual([
      "GetTask",
      "GetTask",
      "GetTask",
    ]);
  });

  test("working: a blocking SendMessage waits for the end, as the spec says it must", async () => {
    const { url } = await start({ behaviour: "working" });
    const task = asTask(await (await clientOf(url)).sendMessage(request({})));
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
  });

  test("input-required: the status message asks the question", async () => {
    const { url } = await start({ behaviour: "input-required", question: "Which quarter?" });
    const task = asTask(await (await clientOf(url)).sendMessage(request({})));
    expect(task.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    expect(statusText(task)).toEqual([{ $case: "text", value: "Which quarter?" }]);
  });

  test("failed: the status message says why", async () => {
    const { url } = await start({ behaviour: "failed" });
    const task = asTask(await (await clientOf(url)).sendMessage(request({})));
    expect(task.status?.state).toBe(TaskState.TASK_STATE_FAILED);
    expect(statusText(task)).toEqual([{ $case: "text", value: "the model is overloaded" }]);
  });

  test("usage: in the task's metadata, or the message's", async () => {
    const { url } = await start({ usage: USAGE });
    const task = asTask(await (await clientOf(url)).sendMessage(request({})));
    expect(task.metadata).toEqual({ usage: USAGE });
    const wire = await rpc(url, "SendMessage", { message: WIRE_MESSAGE }, { "A2A-Version": "1.0" });
    expect(wire.json).toMatchObject({ result: { task: { metadata: { usage: USAGE } } } });

    await agent?.close();
    const { url: messageUrl } = await start({ behaviour: "message", usage: USAGE });
    const message = await (await clientOf(messageUrl)).sendMessage(request({}));
    expect((message as Message).metadata).toEqual({ usage: USAGE });
  });

  test("hang: SendMessage is never answered; close() ends open requests at once", async () => {
    const { url, received, requests } = await start({ behaviour: "hang" });
    const client = await clientOf(url);

    const started = Date.now();
    await expect(
      client.sendMessage(request({ n: 1 }), { signal: AbortSignal.timeout(200) }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    const stillOpen = rpc(url, "SendMessage", { message: WIRE_MESSAGE }, { "A2A-Version": "1.0" });
    await vi.waitFor(() => expect(received).toHaveLength(2));

    const closing = Date.now();
    await agent?.close();
    expect(Date.now() - closing).toBeLessThan(500);
    await expect(stillOpen).rejects.toThrow();
    expect(requests.filter((r) => r.method === "POST")).toHaveLength(2);
  });

  test("a request without A2A-Version is taken for 0.3, which a 1.0 agent refuses", async () => {
    const { url } = await start();
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const without = await rpc(url, "SendMessage", { message: WIRE_MESSAGE });
    quiet.mockRestore();
    expect(without.status).toBe(200);
    expect(without.json.error).toMatchObject({ code: -32009, message: expect.stringContaining("'0.3'") });
    const withHeader = await rpc(url, "SendMessage", { message: WIRE_MESSAGE }, { "A2A-Version": "1.0" });
    expect(withHeader.json).toMatchObject({
      result: { task: { status: { state: "TASK_STATE_COMPLETED" } } },
    });
  });

  test("path: the endpoint and the card follow it, the card staying at the origin", async () => {
    const { url } = await start({ path: "/a2a/v1/" });
    expect(new URL(url).pathname).toBe("/a2a/v1");
    const task = asTask(
      await (await new ClientFactory().createFromUrl(new URL(url).origin)).sendMessage(request({})),
    );
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
  });
});

describe("startA2aAgent, A2A 0.3", () => {
  test("the card declares only 0.3.0, to any A2A-Version", async () => {
    const { url } = await start({ version: "0.3" });
    for (const headers of [{}, { "A2A-Version": "1.0" }]) {
      const card = (await (
        await fetch(new URL("/.well-known/agent-card.json", url), { headers })
      ).json()) as Record<string, unknown>;
      expect(card).toMatchObject({ protocolVersion: "0.3.0", url, preferredTransport: "JSONRPC" });
      expect(card).not.toHaveProperty("supportedInterfaces");
      expect(isLegacyAgentCard(card)).toBe(true);
    }
  });

  test("the SDK's client talks 0.3 to it: message/send, tasks/get, kind-tagged parts", async () => {
    const { url, requests, received } = await start({ version: "0.3", behaviour: "working", usage: USAGE });
    const client = await legacyClientOf(url);

    const first = asTask(await client.sendMessage(request({ region: "west" }, { returnImmediately: true })));
    const polled = await client.getTask({ tenant: "", id: first.id });
    const done = await client.getTask({ tenant: "", id: first.id });

    expect(first.status?.state).toBe(TaskState.TASK_STATE_WORKING);
    expect(polled.status?.state).toBe(TaskState.TASK_STATE_WORKING);
    expect(done.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(done.metadata).toEqual({ usage: USAGE });
    expect(received.map((r) => r.data)).toEqual([{ region: "west" }]);
    expect(requests[1]?.body).toMatchObject({
      method: "message/send",
      params: {
        message: { kind: "message", role: "user", parts: [{ kind: "data", data: { region: "west" } }] },
        configuration: { blocking: false },
      },
    });
    expect((requests[2]?.body as { method: string }).method).toBe("tasks/get");
  });

  test("on the wire: lower-case states, kind-tagged parts, usage in the task's metadata", async () => {
    const { url } = await start({ version: "0.3", usage: USAGE });
    const message = {
      kind: "message",
      messageId: "m-03",
      role: "user",
      parts: [{ kind: "text", text: "hi" }],
    };
    const sent = await rpc(url, "message/send", { message, configuration: { blocking: true } });
    expect(sent.json.result).toMatchObject({
      kind: "task",
      status: { state: "completed" },
      artifacts: [{ parts: [{ kind: "data", data: DEFAULT_ANSWER }] }],
      metadata: { usage: USAGE },
    });
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const v1 = await rpc(url, "SendMessage", { message: WIRE_MESSAGE }, { "A2A-Version": "1.0" });
    quiet.mockRestore();
    expect(v1.json.error).toMatchObject({ code: -32601 });
  });
});
