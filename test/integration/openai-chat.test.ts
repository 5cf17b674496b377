// openai-chat tasks (SPEC §10) against a real OpenAI-compatible server, as a user sees them:
// what the server received, the task's status, outputs, error, calls and usage. Also the
// output-schema on a plain http task, which checks the outputs after mapping.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { systemClock } from "../../src/engine/clock.js";
import { Orchestrator, type RunResult, type TaskResult } from "../../src/lib.js";
import { buildResults } from "../../src/report/results.js";
import { type ChatReply, type ChatServer, startChatServer } from "../helpers/chat-server.js";
import { type FaultServer, startFaultServer } from "../helpers/fault-server.js";
import { instantClock, runDefinition, runThroughPipeline } from "../helpers/run-definition.js";
import { tempDir } from "../helpers/temp-dir.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function chatServer(replies: ChatReply[] | ((body: unknown, index: number) => ChatReply)) {
  const server: ChatServer = await startChatServer(replies);
  closers.push(() => server.close());
  return server;
}

async function faultServer(): Promise<FaultServer> {
  const server = await startFaultServer();
  closers.push(() => server.close());
  return server;
}

/** An openai-chat endpoint named Writer on `url`. */
const writer = (url: string, more: Record<string, unknown> = {}) => ({
  Writer: { url, protocol: "openai-chat" as const, model: "gpt-test", ...more },
});

const taskOf = (result: RunResult, name: string): TaskResult => {
  const task = result.tasks.find((t) => t.name === name);
  if (!task) throw new Error(`no task ${name} in ${result.tasks.map((t) => t.name).join(", ")}`);
  return task;
};

/** A completion in OpenAI's shape, for servers the test scripts byte by byte. */
const completion = (
  message: Record<string, unknown>,
  usage = { prompt_tokens: 5, completion_tokens: 3 },
) => ({
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1,
  model: "gpt-test",
  choices: [{ index: 0, message: { role: "assistant", ...message }, finish_reason: "stop" }],
  usage,
});

const SUGGESTION = { suggestion: { regions: ["west", "north"] } };

/** Every object lists all its properties in `required` and sets additionalProperties false. */
const STRICT_SCHEMA = {
  type: "object",
  properties: {
    suggestion: {
      type: "object",
      properties: { regions: { type: "array", items: { type: "string" } } },
      required: ["regions"],
      additionalProperties: false,
    },
  },
  required: ["suggestion"],
  additionalProperties: false,
};

const ONE_TASK = `id: Chat
params: { threshold: 100 }
tasks:
  - name: Suggest
    agent: Writer
    action: analyze_and_suggest
`;

