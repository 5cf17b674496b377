import { data, Evaluator } from "@actions/expressions";
import type { FunctionDefinition } from "@actions/expressions/funcs/info";
import type { CompiledExpression, CompiledValue, StatusFunction } from "./compile.js";

/** Plain JSON context values, converted once into the library's data. */
export type ExpressionContext = data.Dictionary;

export function toExpressionData(value: unknown): data.ExpressionData {
  // The reviver only sees JSON: undefined and functions drop out, as they would on the wire.
  return JSON.parse(JSON.stringify(value ?? null), data.reviver) as data.ExpressionData;
}

export function fromExpressionData(value: data.ExpressionData): unknown {
  return JSON.parse(JSON.stringify(value, data.replacer));
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
