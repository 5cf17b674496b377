/** What every command does to the terminal and reads of the process; a recorder in tests. */
export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
  isTTY: boolean;
  signal: AbortSignal;
}

export const USAGE = `mgmt — run management workflows (services, AI agents, governance gates)

Usage:
  mgmt run <file|folder> [--endpoints F] [--param k=v …] [--workflow-id ID] [--run-id ID]
                         [--fail-on LIST] [--dry-run] [--json] [--junit F]
                         [--state DIR [--resume [--approved-by NAME]]]
                         [--record DIR]   (writes DIR/<workflow>.test.yml from the answers)
  mgmt validate <file|folder>
  mgmt test [folder] [--junit F]       (default workflows/tests; calls nothing)
  mgmt schema
  mgmt init [folder] [--matrix] [--force]

Exit codes: 0 the run's status is not in --fail-on (default failure,cancelled); 1 it is,
or a --junit or --record file could not be written; 2 a definition, selection or usage error
(nothing was called).

--state DIR saves each run's state in DIR (encrypted when MGMT_STATE_KEY is set), so that a
gate may wait for a person's review; --resume resumes the run of --run-id (or the only one
saved in DIR), approved by --approved-by NAME.`;

/** A usage error: the message, then the usage text, on stderr; exit 2. */
export function usage(io: Pick<CliIO, "err">, message: string): number {
  io.err(`mgmt: ${message}\n\n${USAGE}`);
  return 2;
}
