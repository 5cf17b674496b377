import { loadDefinitions } from "./definition/load.js";
import { DefinitionError, errorsIn } from "./definition/problem.js";
import type { EndpointMap } from "./definition/schema.js";
import type { CallTask, CallTool } from "./engine/call.js";
import type { Clock } from "./engine/clock.js";
import type { RunListener } from "./engine/events.js";
import type { WorkflowPlan } from "./engine/plan.js";
import type { RunResult } from "./engine/result.js";
import { prepareSelections, runPrepared } from "./pipeline/run-selected.js";
import { withReasons } from "./report/task-why.js";

export { DefinitionError, type Problem } from "./definition/problem.js";
export type { RunEvent, RunListener } from "./engine/events.js";
export type {
  CallRecord,
  RunResult,
  RunStatus,
  TaskResult,
  TaskStatus,
  TokenUsage,
} from "./engine/result.js";

export interface OrchestratorOptions {
  /** An endpoints map (`{ Name: { url, headers } }`) or the path of an endpoints file. */
  endpoints?: EndpointMap | string;
  /** The `env` context; default process.env. */
  env?: Record<string, string | undefined>;
  /** Progress events of every run. */
  onEvent?: RunListener;
  /** Replaces the HTTP transport (tests, custom protocols). */
  call?: CallTask;
  /** Replaces the MCP transport (the official SDK's client over Streamable HTTP). */
  callTool?: CallTool;
  clock?: Clock;
}

export interface StartOptions {
  /** Default: a fresh UUID. */
  runId?: string;
  signal?: AbortSignal;
  onEvent?: RunListener;
}

/** The library's face: load definitions once, start runs by id; a task's failure is in the result, never thrown. */
export class Orchestrator {
  readonly #options: OrchestratorOptions;
  readonly #plans = new Map<string, WorkflowPlan>();

  constructor(options: OrchestratorOptions = {}) {
    this.#options = options;
  }

  /** Loads and checks a definition; throws a DefinitionError listing every problem. */
  async loadWorkflow(file: string): Promise<WorkflowPlan> {
    const { plans, problems } = await loadDefinitions(file, this.#options.endpoints);
    const [plan] = plans;
    if (!plan || errorsIn(problems).length) throw new DefinitionError(problems);
    for (const loaded of plans) this.#plans.set(loaded.id, loaded);
    return plan;
  }

  /** Runs a loaded workflow; its tasks' failures are in the result, never thrown. */
  async start(
    workflowId: string,
    params: Record<string, unknown> = {},
    options: StartOptions = {},
  ): Promise<RunResult> {
    const plan = this.#plans.get(workflowId);
    if (!plan) {
      throw new Error(
        `no workflow "${workflowId}" is loaded (loaded: ${[...this.#plans.keys()].join(", ") || "none"})`,
      );
    }
    const settings = {
      runId: options.runId ?? crypto.randomUUID(),
      trigger: "library",
      env: this.#options.env ?? process.env,
      github: {},
      params,
      signal: options.signal,
      onEvent: options.onEvent ?? this.#options.onEvent,
      call: this.#options.call,
      callTool: this.#options.callTool,
      clock: this.#options.clock,
    };
    const prepared = prepareSelections([{ plan, eventParams: {}, reason: "library" }], settings, new Date());
    if (!prepared.ok) throw new Error(`cannot start ${workflowId}: ${prepared.errors.join("; ")}`);
    const { results } = await runPrepared(prepared.runs, settings);
    return withReasons(results[0] as RunResult);
  }
}
