import type { DispatchInputSpec } from "../definition/schema.js";

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
      // defineProperty: a `__proto__` key stays data and never reaches Object.prototype.
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  const errors: string[] = [];
  for (const [name, input] of Object.entries(inputs)) {
    if (out[name] === undefined) {
      if (input.default === undefined) {
        if (input.required) errors.push(`the input "${name}" is required`);
        continue;
      }
      out[name] = input.default;
    }
    const converted = convert(name, input, out[name]);
    if (converted.ok) out[name] = converted.value;
    else errors.push(converted.error);
  }
  return errors.length ? { ok: false, errors } : { ok: true, params: out };
}

function convert(
  name: string,
  input: DispatchInputSpec,
  value: unknown,
): { ok: true; value: unknown } | { ok: false; error: string } {
  const text = typeof value === "string" ? value.trim() : value;
  switch (input.type ?? "string") {
    case "number": {
      const number = typeof text === "number" ? text : typeof text === "string" && text !== "" ? Number(text) : Number.NaN;
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
      return options.includes(String(value))
        ? { ok: true, value: String(value) }
        : { ok: false, error: `the input "${name}" must be one of ${options.join(", ")}; got ${JSON.stringify(value)}` };
    }
    default:
      return { ok: true, value };
  }
}
