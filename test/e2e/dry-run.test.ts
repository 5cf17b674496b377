import { describe, expect, it } from "vitest";
import { runAction } from "../helpers/run-action.js";

const WORKFLOW = `id: Guarded
endpoints:
  S:
    url: http://127.0.0.1:9/never
    headers: { Authorization: "Bearer \${{ env.API_TOKEN }}" }
tasks:
  - { name: First, service: S, action: go }
  - { name: Second, service: S, action: go, with: { n: "\${{ tasks.First.outputs.n }}" } }
`;

describe("dry-run", () => {
  it("plans without the secrets a real run needs, and calls nothing", async () => {
    const run = await runAction({
      event: { name: "workflow_dispatch", payload: {} },
      inputs: { workflow: "guarded.yml", "dry-run": "true" },
      files: { "guarded.yml": WORKFLOW },
    });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.outputs["workflow-ids"]).toBe('["Guarded"]');
    // Nothing ran: no status, and no workflow-id (that names the workflow that ran).
    expect(run.outputs.status).toBeUndefined();
    expect(run.outputs["workflow-id"]).toBeUndefined();
    expect(run.summary).toContain("First");
    expect(run.summary).toContain("Second");
  });

  it("the real run names the missing variable and calls nothing", async () => {
    const run = await runAction({
      event: { name: "workflow_dispatch", payload: {} },
      inputs: { workflow: "guarded.yml" },
      files: { "guarded.yml": WORKFLOW },
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("API_TOKEN");
    expect(run.stdout).toMatch(/nothing was called/);
  });
});
