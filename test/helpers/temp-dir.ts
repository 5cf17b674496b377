// Temporary folders for tests, each removed when the test that made it finishes.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { onTestFinished } from "vitest";

/**
 * A fresh folder in the system's temp folder, removed with all it holds once the current
 * test has finished (passed or not). Call it inside a test: vitest refuses it elsewhere.
 */
export async function tempDir(prefix = "mgmt-"): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
