import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadDefinitions, parseWorkflow } from "../../src/definition/load.js";
import { DefinitionError, formatProblem } from "../../src/definition/problem.js";
import { Orchestrator } from "../../src/lib.js";
import { startFaultServer } from "../helpers/fault-server.js";
import { tempDir } from "../helpers/temp-dir.js";

const ENDPOINTS = 'endpoints:\n  S: { url: "http://127.0.0.1:1/api" }\n';

/** Every problem of a definition, as `mgmt validate` prints it. */
function problemsOf(text: string, file = "w.yml"): string[] {
  return parseWorkflow(file, text).problems.map(formatProblem);
}

describe("the reference workflow", () => {
  const census = {
    id: "CensusDailyUpdate",
    tasks: [
      { name: "CollectResponses", service: "ResponseService", action: "fetchNew" },
      { name: "AnalyzeData", agent: "CensusCoverageAdvisor", action: "analyze_and_suggest" },
      { name: "GovernanceReview", layer: "GovernanceLayer", action: "enforce" },
      { name: "UpdatePolicy", service: "PolicyService", action: "update" },
      { name: "RefreshDashboard", service: "DashboardService", action: "refresh" },
    ],
  };
  const names = [
    "ResponseService",
    "CensusCoverageAdvisor",
    "GovernanceLayer",
    "PolicyService",
    "DashboardService",
  ];

  it("parses with no problem given an endpoints map", async () => {
    const endpoints = Object.fromEntries(names.map((n) => [n, { url: `https://example.org/${n}/` }]));
    const file = path.join(await tempDir("mgmt-def-"), "census_workflow.json");
    await writeFile(file, JSON.stringify(census, null, 2));
    await writeFile(path.join(path.dirname(file), "endpoints.json"), JSON.stringify({ endpoints }));
    const loaded = await loadDefinitions(file);
    expect(loaded.problems).toEqual([]);
    expect(loaded.plans[0]?.tasks.map((t) => t.url)).toEqual([
      "https://example.org/ResponseService/fetchNew",
      "https://example.org/CensusCoverageAdvisor/analyze_and_suggest",
      "https://example.org/GovernanceLayer/enforce",
      "https://example.org/PolicyService/update",
      "https://example.org/DashboardService/refresh",
    ]);
  });
});

describe("files that hold no definition", () => {
  it.each([
    ["", "w.yml:1:1: error: (top level): the file is empty (expected object)"],
    ["# only a comment\n", "w.yml:1:1: error: (top level): the file is empty (expected object)"],
    ["[]", "w.yml:1:1: error: (top level): expected object, got a list"],
  ])("%j", (text, problem) => {
    expect(problemsOf(text)).toEqual([problem]);
  });
});

describe("unknown fields", () => {
  it("are each reported at the key, with a hint for common slips", () => {
    const text = `id: W\ntimeut: 5s\n${ENDPOINTS}tasks:\n  - name: A\n    service: S\n    action: a\n    depends_on: []\n    retry: { attempts: 2, jitter: true }\n`;
    expect(problemsOf(text)).toEqual([
      'w.yml:2:1: error: timeut: unknown field "timeut" (did you mean "timeout"?)',
      'w.yml:9:5: error: tasks[0].depends_on: unknown field "depends_on" (did you mean "needs"?)',
      'w.yml:10:27: error: tasks[0].retry.jitter: unknown field "jitter"',
    ]);
  });

  it("name the field of that object a near miss was meant to be", () => {
    const text = `id: W
${ENDPOINTS}defaults: { retyr: false }
tasks:
  - name: A
    service: S
    action: a
    timout: 5s
    continue-on-eror: true
    neeeds: []
    retry: { atempts: 2, max-backof: 1m }
    Needs: []
    wiht: {}
`;
    expect(problemsOf(text)).toEqual([
      'w.yml:4:13: error: defaults.retyr: unknown field "retyr" (did you mean "retry"?)',
      'w.yml:9:5: error: tasks[0].timout: unknown field "timout" (did you mean "timeout"?)',
      'w.yml:10:5: error: tasks[0].continue-on-eror: unknown field "continue-on-eror" (did you mean "continue-on-error"?)',
      'w.yml:11:5: error: tasks[0].neeeds: unknown field "neeeds" (did you mean "needs"?)',
      'w.yml:12:14: error: tasks[0].retry.atempts: unknown field "atempts" (did you mean "attempts"?)',
      'w.yml:12:26: error: tasks[0].retry.max-backof: unknown field "max-backof" (did you mean "max-backoff"?)',
      'w.yml:13:5: error: tasks[0].Needs: unknown field "Needs" (did you mean "needs"?)',
      'w.yml:14:5: error: tasks[0].wiht: unknown field "wiht" (did you mean "with"?)',
    ]);
  });

  it("suggest nothing when no field is close, nor a field the object already has", () => {
    const text = `id: W
${ENDPOINTS}tasks:
  - name: A
    service: S
    action: a
    colour: blue
    wait: 5s
    retry: 2
    retyr: 3
    iff: true
`;
    expect(problemsOf(text)).toEqual([
      'w.yml:8:5: error: tasks[0].colour: unknown field "colour"',
      'w.yml:9:5: error: tasks[0].wait: unknown field "wait"',
      expect.stringContaining("tasks[0].retry: expected false or"),
      'w.yml:11:5: error: tasks[0].retyr: unknown field "retyr"',
      'w.yml:12:5: error: tasks[0].iff: unknown field "iff" (did you mean "if"?)',
    ]);
  });

  it("suggest in an endpoints map too", () => {
    const text = `id: W
endpoints:
  S: { ulr: "http://h" }
tasks:
  - { name: A, service: S, action: a }
`;
    expect(problemsOf(text)).toContain(
      'w.yml:3:8: error: endpoints.S.ulr: unknown field "ulr" (did you mean "url"?)',
    );
  });
});