describe("openai-chat: the request", () => {
  it("POSTs {url}/chat/completions with the model, the endpoint's instructions and the envelope", async () => {
    const chat = await chatServer([{ content: JSON.stringify(SUGGESTION) }]);
    const result = await runDefinition(ONE_TASK, {
      endpoints: writer(chat.url, { instructions: "You suggest outreach." }),
    });
    expect(result.status).toBe("success");
    expect(chat.requests).toHaveLength(1);
    const [request] = chat.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers["idempotency-key"]).toBe('"run-1:Chat:Suggest"');
    expect(request?.headers).toMatchObject({
      "x-mgmt-workflow": "Chat",
      "x-mgmt-task": "Suggest",
      "x-mgmt-run": "run-1",
      "x-mgmt-attempt": "1",
    });
    const body = request?.body;
    expect(body.model).toBe("gpt-test");
    expect(body.response_format).toBeUndefined();
    expect(body.messages).toHaveLength(2);
    expect(body.messages[0]).toEqual({ role: "system", content: "You suggest outreach." });
    expect(body.messages[1].role).toBe("user");
    // Without a prompt, the user's message is the envelope alone.
    expect(JSON.parse(body.messages[1].content)).toEqual({
      workflow: "Chat",
      run: "run-1",
      task: "Suggest",
      action: "analyze_and_suggest",
      params: { threshold: 100 },
      input: null,
    });
    const task = taskOf(result, "Suggest");
    expect(task.kind).toBe("agent");
    expect(task.outputs).toEqual(SUGGESTION);
    expect(task.attempts).toBe(1);
    expect(task.calls).toEqual([
      {
        attempt: 1,
        httpStatus: 200,
        durationMs: expect.any(Number),
        error: null,
        spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
        startedAt: "2024-06-01T12:00:00.000Z",
      },
    ]);
  });

  it("sends no system message when neither the task nor the endpoint gives instructions", async () => {
    const chat = await chatServer([{ content: "{}" }]);
    await runDefinition(ONE_TASK, { endpoints: writer(chat.url) });
    expect(chat.requests[0]?.body.messages.map((m: { role: string }) => m.role)).toEqual(["user"]);
  });

  it("a task's instructions win over the endpoint's; prompt and instructions read ${{ }}", async () => {
    const chat = await chatServer([{ content: "{}" }]);
    const result = await runDefinition(
      `id: Chat
params: { threshold: 100 }
tasks:
  - name: Suggest
    agent: Writer
    action: analyze_and_suggest
    with: { tone: plain }
    instructions: "Answer in a \${{ params.tone }} tone."
    prompt: "Suggest outreach for regions under \${{ params.threshold }} responses."
`,
      {
        endpoints: writer(chat.url, { instructions: "the endpoint's, not used" }),
        params: { threshold: 120 },
      },
    );
    expect(result.status).toBe("success");
    const [system, user] = chat.requests[0]?.body.messages ?? [];
    expect(system).toEqual({ role: "system", content: "Answer in a plain tone." });
    const prompt = "Suggest outreach for regions under 120 responses.";
    // The prompt, a blank line, then the envelope as JSON: one user message.
    expect(user.content.startsWith(`${prompt}\n\n{`)).toBe(true);
    const envelope = JSON.parse(user.content.slice(prompt.length + 2));
    expect(envelope.params).toEqual({ threshold: 120, tone: "plain" });
  });

  it("the endpoint's instructions may read ${{ }} too, and the envelope carries the need's outputs", async () => {
    const chat = await chatServer((_body, index) => ({
      content: index === 0 ? JSON.stringify(SUGGESTION) : "Dear west and north, please respond.",
    }));
    const result = await runDefinition(
      `id: Chat
tasks:
  - { name: Suggest, agent: Writer, action: analyze_and_suggest }
  - { name: Draft, agent: Writer, action: write_letter, needs: [Suggest] }
`,
      {
        endpoints: writer(chat.url, { instructions: "Run ${{ run.id }}: be brief." }),
      },
    );
    expect(result.status).toBe("success");
    const second = chat.requests[1]?.body.messages;
    expect(second[0]).toEqual({ role: "system", content: "Run run-1: be brief." });
    expect(JSON.parse(second[1].content)).toMatchObject({ task: "Draft", input: SUGGESTION });
  });

  it("an expression that fails in the prompt fails the task before any call, naming the field", async () => {
    const chat = await chatServer([{ content: "{}" }]);
    const result = await runDefinition(
      `id: Chat
tasks:
  - name: Suggest
    agent: Writer
    action: analyze_and_suggest
    prompt: "\${{ fromJSON('not json') }}"
`,
      { endpoints: writer(chat.url) },
    );
    const task = taskOf(result, "Suggest");
    expect(task.status).toBe("failure");
    expect(task.error).toContain("prompt");
    expect(chat.requests).toHaveLength(0);
  });
});

