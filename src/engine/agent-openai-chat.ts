import { excerpt } from "../text/excerpt.js";
import type { CallOutcome } from "./call.js";
import { describeMiss, loadSchemaChecker } from "./json-schema.js";
import { is2xx } from "./read-answer.js";
import type { CallRecord } from "./result.js";
import { addUsage } from "./usage.js";
import {
  type AgentCall,
  type AgentOutcome,
  agentFailure,
  agentHeaders,
  agentValue,
  callFailure,
  callLimits,
  parseJson,
  refusal,
  usageOf,
} from "./agent-call.js";

/** OpenAI caps a json_schema's name at 64 characters. */
const SCHEMA_NAME_CHARS = 64;

interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/**
 * Asks an OpenAI-compatible server (`POST {url}/chat/completions`): the instructions as the
 * system message, the prompt and the envelope as the user's. With an output schema the
 * server is asked for JSON that matches it, and one miss earns one repair call that
 * shows the model its answer and the complaint; a second miss fails the task.
 */
export async function callOpenAiChat(call: AgentCall): Promise<AgentOutcome> {
  const { task, agent } = call;
  const instructions = agentValue(call, "instructions", agent.instructions);
  if (!instructions.ok) return agentFailure(instructions.error);
  const prompt = agentValue(call, "prompt", agent.prompt);
  if (!prompt.ok) return agentFailure(prompt.error);
  const envelope = JSON.stringify(call.envelope);
  const messages: ChatMessage[] = [
    ...(instructions.value === null
      ? []
      : [{ role: "system" as const, content: textOf(instructions.value) }]),
    { role: "user", content: prompt.value === null ? envelope : `${textOf(prompt.value)}\n\n${envelope}` },
  ];
  const schema = task.outputSchema;
  const responseFormat = schema && {
    type: "json_schema",
    json_schema: { name: schemaName(task.name), schema: schema.schema, strict: schema.strict },
  };
  const ask = (conversation: ChatMessage[], headers: Record<string, string>) =>
    call.deps.call({
      method: "POST",
      url: task.url,
      headers,
      body: JSON.stringify({
        model: agent.model,
        messages: conversation,
        ...(responseFormat ? { response_format: responseFormat } : {}),
      }),
      mode: "response",
      ...callLimits(call),
    });
  const headers = agentHeaders(call);
  const first = await ask(messages, headers);
  const attempts = first.calls.length;
  const read = readCompletion(call, first);
  if (!read.ok) return { ...read.outcome, attempts };
  const mask = call.deps.mask ?? ((text: string) => text);
  const checked = await checkContent(schema?.schema, read.content, mask);
  if (checked.ok) return success(read, checked.value, first.calls, attempts, read.usage);

  // One repair: the model sees what it answered and why that did not do.
  const repairKey = `"${call.prepared.run.id}:${call.prepared.plan.id}:${task.name}:repair"`;
  const second = await ask(
    [
      ...messages,
      { role: "assistant", content: read.content },
      {
        role: "user",
        content: `Your answer does not match the required JSON Schema: ${checked.complaint}. Answer again with only JSON that matches it.`,
      },
    ],
    { ...headers, "Idempotency-Key": repairKey },
  );
  const calls = [...first.calls, ...second.calls];
  const repaired = readCompletion(call, second);
  if (!repaired.ok) {
    return { ...repaired.outcome, calls, attempts, usage: addUsage(read.usage, repaired.outcome.usage) };
  }
  const usage = addUsage(read.usage, repaired.usage);
  const again = await checkContent(schema?.schema, repaired.content, mask);
  if (again.ok) return success(repaired, again.value, calls, attempts, usage);
  return agentFailure(
    `the answer does not match the output schema after a repair: ${again.complaint}`,
    calls,
    {
      attempts,
      usage,
    },
  );
}

type Completion =
  | {
      ok: true;
      content: string;
      status: number;
      headers: Record<string, string>;
      usage: ReturnType<typeof usageOf>;
    }
  | { ok: false; outcome: Extract<AgentOutcome, { ok: false }> };

/** The first choice's content, or why there is none: a refusal by the server or the model. */
function readCompletion(call: AgentCall, outcome: CallOutcome): Completion {
  if (!outcome.ok)
    return { ok: false, outcome: callFailure(outcome) as Extract<AgentOutcome, { ok: false }> };
  const mask = call.deps.mask ?? ((text: string) => text);
  const answer = { status: outcome.httpStatus, headers: outcome.headers ?? {}, body: outcome.outputs };
  const fail = (error: string, usage: ReturnType<typeof usageOf> = null) => ({
    ok: false as const,
    outcome: agentFailure(error, outcome.calls, { usage }) as Extract<AgentOutcome, { ok: false }>,
  });
  if (!is2xx(answer)) return fail(`the server refused the request: ${refusal(answer, mask)}`);
  const body = answer.body as {
    choices?: Array<{ message?: { content?: unknown; refusal?: unknown } }>;
    usage?: unknown;
  } | null;
  const usage = usageOf(body?.usage);
  const message = body?.choices?.[0]?.message;
  if (typeof message?.refusal === "string" && message.refusal)
    return fail(`the model refused${excerpt(mask(message.refusal))}`, usage);
  if (typeof message?.content !== "string")
    return fail("the answer holds no choices[0].message.content", usage);
  return { ok: true, content: message.content, status: answer.status, headers: answer.headers, usage };
}

/**
 * Content as outputs: JSON that matches the schema; without one, JSON when it parses, else
 * the text. Content that is not JSON is quoted masked, then cut: the parser's own message
 * quotes its start unmasked, and a secret cut in two is no longer recognised.
 */
async function checkContent(
  schema: unknown,
  content: string,
  mask: (text: string) => string,
): Promise<{ ok: true; value: unknown } | { ok: false; complaint: string }> {
  const parsed = parseJson(content);
  if (schema === undefined) return { ok: true, value: parsed.ok ? parsed.value : content };
  if (!parsed.ok) return { ok: false, complaint: `the content is not JSON${excerpt(mask(content))}` };
  const miss = (await loadSchemaChecker()).check(schema, parsed.value);
  return miss ? { ok: false, complaint: describeMiss(miss) } : { ok: true, value: parsed.value };
}

function success(
  read: Extract<Completion, { ok: true }>,
  outputs: unknown,
  calls: CallRecord[],
  attempts: number,
  usage: ReturnType<typeof usageOf>,
): AgentOutcome {
  return {
    ok: true,
    answer: { status: read.status, headers: read.headers, body: outputs },
    calls,
    attempts,
    polls: 0,
    usage,
  };
}

/** A json_schema name: letters, digits, _ and - only, at most 64 characters. */
function schemaName(task: string): string {
  return task.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, SCHEMA_NAME_CHARS);
}

function textOf(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
