// The checks of a release that can run anywhere: the tag, package.json's version, the
// CHANGELOG's notes and a fresh dist/. The release workflow calls the CLI at the bottom;
// tests call the functions. Node builtins only, so no `npm ci` is needed to run it.
import { execFileSync } from "node:child_process";
import { appendFileSync, readFileSync } from "node:fs";
import path from "node:path";

// semver 2.0 without build metadata (npm drops it from versions): numbers without leading
// zeros, prerelease identifiers of [0-9A-Za-z-] with no leading zeros in numeric ones.
const NUMBER = "0|[1-9]\\d*";
const IDENTIFIER = `(?:${NUMBER}|\\d*[A-Za-z-][0-9A-Za-z-]*)`;
const TAG = new RegExp(
  `^v(${NUMBER})\\.(${NUMBER})\\.(${NUMBER})(?:-(${IDENTIFIER}(?:\\.${IDENTIFIER})*))?$`,
);

/**
 * A release tag read as a version: `v1.2.3` → { version: "1.2.3", major: "v1",
 * prerelease: null }; `v1.2.3-rc.1` → prerelease "rc.1". Anything else → { error }.
 * @param {string} tag
 */
export function parseTag(tag) {
  const match = TAG.exec(tag);
  if (!match) {
    return {
      error: `"${tag}" is not a release tag: expected vMAJOR.MINOR.PATCH (v1.2.3), optionally with a prerelease suffix (v1.2.3-rc.1)`,
    };
  }
  const [, major, minor, patch, prerelease] = match;
  return {
    tag,
    version: tag.slice(1),
    major: `v${major}`,
    numbers: [Number(major), Number(minor), Number(patch)],
    prerelease: prerelease ?? null,
  };
}

/**
 * Why the tag cannot release this package.json, or null when its version is the tag's.
 * @param {{ tag: string, version: string }} release
 * @param {string} packageVersion
 */
export function checkVersion(release, packageVersion) {
  if (release.version === packageVersion) return null;
  return (
    `tag ${release.tag} does not match package.json's version ${packageVersion}: ` +
    `delete the tag, run "npm version ${release.version}" (it sets the version, commits and tags) and push again`
  );
}

/**
 * Where this release stands among the repository's other tags: whether it is the newest
 * stable release of its major (then `vX` moves to it) and of all (then it is "latest" on
 * GitHub and npm). A prerelease is neither; a backport (v1.2.4 after v1.3.0) moves nothing.
 * @param {{ numbers: number[], major: string, prerelease: string | null }} release
 * @param {readonly string[]} tags
 */
export function placeAmong(release, tags) {
  if (release.prerelease !== null) return { newestOfMajor: false, newest: false };
  const newer = tags
    .map(parseTag)
    .filter((other) => "numbers" in other && other.prerelease === null)
    .filter((other) => compareNumbers(other.numbers, release.numbers) > 0);
  return {
    newestOfMajor: !newer.some((other) => other.major === release.major),
    newest: newer.length === 0,
  };
}

/** @param {number[]} a @param {number[]} b */
function compareNumbers(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * The npm dist-tag to publish under: `next` for a prerelease (npm 11 insists on one),
 * `latest` for the newest release, `latest-1` for a backport to major 1 (so that `npm i`
 * does not go back to it).
 * @param {{ major: string, prerelease: string | null }} release
 * @param {{ newest: boolean }} place
 */
export function npmTag(release, place) {
  if (release.prerelease !== null) return "next";
  return place.newest ? "latest" : `latest-${release.major.slice(1)}`;
}

/**
 * The body of CHANGELOG.md's `## [version]` section (Keep a Changelog), without its
 * heading and link definitions. A prerelease without a section of its own takes the
 * `[Unreleased]` one. Missing or empty → { error }.
 * @param {string} changelog
 * @param {string} version
 */
export function changelogSection(changelog, version) {
  const notes = sectionBody(changelog, version);
  if (notes === null && version.includes("-")) {
    const unreleased = sectionBody(changelog, "Unreleased");
    if (unreleased) return { notes: unreleased };
  }
  if (notes === null) {
    return {
      error: `CHANGELOG.md has no "## [${version}]" section: move the notes under [Unreleased] into one before tagging`,
    };
  }
  if (notes === "") return { error: `CHANGELOG.md's section for ${version} is empty: say what changed` };
  return { notes };
}

/** @param {string} changelog @param {string} name @returns {string | null} */
function sectionBody(changelog, name) {
  const lines = changelog.split(/\r?\n/);
  let start = -1;
  let end = lines.length;
  let fenced = false;
  for (const [i, line] of lines.entries()) {
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced || !/^##\s/.test(line)) continue;
    if (start >= 0) {
      end = i;
      break;
    }
    if (headingName(line) === name) start = i + 1;
  }
  if (start < 0) return null;
  return lines
    .slice(start, end)
    .filter((line) => !/^\[[^\]]+\]:\s/.test(line))
    .join("\n")
    .trim();
}

