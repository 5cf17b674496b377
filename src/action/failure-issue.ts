/**
 * One open issue per failing workflow: a run whose status is in `fail-on` opens it (or
 * comments on it), a later run that passes closes it. The issue is found by a hidden marker
 * in its body, among open issues labelled `mgmt-failure` and, when the token could not
 * label, among all open issues; never by search, whose index lags behind new issues.
 */
import { githubErrorOf } from "./github-error.js";
import type { RunResult, RunStatus } from "../engine/result.js";
import { codeSpan, escapeMarkdown, linkTarget } from "../report/markdown.js";
import { redactedStart, textRedactor } from "../report/redact.js";

/** Where and how to write; the action's entry fills it from its inputs and the runner. */
export interface FailureIssueSettings {
  /** The `github-token` input (default the job's GITHUB_TOKEN); needs `issues: write`. */
  token: string;
  /** GITHUB_API_URL, e.g. https://api.github.com or https://ghes.example.com/api/v3. */
  apiUrl: string;
  /** "owner/repo", from GITHUB_REPOSITORY. */
  repository: string;
  /** This run's page, linked from every issue and comment; null outside a runner. */
  runUrl: string | null;
  /** The `fail-on` input: the statuses that open an issue; any other closes it. */
  failOn: readonly RunStatus[];
}

const FAILURE_LABEL = "mgmt-failure";

/** The hidden line that names the workflow an issue is about. */
export const failureMarker = (workflow: string) => `<!-- ${FAILURE_LABEL}:${workflow} -->`;

/** Each run's requests together may take this long; a step waiting longer on GitHub helps nobody. */
const TIMEOUT_MS = 30_000;
/** Task errors are one line each, cut here: an issue body holds at most 65,536 characters. */
const ERROR_CHARS = 500;
const LISTED_TASKS = 50;

interface OpenIssue {
  number: number;
  body?: string | null;
  pull_request?: unknown;
}

type Octokit = ReturnType<typeof import("@actions/github").getOctokit>;

/**
 * Opens, comments on or closes each run's failure issue. Never throws: an API error is a
 * warning (one per step: the next run would meet the same refusal), and the run's status stands.
 */
export async function updateFailureIssues(
  settings: FailureIssueSettings,
  runs: readonly RunResult[],
  secrets: readonly string[],
  warning: (text: string) => void,
): Promise<void> {
  const [owner, repo, ...extra] = settings.repository.split("/");
  if (!owner || !repo || extra.length > 0) {
    warning(
      `failure-issue: the repository "${settings.repository}" is not owner/repo: check GITHUB_REPOSITORY`,
    );
    return;
  }
  if (runs.length === 0) return;
  try {
    // Loaded here, not at the top: only a step with failure-issue pays for Octokit.
    const { getOctokit } = await import("@actions/github");
    const octokit = getOctokit(settings.token, { baseUrl: settings.apiUrl.replace(/\/+$/, "") });
    const lists = issueLists(octokit, owner, repo);
    for (const run of runs) {
      const signal = AbortSignal.timeout(TIMEOUT_MS);
      const issue = await lists.find(failureMarker(run.workflow), signal);
      const target = { owner, repo, request: { signal } };
      if (settings.failOn.includes(run.status)) {
        const details = failureText(run, settings.runUrl, secrets);
        if (issue) {
          await octokit.rest.issues.createComment({ ...target, issue_number: issue.number, body: details });
        } else {
          await octokit.rest.issues.create({
            ...target,
            title: `mgmt: ${run.workflow} is failing`,
            labels: [FAILURE_LABEL],
            body: `${failureMarker(run.workflow)}\n${details}`,
          });
        }
      } else if (issue) {
        const body = `${codeSpan(run.workflow)} ${passedText(run.status)} in ${runLink(settings.runUrl)}: closing.`;
        await octokit.rest.issues.createComment({ ...target, issue_number: issue.number, body });
        await octokit.rest.issues.update({
          ...target,
          issue_number: issue.number,
          state: "closed",
          state_reason: "completed",
        });
      }
    }
  } catch (error) {
    warning(explain(error, settings));
  }
}

