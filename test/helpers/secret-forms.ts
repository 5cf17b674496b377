// Looking for a secret wherever a run leaves text, in every form it can take there. Written
// apart from src/report/redact.ts on purpose: a test that used the code's own list of forms
// could not catch a form the code forgot.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { marked } from "marked";
import type { ActionRun } from "./run-action.js";

/** A secret of 39 characters: `/` and `"` change under JSON, URL and base64 encodings, the space run under collapsing. */
export const CANARY = 'Zq9/"k3  Lm8/x"Tp4Vw7/Rb2"Yc5Hn6/Jd1Qs8';

/** Text as JSON writes it inside a string. */
const jsonEscaped = (text: string) => JSON.stringify(text).slice(1, -1);

/** The base64 characters that belong to the secret alone when `offset` bytes precede it in a blob. */
function base64Cores(secret: string, offset: number): string[] {
  const bytes = Buffer.concat([Buffer.alloc(offset, 0x41), Buffer.from(secret)]);
  const core = bytes
    .toString("base64")
    .slice(Math.ceil((offset * 8) / 6), Math.floor((bytes.length * 8) / 6));
  return [core, core.replaceAll("+", "-").replaceAll("/", "_")];
}

/**
 * The forms a secret takes once an endpoint has echoed it, then once those are written
 * inside JSON (the results file, a code block) once or twice: as it is, whitespace collapsed,
 * JSON-escaped (also `\/`, also then collapsed), URL-encoded (also `+` and lower-case hex), base64 at each alignment.
 */
export function secretForms(secret: string): string[] {
  const url = encodeURIComponent(secret);
  const echoed = [
    secret,
    secret.replace(/\s+/g, " ").trim(),
    jsonEscaped(secret),
    jsonEscaped(secret).replaceAll("/", "\\/"),
    jsonEscaped(secret).replace(/\s+/g, " ").trim(),
    url,
    url.replaceAll("%20", "+"),
    url.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    ...[0, 1, 2].flatMap((offset) => base64Cores(secret, offset)),
  ];
  const once = echoed.map(jsonEscaped);
  return [...new Set([...echoed, ...once, ...once.map(jsonEscaped)])];
}

/**
 * Every run of `length` characters of the secret as it is and collapsed, so that a secret cut
 * in two (an excerpt's end) is still found by its surviving part.
 */
export function secretPieces(secret: string, length = 10): string[] {
  const pieces = new Set<string>();
  for (const form of [secret, secret.replace(/\s+/g, " ").trim()]) {
    for (let i = 0; i + length <= form.length; i++) {
      const piece = form.slice(i, i + length);
      pieces.add(piece);
      pieces.add(jsonEscaped(piece));
    }
  }
  return [...pieces];
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Text with XML/HTML entities decoded, as a reader of the JUnit file or the summary sees it. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X"))
      return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The job summary as a reader sees it once GitHub has rendered the markdown: tags gone, entities decoded. */
export function renderedText(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return decodeEntities(html.replace(/<[^>]*>/g, " "));
}

/** Where the secret shows, each place with the longest form found there: `[]` when it shows nowhere. */
export function secretSightings(
  secret: string,
  places: Record<string, string>,
  options: { pieces?: boolean } = {},
): string[] {
  const wanted = [...secretForms(secret), ...(options.pieces ? secretPieces(secret) : [])].sort(
    (a, b) => b.length - a.length,
  );
  return Object.entries(places).flatMap(([where, text]) => {
    const form = wanted.find((f) => text.includes(f));
    return form === undefined ? [] : [`${where}: ${JSON.stringify(form)}`];
  });
}

/** A step's stdout without the lines that register masks: the one place a secret must appear. */
export function withoutMaskLines(stdout: string): string {
  return stdout
    .split("\n")
    .filter((line) => !line.startsWith("::add-mask::"))
    .join("\n");
}

/**
 * Every place a run leaves text, by name, for {@link secretSightings}: the summary (as written
 * and as rendered), each output, the results file, the JUnit file when asked for (as written
 * and decoded), stdout less its mask lines, and stderr.
 */
export async function placesOf(run: ActionRun, junitFile?: string): Promise<Record<string, string>> {
  const places: Record<string, string> = {
    summary: run.summary,
    "summary (rendered)": renderedText(run.summary),
    stdout: withoutMaskLines(run.stdout),
    stderr: run.stderr,
  };
  for (const [name, value] of Object.entries(run.outputs)) places[`output ${name}`] = value;
  const resultsFile = run.outputs["results-file"];
  if (resultsFile) places["results file"] = await readFile(resultsFile, "utf8");
  if (junitFile) {
    const junit = await readFile(path.join(run.workspace, junitFile), "utf8");
    places.junit = junit;
    places["junit (decoded)"] = decodeEntities(junit);
  }
  return places;
}
