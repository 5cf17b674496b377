// `test: true`: the bundled action runs the workflows' tests against recorded answers, as a
// pull_request job would, with no secret and no call.
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runAction } from "../helpers/run-action.js";

async function censusFiles(): Promise<Record<string, string>> {
  const files: Record<string, string> = {
    "workflows/census_workflow.json": await readFile(
      path.join(ROOT, "workflows/census_workflow.json"),
      "utf8",
    ),
    // Nothing listens here: a test that called out would fail.
    "workflows/endpoints.yml": (
      await readFile(path.join(ROOT, "workflows/endpoints.yml"), "utf8")
    ).replaceAll("8787", "9"),
  };
  for (const name of await readdir(path.join(ROOT, "workflows/tests"))) {
    files[`workflows/tests/${name}`] = await readFile(path.join(ROOT, "workflows/tests", name), "utf8");
  }
  return files;
}

describe("the action's test: true, through dist/index.js", () => {
  it("runs the census suite: a summary of the tests, JUnit, status success", async () => {
    const run = await runAction({
      event: { name: "pull_request", payload: {} },
      inputs: { workflow: "workflows", test: "true", "junit-file": "junit.xml" },
      files: await censusFiles(),
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe("success");
    expect(run.summary).toContain("✅ Workflow tests passed");
    expect(run.summary).toContain("4 tests: 4 passed, 0 failed");
    const junit = await readFile(path.join(run.workspace, "junit.xml"), "utf8");
    expect(junit).toContain('tests="4" failures="0"');
  });

  it("a failing test fails the step, naming the file, line, task and field", async () => {
    const files = await censusFiles();
    files["workflows/tests/census-approved.test.yml"] = (
      files["workflows/tests/census-approved.test.yml"] as string
    ).replace("status: success", "status: rejected");
    const run = await runAction({
      event: { name: "pull_request", payload: {} },
      inputs: { workflow: "workflows", test: "true" },
      files,
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe("failure");
    expect(run.summary).toContain("❌ Workflow tests failed");
    expect(run.summary).toMatch(
      /census-approved\.test\.yml:\d+:\d+: status: expected "rejected", got "success"/,
    );
    expect(run.stdout).toContain("::error::1 of 4 workflow tests failed");
  });
});
