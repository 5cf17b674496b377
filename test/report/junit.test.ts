import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { renderJunit } from "../../src/report/junit.js";
import { oneLine } from "../../src/report/text.js";
import { censusResumedRun, censusRun, censusWaitingRun, runOf } from "./fixtures.js";

interface Case {
  classname: string;
  name: string;
  time: string;
  failure?: { message: string; type: string; "#text": string };
  skipped?: { message: string };
  "system-out"?: string;
}

/** The report as test reporters read it: attributes without prefix, suites and cases always lists. */
function read(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (name) => name === "testsuite" || name === "testcase",
  });
  return parser.parse(xml).testsuites as Record<string, string> & {
    testsuite: (Record<string, string> & { testcase: Case[] })[];
  };
}

/** A tolerated failure, then a call in flight when the run is cancelled, then a task never started. */
const cancelled = await runOf(
  [
    { name: "Tolerated", continueOnError: true, target: "ResponseService", action: "fetchNew" },
    { name: "Aborted" },
    { name: "Never" },
  ],
  { Tolerated: { error: "HTTP 500: boom", ms: 1500 }, Aborted: { cancelsRun: true, ms: 1000 } },
  { workflow: "Nightly" },
);

describe("renderJunit", () => {
  const report = read(renderJunit([censusRun(), cancelled], []));

  it("has a suite per run with the counts and time reporters show", () => {
    expect(report).toMatchObject({ tests: "8", failures: "3", errors: "0", skipped: "3", time: "4.840" });
    expect(report.testsuite.map(({ testcase: _testcase, ...suite }) => suite)).toEqual([
      {
        name: "CensusDailyUpdate",
        tests: "5",
        failures: "1",
        errors: "0",
        skipped: "2",
        time: "2.340",
        timestamp: "2024-06-01T06:00:00.000Z",
      },
      {
        name: "Nightly",
        tests: "3",
        failures: "2",
        errors: "0",
        skipped: "1",
        time: "2.500",
        timestamp: "2024-06-01T06:00:00.000Z",
      },
    ]);
  });

  it("has a case per task, named by workflow and task, timed in seconds", () => {
    const [census] = report.testsuite;
    expect(census?.testcase.map((c) => [c.classname, c.name, c.time])).toEqual([
      ["CensusDailyUpdate", "CollectResponses", "0.120"],
      ["CensusDailyUpdate", "AnalyzeData", "2.100"],
      ["CensusDailyUpdate", "GovernanceReview", "0.120"],
      ["CensusDailyUpdate", "UpdatePolicy", "0.000"],
      ["CensusDailyUpdate", "RefreshDashboard", "0.000"],
    ]);
    expect(census?.testcase[0]).not.toHaveProperty("failure");
  });

  it("fails a rejected gate with its reasons, and skips what it stopped", () => {
    const [gate, skipped] = report.testsuite[0]?.testcase.slice(2) ?? [];
    expect(gate?.failure).toMatchObject({
      type: "rejected",
      message: "rejected: coverage below 75% in North",
    });
    expect(gate?.failure?.["#text"]).toContain("attempt 1: HTTP 200 in 120 ms");
    expect(skipped?.skipped).toEqual({ message: "skipped: GovernanceReview rejected" });
  });

  it("fails failed and cancelled tasks, continue-on-error or not", () => {
    const [tolerated, aborted] = report.testsuite[1]?.testcase ?? [];
    expect(tolerated?.failure).toMatchObject({ type: "failure", message: "HTTP 500: boom" });
    expect(tolerated?.failure?.["#text"]).toBe(
      "failure: POST ResponseService/fetchNew\nHTTP 500: boom\nattempt 1: HTTP 500 in 1.5 s — HTTP 500: boom",
    );
    expect(aborted?.failure).toMatchObject({ type: "cancelled", message: "cancelled" });
    expect(report.testsuite[1]?.testcase[2]?.skipped).toEqual({ message: "skipped: cancelled" });
  });

  it("keeps any text from endpoints well formed, without what XML 1.0 cannot hold", async () => {
    const nasty = `<b>&amp;</b> "q" 'a' ]]> \u0000\u0007\u001b[31m \uD800 \uFFFE ok 😀\nnext\ttab`;
    const xml = renderJunit(
      [await runOf([{ name: "T" }], { T: { error: nasty } }, { workflow: `W<"&>` })],
      [],
    );
    const readBack = read(xml);
    const failure = readBack.testsuite[0]?.testcase[0]?.failure;
    const valid = `<b>&amp;</b> "q" 'a' ]]> [31m   ok 😀\nnext\ttab`;
    expect(failure?.message).toBe(oneLine(valid));
    expect(failure?.["#text"]).toContain(valid);
    expect(readBack.testsuite[0]?.name).toBe(`W<"&>`);
  });

  it("never shows a secret", async () => {
    const secret = "ghp_0123456789abcdef";
    const leaky = await runOf([{ name: "T" }], {
      T: { error: `auth ${secret}`, calls: [{ httpStatus: 401, durationMs: 3, error: secret }] },
    });
    expect(renderJunit([leaky], [secret])).not.toContain(secret);
    // A character XML cannot hold, left out, must not join a secret back together.
    const split = await runOf([{ name: "T" }], { T: { error: `auth ghp_0123\u0000456789abcdef` } });
    expect(renderJunit([split], [secret])).not.toContain(secret);
  });
});

describe("renderJunit of review and replay", () => {
  it("skips what waits for review, failing nothing", () => {
    const report = read(renderJunit([censusWaitingRun()], []));
    expect(report).toMatchObject({ tests: "5", failures: "0", errors: "0", skipped: "3" });
    const cases = report.testsuite[0]?.testcase ?? [];
    expect(cases.map((c) => c.skipped?.message ?? null)).toEqual([
      null,
      null,
      "waiting for review: coverage below 75% in North; 3 regions changed at once",
      "waiting for review of GovernanceReview",
      "waiting for review of GovernanceReview",
    ]);
    expect(cases.some((c) => c.failure)).toBe(false);
  });

  it("passes replayed tasks and the approved gate, saying so in their output", () => {
    const report = read(renderJunit([censusResumedRun()], []));
    expect(report).toMatchObject({ tests: "5", failures: "0", skipped: "0" });
    const cases = report.testsuite[0]?.testcase ?? [];
    expect(cases.map((c) => c["system-out"] ?? null)).toEqual([
      "replayed from attempt 1: not called",
      "replayed from attempt 1: not called",
      "approved by octocat at 2024-06-02 09:14 UTC: fine for this week",
      null,
      null,
    ]);
    expect(cases.some((c) => c.failure || c.skipped)).toBe(false);
  });

  it("writes no output for a run without review or replay", () => {
    expect(renderJunit([censusRun()], [])).not.toMatch(/system-out|waiting|replayed/);
  });
});
