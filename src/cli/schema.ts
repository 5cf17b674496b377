import { z } from "zod";
import { Workflow } from "../definition/schema.js";
import { TestFile } from "../definition/test-file.js";

/**
 * The JSON Schema of a definition file, from the same zod schema the loader checks with,
 * so the two cannot drift. Draft-07: the draft editors' YAML and JSON tools read best.
 * The input side: what a user writes (`retry: false`, durations as text), not what the
 * loader turns it into.
 */
export function workflowJsonSchema(): object {
  const schema = z.toJSONSchema(Workflow, { io: "input", target: "draft-7" });
  const { $schema, ...rest } = schema;
  return {
    $schema,
    title: "mgmt-action workflow",
    description:
      "A workflow of HTTP tasks (services, AI agents, governance layers) run by hms/mgmt-action. " +
      "Expressions `${{ … }}` may appear in params, `with` values, `if` and endpoint header values.",
    ...rest,
  };
}

/** The JSON Schema of a test file (`*.test.yml`), from the zod schema its loader checks with. */
export function testJsonSchema(): object {
  const schema = z.toJSONSchema(TestFile, { io: "input", target: "draft-7" });
  const { $schema, ...rest } = schema;
  return {
    $schema,
    title: "mgmt-action workflow test",
    description:
      "A test of a workflow against recorded answers, run by `mgmt test` or the action's `test: true`: " +
      "the answer each task gets instead of a call, and what the run must do.",
    ...rest,
  };
}

/** `mgmt schema`: prints the JSON Schema, for editors and other tools. */
export function schemaCommand(io: { out: (line: string) => void }): number {
  io.out(JSON.stringify(workflowJsonSchema(), null, 2));
  return 0;
}
