// @actions/core bundles undici 6, which installs itself as fetch()'s global dispatcher when it
// loads first (src/action/node-fetch-first.ts). These tests make a real call through the
// bundle and ask undici's diagnostics channel which code created the request on the wire.
import { cp, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FaultServer, startFaultServer } from "../helpers/fault-server.js";
import { ROOT, runAction } from "../helpers/run-action.js";
import { tempDir } from "../helpers/temp-dir.js";

// Loaded before the bundle: for each request undici creates, prints its origin and the frame
// that created it (Node's own undici runs as node:internal/deps/undici, a bundled one from dist/).
const WATCH = `
import diagnostics from "node:diagnostics_channel";
const seen = [];
diagnostics.subscribe("undici:request:create", ({ request }) => {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  const frames = new Error().stack.split("\\n");
  Error.stackTraceLimit = limit;
  const creator = frames.findIndex((line) => line.trim().startsWith("at Channel.publish ")) + 1;
  seen.push("REQUEST " + request.origin + " FROM " + frames[creator].trim());
});
process.on("exit", () => process.stderr.write(seen.map((line) => line + "\\n").join("")));
`;

let server: FaultServer | undefined;
afterEach(() => server?.close());

/** Runs `script` on a one-task workflow calling a local server; returns the requests undici created. */
async function callThrough(script?: string) {
  server = await startFaultServer();
  server.reply({ json: { ok: true } });
  const run = await runAction({
    event: { name: "workflow_dispatch", payload: {} },
    inputs: { workflow: "w.yml" },
    files: {
      "w.yml": `id: W\nendpoints: { S: { url: "${server.url("/api")}" } }\ntasks: [{ name: A, service: S, action: go }]\n`,
    },
    nodeArgs: ["--import", `data:text/javascript,${encodeURIComponent(WATCH)}`],
    script,
  });
  expect(run.exitCode).toBe(0);
  expect(run.outputs.status).toBe("success");
  expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /api/go"]);
  const created = run.stderr.split("\n").filter((line) => line.startsWith("REQUEST "));
  return created.filter((line) => line.startsWith(`REQUEST ${server?.origin} `));
}

describe("the bundled action's HTTP stack", () => {
  it("carries a task's call on Node's own fetch dispatcher, not the undici that @actions/core bundles", async () => {
    const created = await callThrough();
    expect(created).toHaveLength(1);
    expect(created[0]).toMatch(/ FROM at new Request \(node:internal\/deps\/undici\//);
  });

  it("would carry it on the bundled undici without the first fetch() (else the fix is no longer needed)", async () => {
    // A copy of the bundle without node-fetch-first's fetch(): the check above must tell.
    const copy = await tempDir("mgmt-dist-copy-");
    await cp(path.join(ROOT, "dist"), copy, { recursive: true });
    let patched = 0;
    for (const name of (await readdir(copy)).filter((n) => n.endsWith(".js"))) {
      const text = await readFile(path.join(copy, name), "utf8");
      const without = text.replaceAll('void fetch("data:,")', "void Promise.resolve()");
      if (without !== text) patched += 1;
      await writeFile(path.join(copy, name), without);
    }
    expect(patched, "the bundle no longer holds node-fetch-first's fetch()").toBe(1);
    const created = await callThrough(path.join(copy, "index.js"));
    expect(created).toHaveLength(1);
    expect(created[0]).toContain(`(file://${copy}/`);
  });
});
