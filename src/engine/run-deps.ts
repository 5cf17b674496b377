import type { AgentOutcome } from "./agent-outcome.js";
import type { CallTask, CallTool } from "./call.js";
import type { Clock } from "./clock.js";
import type { RunListener } from "./events.js";
import type { PlannedTask } from "./plan.js";

/** What a run is given from outside: the calls, time, cancellation and where progress goes. */
export interface RunDeps {
  call: CallTask;
  /** Tasks on MCP endpoints call tools through it; without it they fail saying so. */
  callTool?: CallTool;
  /** Answers agents in place of their protocols (test mode): what they were sent, and their outputs. */
  answerAgent?: AnswerAgent;
  clock: Clock;
  /** Cancels the run: no task starts after it; calls in flight are aborted. */
  signal?: AbortSignal;
  onEvent?: RunListener;
  /**
   * Why this run cannot wait for a person's review (it has no saved state to resume from),
   * in words that say what to do; null or absent when it can.
   */
  cannotPark?: string | null;
  /** Masks secrets in an answer's text before an excerpt of it is cut (the run's known secrets). */
  mask?: (text: string) => string;
  /** An OIDC token for an audience, for endpoints with `auth.oidc`; without it their tasks fail saying so. */
  oidcToken?: OidcToken;
  /** A new span id: each task called gets a span in the run's trace. Absent: tasks have none. */
  newSpanId?: () => string;
}

export type OidcToken = (
  audience: string,
) => Promise<{ ok: true; token: string } | { ok: false; error: string }>;

/** An agent's answer from a record: the message its protocol would send, and the extracted outputs. */
export type AnswerAgent = (asked: {
  task: PlannedTask;
  message: { envelope: unknown; prompt: unknown } | { arguments: unknown };
  signal: AbortSignal;
  deadlineAt: number | null;
}) => Promise<AgentOutcome>;
