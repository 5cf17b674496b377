import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { finished } from "node:stream/promises";
import type { ResultsDocument } from "../engine/result.js";

/**
 * Writes the results document one task per line. A single JSON.stringify of a large run
 * (10,000 tasks of 50 KB) would pass V8's string limit, so each task is serialized alone.
 * The document comes already redacted (buildResults masks secrets as data).
 */
export async function writeResultsFile(file: string, document: ResultsDocument) {
  await mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once("drain", resolve));
  const { runs, ...head } = document;
  await write(`${JSON.stringify(head).slice(0, -1)},"runs":[`);
  for (const [i, run] of runs.entries()) {
    const { tasks, ...fields } = run;
    await write(`${i ? "," : ""}\n${JSON.stringify(fields).slice(0, -1)},"tasks":[`);
    for (const [j, task] of tasks.entries()) await write(`${j ? "," : ""}\n${JSON.stringify(task)}`);
    await write("\n]}");
  }
  await write("\n]}\n");
  out.end();
  await finished(out);
}
