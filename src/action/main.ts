import path from "node:path";
import { errorsIn, formatProblem, type Problem } from "../definition/problem.js";
import type { ResultsDocument, RunResult } from "../engine/result.js";
import { runPipeline } from "../pipeline/pipeline.js";
import type { StateSettings } from "../pipeline/run-state.js";
import { stateStore } from "../pipeline/state-store.js";
import { writeReportFiles } from "../pipeline/report-files.js";
import { UserError } from "../pipeline/user-error.js";
import { renderNotStarted } from "../report/not-started.js";
import { renderPlan } from "../report/plan-view.js";
import { redactDeep, redactText } from "../report/redact.js";
import { buildResults, failedTasks, resultsOutput } from "../report/results.js";
import { renderSummary } from "../report/summary.js";
import { renderProgress } from "../report/terminal.js";
import { notAGateText } from "../report/task-why.js";
import { describeTrigger } from "../report/trigger-text.js";
import type { ActionIO } from "./action-io.js";
import { Input, Output } from "./constants.js";

import { bufferLines } from "./line-buffer.js";
import { readApproval } from "./approvals.js";
import { updateFailureIssues } from "./failure-issue.js";
import type { ActionSettings, StateInputs } from "./settings.js";
import { cacheStateBytes } from "./state-cache.js";
import { runTestStep } from "./test-step.js";
import { otlpHeaderValues } from "../tracing/otlp-target.js";

/**
 * Select, validate, run and report. Expected failures end in `setFailed`; a file the user
 * named that cannot be written throws a UserError, after the outputs and the summary.
 */
export async function runAction(settings: ActionSettings, io: ActionIO): Promise<void> {
  if (settings.test) return runTestStep(settings, io);
  const log = bufferLines(io.info);
  let secrets: string[] = [];
  // The collector's credentials: the SDK sends them, and nothing may show them.
  for (const value of otlpHeaderValues(settings.env)) io.setSecret(value);
  const outcome = await runPipeline(
    {
      target: settings.workflowPath,
      endpoints: settings.endpointsPath,
      workflowId: settings.workflowId,
      event: settings.event,
      dryRun: settings.dryRun,
      runId: settings.runId,
      attempt: settings.attempt,
      trigger: settings.event.name,
      env: settings.env,
      github: settings.github,
      params: settings.params,
      state: settings.state && actionState(settings, settings.state, io),
      noStateHint:
        "the run saves no state to resume from: set the state-key input (a secret; `mgmt init` says how to create one)",
      signal: io.signal,
      oidcMissing: settings.oidcAvailable
        ? null
        : "add `permissions: id-token: write` (and `contents: read`) to the job",
      onEvent: (event) => {
        if (event.type === "secrets") {
          secrets = [...secrets, ...event.values];
          for (const secret of event.values) io.setSecret(secret);
        }
        log.push(renderProgress(event, { color: false, secrets }));
      },
    },
    (ready) => {
      secrets = ready.secrets;
      for (const secret of secrets) io.setSecret(secret);
      for (const { plan, reason } of ready.selections) {
        io.info(`${plan.id} (${path.relative(settings.workspace, plan.file)}) runs: ${reason}`);
      }
      io.setOutput(Output.workflowIds, JSON.stringify(ready.selections.map((s) => s.plan.id)));
    },
  );
  log.flush();
  reportProblems(settings, io, outcome.problems);
  switch (outcome.stage) {
    case "invalid": {
      const errors = errorsIn(outcome.problems).map((p) => formatProblem(relative(settings, p)));
      const message = `${errors.length} problem(s) in the workflow definitions; nothing was called. First: ${errors[0]}`;
      return notStarted(settings, io, message, errors, []);
    }
    case "unselected":
      return notStarted(settings, io, `${outcome.error}; nothing was called`, [], []);
    case "unprepared": {
      for (const secret of outcome.secrets) io.setSecret(secret);
      const errors = outcome.errors.map((error) => redactText(error, outcome.secrets));
      for (const error of errors) io.error(error);
      return notStarted(
        settings,
        io,
        `cannot start: ${errors.join("; ")}; nothing was called`,
        errors,
        outcome.secrets,
      );
    }
    case "planned": {
      // Params are masked before the plan shortens and escapes them: a cut secret could not be found.
      const plans = outcome.runs.map((run) => ({
        plan: run.plan,
        params: redactDeep(run.params, outcome.secrets),
      }));
      for (const { plan, params } of plans)
        io.info(redactText(renderPlan(plan, params, { markdown: false }), outcome.secrets));
      if (settings.summary) {
        const views = plans.map(({ plan, params }) => renderPlan(plan, params, { markdown: true }));
        const failed = await writeSummary(io, redactText(views.join("\n\n"), outcome.secrets));
        if (failed) throw failed;
      }
      return;
    }
    case "ran":
      for (const warning of outcome.warnings) io.warning(warning);
      return report(settings, io, outcome.runs, outcome.secrets);
  }
}

/** Annotations want paths from the repository's root, and so do people. */
function relative(settings: ActionSettings, problem: Problem): Problem {
  return { ...problem, file: path.relative(settings.workspace, problem.file) || problem.file };
}

