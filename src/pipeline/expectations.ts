import type { Source } from "../definition/source.js";
import type { TestSpec } from "../definition/test-file.js";
import type { RunResult } from "../engine/result.js";
import type { ExpectationMiss } from "../engine/test-outcome.js";
import type { SentLog } from "../transport/recorded-call.js";
import { formatPath, type Path } from "../text/field-path.js";

/**
 * What of `expect` the run did not do: the run's status, and per task its status, error
 * text, and a subset of its outputs and of what it first sent (a subset: every key the
 * test names must hold the same value; a list must have the same length, item by item).
 */
export function missedExpectations(
  test: TestSpec,
  source: Source,
  run: RunResult,
  sent: SentLog,
): ExpectationMiss[] {
  const misses: ExpectationMiss[] = [];
  const miss = (at: Path, task: string | null, field: string, expected: unknown, got: unknown) =>
    misses.push({ file: source.file, ...source.locate(at), task, field, expected, got });
  const expect = test.expect ?? {};
  if (expect.status !== undefined && expect.status !== run.status)
    miss(["expect", "status"], null, "status", expect.status, run.status);
  for (const [name, wanted] of Object.entries(expect.tasks ?? {})) {
    const at: Path = ["expect", "tasks", name];
    const task = run.tasks.find((t) => t.name === name);
    if (!task) {
      miss(at, name, "(task)", `a task named ${name}`, `tasks: ${run.tasks.map((t) => t.name).join(", ")}`);
      continue;
    }
    if (wanted.status !== undefined && wanted.status !== task.status)
      miss([...at, "status"], name, "status", wanted.status, task.status);
    if (wanted.error !== undefined && !(task.error ?? "").includes(wanted.error))
      miss([...at, "error"], name, "error", wanted.error, task.error);
    for (const field of ["outputs", "sent"] as const) {
      if (wanted[field] === undefined) continue;
      const got = field === "outputs" ? task.outputs : (sent.get(name)?.[0] ?? null);
      const differs = firstDifference(wanted[field], got);
      if (!differs) continue;
      miss(
        [...at, field, ...differs.path],
        name,
        `${field}${differs.path.length ? formatPath(differs.path).replace(/^(?!\[)/, ".") : ""}`,
        differs.expected,
        differs.got,
      );
    }
  }
  return misses;
}

/** The first place where `got` does not hold `expected`, or null when it does. */
function firstDifference(
  expected: unknown,
  got: unknown,
  path: Array<string | number> = [],
): { path: Array<string | number>; expected: unknown; got: unknown } | null {
  if (Array.isArray(expected)) {
    if (!Array.isArray(got) || got.length !== expected.length) return { path, expected, got };
    for (let i = 0; i < expected.length; i++) {
      const found = firstDifference(expected[i], got[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (expected !== null && typeof expected === "object") {
    if (got === null || typeof got !== "object" || Array.isArray(got)) return { path, expected, got };
    for (const [key, value] of Object.entries(expected)) {
      const found = firstDifference(value, (got as Record<string, unknown>)[key], [...path, key]);
      if (found) return found;
    }
    return null;
  }
  return Object.is(expected, got) ? null : { path, expected, got: got === undefined ? null : got };
}
