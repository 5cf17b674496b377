import { realpathSync } from "node:fs";
import { mkdir, readFile, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { StateSave } from "../engine/state.js";
import type { StateBytes } from "../pipeline/state-store.js";

type ActionsCache = typeof import("@actions/cache");
type BytesLoad = Awaited<ReturnType<StateBytes["load"]>>;

export interface CacheStateSettings {
  /** GITHUB_JOB: the job's id in the workflow file; part of each key. */
  job: string;
  /** GITHUB_RUN_ATTEMPT, from 1; part of each key. */
  attempt: number;
  /** GITHUB_WORKSPACE, absolute: the runner's working directory, where @actions/cache resolves paths. */
  workspace: string;
  log: { warning(text: string): void; info(text: string): void };
}

/** The folder, relative to the workspace, where a state's file lives only while it is saved or restored. */
const STATE_FOLDER = ".mgmt-state";
/** The runner's ACTIONS_CACHE_MODE values; others (and none) let the library read and write. */
const CACHE_MODES = ["none", "read", "write", "write-only"];

/** Every entry of a workflow's run starts so: a restore by this prefix gets the newest. */
function stateKeyPrefix(workflow: string, runId: string): string {
  return `mgmt-state-v1-${workflow}-${runId}-`;
}

/**
 * The path given to @actions/cache, relative and spelled the same in every job: an entry's
 * version is a hash of the path strings (and the compression), and a restore only matches
 * entries of the same version.
 */
export function statePath(workflow: string): string {
  return `${STATE_FOLDER}/${workflow.replace(/[^\w.-]/g, "_")}.state`;
}

/**
 * States' bytes in the Actions cache, through @actions/cache (loaded on first use). Entries are
 * immutable, so each save is a new key, `{prefix}{attempt}-{job}-{n}`, `n` counting on from
 * the newest entry this store restored or saved for that run. Operations run one at a time:
 * they share the state folder, and `n`.
 */
export function cacheStateBytes(settings: CacheStateSettings): StateBytes {
  const newest = new Map<string, number>();
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const done = queue.then(work);
    queue = done.catch(() => undefined);
    return done;
  };
  return {
    load: (workflow, runId) =>
      serially(async () => {
        const found = await restoreEntry(settings, workflow, runId);
        if (found.kind === "found") {
          const run = `${workflow}\n${runId}`;
          newest.set(run, Math.max(newest.get(run) ?? 0, found.n));
        }
        return found.kind === "found" ? { kind: "found", bytes: found.bytes } : found;
      }),
    save: (workflow, runId, bytes) =>
      serially(() => {
        const run = `${workflow}\n${runId}`;
        const n = (newest.get(run) ?? 0) + 1;
        // Counted whether it is taken or not: a refused key (it exists) is not tried again.
        newest.set(run, n);
        const key = `${stateKeyPrefix(workflow, runId)}${settings.attempt}-${settings.job}-${n}`;
        return saveEntry(settings, key, statePath(workflow), bytes);
      }),
  };
}

async function restoreEntry(
  settings: CacheStateSettings,
  workflow: string,
  runId: string,
): Promise<Exclude<BytesLoad, { kind: "found" }> | { kind: "found"; bytes: Buffer; n: number }> {
  const prefix = stateKeyPrefix(workflow, runId);
  const blocked = modeForbids("restore") ?? workspaceProblem(settings.workspace);
  if (blocked) return { kind: "unreadable", why: blocked };
  const cache = await actionsCache();
  if (typeof cache === "string") return { kind: "unreadable", why: cache };
  const missing = serviceMissing(cache);
  if (missing) return { kind: "unreadable", why: missing };
  const file = statePath(workflow);
  try {
    // The library logs and swallows the service's failures: they come back as no match.
    const matched = await cache.restoreCache([file], prefix, [prefix]);
    if (!matched) return { kind: "missing" };
    const bytes = await readFile(path.join(settings.workspace, file)).catch(() => null);
    if (!bytes) return { kind: "unreadable", why: `the Actions cache entry ${matched} holds no ${file}` };
    settings.log.info(`state restored from the Actions cache entry ${matched}`);
    return { kind: "found", bytes, n: Number(/-(\d+)$/.exec(matched)?.[1] ?? 0) };
  } catch (error) {
    return { kind: "unreadable", why: `the Actions cache could not restore ${prefix}…: ${messageOf(error)}` };
  } finally {
    await removeStateFile(settings, file);
  }
}

