import { type Attempt, fail } from "./read-answer.js";

export const MAX_REDIRECTS = 5;

/** They keep the method and the body, so any request may follow them. */
const KEEPS_METHOD = new Set([307, 308]);
/** A client may turn these into a GET: only a GET or HEAD, which stays what it was, follows them. */
const MAY_BECOME_GET = new Set([301, 302, 303]);

/**
 * Where a 3xx leads, when it may be followed: to the same origin and no credentials, at most
 * MAX_REDIRECTS times; a 307 or 308 for any method, a 301, 302 or 303 for a GET or HEAD.
 */
export function redirectTarget(
  response: Response,
  url: string,
  method: string,
  hop: number,
): string | Attempt {
  const location = response.headers.get("location");
  const status = response.status;
  const next = location === null ? null : URL.parse(location, url);
  const sameOrigin = next !== null && next.origin === new URL(url).origin;
  const safe = method === "GET" || method === "HEAD";
  const followed = KEEPS_METHOD.has(status) || (safe && MAY_BECOME_GET.has(status));
  const why =
    next === null
      ? "without a usable Location"
      : !followed
        ? `is not followed (only ${safe ? "301, 302, 303, 307 and 308" : "307 and 308"} are)`
        : !sameOrigin
          ? "to another origin is not followed"
          : next.username || next.password
            ? "to a URL with credentials is not followed"
            : hop >= MAX_REDIRECTS
              ? `is one too many (at most ${MAX_REDIRECTS} are followed)`
              : null;
  if (why === null) return (next as URL).href;
  return fail(status, `HTTP ${status} redirect ${why}: Location ${location ?? "(none)"}`, false);
}
