import { readdir } from "node:fs/promises";
import path from "node:path";
import type { StateSettings } from "../pipeline/run-state.js";
import { folderStateBytes } from "../pipeline/state-folder.js";
import { stateStore } from "../pipeline/state-store.js";
import type { CliIO } from "./io.js";

/** The run options that touch saved state. */
export interface StateOptions {
  state?: string;
  resume?: boolean;
  "approved-by"?: string;
  "run-id"?: string;
}

/**
 * `--state DIR` saves each run's state in DIR (sealed when MGMT_STATE_KEY is set);
 * `--resume` resumes the run given by `--run-id`, or the only run with a state in DIR,
 * approved by the person `--approved-by` names: outside GitHub, the command line is where
 * the approval is recorded, and a waiting gate is not resumed without it.
 */
export async function cliState(
  options: StateOptions,
  io: CliIO,
): Promise<{ ok: true; state: StateSettings | null; runId: string | null } | { ok: false; error: string }> {
  const dir = options.state;
  if (!dir) {
    if (options.resume)
      return { ok: false, error: "--resume needs --state DIR: the folder the parked run saved its state in" };
    return { ok: true, state: null, runId: null };
  }
  if (options["approved-by"] !== undefined && !options.resume)
    return { ok: false, error: "--approved-by goes with --resume" };
  let runId: string | null = null;
  if (options.resume) {
    const found = options["run-id"] ?? (await onlyRunIn(dir));
    if (typeof found !== "string") return { ok: false, error: found.error };
    runId = found;
  }
  const approvedBy = options["approved-by"];
  const state: StateSettings = {
    store: stateStore(folderStateBytes(dir), io.env.MGMT_STATE_KEY || null),
    resume: options.resume
      ? {
          runId,
          approval: async () =>
            approvedBy
              ? { ok: true, approval: { by: approvedBy, comment: "" } }
              : {
                  ok: false,
                  why: "a gate waits for a person's review: name who approves with --approved-by NAME",
                },
        }
      : null,
    replay: false,
    notice: (text) => io.err(`mgmt: ${text}`),
    warning: (text) => io.err(`mgmt: warning: ${text}`),
  };
  return { ok: true, state, runId };
}

/** The one run id with a state in the folder (any workflow), or why there is not one. */
async function onlyRunIn(dir: string): Promise<string | { error: string }> {
  const workflows = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const ids = new Set<string>();
  for (const folder of workflows.filter((entry) => entry.isDirectory())) {
    const files = await readdir(path.join(dir, folder.name)).catch(() => []);
    for (const file of files) if (file.endsWith(".state")) ids.add(file.slice(0, -".state".length));
  }
  if (ids.size === 1) return [...ids][0] as string;
  if (ids.size === 0) return { error: `no saved run in ${dir} to resume` };
  return {
    error: `several runs are saved in ${dir}: say which with --run-id (${[...ids].sort().join(", ")})`,
  };
}