async function saveEntry(
  settings: CacheStateSettings,
  key: string,
  file: string,
  bytes: Buffer,
): Promise<StateSave> {
  const blocked = modeForbids("save") ?? workspaceProblem(settings.workspace);
  if (blocked) return { ok: false, why: blocked };
  const cache = await actionsCache();
  if (typeof cache === "string") return { ok: false, why: cache };
  const missing = serviceMissing(cache);
  if (missing) return { ok: false, why: missing };
  const full = path.join(settings.workspace, file);
  try {
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, bytes, { mode: 0o600 });
    const id = await cache.saveCache([file], key);
    if (id >= 0) {
      settings.log.info(`state saved to the Actions cache as ${key}`);
      return { ok: true };
    }
    // saveCache says only -1, and logs why at info level (a refused reservation) or as a warning.
    return {
      ok: false,
      why:
        `the Actions cache did not take ${key}: an entry with that key exists, the limit of about ` +
        `200 new entries a minute per repository was reached, or the service failed (its log says which)`,
    };
  } catch (error) {
    return { ok: false, why: `the Actions cache could not save ${key}: ${messageOf(error)}` };
  } finally {
    await removeStateFile(settings, file);
  }
}

let loading: Promise<ActionsCache> | undefined;

/** The library, or why it did not load; loaded once, on first use, so a run without state pays nothing. */
async function actionsCache(): Promise<ActionsCache | string> {
  loading ??= import("@actions/cache");
  try {
    return await loading;
  } catch (error) {
    return `@actions/cache did not load: ${messageOf(error)}`;
  }
}

/** The runner can forbid a job to read or write the cache; the library then skips with an info line. */
function modeForbids(use: "restore" | "save"): string | null {
  const mode = (process.env.ACTIONS_CACHE_MODE ?? "").trim().toLowerCase();
  const allowed = use === "restore" ? ["read", "write"] : ["write", "write-only"];
  if (!CACHE_MODES.includes(mode) || allowed.includes(mode)) return null;
  return `ACTIONS_CACHE_MODE is '${mode}': this job may not ${use === "restore" ? "restore from" : "save to"} the Actions cache`;
}

function serviceMissing(cache: ActionsCache): string | null {
  if (!cache.isFeatureAvailable()) {
    return "the Actions cache is not available to this job (the runner set no ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL)";
  }
  if (!process.env.ACTIONS_RUNTIME_TOKEN)
    return "the Actions cache needs ACTIONS_RUNTIME_TOKEN, which the runner did not set";
  return null;
}

/**
 * @actions/cache finds the paths from the working directory and archives them relative to
 * GITHUB_WORKSPACE (or the working directory): both must be the workspace the file is written in.
 */
function workspaceProblem(workspace: string): string | null {
  for (const place of [process.cwd(), process.env.GITHUB_WORKSPACE ?? process.cwd()]) {
    if (!samePlace(place, workspace)) {
      return `the Actions cache keeps paths relative to ${place || "(empty)"}, which is not the workspace ${workspace}`;
    }
  }
  return null;
}

function samePlace(a: string, b: string): boolean {
  if (!a || !b) return false;
  try {
    return realpathSync.native(a) === realpathSync.native(b);
  } catch {
    return path.resolve(a) === path.resolve(b);
  }
}

/** Nothing is left in the workspace: the file, then its folder if it is empty. */
async function removeStateFile(settings: CacheStateSettings, file: string): Promise<void> {
  const full = path.join(settings.workspace, file);
  try {
    await rm(full, { force: true });
    await rmdir(path.dirname(full)).catch(() => undefined);
  } catch (error) {
    settings.log.warning(`could not remove the state file ${full}: ${messageOf(error)}`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
