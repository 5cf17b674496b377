import type { Problem } from "./problem.js";
import { type EndpointMap, EndpointsFile } from "./schema.js";
import { parseSource, type Source } from "./source.js";
import { zodProblems } from "./zod-problems.js";

/** An endpoints map and the file it came from, so problems can point into it. */
export interface EndpointsSource {
  endpoints: EndpointMap;
  source: Source;
  /** Where the map sits in the file: `["endpoints"]` in an endpoints file. */
  base: Array<string | number>;
  /** The file's bytes as text: part of each definition's digest. */
  text: string;
}

export function parseEndpointsFile(
  file: string,
  text: string,
): { ok: true; value: EndpointsSource } | { ok: false; problems: Problem[] } {
  const parsed = parseSource(file, text);
  if (!parsed.ok) return parsed;
  const result = EndpointsFile.safeParse(parsed.source.value);
  if (!result.success)
    return { ok: false, problems: zodProblems(parsed.source, result.error.issues, EndpointsFile) };
  return {
    ok: true,
    value: { endpoints: result.data.endpoints, source: parsed.source, base: ["endpoints"], text },
  };
}

/** The problems of one endpoint's URL, or none: http(s), no credentials, query or fragment. */
export function urlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return "must be an http or https URL";
  if (parsed.username || parsed.password) {
    return "must not carry user:password (put credentials in `headers`, from env)";
  }
  if (parsed.search || url.includes("?")) return "must not have a query string";
  if (parsed.hash || url.includes("#")) return "must not have a fragment";
  return undefined;
}
