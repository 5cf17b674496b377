// Report fixtures made by the real engine: plans run by runWorkflow with a CallTask that answers
// each task as the fixture says, on a virtual clock from a fixed start, so every result is
// one the engine produces and every time in it is exact.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseEndpointsFile } from "../../src/definition/endpoints.js";
import { parseWorkflow } from "../../src/definition/load.js";
import type { CallOutcome, CallRequest, CallTask } from "../../src/engine/call.js";
import type { PlannedTask, WorkflowPlan } from "../../src/engine/plan.js";
import { prepareRun } from "../../src/engine/prepare.js";
import {
  type CallRecord,
  type RunResult,
  RunResult as RunResultSchema,
  runStatusOf,
  type TaskResult,
} from "../../src/engine/result.js";
import type { RunEvent } from "../../src/engine/events.js";
import { runWorkflow } from "../../src/engine/run.js";
import { totalUsage } from "../../src/engine/usage.js";
import { VirtualClock } from "../../src/engine/virtual-clock.js";
import { plannedTasks, preparedRun, type TaskSketch } from "../engine/fixtures.js";

/** When every fixture run starts. */
const START = Date.parse("2024-06-01T06:00:00.000Z");

/** How one task's call ends, as the transport would report it. */
export interface Answer {
  /** The answer's body when the call succeeds (a gate's `approved: false` rejects it). */
  outputs?: unknown;
  /** Why the call failed, in the transport's words; without it the call succeeds. */
  error?: string;
  /** The run is cancelled (SIGINT) while this call is in flight: the call ends cancelled. */
  cancelsRun?: boolean;
  /** The task's time, retries and waits included; default 120 ms. */
  ms?: number;
  /** The attempts as the transport records them; default one, taking all of `ms`. */
  calls?: Array<Omit<CallRecord, "attempt">>;
}

export interface RunOptions {
  /** The definition's id; default `W`. */
  workflow?: string;
  runId?: string;
  trigger?: string;
  /** The caller's params, over the definition's. */
  params?: Record<string, unknown>;
  concurrency?: number;
}

/** A task sketch (see test/engine/fixtures.ts), with the endpoint and action it calls. */
export type Sketch = TaskSketch & { target?: string; action?: string };

/** A CallTask answering each task (by its X-Mgmt-Task header) after its time on the clock. */
function answering(answers: Record<string, Answer>, clock: VirtualClock, cancel: AbortController): CallTask {
  return async (request) => {
    const name = request.headers["X-Mgmt-Task"] ?? "";
    const answer = answers[name];
    // The engine records a throw as the task's failure: a missing answer shows in the results.
    if (!answer) throw new Error(`the fixture has no answer for ${name}`);
    if (answer.cancelsRun) cancel.abort(new Error("SIGINT"));
    const ms = answer.ms ?? 120;
    await clock.sleep(ms);
    const error = answer.cancelsRun ? "cancelled" : answer.error;
    const httpStatus = error === undefined ? 200 : Number(/^HTTP (\d{3})/.exec(error)?.[1]) || null;
    const calls = (answer.calls ?? [{ httpStatus, durationMs: ms, error: error ?? null }]).map((call, i) => ({
      ...call,
      attempt: i + 1,
    }));
    if (error === undefined) {
      return {
        ok: true,
        httpStatus: calls.at(-1)?.httpStatus ?? 200,
        outputs: answer.outputs ?? null,
        calls,
      };
    }
    return { ok: false, error, calls, cancelled: answer.cancelsRun === true };
  };
}

async function runPlan(
  plan: WorkflowPlan,
  answers: Record<string, Answer>,
  options: RunOptions,
): Promise<RunResult> {
  const prepared = prepareRun(plan, {
    runId: options.runId ?? "1234567890",
    trigger: options.trigger ?? "schedule",
    startedAt: new Date(START),
    env: {},
    github: {},
    params: [options.params ?? {}],
  });
  if (!prepared.ok) throw new Error(`fixture ${plan.id}: ${prepared.errors.join("; ")}`);
  const clock = new VirtualClock({ start: START, autoAdvance: true });
  const cancel = new AbortController();
  const call = answering(answers, clock, cancel);
  return RunResultSchema.parse(await runWorkflow(prepared.run, { call, clock, signal: cancel.signal }));
}

/**
 * Runs sketched tasks (a task without `needs` needs the one before) through the engine;
 * `answers` says how each called task's call ends.
 */
