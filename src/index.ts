import "./action/node-fetch-first.js";
import * as core from "@actions/core";
import { runAction } from "./action/main.js";
import { readSettings } from "./action/settings.js";
import { githubContext, readEvent } from "./action/github-context.js";

// The runner sends SIGINT, then SIGTERM 7.5 s later: either one cancels the run, which
// still writes its summary and outputs.
const cancel = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => cancel.abort(new Error(signal)));

const event = readEvent(process.env);
const settings = event.ok
  ? readSettings({
      getInput: (name) => core.getInput(name),
      env: process.env,
      event: event.event,
      github: githubContext(process.env, event.event),
    })
  : event;
try {
  if (!settings.ok) core.setFailed(settings.error);
  else {
    await runAction(settings.settings, {
      info: core.info,
      warning: (message, at) => core.warning(message, at && annotation(at)),
      error: (message, at) => core.error(message, at && annotation(at)),
      setSecret: core.setSecret,
      setOutput: core.setOutput,
      setFailed: core.setFailed,
      writeSummary: async (markdown) => {
        await core.summary.addRaw(markdown, true).write();
      },
      signal: cancel.signal,
    });
  }
} catch (error) {
  core.setFailed(
    `mgmt-action failed unexpectedly (a bug; please report it): ${(error as Error).stack ?? error}`,
  );
}
process.exit();

function annotation(at: {
  file: string;
  line: number;
  column: number;
  field: string;
}): core.AnnotationProperties {
  return { file: at.file, startLine: at.line, startColumn: at.column, title: at.field };
}
