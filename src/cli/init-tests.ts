import path from "node:path";
import { TESTS_FOLDER } from "../definition/test-file.js";
import { testFiles } from "../pipeline/run-tests.js";

/**
 * The test files under `<folder>/tests`, relative to it with `/` separators and sorted;
 * empty when there is no such folder. `mgmt init` writes a pull_request test job when there are any.
 */
export async function findTestFiles(folder: string): Promise<string[]> {
  const root = path.join(folder, TESTS_FOLDER);
  const files = await testFiles(root);
  return files.map((file) => path.relative(root, file).split(path.sep).join("/")).sort();
}

/** The test job's `if`: it runs on pull requests only. */
export const ON_PULL_REQUEST = "github.event_name == 'pull_request'";

/** What keeps a job off pull requests: they run the tests, never the workflows (and see no secrets). */
const NOT_ON_PULL_REQUEST = "github.event_name != 'pull_request'";

/** The `paths:` of the pull_request trigger: a change to the folder, its tests and endpoints included. */
export function pullRequestPaths(folder: string): string[] {
  return [folder === "." ? "**" : `${folder}/**`];
}

/** Each job, its `if` (if any) joined with NOT_ON_PULL_REQUEST; in place where it had one, else first. */
export function offPullRequests<J extends { if?: string }>(jobs: Record<string, J>): Record<string, J> {
  return Object.fromEntries(
    Object.entries(jobs).map(([name, job]) => {
      const guarded = bothIf(NOT_ON_PULL_REQUEST, job.if);
      return [name, job.if === undefined ? { if: guarded, ...job } : { ...job, if: guarded }];
    }),
  );
}

/** `first && second` as a job's `if`, keeping `${{ }}` when the second has it (one starting with `!` needs it). */
function bothIf(first: string, second: string | undefined): string {
  if (second === undefined) return first;
  const wrapped = /^\$\{\{\s*(.*?)\s*\}\}$/s.exec(second);
  const inner = wrapped?.[1] ?? second;
  // An `||` outside parentheses binds looser than `&&`: keep it together.
  const joined = `${first} && ${/\|\|/.test(inner.replace(/\([^()]*\)/g, "")) ? `(${inner})` : inner}`;
  return wrapped ? `\${{ ${joined} }}` : joined;
}
