import { main } from "./cli/main.js";
import { inertLog } from "./text/inert-log.js";

// Ctrl-C cancels the run (it still prints what ran); a second one exits at once.
const cancel = new AbortController();
process.on("SIGINT", () => (cancel.signal.aborted ? process.exit(130) : cancel.abort(new Error("SIGINT"))));
process.on("SIGTERM", () => cancel.abort(new Error("SIGTERM")));

const code = await main(process.argv.slice(2), {
  // The CLI may run in a workflow step too: endpoint text must not read as a runner command.
  out: (line) => process.stdout.write(`${inertLog(line)}\n`),
  err: (line) => process.stderr.write(`${inertLog(line)}\n`),
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY),
  signal: cancel.signal,
});
process.exitCode = code;