describe("actions that would leave the endpoint's path", () => {
  it.each([
    ["a/../admin", 'has an empty, "." or ".." segment'],
    ["..", 'has an empty, "." or ".." segment'],
    ["a/./b", 'has an empty, "." or ".." segment'],
    ["a//b", 'has an empty, "." or ".." segment'],
    ["/etc/passwd", "must not start with /"],
    ["%2e%2e/admin", "may hold only letters, digits and - _ . ~ /"],
    ["a?admin=1", "may hold only letters, digits and - _ . ~ /"],
    ["a\\\\b", "may hold only letters, digits and - _ . ~ /"],
  ])("refuses %j", (action, why) => {
    const text = `id: W\n${ENDPOINTS}tasks:\n  - { name: A, service: S, action: "${action}" }\n`;
    expect(problemsOf(text)).toEqual([
      `w.yml:5:36: error: tasks[0].action: "${action.replace("\\\\", "\\")}" ${why}`,
    ]);
  });
});

describe("endpoints", () => {
  it("refuse CR, LF or NUL in a header value: no header injection", () => {
    const text = `id: W
endpoints:
  S:
    url: "http://h/api"
    headers:
      X-A: "ok\\r\\nX-Evil: 1"
      X-B: "a\\nb"
      X-C: "\\0"
tasks:
  - { name: A, service: S, action: a }
`;
    const why = "a header value must not hold CR, LF or NUL";
    expect(problemsOf(text)).toEqual([
      `w.yml:6:12: error: endpoints.S.headers.X-A: ${why}`,
      `w.yml:7:12: error: endpoints.S.headers.X-B: ${why}`,
      `w.yml:8:12: error: endpoints.S.headers.X-C: ${why}`,
    ]);
  });

  it("refuse a header name that is not a token", () => {
    const text = `id: W\nendpoints:\n  S: { url: "http://h", headers: { "X-A\\r\\nEvil": x, X-N: 5 } }\ntasks:\n  - { name: A, service: S, action: a }\n`;
    expect(problemsOf(text)).toEqual([
      'w.yml:3:36: error: endpoints.S.headers["X-A\\r\\nEvil"]: not a valid HTTP header name ("X-A\r\nEvil")',
      "w.yml:3:59: error: endpoints.S.headers.X-N: expected string, got number 5",
    ]);
  });

  it("refuse URLs with credentials, a query or a fragment, or that are not http(s)", () => {
    const text = `id: W
endpoints:
  A: { url: "http://user:pass@h/api" }
  B: { url: "https://h/api?key=1" }
  C: { url: "http://h/api#frag" }
  D: { url: "http://h/api?" }
  E: { url: "file:///etc/passwd" }
  F: { url: "not a url" }
tasks:
  - { name: T, service: A, action: a }
`;
    expect(problemsOf(text)).toEqual([
      "w.yml:3:13: error: endpoints.A.url: must not carry user:password (put credentials in `headers`, from env)",
      "w.yml:4:13: error: endpoints.B.url: must not have a query string",
      "w.yml:5:13: error: endpoints.C.url: must not have a fragment",
      "w.yml:6:13: error: endpoints.D.url: must not have a query string",
      "w.yml:7:13: error: endpoints.E.url: must be an http or https URL",
      'w.yml:8:13: error: endpoints.F.url: "not a url" is not a URL',
    ]);
  });
});

