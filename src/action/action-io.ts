import type { Problem } from "../definition/problem.js";

/** What the action does to the runner; @actions/core in production, a recorder in tests. */
export interface ActionIO {
  info(message: string): void;
  warning(message: string, at?: Problem): void;
  error(message: string, at?: Problem): void;
  setSecret(secret: string): void;
  setOutput(name: string, value: string): void;
  setFailed(message: string): void;
  writeSummary(markdown: string): Promise<void>;
  signal: AbortSignal;
}
