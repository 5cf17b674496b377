// Profiles mgmt on one bench workload: runs the action (or the CLI) under `node --cpu-prof`
// against the bench server, then sums self time per function and per file from the
// .cpuprofile (JSON: nodes with callFrames, samples, timeDeltas) and prints the top.
// Usage: node bench/profile.mjs [--target action|cli|fetch] [--tasks N] [--delay MS] [--fan-out]
//        [--dry-run] [--top N] [--action FILE] [--cli FILE] [--node PATH] [--keep]
//        [--callers NAME] (where the self time of functions named NAME comes from: their stacks)
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { measure } from "./measure.mjs";
import { startServer } from "./server-process.mjs";
import { ACTION, CLI, removeWorkload, toolsFor, writeWorkload } from "./tools.mjs";

const { values } = parseArgs({
  options: {
    target: { type: "string", default: "action" },
    tasks: { type: "string", default: "1000" },
    delay: { type: "string", default: "0" },
    "fan-out": { type: "boolean" },
    "dry-run": { type: "boolean" },
    top: { type: "string", default: "30" },
    action: { type: "string" },
    cli: { type: "string" },
    node: { type: "string" },
    keep: { type: "boolean" },
    callers: { type: "string" },
  },
});

const node = values.node ? path.resolve(values.node) : process.execPath;
const server = await startServer(node);
const fanOut = Boolean(values["fan-out"]);
const load = {
  base: server.base,
  tasks: Number(values.tasks),
  delayMs: Number(values.delay),
  fanOut,
  concurrency: fanOut ? 20 : undefined,
};
const dir = await writeWorkload(load);
const profileDir = await mkdtemp(path.join(tmpdir(), "mgmt-bench-prof-"));
try {
  const tools = toolsFor(dir, load, node, {
    dryRun: Boolean(values["dry-run"]),
    action: values.action ? path.resolve(values.action) : ACTION,
    cli: values.cli ? path.resolve(values.cli) : CLI,
  });
  const names = { action: "mgmt action", cli: "mgmt CLI", fetch: "fetch loop" };
  const tool = tools[names[values.target]];
  if (!tool) throw new Error(`--target is one of ${Object.keys(names).join(", ")}`);
  await tool.prepare?.();
  const run = { ...tool.run, args: ["--cpu-prof", "--cpu-prof-dir", profileDir, ...tool.run.args] };
  const outcome = await measure(run);
  const problem = tool.check(outcome);
  console.log(
    `${values.target}, ${load.tasks} tasks: ${outcome.ms.toFixed(0)} ms wall${problem ? `, FAILED: ${problem}` : ""}`,
  );
  const [file] = (await readdir(profileDir)).filter((f) => f.endsWith(".cpuprofile"));
  const profile = JSON.parse(await readFile(path.join(profileDir, file), "utf8"));
  printSelfTimes(profile, Number(values.top));
  if (values.callers) printCallers(profile, values.callers, Number(values.top));
  if (values.keep) console.log(`profile kept: ${path.join(profileDir, file)}`);
} finally {
  server.stop();
  await removeWorkload(dir);
  if (!values.keep) await rm(profileDir, { recursive: true, force: true });
}

/** Self time of each sample is its timeDelta; summed by function (name, file, line) and by file. */
function printSelfTimes(profile, top) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map();
  const byFile = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    total += micros;
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const where = url ? `${shorten(url)}:${lineNumber + 1}` : "";
    const fn = `${functionName || "(anonymous)"} ${where}`.trim();
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
    const fileKey = url ? shorten(url) : functionName;
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + micros);
  });
  const show = (title, map) => {
    console.log(`\n${title} (of ${(total / 1000).toFixed(0)} ms sampled)`);
    for (const [name, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(
        `${(micros / 1000).toFixed(1).padStart(9)} ms ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${name}`,
      );
    }
  };
  show("self time by function", byFunction);
  show("self time by file", byFile);
}

function shorten(url) {
  return url.replace(/^file:\/\//, "").replace(`${path.resolve(import.meta.dirname, "..")}/`, "");
}

/** Self time of the functions named `name`, by the chain of their callers (innermost first). */
function printCallers(profile, name, top) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);
  const frame = (n) => {
    const { functionName, url, lineNumber } = n.callFrame;
    return `${functionName || "(anonymous)"}${url ? ` ${shorten(url)}:${lineNumber + 1}` : ""}`;
  };
  const stacks = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    if (node.callFrame.functionName !== name) return;
    const chain = [];
    for (let up = parents.get(id); up !== undefined && chain.length < 8; up = parents.get(up))
      chain.push(frame(nodes.get(up)));
    const key = chain.join("\n      <- ");
    stacks.set(key, (stacks.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
    total += profile.timeDeltas[i] ?? 0;
  });
  console.log(`\n${name}: ${(total / 1000).toFixed(1)} ms of self time, by caller chain`);
  for (const [key, micros] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(micros / 1000).toFixed(1).padStart(9)} ms  <- ${key}`);
  }
}
