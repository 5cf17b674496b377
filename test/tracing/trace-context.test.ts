// The W3C trace context a run's calls send: one trace id per GitHub run (the same on every
// attempt of it), a fresh span id per attempt, and traceparent headers a service can parse.
import { describe, expect, it } from "vitest";
import { newSpanId, traceIdOf, traceparentOf } from "../../src/tracing/trace-context.js";
import { TRACEPARENT } from "../helpers/traceparent.js";

describe("traceIdOf", () => {
  it("is 32 lower-case hex digits, not all zeros", () => {
    for (const [repository, runId] of [
      ["hms/mgmt-action", "1234567890"],
      ["", ""],
      ["Org/Repo", "run-1"],
    ] as const) {
      const id = traceIdOf(repository, runId);
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(id).not.toMatch(/^0+$/);
    }
  });

  it("is the same for the same repository and run, on any attempt of it", () => {
    // It takes no attempt: a re-run's attempt 2 (and a resumed run, which keeps its id) joins the same trace.
    const first = traceIdOf("hms/mgmt-action", "1234567890");
    expect(traceIdOf("hms/mgmt-action", "1234567890")).toBe(first);
  });

  it("differs for another run id or another repository", () => {
    const id = traceIdOf("hms/mgmt-action", "1234567890");
    expect(traceIdOf("hms/mgmt-action", "1234567891")).not.toBe(id);
    expect(traceIdOf("hms/other", "1234567890")).not.toBe(id);
    // The two parts are kept apart: moving a character from one to the other is another trace.
    expect(traceIdOf("a/b1", "2")).not.toBe(traceIdOf("a/b", "12"));
  });
});

describe("traceparentOf", () => {
  it("is a W3C traceparent, version 00, sampled, carrying both ids", () => {
    const traceId = traceIdOf("hms/mgmt-action", "42");
    const spanId = newSpanId();
    const header = traceparentOf(traceId, spanId);
    expect(header).toMatch(TRACEPARENT);
    expect(header).toBe(`00-${traceId}-${spanId}-01`);
  });
});

describe("newSpanId", () => {
  it("gives 1000 distinct ids, each 16 lower-case hex digits and none all zeros", () => {
    const ids = Array.from({ length: 1000 }, () => newSpanId());
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{16}$/);
      expect(id).not.toBe("0000000000000000");
    }
    expect(new Set(ids).size).toBe(1000);
  });
});
