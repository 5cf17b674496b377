import type { z } from "zod";
import { type ResultsDocument, type RunResult, worstStatus } from "../engine/result.js";
import { redactDeep } from "./redact.js";
import type { ResultsOutputSchema } from "./results-schema.js";
import { withReasons } from "./task-why.js";

/** GitHub refuses a step output over 1 MB. */
export const OUTPUT_LIMIT_BYTES = 1_000_000;

/** The results output: the results document, with `omitted` saying what had to go. */
export type ResultsOutputDocument = z.infer<typeof ResultsOutputSchema>;

/** The results file's content: every run, the worst of their statuses, secrets masked. */
export function buildResults(runs: readonly RunResult[], secrets: readonly string[] = []): ResultsDocument {
  const status = worstStatus(runs.map((r) => r.status));
  return redactDeep({ version: 1, status, runs: runs.map(withReasons) }, secrets);
}

const WHY = "over GitHub's 1 MB output limit; see results-file";

/**
 * Ever smaller versions of the document: whole, then without task outputs (the spec's
 * rule), then without tasks, then without runs.
 */
const SHRINKS: readonly ((doc: ResultsDocument) => ResultsOutputDocument)[] = [
  (doc) => doc,
  (doc) => ({
    ...doc,
    omitted: `task outputs left out (null): ${WHY}`,
    runs: doc.runs.map((run) => ({ ...run, tasks: run.tasks.map((task) => ({ ...task, outputs: null })) })),
  }),
  (doc) => ({
    ...doc,
    omitted: `tasks left out: ${WHY}`,
    runs: doc.runs.map((run) => ({ ...run, tasks: [] })),
  }),
  (doc) => ({ ...doc, omitted: `runs left out: ${WHY}`, runs: [] }),
];

/**
 * JSON of the document when it fits in `limitBytes`, else null. Tasks are measured one by
 * one first: a run of 500 MB must never become one string (V8 cannot hold it).
 */
function jsonWithin(doc: ResultsOutputDocument, limitBytes: number): string | null {
  let size = 0;
  for (const task of doc.runs.flatMap((run) => run.tasks)) {
    size += Buffer.byteLength(JSON.stringify(task), "utf8");
    if (size > limitBytes) return null;
  }
  const text = JSON.stringify(doc);
  return Buffer.byteLength(text, "utf8") <= limitBytes ? text : null;
}

/** JSON for the `results` step output, within `limitBytes` (UTF-8): the least it must leave out. */
export function resultsOutput(doc: ResultsDocument, limitBytes = OUTPUT_LIMIT_BYTES): string {
  for (const shrink of SHRINKS) {
    const text = jsonWithin(shrink(doc), limitBytes);
    if (text !== null) return text;
  }
  // Even the document without runs is over: a limit that small is a caller's bug.
  throw new Error(`the results document does not fit in ${limitBytes} bytes even without its runs`);
}

/** Names of the tasks that failed, comma-separated; `workflowId/task` when several runs. */
export function failedTasks(runs: readonly RunResult[]): string {
  return runs
    .flatMap((run) =>
      run.tasks
        .filter((t) => t.status === "failure")
        .map((t) => (runs.length > 1 ? `${run.workflow}/${t.name}` : t.name)),
    )
    .join(",");
}
