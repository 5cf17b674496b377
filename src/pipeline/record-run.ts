import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Document } from "yaml";
import type { RecordedAnswer, TestSpec } from "../definition/test-file.js";
import type { CallOutcome, CallTask } from "../engine/call.js";
import type { WorkflowPlan } from "../engine/plan.js";
import type { RunResult, TaskResult } from "../engine/result.js";
import { redactDeep } from "../report/redact.js";
import { isJsonType } from "../transport/read-answer.js";
import { UserError } from "./user-error.js";

/**
 * The answer headers a replay reads (Retry-After, where to poll, how to parse the body):
 * every other header stays out of a recording, since it may carry a session or a secret.
 */
const KEPT_HEADERS = new Set([
  "retry-after",
  "location",
  "operation-location",
  "azure-asyncoperation",
  "content-type",
]);

/** What each task got back, in order (attempts and polls), by workflow and task. */
export type RecordedAnswers = Map<string, Map<string, RecordedAnswer[]>>;

/**
 * A recorder of a run's answers (`mgmt run --record`): `wrap` puts it around the transport,
 * which it calls as it is, keeping each call's answers under the task that made it.
 */
export function createRecorder(): { wrap: (call: CallTask) => CallTask; answers: RecordedAnswers } {
  const answers: RecordedAnswers = new Map();
  const wrap =
    (call: CallTask): CallTask =>
    async (request) => {
      const outcome = await call(request);
      const workflow = request.headers["X-Mgmt-Workflow"] ?? "";
      const task = request.headers["X-Mgmt-Task"] ?? "";
      const byTask = answers.get(workflow) ?? new Map<string, RecordedAnswer[]>();
      answers.set(workflow, byTask);
      byTask.set(task, [...(byTask.get(task) ?? []), ...answersOf(outcome)]);
      return outcome;
    };
  return { wrap, answers };
}

/**
 * A call's answers as a test gives them: each earlier attempt by its status alone (its body
 * is not kept by the transport), then the final answer. Attempts that got no answer (network
 * errors, timeouts) cannot be given in a test and are left out.
 */
function answersOf(outcome: CallOutcome): RecordedAnswer[] {
  const earlier = outcome.ok ? outcome.calls.slice(0, -1) : outcome.calls;
  const statuses = earlier.flatMap((c) => (c.httpStatus === null ? [] : [{ status: c.httpStatus }]));
  if (!outcome.ok) return statuses;
  const headers = keptHeaders(outcome.headers ?? {}, outcome.outputs);
  const final: RecordedAnswer = {
    status: outcome.httpStatus,
    ...(Object.keys(headers).length ? { headers } : {}),
    body: outcome.outputs,
  };
  return [...statuses, final];
}

function keptHeaders(headers: Record<string, string>, body: unknown): Record<string, string> {
  const kept = Object.entries(headers).filter(([name]) => KEPT_HEADERS.has(name.toLowerCase()));
  // A JSON body is replayed as JSON anyway: its content type would only be noise.
  return Object.fromEntries(
    kept.filter(
      ([name, value]) =>
        !(name.toLowerCase() === "content-type" && isJsonType(value) && typeof body !== "string"),
    ),
  );
}

/** A run as a test of its workflow: its params, date and id, what each task got, and its statuses. */
function recordedTest(run: RunResult, plan: WorkflowPlan | undefined, answers: RecordedAnswers): TestSpec {
  const got = answers.get(run.workflow) ?? new Map<string, RecordedAnswer[]>();
  const protocolAgents = new Set(plan?.tasks.filter((t) => t.agent !== null).map((t) => t.name) ?? []);
  const given: TestSpec["answers"] = {};
  for (const task of run.tasks) {
    const list =
      protocolAgents.has(task.name) || task.replayed ? agentAnswer(task) : (got.get(task.name) ?? []);
    if (list.length) given[task.name] = list.length === 1 ? (list[0] as RecordedAnswer) : list;
  }
  return {
    workflow: run.workflow,
    params: run.params,
    context: {
      run: {
        id: run.runId,
        date: run.startedAt.slice(0, 10),
        trigger: run.trigger,
        ...(run.attempt === 1 ? {} : { attempt: run.attempt }),
      },
    },
    answers: given,
    expect: {
      status: run.status,
      tasks: Object.fromEntries(run.tasks.map((t) => [t.name, { status: t.status }])),
    },
  };
}

/**
 * What an agent answered, as the test's agent answers are given: the outputs its protocol
 * extracted, which are the task's outputs (after its `outputs` mapping, when it has one). A
 * task replayed from a saved state was not called: its outputs are all there is to give.
 */
function agentAnswer(task: TaskResult): RecordedAnswer[] {
  if (task.startedAt === null && !task.replayed) return [];
  if (task.status === "failure" && task.outputs === null) {
    const status = task.calls.at(-1)?.httpStatus ?? null;
    return status !== null && status >= 400 ? [{ status }] : [];
  }
  return [{ body: task.outputs }];
}

/** The file a run is recorded in: its workflow's id, made safe as a file name. */
function recordedFile(dir: string, workflow: string): string {
  return path.join(dir, `${workflow.replace(/[^\w.-]/g, "_")}.test.yml`);
}

/** The test as YAML, secrets masked, with a comment on what was recorded and how. */
function renderRecordedTest(
  test: TestSpec,
  plan: WorkflowPlan | undefined,
  secrets: readonly string[],
): string {
  const doc = new Document(redactDeep(test, secrets));
  doc.commentBefore =
    " Recorded by `mgmt run --record`: what each task got back (secrets masked as ***)." +
    "\n Earlier attempts keep their status alone; an agent's body is the outputs its protocol extracted.";
  for (const task of plan?.tasks ?? []) {
    if (task.agent === null || task.answer.outputs === null || !(task.name in test.answers)) continue;
    const node = doc.getIn(["answers", task.name], true) as { commentBefore?: string } | undefined;
    if (node)
      node.commentBefore = ` ${task.name} maps its answer with \`outputs\`: this body is the mapped outputs; give the agent's own.`;
  }
  return doc.toString({ lineWidth: 0 });
}

/**
 * Writes one test file per run into `dir`; a file that cannot be written is a UserError naming
 * its path, and the others are still written.
 */
export async function writeRecordedTests(
  dir: string,
  runs: readonly RunResult[],
  plans: readonly WorkflowPlan[],
  answers: RecordedAnswers,
  secrets: readonly string[],
): Promise<{ written: string[]; failures: UserError[] }> {
  const written: string[] = [];
  const failures: UserError[] = [];
  for (const run of runs) {
    const plan = plans.find((p) => p.id === run.workflow);
    const file = recordedFile(dir, run.workflow);
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(file, renderRecordedTest(recordedTest(run, plan, answers), plan, secrets));
      written.push(file);
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      failures.push(new UserError(`--record: cannot write ${file}: ${cause}`));
    }
  }
  return { written, failures };
}
