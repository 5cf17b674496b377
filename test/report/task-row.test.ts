import { describe, expect, it } from "vitest";
import { textRedactor } from "../../src/report/redact.js";
import { COLUMNS, taskCells } from "../../src/report/task-row.js";
import { APPROVAL, task } from "./fixtures.js";

const detail = (t: ReturnType<typeof task>) =>
  taskCells(t, textRedactor([]), 500, COLUMNS)[COLUMNS.indexOf("Detail")];

describe("the Detail cell", () => {
  it("gives an approving gate's reasons", () => {
    const gate = task("GovernanceReview", {
      kind: "layer",
      outputs: { approved: true, reasons: ["2 changes within policy"] },
    });
    expect(detail(gate)).toBe("approved: 2 changes within policy");
    expect(detail(task("G", { kind: "layer", outputs: { approved: true } }))).toBe("approved");
  });

  it("gives who approved a gate on resume rather than its reasons", () => {
    const gate = task("GovernanceReview", {
      kind: "layer",
      outputs: { approved: true, reasons: ["needs a person"], review: APPROVAL },
      review: { reasons: ["needs a person"], approval: APPROVAL },
    });
    expect(detail(gate)).toBe("approved by octocat at 2024-06-02 09:14 UTC: fine for this week");
  });

  it("says where a replayed task comes from, not the retries of that attempt", () => {
    const replayed = task("B", {
      replayed: { attempt: 3 },
      attempts: 2,
      calls: [
        { attempt: 1, httpStatus: 503, durationMs: 5, error: "HTTP 503" },
        { attempt: 2, httpStatus: 200, durationMs: 5, error: null },
      ],
    });
    expect(detail(replayed)).toBe("from attempt 3");
    expect(taskCells(replayed, textRedactor([]), 500, COLUMNS)[COLUMNS.indexOf("Status")]).toBe("replayed");
  });

  it("says nothing for a plain success, and what it took for a retried one", () => {
    expect(detail(task("A"))).toBe("");
    const retried = task("B", {
      attempts: 2,
      calls: [
        { attempt: 1, httpStatus: 503, durationMs: 5, error: "HTTP 503" },
        { attempt: 2, httpStatus: 200, durationMs: 5, error: null },
      ],
    });
    expect(detail(retried)).toBe("succeeded on attempt 2; attempt 1: HTTP 503");
  });
});
