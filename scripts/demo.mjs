// `npm run demo`: starts the example services, runs the census workflow with the CLI
// (the same engine as the action) twice, its coverage advisor first a service written for
// mgmt's envelope, then an A2A agent, prints each table, and stops the services.
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

// DEMO_PORT moves the services; the endpoints files then need the same port.
const env = { ...process.env, FORCE_COLOR: process.stdout.isTTY ? "1" : "0" };
const runs = [
  ["the coverage advisor as a service", "workflows/endpoints.yml"],
  ["the coverage advisor as an A2A agent", "examples/endpoints-a2a.yml"],
];
let code = 0;
for (const [what, endpoints] of runs) {
  console.log(`── census workflow, ${what} (${endpoints})\n`);
  const args = [
    "run",
    path.join(root, "workflows/census_workflow.json"),
    "--endpoints",
    path.join(root, endpoints),
  ];
  args.push("--param", `date=${new Date().toISOString().slice(0, 10)}`);
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, "bin/mgmt.js"), ...args], { stdio: "inherit", env });
  code = Math.max(code, (await new Promise((resolve) => child.on("close", resolve))) ?? 1);
  console.log(`\nthe run took ${Math.round(performance.now() - started)} ms\n`);
}
console.log(
  `${services.calls.length} envelope calls served; the A2A advisor got ${services.advisorMessages.length} message`,
);
await services.close();
process.exit(code);
