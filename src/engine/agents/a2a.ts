import { excerpt } from "../../text/excerpt.js";
import type { CallOutcome } from "../call.js";
import { pollLoop } from "../poll.js";
import { type Answer, is2xx } from "../read-answer.js";
import type { TokenUsage } from "../result.js";
import {
  type AgentCall,
  type AgentOutcome,
  agentFailure,
  agentHeaders,
  agentValue,
  callFailure,
  callLimits,
  outputsOfParts,
  refusal,
  usageOf,
} from "./agent-call.js";

/** Between polls of a working task when the agent sends no Retry-After: as for any long-running operation. */
const POLL_INTERVAL_MS = 5000;
const WORKING = ["submitted", "working"];

type Version = "1.0" | "0.3";
interface Interface {
  version: Version;
  /** What the A2A-Version header says: the card's own spelling of 1.0. */
  header: string;
  url: string;
}
interface Part {
  text?: string;
  data?: unknown;
}
/** A task or a message, whichever protocol version sent it, in one shape. */
type Reply =
  | { kind: "task"; id: string; state: string; said: string; parts: Part[]; usage: TokenUsage | null }
  | { kind: "message"; parts: Part[]; usage: TokenUsage | null };

/**
 * Calls an A2A agent: reads its card, sends one message (the envelope as a data part, the
 * prompt as a text part) over JSON-RPC, and polls a task that is still working with
 * GetTask. The message asks to answer at once, so a slow agent is polled within the
 * deadline rather than held past the attempt's timeout. The message id derives from the
 * Idempotency-Key, so a retry is byte-identical.
 */
export async function callA2a(call: AgentCall): Promise<AgentOutcome> {
  const found = await readCard(call);
  if (!found.ok) return found.outcome;
  const target = found.target;
  const prompt = agentValue(call, "prompt", call.agent.prompt);
  if (!prompt.ok) return agentFailure(prompt.error);
  const headers: Record<string, string> = {
    ...agentHeaders(call),
    // Without it an agent reads the message as 0.3.
    ...(target.version === "1.0" ? { "A2A-Version": target.header } : {}),
  };
  const { prepared, task } = call;
  const messageId = `${prepared.run.id}:${prepared.plan.id}:${task.name}`;
  const body = JSON.stringify(sendMessage(target.version, messageId, call.envelope, prompt.value));
  const sent = await call.deps.call({
    method: "POST",
    url: target.url,
    headers,
    body,
    mode: "response",
    ...callLimits(call),
  });
  if (!sent.ok) return callFailure(sent);
  const mask = call.deps.mask ?? ((text: string) => text);
  const first = readReply(sent.httpStatus, sent.outputs, mask);
  const attempts = sent.calls.length;
  if (!first.ok) return agentFailure(first.error, sent.calls);
  let reply = first.reply;
  let last: Answer = answerOf(sent);
  let polls = 0;
  let calls = sent.calls;
  if (reply.kind === "task" && WORKING.includes(reply.state)) {
    let latest: Reply = reply;
    let read = 0;
    const polled = await pollLoop({
      task,
      first: { ...last, url: target.url },
      intervalMs: POLL_INTERVAL_MS,
      timeoutMs: null,
      done: (answer) => {
        // The first answer is the working task itself.
        if (read++ === 0) return { ok: true, value: false };
        const polled = readReply(answer.status, answer.body, mask);
        if (!polled.ok) return { ok: false, error: polled.error };
        latest = polled.reply;
        return { ok: true, value: !(latest.kind === "task" && WORKING.includes(latest.state)) };
      },
      next: () => ({
        ok: true,
        request: {
          method: "POST",
          url: target.url,
          headers,
          body: JSON.stringify(getTask(target.version, (reply as { id: string }).id)),
        },
      }),
      call: call.deps.call,
      clock: call.deps.clock,
      signal: call.signal,
      deadlineAt: call.deadlineAt,
    });
    calls = [...calls, ...polled.calls];
    polls = polled.polls;
    if (!polled.ok)
      return agentFailure(polled.error, calls, { cancelled: polled.cancelled, attempts, polls });
    reply = latest;
    last = polled.answer;
  }
  const ended = { calls, attempts, polls, usage: reply.usage };
  if (reply.kind === "task" && reply.state !== "completed") {
    return { ok: false, error: taskEnd(reply.state, reply.said, mask), cancelled: false, ...ended };
  }
  return { ok: true, answer: { ...last, body: outputsOfParts(reply.parts) }, ...ended };
}

