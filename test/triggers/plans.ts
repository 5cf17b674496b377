// Real plans from definition text, as loadDefinitions makes them, for the trigger tests.
import { parseWorkflow } from "../../src/definition/load.js";
import type { WorkflowPlan } from "../../src/engine/plan.js";

const ONE_TASK =
  "endpoints: { Svc: { url: http://127.0.0.1:9/svc } }\ntasks: [{ name: Work, service: Svc, action: go }]";

/** A definition with the given id and `on:` (YAML flow text), then `body` (default: one task), planned. */
export function planOf(id: string, on?: string, body = ONE_TASK): WorkflowPlan {
  const text = [`id: ${id}`, on ? `on: ${on}` : "", body].join("\n");
  const { plan, problems } = parseWorkflow(`${id}.yml`, text);
  if (!plan) throw new Error(`fixture ${id}: ${JSON.stringify(problems)}`);
  return plan;
}
