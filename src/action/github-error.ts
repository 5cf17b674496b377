/** What an Octokit error says, as data: GitHub's status and words, or that GitHub was not reached. */
export type GitHubError =
  | { kind: "unreached"; said: string }
  | { kind: "rate-limited"; status: number; said: string }
  | { kind: "status"; status: number; said: string };

/**
 * An error from Octokit (a RequestError: `status`, and `response` when GitHub answered):
 * `said` is GitHub's own message (without the documentation link Octokit appends), as
 * `: message`, or empty. A primary rate limit empties x-ratelimit-remaining; a secondary
 * one only says so in its message.
 */
export function githubErrorOf(error: unknown): GitHubError {
  const { status, response, message } = (error ?? {}) as {
    status?: number;
    response?: { headers?: Record<string, string | undefined>; data?: { message?: unknown } };
    message?: string;
  };
  const told = typeof response?.data?.message === "string" ? response.data.message : message;
  const said = told ? `: ${told}` : "";
  if (!response || typeof status !== "number") return { kind: "unreached", said };
  const limited =
    status === 429 ||
    (status === 403 &&
      (response.headers?.["x-ratelimit-remaining"] === "0" || /rate limit/i.test(told ?? "")));
  return { kind: limited ? "rate-limited" : "status", status, said };
}
