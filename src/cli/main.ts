import { initCommand } from "./init.js";
import { runCommand } from "./run.js";
import { schemaCommand } from "./schema.js";
import { validateCommand } from "./validate.js";

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
  isTTY: boolean;
  signal: AbortSignal;
}

const USAGE = `mgmt — run management workflows (services, AI agents, governance gates)

Usage:
  mgmt run <file|folder> [--endpoints F] [--param k=v …] [--workflow-id ID] [--run-id ID]
                         [--fail-on LIST] [--dry-run] [--json] [--junit F]
  mgmt validate <file|folder>
  mgmt schema
  mgmt init [folder] [--matrix]

Exit codes: 0 the run's status is not in --fail-on (default failure,cancelled); 1 it is;
2 a definition, selection or usage error (nothing was called).`;

/** The CLI's entry: picks the command; each command returns its exit code. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "run":
      return runCommand(rest, io);
    case "validate":
      if (!rest[0]) return usage(io, "validate needs a file or folder");
      return validateCommand(rest[0], io);
    case "schema":
      return schemaCommand(io);
    case "init":
      return initCommand(rest, io);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    default:
      return usage(io, `unknown command "${command}"`);
  }
}

export function usage(io: Pick<CliIO, "err">, message: string): number {
  io.err(`mgmt: ${message}\n\n${USAGE}`);
  return 2;
}
