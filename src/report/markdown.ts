import { oneLine } from "./text.js";

/**
 * Text for a markdown paragraph or table cell, shown as written: on one line (a line break
 * would end the table row) and with every character that could start markup, raw HTML, an
 * entity, math or a cell boundary backslash-escaped (CommonMark allows it for any ASCII
 * punctuation; GFM tables honour `\|`). GFM also makes links of bare `https://…`, `www.…`
 * and e-mail addresses: their `:`, `.` and `@` are escaped too, so endpoint text never
 * becomes a link.
 */
export function escapeMarkdown(text: string): string {
  return oneLine(text)
    .replace(/[\\`*_[\]<>&|~$#!()@]/g, "\\$&")
    .replace(/:(?=\/\/)/g, "\\:")
    .replace(/\b(www)\./gi, "$1\\.");
}

/** Text inside raw HTML (a `<summary>`), where markdown is not read: entities, one line. */
export function escapeHtml(text: string): string {
  const entities: Record<string, string> = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
  };
  return oneLine(text).replace(/[&<>"']/g, (c) => entities[c] as string);
}

/** The longest run of backticks in a text, so a fence or code span can be made longer. */
function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/** A fenced code block that no content can close early: its fence is longer than any run of backticks inside. */
export function codeBlock(text: string, language = ""): string {
  const fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

/** Inline code for an identifier-like text, safe whatever it holds. */
export function codeSpan(text: string): string {
  const line = oneLine(text);
  const ticks = "`".repeat(longestBacktickRun(line) + 1);
  const pad = line.startsWith("`") || line.endsWith("`") ? " " : "";
  return `${ticks}${pad}${line}${pad}${ticks}`;
}

/** A link target that cannot end the link early: spaces, brackets and parentheses percent-encoded. */
export function linkTarget(url: string): string {
  return url.replace(
    /[\s<>()[\]]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}
