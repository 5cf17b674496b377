import type { CallRequest } from "../../src/engine/call.js";
import { type Clock, systemClock } from "../../src/engine/clock.js";
import { VirtualClock } from "../../src/engine/virtual-clock.js";
import { createHttpCall } from "../../src/transport/http-call.js";
import type { FaultServer, Reply } from "../helpers/fault-server.js";

/** The transport under test: real time, and a fixed jitter so that waits are predictable. */
export const call = createHttpCall({ clock: systemClock, random: () => 0.5 });

/** The transport on a virtual clock; it starts on a whole second, so that an HTTP date gives an exact wait. */
export function virtualCall(options: { autoAdvance?: boolean; random?: () => number } = {}) {
  const clock = new VirtualClock({
    start: Date.UTC(2024, 5, 1, 12),
    autoAdvance: options.autoAdvance ?? true,
  });
  return { clock, call: createHttpCall({ clock, random: options.random ?? (() => 0.5) }) };
}

/**
 * Answers with `replies` in turn (the last repeats) and notes the clock's time of each arrival;
 * `arrived(n)` resolves once n requests are in, so that a test moves the clock only then.
 */
export function scripted(server: FaultServer, clock: Clock, ...replies: Reply[]) {
  const arrivals: { arrivedAt: number }[] = [];
  const waiting: { n: number; resolve: () => void }[] = [];
  server.handle((_request, index) => {
    arrivals.push({ arrivedAt: clock.now() });
    for (const w of waiting) if (arrivals.length >= w.n) w.resolve();
    return replies[Math.min(index, replies.length - 1)] ?? {};
  });
  const arrived = (n: number) =>
    new Promise<void>((resolve) => (arrivals.length >= n ? resolve() : waiting.push({ n, resolve })));
  return { arrivals, arrived };
}

/** A request as the engine builds it, with short waits so that retries are quick. */
export function callRequest(url: string, overrides: Partial<CallRequest> = {}): CallRequest {
  return {
    method: "POST",
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
    mode: "envelope",
    timeoutMs: 5000,
    retry: { attempts: 3, backoffMs: 10, factor: 2, maxBackoffMs: 100 },
    deadlineAt: null,
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** A call to an API as it is: a GET with no body, its answer handed back whatever the status. */
export function apiRequest(url: string, overrides: Partial<CallRequest> = {}): CallRequest {
  return callRequest(url, {
    method: "GET",
    headers: { Accept: "application/json", "X-Mgmt-Task": "CollectResponses" },
    body: null,
    mode: "response",
    ...overrides,
  });
}

/** Milliseconds between consecutive arrivals. */
export function gaps(arrivals: readonly { arrivedAt: number }[]): number[] {
  return arrivals.slice(1).map((r, i) => r.arrivedAt - (arrivals[i] as { arrivedAt: number }).arrivedAt);
}
