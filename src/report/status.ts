import type { RunResult, RunStatus, TaskResult, TaskStatus } from "../engine/result.js";

/** How a task's status is shown: a replayed success reads `replayed`, not called in this attempt. */
export type ShownStatus = TaskStatus | "replayed";

/** The status a report shows for a task. */
export function shownStatus(task: TaskResult): ShownStatus {
  return task.replayed !== null && task.status === "success" ? "replayed" : task.status;
}

/** One emoji per status, for the summary (a terminal gets colours instead). */
export const STATUS_EMOJI: Record<ShownStatus, string> = {
  success: "✅",
  failure: "❌",
  rejected: "🛑",
  waiting: "⏸️",
  skipped: "⏭️",
  cancelled: "🚫",
  replayed: "♻️",
};

/** How the status line says a run ended. */
export const RUN_OUTCOME: Record<RunStatus, string> = {
  success: "Succeeded",
  failure: "Failed",
  rejected: "Rejected by governance",
  waiting: "Waiting for review",
  cancelled: "Cancelled",
};

const TASK_VERB: Record<TaskStatus, string> = {
  success: "succeeded",
  failure: "failed",
  rejected: "rejected",
  waiting: "waiting",
  skipped: "skipped",
  cancelled: "cancelled",
};

/** `5 tasks: 1 waiting, 1 skipped, 3 succeeded (2 replayed)`, worst first. */
export function taskCounts(run: RunResult): string {
  const order: TaskStatus[] = ["failure", "cancelled", "waiting", "rejected", "skipped", "success"];
  const counts = order
    .map((status) => run.tasks.filter((t) => t.status === status))
    .filter((tasks) => tasks.length > 0)
    .map((tasks) => {
      const replayed = tasks.filter((t) => t.replayed !== null).length;
      const text = `${tasks.length} ${TASK_VERB[(tasks[0] as TaskResult).status]}`;
      return replayed > 0 ? `${text} (${replayed} replayed)` : text;
    });
  const total = `${run.tasks.length} task${run.tasks.length === 1 ? "" : "s"}`;
  return counts.length ? `${total}: ${counts.join(", ")}` : total;
}

/** Lower is more worth showing when not everything fits: what went wrong or waits for a person comes first. */
export const INTEREST: Record<TaskStatus, number> = {
  failure: 0,
  cancelled: 1,
  waiting: 2,
  rejected: 3,
  skipped: 4,
  success: 5,
};
