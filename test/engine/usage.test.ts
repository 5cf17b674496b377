import { describe, expect, it } from "vitest";
import { addUsage, totalUsage } from "../../src/engine/usage.js";

describe("addUsage", () => {
  it("adds input to input and output to output", () => {
    expect(addUsage({ input: 1200, output: 80 }, { input: 34, output: 5 })).toEqual({
      input: 1234,
      output: 85,
    });
  });

  it("keeps a known count when the other was not reported, and null when neither was", () => {
    expect(addUsage(null, { input: 3, output: 4 })).toEqual({ input: 3, output: 4 });
    expect(addUsage({ input: 3, output: 4 }, null)).toEqual({ input: 3, output: 4 });
    expect(addUsage(null, null)).toBeNull();
  });

  it("keeps a reported zero apart from nothing reported", () => {
    expect(addUsage(null, { input: 0, output: 0 })).toEqual({ input: 0, output: 0 });
  });
});

describe("totalUsage", () => {
  it("is null for nothing, or for results that all reported none", () => {
    expect(totalUsage([])).toBeNull();
    expect(totalUsage([{ usage: null }, { usage: null }])).toBeNull();
  });

  it("sums the results that reported tokens", () => {
    const results = [
      { usage: { input: 10, output: 1 } },
      { usage: null },
      { usage: { input: 5, output: 2 } },
    ];
    expect(totalUsage(results)).toEqual({ input: 15, output: 3 });
  });
});
