import {
  buildContext,
  type ExpressionContext,
  evaluateValue,
  toExpressionData,
} from "../expressions/evaluate.js";
import type { data } from "@actions/expressions";
import { callA2a } from "./agent-a2a.js";
import { type AgentCall, type AgentOutcome, agentFailure, agentValue } from "./agent-call.js";
import { attemptDeps } from "./attempt-deps.js";
import { callMcp } from "./agent-mcp.js";
import { callOpenAiChat } from "./agent-openai-chat.js";
import { buildEnvelope, buildRequest, envelopeOf } from "./build-request.js";
import type { CallOutcome } from "./call.js";
import { expressionError, type Finished } from "./decide.js";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "./json-depth.js";
import { describeMiss, loadSchemaChecker } from "./json-schema.js";
import type { PlannedAgent, PlannedTask } from "./plan.js";
import { pollUntilDone } from "./poll.js";
import { MIN_SECRET_CHARS, type PreparedRun } from "./prepare.js";
import { type Answer, is2xx, readAnswer } from "./read-answer.js";
import type { CallRecord, TaskResult, TokenUsage } from "./result.js";
import type { AnswerAgent, RunDeps } from "./run-deps.js";
import { answerResult, gateResult, notRun, visibleOutputs, waitingResult } from "./task-result.js";

/** What a task's expressions see: the run's contexts, and the tasks finished so far. */
export interface TaskScope {
  /** `params`, `env`, `run`, `github`, as expression data. */
  base: Record<string, data.ExpressionData>;
  tasks: data.Dictionary;
  /** The same, built once: what `with` and `if` read. */
  context: ExpressionContext;
}

interface Call {
  task: PlannedTask;
  prepared: PreparedRun;
  finished: Map<string, Finished>;
  scope: TaskScope;
  deps: RunDeps;
  signal: AbortSignal;
  runDeadline: number | null;
  /** The run's trace, worked out once per run. */
  traceId: string;
}

/**
 * Calls one task and reads its answer: the call contract's envelope, or for a task with a
 * `request` the API as it is, polled when it is a long-running operation, its answer read
 * by the task's mappings. A failure is recorded in the result, never thrown.
 */
export async function callTask(call: Call): Promise<TaskResult> {
  const { task, prepared, scope, deps } = call;
  const startedAt = deps.clock.now();
  deps.onEvent?.({ type: "task:start", workflow: prepared.plan.id, task: task.name });
  const own = task.with ? evaluateValue(task.with, scope.context) : { ok: true as const, value: {} };
  if (!own.ok) return notRun(task, "failure", expressionError(task, ["with", ...own.path], own));
  const params = { ...prepared.params, ...(own.value as Record<string, unknown>) };
  const taskDeadline = task.deadlineMs === null ? null : startedAt + task.deadlineMs;
  const deadlines = [taskDeadline, call.runDeadline].filter((d): d is number => d !== null);
  const deadlineAt = deadlines.length ? Math.min(...deadlines) : null;
  // Request tasks, agents and mappings read `params` as the run's merged with the task's `with`.
  // Converted only for a task that reads it: an envelope task without mappings never does.
  let paramsData: ReturnType<typeof toExpressionData> | undefined;
  const contextOf = (answer?: Answer) =>
    buildContext({
      ...scope.base,
      params: (paramsData ??= toExpressionData(params)),
      tasks: scope.tasks,
      ...(answer
        ? {
            response: toExpressionData({ status: answer.status, headers: answer.headers, body: answer.body }),
          }
        : {}),
    });
  const taskSpan = deps.newSpanId?.() ?? null;
  const exchange = { ...call, deps: attemptDeps(call), params, deadlineAt, contextOf, taskSpan };
  const exchanged = task.agent ? await askAgent(exchange, task.agent) : await callHttp(exchange);
  const base: TaskResult = {
    ...notRun(task, "success", null),
    ...(taskSpan ? { spanId: taskSpan } : {}),
    attempts: exchanged.attempts,
    calls: exchanged.calls,
    startedAt: new Date(startedAt).toISOString(),
    params,
    request: exchanged.request,
    polls: exchanged.polls,
    usage: exchanged.usage,
  };
  const ended = (result: TaskResult): TaskResult => ({ ...result, durationMs: deps.clock.now() - startedAt });
  if (!exchanged.ok)
    return ended({ ...base, status: exchanged.cancelled ? "cancelled" : "failure", error: exchanged.error });
  const { answer } = exchanged;
  if (nestsDeeperThan(answer.body)) {
    return ended({
      ...base,
      status: "failure",
      error: `the answer nests deeper than ${MAX_JSON_DEPTH} levels`,
    });
  }
  const cannotPark = deps.cannotPark ?? null;
  if (exchanged.plain) {
    const read =
      task.kind === "layer" ? gateResult(base, answer.body, cannotPark) : answerResult(base, answer.body);
    return ended(await checkOutputs(task, read));
  }
  const read = readAnswer(task, answer, contextOf(answer), deps.mask ?? ((text) => text));
  const response = task.request ? { status: answer.status, body: answer.body } : null;
  const secrets = secretOutputs(task, read.outputs).filter(
    (value) => value.trim().length >= MIN_SECRET_CHARS,
  );
  if (secrets.length)
    deps.onEvent?.({ type: "secrets", workflow: prepared.plan.id, task: task.name, values: secrets });
  const result = { ...base, response, outputs: read.outputs };
  if (read.status === "failure") return ended({ ...result, status: "failure", error: read.error });
  if (read.status === "waiting")
    return ended(await checkOutputs(task, waitingResult(result, read.reasons, cannotPark)));
  if (read.status === "rejected") {
    const error = read.reasons.length ? `rejected: ${read.reasons.join("; ")}` : "rejected";
    return ended(await checkOutputs(task, { ...result, status: "rejected", error }));
  }
  return ended(await checkOutputs(task, task.kind === "layer" ? result : answerResult(result, read.outputs)));
}

