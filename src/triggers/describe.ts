import cronstrue from "cronstrue";
import { normalizeCron, type TriggerEvent } from "./select.js";

/**
 * What started a run, in words, for the summary: `schedule "0 6 * * *" (every day at
 * 06:00 UTC)`, `repository_dispatch "census-update" from octocat`, `workflow_dispatch by
 * octocat`. The workflow id is the run's (the same event may start several runs).
 */
export function describeTrigger(event: TriggerEvent, _workflow: string): string | undefined {
  const sender = senderOf(event.payload);
  switch (event.name) {
    case "schedule": {
      const cron = normalizeCron(String(event.payload.schedule ?? ""));
      const meaning = describeCron(cron);
      return `schedule "${cron}"${meaning ? ` (${meaning})` : ""}`;
    }
    case "repository_dispatch":
      return `repository_dispatch "${String(event.payload.action ?? "")}"${sender ? ` from ${sender}` : ""}`;
    case "workflow_dispatch":
      return `workflow_dispatch${sender ? ` by ${sender}` : ""}`;
    default:
      return event.name ? `${event.name}${sender ? ` by ${sender}` : ""}` : undefined;
  }
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
