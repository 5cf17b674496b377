import { describe, expect, it } from "vitest";
import { editDistance, nearMiss } from "../../src/definition/near-miss.js";

describe("editDistance", () => {
  it.each([
    ["retry", "retry", 0],
    ["retyr", "retry", 1],
    ["timout", "timeout", 1],
    ["neeeds", "needs", 1],
    ["ab", "ba", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
    ["abc", "", 3],
  ])("%j to %j is %i", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});

describe("nearMiss", () => {
  const task = [
    "name",
    "service",
    "agent",
    "layer",
    "action",
    "with",
    "needs",
    "if",
    "timeout",
    "retry",
    "continue-on-error",
  ];

  it.each([
    ["retyr", "retry"],
    ["timout", "timeout"],
    ["neeeds", "needs"],
    ["NAME", "name"],
    ["sevrice", "service"],
    ["iff", "if"],
    ["contine-on-eror", "continue-on-error"],
  ])("takes %j for %j", (word, meant) => {
    expect(nearMiss(word, task)).toBe(meant);
  });

  it.each(["colour", "wait", "x", "nm", "deadline", "actions_list"])("finds nothing near %j", (word) => {
    expect(nearMiss(word, task)).toBeUndefined();
  });

  it("prefers the closest of two candidates", () => {
    expect(nearMiss("abcdx", ["abxyz", "abcdy"])).toBe("abcdy");
  });
});