describe("openai-chat: the answer", () => {
  it("without a schema, content that is not JSON is kept as text; usage is on the task and the run", async () => {
    const chat = await chatServer((_body, index) =>
      index === 0
        ? { content: "Reach out to the west.", usage: { prompt_tokens: 100, completion_tokens: 20 } }
        : { content: "[1, 2]", usage: { prompt_tokens: 30, completion_tokens: 4 } },
    );
    const result = await runDefinition(
      `id: Chat
tasks:
  - { name: Advice, agent: Writer, action: advise }
  - { name: Numbers, agent: Writer, action: count }
`,
      { endpoints: writer(chat.url) },
    );
    expect(result.status).toBe("success");
    expect(taskOf(result, "Advice").outputs).toBe("Reach out to the west.");
    expect(taskOf(result, "Numbers").outputs).toEqual([1, 2]);
    expect(taskOf(result, "Advice").usage).toEqual({ input: 100, output: 20 });
    expect(taskOf(result, "Numbers").usage).toEqual({ input: 30, output: 4 });
    expect(result.usage).toEqual({ input: 130, output: 24 });
  });

  it("an `outputs:` mapping reads the parsed content as response.body", async () => {
    const chat = await chatServer([{ content: JSON.stringify(SUGGESTION) }]);
    const result = await runDefinition(
      `id: Chat
tasks:
  - name: Suggest
    agent: Writer
    action: analyze_and_suggest
    outputs: { first: "\${{ response.body.suggestion.regions[0] }}", status: "\${{ response.status }}" }
`,
      { endpoints: writer(chat.url) },
    );
    expect(taskOf(result, "Suggest").outputs).toEqual({ first: "west", status: 200 });
  });

  it("a refusal by the model fails the task with its words", async () => {
    const server = await faultServer();
    server.reply({ json: completion({ content: null, refusal: "I cannot help with that." }) });
    const result = await runDefinition(ONE_TASK, { endpoints: writer(server.url("/v1")) });
    const task = taskOf(result, "Suggest");
    expect(task.status).toBe("failure");
    expect(task.error).toContain("refused");
    expect(task.error).toContain("I cannot help with that.");
    expect(task.usage).toEqual({ input: 5, output: 3 });
  });

  it("an answer without choices fails the task, saying what is missing", async () => {
    const server = await faultServer();
    server.reply({ json: { id: "x", choices: [] } });
    const result = await runDefinition(ONE_TASK, { endpoints: writer(server.url("/v1")) });
    const task = taskOf(result, "Suggest");
    expect(task.status).toBe("failure");
    expect(task.error).toContain("choices[0].message.content");
  });
});

