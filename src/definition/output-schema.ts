import { draftOf, SCHEMA_DRAFTS } from "../engine/json-schema.js";
import type { PlannedSchema } from "../engine/plan.js";
import type { Path } from "../text/field-path.js";
import type { Problem } from "./problem.js";
import type { Source } from "./source.js";

/** Reads a file beside the definition, by the name a task gave: its text, or why it cannot. */
export type ReadBeside = (name: string) => { ok: true; text: string } | { ok: false; error: string };

/** The schema a definition gave inline or by file name, read and shaped; problems say what is wrong. */
export function planOutputSchema(
  given: unknown,
  place: { source: Source; at: Path },
  readBeside: ReadBeside,
  problems: Problem[],
): PlannedSchema | null {
  if (given === undefined) return null;
  const at = [...place.at, "output-schema"];
  const problem = (message: string) => problems.push(place.source.problem(at, message));
  let schema = given;
  if (typeof given === "string") {
    // Absolute on any runner: `/x`, `\\x`, `C:x`; and no way up out of the definition's folder.
    if (/^([\\/]|[A-Za-z]:)/.test(given) || given.split(/[\\/]/).includes("..")) {
      problem(`"${given}" must be a file beside the definition (a relative path without ..)`);
      return null;
    }
    const read = readBeside(given);
    if (!read.ok) {
      problem(`cannot read ${given}: ${read.error}`);
      return null;
    }
    try {
      schema = JSON.parse(read.text);
    } catch (error) {
      problem(`${given} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
    if (
      schema === null ||
      (typeof schema !== "object" && typeof schema !== "boolean") ||
      Array.isArray(schema)
    ) {
      problem(`${given} does not hold a JSON Schema (an object or a boolean)`);
      return null;
    }
  }
  const named = typeof schema === "object" ? (schema as { $schema?: unknown }).$schema : undefined;
  if (named !== undefined && !(typeof named === "string" && draftOf(named))) {
    problem(
      `$schema ${JSON.stringify(named)} is not a draft mgmt checks: use ${Object.keys(SCHEMA_DRAFTS).join(", ")}, or leave it out for 2020-12`,
    );
    return null;
  }
  // Where it was written, for the problems the schema check finds when it compiles the schema.
  const { file, line, column, field } = place.source.problem(at, "");
  return { schema, strict: fitsStrictSubset(schema), at: { file, line, column, field } };
}

const SUBSCHEMA_MAPS = ["properties", "$defs", "definitions", "patternProperties", "dependentSchemas"];
const SUBSCHEMA_LISTS = ["anyOf", "allOf", "oneOf", "prefixItems"];
const SUBSCHEMAS = ["items", "additionalItems", "not", "if", "then", "else", "contains"];
/** Keywords that bound what a value may be; a schema with none of them takes any object at all. */
const BOUNDS = ["type", "properties", "$ref", "$dynamicRef", "anyOf", "allOf", "oneOf", "enum", "const"];

/**
 * Whether every object of the schema lists all its properties in `required` and sets
 * `additionalProperties: false`: what OpenAI's structured outputs accept as strict. A
 * schema outside it is still sent, unstrict, and the answer checked all the same. `true`,
 * `{}` or a schema of annotations only takes any object, with any properties: not strict.
 */
export function fitsStrictSubset(schema: unknown): boolean {
  if (typeof schema === "boolean") return !schema;
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return false;
  const node = schema as Record<string, unknown>;
  if (!BOUNDS.some((key) => node[key] !== undefined)) return false;
  const types = Array.isArray(node.type) ? node.type : [node.type];
  if (types.includes("object") || node.properties !== undefined) {
    const keys = Object.keys((node.properties ?? {}) as object);
    const required = Array.isArray(node.required) ? node.required : [];
    if (node.additionalProperties !== false || keys.some((key) => !required.includes(key))) return false;
    // Keys matching a pattern are neither listed nor required.
    if (Object.keys((node.patternProperties ?? {}) as object).length > 0) return false;
  }
  const children = [
    ...SUBSCHEMA_MAPS.flatMap((key) => Object.values((node[key] ?? {}) as object)),
    ...SUBSCHEMA_LISTS.flatMap((key) => (Array.isArray(node[key]) ? (node[key] as unknown[]) : [])),
    // Draft-07's `items` may be a list (a tuple): each of its schemas counts.
    ...SUBSCHEMAS.flatMap((key) => (node[key] === undefined ? [] : [node[key]].flat())),
  ];
  return children.every(fitsStrictSubset);
}