export function runOf(
  sketches: Sketch[],
  answers: Record<string, Answer>,
  options: RunOptions = {},
): Promise<RunResult> {
  const tasks: PlannedTask[] = plannedTasks(sketches).map((task, i) => ({
    ...task,
    target: sketches[i]?.target ?? task.target,
    action: sketches[i]?.action ?? task.action,
  }));
  const { plan } = preparedRun(tasks, options.concurrency ?? 4);
  const id = options.workflow ?? "W";
  return runPlan({ ...plan, id, name: id }, answers, options);
}

/** One answer of an API as it is: to a request task's request, or to one of its polls. */
export interface ApiAnswer {
  status: number;
  body?: unknown;
  /** Names lower-cased, as the transport hands them on. */
  headers?: Record<string, string>;
}

/** A run of a definition of request tasks, what each call sent, and the secrets the run knows. */
export interface DefinitionRun {
  run: RunResult;
  requests: CallRequest[];
  secrets: string[];
}

/**
 * Runs a YAML definition (its endpoints in its own `endpoints:`) through the engine. Each
 * task's calls (its request, then each poll) take its `answers` in turn; `env` gives the
 * secrets, and the values of `secret-outputs` join them as the run reports them.
 */
export async function definitionRun(
  yaml: string,
  answers: Record<string, ApiAnswer[]>,
  options: { env?: Record<string, string>; params?: Record<string, unknown> } = {},
): Promise<DefinitionRun> {
  const { plan, problems } = parseWorkflow("w.yml", yaml);
  if (!plan) throw new Error(`fixture: ${JSON.stringify(problems)}`);
  const prepared = prepareRun(plan, {
    runId: "1234567890",
    trigger: "schedule",
    startedAt: new Date(START),
    env: options.env ?? {},
    github: {},
    params: [options.params ?? {}],
  });
  if (!prepared.ok) throw new Error(`fixture ${plan.id}: ${prepared.errors.join("; ")}`);
  const clock = new VirtualClock({ start: START, autoAdvance: true });
  const requests: CallRequest[] = [];
  const secrets = [...prepared.run.secrets];
  const call: CallTask = async (request): Promise<CallOutcome> => {
    requests.push(request);
    const name = request.headers["X-Mgmt-Task"] ?? "";
    const answer = answers[name]?.shift();
    if (!answer) throw new Error(`the fixture has no more answers for ${name}`);
    await clock.sleep(100);
    const calls = [{ attempt: 1, httpStatus: answer.status, durationMs: 100, error: null }];
    return {
      ok: true,
      httpStatus: answer.status,
      outputs: answer.body ?? null,
      headers: answer.headers ?? {},
      calls,
    };
  };
  const onEvent = (event: RunEvent) => {
    if (event.type === "secrets") secrets.push(...event.values);
  };
  const run = RunResultSchema.parse(await runWorkflow(prepared.run, { call, clock, onEvent }));
  return { run, requests, secrets };
}

/** The reference workflow with the endpoints of workflows/, as loadDefinitions plans it. */
function censusPlan(): WorkflowPlan {
  const folder = path.resolve(import.meta.dirname, "../../workflows");
  const endpoints = parseEndpointsFile(
    "workflows/endpoints.yml",
    readFileSync(path.join(folder, "endpoints.yml"), "utf8"),
  );
  if (!endpoints.ok) throw new Error(JSON.stringify(endpoints.problems));
  const file = "workflows/census_workflow.json";
  const { plan, problems } = parseWorkflow(
    file,
    readFileSync(path.join(folder, "census_workflow.json"), "utf8"),
    endpoints.value,
  );
  if (!plan) throw new Error(JSON.stringify(problems));
  return plan;
}

/** The reference workflow, ended the way the spec's examples describe: the gate says no. */
const CENSUS = await runPlan(
  censusPlan(),
  {
    CollectResponses: { outputs: { responses: 1520, region: "west" } },
    AnalyzeData: {
      outputs: { suggestions: [{ area: "North", coverage: 0.71 }] },
      ms: 2100,
      calls: [
        { httpStatus: 503, durationMs: 80, error: "HTTP 503: busy" },
        { httpStatus: 200, durationMs: 900, error: null },
      ],
    },
    GovernanceReview: { outputs: { approved: false, reasons: ["coverage below 75% in North"] } },
  },
  { params: { date: "2024-06-01" } },
);

/** The reference workflow's run: two successes (one retried), the gate rejects, two skips. */
export function censusRun(): RunResult {
  return structuredClone(CENSUS);
}

/** Tokens the census run's agent and gate report in {@link censusRunWithTokens}. */
export const CENSUS_TOKENS = {
  AnalyzeData: { input: 12_345, output: 678 },
  GovernanceReview: { input: 1200, output: 80 },
} as const;

/**
 * The reference workflow's run as it reads when its agent and its gate report tokens, the
 * run holding their sum as the engine adds it up. The fixtures' CallTask reports no tokens,
 * so the counts are set on the engine's result.
 */
