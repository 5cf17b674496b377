// `npm run demo`: starts the example services, runs the census workflow with the CLI
// (the same engine as the action), prints its table, and stops the services.
import { spawn } from "node:child_process";
import path from "node:path";
import { startCensusServices } from "../examples/census-services.mjs";

const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.DEMO_PORT ?? 8787);
const services = await startCensusServices({ port, gate: "auto" }).catch((error) => {
  console.error(`cannot start the example services on port ${port}: ${error.message} (set DEMO_PORT)`);
  process.exit(2);
});
console.log(`example services listening on ${services.url}\n`);

const endpoints = path.join(root, "workflows/endpoints.yml");
const args = ["run", path.join(root, "workflows/census_workflow.json"), "--endpoints", endpoints];
args.push("--param", `date=${new Date().toISOString().slice(0, 10)}`);
const started = performance.now();
// DEMO_PORT moves the services; the endpoints file then needs the same port.
const env = { ...process.env, FORCE_COLOR: process.stdout.isTTY ? "1" : "0" };
const child = spawn(process.execPath, [path.join(root, "bin/mgmt.js"), ...args], { stdio: "inherit", env });
const code = await new Promise((resolve) => child.on("close", resolve));
console.log(
  `\ndemo run took ${Math.round(performance.now() - started)} ms; ${services.calls.length} calls served`,
);
await services.close();
process.exit(code ?? 1);
