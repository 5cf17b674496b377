import { setMaxListeners } from "node:events";
import { formatDuration } from "../definition/duration.js";
import { formatPath } from "../definition/problem.js";
import { expressionsIn } from "../expressions/compile.js";
import {
  buildContext,
  type ExpressionContext,
  evaluateCondition,
  evaluateValue,
  type StatusAnswers,
  toExpressionData,
} from "../expressions/evaluate.js";
import type { CallOutcome, CallTask } from "./call.js";
import type { Clock } from "./clock.js";
import type { RunListener } from "./events.js";
import type { PlannedTask } from "./plan.js";
import type { PreparedRun } from "./prepare.js";
import { type RunResult, runStatusOf, type TaskResult, type TaskStatus } from "./result.js";

export interface RunDeps {
  call: CallTask;
  clock: Clock;
  /** Cancels the run: no task starts after it; calls in flight are aborted. */
  signal?: AbortSignal;
  onEvent?: RunListener;
}

/** What later tasks know of a finished one. */
interface Finished {
  result: TaskResult;
  /** It and all its needs, directly or not, count as success. */
  chainOk: boolean;
  /** It or one of its needs, directly or not, failed (not continue-on-error). */
  chainFailed: boolean;
}

/**
 * Runs a prepared workflow: tasks start when their needs have ended, at most `concurrency`
 * at once, with no fail-fast. A task's failure is recorded in its result, never thrown.
 */
export async function runWorkflow(prepared: PreparedRun, deps: RunDeps): Promise<RunResult> {
  const { plan } = prepared;
  const { clock } = deps;
  const started = clock.now();
  const stop = new AbortController();
  // Every call in flight listens for the run's end: as many listeners as the concurrency is normal.
  setMaxListeners(plan.concurrency + 10, stop.signal);
  let stopReason: string | null = null;
  const cancel = (reason: string) => {
    if (stopReason) return;
    stopReason = reason;
    stop.abort(new Error(reason));
  };
  const onSignal = () => cancel("cancelled");
  if (deps.signal?.aborted) onSignal();
  deps.signal?.addEventListener("abort", onSignal, { once: true });
  const timedOut = () => cancel(`the run timed out after ${formatDuration(plan.timeoutMs ?? 0)}`);
  const runTimer = plan.timeoutMs === null ? undefined : setTimeout(timedOut, plan.timeoutMs);
  const runDeadline = plan.timeoutMs === null ? null : started + plan.timeoutMs;

  deps.onEvent?.({ type: "run:start", workflow: plan.id, runId: prepared.run.id, tasks: plan.tasks.length });
  const base = {
    params: toExpressionData(prepared.params),
    env: toExpressionData(prepared.env),
    run: toExpressionData(prepared.run),
    github: toExpressionData(prepared.github),
  };
  const finished = new Map<string, Finished>();
  const tasksData = buildContext({});
  // Converting an answer for expressions copies it: only the tasks some expression reads
  // are converted, so that large outputs nobody reads cost no more memory.
  const readTasks = new Set(
    plan.tasks
      .flatMap((t) => [t.condition, ...(t.with ? expressionsIn(t.with) : [])])
      .flatMap((e) => e.tasks.map((n) => n.toLowerCase())),
  );
  const context = buildContext({ ...base, tasks: tasksData });
  const order = new Map(plan.tasks.map((t, i) => [t.name, i]));
  const unmet = new Map(plan.tasks.map((t) => [t.name, t.needs.length]));
  const dependants = new Map<string, PlannedTask[]>();
  for (const task of plan.tasks) {
    for (const need of task.needs) {
      const list = dependants.get(need);
      if (list) list.push(task);
      else dependants.set(need, [task]);
    }
  }
  // Ready tasks, kept in definition order so that a run is predictable.
  const ready: PlannedTask[] = plan.tasks.filter((t) => t.needs.length === 0);
  const running = new Set<Promise<void>>();

  const finish = (task: PlannedTask, result: TaskResult) => {
    const selfOk = result.status === "success" || (result.status === "failure" && task.continueOnError);
    const selfFailed = result.status === "failure" && !task.continueOnError;
    const needs = task.needs.map((n) => finished.get(n) as Finished);
    finished.set(task.name, {
      result,
      chainOk: selfOk && needs.every((n) => n.chainOk),
      chainFailed: selfFailed || needs.some((n) => n.chainFailed),
    });
    if (readTasks.has(task.name.toLowerCase())) {
      const outputs = toExpressionData(visibleOutputs(result));
      tasksData.add(task.name, buildContext({ outputs, status: toExpressionData(result.status) }));
    }
    deps.onEvent?.({ type: "task:end", workflow: plan.id, result });
    for (const dependant of dependants.get(task.name) ?? []) {
      const left = (unmet.get(dependant.name) ?? 0) - 1;
      unmet.set(dependant.name, left);
      if (left === 0) insertInOrder(ready, dependant, order);
    }
  };

  while (ready.length > 0 || running.size > 0) {
    while (ready.length > 0) {
      const task = ready[0] as PlannedTask;
      if (stopReason) {
        ready.shift();
        finish(task, notRun(task, "skipped", `skipped: ${stopReason}`));
        continue;
      }
      const decision = decide(task, finished, context);
      if (decision) {
        ready.shift();
        finish(task, decision);
        continue;
      }
      if (running.size >= plan.concurrency) break;
      ready.shift();
      const promise = callOne(task, prepared, finished, context, deps, stop.signal, runDeadline).then(
        (result) => {
          running.delete(promise);
          // The transport's attempt timeout can reach the run's deadline just before the run's timer: one event.
          if (runDeadline !== null && clock.now() >= runDeadline) timedOut();
          finish(
            task,
            stopReason && result.status === "failure" ? { ...result, status: "cancelled" } : result,
          );
        },
      );
      running.add(promise);
    }
    if (running.size > 0) await Promise.race(running);
  }

  clearTimeout(runTimer);
  deps.signal?.removeEventListener("abort", onSignal);
  const tasks = plan.tasks.map((t) => (finished.get(t.name) as Finished).result);
  const ended = clock.now();
  const result: RunResult = {
    workflow: plan.id,
    name: plan.name,
    file: plan.file,
    runId: prepared.run.id,
    attempt: prepared.run.attempt,
    trigger: prepared.run.trigger,
    status: stopReason ? "cancelled" : runStatusOf(tasks),
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(ended).toISOString(),
    durationMs: ended - started,
    params: prepared.params,
    error: stopReason,
    tasks,
  };
  deps.onEvent?.({ type: "run:end", result });
  return result;
}

