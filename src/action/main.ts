import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadDefinitions } from "../definition/load.js";
import { errorsIn, formatProblem, type Problem } from "../definition/problem.js";
import type { RunResult } from "../engine/result.js";
import { prepareSelections, runPrepared } from "../orchestrate.js";
import { renderJunit } from "../report/junit.js";
import { renderPlan } from "../report/plan-view.js";
import { redactText } from "../report/redact.js";
import { buildResults, failedTasks, resultsOutput } from "../report/results.js";
import { renderSummary } from "../report/summary.js";
import { renderProgress } from "../report/terminal.js";
import { describeTrigger } from "../triggers/describe.js";
import { selectWorkflows } from "../triggers/select.js";
import { Output } from "./constants.js";
import { bufferLines } from "./line-buffer.js";
import type { ActionSettings } from "./settings.js";
import { writeResultsFile } from "./write-results.js";

/** What the action does to the runner; @actions/core in production, a recorder in tests. */
export interface ActionIO {
  info(message: string): void;
  warning(message: string, at?: Problem): void;
  error(message: string, at?: Problem): void;
  setSecret(secret: string): void;
  setOutput(name: string, value: string): void;
  setFailed(message: string): void;
  writeSummary(markdown: string): Promise<void>;
  signal: AbortSignal;
}

/** Select, validate, run and report; every expected failure ends in `setFailed`, never a throw. */
export async function runAction(settings: ActionSettings, io: ActionIO): Promise<void> {
  const loaded = await loadDefinitions(settings.workflowPath, settings.endpointsPath ?? undefined);
  // Annotations want paths from the repository's root, and so do people.
  const problems = loaded.problems.map((p) => ({
    ...p,
    file: path.relative(settings.workspace, p.file) || p.file,
  }));
  for (const problem of problems) {
    (problem.severity === "error" ? io.error : io.warning)(formatProblem(problem), problem);
  }
  const errors = errorsIn(problems);
  if (errors.length) {
    return io.setFailed(
      `${errors.length} problem(s) in the workflow definitions; nothing was called. First: ${formatProblem(errors[0] as Problem)}`,
    );
  }
  const selected = selectWorkflows(loaded.plans, loaded.singleFile, settings.event, settings.workflowId);
  if (!selected.ok) return io.setFailed(`${selected.error}; nothing was called`);
  const { selections } = selected;
  for (const { plan, reason } of selections) {
    io.info(`${plan.id} (${path.relative(settings.workspace, plan.file)}) runs: ${reason}`);
  }
  io.setOutput(Output.workflowIds, JSON.stringify(selections.map((s) => s.plan.id)));

  const runSettings = {
    runId: settings.runId,
    attempt: settings.attempt,
    trigger: settings.event.name,
    env: settings.env,
    github: settings.github,
    params: settings.params,
    signal: io.signal,
  };
  // A dry-run calls nothing, so it needs no secrets: the plan job of a matrix runs without them.
  const prepared = prepareSelections(
    selections,
    { ...runSettings, withHeaders: !settings.dryRun },
    new Date(),
  );
  if (!prepared.ok) {
    for (const error of prepared.errors) io.error(error);
    return io.setFailed(`cannot start: ${prepared.errors.join("; ")}; nothing was called`);
  }
  for (const secret of prepared.secrets) io.setSecret(secret);
  const { secrets } = prepared;

  if (settings.dryRun) {
    const views = prepared.runs.map((run) => renderPlan(run.plan, run.params, { markdown: true }));
    for (const run of prepared.runs)
      io.info(redactText(renderPlan(run.plan, run.params, { markdown: false }), secrets));
    if (settings.summary) await io.writeSummary(redactText(views.join("\n\n"), secrets));
    return;
  }

  const log = bufferLines(io.info);
  const runs = await runPrepared(prepared.runs, {
    ...runSettings,
    onEvent: (event) => log.push(renderProgress(event, { color: false, secrets })),
  });
  log.flush();
  await report(settings, io, runs, secrets);
}

async function report(settings: ActionSettings, io: ActionIO, runs: RunResult[], secrets: string[]) {
  const document = buildResults(runs, secrets);
  await writeResultsFile(settings.resultsFile, document);
  if (settings.junitFile) {
    await mkdir(path.dirname(settings.junitFile), { recursive: true });
    await writeFile(settings.junitFile, renderJunit(runs, secrets));
  }
  io.setOutput(Output.status, document.status);
  if (runs.length === 1) io.setOutput(Output.workflowId, runs[0]?.workflow ?? "");
  io.setOutput(Output.results, resultsOutput(document));
  io.setOutput(Output.resultsFile, settings.resultsFile);
  io.setOutput(Output.failedTasks, failedTasks(runs));
  if (settings.summary) {
    const triggerText = (run: RunResult) => describeTrigger(settings.event, run.workflow);
    await io.writeSummary(renderSummary(runs, { secrets, runUrl: settings.runUrl, triggerText }));
  }
  if (settings.failOn.includes(document.status)) {
    const failed = failedTasks(runs);
    io.setFailed(
      `the run ended "${document.status}"${failed ? ` (failed: ${failed})` : ""}; fail-on is ${settings.failOn.join(",")}`,
    );
  }
}