/** The open issues, labelled and all, each listed once a step and only when needed. */
function issueLists(octokit: Octokit, owner: string, repo: string) {
  let labelled: OpenIssue[] | null = null;
  let all: OpenIssue[] | null = null;
  const list = async (labels: string | undefined, signal: AbortSignal): Promise<OpenIssue[]> => {
    const items: OpenIssue[] = await octokit.paginate(octokit.rest.issues.listForRepo, {
      owner,
      repo,
      state: "open",
      ...(labels ? { labels } : {}),
      per_page: 100,
      request: { signal },
    });
    // The issues endpoints list pull requests too; their bodies are anyone's to write.
    return items.filter((item) => !item.pull_request);
  };
  const carrying = (issues: OpenIssue[], marker: string) =>
    issues.find((issue) => (issue.body ?? "").includes(marker));
  return {
    async find(marker: string, signal: AbortSignal): Promise<OpenIssue | undefined> {
      labelled ??= await list(FAILURE_LABEL, signal);
      const found = carrying(labelled, marker);
      if (found) return found;
      // A token without push access opens issues, but GitHub drops their labels.
      all ??= await list(undefined, signal);
      return carrying(all, marker);
    },
  };
}

/** The run link, the failed tasks and their errors: endpoint text as code, secrets masked. */
function failureText(run: RunResult, runUrl: string | null, secrets: readonly string[]): string {
  const redact = textRedactor(secrets);
  const error = (text: string) => codeSpan(redactedStart(redact, text, ERROR_CHARS));
  const failed = run.tasks.filter((task) => task.status === "failure");
  const lines = [
    `${codeSpan(run.workflow)} ended ${codeSpan(run.status)} in ${runLink(runUrl)}.`,
    ...(run.error ? ["", `The run: ${error(run.error)}`] : []),
  ];
  if (failed.length > 0) {
    lines.push("", "Failed tasks:", "");
    for (const task of failed.slice(0, LISTED_TASKS)) {
      const why = task.error ? `: ${error(task.error)}` : "";
      lines.push(`- **${escapeMarkdown(redact(task.name))}**${why}`);
    }
    if (failed.length > LISTED_TASKS) lines.push(`- and ${failed.length - LISTED_TASKS} more`);
  }
  return lines.join("\n");
}

function passedText(status: RunStatus): string {
  return status === "success" ? "succeeded" : `ended ${codeSpan(status)}, which fail-on lets pass,`;
}

function runLink(runUrl: string | null): string {
  return runUrl ? `[run ${escapeMarkdown(runUrl.split("/").at(-1) ?? "")}](${linkTarget(runUrl)})` : "a run";
}

/** An Octokit error in our words: what failed, and what to do. */
function explain(error: unknown, settings: FailureIssueSettings): string {
  const found = githubErrorOf(error);
  const { said } = found;
  const where = `the failure issue in ${settings.repository}`;
  if (found.kind === "unreached") {
    return `failure-issue: could not reach GitHub's API at ${settings.apiUrl} to update ${where}${said}; the run's status stands`;
  }
  const { status } = found;
  if (found.kind === "rate-limited") {
    return `failure-issue: GitHub's API rate limit stopped updating ${where} (${status}${said}); the run's status stands`;
  }
  switch (status) {
    case 401:
      return `failure-issue: GitHub refused the github-token (401${said}): pass a valid token in the github-token input`;
    case 403:
      return `failure-issue: the github-token cannot write issues (403${said}): give the job \`issues: write\``;
    case 404:
      return `failure-issue: GitHub found no repository ${settings.repository} (404${said}): check that the github-token can read it`;
    case 410:
      return `failure-issue: issues are turned off in ${settings.repository} (410${said}): turn them on, or drop failure-issue`;
  }
  return `failure-issue: GitHub's API answered ${status} updating ${where}${said}; the run's status stands`;
}