function insertInOrder(queue: PlannedTask[], task: PlannedTask, order: Map<string, number>) {
  const rank = order.get(task.name) ?? 0;
  let i = queue.length;
  while (i > 0 && (order.get((queue[i - 1] as PlannedTask).name) ?? 0) > rank) i--;
  queue.splice(i, 0, task);
}

/** Skips a task whose `if` is false, or fails it when the `if` cannot be evaluated. */
function decide(
  task: PlannedTask,
  finished: Map<string, Finished>,
  context: ExpressionContext,
): TaskResult | null {
  const needs = task.needs.map((n) => finished.get(n) as Finished);
  const status: StatusAnswers = {
    success: () => needs.every((n) => n.chainOk),
    failure: () => needs.some((n) => n.chainFailed),
    always: () => true,
    // No task starts after a cancellation, so a task that gets here was not cancelled.
    cancelled: () => false,
  };
  // An `if` without a status function means `success() && (…)`: when the needs did not
  // succeed, the condition is not evaluated at all (it may read their null outputs).
  // `success()` alone, the default, is skipped the same way, naming the need to blame.
  const onlySuccess = task.condition.source.replace(/\s/g, "").toLowerCase() === "success()";
  const needsSuccess = task.condition.statusCalls.length === 0 || onlySuccess;
  if (needsSuccess && !status.success()) return notRun(task, "skipped", skipReason(task, needs, true));
  const condition = evaluateCondition(task.condition, context, status);
  if (!condition.ok) return notRun(task, "failure", expressionError(task, ["if"], condition));
  return condition.value ? null : notRun(task, "skipped", skipReason(task, needs, false));
}

/** A runtime expression error, naming the task, the field and the expression. */
function expressionError(
  task: PlannedTask,
  field: Array<string | number>,
  failed: { source: string; message: string },
) {
  return `cannot evaluate \${{ ${failed.source} }} in ${task.name}.${formatPath(field)}: ${failed.message}`;
}

function skipReason(task: PlannedTask, needs: Finished[], becauseOfNeeds: boolean): string {
  if (becauseOfNeeds) {
    const blocker = needs.find((n) => !n.chainOk);
    if (blocker) {
      const { name, status, error } = blocker.result;
      // Blame the task that stopped the chain, not the skipped one in between.
      if (status === "skipped" && error && !error.startsWith(IF_FALSE)) return error;
      const verb: Record<TaskStatus, string> = {
        success: "succeeded",
        failure: "failed",
        rejected: "rejected",
        skipped: "was skipped",
        cancelled: "was cancelled",
      };
      return `skipped: ${name} ${verb[status]}`;
    }
  }
  return `${IF_FALSE}\${{ ${task.condition.source} }} was false`;
}

