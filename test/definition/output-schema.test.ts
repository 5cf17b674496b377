// A task's output-schema (section 10): inline or a .json file beside the definition, read and
// checked as a schema when the definition loads; each mistake named at the field that gave it.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadDefinitions, parseWorkflow } from "../../src/definition/load.js";
import { fitsStrictSubset } from "../../src/definition/output-schema.js";
import { formatProblem } from "../../src/definition/problem.js";
import { tempDir } from "../helpers/temp-dir.js";

const HEAD = `id: Schemas
endpoints:
  Advisor: { url: "http://127.0.0.1:1/a2a", protocol: a2a }
tasks:
  - name: Analyze
    agent: Advisor
    action: analyze
`;
/** The line of the output-schema field in a workflow from `workflow()`. */
const SCHEMA_LINE = 8;
const COLUMN = "    output-schema: ".length + 1;

/** A workflow whose one task has this `output-schema:` value (YAML). */
const workflow = (value: string) => `${HEAD}    output-schema: ${value}\n`;
/** The start of a problem at the output-schema field of `file`. */
const at = (file: string) => `${file}:${SCHEMA_LINE}:${COLUMN}: error: tasks[0].output-schema`;
const DRAFTS =
  "use https://json-schema.org/draft/2020-12/schema, https://json-schema.org/draft/2019-09/schema, http://json-schema.org/draft-07/schema, or leave it out for 2020-12";

/** A folder holding the workflow `w.yml` and these files beside it; its loaded definitions. */
async function load(value: string, files: Record<string, string> = {}) {
  const dir = await tempDir("mgmt-schema-");
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  const file = path.join(dir, "w.yml");
  await writeFile(file, workflow(value));
  const loaded = await loadDefinitions(file);
  return { file, loaded, problems: loaded.problems.map(formatProblem) };
}

const SUGGESTION = {
  type: "object",
  properties: { regions: { type: "array", items: { type: "string" } } },
  required: ["regions"],
  additionalProperties: false,
};

describe("an inline output-schema", () => {
  it("is planned as written, strict when it fits the strict subset", () => {
    const { plan, problems } = parseWorkflow("w.yml", workflow(JSON.stringify(SUGGESTION)));
    expect(problems).toEqual([]);
    expect(plan?.tasks[0]?.outputSchema).toEqual({
      schema: SUGGESTION,
      strict: true,
      at: { file: "w.yml", line: SCHEMA_LINE, column: COLUMN, field: "tasks[0].output-schema" },
    });
  });

  it("may be a boolean: true takes any object, so it is not strict", () => {
    const { plan, problems } = parseWorkflow("w.yml", workflow("true"));
    expect(problems).toEqual([]);
    expect(plan?.tasks[0]?.outputSchema).toMatchObject({ schema: true, strict: false });
  });

  it.each([
    ["a number", "3"],
    ["a list", "[1, 2]"],
    ["a name that is not .json", "schemas/suggestion.yml"],
  ])("as %s is refused", (_what, value) => {
    expect(parseWorkflow("w.yml", workflow(value)).problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        new RegExp(`^w\\.yml:${SCHEMA_LINE}:${COLUMN}: error: tasks\\[0\\]\\.output-schema: `),
      ),
    ]);
  });
});

