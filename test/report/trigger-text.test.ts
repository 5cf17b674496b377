import { describe, expect, it } from "vitest";
import { describeTrigger } from "../../src/report/trigger-text.js";

describe("describeTrigger: the words after the event's name", () => {
  it("shows a schedule's cron, whitespace collapsed, and its meaning", () => {
    const event = { name: "schedule", payload: { schedule: "0  6 * * *" } };
    expect(describeTrigger(event)).toBe('"0 6 * * *" (every day at 06:00 UTC)');
  });

  it("shows a cron it cannot read as it came", () => {
    expect(describeTrigger({ name: "schedule", payload: { schedule: "every morning" } })).toBe(
      '"every morning"',
    );
  });

  it("shows a repository_dispatch's type and sender", () => {
    const event = {
      name: "repository_dispatch",
      payload: { action: "census-update", sender: { login: "bot" } },
    };
    expect(describeTrigger(event)).toBe('type "census-update" from bot');
    expect(describeTrigger({ name: "repository_dispatch", payload: { action: "x" } })).toBe('type "x"');
  });

  it("shows who dispatched a workflow_dispatch, when the payload says", () => {
    const by = {
      name: "workflow_dispatch",
      payload: { inputs: { workflow: "Daily" }, sender: { login: "octocat" } },
    };
    expect(describeTrigger(by)).toBe("by octocat");
    expect(describeTrigger({ name: "workflow_dispatch", payload: {} })).toBeUndefined();
  });

  it("shows who started any other event, or nothing", () => {
    expect(describeTrigger({ name: "push", payload: { sender: { login: "octocat" } } })).toBe("by octocat");
    expect(describeTrigger({ name: "push", payload: { sender: { login: "" } } })).toBeUndefined();
  });
});
