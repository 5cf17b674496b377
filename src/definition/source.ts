import {
  CST,
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  Parser,
  parseDocument,
  visit,
  type YAMLError,
} from "yaml";
import { formatPath, type Path } from "../text/field-path.js";
import type { Problem } from "./problem.js";

/** A parsed JSON or YAML file that can point at any of its fields. */
export interface Source {
  file: string;
  value: unknown;
  /** Where a field is: its key when `key` is set (for unknown fields), else its value. */
  locate(path: Path, key?: boolean): { line: number; column: number };
  problem(
    path: Path,
    message: string,
    options?: { severity?: Problem["severity"]; atKey?: boolean },
  ): Problem;
}

/** Keys that would reach Object.prototype when a user's object is copied naively. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
/** Far deeper than any definition needs, far shallower than the recursion that would overflow the stack. */
const MAX_DEPTH = 64;
/** yaml's measure of alias expansion: a few anchors reused are fine, a "billion laughs" file is not. */
const MAX_ALIASES = 100;

type Parsed = { ok: true; source: Source } | { ok: false; problems: Problem[] };

/** Parses a definition or endpoints file, JSON or YAML; every problem points at its place. */
export function parseSource(file: string, text: string): Parsed {
  return parseJson(file, text) ?? parseYaml(file, text);
}

/**
 * JSON, the common case, without building a YAML document (for a 10,000-task file that
 * document is most of the load's time and memory). Positions are found, by reading the
 * text as YAML, only when a problem must point somewhere. Text that JSON.parse refuses,
 * repeats a key (which it would keep silently) or has a shape problem takes the YAML path,
 * which reports each with its place.
 */
function parseJson(file: string, text: string): Parsed | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (keysInText(text) !== keysInValue(value) || shapeProblems(value).length > 0) return null;
  let located: Source["locate"] | undefined;
  const locate: Source["locate"] = (path, key) => {
    if (!located) {
      const parsed = parseYaml(file, text);
      // YAML reads every JSON text the checks above let through; 1:1 is a last resort.
      located = parsed.ok ? parsed.source.locate : () => ({ line: 1, column: 1 });
    }
    return located(path, key);
  };
  return { ok: true, source: { file, value, locate, problem: problemMaker(file, locate) } };
}

/** In JSON that parses, a string followed by `:` is a key, and nothing else is. */
function keysInText(text: string): number {
  let count = 0;
  for (const match of text.matchAll(/"(?:[^"\\]|\\.)*"(\s*:)?/g)) if (match[1]) count++;
  return count;
}

function keysInValue(value: unknown): number {
  let count = 0;
  const stack = [value];
  while (stack.length > 0) {
    const here = stack.pop();
    if (here === null || typeof here !== "object") continue;
    if (!Array.isArray(here)) count += Object.keys(here).length;
    for (const child of Object.values(here)) stack.push(child);
  }
  return count;
}

function problemMaker(file: string, locate: Source["locate"]): Source["problem"] {
  return (path, message, options = {}) => ({
    file,
    ...locate(path, options.atKey),
    field: formatPath(path),
    message,
    severity: options.severity ?? "error",
  });
}

function parseYaml(file: string, text: string): Parsed {
  const lineCounter = new LineCounter();
  const problemAt = (offset: number, path: Path, message: string): Problem => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col, field: formatPath(path), message, severity: "error" };
  };
  const failed = (...problems: Problem[]) => ({ ok: false as const, problems });

  // yaml's composer recurses once per level, so measure the nesting on its flat token stream
  // first. Parsing again costs less than keeping every token of a large file alive while
  // composing (a 10,000-task file's tokens doubled the peak memory).
  const deep = tooDeep(new Parser(lineCounter.addNewLine).parse(text));
  if (deep) return failed(problemAt(deep.offset, deep.path, `is nested more than ${MAX_DEPTH} levels deep`));

  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const root = doc.contents as Node | null;
  if (doc.errors.length > 0) return failed(...doc.errors.map((e) => syntaxProblem(e, root, problemAt)));

  let value: unknown;
  try {
    // An alias bomb throws a ReferenceError here, not a parse error.
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    const offset = firstAliasOffset(doc);
    const why = `its aliases expand too much (${messageOf(error)}): repeat the values instead`;
    return failed(problemAt(offset, pathAt(root, offset), why));
  }

  const locate = (path: Path, key = false) => {
    const { line, col } = lineCounter.linePos(offsetOf(root, path, key));
    return { line, column: col };
  };
  const problem = problemMaker(file, locate);
  const shape = shapeProblems(value)
    .map((p) => problem(p.path, p.message, { atKey: p.atKey }))
    .sort((a, b) => a.line - b.line || a.column - b.column);
  if (shape.length > 0) return failed(...shape);
  return { ok: true, source: { file, value, locate, problem } };
}

type CstItem = { key?: CST.Token | null; value?: CST.Token | null };
/** A token on the walk, with how it was reached: its key token (read only when reported) or index. */
type Visit = { token: CST.Token; depth: number; parent: Visit | null; segment: CST.Token | number | null };

