// @actions/core's index loads undici 6, which installs itself as fetch()'s global dispatcher
// when it loads first; the action imports only core's workflow commands
// (src/action/workflow-commands.ts). These tests make a real call through the bundle and ask
// undici's diagnostics channel which code created the request on the wire.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FaultServer, startFaultServer } from "../helpers/fault-server.js";
import { ROOT, runAction } from "../helpers/run-action.js";

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

/** Runs a one-task workflow calling a local server; returns the requests undici created. */
async function callThrough() {
  server = await startFaultServer();
  server.reply({ json: { ok: true } });
  const run = await runAction({
    event: { name: "workflow_dispatch", payload: {} },
    inputs: { workflow: "w.yml" },
    files: {
      "w.yml": `id: W\nendpoints: { S: { url: "${server.url("/api")}" } }\ntasks: [{ name: A, service: S, action: go }]\n`,
    },
    nodeArgs: ["--import", `data:text/javascript,${encodeURIComponent(WATCH)}`],
  });
  expect(run.exitCode).toBe(0);
  expect(run.outputs.status).toBe("success");
  expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /api/go"]);
  const created = run.stderr.split("\n").filter((line) => line.startsWith("REQUEST "));
  return created.filter((line) => line.startsWith(`REQUEST ${server?.origin} `));
}

describe("the bundled action's HTTP stack", () => {
  it("carries a task's call on Node's own fetch dispatcher", async () => {
    const created = await callThrough();
    expect(created).toHaveLength(1);
    expect(created[0]).toMatch(/ FROM at new Request \(node:internal\/deps\/undici\//);
  });

  it("loads no undici of its own at start: only @actions/cache and @actions/github, loaded for saved state, bring one", async () => {
    const dist = path.join(ROOT, "dist");
    const entry = await readFile(path.join(dist, "index.js"), "utf8");
    // The chunks the entry loads before it runs: the others load on demand.
    const atStart = [...entry.matchAll(/__nccwpck_require__\.e\((\d+)\)/g)].map((m) => `${m[1]}.index.js`);
    expect(atStart.length).toBeGreaterThan(0);
    for (const name of ["index.js", ...atStart]) {
      const text = await readFile(path.join(dist, name), "utf8");
      expect(text.includes("undici.globalDispatcher"), `dist/${name} bundles undici`).toBe(false);
      expect(
        text.includes("github.actions.results.api.v1.CacheService"),
        `dist/${name} holds the cache client`,
      ).toBe(false);
      // OpenTelemetry's SDK and exporters load only when the OTLP variables ask for an export.
      expect(text.includes("OTLPTraceExporter"), `dist/${name} holds the OTLP exporter`).toBe(false);
      expect(text.includes("AlwaysOnSampler"), `dist/${name} holds the tracing SDK`).toBe(false);
    }
  });
});
