import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeResultsFile } from "../../src/pipeline/results-file.js";
import { ResultsDocument } from "../../src/engine/result.js";
import { censusRun, run, task } from "../report/fixtures.js";
import { tempDir } from "../helpers/temp-dir.js";

describe("writeResultsFile", () => {
  it("writes a document that parses back to what was given", async () => {
    const document = {
      version: 1 as const,
      status: "rejected" as const,
      runs: [
        censusRun(),
        run([], { workflow: "Empty" }),
        run([task("x", { outputs: "y" }), task("z", { outputs: null })], { workflow: "C" }),
      ],
    };
    const file = path.join(await tempDir("mgmt-results-"), "deep/dir/results.json");
    await writeResultsFile(file, document);
    const parsed = ResultsDocument.parse(JSON.parse(await readFile(file, "utf8")));
    expect(parsed).toEqual(document);
  });
});
