export interface Release {
  tag: string;
  version: string;
  major: string;
  numbers: [number, number, number];
  prerelease: string | null;
}
export function parseTag(tag: string): Release | { error: string };
export function checkVersion(
  release: Pick<Release, "tag" | "version">,
  packageVersion: string,
): string | null;
export function placeAmong(
  release: Pick<Release, "numbers" | "major" | "prerelease">,
  tags: readonly string[],
): { newestOfMajor: boolean; newest: boolean };
export function npmTag(release: Pick<Release, "major" | "prerelease">, place: { newest: boolean }): string;
export function changelogSection(changelog: string, version: string): { notes: string } | { error: string };
export function distChanges(cwd: string): string[];
export function main(
  args: string[],
  io: { cwd: string; env: NodeJS.ProcessEnv; out: (text: string) => void; err: (text: string) => void },
): number;
