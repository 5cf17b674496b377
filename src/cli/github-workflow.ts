import { Document, isMap, isNode, isScalar, isSeq, Scalar } from "yaml";
import type { WorkflowPlan } from "../engine/plan.js";
import { expressionsIn } from "../expressions/compile.js";
import { type GithubInput, MAX_DISPATCH_INPUTS, unionInputs } from "./dispatch-inputs.js";
import { declaredCrons } from "../triggers/select.js";
import { STATE_KEY_SECRET } from "./init-review.js";
import { TESTS_FOLDER } from "../definition/test-file.js";
import { ON_PULL_REQUEST, offPullRequests, pullRequestPaths } from "./init-tests.js";

export const ACTION_REF = "hms/mgmt-action@v1";
export const GITHUB_WORKFLOW_FILE = ".github/workflows/mgmt.yml";

export interface GithubWorkflowOptions {
  /** The definitions' folder, relative to the repository root, with `/` separators. */
  folder: string;
  /** Two jobs: a dry-run `plan` job, then one `run` job per selected workflow. */
  matrix: boolean;
  /**
   * When a definition has a gate: the environment a `review` job waits on (its approval
   * resumes the runs that wait for a person), with the run job saving state. One-job shape only.
   */
  review?: string | null;
  /**
   * The folder holds tests (`tests/*.test.yml`): a pull request that changes it runs them in a
   * `test` job (no secrets), and the other jobs run on every other event. Default false.
   */
  tests?: boolean;
}

/** The GitHub workflow `mgmt init` writes, and what went into it (for the message and tests). */
export interface GithubWorkflow {
  text: string;
  crons: string[];
  inputs: string[];
  /** repository_dispatch types; `any` when a definition takes every type; empty: no such trigger. */
  types: string[] | "any";
  /** Variables the definitions read from `env`, to be mapped from secrets. */
  envNames: string[];
  /** Whether the declared inputs were too many and one `params` text input stands for them. */
  paramsFallback: boolean;
}

/** Builds the GitHub workflow that runs every definition of a folder on its own triggers. */
export function renderGithubWorkflow(
  plans: readonly WorkflowPlan[],
  options: GithubWorkflowOptions,
): GithubWorkflow {
  const crons = declaredCrons(plans);
  const declared = unionInputs(plans);
  const review = options.review ?? null;
  const tests = options.tests ?? false;
  // An endpoint that takes the job's OIDC token needs it minted; naming one permission drops
  // the others, so contents: read stays beside it. Tests fetch no token and get none.
  const oidc = plans.some((plan) => Object.values(plan.endpoints).some((e) => e.oidcAudience !== null));
  // A scheduled run fails with nobody watching: its failures open (and its recovery closes) an issue.
  const watched = crons.length > 0;
  const permissions = {
    ...PERMISSIONS,
    ...(oidc ? { "id-token": "write" } : {}),
    ...(watched ? { issues: "write" } : {}),
  };
  const ownInputs = review ? 2 : 1;
  const paramsFallback = ownInputs + Object.keys(declared).length > MAX_DISPATCH_INPUTS;
  const inputs: Record<string, GithubInput> = {
    workflow: {
      description: "The workflow to run",
      type: "choice",
      required: true,
      options: plans.map((p) => p.id),
    },
    ...(paramsFallback ? { params: PARAMS_INPUT } : declared),
    ...(review ? { "resume-run": RESUME_RUN_INPUT } : {}),
  };
  const types = dispatchTypes(plans);
  const envNames = envNamesOf(plans);
  const on: Record<string, unknown> = {};
  if (crons.length) on.schedule = crons.map((cron) => ({ cron }));
  on.workflow_dispatch = { inputs };
  if (types === "any") on.repository_dispatch = null;
  else if (types.length) on.repository_dispatch = { types };
  if (tests) on.pull_request = { paths: pullRequestPaths(options.folder) };

  const step = { folder: options.folder, paramsFallback, failureIssue: watched };
  const jobs: Record<string, Job> = options.matrix
    ? matrixJobs(step)
    : review
      ? reviewJobs(step, review, permissions)
      : { run: { "runs-on": RUNNER, steps: steps(step, runs(step)) } };
  const doc = new Document({
    name: "mgmt",
    on,
    // With a review job, concurrency is the run job's: a run waiting for days holds back no schedule.
    ...(review ? {} : { concurrency: tests ? TESTED_CONCURRENCY : CONCURRENCY }),
    permissions,
    jobs: tests ? { ...offPullRequests(jobs), test: testJob(step) } : jobs,
  });
  annotate(doc, plans, {
    ...options,
    review,
    tests,
    paramsFallback,
    declared: Object.keys(declared).length,
    envNames,
    watched,
  });
  return {
    // nullStr: `repository_dispatch:` with nothing after it, as GitHub's documentation writes it.
    text: doc.toString({ lineWidth: 0, nullStr: "" }),
    crons,
    inputs: Object.keys(inputs),
    types,
    envNames,
    paramsFallback,
  };
}

