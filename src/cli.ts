import { main } from "./cli/main.js";

// Ctrl-C cancels the run (it still prints what ran); a second one exits at once.
const cancel = new AbortController();
process.on("SIGINT", () => (cancel.signal.aborted ? process.exit(130) : cancel.abort(new Error("SIGINT"))));
process.on("SIGTERM", () => cancel.abort(new Error("SIGTERM")));

const code = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY),
  signal: cancel.signal,
});
process.exitCode = code;
