import type { RunResult } from "./result.js";

/** An expectation a test's run did not meet, where it is written, and what came instead. */
export interface ExpectationMiss {
  file: string;
  line: number;
  column: number;
  /** The task it is about; null for the run's status. */
  task: string | null;
  /** `status`, `outputs.suggestion.regions`, `sent.input.count` … */
  field: string;
  expected: unknown;
  got: unknown;
}

/** How one test of a workflow against recorded answers went. */
export interface TestOutcome {
  file: string;
  name: string;
  /** The run, when the test could start it. */
  run: RunResult | null;
  /** Why it could not start (no such workflow, params that do not fit). */
  error: string | null;
  misses: ExpectationMiss[];
  passed: boolean;
}