/** The first place nested deeper than MAX_DEPTH, walking the tokens with a stack rather than recursion. */
function tooDeep(tokens: Iterable<CST.Token>): { offset: number; path: Path } | undefined {
  const stack: Visit[] = [];
  for (const token of tokens)
    if (token.type === "document" && token.value)
      stack.push({ token: token.value, depth: 0, parent: null, segment: null });
  while (stack.length > 0) {
    const visit = stack.pop() as Visit;
    if (visit.depth > MAX_DEPTH) return { offset: visit.token.offset, path: pathOf(visit) };
    const { token } = visit;
    if (token.type !== "block-map" && token.type !== "block-seq" && token.type !== "flow-collection")
      continue;
    const isMapping =
      token.type === "block-map" || (token.type === "flow-collection" && token.start.source === "{");
    (token.items as CstItem[]).forEach((item, i) => {
      const segment = isMapping ? (item.key ?? null) : i;
      for (const child of [item.key, item.value]) {
        if (child) stack.push({ token: child, depth: visit.depth + 1, parent: visit, segment });
      }
    });
  }
  return undefined;
}

function keyText(key: CST.Token | null | undefined): string {
  const scalar = key ? CST.resolveAsScalar(key) : null;
  return scalar ? scalar.value : "?";
}

function pathOf(visit: Visit): Path {
  const path: Array<string | number> = [];
  for (let at: Visit | null = visit; at?.segment != null; at = at.parent) {
    path.unshift(typeof at.segment === "number" ? at.segment : keyText(at.segment));
  }
  return path;
}

/** A syntax error, pointing at the field it is in; a duplicate key is named. */
function syntaxProblem(
  error: YAMLError,
  root: Node | null,
  problemAt: (offset: number, path: Path, message: string) => Problem,
): Problem {
  const offset = error.pos[0];
  const path = pathAt(root, offset);
  switch (error.code) {
    case "DUPLICATE_KEY":
      return problemAt(offset, path, `the key "${String(path.at(-1))}" appears twice`);
    case "MULTIPLE_DOCS":
      // yaml's own message points at its API, not at the file.
      return problemAt(offset, [], "a second YAML document starts here: a file holds one");
    default:
      return problemAt(offset, path, error.message.split("\n")[0] ?? error.message);
  }
}

/** The path of the innermost field whose key or value holds `offset`. */
function pathAt(root: Node | null, offset: number): Path {
  const path: Array<string | number> = [];
  // Ranges end before their last offset: [start, value end, node end).
  const holds = (node: unknown, end = node) =>
    ((node as Node | null)?.range?.[0] ?? Number.POSITIVE_INFINITY) <= offset &&
    offset < ((end as Node | null)?.range?.[2] ?? Number.NEGATIVE_INFINITY);
  let node: unknown = root;
  while (node) {
    if (isMap(node)) {
      const pair = node.items.find((p) => holds(p.key, p.value ?? p.key));
      if (!pair) break;
      path.push(isScalar(pair.key) ? String(pair.key.value) : "?");
      node = holds(pair.key) ? null : pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => holds(item));
      if (index < 0) break;
      path.push(index);
      node = node.items[index];
    } else {
      break;
    }
  }
  return path;
}

function firstAliasOffset(doc: Document.Parsed): number {
  let offset = 0;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

/**
 * Keys that could pollute prototypes, anywhere (all of them), and nesting that aliases
 * made too deep. Walks the value with a stack: it may be deeper than the text.
 */
function shapeProblems(value: unknown): Array<{ path: Path; message: string; atKey: boolean }> {
  const found: Array<{ path: Path; message: string; atKey: boolean }> = [];
  const stack: Array<{ value: unknown; path: Path }> = [{ value, path: [] }];
  let tooDeepFound = false;
  while (stack.length > 0) {
    const { value: here, path } = stack.pop() as { value: unknown; path: Path };
    if (here === null || typeof here !== "object" || ArrayBuffer.isView(here)) continue;
    if (path.length > MAX_DEPTH) {
      if (!tooDeepFound)
        found.push({ path, message: `is nested more than ${MAX_DEPTH} levels deep`, atKey: false });
      tooDeepFound = true;
      continue;
    }
    for (const [key, child] of Object.entries(here)) {
      const at = [...path, Array.isArray(here) ? Number(key) : key];
      if (!Array.isArray(here) && FORBIDDEN_KEYS.has(key)) {
        found.push({
          path: at,
          message: `the key "${key}" is not allowed (it could alter every object)`,
          atKey: true,
        });
      } else {
        stack.push({ value: child, path: at });
      }
    }
  }
  return found;
}

function offsetOf(root: Node | null, path: Path, key: boolean): number {
  let node: Node | null = root;
  let keyNode: Node | null;
  let best = root?.range?.[0] ?? 0;
  for (const segment of path) {
    keyNode = null;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
      );
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof segment === "number") {
      node = (node.items[segment] as Node | undefined) ?? null;
    } else {
      break;
    }
    best = (key && keyNode ? keyNode.range?.[0] : node?.range?.[0]) ?? keyNode?.range?.[0] ?? best;
    // Past an alias the path runs through the anchored value: the alias is where to look.
    if (isAlias(node)) break;
  }
  return best;
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}
