import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ResultsDocument, RunResult } from "../engine/result.js";
import { renderJunit } from "../report/junit.js";
import { writeResultsFile } from "./results-file.js";
import { UserError } from "./user-error.js";

/** The files a run may leave behind, each named by the input (or flag) that asked for it. */
export interface ReportFiles {
  results?: { input: string; path: string } | null;
  junit?: { input: string; path: string } | null;
}

/**
 * Writes each requested file on its own: one that cannot be written (a folder in its place,
 * a full disk, no permission) is a UserError naming its input and path, and the others are
 * still written.
 */
export async function writeReportFiles(
  files: ReportFiles,
  document: ResultsDocument,
  runs: readonly RunResult[],
  secrets: readonly string[],
): Promise<UserError[]> {
  const writes = [
    files.results && { ...files.results, write: (file: string) => writeResultsFile(file, document) },
    files.junit && {
      ...files.junit,
      write: async (file: string) => {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, renderJunit(runs, secrets));
      },
    },
  ];
  const failures: UserError[] = [];
  for (const target of writes) {
    if (!target) continue;
    try {
      await target.write(target.path);
    } catch (error) {
      failures.push(new UserError(`${target.input}: cannot write ${target.path}: ${causeOf(error)}`));
    }
  }
  return failures;
}

/** `EISDIR: illegal operation on a directory` reads as "is a folder" to a person. */
function causeOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const plain: Record<string, string> = {
    EISDIR: "it is a folder",
    ENOTDIR: "a part of the path is a file, not a folder",
    EACCES: "permission denied",
    EPERM: "permission denied",
    ENOSPC: "no space left on the device",
    EROFS: "the file system is read-only",
  };
  return (code && plain[code]) ?? (error as Error).message;
}
