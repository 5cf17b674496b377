import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { runAction } from "../helpers/run-action.js";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A server that answers `/echo` with everything it received, and never answers `/hang`. */
async function startServer(onRequest: (path: string) => void = () => {}) {
  server = createServer((req, res) => {
    onRequest(req.url ?? "");
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      if (req.url?.endsWith("/hang")) return;
      const echo = { headers: req.headers, body: JSON.parse(body) };
      if (req.url?.endsWith("/fail")) {
        res.writeHead(400, { "content-type": "application/json" });
        return res.end(JSON.stringify({ error: `bad request with ${req.headers.authorization}` }));
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(echo));
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
}

describe("the bundled action under cancellation", () => {
  it("SIGINT while a task hangs: exits within 3 s, writes the summary and status=cancelled", async () => {
    let sawHang: () => void = () => {};
    const hanging = new Promise<void>((resolve) => {
      sawHang = resolve;
    });
    const url = await startServer((path) => path.endsWith("/hang") && sawHang());
    const workflow = `id: Hangs
endpoints: { S: { url: "${url}" } }
tasks:
  - { name: First, service: S, action: echo }
  - { name: Stuck, service: S, action: hang, timeout: 1h }
  - { name: Never, service: S, action: echo }
`;
    let signalledAt = 0;
    const run = await runAction({
      event: { name: "workflow_dispatch", payload: {} },
      inputs: { workflow: "flow.yml" },
      files: { "flow.yml": workflow },
      onSpawn: (child) => {
        void hanging.then(() => {
          signalledAt = Date.now();
          child.kill("SIGINT");
        });
      },
    });
    const exitedAfter = Date.now() - signalledAt;
    expect(signalledAt).toBeGreaterThan(0);
    expect(exitedAfter).toBeLessThan(3000);
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe("cancelled");
    const results = JSON.parse(await readFile(run.outputs["results-file"] as string, "utf8"));
    expect(results.runs[0].tasks.map((t: { status: string }) => t.status)).toEqual([
      "success",
      "cancelled",
      "skipped",
    ]);
    expect(run.summary).toContain("Stuck");
    expect(run.summary.toLowerCase()).toContain("cancelled");
  });
});

describe("secrets", () => {
  it("a canary in endpoint headers never reaches the summary, outputs, results or logs", async () => {
    const url = await startServer();
    const canary = "canary-7f3a9c1e5b";
    const literal = "literal-canary-42x";
    const workflow = `id: Secretive
tasks:
  - { name: Echo, service: S, action: echo }
  - { name: Fails, service: S, action: fail, needs: [], retry: false }
`;
    const endpoints = `endpoints:
  S:
    url: "${url}"
    headers:
      Authorization: "Bearer \${{ env.CANARY }}"
      X-Api-Key: "${literal}"
`;
    const run = await runAction({
      event: { name: "workflow_dispatch", payload: {} },
      inputs: { workflow: "flows/secretive.yml", "junit-file": "junit.xml" },
      files: { "flows/secretive.yml": workflow, "flows/endpoints.yml": endpoints },
      env: { CANARY: canary },
    });
    expect(run.outputs.status).toBe("failure");
    const logLines = run.stdout.split("\n").filter((line) => !line.startsWith("::add-mask::"));
    const results = await readFile(run.outputs["results-file"] as string, "utf8");
    const junit = await readFile(`${run.workspace}/junit.xml`, "utf8");
    for (const secret of [canary, literal]) {
      // Registered with the runner, so that its log masks the value wherever it appears.
      expect(run.stdout).toContain(`::add-mask::${secret}\n`);
      expect(run.summary).not.toContain(secret);
      expect(JSON.stringify(run.outputs)).not.toContain(secret);
      expect(results).not.toContain(secret);
      expect(junit).not.toContain(secret);
      expect(logLines.join("\n")).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
    // The endpoint did receive them, and echoed them: the masking is what kept them out.
    expect(results).toContain(`"authorization":"***"`);
  });
});
