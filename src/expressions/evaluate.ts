import { data, Evaluator } from "@actions/expressions";
import type { FunctionDefinition } from "@actions/expressions/funcs/info";
import type { CompiledExpression, CompiledValue, StatusFunction } from "./compile.js";

/** Plain JSON context values, converted once into the library's data. */
export type ExpressionContext = data.Dictionary;

/**
 * Plain JSON as the library's data. Built item by item without recursion: the library's own
 * reviver spreads an array into arguments, which overflows the stack on a list of 70,000.
 * As on the wire, undefined and functions drop out of objects and become null in arrays.
 */
export function toExpressionData(value: unknown): data.ExpressionData {
  const pending: Array<() => void> = [];
  const convert = (v: unknown): data.ExpressionData => {
    const json =
      v !== null && typeof v === "object" && "toJSON" in v ? (v as { toJSON(): unknown }).toJSON() : v;
    if (json === null || json === undefined || typeof json === "function") return new data.Null();
    if (typeof json === "string") return new data.StringData(json);
    if (typeof json === "number") return Number.isFinite(json) ? new data.NumberData(json) : new data.Null();
    if (typeof json === "boolean") return new data.BooleanData(json);
    if (Array.isArray(json)) {
      const array = new data.Array();
      pending.push(() => {
        for (const item of json) array.add(convert(item));
      });
      return array;
    }
    const dictionary = new data.Dictionary();
    pending.push(() => {
      for (const [key, item] of Object.entries(json as object)) {
        if (item !== undefined && typeof item !== "function") dictionary.add(key, convert(item));
      }
    });
    return dictionary;
  };
  const root = convert(value);
  for (let fill = pending.pop(); fill !== undefined; fill = pending.pop()) fill();
  return root;
}

/** The library's data as plain JSON, built without recursion; keys such as `__proto__` stay data. */
export function fromExpressionData(value: data.ExpressionData): unknown {
  const pending: Array<() => void> = [];
  const convert = (v: data.ExpressionData): unknown => {
    if (v instanceof data.Array) {
      const array: unknown[] = [];
      pending.push(() => {
        for (const item of v.values()) array.push(convert(item));
      });
      return array;
    }
    if (v instanceof data.Dictionary) {
      const object: Record<string, unknown> = {};
      pending.push(() => {
        for (const { key, value: item } of v.pairs()) {
          Object.defineProperty(object, key, {
            value: convert(item),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
      });
      return object;
    }
    if (v instanceof data.StringData) return v.coerceString();
    if (v instanceof data.NumberData) return v.number();
    if (v instanceof data.BooleanData) return v.value;
    return null;
  };
  const root = convert(value);
  for (let fill = pending.pop(); fill !== undefined; fill = pending.pop()) fill();
  return root;
}

export function buildContext(contexts: Record<string, data.ExpressionData>): ExpressionContext {
  const dictionary = new data.Dictionary();
  for (const [name, value] of Object.entries(contexts)) dictionary.add(name, value);
  return dictionary;
}

export type StatusAnswers = Record<StatusFunction, () => boolean>;

/** A failure names the expression and where it sits below the evaluated value. */
export type Evaluated =
  { ok: true; value: unknown } | { ok: false; source: string; message: string; path: Array<string | number> };

export function evaluateExpression(
  compiled: CompiledExpression,
  context: ExpressionContext,
  status?: StatusAnswers,
): Evaluated {
  try {
    const functions = status ? statusFunctionMap(status) : undefined;
    const result = new Evaluator(compiled.expr, context, functions).evaluate();
    return { ok: true, value: fromExpressionData(result) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, source: compiled.source, message, path: [] };
  }
}

/** Truthiness as GitHub reads an `if`: false, 0, "", null are false. */
export function evaluateCondition(
  compiled: CompiledExpression,
  context: ExpressionContext,
  status: StatusAnswers,
): { ok: true; value: boolean } | Extract<Evaluated, { ok: false }> {
  const result = evaluateExpression(compiled, context, status);
  if (!result.ok) return result;
  const value = result.value;
  return {
    ok: true,
    value: !(value === false || value === 0 || value === "" || value === null || Number.isNaN(value)),
  };
}

/**
 * Evaluates a compiled value. A string that is exactly one expression keeps the result's
 * type; text around expressions makes a string. What an expression returns is data: it
 * is never scanned for `${{` again.
 */
export function evaluateValue(value: CompiledValue, context: ExpressionContext): Evaluated {
  const at = (key: string | number, result: Evaluated): Evaluated =>
    result.ok ? result : { ...result, path: [key, ...result.path] };
  switch (value.kind) {
    case "literal":
      return { ok: true, value: value.value };
    case "whole":
      return evaluateExpression(value.expr, context);
    case "text": {
      let text = "";
      for (const part of value.parts) {
        if (typeof part === "string") {
          text += part;
          continue;
        }
        const result = evaluateExpression(part, context);
        if (!result.ok) return result;
        text += asText(result.value);
      }
      return { ok: true, value: text };
    }
    case "array": {
      const items: unknown[] = [];
      for (const [i, item] of value.items.entries()) {
        const result = at(i, evaluateValue(item, context));
        if (!result.ok) return result;
        items.push(result.value);
      }
      return { ok: true, value: items };
    }
    case "object": {
      // A null-prototype object: a `__proto__` key stays an ordinary key.
      const out: Record<string, unknown> = Object.create(null);
      for (const [key, item] of value.entries) {
        const result = at(key, evaluateValue(item, context));
        if (!result.ok) return result;
        out[key] = result.value;
      }
      return { ok: true, value: { ...out } };
    }
  }
}

/** How GitHub writes a value into text: null is empty, objects are JSON. */
function asText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function statusFunctionMap(status: StatusAnswers): Map<string, FunctionDefinition> {
  const map = new Map<string, FunctionDefinition>();
  for (const [name, answer] of Object.entries(status)) {
    map.set(name, { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(answer()) });
  }
  return map;
}
