import { excerpt } from "../text/excerpt.js";
import type { AnswerMode } from "../engine/call.js";
import { parseRetryAfter } from "../engine/retry-after.js";
import { MAX_BODY_BYTES, readBody } from "./read-body.js";

export const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/** How one attempt ended. */
export type Attempt =
  | {
      kind: "answer";
      status: number;
      outputs: unknown;
      headers: Record<string, string>;
      /** The URL that answered, after redirects. */
      url: string;
      /** Its status asks for another attempt (response mode only: the envelope takes 2xx alone). */
      retryable: boolean;
      retryAfterMs: number | null;
      /** The status and an excerpt, for the attempt's record when it is retried (empty for a 2xx). */
      error: string;
    }
  | {
      kind: "failed";
      status: number | null;
      error: string;
      retryable: boolean;
      retryAfterMs: number | null;
      timedOut?: boolean;
    }
  | { kind: "cancelled"; error: string };

export function fail(
  status: number | null,
  error: string,
  retryable: boolean,
  retryAfterMs: number | null = null,
): Attempt {
  return { kind: "failed", status, error, retryable, retryAfterMs };
}

export interface AnswerContext {
  mode: AnswerMode;
  /** The clock's time, against which a Retry-After date is read. */
  now: number;
  mask: (text: string) => string;
}

/** Reads a final (non-redirect) answer: the envelope's JSON, or in response mode the body by its content type. */
export async function readAnswer(response: Response, context: AnswerContext): Promise<Attempt> {
  const { status } = response;
  // fetch gives a HEAD answer no body, whatever its Content-Length says: it reads as empty.
  const body = await readBody(response);
  if (!body.ok) {
    return fail(
      status,
      `HTTP ${status} answer is over the ${MAX_BODY_BYTES / 1024 / 1024} MiB limit (decoded)`,
      false,
    );
  }
  const { text } = body;
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), context.now);
  const retryable = RETRYABLE_STATUS.has(status);
  const success = status >= 200 && status < 300;
  // Masking and cutting a body costs as much as the body is long: done only for an answer that may need it.
  const described = () => `HTTP ${status}${excerpt(context.mask(text))}`;
  if (context.mode === "envelope" && !success) return fail(status, described(), retryable, retryAfterMs);
  const parsed =
    context.mode === "envelope"
      ? parseJson(text)
      : parseByContentType(text, response.headers.get("content-type"));
  // A retryable status is retried whatever its body; broken JSON under any other fails at once.
  if (!parsed.ok) {
    const error = `HTTP ${status} with a body that is not JSON${excerpt(context.mask(text))}`;
    return fail(status, error, retryable, retryAfterMs);
  }
  return {
    kind: "answer",
    status,
    outputs: parsed.value,
    headers: headersOf(response.headers),
    url: response.url,
    retryable,
    retryAfterMs,
    // A 2xx is never retried, so it never needs the words.
    error: success ? "" : described(),
  };
}

type Parsed = { ok: true; value: unknown } | { ok: false };

/** JSON, with an empty (or blank) body as null. */
function parseJson(text: string): Parsed {
  if (text.trim() === "") return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** JSON under a JSON content type, else the text itself; an empty body is null either way. */
function parseByContentType(text: string, contentType: string | null): Parsed {
  if (isJsonType(contentType)) return parseJson(text);
  return { ok: true, value: text === "" ? null : text };
}

/** `application/json` or any `+json` structured syntax suffix (RFC 6839), parameters aside. */
export function isJsonType(contentType: string | null): boolean {
  const essence = (contentType?.split(";")[0] ?? "").trim().toLowerCase();
  return essence === "application/json" || /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+\+json$/.test(essence);
}

/** A plain object of the answer's headers: fetch lower-cases the names, and get() joins repeats with ", ". */
export function headersOf(headers: Headers): Record<string, string> {
  // Object.fromEntries defines each name as an own property, so even "__proto__" stays a header.
  return Object.fromEntries([...new Set(headers.keys())].map((name) => [name, headers.get(name) ?? ""]));
}
