import { excerpt } from "../text/excerpt.js";
import { pollLoop } from "./poll.js";
import { type Answer, is2xx } from "./read-answer.js";
import type { TokenUsage } from "./result.js";
import { answerOf, readCard, type Version } from "./agent-a2a-card.js";
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
      taskSpan: call.taskSpan,
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

/**
 * A JSON-RPC answer as a task or a message. A JSON-RPC error fails the call with its code and
 * message; 1.0 wraps the result as `{ task }` or `{ message }`, 0.3 tags it with `kind`.
 */
function readReply(
  status: number,
  body: unknown,
  mask: (text: string) => string,
): { ok: true; reply: Reply } | { ok: false; error: string } {
  const rpc = body as { result?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  const rpcError =
    rpc !== null && typeof rpc === "object" && rpc.error
      ? `the agent answered JSON-RPC error ${String(rpc.error.code)}${excerpt(mask(String(rpc.error.message)))}`
      : null;
  // A JSON-RPC error under an HTTP error status (an SDK answers an internal error with 500) still names its code.
  if (!is2xx({ status }))
    return {
      ok: false,
      error: rpcError ? `HTTP ${status}: ${rpcError}` : refusal({ status, headers: {}, body }, mask),
    };
  if (rpcError) return { ok: false, error: rpcError };
  if (rpc === null || typeof rpc !== "object")
    return { ok: false, error: `HTTP ${status} with no JSON-RPC answer${excerpt(mask(String(body)))}` };
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
