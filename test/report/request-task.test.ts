// How the reports show tasks that call an API as it is (SPEC §9): the Target says the method
// and the path, the details what was sent and what came back, a polled task its polls, and
// no secret shows anywhere.
import { beforeAll, describe, expect, it } from "vitest";
import { renderJunit } from "../../src/report/junit.js";
import { renderSummary } from "../../src/report/summary.js";
import { renderProgress, renderTable } from "../../src/report/terminal.js";
import { type DefinitionRun, definitionRun } from "./fixtures.js";
import { codeBlocksOf, seenText, tablesOf } from "./markdown-view.js";

const STORE_KEY = "store-key-5f1c2a9e";
const CLIENT_SECRET = "client-secret-77ab31";
const ACCESS_TOKEN = "access-token-c0ffee42";

const DEFINITION = `
id: Apis
params: { survey: 42, date: "2024-06-01" }
endpoints:
  Auth: { url: "https://auth.example.org" }
  Store:
    url: "https://store.example.org/api/v2"
    headers: { X-Api-Key: "\${{ env.STORE_KEY }}" }
  OPA:
    url: "https://opa.example.org"
    approved: \${{ response.body.result.allow }}
    reasons: \${{ response.body.result.deny }}
  Dash: { url: "https://dash.example.org" }
tasks:
  - name: GetToken
    service: Auth
    request:
      path: oauth/token
      form: { grant_type: client_credentials, client_secret: "\${{ env.CLIENT_SECRET }}" }
    secret-outputs: [access_token]
  - name: CollectResponses
    service: Store
    request:
      method: GET
      path: "surveys/\${{ params.survey }}/responses"
      query: { date: "\${{ params.date }}", key: "\${{ env.STORE_KEY }}" }
    outputs: \${{ response.body.items }}
  - name: GovernanceReview
    layer: OPA
    request: { path: v1/data/census/allow, body: { input: "\${{ tasks.CollectResponses.outputs }}" } }
  - name: RebuildDashboard
    service: Dash
    request:
      path: rebuilds
      headers: { Authorization: "Bearer \${{ tasks.GetToken.outputs.access_token }}" }
      body: { reason: daily }
    poll: { interval: 5s }
`;

const ANSWERS = () => ({
  GetToken: [{ status: 200, body: { access_token: ACCESS_TOKEN, token_type: "Bearer", expires_in: 3600 } }],
  CollectResponses: [{ status: 200, body: { items: [{ region: "north", responses: 120 }], next: null } }],
  GovernanceReview: [{ status: 200, body: { result: { allow: true, deny: [] } } }],
  RebuildDashboard: [
    { status: 202, body: { status: "running" }, headers: { location: "/rebuilds/7" } },
    { status: 202, body: { status: "running" } },
    { status: 202, body: { status: "running" } },
    { status: 200, body: { status: "done", echo: `token ${ACCESS_TOKEN}` } },
  ],
});

const ENV = { STORE_KEY, CLIENT_SECRET };

let ran: DefinitionRun;
let markdown: string;
beforeAll(async () => {
  ran = await definitionRun(DEFINITION, ANSWERS(), { env: ENV });
  markdown = renderSummary([ran.run], { secrets: ran.secrets });
});

const rowOf = (text: string, name: string) =>
  tablesOf(text)[0]
    ?.rows.find((row) => row[0]?.text === name)
    ?.map((cell) => seenText(cell.text));
const sectionOf = (text: string, name: string) =>
  (text.match(/<details>[\s\S]*?<\/details>/g) ?? []).find((s) => s.includes(` ${name} — `)) ?? "";

