import type { TriggerEvent } from "./select.js";

/** What started a run, in words, for the summary. */
export function describeTrigger(event: TriggerEvent, _workflow: string): string | undefined {
  if (event.name === "schedule") return `cron ${String(event.payload.schedule ?? "")}`;
  if (event.name === "repository_dispatch") return `type ${String(event.payload.action ?? "")}`;
  return undefined;
}
