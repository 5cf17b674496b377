/**
 * Who approved a parked run: the resume reads it from the run's review history
 * (`GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals`), which lists
 * `{ state, comment, environments, user }` entries without a time.
 */

import { githubErrorOf } from "./github-error.js";

/** Where and what to read; the action's entry fills it from its inputs and the runner. */
export interface ApprovalSettings {
  /** The `github-token` input (default the job's GITHUB_TOKEN); needs `actions: read`. */
  token: string;
  /** GITHUB_API_URL, e.g. https://api.github.com or https://ghes.example.com/api/v3. */
  apiUrl: string;
  /** "owner/repo", from GITHUB_REPOSITORY. */
  repository: string;
  /**
   * The run whose approvals count: always this one (GITHUB_RUN_ID). A `resume-run` dispatch
   * resumes another run's state, but its reviewer approves this run's review job.
   */
  runId: string;
  /** The environment with required reviewers, `mgmt-review` unless the definition renames it. */
  environment: string;
}

export type ApprovalReading =
  { ok: true; approval: { by: string; comment: string } } | { ok: false; why: string };

/** The whole listing may take this long; a resume waiting longer on GitHub helps nobody. */
const TIMEOUT_MS = 30_000;
const ROUTE = "GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals";

/** An entry as read: GitHub documents every field, but a deleted user or environment should not crash the resume. */
interface ReviewEntry {
  state?: string;
  comment?: string | null;
  environments?: Array<{ name?: string } | null> | null;
  user?: { login?: string } | null;
}

/**
 * The last `approved` entry for `settings.environment` (named without regard to case, as
 * GitHub names environments). Never throws: a missing approval or an API error is a `why`.
 */
export async function readApproval(settings: ApprovalSettings): Promise<ApprovalReading> {
  const [owner, repo, ...extra] = settings.repository.split("/");
  if (!owner || !repo || extra.length > 0) {
    return {
      ok: false,
      why: `the repository "${settings.repository}" is not owner/repo: check GITHUB_REPOSITORY`,
    };
  }
  if (!/^\d+$/.test(settings.runId)) {
    return {
      ok: false,
      why: `the run id "${settings.runId}" is not a number: GITHUB_RUN_ID must be this run's numeric id`,
    };
  }
  try {
    // Loaded here, not at the top: only a resume pays for Octokit.
    const { getOctokit } = await import("@actions/github");
    const octokit = getOctokit(settings.token, { baseUrl: settings.apiUrl.replace(/\/+$/, "") });
    // Octokit's paginate types know only routes documented as paged, which this one is not.
    const entries: ReviewEntry[] = await octokit.paginate(ROUTE, {
      owner,
      repo,
      run_id: Number(settings.runId),
      per_page: 100,
      request: { signal: AbortSignal.timeout(TIMEOUT_MS) },
    });
    const wanted = settings.environment.toLowerCase();
    const approved = entries.filter(
      (entry) =>
        entry?.state === "approved" &&
        (entry.environments ?? []).some((environment) => environment?.name?.toLowerCase() === wanted),
    );
    const last = approved.at(-1);
    if (!last) {
      return {
        ok: false,
        why: `no approval recorded for environment ${settings.environment}: give it required reviewers`,
      };
    }
    return { ok: true, approval: { by: last.user?.login ?? "unknown", comment: last.comment ?? "" } };
  } catch (error) {
    return { ok: false, why: explain(error, settings) };
  }
}

/** An Octokit error in our words: what failed, and what to do. */
function explain(error: unknown, settings: ApprovalSettings): string {
  const found = githubErrorOf(error);
  const { said } = found;
  const run = `run ${settings.runId} of ${settings.repository}`;
  if (found.kind === "unreached") {
    return `could not reach GitHub's API at ${settings.apiUrl} to read the approvals of ${run}${said}; check GITHUB_API_URL and the runner's network, then re-run the job`;
  }
  const { status } = found;
  if (found.kind === "rate-limited") {
    return `GitHub's API rate limit stopped reading the approvals of ${run} (${status}${said}); re-run the job later`;
  }
  switch (status) {
    case 401:
      return `GitHub refused the github-token (401${said}): pass a valid token in the github-token input`;
    case 403:
      return `the github-token cannot read this run's approvals (403${said}): give the job \`actions: read\` (beside \`contents: read\`)`;
    case 404:
      return `GitHub found no ${run} (404${said}): check that the github-token can read this repository's Actions runs`;
  }
  if (status >= 500) {
    return `GitHub's API failed reading the approvals of ${run} (${status}${said}); re-run the job`;
  }
  return `GitHub's API answered ${status} reading the approvals of ${run}${said}`;
}
