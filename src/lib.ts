import { readFile } from "node:fs/promises";
import { type EndpointsSource, parseEndpointsFile } from "./definition/endpoints.js";
import { parseWorkflow } from "./definition/load.js";
import { DefinitionError, errorsIn, type Problem } from "./definition/problem.js";
import type { EndpointMap } from "./definition/schema.js";
import type { CallTask } from "./engine/call.js";
import type { Clock } from "./engine/clock.js";
import type { RunListener } from "./engine/events.js";
import type { WorkflowPlan } from "./engine/plan.js";
import type { RunResult } from "./engine/result.js";
import { prepareSelections, runPrepared } from "./orchestrate.js";

export { DefinitionError, type Problem } from "./definition/problem.js";
export type { RunEvent, RunListener } from "./engine/events.js";
export type { CallRecord, RunResult, RunStatus, TaskResult, TaskStatus } from "./engine/result.js";

export interface OrchestratorOptions {
  /** An endpoints map (`{ Name: { url, headers } }`) or the path of an endpoints file. */
  endpoints?: EndpointMap | string;
  /** The `env` context; default process.env. */
  env?: Record<string, string | undefined>;
  /** Progress events of every run. */
  onEvent?: RunListener;
  /** Replaces the HTTP transport (tests, custom protocols). */
  call?: CallTask;
  clock?: Clock;
}

export interface StartOptions {
  /** Default: a fresh UUID. */
  runId?: string;
  signal?: AbortSignal;
  onEvent?: RunListener;
}

/** The library's face: load definitions once, start runs by id (SPEC §8). */
export class Orchestrator {
  readonly #options: OrchestratorOptions;
  readonly #plans = new Map<string, WorkflowPlan>();
  #endpoints: Promise<EndpointsSource | undefined> | undefined;

  constructor(options: OrchestratorOptions = {}) {
    this.#options = options;
  }

  /** Loads and checks a definition; throws a DefinitionError listing every problem. */
  async loadWorkflow(file: string): Promise<WorkflowPlan> {
    const endpoints = await this.#loadEndpoints();
    const { plan, problems } = parseWorkflow(file, await readFile(file, "utf8"), endpoints);
    if (!plan || errorsIn(problems).length) throw new DefinitionError(problems);
    this.#plans.set(plan.id, plan);
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
      clock: this.#options.clock,
    };
    const prepared = prepareSelections([{ plan, eventParams: {}, reason: "library" }], settings, new Date());
    if (!prepared.ok) throw new Error(`cannot start ${workflowId}: ${prepared.errors.join("; ")}`);
    const [result] = await runPrepared(prepared.runs, settings);
    return result as RunResult;
  }

  #loadEndpoints(): Promise<EndpointsSource | undefined> {
    this.#endpoints ??= readEndpoints(this.#options.endpoints);
    return this.#endpoints;
  }
}

async function readEndpoints(
  endpoints: EndpointMap | string | undefined,
): Promise<EndpointsSource | undefined> {
  if (endpoints === undefined) return undefined;
  const [file, text] =
    typeof endpoints === "string"
      ? [endpoints, await readFile(endpoints, "utf8")]
      : ["(endpoints option)", JSON.stringify({ endpoints }, null, 2)];
  const parsed = parseEndpointsFile(file, text);
  if (!parsed.ok) throw new DefinitionError(parsed.problems as Problem[]);
  return parsed.value;
}