/** A call on its way: the task, what it reads, and the time it has. */
interface Exchange extends Call {
  params: Record<string, unknown>;
  deadlineAt: number | null;
  contextOf: (answer?: Answer) => ExpressionContext;
  taskSpan: string | null;
}

/** How a call ended, whatever spoke it: the answer to read, or why there is none. */
type Exchanged = {
  calls: CallRecord[];
  attempts: number;
  polls: number;
  usage: TokenUsage | null;
  request: TaskResult["request"];
} & (
  | {
      ok: true;
      answer: Answer;
      /** An envelope answer with nothing to map: the call contract reads it as it is. */
      plain: boolean;
    }
  | { ok: false; error: string; cancelled: boolean }
);

/**
 * The call contract's envelope, or for a task with a `request` the API as it is, polled
 * when it is a long-running operation.
 */
async function callHttp(exchange: Exchange): Promise<Exchanged> {
  const { task, prepared, deps } = exchange;
  const built = task.request
    ? buildRequest(task, task.request, prepared, exchange.contextOf())
    : {
        ok: true as const,
        request: buildEnvelope(task, prepared, exchange.params, inputOf(task, exchange.finished)),
      };
  const none = { calls: [], attempts: 0, polls: 0, usage: null, request: null, cancelled: false };
  if (!built.ok)
    return { ...none, ok: false, error: `${task.name}.${built.field.join(".")}: ${built.error}` };
  const { request } = built;
  const outcome = await deps
    .call({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.body,
      mode: task.request ? "response" : "envelope",
      timeoutMs: task.timeoutMs,
      retry: task.retry,
      deadlineAt: exchange.deadlineAt,
      signal: exchange.signal,
    })
    // A transport is the caller's code (the library takes any): a throw there is recorded
    // on the task, so that one broken call cannot lose the whole run's record.
    .catch((error: unknown): CallOutcome => ({
      ok: false,
      error: `the transport failed: ${String(error)}`,
      calls: [],
      cancelled: false,
    }));
  const sent = task.request ? { method: request.method, url: request.url, body: request.sentBody } : null;
  const made = { calls: outcome.calls, attempts: outcome.calls.length, polls: 0, usage: null, request: sent };
  if (!outcome.ok) return { ...made, ok: false, error: outcome.error, cancelled: outcome.cancelled };
  const first: Answer = { status: outcome.httpStatus, headers: outcome.headers ?? {}, body: outcome.outputs };
  const plain = !task.request && Object.values(task.answer).every((v) => v === null);
  if (!task.answer.poll || !is2xx(first) || nestsDeeperThan(first.body))
    return { ...made, ok: true, answer: first, plain };
  const { "Content-Type": _, ...pollHeaders } = request.headers;
  const polled = await pollUntilDone({
    task,
    poll: task.answer.poll,
    first: { ...first, url: outcome.finalUrl ?? request.url },
    headers: pollHeaders,
    contextOf: exchange.contextOf,
    call: deps.call,
    clock: deps.clock,
    signal: exchange.signal,
    deadlineAt: exchange.deadlineAt,
    taskSpan: exchange.taskSpan,
  });
  const calls = [...outcome.calls, ...polled.calls];
  const after = { ...made, calls, attempts: calls.length, polls: polled.polls };
  if (!polled.ok) return { ...after, ok: false, error: polled.error, cancelled: polled.cancelled };
  return { ...after, ok: true, answer: polled.answer, plain: false };
}

