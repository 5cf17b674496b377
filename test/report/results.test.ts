import { describe, expect, it } from "vitest";
import { buildResults, failedTasks, resultsOutput } from "../../src/report/results.js";
import {
  censusResumedRun,
  censusRun,
  censusRunWithTokens,
  censusWaitingRun,
  run,
  runOf,
  task,
} from "./fixtures.js";

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

describe("buildResults", () => {
  it("is version 1 with the worst status of its runs", async () => {
    const failed = await runOf([{ name: "A" }], { A: { error: "HTTP 500" } });
    const doc = buildResults([censusRun(), failed]);
    expect(doc).toMatchObject({ version: 1, status: "failure" });
    expect(doc.runs).toHaveLength(2);
  });

  it("carries each task's tokens and the run's total, null where none were reported", () => {
    const [withTokens, without] = buildResults([censusRunWithTokens(), censusRun()]).runs;
    expect(withTokens?.usage).toEqual({ input: 13_545, output: 758 });
    expect(withTokens?.tasks.map((t) => t.usage)).toEqual([
      null,
      { input: 12_345, output: 678 },
      { input: 1200, output: 80 },
      null,
      null,
    ]);
    expect(without?.usage).toBeNull();
    expect(without?.tasks.every((t) => t.usage === null)).toBe(true);
  });

  it("carries what waits for review, and says why in each task's error", () => {
    const doc = buildResults([censusRun(), censusWaitingRun()]);
    expect(doc.status).toBe("waiting");
    const [plain, waiting] = doc.runs;
    expect(plain?.reviewEnvironment).toBeNull();
    expect(waiting).toMatchObject({ status: "waiting", reviewEnvironment: "mgmt-review" });
    expect(waiting?.tasks.map((t) => [t.status, t.waitingFor, t.error])).toEqual([
      ["success", null, null],
      ["success", null, null],
      [
        "waiting",
        "GovernanceReview",
        "asks for a person's review: coverage below 75% in North; 3 regions changed at once",
      ],
      ["waiting", "GovernanceReview", "waiting for GovernanceReview"],
      ["waiting", "GovernanceReview", "waiting for GovernanceReview"],
    ]);
  });

  it("carries what was replayed and who approved", () => {
    const [resumed] = buildResults([censusResumedRun()]).runs;
    expect(resumed?.tasks.map((t) => t.replayed)).toEqual([{ attempt: 1 }, { attempt: 1 }, null, null, null]);
    expect(resumed?.tasks[2]?.review?.approval).toEqual({
      by: "octocat",
      comment: "fine for this week",
      at: "2024-06-02T09:14:27.512Z",
    });
  });

  it("masks secrets everywhere in the document", async () => {
    const leaky = await runOf(
      [
        { name: "A", with: { t: "abc.def" } },
        { name: "B", needs: [] },
      ],
      {
        A: { outputs: { echo: "Bearer abc.def" } },
        B: { error: "HTTP 401: abc.def" },
      },
    );
    expect(JSON.stringify(leaky)).toContain("abc.def");
    expect(JSON.stringify(buildResults([leaky], ["abc.def"]))).not.toContain("abc.def");
  });
});

describe("resultsOutput", () => {
  it("is the whole document when it fits", () => {
    const doc = buildResults([censusRun()]);
    expect(JSON.parse(resultsOutput(doc))).toEqual(doc);
  });

  it("leaves task outputs out over the limit, and says so", () => {
    const big = run(
      Array.from({ length: 30 }, (_, i) => task(`T${i}`, { outputs: { blob: "x".repeat(50_000) } })),
    );
    const text = resultsOutput(buildResults([big]));
    expect(bytes(text)).toBeLessThanOrEqual(1_000_000);
    const parsed = JSON.parse(text);
    expect(parsed.omitted).toBe(
      "task outputs left out (null): over GitHub's 1 MB output limit; see results-file",
    );
    expect(parsed.runs[0].tasks.map((t: { outputs: unknown }) => t.outputs)).toEqual(Array(30).fill(null));
    expect(parsed.runs[0].tasks[0]).toMatchObject({ name: "T0", status: "success", attempts: 1 });
  });

  it("leaves tasks out when even their records are over the limit", () => {
    const many = run(
      Array.from({ length: 5000 }, (_, i) => task(`T${i}`, { params: { text: "p".repeat(300) } })),
    );
    const parsed = JSON.parse(resultsOutput(buildResults([many])));
    expect(parsed.omitted).toBe("tasks left out: over GitHub's 1 MB output limit; see results-file");
    expect(parsed.runs[0]).toMatchObject({ workflow: "CensusDailyUpdate", tasks: [] });
  });

  it("honours a smaller limit", () => {
    const doc = buildResults([censusRun()]);
    expect(bytes(resultsOutput(doc, 2000))).toBeLessThanOrEqual(2000);
    expect(() => resultsOutput(doc, 10)).toThrow(/does not fit in 10 bytes/);
  });
});

/** A run of `workflow` with a failure, a tolerated failure and the task the failure skipped. */
const failing = (workflow: string) =>
  runOf(
    [
      { name: "Ok" },
      { name: "Broke", needs: [] },
      { name: "Tolerated", needs: [], continueOnError: true },
      { name: "Later", needs: ["Broke"] },
    ],
    { Ok: { outputs: {} }, Broke: { error: "HTTP 500" }, Tolerated: { error: "HTTP 500" } },
    { workflow },
  );
const [failingA, failingB] = await Promise.all([failing("A"), failing("B")]);

describe("failedTasks", () => {
  it("names the failed tasks of one run", () => {
    expect(failingA.tasks.map((t) => t.status)).toEqual(["success", "failure", "failure", "skipped"]);
    expect(failedTasks([failingA])).toBe("Broke,Tolerated");
  });

  it("prefixes the workflow when several ran", () => {
    expect(failedTasks([failingA, censusRun(), failingB])).toBe("A/Broke,A/Tolerated,B/Broke,B/Tolerated");
  });

  it("is empty when nothing failed", () => {
    expect(failedTasks([censusRun()])).toBe("");
  });
});