describe("an output-schema file beside the definition", () => {
  it("is read from a subfolder, relative to the definition", async () => {
    const { loaded } = await load("schemas/suggestion.json", {
      "schemas/suggestion.json": JSON.stringify(SUGGESTION),
    });
    expect(loaded.problems).toEqual([]);
    expect(loaded.plans[0]?.tasks[0]?.outputSchema).toMatchObject({ schema: SUGGESTION, strict: true });
  });

  it("the same file for two tasks, and loaded twice in one process, is no duplicate $id", async () => {
    const schema = JSON.stringify({ $id: "https://example.org/suggestion.json", ...SUGGESTION });
    const dir = await tempDir("mgmt-schema-");
    await writeFile(path.join(dir, "s.json"), schema);
    const file = path.join(dir, "w.yml");
    const second = "  - { name: Again, agent: Advisor, action: analyze, output-schema: s.json }\n";
    await writeFile(file, `${workflow("s.json")}${second}`);
    expect((await loadDefinitions(file)).problems).toEqual([]);
    expect((await loadDefinitions(file)).problems).toEqual([]);
  });

  it("that does not exist is named", async () => {
    const { file, problems } = await load("schemas/missing.json");
    expect(problems).toEqual([`${at(file)}: cannot read schemas/missing.json: no such file`]);
  });

  it("that is not JSON is refused with the parser's words", async () => {
    const { file, problems } = await load("s.json", { "s.json": "{ type: object }" });
    expect(problems).toEqual([expect.stringContaining(`${at(file)}: s.json is not JSON: `)]);
  });

  it.each([
    ["a list", "[1, 2]"],
    ["a string", '"object"'],
    ["a number", "3"],
    ["null", "null"],
  ])("holding %s is refused: a schema is an object or a boolean", async (_what, text) => {
    const { file, problems } = await load("s.json", { "s.json": text });
    expect(problems).toEqual([`${at(file)}: s.json does not hold a JSON Schema (an object or a boolean)`]);
  });

  it("holding a boolean is a schema", async () => {
    const { loaded } = await load("s.json", { "s.json": "false" });
    expect(loaded.problems).toEqual([]);
  });

  it.each([
    "../outside.json",
    "schemas/../../outside.json",
    "/etc/schema.json",
    "\\\\server\\s.json",
    "C:/s.json",
  ])("%s is refused: only a file beside the definition is read", async (name) => {
    const { file, problems } = await load(JSON.stringify(name));
    expect(problems).toEqual([
      `${at(file)}: "${name}" must be a file beside the definition (a relative path without ..)`,
    ]);
  });
});

describe("the draft a schema names", () => {
  it.each([
    "https://json-schema.org/draft/2020-12/schema",
    "https://json-schema.org/draft/2020-12/schema#",
    "https://json-schema.org/draft/2019-09/schema",
    "https://json-schema.org/draft/2019-09/schema#",
    "http://json-schema.org/draft-07/schema",
    "http://json-schema.org/draft-07/schema#",
  ])("%s is accepted", async (draft) => {
    const { loaded } = await load(JSON.stringify({ $schema: draft, ...SUGGESTION }));
    expect(loaded.problems).toEqual([]);
  });

  it.each([
    "http://json-schema.org/draft-04/schema#",
    "http://json-schema.org/draft-06/schema#",
    "https://json-schema.org/draft-07/schema#",
  ])("%s is refused, with the drafts mgmt checks", (draft) => {
    const problems = parseWorkflow(
      "w.yml",
      workflow(JSON.stringify({ $schema: draft, type: "object" })),
    ).problems;
    expect(problems.map(formatProblem)).toEqual([
      `${at("w.yml")}: $schema "${draft}" is not a draft mgmt checks: ${DRAFTS}`,
    ]);
  });

  it("named in a file is read from the file", async () => {
    const { file, problems } = await load("s.json", {
      "s.json": JSON.stringify({ $schema: "http://json-schema.org/draft-04/schema#" }),
    });
    expect(problems).toEqual([
      `${at(file)}: $schema "http://json-schema.org/draft-04/schema#" is not a draft mgmt checks: ${DRAFTS}`,
    ]);
  });
});

