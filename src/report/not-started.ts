import { escapeMarkdown } from "./markdown.js";
import { maskedLine, textRedactor } from "./redact.js";
import { STATUS_EMOJI } from "./status.js";
import { shorten } from "./text.js";

/** Enough to fix the first problems; the annotations list every one. */
const MAX_DETAILS = 50;
const DETAIL_CHARS = 500;

/**
 * The job summary of a step that stopped before its first call (a definition, selection or
 * start-up error): what went wrong, so the record of the step is never empty.
 */
export function renderNotStarted(
  reason: string,
  details: readonly string[],
  secrets: readonly string[],
): string {
  const redact = textRedactor(secrets);
  const line = (text: string) => escapeMarkdown(shorten(maskedLine(redact, text), DETAIL_CHARS));
  const shown = details.slice(0, MAX_DETAILS).map((detail) => `- ${line(detail)}`);
  const more = details.length > MAX_DETAILS ? [`- … and ${details.length - MAX_DETAILS} more`] : [];
  return [
    `## ${STATUS_EMOJI.failure} Not started: nothing was called`,
    line(reason),
    [...shown, ...more].join("\n"),
  ]
    .filter((part) => part !== "")
    .join("\n\n")
    .concat("\n");
}