/** An agent, spoken to in its protocol: the envelope (or a tool's arguments) and its answer's outputs. */
async function askAgent(exchange: Exchange, agent: PlannedAgent): Promise<Exchanged> {
  const { task, prepared } = exchange;
  const envelope = envelopeOf(task, prepared, exchange.params, inputOf(task, exchange.finished));
  const agentCall: AgentCall = { ...exchange, agent, envelope, context: exchange.contextOf() };
  const speak = exchange.deps.answerAgent
    ? recordedAgent(exchange.deps.answerAgent)
    : { a2a: callA2a, "openai-chat": callOpenAiChat, mcp: callMcp }[agent.protocol];
  const outcome = await speak(agentCall).catch((error: unknown): AgentOutcome =>
    agentFailure(`the agent call failed: ${String(error)}`),
  );
  return { ...outcome, request: null, ...(outcome.ok ? { plain: false } : {}) } as Exchanged;
}

/**
 * An agent answered from a record (test mode): it is told what the protocol would send (the
 * envelope and the prompt; an MCP tool its arguments), and answers the outputs the protocol
 * would extract.
 */
function recordedAgent(answer: AnswerAgent) {
  return async (call: AgentCall): Promise<AgentOutcome> => {
    const field = call.agent.protocol === "mcp" ? "arguments" : "prompt";
    const value = agentValue(call, field, call.agent[field]);
    if (!value.ok) return agentFailure(value.error);
    const given = field === "arguments" && call.agent.arguments === null ? call.params : value.value;
    const message = field === "arguments" ? { arguments: given } : { envelope: call.envelope, prompt: given };
    return answer({ task: call.task, message, signal: call.signal, deadlineAt: call.deadlineAt });
  };
}

/**
 * The outputs, after mapping, against the task's output schema: a miss fails the task
 * naming the first failing field. A result that did not succeed is left as it is.
 */
async function checkOutputs(task: PlannedTask, result: TaskResult): Promise<TaskResult> {
  if (!task.outputSchema || result.status === "failure") return result;
  const miss = (await loadSchemaChecker()).check(task.outputSchema.schema, result.outputs);
  if (!miss) return result;
  return {
    ...result,
    status: "failure",
    error: `the outputs do not match the output schema: ${describeMiss(miss)}`,
  };
}

/** One need: its outputs; several: keyed by name; none: null. */
function inputOf(task: PlannedTask, finished: Map<string, Finished>): unknown {
  const outputsOf = (name: string) => visibleOutputs((finished.get(name) as Finished).result);
  if (task.needs.length === 0) return null;
  if (task.needs.length === 1) return outputsOf(task.needs[0] as string);
  return Object.fromEntries(task.needs.map((name) => [name, outputsOf(name)]));
}

/** The values at the task's `secret-outputs` paths (`access_token`, `auth.token`), as text. */
function secretOutputs(task: PlannedTask, outputs: unknown): string[] {
  return task.secretOutputs.flatMap((path) => {
    let value: unknown = outputs;
    for (const key of path.split(".")) {
      value =
        value !== null && typeof value === "object" && Object.hasOwn(value, key)
          ? (value as Record<string, unknown>)[key]
          : undefined;
    }
    if (value === undefined || value === null) return [];
    return [typeof value === "string" ? value : JSON.stringify(value)];
  });
}
