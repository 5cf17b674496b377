import { describe, expect, it } from "vitest";
import {
  cronError,
  cronFrequencyWarning,
  describeCron,
  normalizeCron,
  shortestGap,
} from "../../src/definition/cron.js";

describe("normalizeCron", () => {
  it("collapses whitespace", () => {
    expect(normalizeCron("\t0   6 * *\n* ")).toBe("0 6 * * *");
  });
});

describe("describeCron", () => {
  it.each([
    ["0 6 * * *", "every day at 06:00 UTC"],
    ["30 18 * * *", "every day at 18:30 UTC"],
    ["0 6,18 * * *", "every day at 06:00 and 18:00 UTC"],
    ["0 7 * * 1", "at 07:00 UTC, only on Monday"],
    ["30 5 1 * *", "at 05:30 UTC, on day 1 of the month"],
    ["*/15 * * * *", "every 15 minutes"],
    ["0 */2 * * *", "on the hour, every 2 hours"],
  ])("reads %s as %s", (cron, words) => {
    expect(describeCron(cron)).toBe(words);
  });

  it("gives nothing for a cron it cannot read, rather than a wrong sentence", () => {
    expect(describeCron("every morning")).toBeUndefined();
    expect(describeCron("")).toBeUndefined();
  });
});

describe("cronError", () => {
  it.each([
    "0 6 * * *",
    "*/5 * * * *",
    "0 9-17/2 * * MON-FRI",
    "0 0 1,15 jan,Jul *",
    "0 6 ? * 0",
    "5 4 * * sun",
  ])("accepts %s", (cron) => {
    expect(cronError(cron)).toBeUndefined();
  });

  it.each([
    ["@daily", '"@daily" has 1 field(s); GitHub takes 5: minute hour day-of-month month day-of-week'],
    [
      "0 6 * * * 2025",
      '"0 6 * * * 2025" has 6 field(s); GitHub takes 5: minute hour day-of-month month day-of-week',
    ],
    ["60 6 * * *", '"60 6 * * *": the minute field has 60, outside 0-59'],
    ["0 6 * * 7", '"0 6 * * 7": the day of week field has 7, outside 0-6 (or SUN-SAT)'],
    ["0 6 0 * *", '"0 6 0 * *": the day of month field has 0, outside 1-31'],
    ["0 6 * FOO *", '"0 6 * FOO *": the month field has FOO, outside 1-12 (or JAN-DEC)'],
    ["0 6-25 * * *", '"0 6-25 * * *": the hour field has 25, outside 0-23'],
    ["0 6 * * L", '"0 6 * * L": the day of week field has "L", which is not a value, range or step'],
    ["*/0 * * * *", '"*/0 * * * *": the minute field has "*/0", which is not a value, range or step'],
  ])("refuses %s as actionlint does", (cron, message) => {
    expect(cronError(cron)).toBe(message);
  });
});

describe("shortestGap", () => {
  it.each([
    ["* * * * *", 1],
    ["*/2 * * * *", 2],
    ["0,3 * * * *", 3],
    ["58,1 * * * *", 3],
    ["0,1,2 * * * *", 1],
    ["10-20/4 * * * *", 4],
    ["50/3 * * * *", 3],
    ["*/5 * * * *", 5],
    ["*/7 * * * *", 4],
    ["0,30 * * * *", 30],
    ["0 * * * *", 60],
    ["58,1 9-17 * * *", 3],
    ["58,1 */2 * * *", 57],
    ["58,1 23,0 * * *", 57],
  ])("%s: %i minutes", (cron, gap) => {
    expect(shortestGap(cron)).toBe(gap);
  });

  it("has none for a single run a day, or for a cron GitHub refuses", () => {
    expect(shortestGap("0 6 * * *")).toBeUndefined();
    expect(shortestGap("61 * * * *")).toBeUndefined();
  });
});

describe("cronFrequencyWarning", () => {
  it.each(["* * * * *", "*/2 * * * *", "0,3 * * * *", "58,1 * * * *", "0,1,2 * * * *"])(
    "warns for %s",
    (cron) => {
      expect(cronFrequencyWarning(cron)).toMatch(
        new RegExp(
          `^"${cron.replace(/[*]/g, "\\*")}" asks for runs \\d minutes? apart; GitHub runs a schedule at most every 5 minutes$`,
        ),
      );
    },
  );

  it("says the gap", () => {
    expect(cronFrequencyWarning("*/2 * * * *")).toBe(
      '"*/2 * * * *" asks for runs 2 minutes apart; GitHub runs a schedule at most every 5 minutes',
    );
    expect(cronFrequencyWarning("* * * * *")).toContain("runs 1 minute apart");
  });

  it.each(["*/5 * * * *", "0 6 * * *", "0,30 * * * *", "58,1 */2 * * *", "0 25 * * *"])(
    "is quiet for %s",
    (cron) => {
      expect(cronFrequencyWarning(cron)).toBeUndefined();
    },
  );
});
