import { describe, expect, it } from "vitest";
import { DEFAULT_FAIL_ON, parseFailOn } from "../../src/pipeline/fail-on.js";

describe("parseFailOn", () => {
  it("takes any of the five run statuses, and rejects others by name", () => {
    expect(parseFailOn("failure,cancelled,rejected,success")).toMatchObject({ ok: true });
    expect(parseFailOn("failure,skipped")).toEqual({
      ok: false,
      error: "fail-on: unknown status skipped (use success, failure, rejected, waiting, cancelled)",
    });
  });

  it("lets a waiting run fail the step only when listed", () => {
    expect(parseFailOn("failure, Waiting")).toEqual({ ok: true, value: ["failure", "waiting"] });
    expect(parseFailOn(DEFAULT_FAIL_ON)).toEqual({ ok: true, value: ["failure", "cancelled"] });
  });
});
