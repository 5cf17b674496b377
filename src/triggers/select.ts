import type { WorkflowPlan } from "../engine/plan.js";
import { RESERVED_DISPATCH_INPUTS } from "../definition/check-triggers.js";
import { normalizeCron } from "../definition/cron.js";

/** The event that started the step: its name and payload, as GitHub delivers them. */
export interface TriggerEvent {
  name: string;
  payload: Record<string, unknown>;
}

export interface Selection {
  plan: WorkflowPlan;
  /** Params the event carries: dispatch inputs (less the reserved ones) or a repository_dispatch client_payload. */
  eventParams: Record<string, unknown>;
  /** Why this definition runs, in words. */
  reason: string;
}

export type Selected = { ok: true; selections: Selection[] } | { ok: false; error: string };

/** Every cron the definitions declare, normalized, each once, in definition order. */
export function declaredCrons(plans: readonly WorkflowPlan[]): string[] {
  return [...new Set(plans.flatMap((p) => (p.triggers.schedule ?? []).map((s) => normalizeCron(s.cron))))];
}

/**
 * Which definitions an event runs; the first rule that applies decides: the workflow-id
 * input, a single file, the schedule's cron (when any definition declares one), the
 * repository_dispatch type, the dispatch input `workflow`, a folder holding one definition.
 */
export function selectWorkflows(
  plans: readonly WorkflowPlan[],
  singleFile: boolean,
  event: TriggerEvent,
  workflowId?: string | null,
): Selected {
  const eventParams = paramsOf(event);
  const pick = (chosen: readonly WorkflowPlan[], reason: string): Selected => ({
    ok: true,
    selections: chosen.map((plan) => ({ plan, eventParams, reason })),
  });

  if (workflowId) return byId(plans, workflowId, "the workflow-id input", pick);
  if (singleFile && plans.length === 1) return pick(plans, "the workflow file given");
  switch (event.name) {
    case "schedule":
      // Definitions that declare no cron at all leave the choice to the rules below.
      if (declaredCrons(plans).length === 0) break;
      return bySchedule(plans, String(event.payload.schedule ?? ""), pick);
    case "repository_dispatch":
      return byDispatchType(plans, String(event.payload.action ?? ""), pick);
    case "workflow_dispatch": {
      const named = inputsOf(event).workflow;
      if (typeof named === "string" && named.trim() !== "") {
        return byId(plans, named.trim(), "the workflow_dispatch input workflow", pick);
      }
    }
  }
  if (plans.length === 1) return pick(plans, "the only workflow in the folder");
  return {
    ok: false,
    error: `cannot tell which workflow to run on "${event.name}": ${howToName(event)} (${idList(plans)})`,
  };
}

type Pick = (chosen: readonly WorkflowPlan[], reason: string) => Selected;

function byId(plans: readonly WorkflowPlan[], id: string, source: string, pick: Pick): Selected {
  const plan = plans.find((p) => p.id === id);
  if (plan) return pick([plan], `${source} names ${id}`);
  return {
    ok: false,
    error: `${source} names "${id}", which no definition has as its id (${idList(plans)})`,
  };
}

function bySchedule(plans: readonly WorkflowPlan[], fired: string, pick: Pick): Selected {
  const cron = normalizeCron(fired);
  const chosen = plans.filter((p) => (p.triggers.schedule ?? []).some((s) => normalizeCron(s.cron) === cron));
  if (chosen.length) return pick(chosen, `the schedule "${cron}"`);
  const declared = declaredCrons(plans).map((c) => `"${c}"`);
  return {
    ok: false,
    error: `no definition declares the cron "${cron}" that fired; on.schedule declares ${declared.join(", ")} (${idList(plans)})`,
  };
}

function byDispatchType(plans: readonly WorkflowPlan[], type: string, pick: Pick): Selected {
  // A definition takes repository_dispatch only when it declares it; declared without types, it takes any.
  const chosen = plans.filter((p) => {
    if (!("repository_dispatch" in p.triggers)) return false;
    const types = p.triggers.repository_dispatch?.types;
    return !types || types.includes(type);
  });
  if (chosen.length) return pick(chosen, `the repository_dispatch type "${type}"`);
  const types = [...new Set(plans.flatMap((p) => p.triggers.repository_dispatch?.types ?? []))].map(
    (t) => `"${t}"`,
  );
  return {
    ok: false,
    error: `no definition takes the repository_dispatch type "${type}"; on.repository_dispatch.types declares ${types.join(", ") || "no type"} (${idList(plans)})`,
  };
}

function howToName(event: TriggerEvent): string {
  if (event.name === "workflow_dispatch")
    return "dispatch it with the input workflow set to one id, or set workflow-id";
  if (event.name === "cli") return "name one with --workflow-id";
  if (event.name === "schedule") {
    return "no definition declares on.schedule; declare the cron in one, or set the workflow-id input to one id";
  }
  return "set the workflow-id input to one id";
}

function idList(plans: readonly WorkflowPlan[]): string {
  return plans.length ? `ids: ${plans.map((p) => p.id).join(", ")}` : "no definitions";
}

function inputsOf(event: TriggerEvent): Record<string, unknown> {
  const inputs = event.payload.inputs;
  return isRecord(inputs) ? inputs : {};
}

function paramsOf(event: TriggerEvent): Record<string, unknown> {
  if (event.name === "workflow_dispatch") {
    const reserved: readonly string[] = RESERVED_DISPATCH_INPUTS;
    return Object.fromEntries(Object.entries(inputsOf(event)).filter(([name]) => !reserved.includes(name)));
  }
  if (event.name === "repository_dispatch" && isRecord(event.payload.client_payload)) {
    return event.payload.client_payload;
  }
  return {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
