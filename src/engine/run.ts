import { setMaxListeners } from "node:events";
import { formatDuration } from "../text/duration.js";
import { buildContext, toExpressionData } from "../expressions/evaluate.js";
import { callTask } from "./call-task.js";
import type { RunDeps } from "./run-deps.js";
import { decide, type Finished } from "./decide.js";
import { type PlannedTask, taskExpressions } from "./plan.js";
import { type PreparedRun, traceIdOfRun } from "./prepare.js";
import { type RunResult, runStatusOf, type TaskResult } from "./result.js";
import { notRun, skipped, visibleOutputs } from "./task-result.js";
import { replayOf } from "./replay.js";
import { totalUsage } from "./usage.js";

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
  const traceId = traceIdOfRun(prepared);

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
      .flatMap((t) => [t.condition, ...taskExpressions(t)])
      .flatMap((e) => e.tasks.map((n) => n.toLowerCase())),
  );
  const context = buildContext({ ...base, tasks: tasksData });
  const scope = { base, tasks: tasksData, context };
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
      waitingFor: result.waitingFor,
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
      const decision = replayOf(task, prepared) ?? decide(task, finished, context);
      if (decision) {
        ready.shift();
        finish(task, decision);
        continue;
      }
      if (running.size >= plan.concurrency) break;
      ready.shift();
      const promise = callTask({
        task,
        prepared,
        finished,
        scope,
        deps,
        signal: stop.signal,
        runDeadline,
        traceId,
      })
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
  const status = stopReason ? "cancelled" : runStatusOf(tasks);
  const ended = clock.now();
  const result: RunResult = {
    workflow: plan.id,
    name: plan.name,
    file: plan.file,
    runId: prepared.run.id,
    attempt: prepared.run.attempt,
    trigger: prepared.run.trigger,
    status,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(ended).toISOString(),
    durationMs: ended - started,
    params: prepared.params,
    error: stopReason,
    tasks,
    usage: totalUsage(tasks),
    reviewEnvironment: status === "waiting" ? plan.reviewEnvironment : null,
    traceId,
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
