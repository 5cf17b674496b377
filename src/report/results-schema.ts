import { z } from "zod";
import { ResultsDocument } from "../engine/result.js";

/** The results file and output as zod knows them; `omitted` appears only in the output. */
export const ResultsOutputSchema = ResultsDocument.extend({
  omitted: z
    .string()
    .optional()
    .describe("Present when the `results` output had to leave something out to stay under 1 MB; says what"),
});

/**
 * The JSON Schema committed as schema/results.schema.json, for those who read the results.
 * Draft-07, like the workflow schema, so one validator reads both.
 */
export function resultsJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(ResultsOutputSchema, { target: "draft-7" });
  return {
    $schema: generated.$schema,
    title: "mgmt-action results",
    description: "The results file (results-file input) and the `results` step output of hms/mgmt-action.",
    ...generated,
  };
}