const IF_FALSE = "skipped: if ";

async function callOne(
  task: PlannedTask,
  prepared: PreparedRun,
  finished: Map<string, Finished>,
  context: ExpressionContext,
  deps: RunDeps,
  signal: AbortSignal,
  runDeadline: number | null,
): Promise<TaskResult> {
  const startedAt = deps.clock.now();
  deps.onEvent?.({ type: "task:start", workflow: prepared.plan.id, task: task.name });
  const own = task.with ? evaluateValue(task.with, context) : { ok: true as const, value: {} };
  if (!own.ok) return notRun(task, "failure", expressionError(task, ["with", ...own.path], own));
  const params = { ...prepared.params, ...(own.value as Record<string, unknown>) };
  const body = JSON.stringify({
    workflow: prepared.plan.id,
    run: prepared.run.id,
    task: task.name,
    action: task.action,
    params,
    input: inputOf(task, finished),
  });
  const taskDeadline = task.deadlineMs === null ? null : startedAt + task.deadlineMs;
  const deadlines = [taskDeadline, runDeadline].filter((d): d is number => d !== null);
  // A transport is the caller's code (the library takes any): a throw there is recorded
  // on the task, so that one broken call cannot lose the whole run's record.
  const outcome: CallOutcome = await deps
    .call({
      url: task.url,
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "Idempotency-Key": `"${prepared.run.id}:${prepared.plan.id}:${task.name}"`,
        "X-Mgmt-Workflow": prepared.plan.id,
        "X-Mgmt-Task": task.name,
        "X-Mgmt-Run": prepared.run.id,
        ...prepared.headers[task.target],
      },
      body,
      timeoutMs: task.timeoutMs,
      retry: task.retry,
      deadlineAt: deadlines.length ? Math.min(...deadlines) : null,
      signal,
    })
    .catch((error: unknown) => ({
      ok: false,
      error: `the transport failed: ${String(error)}`,
      calls: [],
      cancelled: false,
    }));
  const base = {
    ...notRun(task, "success", null),
    attempts: outcome.calls.length,
    calls: outcome.calls,
    durationMs: deps.clock.now() - startedAt,
    startedAt: new Date(startedAt).toISOString(),
    params,
  };
  if (!outcome.ok)
    return { ...base, status: outcome.cancelled ? "cancelled" : "failure", error: outcome.error };
  if (task.kind !== "layer") return { ...base, outputs: outcome.outputs };
  return gateResult(base, outcome.outputs);
}

/** A governance answer must be an object with a boolean `approved`; false rejects. */
function gateResult(base: TaskResult, outputs: unknown): TaskResult {
  const answer = outputs as { approved?: unknown; reasons?: unknown } | null;
  if (answer === null || typeof answer !== "object" || typeof answer.approved !== "boolean") {
    return { ...base, outputs, status: "failure", error: "the governance answer has no boolean `approved`" };
  }
  if (answer.approved) return { ...base, outputs };
  const reasons = Array.isArray(answer.reasons) ? answer.reasons.filter((r) => typeof r === "string") : [];
  return {
    ...base,
    outputs,
    status: "rejected",
    error: reasons.length ? `rejected: ${reasons.join("; ")}` : "rejected",
  };
}

/** What later tasks see of a task's answer: a gate's answer either way, else only a success's. */
function visibleOutputs(result: TaskResult): unknown {
  return result.status === "success" || result.status === "rejected" ? result.outputs : null;
}

/** One need: its outputs; several: keyed by name; none: null. */
function inputOf(task: PlannedTask, finished: Map<string, Finished>): unknown {
  const outputsOf = (name: string) => visibleOutputs((finished.get(name) as Finished).result);
  if (task.needs.length === 0) return null;
  if (task.needs.length === 1) return outputsOf(task.needs[0] as string);
  return Object.fromEntries(task.needs.map((name) => [name, outputsOf(name)]));
}

function notRun(task: PlannedTask, status: TaskStatus, error: string | null): TaskResult {
  return {
    name: task.name,
    kind: task.kind,
    target: task.target,
    action: task.action,
    status,
    attempts: 0,
    calls: [],
    durationMs: 0,
    startedAt: null,
    needs: task.needs,
    continueOnError: task.continueOnError,
    params: null,
    outputs: null,
    error,
  };
}
