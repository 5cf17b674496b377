import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeResultsFile } from "../../src/action/write-results.js";
import { ResultsDocument } from "../../src/engine/result.js";

const task = (name: string, outputs: unknown) => ({
  name,
  kind: "service" as const,
  target: "S",
  action: "go",
  status: "success" as const,
  attempts: 1,
  calls: [{ attempt: 1, httpStatus: 200, durationMs: 3, error: null }],
  durationMs: 3,
  startedAt: "2024-06-01T06:00:00.000Z",
  needs: [],
  continueOnError: false,
  params: { region: "west" },
  outputs,
  error: null,
});

const run = (workflow: string, tasks: ReturnType<typeof task>[]) => ({
  workflow,
  name: workflow,
  file: `${workflow}.yml`,
  runId: "1",
  attempt: 1,
  trigger: "schedule",
  status: "success" as const,
  startedAt: "2024-06-01T06:00:00.000Z",
  finishedAt: "2024-06-01T06:00:01.000Z",
  durationMs: 1000,
  params: {},
  error: null,
  tasks,
});

describe("writeResultsFile", () => {
  it("writes a document that parses back to what was given", async () => {
    const document = {
      version: 1 as const,
      status: "success" as const,
      runs: [run("A", [task("one", { n: 1 }), task("two", null)]), run("B", []), run("C", [task("x", "y")])],
    };
    const file = path.join(await mkdtemp(path.join(tmpdir(), "mgmt-results-")), "deep/dir/results.json");
    await writeResultsFile(file, document);
    const parsed = ResultsDocument.parse(JSON.parse(await readFile(file, "utf8")));
    expect(parsed).toEqual(document);
  });
});
