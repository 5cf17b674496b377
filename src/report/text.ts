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
 * send terminal escapes) become single spaces.
 */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim();
}
