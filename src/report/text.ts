/** The first `maxChars` UTF-16 units of a text, never splitting a surrogate pair. */
export function cutAt(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const last = text.charCodeAt(maxChars - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? maxChars - 1 : maxChars);
}

/** At most `maxChars` characters, with `…` at the end when text was left out. */
export function shorten(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${cutAt(text, maxChars - 1)}…`;
}

/**
 * One line of plain text: line breaks, tabs and other control characters (an endpoint may
 * send terminal escapes) become single spaces, and so do the bidirectional controls that
 * would show text in another order than it is.
 */
export function oneLine(text: string): string {
  return text
    .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, " ")
    .replace(/[\s\p{Cc}\u2028\u2029]+/gu, " ")
    .trim();
}
