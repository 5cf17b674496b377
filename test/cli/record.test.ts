import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CENSUS, censusServicesPerTest, endpointsYaml, startCensusServices } from "../helpers/census.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

const servicesPerTest = censusServicesPerTest();
const CANARY = "canary-7f3e9b2d";

/**
 * The census workflow and its endpoints in `<tmp>/workflows` (every endpoint sends a bearer
 * token read from env), run with `--record <tmp>/workflows/tests`.
 */
async function recordCensus(options: Parameters<typeof startCensusServices>[0], a2a = false) {
  const services = await servicesPerTest.start(options);
  const root = await tempDir("mgmt-record-");
  const workflows = path.join(root, "workflows");
  await mkdir(workflows);
  const endpoints = endpointsYaml(services).replace(
    /\{ url: ("[^"]+") \}/g,
    '{ url: $1, headers: { Authorization: "Bearer ${{ env.TOKEN }}" } }',
  );
  const advisor = `CensusCoverageAdvisor: { url: "${services.url}/a2a/coverage", protocol: a2a,`;
  const agents = a2a ? endpoints.replace(/CensusCoverageAdvisor: \{ url: "[^"]+",/, advisor) : endpoints;
  await writeFile(path.join(workflows, "census_workflow.json"), CENSUS);
  await writeFile(path.join(workflows, "endpoints.yml"), agents);
  const tests = path.join(workflows, "tests");
  const args = ["run", "workflows", "--param", "date=2024-06-01", "--run-id", "r-42", "--record", tests];
  const run = await runCli(args, { cwd: root, env: { TOKEN: CANARY } });
  const file = path.join(tests, "CensusDailyUpdate.test.yml");
  return { run, services, root, tests, file, text: await readFile(file, "utf8") };
}

describe("mgmt run --record", () => {
  it("records an approved run as a test that replays green, no secret and no request header in it", async () => {
    const { run, services, root, tests, file, text } = await recordCensus({ gate: "approve" });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain(`recorded ${file}`);
    // The services did get the token: it is the recording that must not hold it.
    expect(services.calls[0]?.headers.authorization).toBe(`Bearer ${CANARY}`);
    expect(text).not.toContain(CANARY);
    expect(text.toLowerCase()).not.toContain("authorization");
    expect(text).not.toMatch(/idempotency-key|x-mgmt/i);

    const test = parse(text);
    expect(test).toMatchObject({
      workflow: "CensusDailyUpdate",
      params: { date: "2024-06-01" },
      context: { run: { id: "r-42", trigger: "cli", date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) } },
      expect: {
        status: "success",
        tasks: { UpdatePolicy: { status: "success" }, RefreshDashboard: { status: "success" } },
      },
    });
    expect(Object.keys(test.answers)).toEqual([
      "CollectResponses",
      "AnalyzeData",
      "GovernanceReview",
      "UpdatePolicy",
      "RefreshDashboard",
    ]);
    expect(test.answers.GovernanceReview).toMatchObject({ status: 200, body: { approved: true } });

    const replay = await runCli(["test", tests], { cwd: root });
    expect(replay.stderr).toBe("");
    expect(replay.exitCode, replay.stdout).toBe(0);
  });

  it("records a 503 then the success, and the retry replays green", async () => {
    let policyCalls = 0;
    // The services read `fail` per request: the policy service fails its first call alone.
    const fail = {
      get "/policy/update"() {
        return policyCalls++ === 0 ? 503 : undefined;
      },
    } as unknown as Record<string, number>;
    const { run, root, tests, text } = await recordCensus({ gate: "approve", fail });
    expect(run.exitCode, run.stderr).toBe(0);
    const test = parse(text);
    expect(test.answers.UpdatePolicy).toEqual([
      { status: 503 },
      { status: 200, body: { updated: true, policyVersion: 7, gate: true } },
    ]);
    expect(test.expect.tasks.UpdatePolicy).toEqual({ status: "success" });

    const replay = await runCli(["test", tests], { cwd: root });
    expect(replay.exitCode, replay.stdout + replay.stderr).toBe(0);
  });

  it("records an A2A agent's extracted outputs as its answer, which replays green", async () => {
    const { run, root, tests, text } = await recordCensus({ gate: "approve" }, true);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(text).not.toContain(CANARY);
    // The outputs the protocol extracted, not the JSON-RPC envelope the agent answered in.
    const { AnalyzeData } = parse(text).answers;
    expect(AnalyzeData).toEqual({ body: { lowCoverage: expect.any(Array), suggestions: expect.any(Array) } });
    expect(text).not.toContain("jsonrpc");

    const replay = await runCli(["test", tests], { cwd: root });
    expect(replay.exitCode, replay.stdout + replay.stderr).toBe(0);
  });

  it("a folder that cannot be written is an error naming it, exit 1", async () => {
    const services = await servicesPerTest.start({ gate: "approve" });
    const root = await tempDir("mgmt-record-");
    await writeFile(path.join(root, "census.json"), CENSUS);
    await writeFile(path.join(root, "endpoints.yml"), endpointsYaml(services));
    await writeFile(path.join(root, "taken"), "a file, not a folder");
    const run = await runCli(["run", "census.json", "--record", "taken"], { cwd: root });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      `mgmt: --record: cannot write ${path.join("taken", "CensusDailyUpdate.test.yml")}`,
    );
  });

  it("--record with --dry-run is a usage error: nothing would be answered", async () => {
    const run = await runCli(["run", "workflows", "--dry-run", "--record", "out"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("--record keeps what the services answer");
  });
});
