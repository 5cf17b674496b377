import { initCommand } from "./init.js";
import { type CliIO, USAGE, usage } from "./io.js";
import { runCommand } from "./run.js";
import { schemaCommand } from "./schema.js";
import { testCommand } from "./test.js";
import { validateCommand } from "./validate.js";

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
    case "test":
      return testCommand(rest, io);
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
