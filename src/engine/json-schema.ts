import type { ErrorObject, ValidateFunction } from "ajv";

/** The first place where a value fails its schema: a field path (`suggestion.regions`) and why. */
export interface SchemaMiss {
  /** Dotted, with list indexes as numbers; empty for the value as a whole. */
  path: string;
  message: string;
}

export interface SchemaChecker {
  /** Why a schema is not a valid JSON Schema of its draft, or null. */
  problemOf(schema: unknown): string | null;
  /** The first miss of the value, or null when it matches. */
  check(schema: unknown, value: unknown): SchemaMiss | null;
}

/** The drafts a schema may name in `$schema` (without a trailing `#`); none named means 2020-12. */
export const SCHEMA_DRAFTS = {
  "https://json-schema.org/draft/2020-12/schema": "2020-12",
  "https://json-schema.org/draft/2019-09/schema": "2019-09",
  "http://json-schema.org/draft-07/schema": "draft-07",
} as const;
type Draft = (typeof SCHEMA_DRAFTS)[keyof typeof SCHEMA_DRAFTS];

/** The draft a `$schema` URI names, with or without its trailing `#`, or undefined. */
export function draftOf(uri: string): Draft | undefined {
  return SCHEMA_DRAFTS[uri.replace(/#$/, "") as keyof typeof SCHEMA_DRAFTS];
}

let loading: Promise<SchemaChecker> | undefined;

/**
 * The JSON Schema checker, loaded on first use: a workflow without an output schema never
 * pays for the validator at start. Compiled validators are kept per schema object, which a
 * plan holds for its whole life.
 */
export function loadSchemaChecker(): Promise<SchemaChecker> {
  loading ??= (async () => {
    const [ajv2020, ajv2019, ajv07, formats] = await Promise.all([
      import("ajv/dist/2020.js"),
      import("ajv/dist/2019.js"),
      import("ajv"),
      import("ajv-formats"),
    ]);
    // Unknown keywords are annotations, as the drafts say; every error is not needed, only the first.
    // Schemas are not registered by `$id`: the same file read again (another task, another load in
    // this process) would be "already exists". Nothing is logged: the engine does no I/O.
    const options = { strict: false, allErrors: false, addUsedSchema: false, logger: false } as const;
    const validators: Record<Draft, InstanceType<typeof ajv07.Ajv>> = {
      "2020-12": new ajv2020.Ajv2020(options),
      "2019-09": new ajv2019.Ajv2019(options),
      "draft-07": new ajv07.Ajv(options),
    };
    for (const ajv of Object.values(validators)) formats.default.default(ajv);
    const compiled = new WeakMap<object, ValidateFunction>();
    const compile = (schema: unknown): ValidateFunction => {
      const key = typeof schema === "object" && schema !== null ? schema : { schema };
      let validate = compiled.get(key);
      if (!validate) {
        const named = (schema as { $schema?: unknown } | null)?.$schema;
        // Boolean schemas have no `$schema`; a plan holds only drafts the definition check allowed.
        const draft = typeof named === "string" ? draftOf(named) : undefined;
        validate = validators[draft ?? "2020-12"].compile(schema as object);
        compiled.set(key, validate);
      }
      return validate;
    };
    return {
      problemOf(schema) {
        try {
          compile(schema);
          return null;
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      },
      check(schema, value) {
        const validate = compile(schema);
        if (validate(value)) return null;
        return missOf((validate.errors ?? [])[0]);
      },
    };
  })();
  return loading;
}

/** An ajv error as a field path and a short why: a missing or extra property names the property. */
function missOf(error: ErrorObject | undefined): SchemaMiss {
  if (!error) return { path: "", message: "does not match the schema" };
  const parts = error.instancePath
    .split("/")
    .slice(1)
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"));
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  if (error.keyword === "required" && params.missingProperty)
    return { path: [...parts, params.missingProperty].join("."), message: "is required" };
  if (error.keyword === "additionalProperties" && params.additionalProperty) {
    return {
      path: [...parts, params.additionalProperty].join("."),
      message: "is not allowed (additionalProperties: false)",
    };
  }
  return { path: parts.join("."), message: error.message ?? "does not match the schema" };
}

/** A miss in words: `suggestion.regions: must be array`. */
export function describeMiss(miss: SchemaMiss): string {
  return miss.path ? `${miss.path}: ${miss.message}` : miss.message;
}
