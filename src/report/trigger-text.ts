import { describeCron, normalizeCron } from "../definition/cron.js";
import type { TriggerEvent } from "../triggers/select.js";

/**
 * What started a run, in words that follow the event's name in the summary ("schedule —
 * …"): `"0 6 * * *" (every day at 06:00 UTC)`, `type "census-update" from octocat`, `by
 * octocat`. Undefined when there is nothing to add.
 */
export function describeTrigger(event: TriggerEvent): string | undefined {
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

function senderOf(payload: Record<string, unknown>): string | undefined {
  const sender = payload.sender as { login?: unknown } | undefined;
  return typeof sender?.login === "string" && sender.login ? sender.login : undefined;
}
