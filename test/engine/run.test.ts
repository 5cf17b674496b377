import { describe, expect, test } from "vitest";
import type { CallOutcome } from "../../src/engine/call.js";
import { systemClock } from "../../src/engine/clock.js";
import type { RunEvent } from "../../src/engine/events.js";
import { runWorkflow } from "../../src/engine/run.js";
import { fail, fakeCall, plannedTasks, preparedRun, succeed, type TaskSketch } from "./fixtures.js";

/** Runs sketched tasks; `answers` says how each called task ends (default: `{ from: name }`). */
async function run(sketches: TaskSketch[], answers: Record<string, CallOutcome> = {}, concurrency = 4) {
  const fake = fakeCall((name) => answers[name] ?? succeed({ from: name }));
  const events: RunEvent[] = [];
  const prepared = preparedRun(plannedTasks(sketches), concurrency);
  const result = await runWorkflow(prepared, {
    call: fake.call,
    clock: systemClock,
    onEvent: (e) => events.push(e),
  });
  const status = Object.fromEntries(result.tasks.map((t) => [t.name, t.status]));
  const error = Object.fromEntries(result.tasks.map((t) => [t.name, t.error]));
  const skip = Object.fromEntries(result.tasks.map((t) => [t.name, t.skip]));
  return { result, status, error, skip, fake, events };
}

describe("no fail-fast", () => {
  test("an independent branch keeps running when another fails; the failed branch is skipped", async () => {
    const { status, skip, result } = await run(
      [{ name: "A" }, { name: "A2", needs: ["A"] }, { name: "B", needs: [] }, { name: "B2", needs: ["B"] }],
      { A: fail("HTTP 500") },
    );
    expect(status).toEqual({ A: "failure", A2: "skipped", B: "success", B2: "success" });
    expect(skip.A2).toEqual({ kind: "need", task: "A", status: "failure" });
    expect(result.status).toBe("failure");
  });
});

describe("status functions look at every direct and indirect need", () => {
  test("failure() sees a failure two levels up; always() runs after it; success() does not", async () => {
    const { status } = await run(
      [
        { name: "A" },
        { name: "Cleanup", if: "always()" },
        { name: "Alert", if: "failure()" },
        { name: "Report", if: "success()", needs: ["Cleanup"] },
      ],
      { A: fail("HTTP 500") },
    );
    expect(status).toEqual({ A: "failure", Cleanup: "success", Alert: "success", Report: "skipped" });
  });

  test("a failure under continue-on-error counts as success", async () => {
    const { status, result } = await run(
      [
        { name: "A", continueOnError: true },
        { name: "B" },
        { name: "OnFailure", if: "failure()", needs: ["A"] },
      ],
      { A: fail("HTTP 500") },
    );
    expect(status).toEqual({ A: "failure", B: "success", OnFailure: "skipped" });
    expect(result.status).toBe("success");
  });

  test("a rejected or skipped need makes both success() and failure() false", async () => {
    const { status, error, skip, result } = await run(
      [
        { name: "Gate", kind: "layer" },
        { name: "Ok", if: "success()" },
        { name: "Bad", if: "failure()", needs: ["Gate"] },
        { name: "Either", if: "success() || failure()", needs: ["Gate"] },
        { name: "Always", if: "always()", needs: ["Gate"] },
        { name: "NotApproved", if: "!tasks.Gate.outputs.approved", needs: ["Gate"] },
        { name: "AfterSkip", if: "success() || failure()", needs: ["Ok"] },
      ],
      { Gate: succeed({ approved: false, reasons: ["over budget"] }) },
    );
    expect(status).toEqual({
      Gate: "rejected",
      Ok: "skipped",
      Bad: "skipped",
      Either: "skipped",
      Always: "success",
      NotApproved: "skipped",
      AfterSkip: "skipped",
    });
    expect(error.Gate).toBe("rejected: over budget");
    expect(skip.Ok).toEqual({ kind: "need", task: "Gate", status: "rejected" });
    expect(skip.Bad).toEqual({ kind: "if", condition: "failure()" });
    expect(skip.AfterSkip).toEqual({ kind: "if", condition: "success() || failure()" });
    expect(result.status).toBe("rejected");
  });

  test("a skip down a chain blames the task that stopped it, past the skipped ones between", async () => {
    const { skip } = await run(
      [
        { name: "Gate", kind: "layer" },
        { name: "Next" },
        { name: "Last" },
        { name: "Guarded", if: "false" },
        { name: "After" },
      ],
      { Gate: succeed({ approved: false }) },
    );
    expect(skip.Next).toEqual({ kind: "need", task: "Gate", status: "rejected" });
    expect(skip.Last).toEqual({ kind: "need", task: "Gate", status: "rejected" });
    expect(skip.Guarded).toEqual({ kind: "need", task: "Gate", status: "rejected" });
    expect(skip.After).toEqual({ kind: "need", task: "Gate", status: "rejected" });
  });

  test("a skip after a false `if` names the task whose `if` it was", async () => {
    const { skip } = await run([{ name: "A" }, { name: "Guarded", if: "false" }, { name: "After" }]);
    expect(skip.Guarded).toEqual({ kind: "if", condition: "false" });
    expect(skip.After).toEqual({ kind: "need", task: "Guarded", status: "skipped" });
  });

  test("an `if` without a status function is not evaluated when a need failed", async () => {
    const { status, skip } = await run([{ name: "A" }, { name: "B", if: "fromJSON(tasks.A.outputs.text)" }], {
      A: fail("HTTP 500"),
    });
    expect(status.B).toBe("skipped");
    expect(skip.B).toEqual({ kind: "need", task: "A", status: "failure" });
  });
});