describe("openai-chat: output-schema", () => {
  const withSchema = (schema: unknown, name = "Suggest") => `id: Chat
tasks:
  - name: ${name}
    agent: Writer
    action: analyze_and_suggest
    output-schema: ${JSON.stringify(schema)}
`;

  it("an inline schema in the strict subset is sent strict, named after the task", async () => {
    const chat = await chatServer([{ content: JSON.stringify(SUGGESTION) }]);
    const result = await runDefinition(withSchema(STRICT_SCHEMA), { endpoints: writer(chat.url) });
    expect(result.status).toBe("success");
    expect(chat.requests[0]?.body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "Suggest", schema: STRICT_SCHEMA, strict: true },
    });
    expect(taskOf(result, "Suggest").outputs).toEqual(SUGGESTION);
  });

  it("a schema outside the strict subset is sent with strict false, and still checked", async () => {
    // The inner object does not set additionalProperties: false.
    const loose = {
      type: "object",
      properties: { suggestion: { type: "object", properties: { regions: { type: "array" } } } },
      required: ["suggestion"],
      additionalProperties: false,
    };
    const chat = await chatServer([{ content: JSON.stringify(SUGGESTION) }]);
    const result = await runDefinition(withSchema(loose), { endpoints: writer(chat.url) });
    expect(result.status).toBe("success");
    expect(chat.requests[0]?.body.response_format.json_schema).toEqual({
      name: "Suggest",
      schema: loose,
      strict: false,
    });
  });

  it("a property missing from `required` makes the schema unstrict", async () => {
    const notAllRequired = {
      ...STRICT_SCHEMA,
      properties: { ...STRICT_SCHEMA.properties, note: { type: "string" } },
    };
    const chat = await chatServer([{ content: JSON.stringify(SUGGESTION) }]);
    await runDefinition(withSchema(notAllRequired), { endpoints: writer(chat.url) });
    expect(chat.requests[0]?.body.response_format.json_schema.strict).toBe(false);
  });

  it("the schema's name is the task's name cut at 64 characters", async () => {
    const long = `Suggest_${"x".repeat(80)}`;
    const chat = await chatServer([{ content: JSON.stringify(SUGGESTION) }]);
    await runDefinition(withSchema(STRICT_SCHEMA, long), { endpoints: writer(chat.url) });
    expect(chat.requests[0]?.body.response_format.json_schema.name).toBe(long.slice(0, 64));
  });

  it("a schema in a .json file beside the definition is read and sent", async () => {
    const chat = await chatServer([{ content: JSON.stringify(SUGGESTION) }]);
    const dir = await tempDir("mgmt-chat-schema-");
    await writeFile(path.join(dir, "suggestion.json"), JSON.stringify(STRICT_SCHEMA));
    const file = path.join(dir, "workflow.yml");
    await writeFile(
      file,
      `id: Chat
tasks:
  - name: Suggest
    agent: Writer
    action: analyze_and_suggest
    output-schema: suggestion.json
`,
    );
    const orchestrator = new Orchestrator({ endpoints: writer(chat.url), env: {}, clock: instantClock() });
    const plan = await orchestrator.loadWorkflow(file);
    const result = await orchestrator.start(plan.id, {}, { runId: "run-1" });
    expect(result.status).toBe("success");
    expect(chat.requests[0]?.body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "Suggest", schema: STRICT_SCHEMA, strict: true },
    });
  });

  it("a miss then a valid answer: one repair call, 2 calls, 1 attempt, usage summed", async () => {
    const wrong = JSON.stringify({ suggestion: { regions: "west" } });
    const chat = await chatServer([
      { content: wrong, usage: { prompt_tokens: 50, completion_tokens: 10 } },
      { content: JSON.stringify(SUGGESTION), usage: { prompt_tokens: 70, completion_tokens: 12 } },
    ]);
    const result = await runDefinition(withSchema(STRICT_SCHEMA), {
      endpoints: writer(chat.url, { instructions: "Be brief." }),
    });
    const task = taskOf(result, "Suggest");
    expect(task.status).toBe("success");
    expect(task.error).toBeNull();
    expect(task.outputs).toEqual(SUGGESTION);
    expect(task.attempts).toBe(1);
    expect(task.calls).toHaveLength(2);
    expect(task.calls.map((c) => [c.httpStatus, c.error])).toEqual([
      [200, null],
      [200, null],
    ]);
    expect(task.usage).toEqual({ input: 120, output: 22 });
    expect(result.usage).toEqual({ input: 120, output: 22 });

    expect(chat.requests).toHaveLength(2);
    const [first, repair] = chat.requests;
    expect(first?.headers["idempotency-key"]).toBe('"run-1:Chat:Suggest"');
    expect(repair?.headers["idempotency-key"]).toBe('"run-1:Chat:Suggest:repair"');
    expect(repair?.headers["x-mgmt-task"]).toBe("Suggest");
    // The conversation so far, the model's own answer, then the complaint.
    const messages = repair?.body.messages;
    expect(messages).toHaveLength(4);
    expect(messages.slice(0, 2)).toEqual(first?.body.messages);
    expect(messages[2]).toEqual({ role: "assistant", content: wrong });
    expect(messages[3].role).toBe("user");
    expect(messages[3].content).toContain("suggestion.regions");
    expect(repair?.body.response_format).toEqual(first?.body.response_format);
    expect(repair?.body.model).toBe("gpt-test");
  });

  it("content that is not JSON earns the repair too, with a complaint that says so", async () => {
    const chat = await chatServer([
      { content: "Sure! Here it is." },
      { content: JSON.stringify(SUGGESTION) },
    ]);
    const result = await runDefinition(withSchema(STRICT_SCHEMA), { endpoints: writer(chat.url) });
    expect(taskOf(result, "Suggest").status).toBe("success");
    const complaint = chat.requests[1]?.body.messages.at(-1).content;
    expect(complaint).toMatch(/not JSON/);
  });

  it("two misses fail the task naming the first failing field's path, after 2 calls", async () => {
    const chat = await chatServer([
      { content: JSON.stringify({ suggestion: { regions: "west" } }) },
      { content: JSON.stringify({ suggestion: { regions: 3 } }) },
    ]);
    const result = await runDefinition(withSchema(STRICT_SCHEMA), { endpoints: writer(chat.url) });
    expect(result.status).toBe("failure");
    const task = taskOf(result, "Suggest");
    expect(task.status).toBe("failure");
    expect(task.error).toMatch(/output schema/);
    expect(task.error).toContain("suggestion.regions");
    expect(task.calls).toHaveLength(2);
    expect(task.attempts).toBe(1);
    expect(task.usage).toEqual({ input: 22, output: 14 });
    expect(chat.requests).toHaveLength(2);
  });

  it("a missing required field is named by its path", async () => {
    const chat = await chatServer([{ content: JSON.stringify({ suggestion: {} }) }]);
    const result = await runDefinition(withSchema(STRICT_SCHEMA), { endpoints: writer(chat.url) });
    expect(taskOf(result, "Suggest").error).toContain("suggestion.regions");
    expect(chat.requests).toHaveLength(2);
  });

  it("a server that refuses the repair call fails the task with its message", async () => {
    const chat = await chatServer([
      { content: JSON.stringify({ suggestion: {} }) },
      { status: 400, message: "context_length_exceeded: too many tokens" },
    ]);
    const result = await runDefinition(withSchema(STRICT_SCHEMA), { endpoints: writer(chat.url) });
    const task = taskOf(result, "Suggest");
    expect(task.status).toBe("failure");
    expect(task.error).toContain("too many tokens");
    expect(task.calls).toHaveLength(2);
  });
});

