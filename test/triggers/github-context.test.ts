import { describe, expect, it } from "vitest";
import { githubContext } from "../../src/triggers/github-context.js";

const context = {
  eventName: "schedule",
  sha: "abc",
  ref: "refs/heads/main",
  workflow: "mgmt",
  action: "__hms_mgmt-action",
  actor: "octocat",
  job: "run",
  runId: 4242,
  runNumber: 7,
  runAttempt: 2,
  serverUrl: "https://github.com",
  apiUrl: "https://api.github.com",
  payload: { schedule: "0 6 * * *" },
};

describe("githubContext", () => {
  it("exposes the run under GitHub's own names, ids as text as in Actions expressions", () => {
    const env = {
      GITHUB_REPOSITORY: "hms/census-ops",
      GITHUB_REPOSITORY_OWNER: "hms",
      GITHUB_REF_NAME: "main",
    };
    expect(githubContext(context, env)).toEqual({
      event_name: "schedule",
      event: { schedule: "0 6 * * *" },
      repository: "hms/census-ops",
      repository_owner: "hms",
      ref: "refs/heads/main",
      ref_name: "main",
      sha: "abc",
      actor: "octocat",
      workflow: "mgmt",
      job: "run",
      run_id: "4242",
      run_number: "7",
      run_attempt: "2",
      server_url: "https://github.com",
      api_url: "https://api.github.com",
    });
  });

  it("gives empty text, not 0 or undefined, outside Actions", () => {
    const bare = githubContext({ ...context, runId: 0, runNumber: 0, runAttempt: 0 }, {});
    expect(bare).toMatchObject({ repository: "", ref_name: "", run_id: "", run_number: "", run_attempt: "" });
  });
});