function reportProblems(settings: ActionSettings, io: ActionIO, problems: readonly Problem[]) {
  for (const problem of problems.map((p) => relative(settings, p))) {
    (problem.severity === "error" ? io.error : io.warning)(formatProblem(problem), problem);
  }
}

/**
 * A step that called nothing still leaves its record: status `failure`, a summary saying why
 * and a results file without runs, so that later steps and people read the same as after a run.
 */
async function notStarted(
  settings: ActionSettings,
  io: ActionIO,
  message: string,
  details: string[],
  secrets: string[],
): Promise<void> {
  await writeRecord(settings, io, {
    document: { version: 1, status: "failure", runs: [] },
    runs: [],
    summary: () => renderNotStarted(message, details, secrets),
    failure: message,
    secrets,
  });
}

/**
 * After a run: its warnings, then its record (the step fails when the status is in fail-on),
 * then the failure issues when asked for.
 */
async function report(settings: ActionSettings, io: ActionIO, runs: RunResult[], secrets: string[]) {
  const document = buildResults(runs, secrets);
  for (const task of runs.flatMap((run) => run.tasks)) {
    const warning = notAGateText(task);
    if (warning) io.warning(redactText(warning, secrets));
  }
  const failed = failedTasks(runs);
  const failure = settings.failOn.includes(document.status)
    ? `the run ended "${document.status}"${failed ? ` (failed: ${failed})` : ""}; fail-on is ${settings.failOn.join(",")}`
    : null;
  const triggerText = describeTrigger(settings.event);
  try {
    await writeRecord(settings, io, {
      document,
      runs,
      summary: () => renderSummary(runs, { secrets, runUrl: settings.runUrl, triggerText }),
      failure,
      secrets,
    });
  } finally {
    // After the record, so that outputs and summary stand whatever GitHub answers; a file
    // that could not be written does not keep the issue from being told.
    if (settings.failureIssue) {
      const { githubToken: token, apiUrl, repository, runUrl, failOn } = settings;
      const where = { token, apiUrl, repository, runUrl, failOn };
      await updateFailureIssues(where, runs, secrets, (text) => io.warning(text));
    }
  }
}

/**
 * The state in the Actions cache, sealed with the state-key; a resume reads who approved the
 * review environment's deployment of this run from GitHub.
 */
function actionState(settings: ActionSettings, inputs: StateInputs, io: ActionIO): StateSettings {
  const bytes = cacheStateBytes({
    job: inputs.job,
    attempt: settings.attempt,
    workspace: settings.workspace,
    log: { warning: (text) => io.warning(text), info: (text) => io.info(text) },
  });
  return {
    store: stateStore(bytes, inputs.key),
    resume: inputs.resume
      ? {
          runId: inputs.resumeRun,
          approval: (run) =>
            readApproval({
              token: settings.githubToken,
              apiUrl: settings.apiUrl,
              repository: settings.repository,
              runId: settings.runId,
              environment: run.plan.reviewEnvironment,
            }),
        }
      : null,
    replay: inputs.replay,
    notice: (text) => io.info(text),
    warning: (text) => io.warning(text),
  };
}

/**
 * Outputs first, then the summary, then each file on its own: a file that cannot be written
 * must not lose the rest. Any that failed is thrown last, as the user's mistake it is.
 */
async function writeRecord(
  settings: ActionSettings,
  io: ActionIO,
  record: {
    document: ResultsDocument;
    runs: RunResult[];
    summary: () => string;
    failure: string | null;
    secrets: string[];
  },
) {
  const { document, runs, secrets } = record;
  io.setOutput(Output.status, document.status);
  if (runs.length === 1) io.setOutput(Output.workflowId, runs[0]?.workflow ?? "");
  io.setOutput(Output.results, resultsOutput(document));
  io.setOutput(Output.resultsFile, settings.resultsFile);
  io.setOutput(Output.failedTasks, failedTasks(runs));
  const waiting = runs.filter((run) => run.status === "waiting").map((run) => run.workflow);
  io.setOutput(Output.waitingIds, JSON.stringify(waiting));
  // Every run of one invocation shares the trace: the repository's and the run id's.
  if (runs[0]) io.setOutput(Output.traceId, runs[0].traceId);
  const failures: UserError[] = [];
  if (settings.summary) {
    const failed = await writeSummary(io, record.summary());
    if (failed) failures.push(failed);
  }
  const files = {
    results: { input: Input.resultsFile, path: settings.resultsFile },
    // A step that ran nothing has no test cases to report.
    junit: settings.junitFile && runs.length ? { input: Input.junitFile, path: settings.junitFile } : null,
  };
  failures.push(...(await writeReportFiles(files, document, runs, secrets)));
  if (record.failure) io.setFailed(record.failure);
  if (failures.length) throw new UserError(failures.map((f) => f.message).join("; "));
}

/** The summary file is the runner's; a failure to write it is reported, not a crash. */
async function writeSummary(io: ActionIO, markdown: string): Promise<UserError | undefined> {
  try {
    await io.writeSummary(markdown);
    return undefined;
  } catch (error) {
    return new UserError(`summary: cannot write the job summary: ${(error as Error).message}`);
  }
}
