import { z } from "zod";
import { Workflow } from "../definition/schema.js";
import { TestFile } from "../definition/test-file.js";

/**
 * A file's JSON Schema from the same zod schema its loader checks with, so the two cannot
 * drift. Draft-07: the draft editors' YAML and JSON tools read best. The input side: what a
 * user writes (`retry: false`, durations as text), not what the loader turns it into.
 */
function jsonSchemaOf(schema: z.ZodType, title: string, description: string): object {
  const { $schema, ...rest } = z.toJSONSchema(schema, { io: "input", target: "draft-7" });
  return { $schema, title, description, ...rest };
}

/** The JSON Schema of a definition file. */
export function workflowJsonSchema(): object {
  return jsonSchemaOf(
    Workflow,
    "mgmt-action workflow",
    "A workflow of HTTP tasks (services, AI agents, governance layers) run by hms/mgmt-action. " +
      "Expressions `${{ … }}` may appear in params, `with` values, `if`, endpoint header values, " +
      "a request, the answer mappings, and an agent's prompt, instructions and arguments.",
  );
}

/** The JSON Schema of a test file (`*.test.yml`). */
export function testJsonSchema(): object {
  return jsonSchemaOf(
    TestFile,
    "mgmt-action workflow test",
    "A test of a workflow against recorded answers, run by `mgmt test` or the action's `test: true`: " +
      "the answer each task gets instead of a call, and what the run must do.",
  );
}

/** `mgmt schema`: prints the JSON Schema, for editors and other tools. */
export function schemaCommand(io: { out: (line: string) => void }): number {
  io.out(JSON.stringify(workflowJsonSchema(), null, 2));
  return 0;
}
