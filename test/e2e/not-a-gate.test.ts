import { describe, expect, it } from "vitest";
import { CENSUS, censusServicesPerTest, endpointsYaml } from "../helpers/census.js";
import { makeWorkspace, runAction } from "../helpers/run-action.js";
import { runCli } from "../helpers/run-cli.js";

const servicesPerTest = censusServicesPerTest();
const WARNING = "GovernanceReview answered approved: false but is a service, not a layer: it does not gate";

describe("a governance task written as a service", () => {
  it("does not gate, and the summary and the log say so", async () => {
    const services = await servicesPerTest.start({ gate: "reject" });
    const asService = CENSUS.replace('"layer":"GovernanceLayer"', '"service":"GovernanceLayer"');
    expect(asService).not.toBe(CENSUS);
    const run = await runAction({
      event: { name: "workflow_dispatch", payload: { inputs: { date: "2024-06-01" } } },
      files: {
        "workflows/census_workflow.json": asService,
        "workflows/endpoints.yml": endpointsYaml(services),
      },
    });
    expect(run.exitCode).toBe(0);
    // Not a gate: the policy update ran although the answer said no.
    expect(services.calls.map((c) => c.path)).toContain("/policy/update");
    expect(run.outputs.status).toBe("success");
    expect(run.summary).toContain(`> [!WARNING]\n> ${WARNING}`);
    expect(run.stdout.split("\n").filter((line) => line.startsWith("::warning"))).toEqual([
      expect.stringContaining(WARNING),
    ]);
  });

  it("warns on the CLI too", async () => {
    const services = await servicesPerTest.start({ gate: "reject" });
    const asService = CENSUS.replace('"layer":"GovernanceLayer"', '"service":"GovernanceLayer"');
    const { workspace } = await makeWorkspace({
      "census_workflow.json": asService,
      "endpoints.yml": endpointsYaml(services),
    });
    const result = await runCli(["run", "census_workflow.json", "--param", "date=2024-06-01"], {
      cwd: workspace,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(`mgmt: warning: ${WARNING}`);
  });
});