/**
 * The agent card, from the endpoint's origin (or its `card:`), and the JSON-RPC interface
 * it names: 1.0 when the card offers it, 0.3 when it declares only that. An interface on
 * another origin is not called: the endpoint's headers carry its credentials.
 */
async function readCard(
  call: AgentCall,
): Promise<{ ok: true; target: Interface } | { ok: false; outcome: AgentOutcome }> {
  const url = call.agent.card;
  const endpoint = new URL(call.task.url);
  const sameOrigin = new URL(url).origin === endpoint.origin;
  const got = await call.deps.call({
    method: "GET",
    url,
    headers: { Accept: "application/json", ...(sameOrigin ? call.prepared.headers[call.task.target] : {}) },
    body: null,
    mode: "response",
    ...callLimits(call),
  });
  const failed = (why: string) => ({
    ok: false as const,
    outcome: agentFailure(`the agent card at ${url} ${why}`),
  });
  if (!got.ok) {
    if (got.cancelled) return { ok: false, outcome: callFailure(got) };
    return failed(`could not be read: ${got.error}`);
  }
  const mask = call.deps.mask ?? ((text: string) => text);
  if (!is2xx({ status: got.httpStatus }))
    return failed(
      `could not be read: ${refusal(answerOf(got), mask)} (set the endpoint's card: to where it is)`,
    );
  const card = got.outputs as Record<string, unknown> | null;
  if (card === null || typeof card !== "object") return failed("is not a JSON object");
  const target = interfaceOf(card, call.task.url);
  if (!target.ok) return failed(target.error);
  if (new URL(target.value.url).origin !== endpoint.origin) {
    return failed(
      `names ${target.value.url}, on another origin than the endpoint: it is not called, as the endpoint's headers would go with it`,
    );
  }
  return { ok: true, target: target.value };
}

function interfaceOf(
  card: Record<string, unknown>,
  endpointUrl: string,
): { ok: true; value: Interface } | { ok: false; error: string } {
  const listed = Array.isArray(card.supportedInterfaces) ? (card.supportedInterfaces as unknown[]) : [];
  const interfaces = listed.filter(
    (i): i is { url: string; protocolBinding?: unknown; protocolVersion?: unknown } =>
      i !== null && typeof i === "object" && typeof (i as { url?: unknown }).url === "string",
  );
  const jsonRpc = interfaces.filter((i) => String(i.protocolBinding ?? "").toUpperCase() === "JSONRPC");
  const current = jsonRpc.find((i) => String(i.protocolVersion ?? "1.0").startsWith("1."));
  if (current) {
    const header = typeof current.protocolVersion === "string" ? current.protocolVersion : "1.0";
    return { ok: true, value: { version: "1.0", header, url: current.url } };
  }
  const declared = typeof card.protocolVersion === "string" ? card.protocolVersion : null;
  if (declared?.startsWith("0.3")) {
    const transport = String(card.preferredTransport ?? "JSONRPC").toUpperCase();
    const extra = Array.isArray(card.additionalInterfaces) ? (card.additionalInterfaces as unknown[]) : [];
    const rpc = extra.find(
      (i): i is { url: string } =>
        i !== null &&
        typeof i === "object" &&
        String((i as { transport?: unknown }).transport).toUpperCase() === "JSONRPC" &&
        typeof (i as { url?: unknown }).url === "string",
    );
    const url =
      transport === "JSONRPC" && typeof card.url === "string" ? card.url : (rpc?.url ?? endpointUrl);
    return { ok: true, value: { version: "0.3", header: "0.3", url } };
  }
  if (interfaces.length > 0) {
    const offered = interfaces.map((i) =>
      `${String(i.protocolBinding)} ${String(i.protocolVersion ?? "")}`.trim(),
    );
    return { ok: false, error: `offers no JSON-RPC interface of A2A 1.0 (it offers ${offered.join(", ")})` };
  }
  return { ok: true, value: { version: "1.0", header: "1.0", url: endpointUrl } };
}

