import { setMaxListeners } from "node:events";
import { formatDuration } from "../text/duration.js";
import { expressionsIn } from "../expressions/compile.js";
import {
  buildContext,
  type ExpressionContext,
  evaluateValue,
  toExpressionData,
} from "../expressions/evaluate.js";
import type { CallOutcome, CallTask } from "./call.js";
import { decide, expressionError, type Finished } from "./decide.js";
import type { Clock } from "./clock.js";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "./json-depth.js";
import type { RunListener } from "./events.js";
import type { PlannedTask } from "./plan.js";
import type { PreparedRun } from "./prepare.js";
import { type RunResult, runStatusOf, type TaskResult } from "./result.js";
import { answerResult, gateResult, notRun, skipped, visibleOutputs } from "./task-result.js";

export interface RunDeps {
  call: CallTask;
  clock: Clock;
  /** Cancels the run: no task starts after it; calls in flight are aborted. */
  signal?: AbortSignal;
  onEvent?: RunListener;
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
  // Null while the run was cancelled rather than timed out: the skips after a stop say which.
  let timedOutAfter: number | null = null;
  const timedOut = () => {
    if (!stopReason) timedOutAfter = plan.timeoutMs;
    cancel(`the run timed out after ${formatDuration(plan.timeoutMs ?? 0)}`);
  };
  const cancelRunTimer = plan.timeoutMs === null ? undefined : clock.setTimer(plan.timeoutMs, timedOut);
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
        finish(task, skipped(task, { kind: "stopped", timeoutMs: timedOutAfter }));
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
      const promise = callOne(task, prepared, finished, context, deps, stop.signal, runDeadline)
        // Whatever goes wrong inside one task (a body too deep to write, say) fails that task,
        // never the run's record.
        .catch((error: unknown) =>
          notRun(task, "failure", `the task could not be carried out: ${String(error)}`),
        )
        .then((result) => {
          running.delete(promise);
          // The transport's attempt timeout can reach the run's deadline just before the run's timer: one event.
          if (runDeadline !== null && clock.now() >= runDeadline) timedOut();
          finish(
            task,
            stopReason && result.status === "failure" ? { ...result, status: "cancelled" } : result,
          );
        });
      running.add(promise);
    }
    if (running.size > 0) await Promise.race(running);
  }

  cancelRunTimer?.();
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
  if (nestsDeeperThan(outcome.outputs)) {
    return { ...base, status: "failure", error: `the answer nests deeper than ${MAX_JSON_DEPTH} levels` };
  }
  if (task.kind !== "layer") return answerResult(base, outcome.outputs);
  return gateResult(base, outcome.outputs);
}

/** One need: its outputs; several: keyed by name; none: null. */
function inputOf(task: PlannedTask, finished: Map<string, Finished>): unknown {
  const outputsOf = (name: string) => visibleOutputs((finished.get(name) as Finished).result);
  if (task.needs.length === 0) return null;
  if (task.needs.length === 1) return outputsOf(task.needs[0] as string);
  return Object.fromEntries(task.needs.map((name) => [name, outputsOf(name)]));
}
