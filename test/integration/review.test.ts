// A gate that asks a person to decide: the run parks with its state saved, and a resume
// with an approval calls only what is left. Through the CLI's folder state and the library.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CENSUS, censusServicesPerTest, endpointsYaml } from "../helpers/census.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";
import { writeFile } from "node:fs/promises";

const services = censusServicesPerTest();

async function workspace() {
  const dir = await tempDir("mgmt-review-");
  const census = await services.start({ gate: "review" });
  await writeFile(path.join(dir, "census.json"), CENSUS);
  await writeFile(path.join(dir, "endpoints.yml"), endpointsYaml(census));
  return { dir, census, state: path.join(dir, "state") };
}

describe("a gate that asks for review, through the CLI with --state", () => {
  it("parks (waiting, exit 0, later tasks not called), then resumes approved: only the rest is called", async () => {
    const { dir, census, state } = await workspace();
    const args = ["run", path.join(dir, "census.json"), "--param", "date=2024-06-01", "--state", state];
    const first = await runCli([...args, "--run-id", "run-7", "--json"]);
    expect(first.exitCode).toBe(0);
    const parked = JSON.parse(first.stdout);
    expect(parked.status).toBe("waiting");
    expect(parked.runs[0].tasks.map((t: { status: string }) => t.status)).toEqual([
      "success",
      "success",
      "waiting",
      "waiting",
      "waiting",
    ]);
    const calledFirst = census.calls.map((c) => c.path);
    expect(calledFirst).toEqual([
      "/responses/fetchNew",
      "/agents/coverage/analyze_and_suggest",
      "/governance/enforce",
    ]);
    expect(await readdir(path.join(state, "CensusDailyUpdate"))).toEqual(["run-7.state"]);

    const refused = await runCli([...args, "--resume"]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain("--approved-by");
    expect(census.calls.length).toBe(3);

    const resumed = await runCli([...args, "--resume", "--approved-by", "ada", "--json"]);
    expect(resumed.exitCode).toBe(0);
    const done = JSON.parse(resumed.stdout);
    expect(done.status).toBe("success");
    const tasks = done.runs[0].tasks;
    expect(done.runs[0].runId).toBe("run-7");
    expect(tasks[0].replayed).toEqual({ attempt: 1 });
    expect(tasks[2].review.approval.by).toBe("ada");
    expect(tasks[2].outputs.approved).toBe(true);
    expect(census.calls.map((c) => c.path).slice(3)).toEqual(["/policy/update", "/dashboard/refresh"]);
    // The same Idempotency-Key as the parked run's: one run, resumed.
    expect(census.calls[3]?.headers["idempotency-key"]).toBe('"run-7:CensusDailyUpdate:UpdatePolicy"');
  });

  it("without --state the gate cannot wait: it fails saying what to do", async () => {
    const { dir } = await workspace();
    const run = await runCli(["run", path.join(dir, "census.json"), "--param", "date=2024-06-01", "--json"]);
    const doc = JSON.parse(run.stdout);
    expect(doc.status).toBe("failure");
    expect(doc.runs[0].tasks[2].error).toContain("--state DIR");
  });

  it("a state holds no header and no secret", async () => {
    const { dir, state } = await workspace();
    const canary = "state-canary-9c2e";
    const endpoints = (await readFile(path.join(dir, "endpoints.yml"), "utf8")).replace(
      /ResponseService: \{ url: "([^"]+)" \}/,
      'ResponseService: { url: "$1", headers: { Authorization: "Bearer ${{ env.TOKEN }}" } }',
    );
    await writeFile(path.join(dir, "endpoints.yml"), endpoints);
    const run = await runCli(
      ["run", path.join(dir, "census.json"), "--param", "date=2024-06-01", "--state", state],
      {
        env: { TOKEN: canary },
      },
    );
    expect(run.exitCode).toBe(0);
    const [file] = await readdir(path.join(state, "CensusDailyUpdate"));
    const saved = await readFile(path.join(state, "CensusDailyUpdate", file as string), "utf8");
    expect(saved).toContain('"status":"waiting"');
    expect(saved.toLowerCase()).not.toContain("authorization");
    expect(saved).not.toContain(canary);
  });
});
