// A gate that calls a policy engine as it is: an OPA-shaped answer read by `approved` and
// `reasons`, given on the task or once on the endpoint (an endpoints file).
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FaultServer, startFaultServer } from "../helpers/fault-server.js";
import { runDefinition } from "../helpers/run-definition.js";
import { tempDir } from "../helpers/temp-dir.js";

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
  server.reply({ json: { result: { allow: false, deny: ["over budget", "no quorum"] } } });
});
afterEach(() => server.close());

/** A gate on OPA's data API, then a task it guards. */
const GATED = (mappings: string) => `
id: Governed
tasks:
  - name: GovernanceReview
    layer: OPA
    request: { path: v1/data/census/allow, body: { input: { spend: 1200, votes: 2 } } }
${mappings}
  - name: UpdatePolicy
    service: OPA
    request: { path: v1/data/census/apply }
`;

const OPA_MAPPINGS = `    approved: \${{ response.body.result.allow }}
    reasons: \${{ response.body.result.deny }}`;

/** An endpoints file that describes the OPA endpoint's answer once. */
async function endpointsFile(): Promise<string> {
  const file = path.join(await tempDir("mgmt-endpoints-"), "endpoints.yml");
  await writeFile(file, `endpoints:\n  OPA:\n    url: "${server.origin}"\n${OPA_MAPPINGS}\n`);
  return file;
}

describe("a gate on an OPA-shaped answer", () => {
  it("allow false ends the run rejected, with both reasons in the task's error", async () => {
    const result = await runDefinition(GATED(OPA_MAPPINGS), { endpoints: { OPA: { url: server.origin } } });
    expect(result.status).toBe("rejected");
    expect(result.tasks[0]).toMatchObject({
      status: "rejected",
      error: "rejected: over budget; no quorum",
      response: { status: 200 },
    });
    expect(result.tasks[1]).toMatchObject({ status: "skipped", attempts: 0 });
    expect(server.requests.map((r) => [r.method, r.path, JSON.parse(r.text)])).toEqual([
      ["POST", "/v1/data/census/allow", { input: { spend: 1200, votes: 2 } }],
    ]);
  });

  it("allow true lets the guarded task run", async () => {
    server.reply({ json: { result: { allow: true, deny: [] } } }, { json: { applied: true } });
    const result = await runDefinition(GATED(OPA_MAPPINGS), { endpoints: { OPA: { url: server.origin } } });
    expect(result.status).toBe("success");
    expect(result.tasks.map((t) => t.status)).toEqual(["success", "success"]);
    expect(server.requests.map((r) => r.path)).toEqual(["/v1/data/census/allow", "/v1/data/census/apply"]);
  });

  it("approved that gives no boolean fails the task, naming approved", async () => {
    const mappings = "    approved: ${{ response.body.result }}";
    const result = await runDefinition(GATED(mappings), { endpoints: { OPA: { url: server.origin } } });
    expect(result.status).toBe("failure");
    expect(result.tasks[0]).toMatchObject({ status: "failure" });
    expect(result.tasks[0]?.error).toBe(
      'approved: expected true or false, got {"allow":false,"deny":["over budget","no quorum"]}',
    );
  });

  it("the same mappings on the endpoint, in an endpoints file, apply to the task", async () => {
    const file = await endpointsFile();
    const result = await runDefinition(GATED(""), { endpoints: file });
    expect(result.status).toBe("rejected");
    expect(result.tasks[0]).toMatchObject({ status: "rejected", error: "rejected: over budget; no quorum" });
  });

  it("the task's field wins over the endpoint's, field by field", async () => {
    const file = await endpointsFile();
    const result = await runDefinition(GATED('    reasons: "${{ response.body.result.deny[1] }}"'), {
      endpoints: file,
    });
    expect(result.tasks[0]).toMatchObject({ status: "rejected", error: "rejected: no quorum" });
  });
});
