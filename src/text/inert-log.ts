/** Zero width: the line reads the same to a person, and no longer as a command to the runner. */
const BREAK = "\u200b";

/**
 * Text for the log, made inert: the runner acts on `::name::` at a line's start (after
 * spaces) and on `##[name]` anywhere in a line, and ends lines at `\n`, `\r\n` or a lone
 * `\r`. Every line the action prints passes through here, so that text from endpoints,
 * events or files can never set an output, add a mask or stop the log's commands.
 */
export function inertLog(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.replaceAll("##[", `##${BREAK}[`).replace(/^(\s*):(?=:)/, `$1:${BREAK}`))
    .join("\n");
}
