import { formatProblem } from "../definition/problem.js";
import { DEFAULT_FAIL_ON, parseFailOn } from "../pipeline/fail-on.js";
import { parseParamPair } from "../pipeline/params-text.js";
import { runPipeline } from "../pipeline/pipeline.js";
import { createRecorder, writeRecordedTests } from "../pipeline/record-run.js";
import { writeReportFiles } from "../pipeline/report-files.js";
import { renderPlan } from "../report/plan-view.js";
import { redactDeep, redactText } from "../report/redact.js";
import { buildResults } from "../report/results.js";
import { notAGateText } from "../report/task-why.js";
import { renderProgress, renderTable, useColor } from "../report/terminal.js";
import type { WorkflowPlan } from "../engine/plan.js";
import { parseCommandArgs } from "./args.js";
import { type CliIO, usage } from "./io.js";
import { cliState } from "./state.js";

const OPTIONS = {
  endpoints: { type: "string" },
  param: { type: "string", multiple: true },
  "workflow-id": { type: "string" },
  "run-id": { type: "string" },
  "fail-on": { type: "string" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
  junit: { type: "string" },
  state: { type: "string" },
  resume: { type: "boolean" },
  "approved-by": { type: "string" },
  record: { type: "string" },
} as const;

/** `mgmt run`: the action's pipeline with a terminal reporter. */
export async function runCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommandArgs(args, OPTIONS);
  if (!parsed.ok) return usage(io, parsed.error);
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return usage(io, "run takes one file or folder");
  if (values.record === "") return usage(io, "--record takes a folder");
  if (values.record !== undefined && values["dry-run"])
    return usage(io, "--record keeps what the services answer: a --dry-run calls none");
  const failOn = parseFailOn(values["fail-on"] ?? DEFAULT_FAIL_ON);
  if (!failOn.ok) return usage(io, failOn.error);
  const params: Record<string, unknown> = {};
  for (const pair of values.param ?? []) {
    const parsedPair = parseParamPair(pair);
    if (!parsedPair.ok) return usage(io, parsedPair.error);
    params[parsedPair.key] = parsedPair.value;
  }

  const stateSettings = await cliState(values, io);
  if (!stateSettings.ok) return usage(io, stateSettings.error);
  const { state, runId } = stateSettings;

  const color = !values.json && useColor(io.env, io.isTTY);
  let secrets: string[] = [];
  const say = (line: string) => io.out(redactText(line, secrets));
  const recorder = values.record === undefined ? null : createRecorder();
  let plans: WorkflowPlan[] = [];
  // With --json, stdout carries the document alone; progress goes to stderr.
  const progress = values.json ? (line: string) => io.err(redactText(line, secrets)) : say;
  const outcome = await runPipeline(
    {
      target: positionals[0] as string,
      endpoints: values.endpoints,
      workflowId: values["workflow-id"],
      event: { name: "cli", payload: {} },
      dryRun: values["dry-run"] ?? false,
      runId: runId ?? values["run-id"] ?? crypto.randomUUID(),
      trigger: "cli",
      env: io.env,
      github: {},
      params,
      state,
      noStateHint: "no --state folder is given to save the run in: run it with --state DIR",
      signal: io.signal,
      wrapCall: recorder?.wrap,
      onEvent: (event) => {
        if (event.type === "secrets") secrets = [...secrets, ...event.values];
        // The table below ends with the run's status line; with --json, stderr carries it.
        if (event.type === "run:end" && !values.json) return;
        progress(renderProgress(event, { color, secrets }));
      },
    },
    (ready) => {
      secrets = ready.secrets;
      plans = ready.runs.map((run) => run.plan);
    },
  );
  for (const problem of outcome.problems) io.err(formatProblem(problem));
  switch (outcome.stage) {
    case "invalid":
      return 2;
    case "unselected":
      io.err(`mgmt: ${outcome.error}`);
      return 2;
    case "unprepared":
      for (const error of outcome.errors) io.err(`mgmt: ${redactText(error, outcome.secrets)}`);
      return 2;
    case "planned":
      // Params are masked before the plan shortens and escapes them: a cut secret could not be found.
      for (const run of outcome.runs)
        say(renderPlan(run.plan, redactDeep(run.params, outcome.secrets), { markdown: false }));
      return 0;
    case "ran": {
      const { runs } = outcome;
      const document = buildResults(runs, secrets);
      for (const task of runs.flatMap((run) => run.tasks)) {
        const warning = notAGateText(task);
        if (warning) io.err(`mgmt: warning: ${redactText(warning, secrets)}`);
      }
      for (const warning of outcome.warnings) io.err(`mgmt: warning: ${warning}`);
      if (values.json) say(JSON.stringify(document, null, 2));
      else for (const run of runs) say(renderTable(run, { color, secrets, stateDir: values.state }));
      const junit = values.junit ? { input: "--junit", path: values.junit } : null;
      const failures = await writeReportFiles({ junit }, document, runs, secrets);
      if (recorder && values.record !== undefined) {
        const recorded = await writeRecordedTests(values.record, runs, plans, recorder.answers, secrets);
        failures.push(...recorded.failures);
        for (const file of recorded.written) progress(`recorded ${file}`);
      }
      for (const failure of failures) io.err(`mgmt: ${failure.message}`);
      return failures.length || failOn.value.includes(document.status) ? 1 : 0;
    }
  }
}
