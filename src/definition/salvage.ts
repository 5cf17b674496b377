import type { z } from "zod";
import { formatPath, type Path } from "../text/field-path.js";
import type { Problem } from "./problem.js";

/**
 * A copy of a definition with every field the schema refused taken out, so that the
 * checks that come after the schema (names, needs, endpoints, expressions) can still run
 * and a user sees every problem in one pass, not one layer at a time.
 */
export function withoutRefused(
  value: unknown,
  issues: readonly z.core.$ZodIssue[],
): { value: unknown; removed: Path[] } {
  const copy = structuredClone(value);
  const removed: Path[] = [];
  for (const issue of issues) {
    const path = issue.path as Path;
    const keys = issue.code === "unrecognized_keys" ? issue.keys.map((key) => [...path, key]) : [path];
    for (const target of keys) if (remove(copy, target)) removed.push(target);
  }
  return { value: copy, removed };
}

/** Drops later findings about a removed field or its task: the schema's finding says it better. */
export function notAboutRemoved(problems: readonly Problem[], removed: readonly Path[]): Problem[] {
  const fields = removed.map(formatPath);
  const related = (field: string) => fields.some((f) => f.startsWith(field) || field.startsWith(f));
  return problems.filter((p) => !related(p.field));
}

function remove(root: unknown, path: Path): boolean {
  if (path.length === 0) return false;
  let node = root as Record<string | number, unknown> | null;
  for (const segment of path.slice(0, -1)) {
    node = (node?.[segment] as Record<string | number, unknown> | null) ?? null;
    if (node === null || typeof node !== "object") return false;
  }
  const last = path[path.length - 1] as string | number;
  if (!node || !(last in node)) return false;
  if (Array.isArray(node)) node[last as number] = undefined;
  else delete node[last];
  return true;
}
