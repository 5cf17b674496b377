import { describe, expect, it } from "vitest";
import { formatDuration } from "../../src/text/duration.js";

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
      [7_200_000, "2 h"],
      [9_030_000, "2 h 31 min"],
      [172_800_000, "2 days"],
      [1.66e21 * 60_000, "over 1000 days"],
    ];
    expect(cases.map(([ms]) => formatDuration(ms))).toEqual(cases.map(([, text]) => text));
  });
});
