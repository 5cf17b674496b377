import { type data, type Expr, Lexer, Parser } from "@actions/expressions";
import {
  type Binary,
  type ContextAccess,
  type ExprVisitor,
  type FunctionCall,
  type Grouping,
  IndexAccess,
  type Literal,
  type Logical,
  type Unary,
} from "@actions/expressions/ast";
import { hasExpression, scanTemplate } from "./scan.js";

export const STATUS_FUNCTIONS = ["success", "failure", "always", "cancelled"] as const;
export type StatusFunction = (typeof STATUS_FUNCTIONS)[number];

export const ALL_CONTEXTS = ["params", "tasks", "env", "run", "github"] as const;
/** The fields that read an answer (`success-if`, `outputs`, `approved`, `reasons`, `poll`) also see `response`. */
export const ANSWER_CONTEXTS = [...ALL_CONTEXTS, "response"] as const;
export const EARLY_CONTEXTS = ["env", "run", "github"] as const;
export type ContextName = (typeof ANSWER_CONTEXTS)[number];

/** A parsed `${{ }}` expression and what it reads. */
export interface CompiledExpression {
  source: string;
  expr: Expr;
  /** Task names read through `tasks.<name>` (as written). */
  tasks: string[];
  /** Variables read through `env.<NAME>`. */
  env: string[];
  /** It reads the env context other than by a literal name (`toJSON(env)`, `env[format(…)]`). */
  allEnv: boolean;
  /** Status functions it calls, lower-cased. */
  statusCalls: StatusFunction[];
}

/** A value from a definition, with its `${{ }}` strings parsed. */
export type CompiledValue =
  | { kind: "literal"; value: unknown }
  | { kind: "whole"; expr: CompiledExpression }
  | { kind: "text"; parts: Array<string | CompiledExpression> }
  | { kind: "array"; items: CompiledValue[] }
  | { kind: "object"; entries: Array<[string, CompiledValue]> };

export interface ExpressionProblem {
  /** Path below the compiled value, e.g. ["region", 0]. */
  path: Array<string | number>;
  source: string;
  message: string;
}

/** A failure keeps what did compile, so later checks (a `tasks.X` read) still see those expressions. */
export type Compiled<T> = { ok: true; value: T } | { ok: false; problems: ExpressionProblem[]; partial: T };

const TASK_FIELDS = ["outputs", "status"];
/** The expression library's own limit. */
const MAX_EXPRESSION_CHARS = 21_000;
const STATUS_DEFINITIONS = STATUS_FUNCTIONS.map((name) => ({ name, minArgs: 0, maxArgs: 0 }));

/**
 * Parses one expression (without its `${{ }}`). Every context and status function parses,
 * so that one used where it is not allowed gets a message saying where it belongs.
 */
export function compileExpression(
  source: string,
  contexts: readonly string[],
  statusFunctions = false,
): { ok: true; value: CompiledExpression } | { ok: false; message: string } {
  if (source.trim() === "") return { ok: false, message: "the expression is empty" };
  let expr: Expr;
  try {
    const tokens = new Lexer(source).lex().tokens;
    expr = new Parser(tokens, [...ANSWER_CONTEXTS], STATUS_DEFINITIONS).parse();
  } catch (error) {
    return { ok: false, message: parserMessage(error, contexts) };
  }
  const { contexts: read, taskFields, ...refs } = collectReferences(expr);
  const misplaced = read.find((name) => !contexts.includes(name));
  if (misplaced) {
    return {
      ok: false,
      message: `the context "${misplaced}" cannot be used here (only ${contexts.join(", ")})`,
    };
  }
  // `tasks.X.output` would read null and silently skip or blank a value: catch the slip here.
  const slip = taskFields.find(({ field }) => !TASK_FIELDS.includes(field.toLowerCase()));
  if (slip) {
    return { ok: false, message: `tasks.${slip.task}.${slip.field}: a task has only "outputs" and "status"` };
  }
  const [status] = refs.statusCalls;
  if (status && !statusFunctions) {
    return { ok: false, message: `${status}() is a status function: only \`if\` may call it` };
  }
  return { ok: true, value: { source, expr, ...refs } };
}