describe("a schema that is not a valid JSON Schema", () => {
  it.each([
    [{ type: "strng" }, "data/type must be equal to one of the allowed values"],
    [{ properties: 3 }, "data/properties must be object"],
    [{ type: "object", required: "regions" }, "data/required must be array"],
    [{ $ref: "#/$defs/missing" }, "can't resolve reference #/$defs/missing"],
  ])("%j is refused when the definitions load, with the validator's words", async (schema, words) => {
    const { file, problems } = await load(JSON.stringify(schema));
    expect(problems).toEqual([expect.stringContaining(`${at(file)}: not a valid JSON Schema: `)]);
    expect(problems[0]).toContain(words);
  });

  it("is refused from a file too, at the field that names it", async () => {
    const { file, problems } = await load("s.json", { "s.json": '{ "type": "strng" }' });
    expect(problems).toEqual([
      expect.stringContaining(`${at(file)}: not a valid JSON Schema: schema is invalid: data/type`),
    ]);
  });

  it("in a draft-07 schema, is judged by draft-07's rules", async () => {
    const draft07 = { $schema: "http://json-schema.org/draft-07/schema#", type: "strng" };
    const { problems } = await load(JSON.stringify(draft07));
    expect(problems).toEqual([expect.stringContaining("not a valid JSON Schema: schema is invalid")]);
  });

  it("is not compiled by parseWorkflow, which is sync: loadDefinitions compiles it", () => {
    expect(parseWorkflow("w.yml", workflow('{ type: "strng" }')).problems).toEqual([]);
  });
});

describe("fitsStrictSubset", () => {
  const strictObject = (properties: Record<string, unknown>) => ({
    type: "object",
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  });

  it.each([
    ["false, which takes nothing", false],
    ["a scalar schema", { type: "string" }],
    ["an object with every key required and no others", strictObject({ a: { type: "string" } })],
    ["nested objects", strictObject({ a: strictObject({ b: strictObject({ c: { type: "number" } }) }) })],
    ["objects inside items", { type: "array", items: strictObject({ a: { type: "string" } }) }],
    ["objects inside anyOf", { anyOf: [strictObject({ a: { type: "string" } }), { type: "null" }] }],
    [
      "objects inside $defs",
      {
        ...strictObject({ a: { $ref: "#/$defs/A" } }),
        $defs: { A: strictObject({ x: { type: "string" } }) },
      },
    ],
    ["an empty object that allows no others", { type: "object", additionalProperties: false }],
    ["a $ref to a strict $def", { $ref: "#/$defs/A", $defs: { A: strictObject({ a: { type: "string" } }) } }],
    ["a draft-07 tuple of strict objects", { type: "array", items: [strictObject({}), { type: "string" }] }],
  ])("%s fits", (_what, schema) => {
    expect(fitsStrictSubset(schema)).toBe(true);
  });

  const loose = { type: "object", properties: { a: { type: "string" } }, required: ["a"] };
  const partial = {
    type: "object",
    properties: { a: { type: "string" }, b: { type: "string" } },
    required: ["a"],
    additionalProperties: false,
  };
  it.each([
    ["an object without additionalProperties: false", loose],
    ["an object that does not require every key", partial],
    ["an object with additionalProperties: true", { ...strictObject({}), additionalProperties: true }],
    ["properties without type: object", { properties: { a: { type: "string" } } }],
    ["one loose object deep inside", strictObject({ a: strictObject({ b: loose }) })],
    ["one inside items", { type: "array", items: partial }],
    ["one inside anyOf", { anyOf: [strictObject({}), loose] }],
    ["one inside $defs", { ...strictObject({}), $defs: { A: partial } }],
    ["one inside definitions", { ...strictObject({}), definitions: { A: loose } }],
    ["an object by a type list", { type: ["object", "null"], properties: { a: {} } }],
    ["true, which takes any object", true],
    ["{}, which takes any object", {}],
    ["a property of any value", strictObject({ a: {} })],
    ["a property of annotations only", strictObject({ a: { description: "anything" } })],
    ["an object whose keys may match a pattern", { ...strictObject({}), patternProperties: { "^x-": {} } }],
    ["a loose object inside a draft-07 tuple", { type: "array", items: [{ type: "string" }, loose] }],
  ])("%s does not fit", (_what, schema) => {
    expect(fitsStrictSubset(schema)).toBe(false);
  });
});
