import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { formatProblem } from "../definition/problem.js";
import { runTests } from "../pipeline/run-tests.js";
import { renderTestJunit, renderTestLines, renderTestSummary } from "../report/test-report.js";
import { Output } from "./constants.js";
import type { ActionIO } from "./action-io.js";
import { TESTS_FOLDER } from "../definition/test-file.js";
import type { ActionSettings } from "./settings.js";

/**
 * `test: true`: the workflows' tests (`<workflow>/tests`) against their recorded answers,
 * calling nothing and needing no secret, for a pull_request job. The summary lists each
 * test; the step fails when one fails or a file cannot be read.
 */
export async function runTestStep(settings: ActionSettings, io: ActionIO): Promise<void> {
  const folder = path.join(settings.workflowPath, TESTS_FOLDER);
  const ran = await runTests(folder);
  for (const problem of ran.problems) {
    const line = formatProblem({ ...problem, file: path.relative(settings.workspace, problem.file) });
    if (problem.severity === "error") io.error(line, problem);
    else io.warning(line, problem);
  }
  const tests = ran.ok ? ran.tests : [];
  if (ran.ok) io.info(renderTestLines(tests));
  const failed = ran.ok ? tests.filter((test) => !test.passed).length : 0;
  io.setOutput(Output.status, ran.ok && failed === 0 ? "success" : "failure");
  if (settings.summary) await io.writeSummary(renderTestSummary(tests, ran.ok ? [] : ran.problems));
  if (settings.junitFile && ran.ok) {
    await mkdir(path.dirname(settings.junitFile), { recursive: true });
    await writeFile(settings.junitFile, renderTestJunit(tests));
  }
  if (!ran.ok)
    io.setFailed(`the workflow tests in ${path.relative(settings.workspace, folder)} could not run`);
  else if (failed) io.setFailed(`${failed} of ${tests.length} workflow tests failed`);
}
