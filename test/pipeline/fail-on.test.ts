import { describe, expect, it } from "vitest";
import { parseFailOn } from "../../src/pipeline/fail-on.js";

describe("parseFailOn", () => {
  it("takes any of the four statuses, and rejects others by name", () => {
    expect(parseFailOn("failure,cancelled,rejected,success")).toMatchObject({ ok: true });
    expect(parseFailOn("failure,skipped")).toEqual({
      ok: false,
      error: "fail-on: unknown status skipped (use success, failure, rejected, cancelled)",
    });
  });
});
