import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/run-action.js";

/** The layers of src/, lowest first: each may import only itself and the ones before it. */
const ORDER = [
  "text",
  "expressions",
  "tracing",
  "engine",
  "transport",
  "definition",
  "triggers",
  "report",
  "pipeline",
  "action",
  "cli",
  "index.ts",
  "main.ts",
  "cli.ts",
  "lib.ts",
];

const SRC = path.join(ROOT, "src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(file) : file.endsWith(".ts") ? [file] : [];
  });
}

/** The layer of a file: its folder under src/, or its own name for a file at the top. */
const layerOf = (file: string) => path.relative(SRC, file).split(path.sep)[0] as string;

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.[^"']+)["']/g)].map((m) =>
    path.resolve(path.dirname(file), (m[1] as string).replace(/\.js$/, ".ts")),
  );
}

describe("src/ layers", () => {
  const files = sources(SRC);

  it("has every folder in the order", () => {
    expect(files.length).toBeGreaterThan(50);
    expect([...new Set(files.map(layerOf))].filter((layer) => !ORDER.includes(layer))).toEqual([]);
  });

  it("imports only from its own layer or a lower one", () => {
    const upward = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => ORDER.indexOf(layerOf(target)) > ORDER.indexOf(layerOf(file)))
        .map((target) => `${path.relative(SRC, file)} -> ${path.relative(SRC, target)}`),
    );
    expect(upward).toEqual([]);
  });

  it("has no import circle between files", () => {
    const graph = new Map(files.map((file) => [file, importsOf(file)]));
    const state = new Map<string, "open" | "done">();
    const circles: string[] = [];
    const visit = (file: string, stack: string[]) => {
      state.set(file, "open");
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === "open")
          circles.push([...stack, file, next].map((f) => path.relative(SRC, f)).join(" -> "));
        else if (!state.has(next) && graph.has(next)) visit(next, [...stack, file]);
      }
      state.set(file, "done");
    };
    for (const file of files) if (!state.has(file)) visit(file, []);
    expect(circles).toEqual([]);
  });
});
