import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { loadDefinitions } from "../definition/load.js";
import { errorsIn, type Problem } from "../definition/problem.js";
import type { Source } from "../definition/source.js";
import { parseTestFile, TEST_FILE, type TestSpec } from "../definition/test-file.js";
import { prepareRun } from "../engine/prepare.js";
import { runWorkflow } from "../engine/run.js";
import { VirtualClock } from "../engine/virtual-clock.js";
import { createRecordedCall } from "../transport/recorded-call.js";
import type { TestOutcome } from "../engine/test-outcome.js";
import { missedExpectations } from "./expectations.js";

/** `run.date` of a test when its context gives none: expectations do not change by the day. */
const TEST_DATE = "2000-01-01";

export type TestsRun =
  | { ok: true; tests: TestOutcome[]; problems: Problem[] }
  /** A test file or a definition that cannot be read: nothing ran. */
  | { ok: false; problems: Problem[] };

/**
 * Runs every `*.test.yml` / `*.test.json` under `folder` against the definitions in its
 * parent folder: the same engine, a transport that answers from the test's records, a
 * virtual clock (retries, Retry-After and polls take no real time), no endpoint header
 * evaluated and no network.
 */
export async function runTests(folder: string): Promise<TestsRun> {
  const files = await testFiles(folder);
  if (files.length === 0)
    return { ok: false, problems: [problemIn(folder, `no tests (*.test.yml, *.test.json) in ${folder}`)] };
  const tests: Array<{ file: string; test: TestSpec; source: Source }> = [];
  const problems: Problem[] = [];
  for (const file of files) {
    const parsed = parseTestFile(file, await readFile(file, "utf8"));
    if (parsed.ok) tests.push({ file, ...parsed });
    else problems.push(...parsed.problems);
  }
  // Tests sit in a folder of the definitions' folder (workflows/tests beside workflows/*.yml).
  const testsFolder = (await stat(folder)).isFile() ? path.dirname(folder) : folder;
  const definitions = path.dirname(path.resolve(testsFolder));
  const loaded = await loadDefinitions(definitions);
  problems.push(...loaded.problems);
  if (errorsIn(problems).length) return { ok: false, problems };
  const plans = new Map(loaded.plans.map((plan) => [plan.id, plan]));
  const outcomes: TestOutcome[] = [];
  for (const { file, test, source } of tests) {
    const name = test.name ?? path.basename(file);
    const plan = plans.get(test.workflow);
    if (!plan) {
      const known = [...plans.keys()].join(", ") || "none";
      const error = `no workflow "${test.workflow}" in ${definitions} (known: ${known})`;
      outcomes.push({ file, name, run: null, error, misses: [], passed: false });
      continue;
    }
    const context = test.context ?? {};
    const date = context.run?.date ?? TEST_DATE;
    const start = Date.parse(`${date}T00:00:00Z`);
    const prepared = prepareRun(plan, {
      runId: context.run?.id ?? "test",
      attempt: context.run?.attempt ?? 1,
      trigger: context.run?.trigger ?? "test",
      startedAt: new Date(start),
      env: context.env ?? {},
      github: context.github ?? {},
      params: [test.params ?? {}],
      withHeaders: false,
    });
    if (!prepared.ok) {
      outcomes.push({ file, name, run: null, error: prepared.errors.join("; "), misses: [], passed: false });
      continue;
    }
    const answers = new Map(
      Object.entries(test.answers).map(([task, given]) => [task, Array.isArray(given) ? given : [given]]),
    );
    const clock = new VirtualClock({ start, autoAdvance: true });
    const recorded = createRecordedCall(answers, { clock, random: () => 0.5 });
    const run = await runWorkflow(prepared.run, {
      call: recorded.call,
      answerAgent: recorded.answerAgent,
      clock,
      cannotPark: null,
    });
    const misses = missedExpectations(test, source, run, recorded.sent);
    outcomes.push({ file, name, run, error: null, misses, passed: misses.length === 0 });
  }
  return { ok: true, tests: outcomes, problems };
}

/** The test files of a folder and its subfolders (or the file itself), in path order; none without it. */
export async function testFiles(folder: string): Promise<string[]> {
  const info = await stat(folder).catch(() => undefined);
  if (!info) return [];
  if (info.isFile()) return TEST_FILE.test(folder) ? [folder] : [];
  // Names only: Dirent.parentPath is newer than some Node 20 the CLI supports.
  const names = await readdir(folder, { recursive: true });
  return names
    .filter((name) => TEST_FILE.test(name))
    .map((name) => path.join(folder, name))
    .sort();
}

function problemIn(file: string, message: string): Problem {
  return { file, line: 1, column: 1, field: "(file)", message, severity: "error" };
}
