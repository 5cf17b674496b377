import type { CallRequest } from "../../src/engine/call.js";
import { systemClock } from "../../src/engine/clock.js";
import { createHttpCall } from "../../src/transport/http-call.js";

/** The transport under test: real time, and a fixed jitter so that waits are predictable. */
export const call = createHttpCall({ clock: systemClock, random: () => 0.5 });

/** A request as the engine builds it (SPEC §4), with short waits so that retries are quick. */
export function callRequest(url: string, overrides: Partial<CallRequest> = {}): CallRequest {
  return {
    url,
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json",
      "Idempotency-Key": '"run-1:CensusDailyUpdate:AnalyzeData"',
      "X-Mgmt-Workflow": "CensusDailyUpdate",
      "X-Mgmt-Task": "AnalyzeData",
      "X-Mgmt-Run": "run-1",
    },
    body: JSON.stringify({
      workflow: "CensusDailyUpdate",
      run: "run-1",
      task: "AnalyzeData",
      action: "analyze_and_suggest",
      params: { date: "2024-06-01", region: "Île-de-France ✓" },
      input: null,
    }),
    timeoutMs: 5000,
    retry: { attempts: 3, backoffMs: 10, factor: 2, maxBackoffMs: 100 },
    deadlineAt: null,
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** Milliseconds between consecutive arrivals. */
export function gaps(arrivals: readonly { arrivedAt: number }[]): number[] {
  return arrivals.slice(1).map((r, i) => r.arrivedAt - (arrivals[i] as { arrivedAt: number }).arrivedAt);
}
