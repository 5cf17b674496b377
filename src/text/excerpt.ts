/** How much of an answer's text an error quotes. */
const EXCERPT_CHARS = 200;

/** `: <text on one line, cut>` for an error message, or nothing for empty text; mask secrets before. */
export function excerpt(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (!line) return "";
  return `: ${line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS)}…` : line}`;
}
