import { writeFile } from "node:fs/promises";
import { parseFailOn } from "../action/settings.js";
import { loadDefinitions } from "../definition/load.js";
import { errorsIn, formatProblem } from "../definition/problem.js";
import { prepareSelections, runPrepared } from "../orchestrate.js";
import { parseParamPair } from "../params-text.js";
import { renderJunit } from "../report/junit.js";
import { renderPlan } from "../report/plan-view.js";
import { redactText } from "../report/redact.js";
import { buildResults } from "../report/results.js";
import { renderProgress, renderTable, useColor } from "../report/terminal.js";
import { selectWorkflows } from "../triggers/select.js";
import { parseCommandArgs } from "./args.js";
import { type CliIO, usage } from "./main.js";

const OPTIONS = {
  endpoints: { type: "string" },
  param: { type: "string", multiple: true },
  "workflow-id": { type: "string" },
  "run-id": { type: "string" },
  "fail-on": { type: "string" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
  junit: { type: "string" },
} as const;

/** `mgmt run`: the action's engine with a terminal reporter. */
export async function runCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommandArgs(args, OPTIONS);
  if (!parsed.ok) return usage(io, parsed.error);
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return usage(io, "run takes one file or folder");
  const failOn = parseFailOn(values["fail-on"] ?? "failure,cancelled");
  if (!failOn.ok) return usage(io, failOn.error);
  const params: Record<string, unknown> = {};
  for (const pair of values.param ?? []) {
    const parsedPair = parseParamPair(pair);
    if (!parsedPair.ok) return usage(io, parsedPair.error);
    params[parsedPair.key] = parsedPair.value;
  }

  const loaded = await loadDefinitions(positionals[0] as string, values.endpoints);
  for (const problem of loaded.problems) io.err(formatProblem(problem));
  if (errorsIn(loaded.problems).length) return 2;
  const selected = selectWorkflows(
    loaded.plans,
    loaded.singleFile,
    { name: "cli", payload: {} },
    values["workflow-id"],
  );
  if (!selected.ok) {
    io.err(`mgmt: ${selected.error}`);
    return 2;
  }
  const settings = {
    runId: values["run-id"] ?? crypto.randomUUID(),
    trigger: "cli",
    env: io.env,
    github: {},
    params,
    signal: io.signal,
  };
  const prepared = prepareSelections(
    selected.selections,
    { ...settings, withHeaders: !values["dry-run"] },
    new Date(),
  );
  if (!prepared.ok) {
    for (const error of prepared.errors) io.err(`mgmt: ${error}`);
    return 2;
  }
  const { secrets } = prepared;
  const say = (line: string) => io.out(redactText(line, secrets));
  if (values["dry-run"]) {
    for (const run of prepared.runs) say(renderPlan(run.plan, run.params, { markdown: false }));
    return 0;
  }

  const color = !values.json && useColor(io.env, io.isTTY);
  // With --json, stdout carries the document alone; progress goes to stderr.
  const progress = values.json ? (line: string) => io.err(redactText(line, secrets)) : say;
  const runs = await runPrepared(prepared.runs, {
    ...settings,
    onEvent: (event) => {
      // The table below ends with the run's status line; with --json, stderr carries it.
      if (event.type === "run:end" && !values.json) return;
      progress(renderProgress(event, { color, secrets }));
    },
  });
  const document = buildResults(runs, secrets);
  if (values.junit) await writeFile(values.junit, renderJunit(runs, secrets));
  if (values.json) say(JSON.stringify(document, null, 2));
  else for (const run of runs) say(renderTable(run, { color, secrets }));
  return failOn.value.includes(document.status) ? 1 : 0;
}
