// The bundled action at the edges of what the runner and the user's inputs hand it: a full
// disk, a cancel before the action has loaded, a definition outside the workspace, a
// duration no timer can wait.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { type FaultServer, startFaultServer } from "../helpers/fault-server.js";
import { runAction } from "../helpers/run-action.js";
import { tempDir } from "../helpers/temp-dir.js";

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A definition of two tasks against a server answering `{}`. */
async function twoTasks(id = "Edge", extra = "") {
  server = await startFaultServer();
  server.reply({ json: {} });
  return `id: ${id}
endpoints: { S: { url: "${server.url("/api")}" } }
${extra}tasks:
  - { name: First, service: S, action: one }
  - { name: Second, service: S, action: two }
`;
}

/** The step's failure messages, as the runner reads `::error` from stdout. */
const errorsOf = (stdout: string) => stdout.split("\n").filter((line) => line.startsWith("::error"));

describe("a full disk", () => {
  it("results-file /dev/full: exit 1 naming the input and the cause; outputs, summary and JUnit still written", async () => {
    const run = await runAction({
      inputs: { workflow: "edge.yml", "results-file": "/dev/full", "junit-file": "reports/junit.xml" },
      files: { "edge.yml": await twoTasks() },
    });
    expect(run.exitCode).toBe(1);
    const errors = errorsOf(run.stdout);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/results-file: cannot write \/dev\/full: no space left/);
    expect(run.stdout).not.toMatch(/bug|unexpectedly/);
    expect(run.outputs.status).toBe("success");
    expect(run.summary).toContain("Succeeded");
    const junit = await readFile(path.join(run.workspace, "reports/junit.xml"), "utf8");
    expect(junit.match(/<testcase /g)).toHaveLength(2);
  });
});

describe("an early cancel", () => {
  it("SIGINT right after the signal handlers go in: status cancelled, a summary, exit 1, nothing called", async () => {
    // Sends SIGINT to its own process once the action adds its first SIGINT listener, before the rest loads.
    const preload = path.join(await tempDir("mgmt-preload-"), "cancel-early.mjs");
    await writeFile(
      preload,
      `const on = process.on;
let armed = true;
process.on = function (event, listener) {
  const result = on.call(this, event, listener);
  if (armed && event === "SIGINT") {
    armed = false;
    setImmediate(() => process.kill(process.pid, "SIGINT"));
  }
  return result;
};
`,
    );
    const run = await runAction({
      inputs: { workflow: "edge.yml" },
      files: { "edge.yml": await twoTasks() },
      nodeArgs: ["--import", pathToFileURL(preload).href],
    });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe("cancelled");
    expect(run.summary.toLowerCase()).toContain("cancelled");
    expect(server?.requests).toEqual([]);
    const results = JSON.parse(await readFile(run.outputs["results-file"] as string, "utf8"));
    expect(results.status).toBe("cancelled");
  });
});

describe("the user's inputs", () => {
  it("workflow: ../outside fails naming the input, and calls nothing", async () => {
    const run = await runAction({
      inputs: { workflow: "../outside.yml" },
      // Beside the workspace, and valid: only where it lies stops it.
      files: { "../outside.yml": await twoTasks() },
    });
    expect(run.exitCode).toBe(1);
    const errors = errorsOf(run.stdout);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("input workflow: ../outside.yml is outside the workspace");
    expect(server?.requests).toEqual([]);
    expect(run.outputs.status).toBeUndefined();
  });

  it("timeout: 600h fails validation at its file:line:column, calling nothing", async () => {
    const run = await runAction({
      inputs: { workflow: "long.yml" },
      files: { "long.yml": await twoTasks("Long", "timeout: 600h\n") },
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^::error title=timeout,file=long\.yml,line=3,col=10::/m);
    expect(errorsOf(run.stdout).join("\n")).toMatch(/long\.yml:3:10: error: timeout: .*at most 24 days/);
    expect(server?.requests).toEqual([]);
  });
});
