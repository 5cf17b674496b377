import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { NODE, ROOT } from "../helpers/run-action.js";

const run = promisify(execFile);

describe("the package's entry points", () => {
  it('import "mgmt-action" gives the library and runs nothing', async () => {
    const script = `const m = await import("mgmt-action"); console.log(JSON.stringify(Object.keys(m).sort()));`;
    const { stdout, stderr } = await run(NODE, ["--input-type=module", "-e", script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", GITHUB_OUTPUT: "/nonexistent/output" },
    });
    expect(stderr).toBe("");
    expect(JSON.parse(stdout)).toEqual(["DefinitionError", "Orchestrator"]);
  });

  it("bin.mgmt is the CLI", async () => {
    const { stdout } = await run(NODE, ["bin/mgmt.js", "help"], { cwd: ROOT });
    expect(stdout).toContain("mgmt run <file|folder>");
  });
});
