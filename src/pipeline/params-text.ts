import { parse } from "yaml";

/** Params given as text (the `params` input): a JSON or YAML object, or nothing. */
export function parseParamsText(
  text: string,
): { ok: true; params: Record<string, unknown> } | { ok: false; error: string } {
  if (text.trim() === "") return { ok: true, params: {} };
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: 100, uniqueKeys: true });
  } catch (error) {
    return {
      ok: false,
      error: `params is not valid JSON or YAML: ${(error as Error).message.split("\n")[0]}`,
    };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, error: "params must be an object of name: value pairs (JSON or YAML)" };
  }
  return { ok: true, params: value as Record<string, unknown> };
}

/** `--param k=v`: the value stays a string. */
export function parseParamPair(
  pair: string,
): { ok: true; key: string; value: string } | { ok: false; error: string } {
  const at = pair.indexOf("=");
  if (at <= 0) return { ok: false, error: `--param takes key=value, got "${pair}"` };
  return { ok: true, key: pair.slice(0, at), value: pair.slice(at + 1) };
}
