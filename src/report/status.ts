import type { RunResult, RunStatus, TaskStatus } from "../engine/result.js";

/** One emoji per status, for the summary (a terminal gets colours instead). */
export const STATUS_EMOJI: Record<TaskStatus, string> = {
  success: "✅",
  failure: "❌",
  rejected: "🛑",
  skipped: "⏭️",
  cancelled: "🚫",
};

/** How the status line says a run ended. */
export const RUN_OUTCOME: Record<RunStatus, string> = {
  success: "Succeeded",
  failure: "Failed",
  rejected: "Rejected by governance",
  cancelled: "Cancelled",
};

const TASK_VERB: Record<TaskStatus, string> = {
  success: "succeeded",
  failure: "failed",
  rejected: "rejected",
  skipped: "skipped",
  cancelled: "cancelled",
};

/** `5 tasks: 3 succeeded, 1 failed, 1 skipped`, worst first. */
export function taskCounts(run: RunResult): string {
  const order: TaskStatus[] = ["failure", "cancelled", "rejected", "skipped", "success"];
  const counts = order
    .map((status) => [status, run.tasks.filter((t) => t.status === status).length] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${TASK_VERB[status]}`);
  const total = `${run.tasks.length} task${run.tasks.length === 1 ? "" : "s"}`;
  return counts.length ? `${total}: ${counts.join(", ")}` : total;
}

/** Lower is more worth showing when not everything fits: what went wrong comes first. */
export const INTEREST: Record<TaskStatus, number> = {
  failure: 0,
  cancelled: 1,
  rejected: 2,
  skipped: 3,
  success: 4,
};
