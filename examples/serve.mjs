// Serves the example census services until stopped: `node examples/serve.mjs [port]`.
// The repository's example GitHub workflow starts it before running the action.
import { startCensusServices } from "./census-services.mjs";

const port = Number(process.argv[2] ?? 8787);
const services = await startCensusServices({ port, gate: process.env.GATE ?? "auto" });
console.log(`example census services on ${services.url}`);
for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => services.close().then(() => process.exit(0)));
