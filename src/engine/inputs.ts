import type { DispatchInputSpec } from "./plan-schema.js";

const GIVE_IT = "give it as a dispatch input, in the client_payload or in params";

/** Decimal number text, as GitHub's number input takes it: no hex, no Infinity, no blanks. */
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export type Converted = { ok: true; params: Record<string, unknown> } | { ok: false; errors: string[] };

/**
 * Merges params at the top level, lowest first, then types the ones declared in
 * `on.dispatch.inputs`. GitHub sends `""` for an input left empty, so for a declared
 * input an empty string counts as not given and a lower layer's value stands.
 */
export function mergeParams(
  declared: Record<string, DispatchInputSpec> | undefined,
  layers: ReadonlyArray<Record<string, unknown>>,
): Converted {
  const inputs = declared ?? {};
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === "" && Object.hasOwn(inputs, key)) continue;
      put(out, key, value);
    }
  }
  const errors: string[] = [];
  for (const [name, input] of Object.entries(inputs)) {
    // Own values only: an input named `toString` must not find Object.prototype's.
    const given = Object.hasOwn(out, name) ? out[name] : undefined;
    if (given === undefined && input.default === undefined) {
      if (input.required) errors.push(`the input "${name}" is required (on.dispatch.inputs): ${GIVE_IT}`);
      continue;
    }
    const converted = convertInput(name, input, given === undefined ? input.default : given);
    if (converted.ok) put(out, name, converted.value);
    else errors.push(converted.error);
  }
  return errors.length ? { ok: false, errors } : { ok: true, params: out };
}

/** defineProperty, not `=`: a `__proto__` key stays data and never reaches Object.prototype. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A declared input's value, typed as `on.dispatch.inputs` says: number from number text, boolean from true/false, choice from its options. */
export function convertInput(
  name: string,
  input: DispatchInputSpec,
  value: unknown,
): { ok: true; value: unknown } | { ok: false; error: string } {
  const text = typeof value === "string" ? value.trim() : value;
  switch (input.type ?? "string") {
    case "number": {
      const number =
        typeof text === "number"
          ? text
          : typeof text === "string" && NUMBER_TEXT.test(text)
            ? Number(text)
            : Number.NaN;
      return Number.isFinite(number)
        ? { ok: true, value: number }
        : { ok: false, error: `the input "${name}" must be a number, got ${JSON.stringify(value)}` };
    }
    case "boolean":
      if (text === true || text === "true") return { ok: true, value: true };
      if (text === false || text === "false") return { ok: true, value: false };
      return { ok: false, error: `the input "${name}" must be true or false, got ${JSON.stringify(value)}` };
    case "choice": {
      const options = input.options ?? [];
      // A client_payload may carry 2 for the option "2": compare as text, but never an object's text.
      const choice = ["string", "number", "boolean"].includes(typeof text) ? String(text) : undefined;
      if (choice === undefined || !options.includes(choice)) {
        const allowed = options.length
          ? `one of ${options.join(", ")}`
          : "one of its options, but it declares none";
        return { ok: false, error: `the input "${name}" must be ${allowed}; got ${JSON.stringify(value)}` };
      }
      return { ok: true, value: choice };
    }
    default:
      return { ok: true, value };
  }
}
