// The bundled action on events whose payload whoever sends them chose: a huge client_payload,
// and event data that tries to become a secret and so hide a failed run's status.
import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { type FaultServer, startFaultServer } from "../helpers/fault-server.js";
import { runAction } from "../helpers/run-action.js";

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("repository_dispatch", () => {
  it("a client_payload holding a list of 70,000 items runs, and expressions read it", async () => {
    server = await startFaultServer();
    server.reply({ json: { ok: true } });
    const items = Array.from({ length: 70_000 }, (_, i) => ({ id: i, v: i % 10 }));
    const definition = `id: Bulk
on: { repository_dispatch: { types: [bulk] } }
endpoints: { S: { url: "${server.url("/api")}" } }
tasks:
  - { name: Load, service: S, action: load, with: { last: "\${{ params.items[69999].id }}" } }
`;
    const run = await runAction({
      event: { name: "repository_dispatch", payload: { action: "bulk", client_payload: { items } } },
      inputs: { workflow: "workflows" },
      files: { "workflows/bulk.yml": definition },
    });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe("success");
    const sent = JSON.parse(server.requests[0]?.text ?? "null");
    expect(sent.params.last).toBe(69_999);
    expect(sent.params.items).toHaveLength(70_000);
    const results = JSON.parse(await readFile(run.outputs["results-file"] as string, "utf8"));
    expect(results.runs[0].params.items).toHaveLength(70_000);
  });
});

describe("whoever sends an event cannot make a failed run pass", () => {
  it('a header reading client_payload.request_id = "failure" leaves status "failure", unmasked, and the step failed', async () => {
    server = await startFaultServer();
    server.reply({ status: 400, json: { error: "no such order" } });
    const definition = `id: Orders
on: { repository_dispatch: { types: [order] } }
endpoints:
  S:
    url: "${server.url("/api")}"
    headers: { X-Request-Id: "\${{ github.event.client_payload.request_id }}" }
tasks:
  - { name: Place, service: S, action: place, retry: false }
`;
    const run = await runAction({
      event: {
        name: "repository_dispatch",
        payload: { action: "order", client_payload: { request_id: "failure" } },
      },
      inputs: { workflow: "workflows" },
      files: { "workflows/orders.yml": definition },
    });
    // The header did go out with the event's value: the expression was read.
    expect(server.requests[0]?.headers["x-request-id"]).toBe("failure");
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe("failure");
    expect(run.stdout).not.toContain("::add-mask::failure");
    const results = JSON.parse(run.outputs.results ?? "{}");
    expect(results.status).toBe("failure");
  });
});
