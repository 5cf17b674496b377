import {
  buildContext,
  type ExpressionContext,
  evaluateValue,
  toExpressionData,
} from "../expressions/evaluate.js";
import type { data } from "@actions/expressions";
import { buildEnvelope, buildRequest } from "./build-request.js";
import type { CallOutcome } from "./call.js";
import { expressionError, type Finished } from "./decide.js";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "./json-depth.js";
import type { PlannedTask } from "./plan.js";
import { pollUntilDone } from "./poll.js";
import { MIN_SECRET_CHARS, type PreparedRun } from "./prepare.js";
import { type Answer, is2xx, readAnswer } from "./read-answer.js";
import type { TaskResult } from "./result.js";
import type { RunDeps } from "./run-deps.js";
import { answerResult, gateResult, notRun, visibleOutputs } from "./task-result.js";

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
  // Request tasks and mappings read `params` as the run's merged with the task's `with`.
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
  const built = task.request
    ? buildRequest(task, task.request, prepared, contextOf())
    : { ok: true as const, request: buildEnvelope(task, prepared, params, inputOf(task, call.finished)) };
  if (!built.ok) return notRun(task, "failure", `${task.name}.${built.field.join(".")}: ${built.error}`);
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
      deadlineAt,
      signal: call.signal,
    })
    // A transport is the caller's code (the library takes any): a throw there is recorded
    // on the task, so that one broken call cannot lose the whole run's record.
    .catch((error: unknown): CallOutcome => ({
      ok: false,
      error: `the transport failed: ${String(error)}`,
      calls: [],
      cancelled: false,
    }));
  let base: TaskResult = {
    ...notRun(task, "success", null),
    attempts: outcome.calls.length,
    calls: outcome.calls,
    startedAt: new Date(startedAt).toISOString(),
    params,
    request: task.request ? { method: request.method, url: request.url, body: request.sentBody } : null,
  };
  const ended = (result: TaskResult): TaskResult => ({ ...result, durationMs: deps.clock.now() - startedAt });
  if (!outcome.ok)
    return ended({ ...base, status: outcome.cancelled ? "cancelled" : "failure", error: outcome.error });
  if (nestsDeeperThan(outcome.outputs)) {
    return ended({
      ...base,
      status: "failure",
      error: `the answer nests deeper than ${MAX_JSON_DEPTH} levels`,
    });
  }
  const first: Answer = { status: outcome.httpStatus, headers: outcome.headers ?? {}, body: outcome.outputs };
  if (!task.request && task.answer.poll === null && Object.values(task.answer).every((v) => v === null)) {
    return ended(task.kind === "layer" ? gateResult(base, first.body) : answerResult(base, first.body));
  }
  let answer = first;
  if (task.answer.poll && is2xx(first)) {
    const { "Content-Type": _, ...pollHeaders } = request.headers;
    const polled = await pollUntilDone({
      task,
      poll: task.answer.poll,
      first: { ...first, url: outcome.finalUrl ?? request.url },
      headers: pollHeaders,
      contextOf,
      call: deps.call,
      clock: deps.clock,
      signal: call.signal,
      deadlineAt,
    });
    const calls = [...outcome.calls, ...polled.calls];
    if (!polled.ok) {
      const status = polled.cancelled ? "cancelled" : "failure";
      return ended({
        ...base,
        calls,
        attempts: calls.length,
        polls: polled.polls,
        status,
        error: polled.error,
      });
    }
    answer = polled.answer;
    base = { ...base, calls, attempts: calls.length, polls: polled.polls };
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
  if (read.status === "rejected") {
    const error = read.reasons.length ? `rejected: ${read.reasons.join("; ")}` : "rejected";
    return ended({ ...result, status: "rejected", error });
  }
  return ended(task.kind === "layer" ? result : answerResult(result, read.outputs));
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
