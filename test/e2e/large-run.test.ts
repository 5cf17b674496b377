import { stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { runAction } from "../helpers/run-action.js";

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

const TASKS = 10_000;
const OUTPUT_BYTES = 50_000;

describe("a very large run", () => {
  it(`${TASKS} tasks with 50 KB outputs: completes, summary within GitHub's 1 MiB`, async () => {
    const answer = JSON.stringify({ blob: "x".repeat(OUTPUT_BYTES) });
    let calls = 0;
    server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        calls++;
        res.writeHead(200, { "content-type": "application/json" });
        res.end(answer);
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const tasks = Array.from(
      { length: TASKS },
      (_, i) => `  - { name: T${i}, service: S, action: go, needs: [] }`,
    );
    const workflow = `id: Large\nconcurrency: 32\nendpoints: { S: { url: "http://127.0.0.1:${port}" } }\ntasks:\n${tasks.join("\n")}\n`;
    const run = await runAction({
      event: { name: "workflow_dispatch", payload: {} },
      inputs: { workflow: "large.yml" },
      files: { "large.yml": workflow },
    });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(calls).toBe(TASKS);
    expect(run.outputs.status).toBe("success");
    expect(Buffer.byteLength(run.summary, "utf8")).toBeLessThanOrEqual(1024 * 1024);
    expect(run.summary).toMatch(/left out/i);
    // The file keeps every output; the `results` output leaves them out and says so.
    expect((await stat(run.outputs["results-file"] as string)).size).toBeGreaterThan(TASKS * OUTPUT_BYTES);
    expect(Buffer.byteLength(run.outputs.results as string)).toBeLessThan(1_000_000);
  }, 180_000);
});
