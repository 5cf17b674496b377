import { z } from "zod";
import { RunStatus, TaskStatus } from "../engine/result.js";
import type { Problem } from "./problem.js";
import { parseSource, type Source } from "./source.js";
import { zodProblems } from "./zod-problems.js";

/** One answer given instead of a call: for an agent, `body` is the outputs its protocol extracts. */
export const RecordedAnswer = z.strictObject({
  status: z.number().int().min(200).max(599).optional().describe("The HTTP status (default 200)"),
  headers: z.record(z.string(), z.string()).optional().describe("Answer headers (Retry-After, Location, …)"),
  body: z.unknown().optional().describe("JSON (or text) of the answer; null when left out"),
});

const TaskExpectation = z.strictObject({
  status: TaskStatus.optional(),
  outputs: z.unknown().optional().describe("A subset of the task's outputs"),
  sent: z
    .unknown()
    .optional()
    .describe(
      "A subset of what the task sent: the envelope; { method, url, headers, body } for a request; { envelope, prompt } for an agent, { arguments } for an MCP tool",
    ),
  error: z.string().optional().describe("Text the task's error contains"),
});

/** A test of a workflow against recorded answers (`*.test.yml` / `*.test.json`). */
export const TestFile = z.strictObject({
  $schema: z.string().optional(),
  workflow: z.string().min(1).describe("The id of the definition under test (in the tests folder's parent)"),
  name: z.string().optional().describe("How the test is shown (default: its file name)"),
  params: z.record(z.string(), z.unknown()).optional().describe("Params over the definition's"),
  context: z
    .strictObject({
      env: z.record(z.string(), z.string()).optional(),
      run: z
        .strictObject({
          id: z.string().optional().describe("Default test"),
          attempt: z.number().int().min(1).optional(),
          date: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD")
            .optional()
            .describe("Default 2000-01-01"),
          trigger: z.string().optional().describe("Default test"),
        })
        .optional(),
      github: z.record(z.string(), z.unknown()).optional(),
    })
    .optional()
    .describe("What env, run and github hold for the test's expressions (no secrets needed)"),
  answers: z
    .record(z.string(), z.union([RecordedAnswer, z.array(RecordedAnswer).min(1)]))
    .describe(
      "Per task: its answer, or a list of answers for successive attempts and polls (the last repeats)",
    ),
  expect: z
    .strictObject({
      status: RunStatus.optional(),
      tasks: z.record(z.string(), TaskExpectation).optional(),
    })
    .optional(),
});

export type RecordedAnswer = z.infer<typeof RecordedAnswer>;
export type TestSpec = z.infer<typeof TestFile>;

/** A test file's name (never read as a definition). */
export const TEST_FILE = /\.test\.(ya?ml|json)$/;

/** Where a folder of definitions keeps its tests: `mgmt test`, the action's `test: true` and `mgmt init` look there. */
export const TESTS_FOLDER = "tests";

/** A test file, checked, with its source for the places of failed expectations. */
export function parseTestFile(
  file: string,
  text: string,
): { ok: true; test: TestSpec; source: Source } | { ok: false; problems: Problem[] } {
  const parsed = parseSource(file, text);
  if (!parsed.ok) return parsed;
  const checked = TestFile.safeParse(parsed.source.value);
  if (!checked.success)
    return { ok: false, problems: zodProblems(parsed.source, checked.error.issues, TestFile) };
  return { ok: true, test: checked.data, source: parsed.source };
}
