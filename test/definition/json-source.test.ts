import { describe, expect, it } from "vitest";
import { parseWorkflow } from "../../src/definition/load.js";
import { parseSource } from "../../src/definition/source.js";

const where = (text: string) =>
  parseWorkflow("w.json", text).problems.map((p) => `${p.line}:${p.column} ${p.field}: ${p.message}`);

describe("JSON definitions", () => {
  it("a valid file reads as its value", () => {
    const parsed = parseSource("w.json", '{ "id": "A", "tasks": [ { "name": "T" } ] }');
    expect(parsed.ok && parsed.source.value).toEqual({ id: "A", tasks: [{ name: "T" }] });
  });

  it("problems found after reading still point at their line and column", () => {
    const text =
      '{\n  "id": "A",\n  "tasks": [\n    { "name": "T", "service": "S", "action": "go", "colour": 1 }\n  ]\n}';
    expect(where(text)).toEqual([
      '4:31 tasks[0].service: no endpoint named "S" (known: none)',
      '4:52 tasks[0].colour: unknown field "colour"',
    ]);
  });

  it("a key given twice, which JSON.parse would keep silently, is an error at its place", () => {
    const text = '{\n  "id": "A",\n  "id": "B",\n  "tasks": []\n}';
    expect(where(text)).toEqual(['3:3 id: the key "id" appears twice']);
  });

  it("a key that could pollute prototypes is refused, with its place", () => {
    const text = '{ "id": "A", "params": { "__proto__": { "polluted": true } }, "tasks": [] }';
    expect(where(text)).toEqual([expect.stringMatching(/^1:26 params\.__proto__: .*not allowed/)]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("quotes and colons inside strings do not count as keys", () => {
    const parsed = parseSource("w.json", '{ "a": "x\\": y", "b": ["c:", "d\\\\"] }');
    expect(parsed.ok && parsed.source.value).toEqual({ a: 'x": y', b: ["c:", "d\\"] });
  });
});
