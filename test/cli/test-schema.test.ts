import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { testJsonSchema } from "../../src/cli/schema.js";

const SCHEMA_FILE = new URL("../../schema/test.schema.json", import.meta.url);
const TESTS = new URL("../../workflows/tests/", import.meta.url);
const generated = `${JSON.stringify(testJsonSchema(), null, 2)}\n`;

describe("schema/test.schema.json", () => {
  test("matches the zod schema of test files", () => {
    if (process.env.UPDATE_SCHEMAS === "1") writeFileSync(SCHEMA_FILE, generated);
    expect(
      readFileSync(SCHEMA_FILE, "utf8"),
      "schema/test.schema.json is stale: run `UPDATE_SCHEMAS=1 npx vitest run test/cli/test-schema.test.ts` and commit it",
    ).toBe(generated);
  });

  test("accepts the repository's census tests and refuses a misspelled field", () => {
    const validate = new Ajv({ strict: false }).compile(testJsonSchema());
    const files = readdirSync(TESTS).filter((name) => name.endsWith(".test.yml"));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const name of files)
      expect(validate(parse(readFileSync(new URL(name, TESTS), "utf8"))), name).toBe(true);
    expect(validate({ workflow: "W", answer: {} })).toBe(false);
  });
});
