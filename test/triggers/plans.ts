// Real plans from definition text, as loadDefinitions makes them, for the trigger tests.
import { parseWorkflow } from "../../src/definition/load.js";
import type { WorkflowPlan } from "../../src/engine/plan.js";

/** A one-task definition with the given id and `on:` (YAML flow text), planned. */
export function planOf(id: string, on?: string, extra = ""): WorkflowPlan {
  const text = [
    `id: ${id}`,
    on ? `on: ${on}` : "",
    extra,
    "endpoints: { Svc: { url: http://127.0.0.1:9/svc } }",
    "tasks: [{ name: Work, service: Svc, action: go }]",
  ].join("\n");
  const { plan, problems } = parseWorkflow(`${id}.yml`, text);
  if (!plan) throw new Error(`fixture ${id}: ${JSON.stringify(problems)}`);
  return plan;
}
