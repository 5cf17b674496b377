import { cutAt, oneLine } from "./text.js";

/** What a secret is replaced by, as GitHub masks it in logs. */
export const MASK = "***";

/** Masks every secret in a text; `longest` is the longest secret's length (0 without secrets). */
export interface Redactor {
  (text: string): string;
  readonly longest: number;
}

/**
 * The ways a secret can stand in text that left the process: as it is, with its whitespace
 * collapsed, JSON-escaped (also with `\/`), URL-encoded (also form-style, and with lower-case
 * hex), and base64 (also URL-safe) at each of the three alignments it can take inside a
 * longer encoded text.
 */
export function secretForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const url = encodeURIComponent(secret);
  const forms = [
    secret,
    secret.replace(/\s+/g, " ").trim(),
    json,
    json.replaceAll("/", "\\/"),
    url,
    url.replaceAll("%20", "+"),
    url.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
    ...[0, 1, 2].flatMap((offset) => base64Forms(secret, offset)),
  ];
  return [...new Set(forms)].filter((form) => form.length > 0);
}

/** The base64 characters that depend on the secret's bytes alone, when `offset` bytes precede it. */
function base64Forms(secret: string, offset: number): string[] {
  const bytes = Buffer.concat([Buffer.alloc(offset), Buffer.from(secret, "utf8")]);
  const from = Math.ceil((offset * 8) / 6);
  const to = Math.floor((bytes.length * 8) / 6);
  // Too short a core would mask ordinary text by chance.
  if (to - from < 6) return [];
  const standard = bytes.toString("base64").slice(from, to);
  return [standard, standard.replaceAll("+", "-").replaceAll("/", "_")];
}

/**
 * A function that masks every secret in a text, in each of its forms; build it once, use it
 * on many texts. Longest first, so that a secret that contains a shorter one is masked whole.
 */
export function textRedactor(secrets: readonly string[]): Redactor {
  const ordered = [...new Set(secrets.filter((s) => s.length > 0).flatMap(secretForms))].sort(
    (a, b) => b.length - a.length,
  );
  // One pass over a text, whatever the number of forms: the alternation tries the longest first.
  const pattern = new RegExp(
    ordered.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"),
    "g",
  );
  const redact = (text: string) => (ordered.length === 0 ? text : text.replace(pattern, MASK));
  return Object.assign(redact, { longest: ordered[0]?.length ?? 0 });
}

/**
 * The masked start of a text, at most `maxChars` long, for a preview: it reads only as much
 * as it needs, so a long text costs no more than a short one, and a secret cut by the end
 * is masked before the cut.
 */
export function redactedStart(redact: Redactor, text: string, maxChars: number): string {
  const read = maxChars + redact.longest;
  return cutAt(redact(text.length > read ? text.slice(0, read) : text), maxChars);
}

/**
 * One line of text with secrets masked. The line is made first, so masking sees the text
 * as it will be shown: a secret spread over a run of spaces is joined before it is looked for.
 */
export function maskedLine(redact: Redactor, text: string): string {
  return redact(oneLine(text));
}

/** `text` with every occurrence of every secret replaced by `***`. */
export function redactText(text: string, secrets: readonly string[]): string {
  return textRedactor(secrets)(text);
}

/**
 * A JSON value with every secret masked in every string, object key included (parts that
 * hold none are shared, not copied).
 * A number or boolean whose text holds a secret becomes the masked text: it would show
 * the secret once printed.
 */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  if (secrets.every((s) => s.length === 0)) return value;
  const redact = textRedactor(secrets);
  // What holds no secret is returned as it is, not copied: a run's results may be hundreds of MB.
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return redact(v);
    if (typeof v === "number" || typeof v === "boolean") {
      const text = String(v);
      const masked = redact(text);
      return masked === text ? v : masked;
    }
    if (v === null || typeof v !== "object") return v;
    const entries = Object.entries(v);
    const masked = entries.map(([k, x]) => [redact(k), walk(x)] as const);
    if (masked.every(([k, x], i) => k === entries[i]?.[0] && x === entries[i]?.[1])) return v;
    // fromEntries defines own properties, so a `__proto__` key stays a plain key.
    return Array.isArray(v) ? masked.map(([, x]) => x) : Object.fromEntries(masked);
  };
  return walk(value) as T;
}
