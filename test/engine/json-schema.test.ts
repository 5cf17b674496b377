// The JSON Schema checker: loaded once, on first use; a miss is the first failing field's path.
import { describe, expect, it } from "vitest";
import { describeMiss, draftOf, loadSchemaChecker } from "../../src/engine/json-schema.js";

const SUGGESTION = {
  type: "object",
  properties: {
    suggestion: {
      type: "object",
      properties: { regions: { type: "array", items: { type: "string" } } },
      required: ["regions"],
    },
    window: { type: "object", properties: { from: { type: "string", format: "date" } } },
  },
  required: ["suggestion"],
};

describe("loadSchemaChecker", () => {
  it("loads the validator once: every call has the same promise", async () => {
    const first = loadSchemaChecker();
    expect(loadSchemaChecker()).toBe(first);
    expect(await first).toBe(await loadSchemaChecker());
  });
});

describe("check", () => {
  it("a matching value has no miss", async () => {
    const checker = await loadSchemaChecker();
    const value = { suggestion: { regions: ["west"] }, window: { from: "2024-06-01" } };
    expect(checker.check(SUGGESTION, value)).toBeNull();
  });

  it.each([
    [
      "a nested field of the wrong type",
      { suggestion: { regions: "west" } },
      "suggestion.regions",
      "must be array",
    ],
    ["an item of a list", { suggestion: { regions: [3] } }, "suggestion.regions.0", "must be string"],
    ["a missing required property, by its path", { suggestion: {} }, "suggestion.regions", "is required"],
    ["a missing property at the root", {}, "suggestion", "is required"],
    ["the root of the wrong type", ["west"], "", "must be object"],
    [
      "a format",
      { suggestion: { regions: [] }, window: { from: "June 1st" } },
      "window.from",
      'must match format "date"',
    ],
  ])("names the first failing path: %s", async (_what, value, path, message) => {
    const checker = await loadSchemaChecker();
    expect(checker.check(SUGGESTION, value)).toEqual({ path, message });
  });

  it("names a property additionalProperties refuses", async () => {
    const checker = await loadSchemaChecker();
    const schema = {
      type: "object",
      properties: { items: { type: "array", items: { type: "object", additionalProperties: false } } },
    };
    expect(checker.check(schema, { items: [{ extra: 1 }] })).toEqual({
      path: "items.0.extra",
      message: "is not allowed (additionalProperties: false)",
    });
  });

  it("unescapes JSON Pointer segments: a key with / or ~ is named as written", async () => {
    const checker = await loadSchemaChecker();
    const schema = {
      type: "object",
      properties: { "a/b": { type: "object", properties: { "c~d": { type: "number" } } } },
    };
    expect(checker.check(schema, { "a/b": { "c~d": "x" } })).toEqual({
      path: "a/b.c~d",
      message: "must be number",
    });
  });

  it("checks by the draft the schema names", async () => {
    const checker = await loadSchemaChecker();
    // Draft-07's `items` as a list is a tuple; 2020-12 would refuse it as a schema.
    const tuple = {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "array",
      items: [{ type: "string" }],
    };
    expect(checker.problemOf(tuple)).toBeNull();
    expect(checker.check(tuple, [1])).toEqual({ path: "0", message: "must be string" });
    expect(checker.problemOf({ type: "array", items: [{ type: "string" }] })).toContain("schema is invalid");
  });

  it("a boolean schema: true takes all, false none", async () => {
    const checker = await loadSchemaChecker();
    expect(checker.check(true, { any: 1 })).toBeNull();
    expect(checker.check(false, 1)).toEqual({ path: "", message: "boolean schema is false" });
  });

  it("the same $id in two schema objects is no clash: each file read is a schema of its own", async () => {
    const checker = await loadSchemaChecker();
    const schema = () => ({ $id: "https://example.org/s.json", type: "object", required: ["a"] });
    expect(checker.problemOf(schema())).toBeNull();
    expect(checker.problemOf(schema())).toBeNull();
    expect(checker.check(schema(), {})).toEqual({ path: "a", message: "is required" });
  });

  it("an unknown format or keyword is an annotation, not an error", async () => {
    const checker = await loadSchemaChecker();
    const schema = { type: "string", format: "postcode", "x-note": "ours" };
    expect(checker.problemOf(schema)).toBeNull();
    expect(checker.check(schema, "anything")).toBeNull();
  });
});

describe("problemOf", () => {
  it.each([
    [{ type: "strng" }, "schema is invalid: data/type must be equal to one of the allowed values"],
    [{ properties: 3 }, "schema is invalid: data/properties must be object"],
    [{ $ref: "#/$defs/missing" }, "can't resolve reference #/$defs/missing"],
    [
      { $ref: "https://example.org/elsewhere.json" },
      "can't resolve reference https://example.org/elsewhere.json",
    ],
  ])("%j is not a schema", async (schema, why) => {
    expect((await loadSchemaChecker()).problemOf(schema)).toContain(why);
  });
});

describe("draftOf", () => {
  it.each([
    ["https://json-schema.org/draft/2020-12/schema", "2020-12"],
    ["https://json-schema.org/draft/2020-12/schema#", "2020-12"],
    ["https://json-schema.org/draft/2019-09/schema#", "2019-09"],
    ["http://json-schema.org/draft-07/schema#", "draft-07"],
    ["http://json-schema.org/draft-07/schema", "draft-07"],
    ["http://json-schema.org/draft-04/schema#", undefined],
    ["https://json-schema.org/draft/2020-12/schema##", undefined],
  ])("%s is %s", (uri, draft) => {
    expect(draftOf(uri)).toBe(draft);
  });
});

describe("describeMiss", () => {
  it("puts the path first, and nothing before a miss of the whole value", () => {
    expect(describeMiss({ path: "suggestion.regions", message: "must be array" })).toBe(
      "suggestion.regions: must be array",
    );
    expect(describeMiss({ path: "", message: "must be object" })).toBe("must be object");
  });
});