const RUNNER = "ubuntu-latest";
const WORKFLOW_GROUP =
  "mgmt-${{ github.event.schedule || inputs.workflow || github.event.action || github.ref }}";
const CONCURRENCY = { group: WORKFLOW_GROUP, "cancel-in-progress": false };
// A pull request's tests in a group of their own (its merge ref), not one all pull requests share
// through github.event.action ("synchronize"), where each would replace another's waiting run.
const TESTED_CONCURRENCY = {
  group:
    "mgmt-${{ github.event_name == 'pull_request' && github.ref || github.event.schedule || inputs.workflow || github.event.action || github.ref }}",
  "cancel-in-progress": false,
};
const PERMISSIONS = { contents: "read" };
const STATE_KEY = `\${{ secrets.${STATE_KEY_SECRET} }}`;
const RESUME_RUN_INPUT: GithubInput = {
  description: "The id of a parked run to resume",
  type: "string",
  required: false,
};
const PARAMS_INPUT: GithubInput = {
  description: 'Params for the workflow, as a JSON or YAML object, e.g. {"date": "2024-06-01"}',
  type: "string",
  required: false,
};

/** A job as written: its `if`, when it has one, is what init-tests.ts guards. */
type Job = { if?: string } & Record<string, unknown>;

interface StepPlan {
  folder: string;
  paramsFallback: boolean;
  /** The steps that run workflows report failures in an issue. */
  failureIssue: boolean;
}

/** What every step that runs workflows (not a plan or a test) adds. */
function runs(step: StepPlan): Record<string, unknown> {
  return step.failureIssue ? { "failure-issue": true } : {};
}

function steps(step: StepPlan, extra: Record<string, unknown>, id?: string): unknown[] {
  const inputs = {
    workflow: step.folder,
    ...(step.paramsFallback ? { params: "${{ inputs.params }}" } : {}),
    ...extra,
  };
  return [{ uses: "actions/checkout@v6" }, { ...(id ? { id } : {}), uses: ACTION_REF, with: inputs }];
}

/** The tests against recorded answers, on pull requests only: nothing called, no secrets, read-only. */
function testJob(step: StepPlan): Job {
  return {
    if: ON_PULL_REQUEST,
    "runs-on": RUNNER,
    // A copy: the same object twice would be written as a YAML alias, which GitHub refuses.
    permissions: { ...PERMISSIONS },
    steps: steps({ ...step, paramsFallback: false }, { test: true }),
  };
}

function matrixJobs(step: StepPlan) {
  return {
    plan: {
      "runs-on": RUNNER,
      outputs: { "workflow-ids": "${{ steps.plan.outputs.workflow-ids }}" },
      steps: steps(step, { "dry-run": true }, "plan"),
    },
    run: {
      needs: "plan",
      if: "needs.plan.outputs.workflow-ids != '[]'",
      "runs-on": RUNNER,
      strategy: {
        matrix: { workflow: "${{ fromJSON(needs.plan.outputs.workflow-ids) }}" },
        "fail-fast": false,
      },
      // Whatever started it, one workflow's run jobs never overlap.
      concurrency: { group: "mgmt-run-${{ matrix.workflow }}", "cancel-in-progress": false },
      steps: steps(step, { "workflow-id": "${{ matrix.workflow }}", ...runs(step) }),
    },
  };
}

/**
 * The run job saves state and says which workflows park; the review job waits for the
 * environment's approval, then resumes them (or the run `resume-run` names) from their state.
 */
function reviewJobs(step: StepPlan, environment: string, permissions: Record<string, string>) {
  return {
    run: {
      if: "inputs.resume-run == ''",
      "runs-on": RUNNER,
      concurrency: CONCURRENCY,
      outputs: { "waiting-ids": "${{ steps.mgmt.outputs.waiting-ids }}" },
      steps: steps(step, { "state-key": STATE_KEY, ...runs(step) }, "mgmt"),
    },
    review: {
      needs: "run",
      if: "${{ !cancelled() && (needs.run.outputs.waiting-ids != '[]' || inputs.resume-run != '') }}",
      "runs-on": RUNNER,
      environment,
      permissions: { ...permissions, actions: "read" },
      steps: steps(step, {
        "state-key": STATE_KEY,
        resume: true,
        "resume-run": "${{ inputs.resume-run }}",
        ...runs(step),
      }),
    },
  };
}

function dispatchTypes(plans: readonly WorkflowPlan[]): string[] | "any" {
  const taking = plans.filter((p) => "repository_dispatch" in p.triggers);
  if (taking.some((p) => !p.triggers.repository_dispatch?.types)) return "any";
  return [...new Set(taking.flatMap((p) => p.triggers.repository_dispatch?.types ?? []))];
}

/** Names read through `env.X` anywhere in the definitions, less those the runner sets itself. */
export function envNamesOf(plans: readonly WorkflowPlan[]): string[] {
  const values = plans.flatMap((p) => [
    p.params,
    ...Object.values(p.endpoints).flatMap((e) => Object.values(e.headers)),
    ...p.tasks.flatMap((t) => (t.with ? [t.with] : [])),
  ]);
  const conditions = plans.flatMap((p) => p.tasks.map((t) => t.condition));
  const names = [...values.flatMap(expressionsIn), ...conditions].flatMap((e) => e.env);
  return [...new Set(names)].filter((n) => !/^(GITHUB_|RUNNER_)|^CI$/.test(n)).sort();
}

