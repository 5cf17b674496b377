import type { PlannedAgent, Protocol } from "../engine/plan.js";
import { ALL_CONTEXTS, type CompiledValue } from "../expressions/compile.js";
import type { Path } from "../text/field-path.js";
import type { Place } from "./plan-request.js";
import type { Problem } from "./problem.js";
import type { EndpointSpec, TaskSpec } from "./schema.js";

type Compile = (value: unknown, contexts: readonly string[], place: Place) => CompiledValue;

/** Which protocols read each agent field; any other protocol's task holding it is a mistake. */
const TASK_FIELDS = {
  prompt: ["a2a", "openai-chat"],
  instructions: ["openai-chat"],
  arguments: ["mcp"],
} as const satisfies Record<string, readonly Protocol[]>;
const ENDPOINT_FIELDS = {
  model: ["openai-chat"],
  instructions: ["openai-chat"],
  card: ["a2a"],
} as const satisfies Record<string, readonly Protocol[]>;

/** An endpoint's agent fields, checked against its protocol once, where the endpoint is written. */
export function checkEndpointProtocol(spec: EndpointSpec, place: Place, problems: Problem[]): void {
  const protocol = spec.protocol ?? "http";
  const problem = (path: Path, message: string) =>
    problems.push(place.source.problem([...place.at, ...path], message));
  for (const [field, protocols] of Object.entries(ENDPOINT_FIELDS)) {
    if (
      spec[field as keyof typeof ENDPOINT_FIELDS] !== undefined &&
      !(protocols as readonly string[]).includes(protocol)
    )
      problem([field], `only an endpoint with protocol ${protocols.join(" or ")} reads ${field}`);
  }
  if (protocol === "openai-chat" && spec.model === undefined)
    problem([], "an openai-chat endpoint needs model: the model its tasks ask");
  if (protocol !== "http" && spec.poll !== undefined)
    problem(
      ["poll"],
      `a ${protocol} endpoint's tasks are polled as the protocol says: poll is for http endpoints`,
    );
  if (spec.card !== undefined && !URL.canParse(spec.card, spec.url))
    problem(["card"], `"${spec.card}" is not a URL`);
}

/**
 * A task's agent message for its endpoint's protocol, or null on an http endpoint. Fields
 * the protocol does not read, a `request` or a `poll` on an agent's task are problems: the
 * protocol decides the call and how it is followed.
 */
export function planAgent(
  task: TaskSpec,
  endpoint: { spec: EndpointSpec; place: Place } | undefined,
  place: Place,
  compile: Compile,
  problems: Problem[],
): PlannedAgent | null {
  const protocol = endpoint?.spec.protocol ?? "http";
  const problem = (path: Path, message: string) =>
    problems.push(place.source.problem([...place.at, ...path], message));
  for (const [field, protocols] of Object.entries(TASK_FIELDS)) {
    if (
      task[field as keyof typeof TASK_FIELDS] !== undefined &&
      !(protocols as readonly string[]).includes(protocol)
    )
      problem(
        [field],
        `only a task on a ${protocols.join(" or ")} endpoint reads ${field} (this one is ${protocol})`,
      );
  }
  if (protocol === "http" || !endpoint) return null;
  if (task.request !== undefined)
    problem(
      ["request"],
      `a task on a ${protocol} endpoint sends what the protocol says: request is for http endpoints`,
    );
  if (task.poll !== undefined)
    problem(
      ["poll"],
      `a task on a ${protocol} endpoint is polled as the protocol says: poll is for http endpoints`,
    );
  const value = (given: unknown, where: Place, field: string) =>
    given === undefined ? null : compile(given, ALL_CONTEXTS, { ...where, at: [...where.at, field] });
  const instructions =
    task.instructions !== undefined
      ? value(task.instructions, place, "instructions")
      : value(endpoint.spec.instructions, endpoint.place, "instructions");
  // The card is read where the endpoint says, else at the well-known place of its origin (RFC 8615).
  const card = URL.parse(endpoint.spec.card ?? "/.well-known/agent-card.json", endpoint.spec.url);
  return {
    protocol,
    prompt: value(task.prompt, place, "prompt"),
    instructions,
    model: endpoint.spec.model ?? null,
    arguments: value(task.arguments, place, "arguments"),
    card: card?.href ?? "",
  };
}
