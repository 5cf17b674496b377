import { mkdir, open } from "node:fs/promises";
import path from "node:path";
import type { ResultsDocument } from "../engine/result.js";

/** Writes go out in chunks of about this many characters: few system calls, little memory. */
const CHUNK_CHARS = 1 << 20;

/**
 * Writes the results document one task per line. A single JSON.stringify of a large run
 * (10,000 tasks of 50 KB) would pass V8's string limit, so each task is serialized alone.
 * The document comes already redacted (buildResults masks secrets as data). A failed write
 * (a full disk) rejects; it never surfaces as an unhandled stream error.
 */
export async function writeResultsFile(file: string, document: ResultsDocument) {
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(file, "w");
  try {
    let pending: string[] = [];
    let size = 0;
    const flush = async () => {
      await handle.writeFile(pending.join(""));
      pending = [];
      size = 0;
    };
    const write = async (text: string) => {
      pending.push(text);
      size += text.length;
      if (size >= CHUNK_CHARS) await flush();
    };
    const { runs, ...head } = document;
    await write(`${JSON.stringify(head).slice(0, -1)},"runs":[`);
    for (const [i, run] of runs.entries()) {
      const { tasks, ...fields } = run;
      await write(`${i ? "," : ""}\n${JSON.stringify(fields).slice(0, -1)},"tasks":[`);
      for (const [j, task] of tasks.entries()) await write(`${j ? "," : ""}\n${JSON.stringify(task)}`);
      await write("\n]}");
    }
    await write("\n]}\n");
    await flush();
  } finally {
    await handle.close();
  }
}
