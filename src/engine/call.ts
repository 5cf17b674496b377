import type { RetryPolicy } from "./plan.js";
import type { CallRecord } from "./result.js";

/**
 * How an answer is read. `envelope`: the call contract's own services, where any non-2xx
 * fails the attempt and the body is JSON. `response`: an API as it is, where every final
 * answer is handed back (the task's `success-if` judges it) and the body is parsed by its
 * content type (JSON for `application/json` and `*+json`, else text, null when empty).
 */
export type AnswerMode = "envelope" | "response";

/** What each attempt of a call adds to its headers, asked afresh per attempt. */
export interface AttemptExtras {
  /**
   * The Authorization value for each attempt (an OIDC token's `Bearer …`), asked before each
   * one; a refusal fails the call, not retried. Absent: the headers as given.
   */
  authorize?: () => Promise<{ ok: true; value: string } | { ok: false; error: string }>;
  /** The run's trace: each attempt is a span of it and sends its W3C traceparent. Absent: none. */
  traceId?: string;
  /**
   * The task's own span, sent as the parent by every attempt instead of a span of its own: for
   * calls whose records are not all kept (later polls, an agent card), so that no span the
   * service names as its parent is missing from the exported trace.
   */
  asSpan?: string;
}

/** One task's HTTP call, retries included: what the engine asks of a transport. */
export interface CallRequest extends AttemptExtras {
  /** GET, HEAD, POST, PUT, PATCH or DELETE; the call contract's envelope is a POST. */
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Sent byte for byte on every attempt; null sends none. */
  body: string | null;
  mode: AnswerMode;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Clock time by which the task must end (its deadline or the run's), or null. */
  deadlineAt: number | null;
  /** Aborts when the run is cancelled. */
  signal: AbortSignal;
}

export type CallOutcome =
  | {
      ok: true;
      httpStatus: number;
      /** The body, parsed as the mode says. */
      outputs: unknown;
      calls: CallRecord[];
      /** The answer's headers, names lower-cased (absent from transports that do not keep them). */
      headers?: Record<string, string>;
      /** The URL that answered, after redirects: poll URLs resolve against it. */
      finalUrl?: string;
    }
  | { ok: false; error: string; calls: CallRecord[]; cancelled: boolean };

export type CallTask = (request: CallRequest) => Promise<CallOutcome>;

/**
 * One call of an MCP server's tool, retries included: the session's handshake, the call and
 * the session's end are the transport's. Its outcome's `outputs` is the tool's result as
 * the server sent it (`content`, `structuredContent`, `isError`, `_meta`).
 */
export interface ToolCallRequest
  extends Pick<CallRequest, "url" | "timeoutMs" | "retry" | "deadlineAt" | "signal">, AttemptExtras {
  /** The contract's and the endpoint's; the Idempotency-Key goes on the tool call alone. */
  headers: Record<string, string>;
  /** The tool's name. */
  name: string;
  arguments: Record<string, unknown>;
}

export type CallTool = (request: ToolCallRequest) => Promise<CallOutcome>;
