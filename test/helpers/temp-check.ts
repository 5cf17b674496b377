// Global setup: the test run gets a temp folder of its own (TMPDIR, inherited by the workers
// and the processes tests spawn), removed at the end. Anything a test leaves there fails
// the run; temp-per-file.ts catches it earlier and names the test file.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** os.tmpdir() reads TMPDIR on POSIX, TEMP and TMP on Windows. */
export const TEMP_VARIABLES = ["TMPDIR", "TEMP", "TMP"] as const;

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), "mgmt-vitest-"));
  for (const name of TEMP_VARIABLES) process.env[name] = dir;
  return () => {
    const left = readdirSync(dir);
    rmSync(dir, { recursive: true, force: true });
    if (left.length > 0) {
      // A teardown's throw is only printed: the exit code is what fails CI.
      process.exitCode = 1;
      throw new Error(`the tests left ${left.length} entries in the temp folder: ${left.join(", ")}`);
    }
  };
}
