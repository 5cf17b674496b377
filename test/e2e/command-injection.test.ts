// Endpoint text and event data must never act as a workflow command in the step's log. The
// runner reads commands on stdout and stderr alike (test/helpers/runner-commands.ts says
// how); the only ones allowed are those @actions/core writes for the action itself.
import { afterEach, describe, expect, it } from "vitest";
import { type FaultServer, startFaultServer } from "../helpers/fault-server.js";
import { foreignCommands } from "../helpers/runner-commands.js";
import { type ActionRun, runAction } from "../helpers/run-action.js";

const FORGED = "##[set-output name=status;]success ##[add-mask]failure";

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Commands in the run's log that the action did not write, stream by stream. */
const forged = (run: ActionRun) => ({
  stdout: foreignCommands(run.stdout).map((c) => c.line),
  stderr: foreignCommands(run.stderr).map((c) => c.line),
});

describe("no runner command from hostile text", () => {
  it("an error body and a gate's reason holding ##[set-output] and ##[add-mask]", async () => {
    server = await startFaultServer();
    server.handle((request) =>
      request.path.endsWith("/review")
        ? { json: { approved: false, reasons: [`policy: ${FORGED}`, "\n::set-output name=status::success"] } }
        : { status: 500, body: `upstream said ${FORGED}\r::stop-commands::tok\n::error::x` },
    );
    const definition = `id: Forge
endpoints: { S: { url: "${server.url("/api")}" } }
tasks:
  - { name: Break, service: S, action: break, retry: false }
  - { name: Review, layer: S, action: review, needs: [] }
`;
    const run = await runAction({ inputs: { workflow: "forge.yml" }, files: { "forge.yml": definition } });
    expect(run.outputs.status).toBe("failure");
    // The hostile text did reach the log, as text.
    expect(run.stdout).toContain("upstream said");
    expect(run.stdout).toContain("policy:");
    expect(forged(run)).toEqual({ stdout: [], stderr: [] });
  });

  it("a repository_dispatch type with line breaks and ::set-output after them", async () => {
    server = await startFaultServer();
    server.reply({ json: {} });
    const definition = `id: AnyType
on: { repository_dispatch: {} }
endpoints: { S: { url: "${server.url("/api")}" } }
tasks:
  - { name: Only, service: S, action: go }
`;
    const type = "deploy\n::set-output name=x::y\r\n  ::add-mask::failure\r##[set-output name=status;]ok";
    const run = await runAction({
      event: { name: "repository_dispatch", payload: { action: type, client_payload: {} } },
      inputs: { workflow: "workflows" },
      files: { "workflows/any.yml": definition },
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("deploy");
    expect(forged(run)).toEqual({ stdout: [], stderr: [] });
  });

  it("a dry-run whose client_payload has keys starting with ::", async () => {
    const definition = `id: Planned
on: { repository_dispatch: { types: [plan] } }
endpoints: { S: { url: "http://127.0.0.1:9/never" } }
tasks:
  - { name: Only, service: S, action: go }
`;
    const client_payload = {
      "::set-output name=status::success": 1,
      "\n::add-mask::failure": 2,
      "::stop-commands::x": { "::error::forged": "##[set-output name=y;]z" },
    };
    const run = await runAction({
      event: { name: "repository_dispatch", payload: { action: "plan", client_payload } },
      inputs: { workflow: "workflows", "dry-run": "true" },
      files: { "workflows/planned.yml": definition },
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("set-output name=status");
    expect(forged(run)).toEqual({ stdout: [], stderr: [] });
  });
});
