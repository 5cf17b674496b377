import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { collect } from "./collect.js";
import { NODE, ROOT } from "./run-action.js";

export interface CliRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `bin/mgmt.js` (the built lib/) as a user would, in a given directory. */
export async function runCli(
  args: readonly string[],
  options: {
    cwd?: string;
    env?: Record<string, string>;
    onSpawn?: (child: ReturnType<typeof spawn>) => void;
  } = {},
): Promise<CliRun> {
  const child = spawn(NODE, [path.join(ROOT, "bin/mgmt.js"), ...args], {
    cwd: options.cwd ?? ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      // The test's temp folder, so that whatever the CLI leaves there is caught.
      TMPDIR: tmpdir(),
      NO_COLOR: "1",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const ended = collect(child);
  options.onSpawn?.(child);
  return ended;
}
