import type { RetryPolicy } from "./plan.js";
import type { CallRecord } from "./result.js";

/** One task's HTTP call, retries included: what the engine asks of a transport. */
export interface CallRequest {
  url: string;
  headers: Record<string, string>;
  /** Sent byte for byte on every attempt. */
  body: string;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Clock time by which the task must end (its deadline or the run's), or null. */
  deadlineAt: number | null;
  /** Aborts when the run is cancelled. */
  signal: AbortSignal;
}

export type CallOutcome =
  | { ok: true; httpStatus: number; outputs: unknown; calls: CallRecord[] }
  | { ok: false; error: string; calls: CallRecord[]; cancelled: boolean };

export type CallTask = (request: CallRequest) => Promise<CallOutcome>;
