// `npm run bench`: mgmt side by side with a plain fetch() loop, Step CI and Newman on the
// same loopback endpoint. Tools alternate within every repetition (the order rotates), so
// a slow moment of the machine does not land on one tool. Prints medians and ratios.
// Options: --quick (fewer repetitions), --reps N, --only seq200,seq1000,fanout,cold,rss10k,
// --node PATH (the Node every tool runs on; default this one), --json FILE (raw samples),
// --build label:ACTION_FILE:CLI_FILE, repeatable (compare builds of the action and CLI, e.g.
// before and after a change; without it, this tree's dist/index.js and bin/mgmt.js).

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
    build: { type: "string", multiple: true },
  },
});

// --build label:ACTION:CLI (repeatable) compares builds side by side; default: this tree's.
const builds = (values.build ?? []).map((spec) => {
  const [label, action, cli] = spec.split(":");
  if (!label || !action || !cli) throw new Error(`--build wants label:action-file:cli-file, got "${spec}"`);
  return { label, action: path.resolve(action), cli: path.resolve(cli) };
});
if (builds.length === 0) builds.push({ label: null, action: ACTION, cli: CLI });
const missing = builds.flatMap((b) => missingBuilds(b.action, b.cli));
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
  builds,
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
