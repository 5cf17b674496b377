// Times 200 sequential tasks written as envelope tasks and as request tasks against one
// loopback server, alternating, median of 7: a request task should cost no more. Needs
// `npm run build:lib`; run `node bench/request-vs-envelope.mjs`.
import http from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Orchestrator } from "../lib/lib.js";
const server = http.createServer((req, res) => {
  let n = 0;
  req.on("data", (c) => (n += c.length));
  req.on("end", () => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ token: "t" + Math.random().toString(36).slice(2, 8) }));
  });
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;
const dir = mkdtempSync(path.join(tmpdir(), "mgmt-bench-rq-"));
const N = 200;
function def(kind) {
  const tasks = [];
  for (let i = 1; i <= N; i++) {
    const name = `T${i}`;
    const prev = i > 1 ? { prev: `\${{ tasks.T${i - 1}.outputs.token }}` } : {};
    tasks.push(
      kind === "envelope"
        ? { name, service: "S", action: "step", ...(i > 1 ? { with: prev } : {}) }
        : { name, service: "S", request: { path: "step", body: prev } },
    );
  }
  return { id: kind, endpoints: { S: { url: base } }, tasks };
}
const files = {};
for (const k of ["envelope", "request"]) {
  files[k] = path.join(dir, `${k}.json`);
  writeFileSync(files[k], JSON.stringify(def(k)));
}
const times = { envelope: [], request: [] };
for (let rep = 0; rep < 7; rep++) {
  for (const k of rep % 2 ? ["request", "envelope"] : ["envelope", "request"]) {
    const orc = new Orchestrator({ env: {} });
    await orc.loadWorkflow(files[k]);
    const t = performance.now();
    const r = await orc.start(k);
    times[k].push(performance.now() - t);
    if (r.status !== "success")
      throw new Error(k + " " + r.status + " " + JSON.stringify(r.tasks.find((t) => t.status !== "success")));
  }
}
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
console.log(
  `200 sequential tasks, median of 7: envelope ${med(times.envelope).toFixed(0)} ms, request ${med(times.request).toFixed(0)} ms`,
);
server.close();
rmSync(dir, { recursive: true, force: true });
