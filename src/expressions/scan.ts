/** One piece of a string that may hold `${{ … }}` expressions. */
export type Segment = { kind: "text"; text: string } | { kind: "expr"; source: string; offset: number };

export type ScanResult = { ok: true; segments: Segment[] } | { ok: false; error: string; offset: number };

const OPEN = "${{";
const CLOSE = "}}";

/**
 * Splits a string into text and `${{ … }}` parts. The expression library does not do this,
 * and a plain search for `}}` would cut `'a}}b'` in half, so quoted strings are skipped
 * (an expression string is single-quoted, with `''` for a quote).
 */
export function scanTemplate(text: string): ScanResult {
  const segments: Segment[] = [];
  let pos = 0;
  while (pos < text.length) {
    const open = text.indexOf(OPEN, pos);
    if (open < 0) break;
    if (open > pos) segments.push({ kind: "text", text: text.slice(pos, open) });
    const start = open + OPEN.length;
    const close = findClose(text, start);
    if (close < 0) return { ok: false, error: "`${{` is never closed with `}}`", offset: open };
    segments.push({ kind: "expr", source: text.slice(start, close).trim(), offset: start });
    pos = close + CLOSE.length;
  }
  if (pos < text.length) segments.push({ kind: "text", text: text.slice(pos) });
  return { ok: true, segments };
}

function findClose(text: string, from: number): number {
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") {
      // `''` inside a string is an escaped quote: stay inside.
      if (inString && text[i + 1] === "'") i++;
      else inString = !inString;
    } else if (!inString && text.startsWith(CLOSE, i)) {
      return i;
    }
  }
  return -1;
}

export function hasExpression(text: string): boolean {
  return text.includes(OPEN);
}
