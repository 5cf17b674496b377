// The environment GitHub's runner gives a step of a JavaScript action, for running
// dist/index.js as the runner does (end-to-end tests, benchmarks).

/**
 * @param {{ workspace: string, runnerTemp: string, eventName: string, eventPath: string,
 *   summaryPath: string, outputPath: string, inputs?: Record<string, string> }} step
 * @returns {Record<string, string>}
 */
export function runnerEnv(step) {
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    GITHUB_ACTIONS: "true",
    CI: "true",
    GITHUB_WORKSPACE: step.workspace,
    RUNNER_TEMP: step.runnerTemp,
    GITHUB_EVENT_NAME: step.eventName,
    GITHUB_EVENT_PATH: step.eventPath,
    GITHUB_STEP_SUMMARY: step.summaryPath,
    GITHUB_OUTPUT: step.outputPath,
    GITHUB_REPOSITORY: "hms/census-ops",
    GITHUB_REPOSITORY_OWNER: "hms",
    GITHUB_RUN_ID: "4242",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
    GITHUB_REF: "refs/heads/main",
    GITHUB_ACTOR: "octocat",
    GITHUB_WORKFLOW: "management",
  };
  for (const [name, value] of Object.entries(step.inputs ?? {})) {
    // The runner upper-cases and replaces spaces only: `workflow-id` -> INPUT_WORKFLOW-ID.
    env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  }
  return env;
}
