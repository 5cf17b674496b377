import { readFileSync, writeFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { buildResults, resultsOutput } from "../../src/report/results.js";
import { resultsJsonSchema } from "../../src/report/results-schema.js";
import {
  censusResumedRun,
  censusRun,
  censusRunWithTokens,
  censusWaitingRun,
  run,
  runOf,
  task,
} from "./fixtures.js";

const FILE = new URL("../../schema/results.schema.json", import.meta.url);
const expected = `${JSON.stringify(resultsJsonSchema(), null, 2)}\n`;

describe("schema/results.schema.json", () => {
  it("is what the zod schema says", () => {
    if (process.env.UPDATE_SCHEMAS === "1") writeFileSync(FILE, expected);
    const committed = readFileSync(FILE, "utf8");
    expect(
      committed,
      "schema/results.schema.json is stale: run `UPDATE_SCHEMAS=1 npx vitest run test/report/results-schema.test.ts` and commit it",
    ).toBe(expected);
  });

  // Compiled when used, after the first test may have rewritten the file.
  const committedSchema = () =>
    new Ajv({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(FILE, "utf8")));

  it("accepts a real results document and a shortened results output", async () => {
    const validate = committedSchema();
    const doc = buildResults([
      censusRun(),
      censusRunWithTokens(),
      censusWaitingRun(),
      censusResumedRun(),
      await runOf([{ name: "A" }], { A: { error: "HTTP 500" } }),
    ]);
    expect(validate(JSON.parse(JSON.stringify(doc))), JSON.stringify(validate.errors)).toBe(true);
    const big = run(Array.from({ length: 30 }, (_, i) => task(`T${i}`, { outputs: "x".repeat(50_000) })));
    expect(validate(JSON.parse(resultsOutput(buildResults([big]))))).toBe(true);
  });

  it("rejects a document that is not one", () => {
    const validate = committedSchema();
    expect(validate({ version: 2, status: "success", runs: [] })).toBe(false);
    expect(validate({ version: 1, status: "success", runs: [{ workflow: "x" }] })).toBe(false);
  });
});
