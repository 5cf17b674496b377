import { access, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadDefinitions } from "../definition/load.js";
import { errorsIn, formatProblem } from "../definition/problem.js";
import { describeCron } from "../definition/cron.js";
import { GITHUB_WORKFLOW_FILE, type GithubWorkflow, renderGithubWorkflow } from "./github-workflow.js";
import { parseCommandArgs } from "./args.js";
import { TESTS_FOLDER } from "../definition/test-file.js";
import { findTestFiles } from "./init-tests.js";
import { planReviewJob, type ReviewJobPlan, reviewSetupLines } from "./init-review.js";
import { type CliIO, usage } from "./io.js";

const OPTIONS = { matrix: { type: "boolean" }, force: { type: "boolean" } } as const;

/**
 * `mgmt init [folder] [--matrix] [--force]`: writes .github/workflows/mgmt.yml (below the
 * current directory) that runs the folder's definitions on their own triggers, with a review
 * job that resumes the runs waiting for a person when a definition has a gate, and a test job
 * on pull requests when the folder holds tests (`tests/*.test.yml`).
 * Exit 0 written, 1 not written (the file exists), 2 a definition or usage error, or gated
 * definitions one workflow file cannot serve (--matrix, different review environments).
 */
export async function initCommand(args: readonly string[], io: Pick<CliIO, "out" | "err">): Promise<number> {
  const parsed = parseCommandArgs(args, OPTIONS);
  if (!parsed.ok) return usage(io, parsed.error);
  const { values, positionals } = parsed;
  if (positionals.length > 1) return usage(io, "init takes one folder");
  const folder = positionals[0] ?? "workflows";
  const matrix = values.matrix ?? false;
  // The action resolves `workflow` against the checkout: the folder must be inside it.
  const inRepo = path.relative(process.cwd(), path.resolve(folder));
  if (inRepo.startsWith("..") || path.isAbsolute(inRepo)) {
    return usage(io, `${folder} is outside the current directory (run mgmt init from the repository's root)`);
  }

  const loaded = await loadDefinitions(folder);
  const problems = loaded.problems;
  for (const problem of problems) io.err(formatProblem(problem));
  if (errorsIn(problems).length) {
    io.err(`mgmt: ${errorsIn(problems).length} problem(s) in ${folder}; nothing was written`);
    return 2;
  }

  const planned = planReviewJob(loaded.plans, matrix);
  if (!planned.ok) {
    io.err(`mgmt: ${planned.error}; nothing was written`);
    return 2;
  }
  const { review } = planned;
  const tests = await findTestFiles(folder);
  const repoFolder = inRepo.split(path.sep).join("/") || ".";
  const workflow = renderGithubWorkflow(loaded.plans, {
    folder: repoFolder,
    matrix,
    review: review?.environment ?? null,
    tests: tests.length > 0,
  });
  if (!values.force && (await exists(GITHUB_WORKFLOW_FILE))) {
    io.err(`mgmt: ${GITHUB_WORKFLOW_FILE} exists; nothing was written (--force replaces it)`);
    return 1;
  }
  await mkdir(path.dirname(GITHUB_WORKFLOW_FILE), { recursive: true });
  await writeFile(GITHUB_WORKFLOW_FILE, workflow.text);
  const testsAt = tests.length ? `${tests.length} test file(s) in ${repoFolder}/${TESTS_FOLDER}` : null;
  for (const line of writtenReport(workflow, loaded.plans.length, matrix, review, testsAt)) io.out(line);
  return 0;
}

function writtenReport(
  workflow: GithubWorkflow,
  count: number,
  matrix: boolean,
  review: ReviewJobPlan | null,
  testsAt: string | null,
): string[] {
  const shape = matrix
    ? "a plan job and one run job per workflow"
    : review
      ? `a run job and a review job (environment ${review.environment})`
      : "one job";
  const jobs = testsAt ? `${shape}, and a test job for pull requests` : shape;
  const crons = workflow.crons.map((c) => `"${c}" (${describeCron(c) ?? "as written"})`);
  const types = workflow.types === "any" ? "any type" : workflow.types.join(", ") || "none";
  return [
    `wrote ${GITHUB_WORKFLOW_FILE} for ${count} workflow(s), ${jobs}:`,
    `  schedule: ${crons.join(", ") || "none"}`,
    `  workflow_dispatch inputs: ${workflow.inputs.join(", ")}${workflow.paramsFallback ? " (over 10 declared: params takes them as JSON)" : ""}`,
    `  repository_dispatch: ${types}`,
    `  secrets to map into env: ${workflow.envNames.join(", ") || "none"}`,
    `  pull_request: ${testsAt ? `a test job for ${testsAt}` : `none (no tests in ${TESTS_FOLDER}/)`}`,
    "Commit it to the default branch: GitHub runs schedules from there only.",
    ...(review ? reviewSetupLines(review) : []),
  ];
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
