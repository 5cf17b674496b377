import path from "node:path";
import type { RunStatus } from "../engine/result.js";
import { DEFAULT_FAIL_ON, parseFailOn } from "../pipeline/fail-on.js";
import { parseParamsText } from "../pipeline/params-text.js";
import type { TriggerEvent } from "../triggers/select.js";
import { Input } from "./constants.js";

/** Everything the action reads from its inputs and the runner, typed and checked. */
export interface ActionSettings {
  /** GITHUB_WORKSPACE: paths in messages and annotations are shown relative to it. */
  workspace: string;
  workflowPath: string;
  workflowId: string | null;
  endpointsPath: string | null;
  params: Record<string, unknown>;
  failOn: RunStatus[];
  dryRun: boolean;
  summary: boolean;
  resultsFile: string;
  junitFile: string | null;
  event: TriggerEvent;
  runId: string;
  attempt: number;
  github: Record<string, unknown>;
  env: Record<string, string | undefined>;
  runUrl: string | null;
  /** Saved state in the Actions cache; null when `state` is off or no `state-key` is given. */
  state: StateInputs | null;
  /** `test: true`: run the workflows' tests (`<workflow>/tests`) against their recorded answers instead. */
  test: boolean;
  /** `failure-issue: true` (default false): open, comment on and close an issue per failing workflow. */
  failureIssue: boolean;
  /** The `github-token` input, default the job's GITHUB_TOKEN; empty when neither is there. */
  githubToken: string;
  /** GITHUB_API_URL, default https://api.github.com. */
  apiUrl: string;
  /** GITHUB_REPOSITORY ("owner/repo"), set by the runner; empty outside one. */
  repository: string;
  /** ACTIONS_ID_TOKEN_REQUEST_URL is set: the job has `permissions: id-token: write`. */
  oidcAvailable: boolean;
}

/** The inputs of saved state, review and resume. */
export interface StateInputs {
  /** The `state-key` input (a secret): the state is encrypted with a key derived from it. */
  key: string;
  /** `resume: true`: resume this run (or `resume-run`) after a person's review. */
  resume: boolean;
  /** `resume-run`: the parked run's id, when a dispatched run resumes another. */
  resumeRun: string | null;
  /** `replay` (default true): a re-run of failed jobs replays what succeeded. */
  replay: boolean;
  /** GITHUB_JOB, set by the runner: each job's state entry is its own. */
  job: string;
}

export interface RunnerView {
  getInput(name: string): string;
  env: Record<string, string | undefined>;
  /** The event: name and payload (`github.context`). */
  event: TriggerEvent;
  github: Record<string, unknown>;
}

