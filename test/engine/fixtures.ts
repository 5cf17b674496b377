import type { CallOutcome, CallRequest, CallTask } from "../../src/engine/call.js";
import type { PlannedTask, WorkflowPlan } from "../../src/engine/plan.js";
import type { PreparedRun } from "../../src/engine/prepare.js";
import { ALL_CONTEXTS, compileCondition, needsSuccess, compileValue } from "../../src/expressions/compile.js";

export interface TaskSketch {
  name: string;
  needs?: string[];
  kind?: PlannedTask["kind"];
  if?: string;
  with?: Record<string, unknown>;
  continueOnError?: boolean;
}

/** Planned tasks without a definition file; as there, a task without `needs` needs the one before. */
export function plannedTasks(sketches: TaskSketch[]): PlannedTask[] {
  return sketches.map((sketch, i) => {
    const before = sketches[i - 1]?.name;
    return plannedTask({ ...sketch, needs: sketch.needs ?? (before ? [before] : []) });
  });
}

function plannedTask(sketch: TaskSketch): PlannedTask {
  const condition = compileCondition(sketch.if);
  const withValue = sketch.with ? compileValue(sketch.with, ALL_CONTEXTS) : null;
  if (!condition.ok) throw new Error(`bad if in the test: ${condition.message}`);
  if (withValue && !withValue.ok) throw new Error(`bad with in the test: ${withValue.problems[0]?.message}`);
  return {
    name: sketch.name,
    kind: sketch.kind ?? "service",
    target: "S",
    action: sketch.name.toLowerCase(),
    url: `http://fake/${sketch.name}`,
    request: null,
    agent: null,
    outputSchema: null,
    answer: { successIf: null, outputs: null, review: null, approved: null, reasons: null, poll: null },
    secretOutputs: [],
    with: withValue?.ok ? withValue.value : null,
    needs: sketch.needs ?? [],
    condition: condition.value,
    needsSuccess: needsSuccess(condition.value),
    timeoutMs: 1000,
    deadlineMs: null,
    retry: { attempts: 1, backoffMs: 0, factor: 2, maxBackoffMs: 0 },
    continueOnError: sketch.continueOnError ?? false,
  };
}

export function preparedRun(tasks: PlannedTask[], concurrency: number): PreparedRun {
  const plan: WorkflowPlan = {
    id: "W",
    name: "W",
    description: null,
    file: "w.yml",
    triggers: {},
    params: { kind: "object", entries: [] },
    concurrency,
    timeoutMs: null,
    endpoints: { S: { name: "S", url: "http://fake", headers: {}, oidcAudience: null } },
    reviewEnvironment: "mgmt-review",
    digest: "",
    tasks,
  };
  const run = { id: "r1", attempt: 1, date: "2024-06-01", started_at: "", trigger: "library", workflow: "W" };
  return {
    plan,
    run,
    params: {},
    env: {},
    github: {},
    headers: { S: {} },
    secrets: [],
  };
}

export interface FakeCall {
  call: CallTask;
  /** Call starts and ends, in order: `start:A`, `end:A`. */
  log: string[];
  bodies: Map<string, { input: unknown; params: unknown }>;
  maxInFlight: () => number;
}

/**
 * A transport that answers each task with `answer(name)` after `ticks(name)` turns of
 * the event loop, so that calls overlap and end in shuffled orders.
 */
export function fakeCall(
  answer: (name: string) => CallOutcome,
  ticks: (name: string) => number = () => 0,
): FakeCall {
  const log: string[] = [];
  const bodies = new Map<string, { input: unknown; params: unknown }>();
  let inFlight = 0;
  let most = 0;
  const call = async (request: CallRequest): Promise<CallOutcome> => {
    const name = request.url.slice(request.url.lastIndexOf("/") + 1);
    log.push(`start:${name}`);
    bodies.set(name, JSON.parse(request.body ?? "null"));
    most = Math.max(most, ++inFlight);
    for (let i = 0; i < ticks(name); i++) await new Promise((resolve) => setImmediate(resolve));
    inFlight--;
    log.push(`end:${name}`);
    return answer(name);
  };
  return { call, log, bodies, maxInFlight: () => most };
}

export const succeed = (outputs: unknown): CallOutcome => ({
  ok: true,
  httpStatus: 200,
  outputs,
  calls: [{ attempt: 1, httpStatus: 200, durationMs: 1, error: null }],
});

export const fail = (error: string): CallOutcome => ({
  ok: false,
  error,
  cancelled: false,
  calls: [{ attempt: 1, httpStatus: 500, durationMs: 1, error }],
});
