import * as core from "@actions/core";
import { runOnRunner } from "./action/runner.js";

/**
 * The action as @github/local-action runs it (`npx local-action run . src/main.ts .env`):
 * an exported run() that local-action calls with its own @actions/core, which shows the
 * outputs it records. On a runner, dist/index.js (src/index.ts) runs the same code.
 */
export async function run(): Promise<void> {
  await runOnRunner(new AbortController().signal, core);
}
