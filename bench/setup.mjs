// What the bench needs beyond the project: the peers and Node 24, both from the npm
// registry, installed where they never reach the project's dependencies or CI.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { ensureNode24 as ensureNode24Binary } from "../scripts/node24.mjs";
import { PEERS } from "./tools.mjs";

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

/** Node 24 in .cache/node24, as the tests install it; null where it cannot run. */
export const ensureNode24 = () => ensureNode24Binary((line) => console.log(`bench: ${line}`));
