import { type ParseArgsOptionsConfig, parseArgs } from "node:util";

/** A command's flags and positionals, or the message of a usage error (exit 2). */
export function parseCommandArgs<const T extends ParseArgsOptionsConfig>(
  args: readonly string[],
  options: T,
) {
  try {
    return {
      ok: true as const,
      ...parseArgs({ args: [...args], options, allowPositionals: true, strict: true }),
    };
  } catch (error) {
    return { ok: false as const, error: (error as Error).message };
  }
}
