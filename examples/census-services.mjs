// Example endpoints for the census workflow: a real HTTP server (node:http) with its five
// services, written for mgmt's envelope. The demo runs against it, and so do the end-to-end
// tests. Beside them, APIs shaped as existing ones are, for
// examples/workflows/census_existing_apis.yml: a survey store's REST API, an OAuth token
// endpoint, an Open Policy Agent decision and a dashboard whose rebuild is a long-running
// operation; and the coverage advisor as an A2A agent (coverage-advisor.mjs), loaded on its
// first request so that runs that never talk A2A do not load its SDK.
import { createServer } from "node:http";

/** Where the A2A advisor answers: its JSON-RPC interface, and its card (RFC 8615's well-known place). */
const ADVISOR_PATH = "/a2a/coverage";
const CARD_PATH = "/.well-known/agent-card.json";

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
    // "review": what is not within policy goes to a person, who decides.
    if (options.gate === "review" && !approved) return { review: true, reasons };
    return { approved, reasons };
  },
  "/policy/update": ({ input }) => ({ updated: true, policyVersion: 7, gate: input?.approved ?? null }),
  "/dashboard/refresh": () => ({ refreshed: true }),
};

/** Polls a rebuild answers 202 before it is done: once or twice, by turns. */
const rebuildPolls = (id) => 1 + (id % 2);

/**
 * The REST-shaped APIs: `{ status, body, headers }` for a request they serve, else null.
 * `state` holds the tokens issued and each rebuild's polls so far.
 */
function existingApi(req, body, settings, state) {
  const { method } = req;
  const at = new URL(req.url ?? "", "http://localhost");
  const path = at.pathname;
  const json = (status, payload, headers = {}) => ({ status, body: payload, headers });
  let match;
  if (method === "GET" && (match = /^\/store\/surveys\/([^/]+)\/responses$/.exec(path))) {
    const date = at.searchParams.get("date") ?? "";
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return json(400, { error: "date: expected YYYY-MM-DD" });
    const items = countsFor(date);
    const total = items.reduce((n, r) => n + r.responses, 0);
    return json(200, { survey: decodeURIComponent(match[1]), date, total, items });
  }
  if (method === "PATCH" && (match = /^\/store\/policies\/([^/]+)$/.exec(path))) {
    state.policyVersion += 1;
    const changes = body !== null && typeof body === "object" ? body : {};
    return json(200, { id: decodeURIComponent(match[1]), ...changes, version: state.policyVersion });
  }
  if (method === "POST" && path === "/auth/token") {
    const form = new URLSearchParams(typeof body === "string" ? body : "");
    if (form.get("grant_type") !== "client_credentials")
      return json(400, { error: "unsupported_grant_type" });
    // The example accepts any client: a real token endpoint checks client_id and client_secret.
    const token = `example-token-${state.tokens.size + 1}-${Math.random().toString(36).slice(2, 10)}`;
    state.tokens.add(token);
    return json(200, { access_token: token, token_type: "Bearer", expires_in: 3600 });
  }
  if (method === "POST" && path === "/opa/v1/data/census/allow") {
    const changes = body?.input?.suggestions?.length ?? 0;
    const allow = settings.gate === "approve" || (settings.gate === "auto" && changes <= 3);
    const deny = allow ? [] : [`${changes} outreach changes need a human review`];
    return json(200, { result: { allow, deny } });
  }
  if (path === "/dash/rebuilds" || path.startsWith("/dash/rebuilds/")) {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!bearer || !state.tokens.has(bearer)) return json(401, { error: "a Bearer token from /auth/token" });
  }
  if (method === "POST" && path === "/dash/rebuilds") {
    const id = state.rebuilds.size + 1;
    state.rebuilds.set(id, { polls: 0, request: body });
    return json(202, { id, status: "running" }, { location: `/dash/rebuilds/${id}` });
  }
  if (method === "GET" && (match = /^\/dash\/rebuilds\/(\d+)$/.exec(path))) {
    const id = Number(match[1]);
    const rebuild = state.rebuilds.get(id);
    if (!rebuild) return json(404, { error: `no rebuild ${id}` });
    rebuild.polls += 1;
    if (rebuild.polls <= rebuildPolls(id)) return json(202, { id, status: "running" });
    return json(200, { id, status: "done", panels: 12, polls: rebuild.polls });
  }
  return null;
}

/**
 * Starts the example services on 127.0.0.1.
 * options.port: 0 picks a free port; options.gate: "approve" | "reject" | "auto" | "review"
 * (the gate asks a person to decide more than 3 changes);
 * options.fail: { [path]: status } answers that status on that path.
 * Returns { url, calls, endpoints, close() }; `calls` records every request.
 */
export async function startCensusServices(options = {}) {
  const settings = { port: 0, gate: "auto", fail: {}, ...options };
  const calls = [];
  const state = { tokens: new Set(), rebuilds: new Map(), policyVersion: 7 };
  const advisorMessages = [];
  let advisor;
  const server = createServer((req, res) => {
    if (req.url === CARD_PATH || req.url?.startsWith(ADVISOR_PATH)) {
      advisor ??= import("./coverage-advisor.mjs").then(({ createCoverageAdvisor }) =>
        createCoverageAdvisor({
          baseUrl: url,
          path: ADVISOR_PATH,
          suggest: handlers["/agents/coverage/analyze_and_suggest"],
          messages: advisorMessages,
        }),
      );
      return void advisor.then((app) => app(req, res));
    }
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
      const api = existingApi(req, text === "" ? null : body, settings, state);
      if (api) {
        res.writeHead(api.status, { "content-type": "application/json", ...api.headers });
        return res.end(JSON.stringify(api.body));
      }
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
    advisorMessages,
    /** The coverage advisor as an A2A agent: the endpoint that replaces CensusCoverageAdvisor's. */
    advisor: { url: `${url}${ADVISOR_PATH}`, protocol: "a2a" },
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
