import { marked, type Tokens } from "marked";
import { expect, test } from "vitest";
import { parseWorkflow } from "../../src/definition/load.js";
import type { WorkflowPlan } from "../../src/engine/plan.js";
import { renderPlan } from "../../src/report/plan-view.js";

const DEFINITION = `id: Census
name: Census | daily
on: { schedule: [{ cron: "0 6 * * *" }], repository_dispatch: { types: [census-update] } }
concurrency: 2
endpoints:
  Svc: { url: "http://svc.local/api/", retry: false }
  Gov: { url: "http://gov.local" }
tasks:
  - { name: Collect, service: Svc, action: fetch/new }
  - { name: Analyze, agent: Svc, action: analyze, timeout: 10s, deadline: 2m }
  - { name: Review, layer: Gov, action: enforce, retry: { attempts: 5, backoff: 2s } }
  - { name: Publish, service: Svc, action: publish, if: "tasks.Review.outputs.approved && 1 < 2" }
  - { name: Audit, service: Svc, action: audit, needs: [Collect], continue-on-error: true }
`;

function plan(): WorkflowPlan {
  const parsed = parseWorkflow("flows/census.yml", DEFINITION);
  if (!parsed.plan) throw new Error(JSON.stringify(parsed.problems));
  return parsed.plan;
}

const PARAMS = { date: "2024-06-01", region: { name: "west" }, note: "<b>x</b> | y" };

test("the terminal view lists settings per task, aligned, and the order as waves", () => {
  const text = renderPlan(plan(), PARAMS, { markdown: false });
  expect(text.split("\n")).toEqual([
    "Plan: Census | daily (Census) — flows/census.yml",
    "Dry run: nothing is called. 5 tasks · concurrency 2 · run timeout none · on: schedule 0 6 * * *, repository_dispatch (census-update)",
    "",
    "Params:",
    '  date = "2024-06-01"',
    '  region = {"name":"west"}',
    '  note = "<b>x</b> | y"',
    "",
    "Task                       Kind     Target  URL                             Needs    If                                      Timeout               Retry",
    "Collect                    service  Svc     http://svc.local/api/fetch/new  —        —                                       30 s                  no",
    "Analyze                    agent    Svc     http://svc.local/api/analyze    Collect  —                                       10 s, deadline 2 min  no",
    "Review                     layer    Gov     http://gov.local/enforce        Analyze  —                                       30 s                  5 attempts (backoff 2 s ×2, max 30 s)",
    "Publish                    service  Svc     http://svc.local/api/publish    Review   tasks.Review.outputs.approved && 1 < 2  30 s                  no",
    "Audit (continue-on-error)  service  Svc     http://svc.local/api/audit      Collect  —                                       30 s                  no",
    "",
    "Order, in waves (at most 2 tasks at once):",
    "  1. Collect",
    "  2. Analyze, Audit",
    "  3. Review",
    "  4. Publish",
  ]);
});

test("the markdown view is a table a job summary shows as such, with text escaped", () => {
  const markdown = renderPlan(plan(), PARAMS, { markdown: true });
  const tokens = marked.lexer(markdown);
  const tables = tokens.filter((t): t is Tokens.Table => t.type === "table");
  expect(tables).toHaveLength(2);
  const [params, tasks] = tables as [Tokens.Table, Tokens.Table];
  expect(params.rows.map((row) => row.map((cell) => cell.text))).toEqual([
    ["`date`", '`"2024-06-01"`'],
    ["`region`", '`{"name":"west"}`'],
    ["`note`", '`"<b>x</b> | y"`'],
  ]);
  expect(tasks.header.map((cell) => cell.text)).toEqual([
    "Task",
    "Kind",
    "Target",
    "URL",
    "Needs",
    "If",
    "Timeout",
    "Retry",
  ]);
  expect(tasks.rows).toHaveLength(5);
  expect(tasks.rows[3]?.[5]?.text).toBe("tasks.Review.outputs.approved \\&\\& 1 \\< 2");
  expect(marked.parse(markdown, { async: false })).not.toContain("<b>");
  expect(markdown).toContain("## Plan: Census \\| daily (`Census`)");
  expect(markdown).toContain("1. Collect\n2. Analyze, Audit\n3. Review\n4. Publish");
});

test("a request task's URL column shows its method and path as written", () => {
  const parsed = parseWorkflow(
    "flows/apis.yml",
    `id: Apis
endpoints: { Store: { url: "https://store.example.org/api/" } }
tasks:
  - name: Collect
    service: Store
    request: { method: GET, path: "surveys/\${{ params.survey }}/responses", query: { date: x } }
`,
  );
  if (!parsed.plan) throw new Error(JSON.stringify(parsed.problems));
  const text = renderPlan(parsed.plan, {}, { markdown: false });
  const row = text.split("\n").find((line) => line.startsWith("Collect")) ?? "";
  expect(row).toContain("GET https://store.example.org/api/surveys/${{ params.survey }}/responses");
});
