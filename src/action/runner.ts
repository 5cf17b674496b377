import type { Problem } from "../definition/problem.js";
import { UserError } from "../pipeline/user-error.js";
import { inertLog } from "../text/inert-log.js";
import { githubContext, readEvent } from "./github-context.js";
import { runAction } from "./main.js";
import { readSettings } from "./settings.js";
import * as commands from "./workflow-commands.js";

/** The parts of @actions/core the action uses: its own protocol pieces on the runner, the real package under local-action. */
export type RunnerCore = Pick<
  typeof commands,
  "getInput" | "info" | "warning" | "error" | "setSecret" | "setOutput" | "setFailed" | "summary"
>;

/**
 * Runs the action with @actions/core's workflow commands as its I/O: inputs and the event
 * in, outputs, summary and annotations out. A user's mistake fails the step with its own
 * message; anything else is a bug and says so.
 */
export async function runOnRunner(signal: AbortSignal, core: RunnerCore = commands): Promise<void> {
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
        // Off a runner (local-action, a plain shell) there is no summary file: say so, and go on.
        if (!process.env.GITHUB_STEP_SUMMARY) {
          return core.warning("GITHUB_STEP_SUMMARY is not set, so the job summary is not written");
        }
        await core.summary.addRaw(markdown, true).write();
      },
      signal,
    });
  } catch (error) {
    if (error instanceof UserError) core.setFailed(inertLog(error.message));
    else
      core.setFailed(
        inertLog(
          `mgmt-action failed unexpectedly (a bug; please report it): ${(error as Error).stack ?? error}`,
        ),
      );
  }
}

function annotation(at: Problem): commands.AnnotationProperties {
  return { file: at.file, startLine: at.line, startColumn: at.column, title: at.field };
}
