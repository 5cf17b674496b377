import { readFileSync, writeFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { schemaCommand, workflowJsonSchema } from "../../src/cli/schema.js";

const SCHEMA_FILE = new URL("../../schema/workflow.schema.json", import.meta.url);
const REFERENCE = new URL("../../workflows/census_workflow.json", import.meta.url);
const generated = `${JSON.stringify(workflowJsonSchema(), null, 2)}\n`;

const YAML_EXAMPLE = `
$schema: ../schema/workflow.schema.json
id: CensusDailyUpdate
name: Census daily update
on:
  schedule: [{ cron: "0 6 * * *" }]
  dispatch: { inputs: { date: { type: string, required: false } } }
  repository_dispatch: { types: [census-update] }
params:
  date: \${{ run.date }}
defaults: { timeout: 30s, retry: { attempts: 3 } }
concurrency: 4
timeout: 15m
endpoints:
  ResponseService:
    url: http://localhost:8080/responses
    headers: { Authorization: "Bearer \${{ env.RESPONSE_TOKEN }}" }
    retry: false
tasks:
  - name: CollectResponses
    service: ResponseService
    action: fetchNew
    with: { region: west, limit: 100 }
  - name: Review
    layer: ResponseService
    action: review
    if: \${{ tasks.CollectResponses.outputs.count > 0 }}
    timeout: 10s
    deadline: 2m
    retry: { attempts: 5, backoff: 1s, factor: 2, max-backoff: 30s }
    continue-on-error: false
  - { name: Notify, service: ResponseService, action: notify, needs: [], if: always(), timeout: 250 }
`;

describe("the committed JSON Schema", () => {
  test("matches the zod schema", () => {
    if (process.env.UPDATE_SCHEMAS) writeFileSync(SCHEMA_FILE, generated);
    const committed = readFileSync(SCHEMA_FILE, "utf8");
    expect(
      committed === generated,
      "schema/workflow.schema.json is stale: run `UPDATE_SCHEMAS=1 npx vitest run test/cli/schema.test.ts` and commit it",
    ).toBe(true);
  });

  test("is what `mgmt schema` prints", () => {
    const lines: string[] = [];
    expect(schemaCommand({ out: (line) => lines.push(line) })).toBe(0);
    expect(JSON.parse(lines.join("\n"))).toMatchObject({ title: "mgmt-action workflow", type: "object" });
  });
});

describe("validating with the schema, as an editor does", () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(workflowJsonSchema());

  test("the reference workflow and a YAML example with every field are valid", () => {
    expect(validate(JSON.parse(readFileSync(REFERENCE, "utf8"))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(parse(YAML_EXAMPLE)), JSON.stringify(validate.errors)).toBe(true);
  });

  test.each([
    ["an unknown field", { depends_on: ["A"] }, "additionalProperties"],
    ["a bad duration", { timeout: "10 seconds" }, "pattern"],
    ["retry: true", { retry: true }, "anyOf"],
    ["a name that is not a name", { name: "1st task" }, "pattern"],
  ])("%s in a task is flagged", (_, change, keyword) => {
    const task = { name: "A", service: "S", action: "a", ...change };
    expect(validate({ id: "W", tasks: [task] })).toBe(false);
    expect(validate.errors?.map((e) => e.keyword)).toContain(keyword);
  });
});