function sendMessage(version: Version, messageId: string, envelope: unknown, prompt: unknown) {
  const text =
    prompt === null || prompt === undefined
      ? null
      : typeof prompt === "string"
        ? prompt
        : JSON.stringify(prompt);
  if (version === "0.3") {
    const parts = [{ kind: "data", data: envelope }, ...(text === null ? [] : [{ kind: "text", text }])];
    return {
      jsonrpc: "2.0",
      id: 1,
      method: "message/send",
      params: {
        message: { kind: "message", messageId, role: "user", parts },
        configuration: { blocking: false },
      },
    };
  }
  const parts = [{ data: envelope, mediaType: "application/json" }, ...(text === null ? [] : [{ text }])];
  return {
    jsonrpc: "2.0",
    id: 1,
    method: "SendMessage",
    params: { message: { messageId, role: "ROLE_USER", parts }, configuration: { returnImmediately: true } },
  };
}

function getTask(version: Version, id: string) {
  return { jsonrpc: "2.0", id: 1, method: version === "0.3" ? "tasks/get" : "GetTask", params: { id } };
}

function answerOf(outcome: Extract<CallOutcome, { ok: true }>): Answer {
  return { status: outcome.httpStatus, headers: outcome.headers ?? {}, body: outcome.outputs };
}

/**
 * A JSON-RPC answer as a task or a message. A JSON-RPC error fails the call with its code and
 * message; 1.0 wraps the result as `{ task }` or `{ message }`, 0.3 tags it with `kind`.
 */
function readReply(
  status: number,
  body: unknown,
  mask: (text: string) => string,
): { ok: true; reply: Reply } | { ok: false; error: string } {
  if (!is2xx({ status })) return { ok: false, error: refusal({ status, headers: {}, body }, mask) };
  const rpc = body as { result?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  if (rpc === null || typeof rpc !== "object")
    return { ok: false, error: `HTTP ${status} with no JSON-RPC answer${excerpt(mask(String(body)))}` };
  if (rpc.error) {
    const { code, message } = rpc.error;
    return {
      ok: false,
      error: `the agent answered JSON-RPC error ${String(code)}${excerpt(mask(String(message)))}`,
    };
  }
  const result = (rpc.result ?? null) as Record<string, unknown> | null;
  // SendMessage wraps its result as { task } or { message }; GetTask and 0.3 answer the object itself.
  const wrapped = (result?.task ?? result?.message ?? null) as Record<string, unknown> | null;
  const value = wrapped ?? result;
  const kind = result?.task
    ? "task"
    : result?.message
      ? "message"
      : (result?.kind ?? (result?.status ? "task" : null));
  if (value === null || (kind !== "task" && kind !== "message"))
    return { ok: false, error: "the agent's answer holds neither a task nor a message" };
  const usage = usageOf((value.metadata as { usage?: unknown } | undefined)?.usage);
  if (kind === "message") return { ok: true, reply: { kind, parts: partsOf(value.parts), usage } };
  const statusOf = (value.status ?? {}) as { state?: unknown; message?: { parts?: unknown } };
  const artifacts = Array.isArray(value.artifacts) ? (value.artifacts as Array<{ parts?: unknown }>) : [];
  const parts = artifacts.flatMap((artifact) => partsOf(artifact.parts));
  const said = partsOf(statusOf.message?.parts)
    .flatMap((part) => (typeof part.text === "string" ? [part.text] : []))
    .join(" ");
  return {
    ok: true,
    reply: {
      kind,
      id: String(value.id ?? ""),
      state: stateOf(statusOf.state),
      said,
      // A task that completes with its answer only in the status message still answers.
      parts: parts.length ? parts : partsOf(statusOf.message?.parts),
      usage,
    },
  };
}

/** `TASK_STATE_INPUT_REQUIRED` (1.0) and `input-required` (0.3) alike, as `input-required`. */
function stateOf(state: unknown): string {
  return String(state ?? "unknown")
    .replace(/^TASK_STATE_/, "")
    .toLowerCase()
    .replaceAll("_", "-");
}

function partsOf(parts: unknown): Part[] {
  return Array.isArray(parts) ? (parts.filter((p) => p !== null && typeof p === "object") as Part[]) : [];
}

/** Why a task that ended without completing failed, in the agent's words. */
function taskEnd(state: string, said: string, mask: (text: string) => string): string {
  const words = said ? excerpt(mask(said)) : "";
  switch (state) {
    case "input-required":
      return `the agent asks for input${words || " (it did not say what)"}`;
    case "auth-required":
      return `the agent asks for authorization${words || " (it did not say what)"}`;
    case "failed":
    case "rejected":
    case "canceled":
      return `the agent's task ended ${state}${words}`;
    default:
      return `the agent's task ended in state ${state}${words}`;
  }
}
