// The README's second example runs as it says: examples/workflows/census_existing_apis.yml
// through the CLI against the example services' REST-shaped APIs (started here on a free port,
// the definition's URLs moved to it).
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ResultsDocument, TaskResult } from "../../src/engine/result.js";
import { censusServicesPerTest, type CensusServices } from "../helpers/census.js";
import { ROOT } from "../helpers/run-action.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

const EXAMPLE = "examples/workflows/census_existing_apis.yml";
const CLIENT_SECRET = "example-client-secret-31c9";
const servicesPerTest = censusServicesPerTest();

/** Runs the example as written, but against `services`; the results document and the calls served. */
async function runExample(services: CensusServices) {
  const dir = await tempDir("mgmt-existing-apis-");
  const text = await readFile(path.join(ROOT, EXAMPLE), "utf8");
  expect(text).toContain("http://127.0.0.1:8787/");
  await writeFile(
    path.join(dir, "census_existing_apis.yml"),
    text.replaceAll("http://127.0.0.1:8787", services.url),
  );
  const run = await runCli(["run", "census_existing_apis.yml", "--param", "date=2024-06-01", "--json"], {
    cwd: dir,
    env: { CENSUS_CLIENT_SECRET: CLIENT_SECRET },
  });
  expect(run.exitCode, run.stderr).toBe(0);
  const results = JSON.parse(run.stdout) as ResultsDocument;
  const tasks = Object.fromEntries(results.runs[0]?.tasks.map((t) => [t.name, t]) ?? []) as Record<
    string,
    TaskResult
  >;
  return { run, results, tasks, calls: services.calls.map((c) => `${c.method} ${c.path}`) };
}

describe(`${EXAMPLE} against the example services`, () => {
  it("approved: reads the store, asks OPA, patches the policy, gets a token and polls the rebuild to its end", async () => {
    const services = await servicesPerTest.start({ gate: "approve" });
    const { run, results, tasks, calls } = await runExample(services);
    expect(results.status).toBe("success");
    // GetToken needs nothing: it runs beside the chain, before the rebuild that needs it.
    expect(calls.filter((c) => c === "POST /auth/token")).toHaveLength(1);
    expect(calls.indexOf("POST /auth/token")).toBeLessThan(calls.indexOf("POST /dash/rebuilds"));
    expect(calls.filter((c) => c !== "POST /auth/token")).toEqual([
      "GET /store/surveys/census-2024/responses?date=2024-06-01",
      "POST /agents/coverage/analyze_and_suggest",
      "POST /opa/v1/data/census/allow",
      "PATCH /store/policies/outreach",
      "POST /dash/rebuilds",
      "GET /dash/rebuilds/1",
      "GET /dash/rebuilds/1",
      "GET /dash/rebuilds/1",
    ]);
    // The agent's envelope got the store's items as `regions`, mapped by `outputs`.
    const advisor = services.calls.find((c) => c.path.startsWith("/agents/"));
    expect((advisor?.body.input as { regions: unknown[] }).regions).toHaveLength(5);
    expect(tasks.UpdatePolicy?.outputs).toEqual({ version: 8 });
    expect(tasks.RebuildDashboard).toMatchObject({
      polls: 3,
      response: { status: 200, body: { status: "done" } },
    });
    // The token is a secret from the moment it arrives: masked in the results and the log.
    const token = services.calls.find((c) => c.path === "/dash/rebuilds")?.headers.authorization ?? "";
    expect(token).toMatch(/^Bearer example-token-/);
    expect(tasks.GetToken?.outputs).toMatchObject({ access_token: "***" });
    for (const secret of [token.slice("Bearer ".length), CLIENT_SECRET]) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
    expect(run.stderr).toContain("RebuildDashboard ✓ success · 1 attempt · 3 polls");
  });

  it("rejected by OPA: the policy is not patched, the dashboard not rebuilt, and the run still exits 0", async () => {
    const services = await servicesPerTest.start({ gate: "reject" });
    const { results, tasks, calls } = await runExample(services);
    expect(results.status).toBe("rejected");
    expect(tasks.GovernanceReview?.error).toMatch(/^rejected: \d+ outreach changes need a human review$/);
    expect(tasks.UpdatePolicy?.status).toBe("skipped");
    expect(tasks.RebuildDashboard?.status).toBe("skipped");
    expect(calls.filter((c) => c.startsWith("PATCH") || c.includes("/dash/"))).toEqual([]);
  });
});
