import { spawn } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runnerEnv } from "../../scripts/runner-env.mjs";
import { collect } from "./collect.js";
import { tempDir } from "./temp-dir.js";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const ACTION = path.join(ROOT, "dist/index.js");

/** Node to run the bundle with: MGMT_TEST_NODE (e.g. Node 24 in CI) or this one. */
export const NODE = process.env.MGMT_TEST_NODE || process.execPath;

export interface ActionRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
  runnerTemp: string;
}

export interface ActionCall {
  /** Inputs by their action.yml names (`workflow-id`, not `WORKFLOW_ID`). */
  inputs?: Record<string, string>;
  event?: { name: string; payload: unknown };
  /** Files to create in the workspace, by relative path. */
  files?: Record<string, string>;
  env?: Record<string, string>;
  /** Options for node itself, before the script (e.g. `--import`). */
  nodeArgs?: string[];
  /** The script to run instead of dist/index.js (a patched copy, say). */
  script?: string;
  /** Called once the process is running (to send it a signal, say). */
  onSpawn?: (child: ReturnType<typeof spawn>) => void;
}

/**
 * A fresh workspace as the runner lays it out: workspace, RUNNER_TEMP, event, summary and
 * output files; removed when the test finishes.
 */
export async function makeWorkspace(files: Record<string, string> = {}) {
  const base = await tempDir("mgmt-e2e-");
  const workspace = path.join(base, "workspace");
  const runnerTemp = path.join(base, "temp");
  await mkdir(workspace, { recursive: true });
  await mkdir(runnerTemp, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(workspace, name)), { recursive: true });
    await writeFile(path.join(workspace, name), text);
  }
  return { base, workspace, runnerTemp };
}

/** Runs dist/index.js as GitHub's runner does, and reads back what it wrote. */
export async function runAction(call: ActionCall = {}): Promise<ActionRun> {
  const { base, workspace, runnerTemp } = await makeWorkspace(call.files);
  const eventPath = path.join(base, "event.json");
  const summaryPath = path.join(base, "summary.md");
  const outputPath = path.join(base, "output.txt");
  await writeFile(eventPath, JSON.stringify(call.event?.payload ?? {}));
  // The runner creates these files before the step; core fails without them.
  await writeFile(summaryPath, "");
  await writeFile(outputPath, "");
  const env = {
    ...runnerEnv({
      workspace,
      runnerTemp,
      eventName: call.event?.name ?? "workflow_dispatch",
      eventPath,
      summaryPath,
      outputPath,
      inputs: call.inputs,
    }),
    // The test's temp folder, so that whatever the action leaves there is caught.
    TMPDIR: tmpdir(),
    ...call.env,
  };
  const child = spawn(NODE, [...(call.nodeArgs ?? []), call.script ?? ACTION], {
    cwd: workspace,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const ended = collect(child);
  call.onSpawn?.(child);
  return {
    ...(await ended),
    outputs: parseOutputFile(await readFile(outputPath, "utf8")),
    summary: await readFile(summaryPath, "utf8"),
    workspace,
    runnerTemp,
  };
}

/** Reads `name<<DELIMITER … DELIMITER` blocks, as the runner does. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? "");
    if (!match) continue;
    const [, name, delimiter] = match;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] as string);
    outputs[name as string] = value.join("\n");
  }
  return outputs;
}
