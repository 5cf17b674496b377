import { describe, expect, it } from "vitest";
import { durationMs } from "../../src/definition/duration.js";

describe("durationMs", () => {
  it("reads every form the schema takes", () => {
    expect([250, "250ms", "10s", "1.5s", "5m", "1h"].map((d) => durationMs(d))).toEqual([
      250, 250, 10_000, 1500, 300_000, 3_600_000,
    ]);
  });
});
