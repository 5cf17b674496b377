import type { TaskResult } from "../engine/result.js";
import { codeBlock, codeSpan, escapeHtml } from "./markdown.js";
import { previewJson, SHORTENED } from "./preview.js";
import { maskedLine, type Redactor } from "./redact.js";
import { pollsText } from "./request-view.js";
import { shownStatus, STATUS_EMOJI } from "./status.js";
import { replayText } from "./task-why.js";
import { cutAt, shorten } from "./text.js";

/** Params and a request's body are shown this far: they are what the run sent, not what it got. */
export const PARAMS_CHARS = 1000;
/** A URL longer than this says no more to a reader. */
const URL_CHARS = 500;

interface Preview {
  text: string;
  shortened: boolean;
}

/**
 * A collapsed section with the task's params, for a request task what it sent and what came
 * back, and its outputs; `shortened` when an answer (the response's body or the outputs) was cut.
 */
export function taskDetails(task: TaskResult, redact: Redactor, outputChars: number): Preview {
  const status = shownStatus(task);
  const title = escapeHtml(`${STATUS_EMOJI[status]} ${maskedLine(redact, task.name)} — ${status}`);
  const params =
    task.params === null
      ? notCalledText(task)
      : codeBlock(previewJson(task.params, PARAMS_CHARS, redact).text, "json");
  const sections = [`**Params**\n\n${params}`];
  let shortened = false;
  if (task.request !== null) {
    const { method, url, body } = task.request;
    const line = codeSpan(shorten(maskedLine(redact, `${method} ${url}`), URL_CHARS));
    const sent = body === null ? "" : `\n\n${bodyBlock(body, PARAMS_CHARS, redact).text}`;
    sections.push(`**Request**\n\n${line}${sent}`);
    const answer = responseSection(task, redact, outputChars);
    shortened ||= answer.shortened;
    sections.push(answer.text);
  }
  // The default outputs are the response's body itself: shown once.
  if (task.response !== null && task.outputs === task.response.body && task.outputs !== null) {
    sections.push("**Outputs**: the response's body.");
  } else {
    const outputs = previewJson(task.outputs, outputChars, redact);
    shortened ||= outputs.shortened;
    sections.push(`**Outputs**\n\n${codeBlock(outputs.text, "json")}`);
  }
  // The blank lines let GitHub read the markdown inside the HTML block.
  return {
    text: `<details><summary>${title}</summary>\n\n${sections.join("\n\n")}\n\n</details>`,
    shortened,
  };
}

/** Why a task has no params: its result came from a saved state, or it was never called. */
function notCalledText(task: TaskResult): string {
  if (task.replayed !== null) return `Not called: replayed ${replayText(task)}.`;
  if (task.review?.approval) return "Not called again: a person approved its review.";
  return "Not called.";
}

/** What came back: the last answer read (after polling), or that none was. */
function responseSection(task: TaskResult, redact: Redactor, outputChars: number): Preview {
  if (task.response === null) return { text: "**Response**: none was read.", shortened: false };
  const polls = pollsText(task);
  const head = `**Response**: HTTP ${task.response.status}${polls ? `, after ${polls}` : ""}`;
  if (task.response.body === null) return { text: `${head}, no body.`, shortened: false };
  const body = bodyBlock(task.response.body, outputChars, redact);
  return { text: `${head}\n\n${body.text}`, shortened: body.shortened };
}

/** A body as a code block: text as it is, anything else as JSON; masked, then cut. */
function bodyBlock(body: unknown, maxChars: number, redact: Redactor): Preview {
  if (typeof body !== "string") {
    const preview = previewJson(body, maxChars, redact);
    return { text: codeBlock(preview.text, "json"), shortened: preview.shortened };
  }
  // Masked before the cut, as redactedStart does, so that no start of a secret survives it.
  const read = maxChars + redact.longest;
  const masked = redact(body.length > read ? body.slice(0, read) : body);
  const shortened = body.length > read || masked.length > maxChars;
  return { text: codeBlock(shortened ? `${cutAt(masked, maxChars)}${SHORTENED}` : masked), shortened };
}
