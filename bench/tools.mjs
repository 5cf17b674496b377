// How each tool is started on one workload, and how its run is checked afterwards. Every
// tool runs as its own process, from spawn to exit, under the same Node.
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runnerEnv } from "../scripts/runner-env.mjs";
import { mgmtEndpoints, mgmtWorkflow, newmanCollection, stepciWorkflow } from "./workflows.mjs";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const PEERS = path.join(ROOT, "bench/.peers");
export const ACTION = path.join(ROOT, "dist/index.js");
export const CLI = path.join(ROOT, "bin/mgmt.js");
const FETCH_LOOP = path.join(ROOT, "bench/fetch-loop.mjs");

/** A package's bin script, run with our Node rather than whatever `#!/usr/bin/env node` finds. */
export function peerBin(name) {
  const dir = path.join(PEERS, "node_modules", name);
  const { bin } = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  return path.join(dir, typeof bin === "string" ? bin : bin[name]);
}

const baseEnv = () => ({ PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1" });

/** The runner's environment for a step, as the end-to-end tests lay it out. */
function stepEnv(dir, inputs) {
  return { ...runnerEnv({ ...dir, eventName: "workflow_dispatch", inputs }), NO_COLOR: "1" };
}

/**
 * Writes one workload for every tool into a fresh folder.
 * @param {{ base: string, tasks: number, delayMs: number, fanOut?: boolean, concurrency?: number, peers?: boolean }} load
 */
export async function writeWorkload(load) {
  const dir = await mkdtemp(path.join(tmpdir(), "mgmt-bench-"));
  const workspace = path.join(dir, "workspace");
  const runnerTemp = path.join(dir, "temp");
  await mkdir(workspace, { recursive: true });
  await mkdir(runnerTemp, { recursive: true });
  const paths = {
    dir,
    workspace,
    runnerTemp,
    eventPath: path.join(dir, "event.json"),
    summaryPath: path.join(dir, "summary.md"),
    outputPath: path.join(dir, "output.txt"),
    stepci: path.join(dir, "stepci.yml"),
    newman: path.join(dir, "newman.json"),
  };
  await writeFile(path.join(workspace, "bench.json"), JSON.stringify(mgmtWorkflow(load), null, 1));
  await writeFile(path.join(workspace, "endpoints.json"), JSON.stringify(mgmtEndpoints(load.base)));
  await writeFile(paths.eventPath, JSON.stringify({ inputs: {} }));
  if (load.peers) {
    await writeFile(paths.stepci, stepciWorkflow(load.base, load));
    await writeFile(paths.newman, JSON.stringify(newmanCollection(load.base, load)));
  }
  return paths;
}

export const removeWorkload = (dir) => rm(dir.dir, { recursive: true, force: true });

/**
 * The tools, each `{ prepare(), run: {command,args,cwd,env}, check(outcome) -> string|null }`.
 * `check` returns what went wrong, or null.
 */
export function toolsFor(
  dir,
  load,
  node,
  { dryRun = false, cliJson = false, action = ACTION, cli = CLI } = {},
) {
  const resultsFile = path.join(dir.runnerTemp, "mgmt-results.json");
  const exited = (outcome) =>
    outcome.timedOut
      ? "timed out"
      : outcome.code === 0
        ? null
        : `exit ${outcome.code ?? outcome.signal}: ${(outcome.stderr || outcome.stdout).trim().slice(-400)}`;
  const inputs = {
    workflow: "bench.json",
    endpoints: "endpoints.json",
    ...(dryRun ? { "dry-run": "true" } : {}),
  };
  return {
    "fetch loop": {
      run: {
        command: node,
        args: [
          FETCH_LOOP,
          load.base,
          String(load.tasks),
          String(load.delayMs),
          ...(load.fanOut ? [String(load.concurrency)] : []),
        ],
        env: baseEnv(),
      },
      check: exited,
      runDurationMs: async (outcome) => Number(/ in (\d+) ms/.exec(outcome.stdout)?.[1]),
    },
    "mgmt action": {
      // The runner creates these files fresh for every step.
      prepare: async () => {
        await writeFile(dir.summaryPath, "");
        await writeFile(dir.outputPath, "");
        await rm(resultsFile, { force: true });
      },
      run: { command: node, args: [action], cwd: dir.workspace, env: stepEnv(dir, inputs) },
      check: (outcome) => {
        const failed = exited(outcome);
        if (failed || dryRun) return failed;
        const status = /^status<<(.+)\n(.*)\n/m.exec(readFileSync(dir.outputPath, "utf8"));
        return status?.[2] === "success" ? null : `status output: ${status?.[2] ?? "none"}`;
      },
      runDurationMs: async () => JSON.parse(await readFile(resultsFile, "utf8")).runs[0].durationMs,
    },
    "mgmt CLI": {
      run: {
        command: node,
        args: [
          cli,
          "run",
          "bench.json",
          "--endpoints",
          "endpoints.json",
          ...(cliJson ? ["--json"] : []),
          ...(dryRun ? ["--dry-run"] : []),
        ],
        cwd: dir.workspace,
        env: baseEnv(),
      },
      check: exited,
      runDurationMs: async (outcome) => JSON.parse(outcome.stdout).runs[0].durationMs,
    },
    "Step CI": {
      run: {
        command: node,
        args: [peerBin("stepci"), "run", dir.stepci],
        cwd: dir.dir,
        // Without this each run waits on a telemetry call that cannot get out (TOOLCHAIN.md).
        env: { ...baseEnv(), STEPCI_DISABLE_ANALYTICS: "1" },
      },
      check: exited,
    },
    Newman: {
      run: { command: node, args: [peerBin("newman"), "run", dir.newman], cwd: dir.dir, env: baseEnv() },
      check: exited,
    },
  };
}

/** What must be built before the bench runs: the bundle and the library build the CLI loads. */
export const missingBuilds = (action, cli) =>
  [action, cli === CLI ? path.join(ROOT, "lib/cli.js") : cli].filter((f) => !existsSync(f));
