import { type Redactor, redactedStart } from "./redact.js";
import { cutAt } from "./text.js";

/** Appended where a preview was cut. */
export const SHORTENED = "… (shortened)";

/**
 * The start of a JSON value, pretty-printed with secrets masked, at most about `maxChars`
 * long. It stops walking once it has enough, so a 10 MB answer costs what a short one does
 * (JSON.stringify would read it all, a thousand times for a thousand tasks).
 */
export function previewJson(
  value: unknown,
  maxChars: number,
  redact: Redactor,
): { text: string; shortened: boolean } {
  const parts: string[] = [];
  let size = 0;
  const emit = (text: string) => {
    parts.push(text);
    size += text.length;
  };
  // A string cut here passes maxChars once quoted, so the whole preview is marked as cut.
  const quote = (text: string) => JSON.stringify(redactedStart(redact, text, maxChars));
  const walk = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== "object") {
      emit(typeof v === "string" ? quote(v) : v === undefined ? "null" : redact(String(v)));
      return;
    }
    const items = Array.isArray(v) ? v : null;
    const keys = items ? null : Object.keys(v);
    const count = items ? items.length : (keys as string[]).length;
    const [open, close] = items ? ["[", "]"] : ["{", "}"];
    if (count === 0) {
      emit(open + close);
      return;
    }
    const pad = `\n${"  ".repeat(depth + 1)}`;
    emit(open);
    for (let i = 0; i < count && size < maxChars; i++) {
      emit(i === 0 ? pad : `,${pad}`);
      if (items) walk(items[i], depth + 1);
      else {
        const key = (keys as string[])[i] as string;
        emit(`${quote(key)}: `);
        walk((v as Record<string, unknown>)[key], depth + 1);
      }
    }
    emit(`\n${"  ".repeat(depth)}${close}`);
  };
  walk(value, 0);
  const text = parts.join("");
  const shortened = text.length > maxChars;
  return { text: shortened ? `${cutAt(text, maxChars)}${SHORTENED}` : text, shortened };
}
