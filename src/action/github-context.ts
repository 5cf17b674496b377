import { readFileSync } from "node:fs";
import type { TriggerEvent } from "../triggers/select.js";

type Env = Record<string, string | undefined>;

/**
 * The event that started the step, as the runner hands it over: its name in
 * GITHUB_EVENT_NAME and its payload in the JSON file at GITHUB_EVENT_PATH. This is all that
 * @actions/github's `context` would give us, without loading Octokit with it.
 */
export function readEvent(env: Env): { ok: true; event: TriggerEvent } | { ok: false; error: string } {
  const name = env.GITHUB_EVENT_NAME ?? "";
  const file = env.GITHUB_EVENT_PATH;
  if (!file) return { ok: true, event: { name, payload: {} } };
  try {
    const payload = JSON.parse(readFileSync(file, "utf8")) as unknown;
    const isObject = payload !== null && typeof payload === "object" && !Array.isArray(payload);
    return { ok: true, event: { name, payload: isObject ? (payload as Record<string, unknown>) : {} } };
  } catch (error) {
    return { ok: false, error: `cannot read the event payload ${file}: ${(error as Error).message}` };
  }
}

/** The `github` expression context under GitHub's own names (`event_name`, `run_id`, …), all text as in Actions. */
export function githubContext(env: Env, event: TriggerEvent): Record<string, unknown> {
  const text = (name: string) => env[name] ?? "";
  return {
    event_name: event.name,
    event: event.payload,
    repository: text("GITHUB_REPOSITORY"),
    repository_owner: text("GITHUB_REPOSITORY_OWNER"),
    ref: text("GITHUB_REF"),
    ref_name: text("GITHUB_REF_NAME"),
    sha: text("GITHUB_SHA"),
    actor: text("GITHUB_ACTOR"),
    workflow: text("GITHUB_WORKFLOW"),
    job: text("GITHUB_JOB"),
    run_id: text("GITHUB_RUN_ID"),
    run_number: text("GITHUB_RUN_NUMBER"),
    run_attempt: text("GITHUB_RUN_ATTEMPT"),
    server_url: env.GITHUB_SERVER_URL || "https://github.com",
    api_url: env.GITHUB_API_URL || "https://api.github.com",
  };
}
