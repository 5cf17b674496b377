import type { CompiledExpression, CompiledValue } from "../expressions/compile.js";
import type { TriggersSpec } from "./plan-schema.js";

export type TaskKind = "service" | "agent" | "layer";

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
  factor: number;
  maxBackoffMs: number;
}

export interface PlannedEndpoint {
  name: string;
  /** Base URL without its trailing `/`. */
  url: string;
  /** Header values, parsed; evaluated once before any call. */
  headers: Record<string, CompiledValue>;
}

export interface PlannedTask {
  name: string;
  kind: TaskKind;
  /** The endpoint's name. */
  target: string;
  action: string;
  url: string;
  with: CompiledValue | null;
  needs: string[];
  condition: CompiledExpression;
  /**
   * The `if` needs every need to have succeeded before it is read: it calls no status
   * function (GitHub reads it as `success() && (…)`), or it is `success()` alone.
   */
  needsSuccess: boolean;
  timeoutMs: number;
  deadlineMs: number | null;
  retry: RetryPolicy;
  continueOnError: boolean;
}

/** A validated workflow, ready to run: what the engine needs and nothing it must look up. */
export interface WorkflowPlan {
  id: string;
  name: string;
  description: string | null;
  file: string;
  triggers: TriggersSpec;
  params: CompiledValue;
  concurrency: number;
  timeoutMs: number | null;
  endpoints: Record<string, PlannedEndpoint>;
  /** In definition order. */
  tasks: PlannedTask[];
}

type Graph = readonly Pick<PlannedTask, "name" | "needs">[];

/**
 * Groups tasks into waves: each wave's tasks need only tasks of earlier waves. This is the
 * order a run takes with unlimited concurrency; dry-run and the summary show it. Tasks on
 * a cycle are in no wave (the definition check reports them).
 */
export function planWaves(tasks: Graph): string[][] {
  const waiting = new Map(tasks.map((t) => [t.name, new Set(t.needs)]));
  const dependants = new Map<string, string[]>();
  for (const task of tasks) {
    for (const need of task.needs) {
      const list = dependants.get(need);
      if (list) list.push(task.name);
      else dependants.set(need, [task.name]);
    }
  }
  const waves: string[][] = [];
  let wave = tasks.filter((t) => t.needs.length === 0).map((t) => t.name);
  while (wave.length > 0) {
    waves.push(wave);
    const next: string[] = [];
    for (const done of wave) {
      for (const dependant of dependants.get(done) ?? []) {
        const needs = waiting.get(dependant);
        needs?.delete(done);
        if (needs?.size === 0) next.push(dependant);
      }
    }
    wave = next;
  }
  return waves;
}

/** The tasks that can never start: on a cycle of needs, or needing a task that is. */
export function tasksOnCycles(tasks: Graph): string[] {
  const placed = new Set(planWaves(tasks).flat());
  return tasks.filter((t) => !placed.has(t.name)).map((t) => t.name);
}

/**
 * The cycles of needs, each once, as a path from its first task (in definition order)
 * back to it: `["A", "B", "A"]` when A needs B and B needs A.
 */
export function findCycles(tasks: Graph): string[][] {
  const needsOf = new Map(tasks.map((t) => [t.name, t.needs]));
  const reported = new Set<string>();
  const cycles: string[][] = [];
  for (const name of withoutDownstream(tasksOnCycles(tasks), needsOf)) {
    if (reported.has(name)) continue;
    const cycle = shortestPath(needsOf, name, name);
    if (!cycle) continue; // It sits between cycles, on none.
    for (const member of cycle) reported.add(member);
    cycles.push(cycle);
  }
  return cycles;
}

/**
 * Drops the stuck tasks that only wait on a cycle, with no stuck task waiting on them, until
 * none is left: searching from each of thousands of them would take quadratic time.
 */
function withoutDownstream(stuck: string[], needsOf: Map<string, readonly string[]>): string[] {
  const left = new Set(stuck);
  const waiters = new Map(stuck.map((name) => [name, 0]));
  for (const name of stuck)
    for (const need of needsOf.get(name) ?? []) waiters.set(need, (waiters.get(need) ?? 0) + 1);
  const peel = stuck.filter((name) => waiters.get(name) === 0);
  for (let name = peel.pop(); name !== undefined; name = peel.pop()) {
    left.delete(name);
    for (const need of needsOf.get(name) ?? []) {
      const count = (waiters.get(need) ?? 0) - 1;
      waiters.set(need, count);
      if (count === 0 && left.has(need)) peel.push(need);
    }
  }
  return stuck.filter((name) => left.has(name));
}

/** The shortest chain of needs from `from` to `to`, both included, or null. */
function shortestPath(needsOf: Map<string, readonly string[]>, from: string, to: string): string[] | null {
  const cameFrom = new Map<string, string>();
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const name = queue[i] as string;
    for (const need of needsOf.get(name) ?? []) {
      if (need === to) {
        const path = [name];
        while (path[0] !== from) path.unshift(cameFrom.get(path[0] as string) as string);
        return [...path, to];
      }
      if (need === from || cameFrom.has(need)) continue;
      cameFrom.set(need, name);
      queue.push(need);
    }
  }
  return null;
}

/**
 * Whether `ancestor` is a direct or indirect need of `task`, over one graph built once:
 * a definition asks it for every `tasks.X` it reads, of thousands of tasks perhaps.
 */
export function ancestryOf(tasks: Graph): (task: string, ancestor: string) => boolean {
  const needsOf = new Map(tasks.map((t) => [t.name, t.needs]));
  return (task, ancestor) => {
    const seen = new Set<string>();
    const stack = [...(needsOf.get(task) ?? [])];
    while (stack.length > 0) {
      const name = stack.pop() as string;
      if (name === ancestor) return true;
      if (seen.has(name)) continue;
      seen.add(name);
      stack.push(...(needsOf.get(name) ?? []));
    }
    return false;
  };
}
