import { loadDefinitions } from "./definition/load.js";
import { DefinitionError, errorsIn } from "./definition/problem.js";
import type { EndpointMap } from "./definition/schema.js";
import type { CallTask, CallTool } from "./engine/call.js";
import type { Clock } from "./engine/clock.js";
import type { RunListener } from "./engine/events.js";
import type { WorkflowPlan } from "./engine/plan.js";
import type { RunResult } from "./engine/result.js";
import { prepareSelections, runPrepared } from "./pipeline/run-selected.js";
import { restoreRuns, type StateSettings } from "./pipeline/run-state.js";
import { folderStateBytes } from "./pipeline/state-folder.js";
import { stateStore } from "./pipeline/state-store.js";
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
  /** A folder for each run's saved state, so that a gate may wait for a person's review and be resumed. */
  state?: string;
  /** Encrypts the saved states (AES-256-GCM, key derived from it); default: plain JSON. */
  stateKey?: string;
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
  start(
    workflowId: string,
    params: Record<string, unknown> = {},
    options: StartOptions = {},
  ): Promise<RunResult> {
    return this.#run(workflowId, params, options, null);
  }

  /**
   * Resumes a run that waits for a person's review, approved by `approvedBy` (recorded as
   * the reviewer): what ended is replayed, the rest is called, with the parked run's id,
   * date and params. Throws, calling nothing, when there is no saved state of the run, the
   * definition changed, or no one is named to approve. `workflowId` says which loaded
   * workflow parked when more than one is loaded.
   */
  resume(
    runId: string,
    options: Omit<StartOptions, "runId"> & {
      approvedBy?: string;
      comment?: string;
      workflowId?: string;
    } = {},
  ): Promise<RunResult> {
    const { approvedBy, comment = "" } = options;
    const loaded = [...this.#plans.keys()];
    const workflowId = options.workflowId ?? (loaded.length === 1 ? (loaded[0] as string) : null);
    if (workflowId === null) {
      const which = loaded.length ? `several are loaded (${loaded.join(", ")})` : "none is loaded";
      return Promise.reject(new Error(`resume: say which workflow parked with { workflowId }: ${which}`));
    }
    return this.#run(
      workflowId,
      {},
      { ...options, runId },
      {
        runId,
        approval: async () =>
          approvedBy
            ? { ok: true, approval: { by: approvedBy, comment } }
            : { ok: false, why: "a gate waits for a person's review: name who approves with { approvedBy }" },
      },
    );
  }

  async #run(
    workflowId: string,
    params: Record<string, unknown>,
    options: StartOptions,
    resume: StateSettings["resume"],
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
      state: this.#stateSettings(resume),
      noStateHint: "the Orchestrator saves no state to resume from: give it a state folder ({ state: DIR })",
    };
    const prepared = prepareSelections([{ plan, eventParams: {}, reason: "library" }], settings, new Date());
    if (!prepared.ok) throw new Error(`cannot start ${workflowId}: ${prepared.errors.join("; ")}`);
    let runs = prepared.runs;
    if (settings.state && resume) {
      const restored = await restoreRuns(runs, settings.state, new Date());
      if (!restored.ok) throw new Error(`cannot resume ${workflowId}: ${restored.errors.join("; ")}`);
      if (restored.runs.length === 0)
        throw new Error(`cannot resume ${workflowId}: run ${resume.runId} does not wait`);
      runs = restored.runs;
    }
    const { results, warnings } = await runPrepared(runs, settings);
    for (const warning of warnings) process.emitWarning(warning, "MgmtTraceWarning");
    return withReasons(results[0] as RunResult);
  }

  #stateSettings(resume: StateSettings["resume"]): StateSettings | null {
    const { state, stateKey } = this.#options;
    if (!state) {
      if (resume) throw new Error("resume needs a state folder: new Orchestrator({ state: DIR })");
      return null;
    }
    return {
      store: stateStore(folderStateBytes(state), stateKey ?? null),
      resume,
      replay: false,
      // A library has no log of its own: a state not saved is a process warning, as Node's own are.
      notice: () => {},
      warning: (text) => process.emitWarning(text, "MgmtStateWarning"),
    };
  }
}
