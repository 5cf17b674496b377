import { type CompiledExpression, type CompiledValue, expressionsIn } from "../expressions/compile.js";
import type { TriggersSpec } from "./plan-schema.js";

export type TaskKind = "service" | "agent" | "layer";

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
  factor: number;
  maxBackoffMs: number;
}

/** How an endpoint's tasks are called: the call contract over HTTP, or an agent protocol. */
export const PROTOCOLS = ["http", "a2a", "openai-chat", "mcp"] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export interface PlannedEndpoint {
  name: string;
  /** Base URL without its trailing `/`. */
  url: string;
  /** Header values, parsed; evaluated once before any call. */
  headers: Record<string, CompiledValue>;
  /** `auth.oidc.audience`: each attempt sends an OIDC token for it as Authorization; null: none. */
  oidcAudience: string | null;
}

/**
 * What an agent protocol sends beside (or, for a tool, instead of) the envelope. Each value
 * is evaluated per call, as `with` values are.
 */
export interface PlannedAgent {
  protocol: Exclude<Protocol, "http">;
  /** a2a, openai-chat: text beside the envelope. */
  prompt: CompiledValue | null;
  /** openai-chat: the system message, the task's over the endpoint's. */
  instructions: CompiledValue | null;
  /** openai-chat: the model. */
  model: string | null;
  /** mcp: the tool's arguments; null sends the task's params. */
  arguments: CompiledValue | null;
  /** a2a: the agent card's URL. */
  card: string;
}

/** A JSON Schema the task's outputs must match, and where it was written. */
export interface PlannedSchema {
  /** An object or a boolean schema, as written (a file's content when it named one). */
  schema: unknown;
  /** It fits OpenAI's strict subset: every object lists all its properties as required and allows no others. */
  strict: boolean;
  /** The definition's place of it, for messages: `file:line:column`. */
  at: { file: string; line: number; column: number; field: string };
}

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A task's call to an API as it is (its `request`), evaluated per call. */
export interface PlannedRequest {
  method: HttpMethod;
  /**
   * The path below the endpoint's URL: literal text as written, and expressions whose
   * values are percent-encoded as data (a value can never add a segment, `..` or a query).
   */
  path: Array<string | CompiledExpression>;
  /** Values as text; an array repeats the key. */
  query: Array<[string, CompiledValue]>;
  /** Over the endpoint's headers; `false` drops that header (only Idempotency-Key may be dropped). */
  headers: Array<[string, CompiledValue | false]>;
  /** JSON (object, array, number, boolean), text (a string), form (urlencoded), or none. */
  body: { kind: "json" | "text" | "form"; value: CompiledValue } | null;
}

/** A long-running operation: poll until `until` holds. */
export interface PlannedPoll {
  /** Null: the defaults (Operation-Location / Azure-AsyncOperation status, else status != 202). */
  until: CompiledValue | null;
  intervalMs: number;
  /** Null: the task's deadline, else one hour. */
  timeoutMs: number | null;
  /** Null: Operation-Location, Azure-AsyncOperation, then Location of the last answer. */
  url: CompiledValue | null;
}

/**
 * How an answer is read, the task's fields over its endpoint's, field by field. Each may
 * read the `response` context; null keeps the default.
 */
export interface PlannedAnswer {
  /** Default: a 2xx status. */
  successIf: CompiledValue | null;
  /** Default: the body. */
  outputs: CompiledValue | null;
  /** Gates only, read first: a person decides when true; default `response.body.review == true`. */
  review: CompiledValue | null;
  /** Gates only; default `response.body.approved`. */
  approved: CompiledValue | null;
  /** Gates only; default `response.body.reasons`. */
  reasons: CompiledValue | null;
  poll: PlannedPoll | null;
}

export interface PlannedTask {
  name: string;
  kind: TaskKind;
  /** The endpoint's name. */
  target: string;
  /** The envelope's action; for a request task, its path as written. */
  action: string;
  /** Envelope tasks: `{url}/{action}`. Request tasks: the endpoint's URL (the path is added per call). */
  url: string;
  /** Null: the call contract's envelope (POST {url}/{action}). */
  request: PlannedRequest | null;
  /** Null: an http endpoint's task (the envelope or its request). */
  agent: PlannedAgent | null;
  outputSchema: PlannedSchema | null;
  answer: PlannedAnswer;
  /** Paths into the outputs (`access_token`, `auth.token`) whose values become secrets when they arrive. */
  secretOutputs: string[];
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
  /** The GitHub environment whose deployment a reviewer approves when a gate asks for review. */
  reviewEnvironment: string;
  /**
   * sha256 of the definition's and the endpoints file's bytes: a saved state of another
   * definition is never replayed. Empty for a plan not read from files.
   */
  digest: string;
}

/**
 * Every expression of a task's request, agent message, answer mappings and `with`, in no particular order:
 * what it reads (tasks, env) is checked and masked from these.
 */
export function taskExpressions(
  task: Pick<PlannedTask, "request" | "answer" | "with" | "agent">,
): CompiledExpression[] {
  const { request, answer, agent } = task;
  const values: Array<CompiledValue | null> = [
    task.with,
    agent?.prompt ?? null,
    agent?.instructions ?? null,
    agent?.arguments ?? null,
    ...(request
      ? [
          ...request.query.map(([, value]) => value),
          ...request.headers.map(([, value]) => (value === false ? null : value)),
          request.body?.value ?? null,
        ]
      : []),
    answer.successIf,
    answer.outputs,
    answer.review,
    answer.approved,
    answer.reasons,
    answer.poll?.until ?? null,
    answer.poll?.url ?? null,
  ];
  const inPath = (request?.path ?? []).filter((part): part is CompiledExpression => typeof part !== "string");
  return [...inPath, ...values.flatMap((value) => (value ? expressionsIn(value) : []))];
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