describe("a file with many errors", () => {
  it("reports every schema error, in file order", () => {
    const text = `id: "bad id!"
${ENDPOINTS}tasks:
  - name: A
    service: S
    action: a
    bogus: 1
  - name: 9B
    agent: S
    action: b
    retry: { attempts: 0 }
  - name: C
    service: S
    action: c
    continue-on-error: "yes"
    needs: [A, 2]
`;
    expect(problemsOf(text)).toEqual([
      "w.yml:1:5: error: id: an id has letters, digits, _ . or -",
      'w.yml:8:5: error: tasks[0].bogus: unknown field "bogus"',
      "w.yml:9:11: error: tasks[1].name: a task name starts with a letter or _ and has letters, digits, _ or -",
      "w.yml:12:24: error: tasks[1].retry.attempts: must be at least 1",
      'w.yml:16:24: error: tasks[2].continue-on-error: expected boolean, got string "yes"',
      "w.yml:17:16: error: tasks[2].needs[1]: expected string, got number 2",
    ]);
  });

  it("reports every error about names, needs and targets, in file order", () => {
    const text = `id: W
${ENDPOINTS}tasks:
  - { name: A, service: S, action: a, needs: [C] }
  - { name: B, service: Nope, action: b }
  - { name: C, service: S, agent: S, action: "../c", needs: [A, Ghost] }
  - { name: a, layer: S, action: d, needs: [] }
`;
    expect(problemsOf(text).map((p) => p.replace(/: error: .*?: /, ": "))).toEqual([
      "w.yml:5:46: needs form a cycle: A → C → A",
      'w.yml:6:25: no endpoint named "Nope" (known: S)',
      "w.yml:7:5: has service and agent: a task calls exactly one of service, agent or layer",
      'w.yml:7:46: "../c" has an empty, "." or ".." segment',
      'w.yml:7:65: no task named "Ghost"',
      'w.yml:8:13: duplicate task name "a" (also "A")',
    ]);
  });

  it("reports the errors of every file in a folder, and plans none of them", async () => {
    const dir = await tempDir("mgmt-def-");
    await writeFile(path.join(dir, "endpoints.yml"), ENDPOINTS);
    await writeFile(
      path.join(dir, "a.yml"),
      "id: A\ntasks:\n  - { name: T, service: S, action: a, wait: 1 }\n",
    );
    await writeFile(
      path.join(dir, "b.json"),
      '{"id": "B", "tasks": [{"name": "T", "service": "S", "action": "/b"}]}',
    );
    await writeFile(path.join(dir, "c.yml"), "id: C\ntasks:\n  - { name: T, service: S, action: ok }\n");
    const loaded = await loadDefinitions(dir);
    expect(loaded.plans).toEqual([]);
    expect(loaded.problems.map((p) => `${path.basename(p.file)}:${p.line}:${p.column}: ${p.field}`)).toEqual([
      "a.yml:3:39: tasks[0].wait",
      "b.json:1:63: tasks[0].action",
    ]);
  });
});

describe("a bad definition calls nothing", () => {
  it.each([
    ["an unknown field", "id: W\ntasks:\n  - { name: A, service: S, action: a, retries: 3 }\n"],
    ["a bad action", "id: W\ntasks:\n  - { name: A, service: S, action: ../a }\n"],
    [
      "a forbidden key",
      "id: W\ntasks:\n  - { name: A, service: S, action: a, with: { __proto__: { x: 1 } } }\n",
    ],
    ["nesting 100,000 deep", `id: W\nx: ${"[".repeat(100_000)}${"]".repeat(100_000)}\ntasks: []\n`],
    ["an alias bomb", `id: W\nx: &x [${Array(200).fill(1)}]\ny: [${Array(200).fill("*x")}]\ntasks: []\n`],
  ])("%s: loadWorkflow throws every problem, the endpoint sees no request", async (_name, text) => {
    const server = await startFaultServer();
    try {
      const file = path.join(await tempDir("mgmt-def-"), "w.yml");
      await writeFile(file, text);
      const orc = new Orchestrator({ endpoints: { S: { url: server.url("/api") } } });
      const error = await orc.loadWorkflow(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DefinitionError);
      expect((error as DefinitionError).message).toMatch(
        new RegExp(`^\\d+ problems? in the definition:\\n  ${file}:\\d+:\\d+: error: `),
      );
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe("endpoint headers", () => {
  it("may not change the call contract's own headers", () => {
    const text = `id: H
endpoints:
  S:
    url: http://127.0.0.1:1
    headers: { idempotency-key: mine, X-Mgmt-Attempt: "9", X-Team: ops }
tasks:
  - { name: A, service: S, action: go }
`;
    const { problems } = parseWorkflow("h.yml", text);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      '5:16 "idempotency-key" is set by mgmt on every call (the call contract)',
      '5:39 "X-Mgmt-Attempt" is set by mgmt on every call (the call contract)',
    ]);
  });
});

describe("durations a timer cannot hold", () => {
  it("refuses one over 24 days, as text or milliseconds, naming the field", () => {
    const text = [
      "id: W",
      "timeout: 600h",
      "tasks:",
      "  - { name: A, service: S, action: a, deadline: 2147483648 }",
      "endpoints:",
      '  S: { url: "http://127.0.0.1:1/api" }',
    ].join("\n");
    const cap = "a duration is at most 24 days (2147483647 ms), the longest a timer can wait";
    expect(problemsOf(text)).toEqual([
      `w.yml:2:10: error: timeout: ${cap}`,
      `w.yml:4:49: error: tasks[0].deadline: ${cap}`,
    ]);
  });
});
