import { describe, expect, it } from "vitest";
import { formatProblem } from "../../src/definition/problem.js";
import { parseSource } from "../../src/definition/source.js";

/** What a user sees: every problem, formatted; or [] when the file parses. */
function problemsOf(text: string, file = "w.yml"): string[] {
  const parsed = parseSource(file, text);
  return parsed.ok ? [] : parsed.problems.map(formatProblem);
}

describe("deep nesting is refused, never a stack overflow", () => {
  it("YAML flow sequences 100,000 deep", () => {
    const depth = 100_000;
    expect(problemsOf(`id: W\nparams: { x: ${"[".repeat(depth)}${"]".repeat(depth)} }\n`)).toEqual([
      "w.yml:2:77: error: params.x[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: is nested more than 64 levels deep",
    ]);
  });

  it("JSON objects 100,000 deep", () => {
    const depth = 100_000;
    const problems = problemsOf(
      `{"id": "W", "with": ${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`,
      "w.json",
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^w\.json:1:\d+: error: with(\.a){64}: is nested more than 64 levels deep$/);
  });

  it("YAML block mappings, one indent deeper per line", () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `${" ".repeat(i)}a:`);
    const problems = problemsOf(`${lines.join("\n")} 1\n`);
    expect(problems).toEqual([
      `w.yml:66:66: error: ${"a.".repeat(65).slice(0, -1)}: is nested more than 64 levels deep`,
    ]);
  });

  it("YAML block sequences on one line", () => {
    expect(problemsOf(`${"- ".repeat(100_000)}x\n`)).toEqual([
      `w.yml:1:131: error: ${"[0]".repeat(65)}: is nested more than 64 levels deep`,
    ]);
  });

  it("nesting made deep through aliases", () => {
    const inner = (i: number) => `${"[".repeat(40)}${i ? `*l${i - 1}` : "1"}${"]".repeat(40)}`;
    const text = [0, 1].map((i) => `l${i}: &l${i} ${inner(i)}`).join("\n");
    expect(problemsOf(text)).toEqual([
      `w.yml:2:49: error: l1${"[0]".repeat(64)}: is nested more than 64 levels deep`,
    ]);
  });

  it("accepts 64 levels", () => {
    expect(problemsOf(`x: ${"[".repeat(64)}${"]".repeat(64)}\n`)).toEqual([]);
  });
});

describe("alias bombs", () => {
  it("refuses a billion laughs at its first alias, quickly", () => {
    const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (const [i, name] of [..."bcdefghi"].entries()) {
      const previous = "abcdefghi"[i];
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]`);
    }
    const started = Date.now();
    expect(problemsOf(levels.join("\n"))).toEqual([
      "w.yml:2:8: error: b[0]: its aliases expand too much (Excessive alias count indicates a resource exhaustion attack): repeat the values instead",
    ]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("allows a few aliases, as people use them", () => {
    const parsed = parseSource("w.yml", "base: &retry { attempts: 5 }\none: *retry\ntwo: *retry\n");
    expect(parsed.ok && parsed.source.value).toEqual({
      base: { attempts: 5 },
      one: { attempts: 5 },
      two: { attempts: 5 },
    });
  });
});

describe("syntax errors", () => {
  it("names a duplicate key where it appears again, in YAML and JSON", () => {
    expect(problemsOf("id: A\ntasks: []\nid: B\n")).toEqual([
      'w.yml:3:1: error: id: the key "id" appears twice',
    ]);
    expect(
      problemsOf('{"id": "A",\n "endpoints": {"S": {"url": "http://h", "url": "http://i"}}}', "w.json"),
    ).toEqual(['w.json:2:41: error: endpoints.S.url: the key "url" appears twice']);
  });

  it("reports every syntax error, each in the field it is in", () => {
    expect(problemsOf("id: W\ntasks:\n  - name: A\n   bad: 1\n  - name: B\n    x: y: z\n")).toEqual([
      "w.yml:4:1: error: tasks: Sequence item without - indicator",
      "w.yml:6:8: error: tasks[2].x.y: Nested mappings are not allowed in compact mappings",
    ]);
    expect(problemsOf('{"id": "W",, "tasks": [}', "w.json")[0]).toBe(
      "w.json:1:12: error: (top level): Unexpected , in flow map",
    );
  });

  it("refuses a second document in one file", () => {
    expect(problemsOf("id: A\n---\nid: B\n")).toEqual([
      "w.yml:2:1: error: (top level): a second YAML document starts here: a file holds one",
    ]);
  });

  it("reports a tab used for indentation where it is", () => {
    expect(problemsOf("id: W\ntasks:\n\t- name: A\n")).toEqual([
      "w.yml:3:1: error: tasks: Tabs are not allowed as indentation",
    ]);
  });
});

describe("keys that reach Object.prototype", () => {
  it.each(["__proto__", "constructor", "prototype"])("refuses %s at its key, in YAML and JSON", (key) => {
    const message = `the key "${key}" is not allowed (it could alter every object)`;
    expect(problemsOf(`id: W\ntasks:\n  - with: { ok: 1, ${key}: { polluted: true } }\n`)).toEqual([
      `w.yml:3:20: error: tasks[0].with.${key}: ${message}`,
    ]);
    expect(problemsOf(`{"id": "W", "${key}": {"polluted": true}}`, "w.json")).toEqual([
      `w.json:1:13: error: ${key}: ${message}`,
    ]);
  });

  it("reports every one of them, in file order", () => {
    const text = 'a: { __proto__: 1 }\nb: [{ constructor: 2 }]\n"__proto__": { "__proto__": 3 }\n';
    expect(problemsOf(text).map((p) => p.split(": error: ")[0])).toEqual([
      "w.yml:1:6",
      "w.yml:2:7",
      "w.yml:3:1",
    ]);
  });

  it("leaves Object.prototype untouched", () => {
    parseSource("w.yml", "__proto__: { polluted: yes }\nx: { __proto__: { polluted: yes } }\n");
    parseSource(
      "w.json",
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });
});
