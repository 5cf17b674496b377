// The release checks of scripts/release-check.mjs: as functions, and as the CLI the release
// workflow runs, in a repository of its own (never this checkout: its dist check rebuilds dist/).
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import {
  changelogSection,
  checkVersion,
  npmTag,
  parseTag,
  placeAmong,
  type Release,
} from "../scripts/release-check.mjs";
import { ROOT } from "./helpers/run-action.js";
import { tempDir } from "./helpers/temp-dir.js";

const run = promisify(execFile);
const SCRIPT = path.join(ROOT, "scripts/release-check.mjs");

/** A tag that must parse, for the tests that are about something else. */
function release(tag: string): Release {
  const parsed = parseTag(tag);
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed;
}

describe("parseTag", () => {
  it("reads v1.2.3 as version 1.2.3 of major v1, not a prerelease", () => {
    expect(parseTag("v1.2.3")).toEqual({
      tag: "v1.2.3",
      version: "1.2.3",
      major: "v1",
      numbers: [1, 2, 3],
      prerelease: null,
    });
    expect(release("v10.0.20").major).toBe("v10");
  });

  it("reads v1.2.3-rc.1 as the prerelease rc.1 of 1.2.3", () => {
    expect(parseTag("v1.2.3-rc.1")).toMatchObject({ version: "1.2.3-rc.1", major: "v1", prerelease: "rc.1" });
    expect(release("v2.0.0-beta-2.x7").prerelease).toBe("beta-2.x7");
  });

  it.each([
    "1.2.3",
    "v1.2",
    "v1",
    "v01.2.3",
    "v1.2.3-",
    "v1.2.3-rc..1",
    "v1.2.3-01",
    "v1.2.3+build.5",
    "refs/tags/v1.2.3",
    "v1.2.3\nmajor=v9",
  ])("refuses %j, saying what a release tag looks like", (tag) => {
    expect(parseTag(tag)).toEqual({ error: expect.stringContaining("expected vMAJOR.MINOR.PATCH (v1.2.3)") });
  });
});

describe("checkVersion", () => {
  it("passes when the tag is package.json's version", () => {
    expect(checkVersion(release("v1.2.3-rc.1"), "1.2.3-rc.1")).toBeNull();
  });

  it("names both versions and how to fix it when they differ", () => {
    expect(checkVersion(release("v1.2.4"), "1.2.3")).toBe(
      `tag v1.2.4 does not match package.json's version 1.2.3: delete the tag, run "npm version 1.2.4" (it sets the version, commits and tags) and push again`,
    );
  });
});

describe("where a release stands among the tags (major tag, latest, npm dist-tag)", () => {
  const place = (tag: string, tags: string[]) => {
    const r = release(tag);
    const p = placeAmong(r, tags);
    return { ...p, npmTag: npmTag(r, p) };
  };

  it("the newest release moves vX and is latest; the major tag and other words are ignored", () => {
    expect(place("v1.3.0", ["v1", "v1.0.0", "v1.2.9", "v1.3.0", "nightly"])).toEqual({
      newestOfMajor: true,
      newest: true,
      npmTag: "latest",
    });
  });

  it("a backport (v1.2.4 after v1.3.0) moves nothing and goes to npm as latest-1", () => {
    expect(place("v1.2.4", ["v1.3.0", "v1.2.3"])).toEqual({
      newestOfMajor: false,
      newest: false,
      npmTag: "latest-1",
    });
  });

  it("v1.5.0 after v2.0.0 moves v1 but is not latest", () => {
    expect(place("v1.5.0", ["v1.4.0", "v2.0.0"])).toEqual({
      newestOfMajor: true,
      newest: false,
      npmTag: "latest-1",
    });
  });

  it("a prerelease moves nothing and goes to npm as next; another's prerelease does not hold back a release", () => {
    expect(place("v2.0.0-rc.1", ["v1.9.0"])).toEqual({ newestOfMajor: false, newest: false, npmTag: "next" });
    expect(place("v1.2.4", ["v1.2.3", "v1.3.0-rc.1"])).toMatchObject({ newestOfMajor: true, newest: true });
  });
});

