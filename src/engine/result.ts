import { z } from "zod";

export const TaskStatus = z.enum(["success", "failure", "rejected", "waiting", "skipped", "cancelled"]);
export const RunStatus = z.enum(["success", "failure", "rejected", "waiting", "cancelled"]);

export const CallRecord = z.object({
  attempt: z.number().int().min(1),
  httpStatus: z.number().int().nullable().describe("null when no answer came (network error, timeout)"),
  durationMs: z.number().nonnegative(),
  error: z.string().nullable(),
  spanId: z
    .string()
    .optional()
    .describe("The attempt's span in the run's trace, as sent in its traceparent; absent when none was sent"),
  startedAt: z
    .string()
    .optional()
    .describe("When the attempt began (ISO 8601); absent when it sent no traceparent"),
});

/** Why a task was skipped, as data: report/ puts it into words. */
export const SkipCause = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("if"), condition: z.string().describe("The `if` that was false") }),
    z.object({
      kind: z.literal("need"),
      task: z.string().describe("The task that stopped the chain (a need, direct or not)"),
      status: z.enum(["failure", "rejected", "skipped", "cancelled"]),
    }),
    z.object({
      kind: z.literal("stopped"),
      timeoutMs: z.number().nullable().describe("The run's timeout that passed; null when it was cancelled"),
    }),
  ])
  .describe("Why the task was skipped; null when it was not");

/** Tokens counted by an agent's answers. */
export const TokenUsage = z.object({
  input: z.number().int().nonnegative(),
  output: z.number().int().nonnegative(),
});

/** Who approved a gate's review, and when the resume read it. */
export const Approval = z.object({
  by: z.string().describe("The reviewer's login (or the name given to the CLI)"),
  comment: z.string().describe("What the reviewer wrote; empty when nothing"),
  at: z.string().describe("When the resume read the approval (ISO 8601)"),
});

export const TaskResult = z.object({
  name: z.string(),
  spanId: z
    .string()
    .optional()
    .describe("The task's span in the run's trace, parent of its attempts' spans; absent when not traced"),
  kind: z.enum(["service", "agent", "layer"]),
  target: z.string(),
  action: z.string(),
  status: TaskStatus,
  attempts: z.number().int().nonnegative(),
  calls: z.array(CallRecord),
  durationMs: z.number().nonnegative(),
  startedAt: z.string().nullable(),
  needs: z.array(z.string()),
  continueOnError: z.boolean(),
  params: z.record(z.string(), z.unknown()).nullable().describe("The request's params; null when not called"),
  outputs: z.unknown().describe("The answer's body as JSON; null when none"),
  error: z.string().nullable().describe("Why it did not succeed, in one line"),
  skip: SkipCause.nullable(),
  request: z
    .object({
      method: z.string(),
      url: z.string().describe("As sent, secrets masked"),
      body: z.unknown().describe("The body as sent (JSON, text or the form's fields); null when none"),
    })
    .nullable()
    .describe("What a request task sent (its last attempt); null for envelope tasks and tasks not called"),
  response: z
    .object({ status: z.number().int(), body: z.unknown() })
    .nullable()
    .describe("The last answer a request task read (after polling); null otherwise"),
  polls: z.number().int().nonnegative().describe("Polls of a long-running operation (0 when none)"),
  approvedIgnored: z
    .boolean()
    .nullable()
    .describe(
      "The boolean `approved` of an answer that does not gate (the task is not a layer); null when none",
    ),
  usage: TokenUsage.nullable().describe(
    "Tokens the agent's answers reported (input = prompt, output = completion), summed over the task's calls; null when none reported",
  ),
  waitingFor: z
    .string()
    .nullable()
    .describe(
      "The gate whose review this task waits for (the task itself, for the gate); null when not waiting",
    ),
  review: z
    .object({
      reasons: z.array(z.string()).describe("What the gate said when it asked for a review"),
      approval: Approval.nullable().describe("Who approved it, on resume; null while it waits"),
    })
    .nullable()
    .describe("A gate that asked for a person's review; null for any other task"),
  replayed: z
    .object({ attempt: z.number().int().min(1).describe("The run attempt whose result this is") })
    .nullable()
    .describe("Not called: its result is replayed from a saved state; null when it was called"),
});

export const RunResult = z.object({
  workflow: z.string().describe("The definition's id"),
  name: z.string(),
  file: z.string(),
  runId: z.string(),
  attempt: z.number().int().min(1),
  trigger: z.string(),
  status: RunStatus,
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number().nonnegative(),
  params: z.record(z.string(), z.unknown()),
  error: z.string().nullable().describe("Why the run stopped early (cancelled, timed out), if it did"),
  tasks: z.array(TaskResult),
  usage: TokenUsage.nullable().describe(
    "Tokens the agent's answers reported (input = prompt, output = completion), summed over the run's tasks; null when no task reported any",
  ),
  reviewEnvironment: z
    .string()
    .nullable()
    .describe("While the run waits: the GitHub environment whose deployment a reviewer approves; else null"),
  traceId: z
    .string()
    .describe(
      "The run's W3C trace id: every attempt sent it in its traceparent (from the repository and run id under Actions)",
    ),
});

export const ResultsDocument = z.object({
  version: z.literal(1),
  status: RunStatus,
  runs: z.array(RunResult),
});

export type TaskStatus = z.infer<typeof TaskStatus>;
export type Approval = z.infer<typeof Approval>;
export type SkipCause = z.infer<typeof SkipCause>;
export type RunStatus = z.infer<typeof RunStatus>;
export type CallRecord = z.infer<typeof CallRecord>;
export type TokenUsage = z.infer<typeof TokenUsage>;
export type TaskResult = z.infer<typeof TaskResult>;
export type RunResult = z.infer<typeof RunResult>;
export type ResultsDocument = z.infer<typeof ResultsDocument>;

const SEVERITY: RunStatus[] = ["success", "rejected", "waiting", "failure", "cancelled"];

/** The worst of several runs' statuses: cancelled > failure > waiting > rejected > success. */
export function worstStatus(statuses: readonly RunStatus[]): RunStatus {
  return statuses.reduce<RunStatus>(
    (worst, s) => (SEVERITY.indexOf(s) > SEVERITY.indexOf(worst) ? s : worst),
    "success",
  );
}

/** A run's status from its tasks (a cancelled run is decided by the caller). */
export function runStatusOf(tasks: readonly TaskResult[]): RunStatus {
  if (tasks.some((t) => t.status === "failure" && !t.continueOnError)) return "failure";
  if (tasks.some((t) => t.status === "waiting")) return "waiting";
  if (tasks.some((t) => t.status === "rejected")) return "rejected";
  return "success";
}
