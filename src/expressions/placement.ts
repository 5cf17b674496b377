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

/**
 * Where a definition evaluates expressions: `params` values, `with` values at any
 * depth, `if`, and endpoint header values. An endpoints file has the same `endpoints` shape.
 */
export function allowsExpression(path: Path): boolean {
  const [top, second, field] = path;
  if (top === "params") return path.length >= 2;
  if (top === "tasks") return (field === "with" && path.length >= 4) || (field === "if" && path.length === 3);
  if (top === "endpoints") return field === "headers" && path.length === 4 && second !== undefined;
  return false;
}
