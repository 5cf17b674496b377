import type { z } from "zod";
import type { Path } from "../text/field-path.js";
import { nearMiss } from "./near-miss.js";
import type { Problem } from "./problem.js";
import type { Source } from "./source.js";

/**
 * Turns zod's issues into problems that point at the file, line and column, in file order.
 * `schema` is the one that was parsed, to name the known field an unknown one was meant to be.
 */
export function zodProblems(
  source: Source,
  issues: readonly z.core.$ZodIssue[],
  schema: z.core.$ZodType,
  base: Path = [],
): Problem[] {
  return issues
    .flatMap((issue) => issueProblems(source, issue, schema, [...base, ...(issue.path as Path)]))
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

function issueProblems(
  source: Source,
  issue: z.core.$ZodIssue,
  schema: z.core.$ZodType,
  path: Path,
): Problem[] {
  switch (issue.code) {
    case "unrecognized_keys": {
      // A field the object already has is no likely meaning for a slip beside it.
      const absent = fieldsAt(schema, path).filter((name) => !lookUp(source.value, [...path, name]).present);
      return issue.keys.map((key) =>
        source.problem([...path, key], `unknown field "${key}"${suggestion(key, absent)}`, {
          atKey: true,
        }),
      );
    }
    case "invalid_union": {
      // Show the object branch's own findings (an unknown field inside `retry`, say)
      // rather than "matches no form" when the value is an object.
      const nested = issue.errors.find((branch) =>
        branch.some((i) => i.path.length > 0 || i.code === "unrecognized_keys"),
      );
      if (nested) return zodProblems(source, nested, schema, path);
      return [source.problem(path, issue.message)];
    }
    case "invalid_key": {
      // A record's key (a header name, say): the inner issue says what a key must be.
      const why = issue.issues[0]?.message ?? issue.message;
      return [source.problem(path, `${why} ("${String(path.at(-1))}")`, { atKey: true })];
    }
    case "invalid_type": {
      // zod leaves `input` out of its issues, so presence is read from the file's value.
      const found = lookUp(source.value, path);
      if (!found.present) return [source.problem(path, `is required (${issue.expected})`)];
      if (path.length === 0 && found.value === null) {
        return [source.problem(path, `the file is empty (expected ${issue.expected})`)];
      }
      // A file that is not an object is no definition at all (a `.env` named by mistake, say): its content is never quoted.
      const got = path.length === 0 ? kindOf(found.value) : describe(found.value);
      return [source.problem(path, `expected ${issue.expected}, got ${got}`)];
    }
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const side = issue.code === "too_small" ? "least" : "most";
      const what = issue.origin === "array" ? ` item${bound === 1 ? "" : "s"}` : "";
      const verb = issue.origin === "array" ? "have" : "be";
      return [source.problem(path, `must ${verb} at ${side} ${bound}${what}`)];
    }
    default:
      return [source.problem(path, issue.message)];
  }
}

/** The value at `path` inside a parsed file, and whether it is there at all. */
function lookUp(root: unknown, path: Path): { present: boolean; value?: unknown } {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, segment))
      return { present: false };
    value = (value as Record<string | number, unknown>)[segment];
  }
  return { present: true, value };
}

const COMMON_SLIPS: Record<string, string> = {
  depends_on: "needs",
  dependsOn: "needs",
  params: "with",
  continue_on_error: "continue-on-error",
  continueOnError: "continue-on-error",
  condition: "if",
  endpoint: "service",
};

function suggestion(key: string, known: readonly string[]): string {
  const better = COMMON_SLIPS[key] ?? nearMiss(key, known);
  return better ? ` (did you mean "${better}"?)` : "";
}

/** The fields of the object that `schema` expects at `path` (of every object a union allows there). */
function fieldsAt(schema: z.core.$ZodType, path: Path): string[] {
  const def = (schema as z.core.$ZodTypes)._zod.def;
  const [head, ...rest] = path;
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      return fieldsAt(def.innerType, path);
    case "pipe":
      return fieldsAt(def.in, path);
    case "lazy":
      return fieldsAt(def.getter(), path);
    case "union":
      return [...new Set(def.options.flatMap((option) => fieldsAt(option, path)))];
    case "object": {
      if (head === undefined) return Object.keys(def.shape);
      const field = Object.hasOwn(def.shape, head) ? def.shape[head] : undefined;
      return field ? fieldsAt(field, rest) : [];
    }
    case "array":
      return typeof head === "number" ? fieldsAt(def.element, rest) : [];
    case "record":
      return head === undefined ? [] : fieldsAt(def.valueType, rest);
    default:
      return [];
  }
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function describe(value: unknown): string {
  return value !== null && typeof value !== "object"
    ? `${typeof value} ${JSON.stringify(value)}`
    : kindOf(value);
}