/** The library's message, with an unknown context or a too long expression said as a user would. */
function parserMessage(error: unknown, contexts: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  if (message === "ErrorExceededMaxLength")
    return `the expression is longer than ${MAX_EXPRESSION_CHARS} characters`;
  const unknown = /^Unrecognized named-value: '(.*)'/.exec(message);
  return unknown ? `unknown context "${unknown[1]}" (known here: ${contexts.join(", ")})` : message;
}

/** Parses every `${{ }}` in a value, at any depth. */
export function compileValue(value: unknown, contexts: readonly string[]): Compiled<CompiledValue> {
  const problems: ExpressionProblem[] = [];
  const compiled = walk(value, [], contexts, problems);
  return problems.length ? { ok: false, problems, partial: compiled } : { ok: true, value: compiled };
}

function walk(
  value: unknown,
  path: Array<string | number>,
  contexts: readonly string[],
  problems: ExpressionProblem[],
): CompiledValue {
  if (typeof value === "string") return compileString(value, path, contexts, problems);
  if (Array.isArray(value)) {
    return { kind: "array", items: value.map((item, i) => walk(item, [...path, i], contexts, problems)) };
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([key, item]): [string, CompiledValue] => [
      key,
      walk(item, [...path, key], contexts, problems),
    ]);
    return { kind: "object", entries };
  }
  return { kind: "literal", value };
}

function compileString(
  text: string,
  path: Array<string | number>,
  contexts: readonly string[],
  problems: ExpressionProblem[],
): CompiledValue {
  if (!hasExpression(text)) return { kind: "literal", value: text };
  const scanned = scanTemplate(text);
  if (!scanned.ok) {
    problems.push({ path, source: text, message: scanned.error });
    return { kind: "literal", value: text };
  }
  const parts: Array<string | CompiledExpression> = [];
  for (const segment of scanned.segments) {
    if (segment.kind === "text") {
      parts.push(segment.text);
      continue;
    }
    const result = compileExpression(segment.source, contexts);
    if (result.ok) parts.push(result.value);
    else problems.push({ path, source: segment.source, message: result.message });
  }
  const only = parts[0];
  if (parts.length === 1 && typeof only !== "string" && only !== undefined)
    return { kind: "whole", expr: only };
  return { kind: "text", parts };
}

/** Every expression inside a compiled value, with its path below the value. */
export function expressionsAt(
  value: CompiledValue,
  path: Array<string | number> = [],
): Array<{ path: Array<string | number>; expr: CompiledExpression }> {
  switch (value.kind) {
    case "literal":
      return [];
    case "whole":
      return [{ path, expr: value.expr }];
    case "text":
      return value.parts
        .filter((p): p is CompiledExpression => typeof p !== "string")
        .map((expr) => ({ path, expr }));
    case "array":
      return value.items.flatMap((item, i) => expressionsAt(item, [...path, i]));
    case "object":
      return value.entries.flatMap(([key, item]) => expressionsAt(item, [...path, key]));
  }
}

export function expressionsIn(value: CompiledValue): CompiledExpression[] {
  return expressionsAt(value).map((found) => found.expr);
}

/**
 * Whether a condition holds only when every need succeeded: it calls no status function
 * (GitHub reads it as `success() && (…)`), or it is `success()` alone.
 */
export function needsSuccess(condition: CompiledExpression): boolean {
  if (condition.statusCalls.length === 0) return true;
  const call = condition.expr as Partial<FunctionCall>;
  return call.functionName?.lexeme.toLowerCase() === "success" && call.args?.length === 0;
}

