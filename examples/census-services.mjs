// Example endpoints for the census workflow: a real HTTP server (node:http) with the five
// services of SPEC §1. The demo runs against it, and so do the end-to-end tests.
import { createServer } from "node:http";

const REGIONS = ["north", "south", "east", "west", "central"];

/** Deterministic response counts for a date, so every run of a day answers the same. */
function countsFor(date) {
  const seed = [...String(date)].reduce((sum, ch) => sum + ch.charCodeAt(0), 0);
  return REGIONS.map((region, i) => ({ region, responses: 40 + ((seed * (i + 7) * 31 + i * 53) % 160) }));
}

const handlers = {
  "/responses/fetchNew": ({ params }) => {
    const regions = countsFor(params.date ?? "today");
    return { date: params.date ?? null, regions, total: regions.reduce((n, r) => n + r.responses, 0) };
  },
  "/agents/coverage/analyze_and_suggest": ({ input, params }) => {
    const threshold = Number(params.threshold ?? 120);
    const low = (input?.regions ?? []).filter((r) => r.responses < threshold);
    return {
      lowCoverage: low.map((r) => r.region),
      suggestions: low.map((r) => ({
        region: r.region,
        action: "more outreach",
        extraVisits: threshold - r.responses,
      })),
    };
  },
  "/governance/enforce": ({ input }, options) => {
    const changes = input?.suggestions?.length ?? 0;
    const approved = options.gate === "approve" || (options.gate === "auto" && changes <= 3);
    const reasons = approved
      ? [`${changes} outreach change(s) within policy`]
      : [`${changes} outreach changes need a human review`];
    return { approved, reasons };
  },
  "/policy/update": ({ input }) => ({ updated: true, policyVersion: 7, gate: input?.approved ?? null }),
  "/dashboard/refresh": () => ({ refreshed: true }),
};

/**
 * Starts the example services on 127.0.0.1.
 * options.port: 0 picks a free port; options.gate: "approve" | "reject" | "auto";
 * options.fail: { [path]: status } answers that status on that path.
 * Returns { url, calls, endpoints, close() }; `calls` records every request.
 */
export async function startCensusServices(options = {}) {
  const settings = { port: 0, gate: "auto", fail: {}, ...options };
  const calls = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      calls.push({ method: req.method, path: req.url, headers: req.headers, body, text, at: Date.now() });
      const handler = handlers[req.url ?? ""];
      const failure = settings.fail[req.url ?? ""];
      const send = (status, payload) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(payload));
      };
      if (failure) return send(failure, { error: `simulated ${failure}` });
      if (!handler || req.method !== "POST")
        return send(404, { error: `no such action: ${req.method} ${req.url}` });
      send(200, handler(body, settings));
    });
  });
  await new Promise((resolve) => server.listen(settings.port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    calls,
    endpoints: {
      ResponseService: { url: `${url}/responses` },
      CensusCoverageAdvisor: { url: `${url}/agents/coverage` },
      GovernanceLayer: { url: `${url}/governance` },
      PolicyService: { url: `${url}/policy` },
      DashboardService: { url: `${url}/dashboard` },
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