export function censusRunWithTokens(): RunResult {
  const tasks = censusRun().tasks.map((t) => ({
    ...t,
    usage: CENSUS_TOKENS[t.name as keyof typeof CENSUS_TOKENS] ?? null,
  }));
  return RunResultSchema.parse({ ...censusRun(), tasks, usage: totalUsage(tasks) });
}

/**
 * The engine's result for a task that succeeded at its first attempt (the census run's first
 * task, renamed). Override only the field a test is about; a scenario comes from runOf().
 */
export function task(name: string, overrides: Partial<TaskResult> = {}): TaskResult {
  return { ...structuredClone(CENSUS.tasks[0] as TaskResult), name, ...overrides };
}

/** A run of the census run's kind holding the given tasks, with the status the engine gives them. */
export function run(tasks: TaskResult[], overrides: Partial<RunResult> = {}): RunResult {
  const durationMs = tasks.reduce((sum, t) => sum + t.durationMs, 0);
  return RunResultSchema.parse({
    ...CENSUS,
    status: runStatusOf(tasks),
    durationMs,
    finishedAt: new Date(START + durationMs).toISOString(),
    tasks,
    usage: totalUsage(tasks),
    ...overrides,
  });
}

/**
 * `count` tasks in a chain, each answering `outputs`, the last one timing out after 10 s.
 * Built cheaply: the engine runs a chain of three, whose middle task is copied for the rest.
 */
export async function chainRun(count: number, outputs: unknown): Promise<RunResult> {
  const names = ["Task0", "Task1", "Task2"];
  const small = await runOf(
    names.map((name) => ({ name, target: "ResponseService", action: "fetchNew" })),
    {
      Task0: { outputs: {} },
      Task1: { outputs: {} },
      Task2: { error: "timed out after 10 s", ms: 10_000 },
    },
  );
  const [first, middle, last] = small.tasks as [TaskResult, TaskResult, TaskResult];
  const tasks = Array.from({ length: count }, (_, i): TaskResult => {
    const template = i === 0 ? first : i === count - 1 ? last : middle;
    return {
      ...template,
      name: `Task${i}`,
      needs: i === 0 ? [] : [`Task${i - 1}`],
      startedAt: new Date(START + i * 120).toISOString(),
      outputs: template.status === "success" ? outputs : null,
    };
  });
  const durationMs = (count - 1) * 120 + last.durationMs;
  return { ...small, tasks, durationMs, finishedAt: new Date(START + durationMs).toISOString() };
}

/** What the census run's gate says when it asks for a person's review. */
export const REVIEW_REASONS = ["coverage below 75% in North", "3 regions changed at once"];

/**
 * The reference workflow parked for review, as the engine leaves it: the gate `waiting` for a
 * person with its reasons, what needs it `waiting` for it, the run `waiting` with the
 * environment a reviewer approves. Built from the engine's result, its fields set as the
 * engine sets them (task-result.ts `waitingResult`, `waitsFor`).
 */
export function censusWaitingRun(reviewEnvironment = "mgmt-review"): RunResult {
  const tasks = censusRun().tasks.map((t): TaskResult => {
    if (t.name === "GovernanceReview") {
      return {
        ...t,
        status: "waiting",
        error: null,
        outputs: { review: true, reasons: REVIEW_REASONS },
        waitingFor: t.name,
        review: { reasons: REVIEW_REASONS, approval: null },
      };
    }
    if (t.status !== "skipped") return t;
    return { ...t, status: "waiting", skip: null, error: null, waitingFor: "GovernanceReview" };
  });
  return run(tasks, { reviewEnvironment });
}

/** Who approved the census run's gate in {@link censusResumedRun}. */
export const APPROVAL = { by: "octocat", comment: "fine for this week", at: "2024-06-02T09:14:27.512Z" };

/**
 * The parked census run resumed after approval (replay.ts `replayOf`): the two tasks before
 * the gate replayed from attempt 1, not called; the gate approved by a person; the rest called.
 */
export function censusResumedRun(approval = APPROVAL): RunResult {
  const tasks = censusRun().tasks.map((t): TaskResult => {
    const saved = { ...t, startedAt: null, durationMs: 0, params: null };
    if (t.status === "success") return { ...saved, replayed: { attempt: 1 } };
    if (t.name === "GovernanceReview") {
      return {
        ...saved,
        status: "success",
        error: null,
        outputs: { review: approval, reasons: REVIEW_REASONS, approved: true },
        review: { reasons: REVIEW_REASONS, approval },
      };
    }
    return { ...task(t.name), kind: t.kind, target: t.target, action: t.action, needs: t.needs };
  });
  return run(tasks);
}
