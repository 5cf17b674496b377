import type { RunResult, TaskResult } from "./result.js";

/** Progress as it happens, for any front end (terminal, logs, tests). */
export type RunEvent =
  | { type: "run:start"; workflow: string; runId: string; tasks: number }
  | { type: "task:start"; workflow: string; task: string }
  | { type: "task:end"; workflow: string; result: TaskResult }
  /** Values that arrived in a task's `secret-outputs`: mask them from now on. */
  | { type: "secrets"; workflow: string; task: string; values: string[] }
  | { type: "run:end"; result: RunResult };

export type RunListener = (event: RunEvent) => void;
