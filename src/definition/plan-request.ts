import type { HttpMethod, PlannedAnswer, PlannedPoll, PlannedRequest, TaskKind } from "../engine/plan.js";
import {
  ALL_CONTEXTS,
  ANSWER_CONTEXTS,
  type CompiledExpression,
  type CompiledValue,
  compileValue,
} from "../expressions/compile.js";
import type { Path } from "../text/field-path.js";
import { durationMs } from "./duration.js";
import type { Problem } from "./problem.js";
import type { EndpointSpec, TaskSpec } from "./schema.js";
import type { Source } from "./source.js";

/** Where a compiled value's problems are reported: its file, and its place in that file. */
export interface Place {
  source: Source;
  at: Path;
}

type Compile = (value: unknown, contexts: readonly string[], place: Place) => CompiledValue;

/** RFC 3986 path characters (unreserved, sub-delims, `:`, `@`, percent-escapes) and `/`. */
const PATH_TEXT = /^([A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/;
/** What a URL parser reads as a move between segments: ".", "..", even escaped as %2E. */
const DOT_SEGMENT = /^(\.|%2e){1,2}$/i;
const DEFAULT_POLL_INTERVAL_MS = 5000;
type AnswerField = "success-if" | "outputs" | "review" | "approved" | "reasons" | "poll";

/** A task's `request`, checked and compiled; null for an envelope task. */
export function planRequest(
  task: TaskSpec,
  place: Place,
  compile: Compile,
  problems: Problem[],
): PlannedRequest | null {
  const request = task.request;
  if (!request) return null;
  const at = [...place.at, "request"];
  const problem = (path: Path, message: string) =>
    problems.push(place.source.problem([...at, ...path], message));
  const method: HttpMethod = request.method ?? "POST";
  const pathText = request.path ?? task.action ?? "";
  if (request.body !== undefined && request.form !== undefined)
    problem(["form"], "a request has body or form, not both");
  if ((method === "GET" || method === "HEAD") && (request.body !== undefined || request.form !== undefined)) {
    problem([request.body !== undefined ? "body" : "form"], `a ${method} request sends no body`);
  }
  const path = pathParts(compile(pathText, ALL_CONTEXTS, { ...place, at: [...at, "path"] }));
  for (const text of path.filter((part): part is string => typeof part === "string")) {
    if (!PATH_TEXT.test(text))
      problem(["path"], `"${text}" holds a character a URL path cannot (use \${{ }} for data)`);
  }
  // The literal text makes the segments, with or without expressions in between (their values
  // are data, never a "/"); an action given instead has checks of its own.
  const segments = path
    .map((part) => (typeof part === "string" ? part : "${{ }}"))
    .join("")
    .split("/");
  if (request.path !== undefined && segments.some((s) => s === "" || DOT_SEGMENT.test(s))) {
    problem(["path"], `"${pathText}" must not start or end with /, or hold an empty, "." or ".." segment`);
  }
  const headers = Object.entries(request.headers ?? {}).map(
    ([name, value]): [string, CompiledValue | false] => {
      if (value === false && name.toLowerCase() !== "idempotency-key") {
        problem(["headers", name], "only Idempotency-Key may be dropped with false");
      }
      return [
        name,
        value === false ? false : compile(value, ALL_CONTEXTS, { ...place, at: [...at, "headers", name] }),
      ];
    },
  );
  const bodyField = request.form !== undefined ? "form" : "body";
  const bodyValue = request.form ?? request.body;
  return {
    method,
    path,
    query: Object.entries(request.query ?? {}).map(([name, value]) => [
      name,
      compile(value, ALL_CONTEXTS, { ...place, at: [...at, "query", name] }),
    ]),
    headers,
    body:
      bodyValue === undefined
        ? null
        : {
            kind: request.form !== undefined ? "form" : typeof bodyValue === "string" ? "text" : "json",
            value: compile(bodyValue, ALL_CONTEXTS, { ...place, at: [...at, bodyField] }),
          },
  };
}

/** A compiled path as literal text and expressions, in order. */
function pathParts(value: CompiledValue): Array<string | CompiledExpression> {
  if (value.kind === "whole") return [value.expr];
  if (value.kind === "text") return value.parts;
  return [String(value.kind === "literal" ? value.value : "")];
}

/**
 * The answer mappings of a task over its endpoint's, field by field. An endpoint's field
 * is compiled (and so checked) for each task that uses it, at its own place in its file.
 */
export function planAnswer(
  task: { spec: TaskSpec; place: Place; kind: TaskKind },
  endpoint: { spec: EndpointSpec; place: Place } | undefined,
  compile: Compile,
  problems: Problem[],
): PlannedAnswer {
  const pick = (field: AnswerField): { value: unknown; place: Place } | null => {
    if (task.spec[field] !== undefined) return { value: task.spec[field], place: task.place };
    if (endpoint && endpoint.spec[field] !== undefined)
      return { value: endpoint.spec[field], place: endpoint.place };
    return null;
  };
  const mapped = (field: Exclude<AnswerField, "poll">) => {
    const found = pick(field);
    return found
      ? compile(found.value, ANSWER_CONTEXTS, { ...found.place, at: [...found.place.at, field] })
      : null;
  };
  for (const field of ["review", "approved", "reasons"] as const) {
    if (task.kind !== "layer" && task.spec[field] !== undefined) {
      problems.push(
        task.place.source.problem([...task.place.at, field], `only a layer (a gate) reads ${field}`),
      );
    }
  }
  const poll = pick("poll");
  return {
    successIf: mapped("success-if"),
    outputs: mapped("outputs"),
    review: task.kind === "layer" ? mapped("review") : null,
    approved: task.kind === "layer" ? mapped("approved") : null,
    reasons: task.kind === "layer" ? mapped("reasons") : null,
    poll: poll ? planPoll(poll.value as NonNullable<TaskSpec["poll"]>, poll.place, compile) : null,
  };
}

function planPoll(spec: NonNullable<TaskSpec["poll"]>, place: Place, compile: Compile): PlannedPoll {
  const at = [...place.at, "poll"];
  const field = (name: "until" | "url", value: unknown) =>
    value === undefined ? null : compile(value, ANSWER_CONTEXTS, { ...place, at: [...at, name] });
  return {
    until: field("until", spec.until),
    intervalMs: spec.interval === undefined ? DEFAULT_POLL_INTERVAL_MS : durationMs(spec.interval),
    timeoutMs: spec.timeout === undefined ? null : durationMs(spec.timeout),
    url: field("url", spec.url),
  };
}

/** Whether a task or its endpoint maps its answer in any way. */
export function mapsAnswer(answer: PlannedAnswer): boolean {
  return Object.values(answer).some((value) => value !== null);
}

export const compileFor =
  (problems: Problem[]): Compile =>
  (value, contexts, place) => {
    const compiled = compileValue(value, contexts);
    if (compiled.ok) return compiled.value;
    for (const p of compiled.problems) {
      const found = place.source.problem([...place.at, ...p.path], `${p.message} (in "\${{ ${p.source} }}")`);
      // An endpoint's field is compiled for each task that uses it: its own mistake is told once.
      const same = (q: Problem) =>
        q.file === found.file &&
        q.line === found.line &&
        q.column === found.column &&
        q.message === found.message;
      if (!problems.some(same)) problems.push(found);
    }
    return compiled.partial;
  };
