// The action's entry. The runner sends SIGINT, then SIGTERM 7.5 s later: the handlers go in
// before anything else loads, so a cancel during start-up still ends "cancelled" with its
// outputs and summary. The rest loads after them.
const cancel = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => cancel.abort(new Error(signal)));

const { runOnRunner } = await import("./action/runner.js");
await runOnRunner(cancel.signal);
// Calls aborted by a cancel may leave sockets open for a while: end the step now that
// everything is reported, rather than hold the runner until they close.
process.exit();
