// Setup file: each test file gets a temp folder of its own, which must be empty when the file
// ends. A file whose tests leave something behind fails, naming what is left.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { TEMP_VARIABLES } from "./temp-check.js";

const saved = TEMP_VARIABLES.map((name) => process.env[name]);
const dir = mkdtempSync(path.join(tmpdir(), "file-"));
for (const name of TEMP_VARIABLES) process.env[name] = dir;

afterAll(() => {
  // A worker may run another file next: give it back the run's folder.
  TEMP_VARIABLES.forEach((name, i) => {
    if (saved[i] === undefined) delete process.env[name];
    else process.env[name] = saved[i];
  });
  const left = readdirSync(dir);
  rmSync(dir, { recursive: true, force: true });
  if (left.length > 0) {
    throw new Error(
      `this file's tests left ${left.join(", ")} in the temp folder: make temp folders with tempDir() from test/helpers/temp-dir.ts`,
    );
  }
});
