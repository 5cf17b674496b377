import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import * as core from "@actions/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as ours from "../../src/action/workflow-commands.js";
import { tempDir } from "../helpers/temp-dir.js";

type Commands = Pick<typeof ours, "info" | "warning" | "error" | "setSecret" | "setOutput" | "setFailed">;

/** What the runner sees from a set of calls: stdout, the output file (delimiters made equal), the exit code. */
async function runnerSees(commands: Commands, env: Record<string, string | undefined>) {
  const written: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (written.push(String(chunk)), true));
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  const exitCode = process.exitCode;
  try {
    commands.info("plain %0A line");
    commands.warning("a: warning\nin two lines", {
      file: "w.yml",
      startLine: 3,
      startColumn: 5,
      title: "tasks[0]",
    });
    commands.error("50% done, a, b: c", { file: "dir/w,x.yml", startLine: 1 });
    commands.warning("no place");
    commands.setSecret("s3cr3t");
    commands.setOutput("results", '{"status":"success"}\nsecond line');
    commands.setFailed('the run ended "failure"');
    const output = env.GITHUB_OUTPUT ? await readFile(env.GITHUB_OUTPUT, "utf8") : "";
    return {
      stdout: written.join(""),
      output: output.replace(/ghadelimiter_[0-9a-f-]+/g, "DELIMITER"),
      exitCode: process.exitCode,
    };
  } finally {
    process.exitCode = exitCode;
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("the workflow commands, as @actions/core's index writes them", () => {
  it("writes the same log, annotations, masks, outputs and exit code", async () => {
    const dir = await tempDir("mgmt-commands-");
    const files = { core: path.join(dir, "core.txt"), ours: path.join(dir, "ours.txt") };
    await writeFile(files.core, "");
    await writeFile(files.ours, "");
    const expected = await runnerSees(core, { GITHUB_OUTPUT: files.core });
    const actual = await runnerSees(ours, { GITHUB_OUTPUT: files.ours });
    expect(actual).toEqual(expected);
    expect(actual.output).toContain("results<<DELIMITER");
    expect(actual.exitCode).toBe(1);
  });

  it("falls back to the set-output command without an output file, as core does", async () => {
    const expected = await runnerSees(core, { GITHUB_OUTPUT: undefined });
    expect(await runnerSees(ours, { GITHUB_OUTPUT: undefined })).toEqual(expected);
  });

  it("reads an input as core.getInput does: spaces to _, upper case, hyphens kept, trimmed", () => {
    vi.stubEnv("INPUT_WORKFLOW-ID", "  census \n");
    vi.stubEnv("INPUT_A_B", "x");
    for (const name of ["workflow-id", "a b", "missing"])
      expect(ours.getInput(name)).toBe(core.getInput(name));
    expect(ours.getInput("workflow-id")).toBe("census");
  });
});
