import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { formatProblem } from "../definition/problem.js";
import { runTests } from "../pipeline/run-tests.js";
import { renderTestJunit, renderTestLines } from "../report/test-report.js";
import { parseCommandArgs } from "./args.js";
import { type CliIO, usage } from "./io.js";

const OPTIONS = { junit: { type: "string" } } as const;
/** Where tests live unless a folder is named: beside the definitions they test. */
const DEFAULT_TESTS = "workflows/tests";

/**
 * `mgmt test [folder] [--junit F]`: every test of the folder against its recorded answers,
 * calling nothing. Exit 0 when all pass, 1 when one fails, 2 when a file cannot be read.
 */
export async function testCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommandArgs(args, OPTIONS);
  if (!parsed.ok) return usage(io, parsed.error);
  if (parsed.positionals.length > 1) return usage(io, "test takes one folder (default workflows/tests)");
  const folder = parsed.positionals[0] ?? DEFAULT_TESTS;
  const ran = await runTests(folder);
  for (const problem of ran.problems) io.err(formatProblem(problem));
  if (!ran.ok) return 2;
  io.out(renderTestLines(ran.tests));
  const junit = parsed.values.junit;
  if (junit) {
    try {
      await mkdir(path.dirname(path.resolve(junit)), { recursive: true });
      await writeFile(junit, renderTestJunit(ran.tests));
    } catch (error) {
      io.err(
        `mgmt: cannot write --junit ${junit}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return 1;
    }
  }
  return ran.tests.every((test) => test.passed) ? 0 : 1;
}
