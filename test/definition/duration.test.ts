import { describe, expect, it } from "vitest";
import { durationMs } from "../../src/definition/duration.js";
import { formatDuration } from "../../src/text/duration.js";

describe("durationMs", () => {
  it("reads every form the schema takes", () => {
    expect([250, "250ms", "10s", "1.5s", "5m", "1h"].map((d) => durationMs(d))).toEqual([
      250, 250, 10_000, 1500, 300_000, 3_600_000,
    ]);
  });
});

describe("formatDuration", () => {
  it("reads as a person would say it, never with 60 in a place that holds 0–59", () => {
    const cases: Array<[number, string]> = [
      [0, "0 ms"],
      [999.6, "1 s"],
      [1234, "1.2 s"],
      [9_960, "10 s"],
      [59_600, "1 min"],
      [119_600, "2 min"],
      [61_000, "1 min 1 s"],
      [3_600_000, "60 min"],
    ];
    expect(cases.map(([ms]) => formatDuration(ms))).toEqual(cases.map(([, text]) => text));
  });
});
