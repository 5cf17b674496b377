/** The fields of @actions/github's context that we expose as the `github` expression context. */
interface ContextLike {
  eventName: string;
  sha: string;
  ref: string;
  workflow: string;
  action: string;
  actor: string;
  job: string;
  runId: number;
  runNumber: number;
  runAttempt: number;
  serverUrl: string;
  apiUrl: string;
  payload: unknown;
}

/** The `github` context under GitHub's own names (`event_name`, `run_id`, …). */
export function githubContext(
  context: ContextLike,
  env: Record<string, string | undefined>,
): Record<string, unknown> {
  return {
    event_name: context.eventName,
    event: context.payload,
    repository: env.GITHUB_REPOSITORY ?? "",
    repository_owner: env.GITHUB_REPOSITORY_OWNER ?? "",
    ref: context.ref,
    ref_name: env.GITHUB_REF_NAME ?? "",
    sha: context.sha,
    actor: context.actor,
    workflow: context.workflow,
    job: context.job,
    run_id: String(context.runId || ""),
    run_number: String(context.runNumber || ""),
    run_attempt: String(context.runAttempt || ""),
    server_url: context.serverUrl,
    api_url: context.apiUrl,
  };
}
