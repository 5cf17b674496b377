import type { WorkflowPlan } from "../engine/plan.js";

/** The event that started the step: its name and payload, as GitHub delivers them. */
export interface TriggerEvent {
  name: string;
  payload: Record<string, unknown>;
}

export interface Selection {
  plan: WorkflowPlan;
  /** Params the event carries: dispatch inputs (less `workflow`) or a repository_dispatch client_payload. */
  eventParams: Record<string, unknown>;
  /** Why this definition runs, in words. */
  reason: string;
}

export type Selected = { ok: true; selections: Selection[] } | { ok: false; error: string };

/** Collapses whitespace so that `0  6 * * *` matches `0 6 * * *`. */
export function normalizeCron(cron: string): string {
  return cron.trim().replace(/\s+/g, " ");
}

/** Which definitions an event runs (SPEC §5): the first rule that applies decides. */
export function selectWorkflows(
  plans: readonly WorkflowPlan[],
  singleFile: boolean,
  event: TriggerEvent,
  workflowId?: string | null,
): Selected {
  const eventParams = paramsOf(event);
  const pick = (chosen: WorkflowPlan[], reason: string): Selected => ({
    ok: true,
    selections: chosen.map((plan) => ({ plan, eventParams, reason })),
  });
  const ids = plans.map((p) => p.id).join(", ");

  if (workflowId) {
    const plan = plans.find((p) => p.id === workflowId);
    return plan
      ? pick([plan], `workflow-id ${workflowId}`)
      : { ok: false, error: `no workflow with id "${workflowId}" (found: ${ids})` };
  }
  if (singleFile && plans[0]) return pick([plans[0]], "the workflow file given");

  if (event.name === "schedule") {
    const cron = normalizeCron(String(event.payload.schedule ?? ""));
    const chosen = plans.filter((p) => (p.triggers.schedule ?? []).some((s) => normalizeCron(s.cron) === cron));
    if (chosen.length) return pick(chosen, `schedule ${cron}`);
    const declared = [...new Set(plans.flatMap((p) => (p.triggers.schedule ?? []).map((s) => normalizeCron(s.cron))))];
    return {
      ok: false,
      error: `no workflow declares the cron "${cron}" that fired (declared: ${declared.map((c) => `"${c}"`).join(", ") || "none"})`,
    };
  }
  if (event.name === "repository_dispatch") {
    const type = String(event.payload.action ?? "");
    const chosen = plans.filter((p) => {
      if (!("repository_dispatch" in p.triggers)) return false;
      const types = p.triggers.repository_dispatch?.types;
      return !types || types.includes(type);
    });
    if (chosen.length) return pick(chosen, `repository_dispatch ${type}`);
    return { ok: false, error: `no workflow takes the repository_dispatch type "${type}" (on.repository_dispatch.types)` };
  }
  if (event.name === "workflow_dispatch") {
    const named = (event.payload.inputs as Record<string, unknown> | undefined)?.workflow;
    if (typeof named === "string" && named !== "") {
      const plan = plans.find((p) => p.id === named);
      return plan
        ? pick([plan], `workflow_dispatch input workflow=${named}`)
        : { ok: false, error: `the dispatch input workflow="${named}" names no workflow (found: ${ids})` };
    }
  }
  if (plans.length === 1 && plans[0]) return pick([plans[0]], "the only workflow in the folder");
  return {
    ok: false,
    error: `cannot tell which workflow to run on "${event.name}": set the workflow-id input (found: ${ids})`,
  };
}

function paramsOf(event: TriggerEvent): Record<string, unknown> {
  if (event.name === "workflow_dispatch") {
    const { workflow: _workflow, ...inputs } = (event.payload.inputs ?? {}) as Record<string, unknown>;
    return inputs;
  }
  if (event.name === "repository_dispatch") {
    const payload = event.payload.client_payload;
    return payload && typeof payload === "object" && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {};
  }
  return {};
}
