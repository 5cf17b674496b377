import { describe, expect, it } from "vitest";
import {
  approvalText,
  notAGateText,
  replayText,
  skipText,
  taskWhy,
  waitingText,
} from "../../src/report/task-why.js";
import { APPROVAL, task } from "./fixtures.js";

describe("skipText", () => {
  it("puts each cause into the words of the summary, the log and the results", () => {
    expect(skipText({ kind: "need", task: "GovernanceReview", status: "rejected" })).toBe(
      "skipped: GovernanceReview rejected",
    );
    expect(skipText({ kind: "need", task: "Fetch", status: "failure" })).toBe("skipped: Fetch failed");
    expect(skipText({ kind: "need", task: "Guarded", status: "skipped" })).toBe(
      "skipped: Guarded was skipped",
    );
    expect(skipText({ kind: "if", condition: "failure()" })).toBe("skipped: if ${{ failure() }} was false");
    expect(skipText({ kind: "stopped", timeoutMs: null })).toBe("skipped: cancelled");
    expect(skipText({ kind: "stopped", timeoutMs: 300_000 })).toBe("skipped: the run timed out after 5 min");
  });
});

describe("taskWhy", () => {
  it("is the error of a failed task, the cause of a skipped one, nothing for a success", () => {
    expect(taskWhy(task("A", { status: "failure", error: "HTTP 500" }))).toBe("HTTP 500");
    expect(
      taskWhy(task("B", { status: "skipped", error: null, skip: { kind: "if", condition: "false" } })),
    ).toBe("skipped: if ${{ false }} was false");
    expect(taskWhy(task("C", { status: "success", error: null, skip: null }))).toBeNull();
  });
});

describe("waitingText", () => {
  it("says the gate asks for review and why, and what waits for which gate", () => {
    const gate = task("Gate", {
      kind: "layer",
      status: "waiting",
      waitingFor: "Gate",
      review: { reasons: ["new region", "over budget"], approval: null },
    });
    expect(waitingText(gate)).toBe("asks for a person's review: new region; over budget");
    expect(waitingText({ ...gate, review: { reasons: [], approval: null } })).toBe(
      "asks for a person's review",
    );
    const after = task("Publish", { status: "waiting", waitingFor: "Gate" });
    expect(waitingText(after)).toBe("waiting for Gate");
    expect(taskWhy(after)).toBe("waiting for Gate");
  });
});

describe("approvalText and replayText", () => {
  it("say who approved, when (to the minute, UTC) and what they wrote", () => {
    expect(approvalText(APPROVAL)).toBe("approved by octocat at 2024-06-02 09:14 UTC: fine for this week");
    expect(approvalText({ ...APPROVAL, comment: " " })).toBe("approved by octocat at 2024-06-02 09:14 UTC");
  });

  it("say which attempt a replayed result comes from, nothing for a called task", () => {
    expect(replayText(task("A", { replayed: { attempt: 2 } }))).toBe("from attempt 2");
    expect(replayText(task("A"))).toBeNull();
  });
});

describe("notAGateText", () => {
  it("warns of a service or agent answering a boolean approved, never of a layer", () => {
    const service = task("GovernanceReview", { kind: "service", approvedIgnored: false });
    expect(notAGateText(service)).toBe(
      "GovernanceReview answered approved: false but is a service, not a layer: it does not gate",
    );
    expect(notAGateText(task("Advisor", { kind: "agent", approvedIgnored: true }))).toBe(
      "Advisor answered approved: true but is an agent, not a layer: it does not gate",
    );
    expect(notAGateText(task("Fetch", { kind: "service", approvedIgnored: null }))).toBeNull();
  });
});
