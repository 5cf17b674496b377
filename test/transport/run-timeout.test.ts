import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { Orchestrator } from "../../src/lib.js";
import { type FaultServer, startFaultServer } from "../helpers/fault-server.js";

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(() => server.close());

// The run's timer and the transport's attempt timeout fall due at the same instant; whichever
// fires first, the run must end `cancelled` (SPEC §4). Several runs give the race its chances.
it("a run timeout during a stalled call cancels the run, every time", async () => {
  server.reply({ stall: "headers" });
  const file = path.join(await mkdtemp(path.join(tmpdir(), "mgmt-timeout-")), "w.yml");
  const tasks = "  - { name: A, service: S, action: a }\n  - { name: B, service: S, action: b }\n";
  await writeFile(file, `id: W\ntimeout: 300ms\ntasks:\n${tasks}`);
  const orc = new Orchestrator({ endpoints: { S: { url: server.url("/api") } }, env: {} });
  await orc.loadWorkflow(file);
  for (let run = 0; run < 8; run++) {
    const result = await orc.start("W");
    expect(result.status).toBe("cancelled");
    expect(result.error).toBe("the run timed out after 300 ms");
    expect(result.tasks.map((t) => t.status)).toEqual(["cancelled", "skipped"]);
    expect(result.durationMs).toBeLessThan(1500);
  }
});
