import type { Path } from "../text/field-path.js";
import { hasExpression } from "./scan.js";

/** A `${{` found where expressions are not evaluated; `key` when it is in a key. */
export interface MisplacedExpression {
  path: Path;
  key: boolean;
}

/**
 * Finds every `${{` in a definition that would not be evaluated: in keys always, and in
 * values whose path `allowed` refuses. Left alone, such text would reach an endpoint
 * literally, which is never what its author meant.
 */
export function misplacedExpressions(
  value: unknown,
  allowed: (path: Path) => boolean,
  at: Path = [],
): MisplacedExpression[] {
  if (typeof value === "string")
    return hasExpression(value) && !allowed(at) ? [{ path: at, key: false }] : [];
  if (Array.isArray(value))
    return value.flatMap((item, i) => misplacedExpressions(item, allowed, [...at, i]));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, item]) => [
    ...(hasExpression(key) ? [{ path: [...at, key], key: true }] : []),
    ...misplacedExpressions(item, allowed, [...at, key]),
  ]);
}

/** Answer mappings a task or an endpoint may hold; `outputs` and `reasons` may be maps or lists. */
const ANSWER_VALUES = ["success-if", "review", "approved", "outputs", "reasons"];
const REQUEST_VALUES = ["path", "query", "headers", "body", "form"];

/**
 * Where a definition evaluates expressions: `params` values, `with` values at any depth,
 * `if`, endpoint header values, a task's `request` (path, query, headers, body, form), an
 * agent's `prompt`, `instructions` (task or endpoint) and `arguments` (at any depth), and
 * the answer mappings (`success-if`, `outputs`, `review`, `approved`, `reasons`, `poll.until`,
 * `poll.url`) of a task or an endpoint. An endpoints file has the same `endpoints` shape.
 */
export function allowsExpression(path: Path): boolean {
  const [top, second, field, sub] = path;
  if (top === "params") return path.length >= 2;
  if (top !== "tasks" && top !== "endpoints") return false;
  if (top === "tasks" && field === "with") return path.length >= 4;
  if (top === "tasks" && field === "if") return path.length === 3;
  if (top === "tasks" && field === "request") return REQUEST_VALUES.includes(String(sub)) && path.length >= 4;
  if (top === "endpoints" && field === "headers") return path.length === 4 && second !== undefined;
  if (field === "instructions" || (top === "tasks" && field === "prompt")) return path.length === 3;
  if (top === "tasks" && field === "arguments") return path.length >= 4;
  if (ANSWER_VALUES.includes(String(field))) return path.length >= 3;
  return field === "poll" && (sub === "until" || sub === "url") && path.length === 4;
}
