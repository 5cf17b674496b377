import type { PlannedAgent, Protocol } from "../engine/plan.js";
import { ALL_CONTEXTS, type CompiledValue } from "../expressions/compile.js";
import type { Path } from "../text/field-path.js";
import { compileFor, type Place } from "./plan-request.js";
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

/**
 * An endpoint's agent fields, checked against its protocol once, where the endpoint is written.
 * Its `instructions` are compiled here too, so that a mistake in them is found even when no
 * task uses the endpoint (each task compiles them again; the same problem is told once).
 */
export function checkEndpointProtocol(spec: EndpointSpec, place: Place, problems: Problem[]): void {
  const protocol = spec.protocol ?? "http";
  const problem = (path: Path, message: string) =>
    problems.push(place.source.problem([...place.at, ...path], message));
  for (const [field, protocols] of Object.entries(ENDPOINT_FIELDS)) {
    if (
      spec[field as keyof typeof ENDPOINT_FIELDS] !== undefined &&
      !(protocols as readonly string[]).includes(protocol)
    )
      problem(
        [field],
        `only an endpoint with protocol ${protocols.join(" or ")} reads ${field} (this one is ${protocol})`,
      );
  }
  if (protocol === "openai-chat" && spec.model === undefined)
    problem([], "an openai-chat endpoint needs model: the model its tasks ask");
  if (protocol === "openai-chat" && spec.instructions !== undefined)
    compileFor(problems)(spec.instructions, ALL_CONTEXTS, { ...place, at: [...place.at, "instructions"] });
  // All four protocols read "an": an http, an a2a, an openai-chat, an mcp endpoint.
  if (protocol !== "http" && spec.poll !== undefined)
    problem(
      ["poll"],
      `an ${protocol} endpoint's tasks are polled as the protocol says: poll is for http endpoints`,
    );
  // A bad url is a problem of its own; a card relative to it cannot be judged then.
  if (spec.card !== undefined && URL.canParse(spec.url)) {
    const card = URL.parse(spec.card, spec.url);
    if (!card) problem(["card"], `"${spec.card}" is not a URL`);
    else if (card.protocol !== "http:" && card.protocol !== "https:")
      problem(["card"], `"${spec.card}" must be an http or https URL (or a path relative to url)`);
    else if (card.username || card.password)
      problem(["card"], "must not carry user:password (put credentials in `headers`, from env)");
  }
  // The protocol's own headers belong to the session or the version the client negotiates.
  const own = PROTOCOL_HEADERS[protocol];
  for (const header of Object.keys(spec.headers ?? {}).filter((name) => own?.test(name))) {
    problem(["headers", header], `"${header}" is set by the ${protocol} protocol itself`);
  }
}

const PROTOCOL_HEADERS: Partial<Record<Protocol, RegExp>> = {
  mcp: /^(mcp-session-id|mcp-protocol-version|last-event-id)$/i,
  a2a: /^a2a-version$/i,
};

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
  // A task without an endpoint has that problem told already: its fields cannot be judged.
  if (!endpoint) return null;
  const protocol = endpoint.spec.protocol ?? "http";
  const problem = (path: Path, message: string) =>
    problems.push(place.source.problem([...place.at, ...path], message));
  for (const [field, protocols] of Object.entries(TASK_FIELDS)) {
    if (
      task[field as keyof typeof TASK_FIELDS] !== undefined &&
      !(protocols as readonly string[]).includes(protocol)
    )
      problem(
        [field],
        `only a task on an ${protocols.join(" or ")} endpoint reads ${field} (${endpointName(endpoint.place)} is ${protocol})`,
      );
  }
  if (protocol === "http") return null;
  if (task.request !== undefined)
    problem(
      ["request"],
      `a task on an ${protocol} endpoint sends what the protocol says: request is for http endpoints`,
    );
  if (task.poll !== undefined)
    problem(
      ["poll"],
      `a task on an ${protocol} endpoint is polled as the protocol says: poll is for http endpoints`,
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

/** The endpoint's name: the last key of its place, in a workflow or an endpoints file. */
function endpointName(place: Place): string {
  return `endpoint ${String(place.at[place.at.length - 1])}`;
}
