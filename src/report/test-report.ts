import type { Problem } from "../definition/problem.js";
import type { TestOutcome } from "../engine/test-outcome.js";
import { escapeMarkdown } from "./markdown.js";

/** One failed expectation as a line a user finds and fixes: `file:line:col: Task.field: expected …, got …`. */
function missLines(test: TestOutcome): string[] {
  if (test.error) return [`${test.file}: ${test.error}`];
  return test.misses.map((miss) => {
    const where = `${miss.file}:${miss.line}:${miss.column}`;
    const what = miss.task ? `${miss.task}.${miss.field}` : miss.field;
    return `${where}: ${what}: expected ${shown(miss.expected)}, got ${shown(miss.got)}`;
  });
}

/** The terminal's report: a line per test, each miss under it, and a count. */
export function renderTestLines(tests: readonly TestOutcome[]): string {
  const lines = tests.flatMap((test) => [
    `${test.passed ? "✓" : "✗"} ${test.name}${test.run ? ` (${test.run.workflow}: ${test.run.status})` : ""}`,
    ...missLines(test).map((line) => `    ${line}`),
  ]);
  return [...lines, "", countLine(tests)].join("\n");
}

function countLine(tests: readonly TestOutcome[]): string {
  const failed = tests.filter((t) => !t.passed).length;
  return `${tests.length} test${tests.length === 1 ? "" : "s"}: ${tests.length - failed} passed, ${failed} failed`;
}

/** The job summary of a test step: a status line, a row per test, and each miss. */
export function renderTestSummary(tests: readonly TestOutcome[], problems: readonly Problem[] = []): string {
  const failed = tests.filter((t) => !t.passed);
  const head = problems.length
    ? "## ❌ Workflow tests could not run"
    : failed.length
      ? "## ❌ Workflow tests failed"
      : "## ✅ Workflow tests passed";
  const rows = tests.map(
    (test) =>
      `| ${escapeMarkdown(test.name)} | ${test.passed ? "✅ passed" : "❌ failed"} | ${escapeMarkdown(test.run?.status ?? "not run")} |`,
  );
  const details = failed.flatMap((test) => [
    "",
    `**${escapeMarkdown(test.name)}**`,
    "",
    ...missLines(test).map((line) => `- ${escapeMarkdown(line)}`),
  ]);
  const problemLines = problems.map(
    (p) => `- ${escapeMarkdown(`${p.file}:${p.line}:${p.column}: ${p.field}: ${p.message}`)}`,
  );
  return [
    head,
    "",
    tests.length ? `**${countLine(tests)}**` : "",
    "",
    ...(tests.length ? ["| Test | Result | Run status |", "|---|---|---|", ...rows] : []),
    ...details,
    ...problemLines,
    "",
  ].join("\n");
}

/** JUnit XML: a test case per test file, a failure listing its misses. */
export function renderTestJunit(tests: readonly TestOutcome[]): string {
  const esc = (text: string) =>
    text
      .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
      .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const failures = tests.filter((t) => !t.passed).length;
  const cases = tests.map((test) => {
    const open = `  <testcase classname="mgmt.tests" name="${esc(test.name)}" file="${esc(test.file)}">`;
    if (test.passed) return `${open}</testcase>`;
    const lines = missLines(test);
    return `${open}\n    <failure message="${esc(lines[0] ?? "failed")}">${esc(lines.join("\n"))}</failure>\n  </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mgmt tests" tests="${tests.length}" failures="${failures}">`,
    `<testsuite name="mgmt tests" tests="${tests.length}" failures="${failures}">`,
    ...cases,
    "</testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? "nothing";
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
