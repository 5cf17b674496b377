import cronstrue from "cronstrue";
import { normalizeCron, type TriggerEvent } from "./select.js";

/**
 * What started a run, in words that follow the event's name in the summary ("schedule —
 * …"): `"0 6 * * *" (every day at 06:00 UTC)`, `type "census-update" from octocat`, `by
 * octocat`. Undefined when there is nothing to add. The workflow id is the run's (one
 * event may start several runs).
 */
export function describeTrigger(event: TriggerEvent, _workflow: string): string | undefined {
  const by = senderOf(event.payload);
  if (event.name === "schedule") {
    const cron = normalizeCron(String(event.payload.schedule ?? ""));
    const meaning = describeCron(cron);
    return `"${cron}"${meaning ? ` (${meaning})` : ""}`;
  }
  if (event.name === "repository_dispatch") {
    return `type "${String(event.payload.action ?? "")}"${by ? ` from ${by}` : ""}`;
  }
  return by ? `by ${by}` : undefined;
}

/**
 * A cron in plain English, in UTC as GitHub runs every schedule: `0 6 * * *` → `every day
 * at 06:00 UTC`. Undefined when cronstrue cannot read it (the cron is shown as is).
 */
export function describeCron(cron: string): string | undefined {
  let text: string;
  try {
    text = cronstrue.toString(cron, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
  } catch {
    return undefined;
  }
  text = text.charAt(0).toLowerCase() + text.slice(1);
  // cronstrue leaves "every day" implicit for a daily time ("At 06:00"); a reader wants it said.
  if (/^at \d/.test(text) && !text.includes(",")) text = `every day ${text}`;
  return text.replace(/(\d{2}:\d{2})(?!.*\d{2}:\d{2})/, "$1 UTC");
}

function senderOf(payload: Record<string, unknown>): string | undefined {
  const sender = payload.sender as { login?: unknown } | undefined;
  return typeof sender?.login === "string" && sender.login ? sender.login : undefined;
}