/** The one place that reads inputs and the runner's environment (as actions/checkout's input-helper). */
export function readSettings(
  runner: RunnerView,
): { ok: true; settings: ActionSettings } | { ok: false; error: string } {
  const { env } = runner;
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const inWorkspace = (p: string) => path.resolve(workspace, p);
  const input = (name: string) => runner.getInput(name).trim();

  const params = parseParamsText(input(Input.params));
  if (!params.ok) return { ok: false, error: `input params: ${params.error}` };
  const failOn = parseFailOn(input(Input.failOn) || DEFAULT_FAIL_ON);
  if (!failOn.ok) return failOn;
  const dryRun = parseBoolean(Input.dryRun, input(Input.dryRun), false);
  if (!dryRun.ok) return dryRun;
  const summary = parseBoolean(Input.summary, input(Input.summary), true);
  if (!summary.ok) return summary;
  const test = parseBoolean(Input.test, input(Input.test), false);
  if (!test.ok) return test;
  const failureIssue = parseBoolean(Input.failureIssue, input(Input.failureIssue), false);
  if (!failureIssue.ok) return failureIssue;

  // Definitions are read and quoted in messages: only files of the checkout may be named.
  const outside = [Input.workflow, Input.endpoints].find((name) => {
    const given = input(name);
    const relative = path.relative(workspace, inWorkspace(given));
    return given !== "" && (relative.startsWith("..") || path.isAbsolute(relative));
  });
  if (outside) {
    return {
      ok: false,
      error: `input ${outside}: ${input(outside)} is outside the workspace (${workspace}); name a file or folder of the repository`,
    };
  }

  const state = readStateInputs(input, env);
  if (!state.ok) return state;

  const runId = env.GITHUB_RUN_ID || crypto.randomUUID();
  const server = env.GITHUB_SERVER_URL || "https://github.com";
  return {
    ok: true,
    settings: {
      workspace,
      workflowPath: inWorkspace(input(Input.workflow) || "workflows"),
      workflowId: input(Input.workflowId) || null,
      endpointsPath: input(Input.endpoints) ? inWorkspace(input(Input.endpoints)) : null,
      params: params.params,
      failOn: failOn.value,
      dryRun: dryRun.value,
      summary: summary.value,
      resultsFile: inWorkspace(
        input(Input.resultsFile) || path.join(env.RUNNER_TEMP || workspace, "mgmt-results.json"),
      ),
      junitFile: input(Input.junitFile) ? inWorkspace(input(Input.junitFile)) : null,
      event: runner.event,
      runId,
      attempt: Number(env.GITHUB_RUN_ATTEMPT) || 1,
      github: runner.github,
      env,
      runUrl:
        env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
          ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
          : null,
      state: state.value,
      test: test.value,
      failureIssue: failureIssue.value,
      githubToken: input(Input.githubToken) || env.GITHUB_TOKEN || "",
      apiUrl: env.GITHUB_API_URL || "https://api.github.com",
      repository: env.GITHUB_REPOSITORY || "",
      oidcAvailable: Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL),
    },
  };
}

/**
 * Saved state needs a key (the state holds what services answered, and a repository's
 * caches can be restored by pull-request runs): without `state-key` it is off, and so is
 * resuming, which says so.
 */
function readStateInputs(
  input: (name: string) => string,
  env: Record<string, string | undefined>,
): { ok: true; value: StateInputs | null } | { ok: false; error: string } {
  const mode = input(Input.state) || "cache";
  if (mode !== "cache" && mode !== "off")
    return { ok: false, error: `input state: expected cache or off, got "${mode}"` };
  const resume = parseBoolean(Input.resume, input(Input.resume), false);
  if (!resume.ok) return resume;
  const replay = parseBoolean(Input.replay, input(Input.replay), true);
  if (!replay.ok) return replay;
  const resumeRun = input(Input.resumeRun) || null;
  const key = input(Input.stateKey);
  const resuming = resume.value || resumeRun !== null;
  if (resuming && (mode === "off" || key === "")) {
    return {
      ok: false,
      error: `input ${resume.value ? Input.resume : Input.resumeRun}: resuming reads the parked run's saved state: set state-key (and state: cache)`,
    };
  }
  if (resumeRun !== null && !/^\d+$/.test(resumeRun))
    return {
      ok: false,
      error: `input resume-run: expected the parked run's id (a number), got "${resumeRun}"`,
    };
  if (mode === "off" || key === "") return { ok: true, value: null };
  return {
    ok: true,
    value: {
      key,
      resume: resuming,
      resumeRun,
      replay: replay.value,
      job: env.GITHUB_JOB || "job",
    },
  };
}

/** YAML 1.2 core booleans, as actions/toolkit's getBooleanInput reads them. */
function parseBoolean(name: string, text: string, fallback: boolean) {
  if (text === "") return { ok: true as const, value: fallback };
  if (["true", "True", "TRUE"].includes(text)) return { ok: true as const, value: true };
  if (["false", "False", "FALSE"].includes(text)) return { ok: true as const, value: false };
  return { ok: false as const, error: `input ${name}: expected true or false, got "${text}"` };
}
