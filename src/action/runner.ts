import type { Problem } from "../definition/problem.js";
import { UserError } from "../pipeline/user-error.js";
import { inertLog } from "../text/inert-log.js";
import { githubContext, readEvent } from "./github-context.js";
import { runAction } from "./main.js";
import { readSettings } from "./settings.js";
import * as core from "./workflow-commands.js";

/**
 * Runs the action with @actions/core's workflow commands as its I/O: inputs and the event
 * in, outputs, summary and annotations out. A user's mistake fails the step with its own message; anything else
 * is a bug and says so.
 */
export async function runOnRunner(signal: AbortSignal): Promise<void> {
  try {
    const event = readEvent(process.env);
    if (!event.ok) throw new UserError(event.error);
    const settings = readSettings({
      getInput: (name) => core.getInput(name),
      env: process.env,
      event: event.event,
      github: githubContext(process.env, event.event),
    });
    if (!settings.ok) throw new UserError(settings.error);
    // Every line printed may carry text from endpoints or events: none may act as a runner command.
    await runAction(settings.settings, {
      info: (message) => core.info(inertLog(message)),
      warning: (message, at) => core.warning(inertLog(message), at && annotation(at)),
      error: (message, at) => core.error(inertLog(message), at && annotation(at)),
      setSecret: core.setSecret,
      setOutput: core.setOutput,
      setFailed: (message) => core.setFailed(inertLog(message)),
      writeSummary: async (markdown) => {
        await core.summary.addRaw(markdown, true).write();
      },
      signal,
    });
  } catch (error) {
    if (error instanceof UserError) core.setFailed(inertLog(error.message));
    else
      core.setFailed(
        `mgmt-action failed unexpectedly (a bug; please report it): ${(error as Error).stack ?? error}`,
      );
  }
}

function annotation(at: Problem): core.AnnotationProperties {
  return { file: at.file, startLine: at.line, startColumn: at.column, title: at.field };
}
