import {
  evaluateExpression,
  evaluateValue,
  type Evaluated,
  type ExpressionContext,
} from "../expressions/evaluate.js";
import type { PlannedRequest, PlannedTask } from "./plan.js";
import type { PreparedRun } from "./prepare.js";

/** What one call sends: the transport's request, and what the results show of it. */
export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  /** The body as data (JSON value, text, or the form's fields), for the results. */
  sentBody: unknown;
}

type Built =
  { ok: true; request: BuiltRequest } | { ok: false; field: Array<string | number>; error: string };

/** The headers every call carries, whatever its shape: they name the run and the task. */
export function contractHeaders(task: PlannedTask, prepared: PreparedRun): Record<string, string> {
  return {
    "Idempotency-Key": `"${prepared.run.id}:${prepared.plan.id}:${task.name}"`,
    "X-Mgmt-Workflow": prepared.plan.id,
    "X-Mgmt-Task": task.name,
    "X-Mgmt-Run": prepared.run.id,
  };
}

/** What a task tells its service or agent: the run, the task, the params and the needs' outputs. */
export function envelopeOf(
  task: PlannedTask,
  prepared: PreparedRun,
  params: Record<string, unknown>,
  input: unknown,
) {
  return {
    workflow: prepared.plan.id,
    run: prepared.run.id,
    task: task.name,
    action: task.action,
    params,
    input,
  };
}

/** The call contract's envelope: POST {url}/{action} with the run, the params and the needs' outputs. */
export function buildEnvelope(
  task: PlannedTask,
  prepared: PreparedRun,
  params: Record<string, unknown>,
  input: unknown,
): BuiltRequest {
  const body = envelopeOf(task, prepared, params, input);
  return {
    method: "POST",
    url: task.url,
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json",
      ...contractHeaders(task, prepared),
      ...prepared.headers[task.target],
    },
    body: JSON.stringify(body),
    sentBody: null,
  };
}

/**
 * A request task's call, evaluated now: the path below the endpoint's URL with every
 * expression's value percent-encoded as data, the query, the body by its kind, and the
 * headers: the contract's, the endpoint's, then the request's (which may set Accept, replace
 * Idempotency-Key or drop it).
 */
export function buildRequest(
  task: PlannedTask,
  request: PlannedRequest,
  prepared: PreparedRun,
  context: ExpressionContext,
): Built {
  const path = buildPath(request, context);
  if (!path.ok) return path;
  const query = new URLSearchParams();
  for (const [name, compiled] of request.query) {
    const value = evaluateValue(compiled, context);
    if (!value.ok) return failed(["request", "query", name], value);
    for (const item of Array.isArray(value.value) ? value.value : [value.value]) {
      if (item !== null && item !== undefined) query.append(name, asText(item));
    }
  }
  const headers: Record<string, string> = {
    Accept: "application/json",
    ...contractHeaders(task, prepared),
    ...prepared.headers[task.target],
  };
  for (const [name, compiled] of request.headers) {
    const existing = Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
    if (existing) delete headers[existing];
    if (compiled === false) continue;
    const value = evaluateValue(compiled, context);
    if (!value.ok) return failed(["request", "headers", name], value);
    const text = asText(value.value);
    if (/[\r\n\0]/.test(text))
      return { ok: false, field: ["request", "headers", name], error: "the value holds CR, LF or NUL" };
    headers[name] = text;
  }
  const body = buildBody(request, context);
  if (!body.ok) return body;
  if (body.contentType) headers["Content-Type"] = body.contentType;
  const search = query.toString();
  return {
    ok: true,
    request: {
      method: request.method,
      url: `${task.url}/${path.text}${search ? `?${search}` : ""}`,
      headers,
      body: body.text,
      sentBody: body.data,
    },
  };
}

function buildPath(
  request: PlannedRequest,
  context: ExpressionContext,
): { ok: true; text: string } | { ok: false; field: Array<string | number>; error: string } {
  let text = "";
  for (const part of request.path) {
    if (typeof part === "string") {
      text += part;
      continue;
    }
    const value = evaluateExpression(part, context);
    if (!value.ok) return failed(["request", "path"], value);
    const encoded = encodeURIComponent(asText(value.value));
    // A URL parser reads "." and ".." (even as %2E) as moves between segments, not as data.
    if (/^(\.|%2e){1,2}$/i.test(encoded)) {
      return { ok: false, field: ["request", "path"], error: `the value "${encoded}" would leave the path` };
    }
    text += encoded;
  }
  // Literal dots beside an empty value ("..${{ x }}" with x "") make such a segment too.
  const dots = text.split("/").find((segment) => /^(\.|%2e){1,2}$/i.test(segment));
  if (dots !== undefined)
    return { ok: false, field: ["request", "path"], error: `the segment "${dots}" would leave the path` };
  return { ok: true, text };
}

function buildBody(request: PlannedRequest, context: ExpressionContext) {
  if (!request.body) return { ok: true as const, text: null, data: null, contentType: null };
  const value = evaluateValue(request.body.value, context);
  const field = ["request", request.body.kind === "form" ? "form" : "body"];
  if (!value.ok) return failed(field, value);
  switch (request.body.kind) {
    case "text":
      return {
        ok: true as const,
        text: asText(value.value),
        data: value.value,
        contentType: "text/plain; charset=utf-8",
      };
    case "form": {
      const form = new URLSearchParams();
      for (const [name, item] of Object.entries((value.value ?? {}) as Record<string, unknown>)) {
        for (const one of Array.isArray(item) ? item : [item]) form.append(name, asText(one));
      }
      return {
        ok: true as const,
        text: form.toString(),
        data: value.value,
        contentType: "application/x-www-form-urlencoded",
      };
    }
    case "json":
      return {
        ok: true as const,
        text: JSON.stringify(value.value ?? null),
        data: value.value,
        contentType: "application/json",
      };
  }
}

/** A value as text in a path, query or header: strings as they are, anything else as JSON. */
function asText(value: unknown): string {
  return typeof value === "string"
    ? value
    : value === null || value === undefined
      ? ""
      : JSON.stringify(value);
}

function failed(field: Array<string | number>, value: Extract<Evaluated, { ok: false }>) {
  return {
    ok: false as const,
    field: [...field, ...value.path],
    error: `cannot evaluate \${{ ${value.source} }}: ${value.message}`,
  };
}