describe("openai-chat: failures and retries", () => {
  it("a 400 fails the task with the server's message, not retried", async () => {
    const chat = await chatServer([
      { status: 400, message: "Invalid schema for response_format 'Suggest': 'minItems' is not permitted." },
    ]);
    const result = await runDefinition(ONE_TASK, { endpoints: writer(chat.url) });
    const task = taskOf(result, "Suggest");
    expect(task.status).toBe("failure");
    expect(task.error).toContain("400");
    expect(task.error).toContain("'minItems' is not permitted");
    expect(task.attempts).toBe(1);
    expect(chat.requests).toHaveLength(1);
  });

  it("a 503 then a completion is retried with the same body bytes and key", async () => {
    const server = await faultServer();
    server.reply(
      { status: 503, json: { error: { message: "overloaded", type: "server_error" } } },
      { json: completion({ content: JSON.stringify(SUGGESTION) }) },
    );
    const result = await runDefinition(ONE_TASK, { endpoints: writer(server.url("/v1")) });
    const task = taskOf(result, "Suggest");
    expect(task.status).toBe("success");
    expect(task.outputs).toEqual(SUGGESTION);
    expect(task.attempts).toBe(2);
    expect(task.calls.map((c) => c.httpStatus)).toEqual([503, 200]);
    const [first, second] = server.requests;
    expect(first?.path).toBe("/v1/chat/completions");
    expect(second?.text).toBe(first?.text);
    expect(second?.headers["idempotency-key"]).toBe(first?.headers["idempotency-key"]);
    expect([first?.headers["x-mgmt-attempt"], second?.headers["x-mgmt-attempt"]]).toEqual(["1", "2"]);
  });

  it("a 429 on every attempt fails the task after its attempts, with the server's message", async () => {
    const chat = await chatServer([{ status: 429, message: "Rate limit reached for gpt-test" }]);
    const result = await runDefinition(
      ONE_TASK.replace("action: analyze_and_suggest", "action: a\n    retry: { attempts: 2 }"),
      {
        endpoints: writer(chat.url),
      },
    );
    const task = taskOf(result, "Suggest");
    expect(task.status).toBe("failure");
    expect(task.error).toContain("429");
    expect(task.error).toContain("Rate limit reached");
    expect(task.attempts).toBe(2);
    expect(chat.requests).toHaveLength(2);
  });

  it("a server that never answers times out the attempt; the run ends", async () => {
    const chat = await chatServer([{ hang: true }]);
    const started = Date.now();
    const result = await runDefinition(
      ONE_TASK.replace("action: analyze_and_suggest", "action: a\n    timeout: 300ms\n    retry: false"),
      { endpoints: writer(chat.url), clock: systemClock },
    );
    const task = taskOf(result, "Suggest");
    expect(task.status).toBe("failure");
    expect(task.error).toContain("timed out");
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("a cancellation mid-call makes the task cancelled, at once", async () => {
    const chat = await chatServer([{ hang: true }]);
    const dir = await tempDir("mgmt-chat-cancel-");
    const file = path.join(dir, "workflow.yml");
    await writeFile(file, ONE_TASK);
    const orchestrator = new Orchestrator({ endpoints: writer(chat.url), env: {}, clock: systemClock });
    const plan = await orchestrator.loadWorkflow(file);
    const controller = new AbortController();
    const running = orchestrator.start(plan.id, {}, { runId: "run-1", signal: controller.signal });
    await vi.waitFor(() => expect(chat.requests).toHaveLength(1), { timeout: 5000 });
    const abortedAt = Date.now();
    controller.abort();
    const result = await running;
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    expect(result.status).toBe("cancelled");
    expect(taskOf(result, "Suggest").status).toBe("cancelled");
  });
});

describe("openai-chat: secrets", () => {
  const KEY = "canary-sk-9d1f4e7a2b";

  it("an API key from env reaches the server and never the results, even when the server echoes it", async () => {
    const chat = await chatServer([
      { status: 401, message: `Incorrect API key provided: ${KEY}. You can find your API key at …` },
    ]);
    const result = await runDefinition(ONE_TASK, {
      endpoints: writer(chat.url, { headers: { Authorization: "Bearer ${{ env.LLM_KEY }}" } }),
      env: { LLM_KEY: KEY },
    });
    expect(chat.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    const task = taskOf(result, "Suggest");
    expect(task.status).toBe("failure");
    expect(task.error).toContain("Incorrect API key provided");
    expect(JSON.stringify(result)).not.toContain(KEY);
  });

  it("content that is not JSON is quoted masked in the error, never cut through the key", async () => {
    // JSON.parse's own message quotes the first 10 characters, unmasked: "canary-sk-"…
    const chat = await chatServer([{ content: `${KEY} is what you gave me` }]);
    const result = await runDefinition(
      `${ONE_TASK}    output-schema: { type: object }
`,
      {
        endpoints: writer(chat.url, { headers: { Authorization: "Bearer ${{ env.LLM_KEY }}" } }),
        env: { LLM_KEY: KEY },
      },
    );
    const task = taskOf(result, "Suggest");
    expect(task.status).toBe("failure");
    expect(task.error).toContain("not JSON: *** is what you gave me");
    expect(JSON.stringify(result)).not.toContain(KEY.slice(0, 8));
    expect(chat.requests).toHaveLength(2);
  });

  it("a key the model repeats in its answer is masked in the results document", async () => {
    const chat = await chatServer([{ content: JSON.stringify({ note: `your key is ${KEY}` }) }]);
    const { runs, secrets } = await runThroughPipeline(ONE_TASK, {
      endpoints: writer(chat.url, { headers: { Authorization: "Bearer ${{ env.LLM_KEY }}" } }),
      env: { LLM_KEY: KEY },
    });
    expect(runs[0]?.status).toBe("success");
    expect(chat.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(secrets).toContain(KEY);
    const document = buildResults(runs, secrets);
    expect(JSON.stringify(document)).not.toContain(KEY);
    expect(document.runs[0]?.tasks[0]?.outputs).toEqual({ note: "your key is ***" });
  });
});

describe("output-schema on an http service task", () => {
  const SCHEMA = {
    type: "object",
    properties: {
      suggestion: { type: "object", properties: { regions: { type: "array" } }, required: ["regions"] },
    },
    required: ["suggestion"],
  };

  it("envelope outputs that miss the schema fail the task, naming the path", async () => {
    const server = await faultServer();
    server.reply({ json: { suggestion: { regions: "west" } } });
    const result = await runDefinition(
      `id: Plain
tasks:
  - name: Analyze
    service: S
    action: analyze
    output-schema: ${JSON.stringify(SCHEMA)}
`,
      { endpoints: { S: { url: server.url("/api") } } },
    );
    const task = taskOf(result, "Analyze");
    expect(task.status).toBe("failure");
    expect(task.error).toBe("the outputs do not match the output schema: suggestion.regions: must be array");
    // Not retried, and no repair: only agents speaking openai-chat get one.
    expect(server.requests).toHaveLength(1);
    expect(task.attempts).toBe(1);
    // The outputs are kept for the reader to see what came.
    expect(task.outputs).toEqual({ suggestion: { regions: "west" } });
  });

  it("outputs that match pass", async () => {
    const server = await faultServer();
    server.reply({ json: SUGGESTION });
    const result = await runDefinition(
      `id: Plain
tasks:
  - { name: Analyze, service: S, action: analyze, output-schema: ${JSON.stringify(SCHEMA)} }
`,
      { endpoints: { S: { url: server.url("/api") } } },
    );
    expect(taskOf(result, "Analyze").status).toBe("success");
  });

  it("with an `outputs:` mapping the schema checks the mapped outputs", async () => {
    const server = await faultServer();
    // The body would miss the schema; what the mapping makes of it matches.
    server.reply({ json: { data: { suggestion: { regions: ["west"] } } } });
    const mapped = `id: Plain
tasks:
  - name: Analyze
    service: S
    action: analyze
    outputs: \${{ response.body.data }}
    output-schema: ${JSON.stringify(SCHEMA)}
`;
    const passing = await runDefinition(mapped, { endpoints: { S: { url: server.url("/api") } } });
    expect(taskOf(passing, "Analyze").status).toBe("success");
    expect(taskOf(passing, "Analyze").outputs).toEqual({ suggestion: { regions: ["west"] } });

    server.reply({ json: { suggestion: { regions: ["west"] }, data: { suggestion: {} } } });
    const failing = await runDefinition(mapped, { endpoints: { S: { url: server.url("/api") } } });
    expect(taskOf(failing, "Analyze").error).toBe(
      "the outputs do not match the output schema: suggestion.regions: is required",
    );
  });

  it("a task that fails the schema stops its dependants", async () => {
    const server = await faultServer();
    server.reply({ json: { suggestion: {} } });
    const result = await runDefinition(
      `id: Plain
tasks:
  - { name: Analyze, service: S, action: analyze, output-schema: ${JSON.stringify(SCHEMA)} }
  - { name: Publish, service: S, action: publish }
`,
      { endpoints: { S: { url: server.url("/api") } } },
    );
    expect(result.status).toBe("failure");
    expect(result.tasks.map((t) => t.status)).toEqual(["failure", "skipped"]);
    expect(server.requests).toHaveLength(1);
  });
});
