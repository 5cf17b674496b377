// `npm run bench`: mgmt side by side with a plain fetch() loop, Step CI and Newman on the
// same loopback endpoint. Tools alternate within every repetition (the order rotates), so
// a slow moment of the machine does not land on one tool. Prints medians and ratios.
// Options: --quick (fewer repetitions), --reps N, --only seq200,seq1000,fanout,cold,rss10k,
// --node PATH (the Node every tool runs on; default this one), --json FILE (raw samples),
// --action FILE / --cli FILE (another build of the action or CLI, to compare a change).

import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { runCases } from "./cases.mjs";
import { renderReport } from "./report.mjs";
import { startServer } from "./server-process.mjs";
import { ensureNode24, ensurePeers } from "./setup.mjs";
import { ACTION, CLI, missingBuilds, ROOT } from "./tools.mjs";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean" },
    reps: { type: "string" },
    only: { type: "string" },
    node: { type: "string" },
    json: { type: "string" },
    action: { type: "string" },
    cli: { type: "string" },
  },
});

const action = values.action ? path.resolve(values.action) : ACTION;
const cli = values.cli ? path.resolve(values.cli) : CLI;
const missing = missingBuilds(action, cli);
if (missing.length) {
  console.error(
    `bench: build first (npm run build): missing ${missing.map((f) => path.relative(ROOT, f)).join(", ")}`,
  );
  process.exit(2);
}
ensurePeers();
const node24 = ensureNode24();
const options = {
  node: values.node ? path.resolve(values.node) : process.execPath,
  node24,
  quick: Boolean(values.quick),
  reps: values.reps ? Number(values.reps) : null,
  only: values.only ? values.only.split(",") : null,
  json: values.json ? path.resolve(values.json) : null,
  action,
  cli,
};

options.nodeVersion = execFileSync(options.node, ["--version"], { encoding: "utf8" }).trim();

const server = await startServer(options.node);
const started = Date.now();
try {
  const results = await runCases(server, options, (line) => console.log(line));
  const report = renderReport(results, { ...options, seconds: (Date.now() - started) / 1000 });
  console.log(`\n${report}`);
  if (options.json) {
    await writeFile(options.json, `${JSON.stringify({ report, results }, null, 1)}\n`);
    console.log(`\n(raw samples in ${options.json})`);
  }
} finally {
  server.stop();
}
