import { z } from "zod";
import { ResultsDocument } from "../engine/result.js";

/** The results file and output as zod knows them; `omitted` appears only in the output. */
export const ResultsOutputSchema = ResultsDocument.extend({
  omitted: z
    .string()
    .optional()
    .describe("Present when the `results` output had to leave something out to stay under 1 MB; says what"),
});

/** The JSON Schema committed as schema/results.schema.json, for those who read the results. */
export function resultsJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ResultsOutputSchema, { target: "draft-2020-12" }),
    $id: "https://github.com/hms/mgmt-action/schema/results.schema.json",
    title: "mgmt-action results",
    description: "The results file (results-file) and the `results` step output of mgmt-action.",
  };
}