describe("changelogSection", () => {
  const CHANGELOG = [
    "# Changelog",
    "",
    "## [Unreleased]",
    "",
    "- Next thing.",
    "",
    "## [1.2.0] - 2026-12-01",
    "",
    "### Added",
    "",
    "- A thing:",
    "",
    "  ```md",
    "  ## [9.9.9] inside a fence is not a heading",
    "  ```",
    "",
    "## 1.1.0",
    "",
    "- Older.",
    "",
    "## [v1.0.0]",
    "",
    "[Unreleased]: https://example.com/compare/v1.2.0...HEAD",
    "[1.2.0]: https://example.com/releases/tag/v1.2.0",
    "",
  ].join("\n");

  it("returns a version's section without its heading, up to the next version's", () => {
    expect(changelogSection(CHANGELOG, "1.2.0")).toEqual({
      notes: "### Added\n\n- A thing:\n\n  ```md\n  ## [9.9.9] inside a fence is not a heading\n  ```",
    });
    expect(changelogSection(CHANGELOG, "1.1.0")).toEqual({ notes: "- Older." });
  });

  it("a prerelease without a section of its own takes [Unreleased]; a release does not", () => {
    expect(changelogSection(CHANGELOG, "1.3.0-rc.1")).toEqual({ notes: "- Next thing." });
    expect(changelogSection(CHANGELOG, "1.3.0")).toEqual({
      error: `CHANGELOG.md has no "## [1.3.0]" section: move the notes under [Unreleased] into one before tagging`,
    });
  });

  it("a section with nothing but link definitions is an error that names the version", () => {
    expect(changelogSection(CHANGELOG, "1.0.0")).toEqual({
      error: "CHANGELOG.md's section for 1.0.0 is empty: say what changed",
    });
  });

  it("this repository's CHANGELOG.md has notes for package.json's version and an [Unreleased] section", async () => {
    const changelog = await readFile(path.join(ROOT, "CHANGELOG.md"), "utf8");
    const { version } = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as {
      version: string;
    };
    expect(changelogSection(changelog, version)).toHaveProperty("notes");
    expect(changelog).toMatch(/^## \[Unreleased\]$/m);
  });
});

/** Runs the CLI as the workflow does; the exit code, stdout and stderr whatever it ends with. */
async function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const childEnv = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", TMPDIR: tmpdir(), ...env };
  return run(process.execPath, [SCRIPT, ...args], { cwd, env: childEnv }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

/** A git repository in a temp folder holding `files`, committed, with `tags` on that commit. */
async function repository(files: Record<string, string>, tags: string[] = []): Promise<string> {
  const dir = await tempDir("mgmt-release-");
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  const git = (...args: string[]) =>
    run(
      "git",
      ["-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args],
      {
        cwd: dir,
      },
    );
  await git("init", "-q");
  await git("add", "-A");
  await git("commit", "-q", "-m", "release");
  for (const tag of tags) await git("tag", tag);
  return dir;
}

describe("the CLI the release workflow runs", () => {
  it("tag: prints each output and appends them to $GITHUB_OUTPUT, from the repository's tags", async () => {
    const dir = await repository({ "package.json": '{ "version": "1.2.4" }' }, ["v1.2.3", "v1.3.0"]);
    const output = path.join(dir, "github-output");
    await writeFile(output, "earlier=kept\n");
    const result = await cli(["tag", "v1.2.4"], dir, { GITHUB_OUTPUT: output });
    const expected = [
      "tag=v1.2.4",
      "version=1.2.4",
      "major=v1",
      "prerelease=false",
      "move-major=false",
      "latest=false",
      "npm-tag=latest-1",
      "",
    ].join("\n");
    expect(result).toEqual({ code: 0, stdout: expected, stderr: "" });
    expect(await readFile(output, "utf8")).toBe(`earlier=kept\n${expected}`);
  });

  it("tag: one that is not package.json's version fails (exit 1), as an error annotation on a runner", async () => {
    const dir = await repository({ "package.json": '{ "version": "1.2.3" }' });
    const result = await cli(["tag", "v1.2.4"], dir, { GITHUB_ACTIONS: "true" });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^::error::tag v1\.2\.4 does not match package\.json's version 1\.2\.3: /);
  });

  it("tag: one that is no version fails before package.json is read", async () => {
    const dir = await tempDir("mgmt-release-");
    expect(await cli(["tag", "main"], dir)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('"main" is not'),
    });
  });

  it("notes: prints the version's section for --notes-file; a missing one fails", async () => {
    const dir = await tempDir("mgmt-release-");
    await writeFile(
      path.join(dir, "CHANGELOG.md"),
      "# Changelog\n\n## [1.2.3] - 2026-12-01\n\n- Fixed it.\n",
    );
    expect(await cli(["notes", "1.2.3"], dir)).toEqual({ code: 0, stdout: "- Fixed it.\n", stderr: "" });
    expect(await cli(["notes", "1.2.4"], dir)).toMatchObject({
      code: 1,
      stdout: "",
      stderr: expect.stringContaining('no "## [1.2.4]" section'),
    });
  });

  it.each([[[]], [["tag"]], [["dist", "now"]], [["publish", "v1.2.3"]]])(
    "%j is a usage error (exit 2)",
    async (args) => {
      const result = await cli(args, ROOT);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("usage:");
    },
  );

  /** A repository whose `npm run bundle` clears dist/ and copies src/ into it, as ncc's does from src/. */
  const bundled = (src: Record<string, string>, dist: Record<string, string>) =>
    repository({
      "package.json": JSON.stringify({
        name: "bundled",
        version: "1.0.0",
        scripts: { bundle: "node bundle.mjs" },
      }),
      "bundle.mjs": [
        'import { cpSync, rmSync } from "node:fs";',
        'rmSync("dist", { recursive: true, force: true });',
        'cpSync("src", "dist", { recursive: true });',
      ].join("\n"),
      ...Object.fromEntries(Object.entries(src).map(([name, text]) => [`src/${name}`, text])),
      ...Object.fromEntries(Object.entries(dist).map(([name, text]) => [`dist/${name}`, text])),
    });

  it("dist: passes when `npm run bundle` rebuilds the committed dist/", async () => {
    const dir = await bundled({ "index.js": "a" }, { "index.js": "a" });
    const result = await cli(["dist"], dir);
    expect(result.stdout).toBe("dist/ is what the sources build\n");
    expect(result.code).toBe(0);
  });

  it("dist: fails listing each file that changed, went away or is new", async () => {
    const dir = await bundled({ "index.js": "b", "chunks/new.js": "n" }, { "index.js": "a", "old.js": "o" });
    const result = await cli(["dist"], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `dist/ is not what the sources build: run "npm run bundle" and commit dist/`,
    );
    expect(result.stderr).toContain(" M dist/index.js\n");
    expect(result.stderr).toContain(" D dist/old.js\n");
    expect(result.stderr).toContain("?? dist/chunks/new.js\n");
  });
});

describe("package.json, as the release publishes it", () => {
  it("`npx mgmt-action` and `mgmt` run the same CLI; provenance can name this repository", async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as {
      bin: Record<string, string>;
      repository: { url: string };
      publishConfig: Record<string, unknown>;
    };
    expect(pkg.bin).toEqual({ mgmt: "./bin/mgmt.js", "mgmt-action": "./bin/mgmt.js" });
    expect(pkg.repository.url).toBe("git+https://github.com/hms/mgmt-action.git");
    expect(pkg.publishConfig).toEqual({ access: "public", provenance: true });
  });
});
