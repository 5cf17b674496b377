import { z } from "zod";
import { CallRecord, type RunResult, TaskResult, TaskStatus, TokenUsage } from "./result.js";

/** What a later attempt or a resume needs of one ended task. */
export const SavedTask = z.object({
  status: TaskStatus,
  outputs: z.unknown(),
  attempts: z.number().int().nonnegative(),
  calls: z.array(CallRecord),
  error: z.string().nullable(),
  usage: TokenUsage.nullable(),
  review: TaskResult.shape.review,
  /** The run attempt whose call this result is (a replayed task keeps its first attempt's). */
  fromAttempt: z.number().int().min(1),
});

/**
 * A run's saved state: enough to replay what ended and resume what waits, and never a
 * header or a secret (known secrets are redacted before it is saved).
 */
export const RunState = z.object({
  version: z.literal(1),
  workflow: z.string(),
  /** sha256 of the definition's and the endpoints file's bytes: a state of another definition is not replayed. */
  digest: z.string(),
  runId: z.string(),
  date: z.string(),
  attempt: z.number().int().min(1),
  params: z.record(z.string(), z.unknown()),
  status: z.enum(["running", "success", "failure", "rejected", "waiting", "cancelled"]),
  /** Ended tasks by name. */
  tasks: z.record(z.string(), SavedTask),
});

export type SavedTask = z.infer<typeof SavedTask>;
export type RunState = z.infer<typeof RunState>;

/**
 * Where states are kept: a folder (CLI, library) or the Actions cache. Loading tells a
 * missing state from one that cannot be read (another key, corrupt), so the report can say
 * which; saving never throws: a failed save is a warning, never a lost run.
 */
export interface StateStore {
  load(workflow: string, runId: string): Promise<StateLoad>;
  save(state: RunState): Promise<StateSave>;
}

export type StateLoad =
  | { kind: "found"; state: RunState }
  | { kind: "missing" }
  /** It exists but does not decrypt or parse: treated as missing, with the reason said. */
  | { kind: "unreadable"; why: string };

export type StateSave = { ok: true } | { ok: false; why: string };

/** Statuses a later attempt or a resume reads; skipped and waiting dependants are decided again. */
const KEPT = new Set(["success", "failure", "rejected", "cancelled"]);

/**
 * The state of a run as it stands: its ended tasks (a replayed one keeps the attempt it
 * came from) and the gates that wait. Secrets are the caller's to redact before saving.
 */
export function stateOf(
  run: Pick<RunResult, "workflow" | "runId" | "attempt" | "params" | "tasks"> & {
    status: RunState["status"];
  },
  digest: string,
  date: string,
): RunState {
  const tasks: Record<string, SavedTask> = {};
  for (const task of run.tasks) {
    const gateWaits = task.status === "waiting" && task.review !== null;
    if (!KEPT.has(task.status) && !gateWaits) continue;
    tasks[task.name] = {
      status: task.status,
      outputs: task.outputs,
      attempts: task.attempts,
      calls: task.calls,
      error: task.error,
      usage: task.usage,
      review: task.review,
      fromAttempt: task.replayed?.attempt ?? run.attempt,
    };
  }
  return {
    version: 1,
    workflow: run.workflow,
    digest,
    runId: run.runId,
    date,
    attempt: run.attempt,
    params: run.params,
    status: run.status,
    tasks,
  };
}
