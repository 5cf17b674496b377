import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { githubContext, readEvent } from "../../src/action/github-context.js";
import { tempDir } from "../helpers/temp-dir.js";

const RUNNER_ENV = {
  GITHUB_EVENT_NAME: "schedule",
  GITHUB_REPOSITORY: "hms/census-ops",
  GITHUB_REPOSITORY_OWNER: "hms",
  GITHUB_REF: "refs/heads/main",
  GITHUB_REF_NAME: "main",
  GITHUB_SHA: "abc",
  GITHUB_ACTOR: "octocat",
  GITHUB_WORKFLOW: "mgmt",
  GITHUB_JOB: "run",
  GITHUB_RUN_ID: "4242",
  GITHUB_RUN_NUMBER: "7",
  GITHUB_RUN_ATTEMPT: "2",
  GITHUB_SERVER_URL: "https://github.example.org",
  GITHUB_API_URL: "https://github.example.org/api/v3",
};

async function eventFile(text: string) {
  const file = path.join(await tempDir("mgmt-event-"), "event.json");
  await writeFile(file, text);
  return file;
}

describe("readEvent", () => {
  it("reads the name and the payload file the runner writes", async () => {
    const file = await eventFile('{ "schedule": "0 6 * * *" }');
    expect(readEvent({ GITHUB_EVENT_NAME: "schedule", GITHUB_EVENT_PATH: file })).toEqual({
      ok: true,
      event: { name: "schedule", payload: { schedule: "0 6 * * *" } },
    });
  });

  it("takes no file as an empty payload, and says which file it cannot read", async () => {
    expect(readEvent({ GITHUB_EVENT_NAME: "push" })).toEqual({
      ok: true,
      event: { name: "push", payload: {} },
    });
    const bad = await eventFile("{ nope");
    expect(readEvent({ GITHUB_EVENT_PATH: bad })).toMatchObject({
      ok: false,
      error: expect.stringContaining(bad),
    });
  });
});

describe("githubContext", () => {
  it("exposes the run under GitHub's own names, ids as text as in Actions expressions", () => {
    const event = { name: "schedule", payload: { schedule: "0 6 * * *" } };
    expect(githubContext(RUNNER_ENV, event)).toEqual({
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
      server_url: "https://github.example.org",
      api_url: "https://github.example.org/api/v3",
    });
  });

  it("gives empty text outside Actions, and github.com's URLs", () => {
    const bare = githubContext({}, { name: "", payload: {} });
    expect(bare).toMatchObject({
      repository: "",
      ref_name: "",
      run_id: "",
      server_url: "https://github.com",
    });
  });
});