/**
 * An `if` condition: `${{ }}` is optional, as in GitHub. A condition wrapped in one
 * `${{ }}` is unwrapped. Text around an expression is refused: GitHub would make it a
 * string, always true, which is never what the author meant.
 */
export function compileCondition(condition: string | boolean | undefined) {
  // An empty `if` is no condition, as GitHub's runner reads it.
  if (condition === undefined || String(condition).trim() === "") {
    return compileExpression("success()", ALL_CONTEXTS, true);
  }
  if (typeof condition === "boolean") return compileExpression(String(condition), ALL_CONTEXTS, true);
  const trimmed = condition.trim();
  const scanned = scanTemplate(trimmed);
  if (!scanned.ok) return { ok: false as const, message: scanned.error };
  const [first] = scanned.segments;
  const source = scanned.segments.length === 1 && first?.kind === "expr" ? first.source : trimmed;
  if (!hasExpression(source)) return compileExpression(source, ALL_CONTEXTS, true);
  return {
    ok: false as const,
    message: "an `if` holds one expression: write it without text around `${{ }}`",
  };
}

function collectReferences(expr: Expr) {
  const contexts = new Set<string>();
  const tasks = new Set<string>();
  const env = new Set<string>();
  // The `env` nodes read by a literal name; any other read of `env` may reach every variable.
  const named = new Set<Expr>();
  let allEnv = false;
  const statusCalls = new Set<StatusFunction>();
  const taskFields: Array<{ task: string; field: string }> = [];
  const visitor: ExprVisitor<void> = {
    visitLiteral: (_: Literal) => {},
    visitUnary: (u: Unary) => u.expr.accept(visitor),
    visitBinary: (b: Binary) => {
      b.left.accept(visitor);
      b.right.accept(visitor);
    },
    visitLogical: (l: Logical) => {
      for (const arg of l.args) arg.accept(visitor);
    },
    visitGrouping: (g: Grouping) => g.group.accept(visitor),
    visitContextAccess: (c: ContextAccess) => {
      const name = c.name.lexeme.toLowerCase();
      contexts.add(name);
      if (name === "env" && !named.has(c)) allEnv = true;
    },
    visitIndexAccess: (ia: IndexAccess) => {
      const taskName = keyRead(ia, "tasks");
      if (taskName !== undefined) tasks.add(taskName);
      const field = literalKey(ia.index);
      const fieldOf = ia.expr instanceof IndexAccess ? keyRead(ia.expr, "tasks") : undefined;
      if (fieldOf !== undefined && field !== undefined) taskFields.push({ task: fieldOf, field });
      const variable = keyRead(ia, "env");
      if (variable !== undefined) {
        env.add(variable);
        named.add(ia.expr);
      }
      ia.expr.accept(visitor);
      ia.index.accept(visitor);
    },
    visitFunctionCall: (f: FunctionCall) => {
      const name = f.functionName.lexeme.toLowerCase();
      if ((STATUS_FUNCTIONS as readonly string[]).includes(name)) statusCalls.add(name as StatusFunction);
      for (const arg of f.args) arg.accept(visitor);
    },
  };
  expr.accept(visitor);
  return {
    contexts: [...contexts],
    tasks: [...tasks],
    taskFields,
    env: [...env],
    allEnv,
    statusCalls: [...statusCalls],
  };
}

/** `context.X` or `context['X']`: the X, when it is a literal. */
function keyRead(ia: IndexAccess, context: string): string | undefined {
  const target = ia.expr as Partial<ContextAccess>;
  if (!target.name || target.name.lexeme.toLowerCase() !== context) return undefined;
  return literalKey(ia.index);
}

/** The X of `.X` or `['X']`; undefined for a computed index or `*`. */
function literalKey(index: Expr): string | undefined {
  const literal = (index as Partial<Literal>).literal as data.ExpressionData | undefined;
  return literal && literal.kind === 0 ? literal.coerceString() : undefined;
}