describe("the summary of request tasks", () => {
  it("ran as the definition says", () => {
    expect(ran.run.status).toBe("success");
    expect(ran.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST https://auth.example.org/oauth/token",
      `GET https://store.example.org/api/v2/surveys/42/responses?date=2024-06-01&key=${STORE_KEY}`,
      "POST https://opa.example.org/v1/data/census/allow",
      "POST https://dash.example.org/rebuilds",
      "GET https://dash.example.org/rebuilds/7",
      "GET https://dash.example.org/rebuilds/7",
      "GET https://dash.example.org/rebuilds/7",
    ]);
  });

  it("shows in Target the method and the path below the endpoint's URL, without the query", () => {
    const targets = tablesOf(markdown)[0]?.rows.map((row) => seenText(row[2]?.text ?? ""));
    expect(targets).toEqual([
      "POST oauth/token",
      "GET surveys/42/responses",
      "POST v1/data/census/allow",
      "POST rebuilds",
    ]);
  });

  it("counts a polled task's polls apart from its request's attempts", () => {
    expect(rowOf(markdown, "RebuildDashboard")?.slice(3)).toEqual([
      "✅\u00a0success",
      "1 · 3 polls",
      "15 s",
      "200",
      "",
    ]);
    expect(rowOf(markdown, "CollectResponses")?.[4]).toBe("1");
  });

  it("shows what a request task sent: method, URL and body, secrets masked", () => {
    const section = sectionOf(markdown, "CollectResponses");
    expect(section).toContain(
      "**Request**\n\n`GET https://store.example.org/api/v2/surveys/42/responses?date=2024-06-01&key=***`",
    );
    const token = sectionOf(markdown, "GetToken");
    const [, sent] = codeBlocksOf(token).map((c) => JSON.parse(c.text) as unknown);
    expect(sent).toEqual({ grant_type: "client_credentials", client_secret: "***" });
  });

  it("shows what came back: the status and the body, once when the outputs are the body", () => {
    const section = sectionOf(markdown, "GovernanceReview");
    expect(section).toContain("**Response**: HTTP 200\n\n");
    expect(section).toContain("**Outputs**: the response's body.");
    const blocks = codeBlocksOf(section).map((c) => JSON.parse(c.text) as unknown);
    expect(blocks.at(-1)).toEqual({ result: { allow: true, deny: [] } });
  });

  it("shows the mapped outputs beside the body they came from", () => {
    const blocks = codeBlocksOf(sectionOf(markdown, "CollectResponses")).map(
      (c) => JSON.parse(c.text) as unknown,
    );
    expect(blocks.slice(-2)).toEqual([
      { items: [{ region: "north", responses: 120 }], next: null },
      [{ region: "north", responses: 120 }],
    ]);
  });

  it("says after how many polls the last answer came", () => {
    const section = sectionOf(markdown, "RebuildDashboard");
    expect(section).toContain("**Response**: HTTP 200, after 3 polls\n\n");
    expect(section).toContain('"reason": "daily"');
  });

  it("masks every secret, a secret output's too, wherever it would show", () => {
    for (const secret of [STORE_KEY, CLIENT_SECRET, ACCESS_TOKEN]) expect(markdown).not.toContain(secret);
    expect(sectionOf(markdown, "RebuildDashboard")).toContain('"echo": "token ***"');
    expect(sectionOf(markdown, "GetToken")).toContain('"access_token": "***"');
  });

  it("masks a secret in the path, in Target too", async () => {
    const yaml = `
id: P
endpoints: { Store: { url: "https://store.example.org" } }
tasks:
  - name: Get
    service: Store
    request: { method: DELETE, path: "keys/\${{ env.STORE_KEY }}/x" }
`;
    const { run, secrets } = await definitionRun(yaml, { Get: [{ status: 204 }] }, { env: ENV });
    const text = renderSummary([run], { secrets });
    expect(rowOf(text, "Get")?.[2]).toBe("DELETE keys/***/x");
    expect(sectionOf(text, "Get")).toContain("**Response**: HTTP 204, no body.");
    expect(text).not.toContain(STORE_KEY);
  });

  it("shows a text body as text, cut and masked like the other previews", async () => {
    const yaml = `
id: T
endpoints: { Notes: { url: "https://notes.example.org" } }
tasks:
  - { name: Note, service: Notes, request: { method: PUT, path: notes/1, body: "plain words" } }
`;
    const long = `${"x".repeat(5000)} ${STORE_KEY}`;
    const { run, secrets } = await definitionRun(yaml, { Note: [{ status: 200, body: long }] }, { env: ENV });
    const section = sectionOf(renderSummary([run], { secrets }), "Note");
    const [params, sent, answer] = codeBlocksOf(section);
    expect(params?.lang).toBe("json");
    expect(sent).toMatchObject({ lang: "", text: "plain words" });
    expect(answer?.text).toMatch(/^x{4000}… \(shortened\)$/);
  });

  it("says so when a request got no answer to read", async () => {
    const yaml = `
id: F
endpoints: { Store: { url: "https://store.example.org" } }
tasks:
  - { name: Get, service: Store, request: { method: GET, path: items } }
`;
    const { run } = await definitionRun(yaml, { Get: [] });
    const section = sectionOf(renderSummary([run], { secrets: [] }), "Get");
    expect(run.tasks[0]?.status).toBe("failure");
    expect(section).toContain("**Request**\n\n`GET https://store.example.org/items`");
    expect(section).toContain("**Response**: none was read.");
  });
});

describe("the terminal and JUnit for request tasks", () => {
  it("the table shows the same Target and Attempts", () => {
    const table = renderTable(ran.run, { color: false, secrets: ran.secrets });
    const line = table.split("\n").find((l) => l.startsWith("RebuildDashboard")) ?? "";
    expect(line).toMatch(/^RebuildDashboard\s+service\s+POST rebuilds\s+success\s+1 · 3 polls\s+15 s\s+200$/);
    expect(table).toContain("GET surveys/42/responses");
    expect(table).not.toContain(STORE_KEY);
  });

  it("the live line of a polled task counts its polls", () => {
    const result = ran.run.tasks.find((t) => t.name === "RebuildDashboard");
    if (!result) throw new Error("no RebuildDashboard");
    const line = renderProgress(
      { type: "task:end", workflow: "Apis", result },
      { color: false, secrets: ran.secrets },
    );
    expect(line).toMatch(/RebuildDashboard ✓ success · 1 attempt · 3 polls · 15 s$/);
  });

  it("JUnit names the method and path of a failed request task", async () => {
    const yaml = `
id: J
endpoints: { Store: { url: "https://store.example.org/v1" } }
tasks:
  - name: Patch
    service: Store
    request: { method: PATCH, path: "policies/\${{ params.id }}", body: { active: true } }
`;
    const { run } = await definitionRun(
      yaml,
      { Patch: [{ status: 409, body: { error: "conflict" } }] },
      {
        params: { id: 7 },
      },
    );
    const xml = renderJunit([run], []);
    expect(xml).toContain("failure: PATCH policies/7\nHTTP 409: {&quot;error&quot;:&quot;conflict&quot;}");
  });
});