function annotate(
  doc: Document,
  plans: readonly WorkflowPlan[],
  info: GithubWorkflowOptions & {
    review: string | null;
    tests: boolean;
    paramsFallback: boolean;
    declared: number;
    envNames: string[];
    watched: boolean;
  },
) {
  doc.commentBefore = [
    ` Written by \`mgmt init${info.matrix ? " --matrix" : ""}\` from ${info.folder}/ (${plans.map((p) => p.id).join(", ")}).`,
    " Run it again after changing a definition's `on:`; `mgmt validate` warns when the crons drift apart.",
  ].join("\n");
  const schedule = doc.getIn(["on", "schedule"], true);
  for (const entry of isSeq(schedule) ? schedule.items : []) {
    const cron = isMap(entry) ? entry.get("cron", true) : undefined;
    // Quoted, as GitHub's documentation writes them: every cron reads alike, `*/5` or `0 6`.
    if (isScalar(cron)) cron.type = Scalar.QUOTE_DOUBLE;
  }
  const inputs = doc.getIn(["on", "workflow_dispatch", "inputs"], true);
  if (isNode(inputs)) inputs.commentBefore = inputsNote(info.declared, info.paramsFallback, info.review);
  const concurrency = keyOf(info.review ? doc.getIn(["jobs", "run"], true) : doc.contents, "concurrency");
  if (concurrency) {
    concurrency.commentBefore =
      " Runs of one cron, dispatch choice or dispatch type never overlap: a new one waits for the running one" +
      "\n (GitHub keeps one waiting run per group; a newer one replaces it)." +
      (info.review
        ? "\n On the run job, not the workflow: a run that waits for a review holds back no later one."
        : info.tests
          ? "\n A pull request's tests run in a group of their own (its ref)."
          : "");
  }
  const permissions = keyOf(doc.contents, "permissions");
  if (permissions && info.watched)
    permissions.commentBefore =
      " issues: write: a scheduled run that fails opens an issue labelled mgmt-failure (or comments on it)," +
      "\n and the next run that does not fail closes it (the action's failure-issue input).";
  const review = keyOf(doc.getIn(["jobs"], true), "review");
  if (review && info.review) review.commentBefore = reviewNote(info.review);
  const test = keyOf(doc.getIn(["jobs"], true), "test");
  if (test) test.commentBefore = testNote(info.folder);
  const runIf = info.review ? keyOf(doc.getIn(["jobs", "run"], true), "if") : undefined;
  if (runIf)
    runIf.commentBefore = " A dispatch with resume-run starts no run: the review job resumes the parked one.";
  const jobs = info.matrix ? ["plan", "run"] : info.review ? ["run", "review"] : ["run"];
  for (const job of jobs) {
    const actionStep = doc.getIn(["jobs", job, "steps", 1], true);
    if (isNode(actionStep) && info.envNames.length) actionStep.commentBefore = secretsNote(info.envNames);
  }
}

/** The key node of `key` in a YAML map, to hang a comment on. */
function keyOf(map: unknown, key: string): Scalar | undefined {
  const pair = isMap(map) ? map.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
  return isScalar(pair?.key) ? pair.key : undefined;
}

function inputsNote(declared: number, paramsFallback: boolean, review: string | null): string {
  const resume = review
    ? "\n `resume-run` resumes a run that waits for a review (its run id), once approved."
    : "";
  if (paramsFallback) {
    const own = review ? "`workflow` and `resume-run`" : "`workflow`";
    return (
      ` The definitions declare ${declared} inputs; GitHub takes ${MAX_DISPATCH_INPUTS} with ${own},` +
      "\n so they travel as one JSON or YAML object in `params`." +
      resume
    );
  }
  const others = declared ? "; the others are the union of their on.dispatch.inputs" : "";
  return ` \`workflow\` picks the definition${others}.${resume}`;
}

function testNote(folder: string): string {
  return [
    ` A pull request that changes ${folder}/ runs the tests in ${folder}/${TESTS_FOLDER} (mgmt test): each workflow`,
    " against its recorded answers, calling nothing, so with no secrets. The other jobs skip pull requests.",
  ].join("\n");
}

function reviewNote(environment: string): string {
  return [
    ` A gate may ask for a person's review: the run then waits, its state saved (encrypted with ${STATE_KEY_SECRET}).`,
    ` This job resumes it once a reviewer approves its ${environment} deployment: give the environment`,
    " required reviewers (Settings → Environments; they need a public repository, or GitHub Enterprise).",
  ].join("\n");
}

function secretsNote(envNames: readonly string[]): string {
  return [
    " The definitions read these from env: map each from a secret in this step, e.g.",
    "   env:",
    ...envNames.map((n) => `     ${n}: \${{ secrets.${n} }}`),
  ].join("\n");
}
