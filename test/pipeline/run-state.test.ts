// How often a running workflow saves its state: each save is a new Actions cache entry, and
// a repository gets about 200 a minute, so a long run saves at most every 30 s, then at its end.
import { describe, expect, it } from "vitest";
import type { PreparedRun } from "../../src/engine/prepare.js";
import type { RunResult, TaskResult } from "../../src/engine/result.js";
import type { RunState } from "../../src/engine/state.js";
import { stateSaver } from "../../src/pipeline/run-state.js";

const run = {
  plan: { id: "W", digest: "d" },
  run: { id: "r1", attempt: 1, date: "2024-06-01" },
  params: {},
} as unknown as PreparedRun;

function task(name: string, status: TaskResult["status"] = "success"): TaskResult {
  return {
    name,
    status,
    outputs: { token: "secret-value-123" },
    attempts: 1,
    calls: [],
    error: null,
    usage: null,
    review: null,
    replayed: null,
  } as unknown as TaskResult;
}

function saverWith(now: { ms: number }) {
  const saved: RunState[] = [];
  const warnings: string[] = [];
  const saver = stateSaver(
    run,
    {
      store: {
        load: async () => ({ kind: "missing" }),
        save: async (state) => {
          saved.push(state);
          return saved.length === 3 ? { ok: false, why: "the cache refused it" } : { ok: true };
        },
      },
      resume: null,
      replay: false,
      notice: () => {},
      warning: (text) => warnings.push(text),
    },
    () => ["secret-value-123"],
    () => now.ms,
  );
  return { saver, saved, warnings };
}

describe("saving a running workflow's state", () => {
  it("saves at most every 30 s while it runs, then at its end, redacted; a refused save is a warning", async () => {
    const now = { ms: 0 };
    const { saver, saved, warnings } = saverWith(now);
    for (const [at, name] of [
      [1_000, "A"],
      [20_000, "B"],
      [31_000, "C"],
      [40_000, "D"],
      [62_000, "E"],
    ] as const) {
      now.ms = at;
      saver.onEvent({ type: "task:end", workflow: "W", result: task(name) });
    }
    await saver.end({ tasks: ["A", "B", "C", "D", "E"].map((n) => task(n)), status: "success" } as RunResult);
    expect(saved.map((s) => [s.status, Object.keys(s.tasks).join("")])).toEqual([
      ["running", "ABC"],
      ["running", "ABCDE"],
      ["success", "ABCDE"],
    ]);
    expect(JSON.stringify(saved)).not.toContain("secret-value-123");
    expect(warnings).toEqual(["the state of W was not saved: the cache refused it"]);
  });

  it("keeps no skipped task, and no task that only waits for a gate: they are decided again", async () => {
    const { saver, saved } = saverWith({ ms: 0 });
    const gate = { ...task("Gate", "waiting"), waitingFor: "Gate", review: { reasons: [], approval: null } };
    await saver.end({
      tasks: [task("A"), gate, { ...task("After", "waiting"), waitingFor: "Gate" }, task("S", "skipped")],
      status: "waiting",
    } as unknown as RunResult);
    expect(Object.keys(saved[0]?.tasks ?? {})).toEqual(["A", "Gate"]);
  });
});
