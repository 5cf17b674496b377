import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { formatPath, type Path, type Problem } from "./problem.js";

/** A parsed JSON or YAML file that can point at any of its fields. */
export interface Source {
  file: string;
  value: unknown;
  /** Where a field is: its key when `key` is set (for unknown fields), else its value. */
  locate(path: Path, key?: boolean): { line: number; column: number };
  problem(path: Path, message: string, options?: { severity?: Problem["severity"]; atKey?: boolean }): Problem;
}

/** Keys that would reach Object.prototype when a user's object is copied naively. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const MAX_DEPTH = 64;
const MAX_ALIASES = 100;

export function parseSource(file: string, text: string): { ok: true; source: Source } | { ok: false; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const fail = (offset: number, field: string, message: string) => ({
    ok: false as const,
    problems: [{ file, ...at(offset), field, message, severity: "error" as const }],
  });

  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  } catch (error) {
    return fail(0, "(file)", `cannot be parsed: ${messageOf(error)}`);
  }
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        file,
        ...at(e.pos[0]),
        field: "(syntax)",
        message: e.message.split("\n")[0] ?? e.message,
        severity: "error" as const,
      })),
    };
  }
  const shape = checkShape(doc.contents as Node | null, [], 0);
  if (shape) return fail(shape.offset, formatPath(shape.path), shape.message);

  let value: unknown;
  try {
    // An alias bomb throws a ReferenceError here, not a parse error: every error is the file's.
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    return fail(0, "(file)", `cannot be read: ${messageOf(error)}`);
  }

  const locate = (path: Path, key = false) => at(offsetOf(doc.contents as Node | null, path, key));
  return {
    ok: true,
    source: {
      file,
      value,
      locate,
      problem: (path, message, options = {}) => ({
        file,
        ...locate(path, options.atKey),
        field: formatPath(path),
        message,
        severity: options.severity ?? "error",
      }),
    },
  };
}

/** Rejects nesting deeper than any definition needs and keys that could pollute prototypes. */
function checkShape(
  node: Node | null,
  path: Array<string | number>,
  depth: number,
): { offset: number; path: Path; message: string } | undefined {
  if (!node) return undefined;
  if (depth > MAX_DEPTH) {
    return { offset: node.range?.[0] ?? 0, path, message: `nested more than ${MAX_DEPTH} levels deep` };
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      if (FORBIDDEN_KEYS.has(key)) {
        const offset = (pair.key as Node | null)?.range?.[0] ?? 0;
        return { offset, path: [...path, key], message: `the key "${key}" is not allowed (it could alter every object)` };
      }
      const found = checkShape(pair.value as Node | null, [...path, key], depth + 1);
      if (found) return found;
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const found = checkShape(item as Node | null, [...path, i], depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function offsetOf(root: Node | null, path: Path, key: boolean): number {
  let node: Node | null = root;
  let keyNode: Node | null = null;
  let best = root?.range?.[0] ?? 0;
  for (const segment of path) {
    keyNode = null;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof segment === "number") {
      node = (node.items[segment] as Node | undefined) ?? null;
    } else {
      break;
    }
    best = (key && keyNode ? keyNode.range?.[0] : node?.range?.[0]) ?? keyNode?.range?.[0] ?? best;
  }
  return best;
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}