/** `## [1.2.3] - 2026-12-01`, `## 1.2.3`, `## [v1.2.3]` → 1.2.3. @param {string} heading */
function headingName(heading) {
  const name = /^##\s+\[?([^\]\s]+)\]?/.exec(heading)?.[1] ?? "";
  return /^v\d/.test(name) ? name.slice(1) : name;
}

/**
 * Rebuilds dist/ with `npm run bundle` (which clears it first) and returns the lines of
 * `git status --porcelain dist`: empty when the committed dist/ is what the sources build.
 * @param {string} cwd
 */
export function distChanges(cwd) {
  // stdout to stderr: the caller's stdout is for results.
  execFileSync("npm", ["run", "bundle"], { cwd, stdio: ["ignore", 2, 2] });
  const status = execFileSync("git", ["status", "--porcelain", "--untracked-files=all", "dist"], {
    cwd,
    encoding: "utf8",
  });
  return status.split("\n").filter((line) => line !== "");
}

/** The repository's tags, or none where there is no git or no repository. @param {string} cwd */
function gitTags(cwd) {
  try {
    const out = execFileSync("git", ["tag", "--list"], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return out.split("\n").filter((line) => line !== "");
  } catch {
    return [];
  }
}

const USAGE = `usage:
  node scripts/release-check.mjs tag <vX.Y.Z[-pre]>   check the tag against package.json; print
                                                       tag, version, major, prerelease, move-major,
                                                       latest, npm-tag (also to $GITHUB_OUTPUT)
  node scripts/release-check.mjs notes <X.Y.Z[-pre]>  print CHANGELOG.md's section for the version
  node scripts/release-check.mjs dist                 rebuild dist/; fail if it differs from git's`;

/**
 * The CLI: 0 when the check passes, 1 when it fails, 2 on a usage error.
 * @param {string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv, out: (text: string) => void, err: (text: string) => void }} io
 */
export function main([mode, value, ...rest], io) {
  const fail = (/** @type {string} */ message) => {
    // On a runner the message becomes an annotation on the run's page.
    io.err(io.env.GITHUB_ACTIONS === "true" ? `::error::${message}` : message);
    return 1;
  };
  const needsValue = mode === "tag" || mode === "notes";
  if (
    rest.length > 0 ||
    !["tag", "notes", "dist"].includes(mode ?? "") ||
    needsValue !== (value !== undefined)
  ) {
    io.err(USAGE);
    return 2;
  }
  if (mode === "tag") {
    const release = parseTag(value ?? "");
    if ("error" in release) return fail(release.error);
    const pkg = JSON.parse(readFileSync(path.join(io.cwd, "package.json"), "utf8"));
    const mismatch = checkVersion(release, pkg.version);
    if (mismatch) return fail(mismatch);
    const place = placeAmong(release, gitTags(io.cwd));
    const outputs = {
      tag: release.tag,
      version: release.version,
      major: release.major,
      prerelease: String(release.prerelease !== null),
      "move-major": String(place.newestOfMajor),
      latest: String(place.newest),
      "npm-tag": npmTag(release, place),
    };
    // Every value is checked above (a semver tag or a fixed word): no newline can add an output.
    const lines = Object.entries(outputs).map(([key, text]) => `${key}=${text}\n`);
    if (io.env.GITHUB_OUTPUT) appendFileSync(io.env.GITHUB_OUTPUT, lines.join(""));
    io.out(lines.join(""));
    return 0;
  }
  if (mode === "notes") {
    const section = changelogSection(readFileSync(path.join(io.cwd, "CHANGELOG.md"), "utf8"), value ?? "");
    if ("error" in section) return fail(section.error);
    io.out(`${section.notes}\n`);
    return 0;
  }
  let changes;
  try {
    changes = distChanges(io.cwd);
  } catch (error) {
    return fail(`could not rebuild dist/: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (changes.length > 0) {
    return fail(
      `dist/ is not what the sources build: run "npm run bundle" and commit dist/\n${changes.join("\n")}`,
    );
  }
  io.out("dist/ is what the sources build\n");
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const io = {
    cwd: process.cwd(),
    env: process.env,
    out: (/** @type {string} */ text) => process.stdout.write(text),
    err: (/** @type {string} */ text) => process.stderr.write(`${text}\n`),
  };
  // exitCode rather than exit(): let stdout drain when it is a pipe (notes > notes.md).
  process.exitCode = main(process.argv.slice(2), io);
}
