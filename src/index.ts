import * as core from "@actions/core";
import * as github from "@actions/github";
import { runAction } from "./action/main.js";
import { readSettings } from "./action/settings.js";
import { githubContext } from "./triggers/github-context.js";

// The runner sends SIGINT, then SIGTERM 7.5 s later: either one cancels the run, which
// still writes its summary and outputs.
const cancel = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => cancel.abort(new Error(signal)));

const event = { name: github.context.eventName, payload: github.context.payload as Record<string, unknown> };
const settings = readSettings({
  getInput: (name) => core.getInput(name),
  env: process.env,
  event,
  github: githubContext(github.context, process.env),
});
try {
  if (!settings.ok) core.setFailed(settings.error);
  else {
    await runAction(settings.settings, {
      info: core.info,
      warning: (message, at) =>
        core.warning(
          message,
          at && { file: at.file, startLine: at.line, startColumn: at.column, title: at.field },
        ),
      error: (message, at) =>
        core.error(
          message,
          at && { file: at.file, startLine: at.line, startColumn: at.column, title: at.field },
        ),
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
