import fc from "fast-check";
import { marked } from "marked";
import { describe, expect, it } from "vitest";
import { renderSummary, SUMMARY_MAX_BYTES } from "../../src/report/summary.js";
import { traceIdOf } from "../../src/tracing/trace-context.js";
import {
  APPROVAL,
  censusResumedRun,
  censusRun,
  censusRunWithTokens,
  censusWaitingRun,
  chainRun,
  REVIEW_REASONS,
  runOf,
} from "./fixtures.js";
import { codeBlocksOf, foreignHtml, seenText, tablesOf } from "./markdown-view.js";

const COLUMNS = ["Task", "Kind", "Target", "Status", "Attempts", "Duration", "HTTP", "Detail"];
/** A preview is a few thousand characters: no more than this many items of an answer fit in it. */
const OUTPUT_ITEMS_READ_PER_TASK = 400;
const bytes = (text: string) => Buffer.byteLength(text, "utf8");
const rowOf = (markdown: string, name: string) =>
  tablesOf(markdown)[0]
    ?.rows.find((row) => row[0]?.text === name)
    ?.map((cell) => seenText(cell.text));

describe("renderSummary of the reference workflow", () => {
  const markdown = renderSummary([censusRun()], {
    secrets: [],
    runUrl: "https://github.com/hms/census/actions/runs/1234567890",
    triggerText: "every day at 06:00 UTC",
  });

  it("says how the run ended, what it is, why it ran and how long it took", () => {
    const [heading, status, where] = markdown.split("\n\n");
    expect(heading).toBe("## 🛑 Rejected by governance: CensusDailyUpdate");
    expect(status).toBe("**5 tasks: 1 rejected, 2 skipped, 2 succeeded** in 2.3 s");
    expect(where).toBe(
      "workflow `CensusDailyUpdate` · trigger: schedule — every day at 06:00 UTC · run 1234567890 · " +
        "[View the run](https://github.com/hms/census/actions/runs/1234567890) · " +
        `trace \`${traceIdOf("", "1234567890")}\``,
    );
  });

  it("has a table of the 8 columns with one row per task", () => {
    const [table, ...others] = tablesOf(markdown);
    expect(others).toEqual([]);
    expect(table?.header.map((h) => h.text)).toEqual(COLUMNS);
    expect(table?.rows.map((row) => row[0]?.text)).toEqual([
      "CollectResponses",
      "AnalyzeData",
      "GovernanceReview",
      "UpdatePolicy",
      "RefreshDashboard",
    ]);
    expect(table?.rows.every((row) => row.length === 8)).toBe(true);
  });

  it("fills the row the way a reader expects", () => {
    expect(rowOf(markdown, "AnalyzeData")).toEqual([
      "AnalyzeData",
      "agent",
      "CensusCoverageAdvisor/analyze_and_suggest",
      "✅\u00a0success",
      "2",
      "2.1 s",
      "200",
      "succeeded on attempt 2; attempt 1: HTTP 503: busy",
    ]);
    expect(rowOf(markdown, "GovernanceReview")?.slice(3)).toEqual([
      "🛑\u00a0rejected",
      "1",
      "120 ms",
      "200",
      "rejected: coverage below 75% in North",
    ]);
    expect(rowOf(markdown, "UpdatePolicy")?.slice(3)).toEqual([
      "⏭️\u00a0skipped",
      "0",
      "—",
      "—",
      "skipped: GovernanceReview rejected",
    ]);
  });

  it("puts each called task's params and outputs in a collapsed section", () => {
    const sections = markdown.match(/<details>[\s\S]*?<\/details>/g) ?? [];
    expect(sections.map((s) => /<summary>(.*)<\/summary>/.exec(s)?.[1])).toEqual([
      "✅ CollectResponses — success",
      "✅ AnalyzeData — success",
      "🛑 GovernanceReview — rejected",
    ]);
    expect(codeBlocksOf(sections[2] ?? "").map((t) => JSON.parse(t.text))).toEqual([
      { date: "2024-06-01" },
      { approved: false, reasons: ["coverage below 75% in North"] },
    ]);
  });

  it("shows the params of the run", () => {
    expect(markdown).toContain('**Params**\n\n```json\n{\n  "date": "2024-06-01"\n}\n```');
  });
});

