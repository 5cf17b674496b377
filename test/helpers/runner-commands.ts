// Workflow commands as GitHub's runner reads them from a step's stdout and stderr, for tests
// that check that text from endpoints and events can never act as one.

/** One command the runner would act on. */
export interface RunnerCommand {
  /** `::name …` at a line's start after spaces, or `##[name …]` anywhere in a line. */
  syntax: "::" | "##[";
  name: string;
  /** What follows the name: properties and data. */
  rest: string;
  line: string;
}

/** The commands @actions/core writes for the action itself. */
const OWN = new Set(["add-mask", "error", "warning", "notice", "debug", "group", "endgroup"]);

/**
 * Every command in a stream, read as the runner reads it: lines end at `\n`, `\r\n` or a
 * lone `\r`; `::stop-commands::TOKEN` turns commands off until a line `::TOKEN::`.
 * Stricter than the runner where that is cheap: a `::name` with no closing `::` counts too.
 */
export function runnerCommands(output: string): RunnerCommand[] {
  const commands: RunnerCommand[] = [];
  let stopToken: string | null = null;
  for (const line of output.split(/\r\n|\r|\n/)) {
    if (stopToken !== null) {
      if (line.trim().toLowerCase() === `::${stopToken}::`.toLowerCase()) stopToken = null;
      continue;
    }
    const v2 = /^\s*::([^\s:]*)(.*)$/.exec(line);
    if (v2) {
      const [, name = "", rest = ""] = v2;
      commands.push({ syntax: "::", name, rest, line });
      if (name === "stop-commands") stopToken = rest.replace(/^[^:]*::/, "");
    }
    for (const match of line.matchAll(/##\[([^\s\];]*)([^\]]*)/g)) {
      commands.push({ syntax: "##[", name: match[1] ?? "", rest: match[2] ?? "", line });
    }
  }
  return commands;
}

/**
 * The commands in a stream that are not the action's own: anything in `##[` form, any name
 * @actions/core does not write, and an `add-mask` of a value not in `masks`.
 */
export function foreignCommands(output: string, masks: readonly string[] = []): RunnerCommand[] {
  return runnerCommands(output).filter((command) => {
    if (command.syntax !== "::" || !OWN.has(command.name)) return true;
    return command.name === "add-mask" && !masks.includes(command.rest.replace(/^::/, ""));
  });
}
