import type { Answer } from "./read-answer.js";
import type { CallRecord, TokenUsage } from "./result.js";

/**
 * How an agent call ended. `answer.body` is the outputs the protocol extracts, which the
 * task's answer mappings read as `response.body`.
 */
export type AgentOutcome =
  | {
      ok: true;
      answer: Answer;
      calls: CallRecord[];
      attempts: number;
      polls: number;
      usage: TokenUsage | null;
    }
  | {
      ok: false;
      error: string;
      cancelled: boolean;
      calls: CallRecord[];
      attempts: number;
      polls: number;
      usage: TokenUsage | null;
    };
