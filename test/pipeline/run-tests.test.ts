// Retries, Retry-After and polling in a test take virtual time, not real time: a real minute's
// wait would run past this test's 30 s limit, while the run's own clock shows the minute.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runTests } from "../../src/pipeline/run-tests.js";
import { ROOT } from "../helpers/run-action.js";

describe("runTests", () => {
  it("a retry after Retry-After: 60 waits a virtual minute on the virtual clock", async () => {
    const ran = await runTests(path.join(ROOT, "workflows/tests/census-policy-retry.test.yml"));
    expect(ran.ok).toBe(true);
    const [test] = ran.ok ? ran.tests : [];
    expect(test?.passed).toBe(true);
    const policy = test?.run?.tasks.find((t) => t.name === "UpdatePolicy");
    expect(policy?.calls.map((c) => c.httpStatus)).toEqual([503, 200]);
    expect(test?.run?.durationMs).toBeGreaterThanOrEqual(60_000);
  });
});