describe("renderSummary of tokens", () => {
  const markdown = renderSummary([censusRunWithTokens()], { secrets: [] });

  it("gives the run's total on its status line", () => {
    const [, status] = markdown.split("\n\n");
    expect(status).toBe(
      "**5 tasks: 1 rejected, 2 skipped, 2 succeeded** in 2.3 s · 13,545 in · 758 out tokens",
    );
  });

  it("gives each task's tokens in a Tokens column, a dash for a task that reported none", () => {
    const [table] = tablesOf(markdown);
    expect(table?.header.map((h) => h.text)).toEqual([...COLUMNS.slice(0, -1), "Tokens", "Detail"]);
    expect(table?.rows.every((row) => row.length === 9)).toBe(true);
    expect(rowOf(markdown, "AnalyzeData")?.slice(-2)).toEqual([
      "12,345 in · 678 out",
      "succeeded on attempt 2; attempt 1: HTTP 503: busy",
    ]);
    expect(rowOf(markdown, "GovernanceReview")?.at(-2)).toBe("1,200 in · 80 out");
    expect(rowOf(markdown, "CollectResponses")?.at(-2)).toBe("—");
  });

  it("says nothing of tokens when no task reported any", () => {
    const plain = renderSummary([censusRun()], { secrets: [] });
    expect(tablesOf(plain)[0]?.header.map((h) => h.text)).toEqual(COLUMNS);
    expect(plain).not.toMatch(/token/i);
  });
});

const nasty = "<script>alert(1)</script> a|b `tick` ```fence``` </details> -->\nnext line";
/** A gate rejecting with reasons, and a task after it failing, all in text no endpoint should control. */
const hostile = await runOf(
  [
    { name: "Gate", kind: "layer", with: { note: nasty } },
    { name: "Broken", if: "always()" },
  ],
  {
    Gate: { outputs: { approved: false, reasons: [nasty], [nasty]: nasty } },
    Broken: { error: nasty },
  },
);

describe("renderSummary of text from endpoints", () => {
  const markdown = renderSummary([hostile], { secrets: [] });

  it("is made of a run where the endpoints' text ended up", () => {
    expect(hostile.tasks.map((t) => [t.status, t.error])).toEqual([
      ["rejected", `rejected: ${nasty}`],
      ["failure", nasty],
    ]);
  });

  it("adds no column, no row and no HTML", () => {
    const [table] = tablesOf(markdown);
    expect(table?.rows).toHaveLength(2);
    expect(table?.rows.every((row) => row.length === 8)).toBe(true);
    expect(foreignHtml(markdown)).toEqual([]);
    expect(marked.parse(markdown, { async: false })).not.toContain("<script>");
  });

  it("shows the text as the endpoint sent it, on one line", () => {
    expect(rowOf(markdown, "Broken")?.[7]).toBe(nasty.replace("\n", " "));
  });

  it("keeps the outputs as JSON a reader can copy", () => {
    const codes = codeBlocksOf(markdown).filter((t) => t.lang === "json");
    expect(codes.map((t) => JSON.parse(t.text))).toContainEqual({
      approved: false,
      reasons: [nasty],
      [nasty]: nasty,
    });
  });
});

describe("renderSummary and secrets", () => {
  const secret = "tok-9f8e7d6c5b4a";
  it("never shows one, in outputs, params, errors or the run's own fields", async () => {
    const leaky = await runOf(
      [
        { name: "Leaky", with: { token: secret, [secret]: 1 } },
        { name: "Refused", needs: [] },
      ],
      {
        Leaky: { outputs: { echo: `header was ${secret}`, long: `${"x".repeat(3995)}${secret}` } },
        Refused: {
          error: `401 for Bearer ${secret}`,
          calls: [{ httpStatus: 401, durationMs: 5, error: `Bearer ${secret}` }],
        },
      },
      { params: { auth: secret }, trigger: secret },
    );
    const markdown = renderSummary([leaky], { secrets: [secret], triggerText: secret });
    expect(markdown).toContain("***");
    // Not even the start of it, where a preview cuts a long text.
    expect(markdown).not.toContain(secret.slice(0, 6));
  });
});