describe("input and outputs", () => {
  test("input is the one need's outputs, an object keyed by name for several, null for none", async () => {
    const { fake } = await run(
      [
        { name: "Gate", kind: "layer" },
        { name: "A", needs: [] },
        { name: "B", needs: [] },
        { name: "C", needs: ["A"] },
        { name: "D", needs: ["A", "B", "Gate"], if: "always()" },
        { name: "F", needs: [] },
        { name: "E", needs: ["F"] },
      ],
      { B: fail("HTTP 503"), Gate: succeed({ approved: false }), F: succeed(null) },
    );
    expect(fake.bodies.get("A")?.input).toBeNull();
    expect(fake.bodies.get("C")?.input).toEqual({ from: "A" });
    expect(fake.bodies.get("D")?.input).toEqual({ A: { from: "A" }, B: null, Gate: { approved: false } });
    expect(fake.bodies.get("E")?.input).toBeNull();
    expect(fake.bodies.get("Gate")?.input).toBeNull();
  });

  test("a failed gate's answer is kept in its result but later tasks read null", async () => {
    const { status, fake, result } = await run(
      [
        { name: "Gate", kind: "layer" },
        {
          name: "B",
          if: "always()",
          with: { seen: "${{ tasks.Gate.outputs }}", st: "${{ tasks.Gate.status }}" },
        },
      ],
      { Gate: succeed({ approve: true }) },
    );
    expect(status.Gate).toBe("failure");
    expect(result.tasks[0]?.outputs).toEqual({ approve: true });
    expect(fake.bodies.get("B")?.params).toEqual({ seen: null, st: "failure" });
  });
});

describe("runtime expression errors", () => {
  test("fail the task, naming task, field and expression; nothing is called", async () => {
    const { status, error, fake } = await run([
      { name: "A", with: { raw: "{nope" } },
      { name: "B", with: { deep: ["x", "${{ fromJSON(tasks.A.outputs.from) }}"] } },
      { name: "C", if: "always() && fromJSON('{')" },
    ]);
    expect(status).toEqual({ A: "success", B: "failure", C: "failure" });
    expect(error.B).toMatch(
      /^cannot evaluate \$\{\{ fromJSON\(tasks\.A\.outputs\.from\) }} in B\.with\.deep\[1\]: .*JSON/,
    );
    expect(error.C).toMatch(/^cannot evaluate \$\{\{ always\(\) && fromJSON\('\{'\) }} in C\.if: .*JSON/);
    expect(fake.log).toEqual(["start:A", "end:A"]);
  });
});

describe("a transport that throws", () => {
  test("fails that task with the cause and the run goes on", async () => {
    const prepared = preparedRun(plannedTasks([{ name: "A" }, { name: "B", needs: [] }]), 4);
    const result = await runWorkflow(prepared, {
      call: async (request) => {
        if (request.url.endsWith("/A")) throw new TypeError("socket exploded");
        return succeed({ ok: true });
      },
      clock: systemClock,
    });
    expect(result.tasks.map((t) => [t.name, t.status, t.error])).toEqual([
      ["A", "failure", "the transport failed: TypeError: socket exploded"],
      ["B", "success", null],
    ]);
  });
});
