import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { StateBytes } from "./state-store.js";

/**
 * States in a folder (the CLI's `--state DIR`, the library's `state` option): one file per
 * workflow and run, `{dir}/{workflow}/{run id}.state`, each save replacing it whole (written
 * beside it, then renamed, so a crash never leaves half a state).
 */
export function folderStateBytes(dir: string): StateBytes {
  const fileOf = (workflow: string, runId: string) =>
    path.join(dir, safeName(workflow), `${safeName(runId)}.state`);
  return {
    async load(workflow, runId) {
      try {
        return { kind: "found", bytes: await readFile(fileOf(workflow, runId)) };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return code === "ENOENT" ? { kind: "missing" } : { kind: "unreadable", why: String(error) };
      }
    },
    async save(workflow, runId, bytes) {
      const file = fileOf(workflow, runId);
      try {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(`${file}.tmp`, bytes);
        await rename(`${file}.tmp`, file);
        return { ok: true };
      } catch (error) {
        return {
          ok: false,
          why: `cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
    },
  };
}

/** Ids are letters, digits, `_ . -` already; a run id given on the command line may not be. */
function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, "_").replace(/^\.+/, "_");
}