describe("renderSummary within GitHub's limit", async () => {
  it("keeps 10,000 tasks with 50 KB outputs under 1 MiB and says what it left out", async () => {
    const outputs = {
      rows: Array.from({ length: 500 }, (_, i) => ({ id: i, text: "y".repeat(80) })),
      blob: "z".repeat(10_000),
    };
    const markdown = renderSummary([await chainRun(10_000, outputs)], { secrets: [] });
    expect(bytes(markdown)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(markdown).toContain("To stay under GitHub's 1 MiB job summary limit");
    expect(markdown).toContain("The diagram is left out: 10000 tasks is more than 200.");
    // What went wrong is kept: the failed task's row and its details.
    expect(rowOf(markdown, "Task9999")?.[7]).toBe("timed out after 10 s");
    expect(markdown).toContain("<summary>❌ Task9999 — failure</summary>");
  });

  it("reads only the start of each answer, so its work grows with the tasks, not their outputs", async () => {
    let reads = 0;
    // An answer of a million items that counts how many of them are read.
    const huge = new Proxy([] as unknown[], {
      get: (target, key) => {
        if (key === "length") return 1_000_000;
        if (typeof key === "string" && /^\d+$/.test(key)) {
          reads += 1;
          return { id: Number(key) };
        }
        return Reflect.get(target, key);
      },
    });
    const markdown = renderSummary([await chainRun(2000, huge)], { secrets: [] });
    expect(bytes(markdown)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(reads / 2000).toBeLessThanOrEqual(OUTPUT_ITEMS_READ_PER_TASK);
  });

  it("cuts outputs first, then leaves details out, then table rows", async () => {
    const chain = await chainRun(100, { text: "o".repeat(3000) });
    const note = (maxBytes: number) =>
      /> \[!WARNING\]\n> (.*)/.exec(renderSummary([chain], { secrets: [], maxBytes }))?.[1] ?? "none";
    expect(note(400_000)).toBe("none");
    expect(note(150_000)).toMatch(/outputs are cut to \d+ characters\. The results file/);
    expect(note(40_000)).toMatch(/the params and outputs of \d+ tasks are left out\./);
    expect(note(12_000)).toMatch(
      /the params and outputs of 100 tasks are left out; \d+ table rows are left out/,
    );
  });

  it("says outputs were cut only when it cut them, whatever an answer says", async () => {
    // An endpoint may answer with the very words the summary appends where it cuts a preview.
    const chain = await chainRun(100, { text: "… (shortened)" });
    const markdown = renderSummary([chain], { secrets: [], maxBytes: 150_000 });
    expect(markdown).toContain("… (shortened)");
    expect(markdown).not.toContain("outputs are cut");
  });

  it("never passes maxBytes", async () => {
    const chain = await chainRun(300, { text: "é".repeat(2000) });
    fc.assert(
      fc.property(fc.integer({ min: 10_000, max: 400_000 }), (maxBytes) => {
        expect(bytes(renderSummary([chain], { secrets: [], maxBytes }))).toBeLessThanOrEqual(maxBytes);
      }),
      { numRuns: 30 },
    );
  });
});

describe("renderSummary of several runs", () => {
  it("gives each run its section under the worst status", async () => {
    const failed = await runOf(
      [{ name: "Only" }],
      { Only: { error: "HTTP 500: boom" } },
      { workflow: "Other" },
    );
    const markdown = renderSummary([censusRun(), failed], { secrets: [] });
    expect(
      markdown.startsWith("# ❌ Failed: 2 workflows\n\n## 🛑 Rejected by governance: CensusDailyUpdate"),
    ).toBe(true);
    expect(markdown).toContain("## ❌ Failed: Other");
    expect(tablesOf(markdown).map((t) => t.rows.length)).toEqual([5, 1]);
  });
});

describe("renderSummary of a run waiting for review", () => {
  const markdown = renderSummary([censusWaitingRun()], { secrets: [] });
  const parts = markdown.split("\n\n");

  it("says it waits, and counts what waits", () => {
    expect(parts[0]).toBe("## ⏸️ Waiting for review: CensusDailyUpdate");
    expect(parts[1]).toBe("**5 tasks: 3 waiting, 2 succeeded** in 2.3 s");
  });

  it("says who must act and how, which gate asks and why, and what it takes on a private repository", () => {
    expect(parts[3]).toBe(
      [
        "> [!IMPORTANT]",
        "> ⏸️ **Waiting for review**: a required reviewer must approve the `mgmt-review` deployment of this run " +
          "(**Review deployments** on the run's page); the run then resumes from the gate.",
        ">",
        "> - **GovernanceReview** asks for a person's review: coverage below 75% in North; 3 regions changed at once " +
          "— waiting for it: UpdatePolicy, RefreshDashboard",
        ">",
        "> Required reviewers need a public repository, or GitHub Enterprise for a private one.",
      ].join("\n"),
    );
  });

  it("names the environment the definition gives", () => {
    const renamed = renderSummary([censusWaitingRun("prod-approvals")], { secrets: [] });
    expect(renamed).toContain("must approve the `prod-approvals` deployment of this run");
    expect(renamed).not.toContain("mgmt-review");
  });

  it("shows the gate and what needs it waiting, with why", () => {
    expect(rowOf(markdown, "GovernanceReview")?.slice(3)).toEqual([
      "⏸️\u00a0waiting",
      "1",
      "120 ms",
      "200",
      `asks for a person's review: ${REVIEW_REASONS.join("; ")}`,
    ]);
    expect(rowOf(markdown, "RefreshDashboard")?.slice(3)).toEqual([
      "⏸️\u00a0waiting",
      "0",
      "—",
      "—",
      "waiting for GovernanceReview",
    ]);
    expect(markdown).toContain("<summary>⏸️ GovernanceReview — waiting</summary>");
  });

  it("heads several runs with the wait when nothing is worse", () => {
    const both = renderSummary([censusRun(), censusWaitingRun()], { secrets: [] });
    expect(both.startsWith("# ⏸️ Waiting for review: 2 workflows\n\n")).toBe(true);
  });

  it("shows a gate's reasons as the endpoint sent them, masked, making no markup", () => {
    const waiting = censusWaitingRun();
    const reasons = [nasty, "[click](https://evil.example) **now** tok-1234"];
    const gate = waiting.tasks.find((t) => t.name === "GovernanceReview");
    if (gate?.review) gate.review.reasons = reasons;
    const text = renderSummary([waiting], { secrets: ["tok-1234"] });
    expect(foreignHtml(text)).toEqual([]);
    expect(marked.parse(text, { async: false })).not.toMatch(/<script>|<a href="https:\/\/evil/);
    expect(text).not.toContain("tok-1234");
    expect(rowOf(text, "GovernanceReview")?.[7]).toBe(
      `asks for a person's review: ${nasty.replace("\n", " ")}; [click](https://evil.example) **now** ***`,
    );
  });
});

describe("renderSummary of a run resumed after review", () => {
  const markdown = renderSummary([censusResumedRun()], { secrets: [] });

  it("counts what was replayed among what succeeded, and says nothing of waiting", () => {
    const [heading, status] = markdown.split("\n\n");
    expect(heading).toBe("## ✅ Succeeded: CensusDailyUpdate");
    expect(status).toBe("**5 tasks: 5 succeeded (2 replayed)** in 240 ms");
    expect(markdown).not.toContain("Waiting for review");
    expect(markdown).not.toContain("Required reviewers");
  });

  it("marks replayed tasks and the attempt they come from", () => {
    expect(rowOf(markdown, "AnalyzeData")?.slice(3)).toEqual([
      "♻️\u00a0replayed",
      "2",
      "—",
      "200",
      "from attempt 1",
    ]);
    expect(markdown).toContain("<summary>♻️ CollectResponses — replayed</summary>");
    expect(markdown).toContain("**Params**\n\nNot called: replayed from attempt 1.");
  });

  it("says who approved the gate, when, and what they wrote", () => {
    expect(rowOf(markdown, "GovernanceReview")?.slice(3)).toEqual([
      "✅\u00a0success",
      "1",
      "—",
      "200",
      "approved by octocat at 2024-06-02 09:14 UTC: fine for this week",
    ]);
    expect(rowOf(markdown, "UpdatePolicy")?.[3]).toBe("✅\u00a0success");
  });

  it("shows a reviewer's comment as written, making no markup", () => {
    const comment = `${nasty} [x](https://evil.example)`;
    const text = renderSummary([censusResumedRun({ ...APPROVAL, comment })], { secrets: [] });
    expect(foreignHtml(text)).toEqual([]);
    expect(marked.parse(text, { async: false })).not.toMatch(/<script>|<a href="https:\/\/evil/);
    expect(rowOf(text, "GovernanceReview")?.[7]).toBe(
      `approved by octocat at 2024-06-02 09:14 UTC: ${comment.replace("\n", " ")}`,
    );
  });
});

describe("renderSummary of a run with no review and no replay", () => {
  it("shows nothing of either", () => {
    const markdown = renderSummary([censusRun()], { secrets: [] });
    for (const word of ["⏸", "♻", "waiting", "replayed", "review", "approved by", "Not called:"]) {
      expect(markdown).not.toContain(word);
    }
  });
});
