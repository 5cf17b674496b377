import { describe, expect, it } from "vitest";
import { Orchestrator } from "../../src/lib.js";
import { CENSUS_FILE, censusServicesPerTest } from "../helpers/census.js";
import { tempDir } from "../helpers/temp-dir.js";

const WORKFLOW = "CensusDailyUpdate";
const servicesPerTest = censusServicesPerTest();

/** Services whose gate asks a person's review, and an Orchestrator saving states in a fresh folder. */
async function parkable() {
  const services = await servicesPerTest.start({ gate: "review" });
  const orc = new Orchestrator({ state: await tempDir("mgmt-resume-"), endpoints: services.endpoints });
  await orc.loadWorkflow(CENSUS_FILE);
  return { services, orc };
}

describe("Orchestrator.resume", () => {
  it("start parks at the gate; resume approved by ada calls only what follows it", async () => {
    const { services, orc } = await parkable();
    const parked = await orc.start(WORKFLOW, { date: "2024-06-01" }, { runId: "park-1" });
    expect(parked.status).toBe("waiting");
    expect(services.calls.map((c) => c.path)).toEqual([
      "/responses/fetchNew",
      "/agents/coverage/analyze_and_suggest",
      "/governance/enforce",
    ]);
    expect(parked.tasks.map((t) => [t.name, t.status])).toEqual([
      ["CollectResponses", "success"],
      ["AnalyzeData", "success"],
      ["GovernanceReview", "waiting"],
      ["UpdatePolicy", "waiting"],
      ["RefreshDashboard", "waiting"],
    ]);

    services.calls.length = 0;
    const resumed = await orc.resume("park-1", { approvedBy: "ada" });
    expect(resumed.status).toBe("success");
    expect(resumed.runId).toBe("park-1");
    expect(services.calls.map((c) => c.path)).toEqual(["/policy/update", "/dashboard/refresh"]);
    expect(resumed.tasks.every((t) => t.status === "success")).toBe(true);
    const gate = resumed.tasks.find((t) => t.name === "GovernanceReview");
    expect(gate?.review?.approval?.by).toBe("ada");
    // The parked run's params are the resumed run's.
    expect(services.calls.every((c) => c.body.params.date === "2024-06-01")).toBe(true);
  });

  it("resume without approvedBy throws and calls nothing", async () => {
    const { services, orc } = await parkable();
    const parked = await orc.start(WORKFLOW, {}, { runId: "park-2" });
    expect(parked.status).toBe("waiting");
    services.calls.length = 0;
    await expect(orc.resume("park-2", { workflowId: WORKFLOW })).rejects.toThrow(/approvedBy/);
    expect(services.calls).toHaveLength(0);
  });

  it("resume of an unknown run id throws saying there is no saved state, and calls nothing", async () => {
    const { services, orc } = await parkable();
    await expect(orc.resume("never-ran", { approvedBy: "ada" })).rejects.toThrow(/no saved state/);
    expect(services.calls).toHaveLength(0);
  });

  it("resume with no workflow loaded says to name it, and calls nothing", async () => {
    const orc = new Orchestrator({ state: await tempDir("mgmt-state-") });
    await expect(orc.resume("park-3", { approvedBy: "ada" })).rejects.toThrow(
      "resume: say which workflow parked with { workflowId }: none is loaded",
    );
  });
});
