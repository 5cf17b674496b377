import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DefinitionError, Orchestrator } from "../../src/lib.js";
import { CENSUS_FILE, censusServicesPerTest } from "../helpers/census.js";
import { tempDir } from "../helpers/temp-dir.js";
import { startOtlpReceiver } from "../helpers/otlp-receiver.js";
import { traceIdOf } from "../../src/tracing/trace-context.js";


const servicesPerTest = censusServicesPerTest();

describe("Orchestrator", () => {
  it("loads the reference workflow and runs it: approved", async () => {
    const services = await servicesPerTest.start({ gate: "approve" });
    const orc = new Orchestrator({ endpoints: services.endpoints });
    await orc.loadWorkflow(CENSUS_FILE);
    const result = await orc.start("CensusDailyUpdate", { date: "2024-06-01" });
    expect(result.status).toBe("success");
    expect(result.trigger).toBe("library");
    expect(result.tasks.map((t) => [t.name, t.kind, t.status, t.attempts])).toEqual([
      ["CollectResponses", "service", "success", 1],
      ["AnalyzeData", "agent", "success", 1],
      ["GovernanceReview", "layer", "success", 1],
      ["UpdatePolicy", "service", "success", 1],
      ["RefreshDashboard", "service", "success", 1],
    ]);
    expect(services.calls.every((c) => c.body.params.date === "2024-06-01")).toBe(true);
    expect(services.calls[1]?.body.input).toEqual(result.tasks[0]?.outputs);
  });

  it("rejected: three calls, the rest skipped", async () => {
    const services = await servicesPerTest.start({ gate: "reject" });
    const orc = new Orchestrator({ endpoints: services.endpoints });
    await orc.loadWorkflow(CENSUS_FILE);
    const result = await orc.start("CensusDailyUpdate");
    expect(result.status).toBe("rejected");
    expect(services.calls).toHaveLength(3);
    expect(result.tasks[3]?.error).toBe("skipped: GovernanceReview rejected");
    // The dashboard is blamed on the gate that stopped the chain, not on the skipped task between.
    expect(result.tasks[4]?.error).toBe("skipped: GovernanceReview rejected");
  });

  it("policy 500: three attempts, failure, the dashboard never called", async () => {
    const services = await servicesPerTest.start({ gate: "approve", fail: { "/policy/update": 500 } });
    const orc = new Orchestrator({ endpoints: services.endpoints });
    await orc.loadWorkflow(CENSUS_FILE);
    const result = await orc.start("CensusDailyUpdate", {}, { runId: "fixed-run" });
    expect(result.status).toBe("failure");
    const policy = result.tasks.find((t) => t.name === "UpdatePolicy");
    expect(policy?.attempts).toBe(3);
    expect(policy?.calls.map((c) => c.httpStatus)).toEqual([500, 500, 500]);
    expect(
      services.calls.filter((c) => c.path === "/policy/update").map((c) => c.headers["idempotency-key"]),
    ).toEqual(Array(3).fill('"fixed-run:CensusDailyUpdate:UpdatePolicy"'));
    expect(services.calls.some((c) => c.path === "/dashboard/refresh")).toBe(false);
  });

  it("a misspelled endpoint throws one DefinitionError listing the problem with its place", async () => {
    const services = await servicesPerTest.start();
    const dir = await tempDir("mgmt-lib-");
    const file = path.join(dir, "census.json");
    await writeFile(
      file,
      readFileSync(CENSUS_FILE, "utf8").replace('"layer":"GovernanceLayer"', '"layer":"Governance"'),
    );
    const orc = new Orchestrator({ endpoints: services.endpoints });
    const error = await orc.loadWorkflow(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as DefinitionError).problems[0]).toMatchObject({
      line: 6,
      column: 42,
      field: "tasks[2].layer",
    });
    expect((error as Error).message).toContain('no endpoint named "Governance"');
    expect(services.calls).toHaveLength(0);
  });

  it("start() of an id that is not loaded says which are", async () => {
    const orc = new Orchestrator({ endpoints: {} });
    await expect(orc.start("Nope")).rejects.toThrow(/no workflow "Nope" is loaded/);
  });
});

describe("Orchestrator, traced", () => {
  it("exports the run's spans to the collector its env names, under the trace its calls carried", async () => {
    const services = await servicesPerTest.start({ gate: "approve" });
    const otlp = await startOtlpReceiver();
    try {
      const env = { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json" };
      const orc = new Orchestrator({ endpoints: services.endpoints, env });
      await orc.loadWorkflow(CENSUS_FILE);
      const result = await orc.start("CensusDailyUpdate", {}, { runId: "traced-run" });
      expect(result.traceId).toBe(traceIdOf("", "traced-run"));
      const sent = services.calls.map((c) => c.headers["traceparent"]);
      expect(sent).toHaveLength(5);
      expect(sent.every((t) => t?.startsWith(`00-${result.traceId}-`))).toBe(true);
      const spans = otlp.spans();
      expect(otlp.requests.map((r) => r.contentType)).toEqual(["application/json"]);
      expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([result.traceId]));
      expect(spans.filter((s) => s.parentSpanId === "").map((s) => s.name)).toEqual(["CensusDailyUpdate"]);
      for (const task of result.tasks) expect(spans.map((s) => s.name)).toContain(task.name);
    } finally {
      await otlp.close();
    }
  });

  it("says what went wrong with the export as a process warning, the run as it was", async () => {
    const services = await servicesPerTest.start({ gate: "approve" });
    const warned: Error[] = [];
    const onWarning = (warning: Error) => warned.push(warning);
    process.on("warning", onWarning);
    try {
      const env = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4317", OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" };
      const orc = new Orchestrator({ endpoints: services.endpoints, env });
      await orc.loadWorkflow(CENSUS_FILE);
      const result = await orc.start("CensusDailyUpdate");
      expect(result.status).toBe("success");
      await new Promise((resolve) => setImmediate(resolve));
      const traced = warned.filter((w) => w.name === "MgmtTraceWarning");
      expect(traced.map((w) => w.message)).toEqual([
        expect.stringMatching(/^traces are not exported: OTEL_EXPORTER_OTLP_PROTOCOL is grpc/),
      ]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
