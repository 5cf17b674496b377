// An endpoint's protocol and the agent fields it reads (section 10), checked before anything
// runs: each mistake named at its file:line:column and field.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadDefinitions, parseWorkflow } from "../../src/definition/load.js";
import { formatProblem } from "../../src/definition/problem.js";
import { tempDir } from "../helpers/temp-dir.js";

const HEAD = `id: Agents
endpoints:
  Api: { url: "http://127.0.0.1:1/api" }
  Advisor: { url: "http://127.0.0.1:1/a2a", protocol: a2a }
  Writer: { url: "http://127.0.0.1:1/v1", protocol: openai-chat, model: gpt-4.1-mini }
  Tools: { url: "http://127.0.0.1:1/mcp", protocol: mcp }
tasks:
`;
/** The line of a task's first field: HEAD takes seven lines. */
const FIRST_TASK_LINE = 8;

/** Every problem of a workflow of these tasks, as `file:line:column: severity: field: message`. */
function problemsOf(tasks: string, head = HEAD): string[] {
  const { plan, problems } = parseWorkflow("w.yml", head + tasks);
  if (problems.length) expect(plan).toBeUndefined();
  return problems.map(formatProblem);
}

const at = (line: number, column: number) => `w.yml:${FIRST_TASK_LINE + line}:${column}: error`;

/** One task on `endpoint` with `fields` after its action (each field on its own line, indented). */
const task = (endpoint: string, fields = "") =>
  `  - name: A\n    agent: ${endpoint}\n    action: a\n${fields}`;

const NOT_EVALUATED =
  "`${{ }}` is not evaluated here: only in params, `with` values, `if`, endpoint header values, a request, an agent's prompt, instructions and arguments, and the answer mappings";

describe("an endpoint's protocol", () => {
  /** A workflow whose only endpoint is `endpoint` (a YAML flow map) and one task on it. */
  const endpointProblems = (endpoint: string) =>
    problemsOf(task("E"), `id: Agents\nendpoints:\n  E: ${endpoint}\ntasks:\n`);
  /** Where `needle` starts in the endpoint's line, `  E: {endpoint}`. */
  const endpointAt = (endpoint: string, needle: string) =>
    `w.yml:3:${"  E: ".length + endpoint.indexOf(needle) + 1}: error`;

  it("an unknown one is refused with the four it may be", () => {
    const endpoint = '{ url: "http://h/x", protocol: grpc }';
    expect(endpointProblems(endpoint)).toEqual([
      `${endpointAt(endpoint, "grpc")}: endpoints.E.protocol: Invalid option: expected one of "http"|"a2a"|"openai-chat"|"mcp"`,
    ]);
  });

  it("openai-chat without a model is refused at the endpoint", () => {
    const endpoint = '{ url: "http://h/v1", protocol: openai-chat }';
    expect(endpointProblems(endpoint)).toEqual([
      `${endpointAt(endpoint, "{")}: endpoints.E: an openai-chat endpoint needs model: the model its tasks ask`,
    ]);
  });

  it.each([
    ["model on http", '{ url: "http://h/x", model: gpt }', "gpt", "model", "openai-chat", "http"],
    [
      "instructions on http",
      '{ url: "http://h/x", instructions: hi }',
      "hi",
      "instructions",
      "openai-chat",
      "http",
    ],
    [
      "model on a2a",
      '{ url: "http://h/x", protocol: a2a, model: gpt }',
      "gpt",
      "model",
      "openai-chat",
      "a2a",
    ],
    [
      "instructions on mcp",
      '{ url: "http://h/x", protocol: mcp, instructions: hi }',
      "hi",
      "instructions",
      "openai-chat",
      "mcp",
    ],
    [
      "card on http",
      '{ url: "http://h/x", card: "http://h/card" }',
      '"http://h/card"',
      "card",
      "a2a",
      "http",
    ],
    [
      "card on mcp",
      '{ url: "http://h/x", protocol: mcp, card: "http://h/card" }',
      '"http://h/card"',
      "card",
      "a2a",
      "mcp",
    ],
    [
      "card on openai-chat",
      '{ url: "http://h/x", protocol: openai-chat, model: m, card: "http://h/card" }',
      '"http://h/card"',
      "card",
      "a2a",
      "openai-chat",
    ],
  ])("%s is refused", (_what, endpoint, value, field, protocols, protocol) => {
    expect(endpointProblems(endpoint)).toEqual([
      `${endpointAt(endpoint, value)}: endpoints.E.${field}: only an endpoint with protocol ${protocols} reads ${field} (this one is ${protocol})`,
    ]);
  });

  it.each(["a2a", "openai-chat", "mcp"])("poll on an %s endpoint is refused", (protocol) => {
    const model = protocol === "openai-chat" ? ", model: m" : "";
    const endpoint = `{ url: "http://h/x", protocol: ${protocol}${model}, poll: { interval: 5s } }`;
    expect(endpointProblems(endpoint)).toEqual([
      `${endpointAt(endpoint, "{ interval")}: endpoints.E.poll: an ${protocol} endpoint's tasks are polled as the protocol says: poll is for http endpoints`,
    ]);
  });

  it.each([
    ["ftp://h/card.json", "must be an http or https URL (or a path relative to url)"],
    ["file:///etc/agent-card.json", "must be an http or https URL (or a path relative to url)"],
    ["http://user:pw@h/card.json", "must not carry user:password (put credentials in `headers`, from env)"],
  ])("a card %s is refused", (card, why) => {
    const endpoint = `{ url: "http://h/x", protocol: a2a, card: "${card}" }`;
    const message = why.startsWith("must be") ? `"${card}" ${why}` : why;
    expect(endpointProblems(endpoint)).toEqual([
      `${endpointAt(endpoint, `"${card}"`)}: endpoints.E.card: ${message}`,
    ]);
  });

  it("a card on an endpoint whose url is bad is not judged: the url is the mistake", () => {
    const endpoint = '{ url: "not a url", protocol: a2a, card: "card.json" }';
    expect(endpointProblems(endpoint)).toEqual([
      `${endpointAt(endpoint, '"not')}: endpoints.E.url: "not a url" is not a URL`,
    ]);
  });

  it("plans each protocol's call: its URL, model, card and messages", () => {
    const tasks = `  - name: Ask
    agent: Advisor
    action: analyze
    prompt: Suggest outreach.
  - name: Write
    agent: Writer
    action: write
    prompt: Write it.
    instructions: Be brief.
  - name: Look
    agent: Tools
    action: census_lookup
    arguments: { region: west }
  - name: Plain
    service: Api
    action: go
`;
    const head = HEAD.replace("protocol: a2a }", 'protocol: a2a, card: "card.json" }').replace(
      "model: gpt-4.1-mini }",
      "model: gpt-4.1-mini, instructions: Be kind. }",
    );
    const { plan, problems } = parseWorkflow("w.yml", head + tasks);
    expect(problems).toEqual([]);
    const [ask, write, look, plain] = plan?.tasks ?? [];
    expect(ask?.url).toBe("http://127.0.0.1:1/a2a");
    expect(ask?.agent).toEqual({
      protocol: "a2a",
      prompt: { kind: "literal", value: "Suggest outreach." },
      instructions: null,
      model: null,
      arguments: null,
      // Relative to the endpoint's URL, as a link in a page is.
      card: "http://127.0.0.1:1/card.json",
    });
    expect(write?.url).toBe("http://127.0.0.1:1/v1/chat/completions");
    expect(write?.agent).toMatchObject({
      protocol: "openai-chat",
      model: "gpt-4.1-mini",
      // The task's own instructions win over the endpoint's.
      instructions: { kind: "literal", value: "Be brief." },
    });
    expect(look?.url).toBe("http://127.0.0.1:1/mcp");
    expect(look?.agent).toMatchObject({
      protocol: "mcp",
      prompt: null,
      arguments: { kind: "object", entries: [["region", { kind: "literal", value: "west" }]] },
    });
    expect(plain?.agent).toBeNull();
  });

  it("an a2a card defaults to the well-known place at the url's origin; the endpoint's instructions stand in for the task's", () => {
    const tasks = `${task("Advisor")}  - name: B\n    agent: Writer\n    action: b\n`;
    const head = HEAD.replace("/a2a", "/agents/coverage/").replace(
      "model: gpt-4.1-mini }",
      "model: gpt-4.1-mini, instructions: Be kind. }",
    );
    const { plan, problems } = parseWorkflow("w.yml", head + tasks);
    expect(problems).toEqual([]);
    expect(plan?.tasks[0]?.agent?.card).toBe("http://127.0.0.1:1/.well-known/agent-card.json");
    expect(plan?.tasks[1]?.agent?.instructions).toEqual({ kind: "literal", value: "Be kind." });
  });
});

describe("a task's agent fields", () => {
  it.each([
    ["prompt", "hi", "Api", "an a2a or openai-chat", "http"],
    ["prompt", "hi", "Tools", "an a2a or openai-chat", "mcp"],
    ["arguments", "{ x: 1 }", "Api", "an mcp", "http"],
    ["arguments", "{ x: 1 }", "Advisor", "an mcp", "a2a"],
    ["arguments", "{ x: 1 }", "Writer", "an mcp", "openai-chat"],
    ["instructions", "hi", "Api", "an openai-chat", "http"],
    ["instructions", "hi", "Advisor", "an openai-chat", "a2a"],
    ["instructions", "hi", "Tools", "an openai-chat", "mcp"],
  ])("%s on %s's task is refused, naming the protocol", (field, value, endpoint, protocols, protocol) => {
    expect(problemsOf(task(endpoint, `    ${field}: ${value}\n`))).toEqual([
      `${at(3, 5 + field.length + 2)}: tasks[0].${field}: only a task on ${protocols} endpoint reads ${field} (endpoint ${endpoint} is ${protocol})`,
    ]);
  });

  it.each([
    ["prompt", "hi", "Advisor"],
    ["prompt", "hi", "Writer"],
    ["instructions", "hi", "Writer"],
    ["arguments", "{ x: 1 }", "Tools"],
  ])("%s on %s's task is accepted", (field, value, endpoint) => {
    expect(problemsOf(task(endpoint, `    ${field}: ${value}\n`))).toEqual([]);
  });

  it.each([
    ["Advisor", "a2a"],
    ["Writer", "openai-chat"],
    ["Tools", "mcp"],
  ])("request and poll on %s's task are refused", (endpoint, protocol) => {
    const fields = "    request: { path: x }\n    poll: { interval: 5s }\n";
    expect(problemsOf(task(endpoint, fields))).toEqual([
      `${at(3, 14)}: tasks[0].request: a task on an ${protocol} endpoint sends what the protocol says: request is for http endpoints`,
      `${at(4, 11)}: tasks[0].poll: a task on an ${protocol} endpoint is polled as the protocol says: poll is for http endpoints`,
    ]);
  });

  it("on a task whose endpoint does not exist, only the missing endpoint is told", () => {
    expect(problemsOf(task("Nowhere", "    prompt: hi\n    arguments: { x: 1 }\n"))).toEqual([
      `${at(1, 12)}: tasks[0].agent: no endpoint named "Nowhere" (known: Advisor, Api, Tools, Writer)`,
    ]);
  });

  it("output-schema is for any task kind, an http service's too", () => {
    const fields = "    output-schema: { type: object }\n";
    expect(problemsOf(`  - name: A\n    service: Api\n    action: a\n${fields}`)).toEqual([]);
  });
});

describe("endpoints from an endpoints file", () => {
  it("an endpoint's mistake is named in that file, a task's in the workflow", async () => {
    const dir = await tempDir("mgmt-agents-");
    const endpoints = path.join(dir, "agents.yml");
    await writeFile(
      endpoints,
      `endpoints:
  Api:
    url: http://127.0.0.1:1/api
    model: gpt
  Tools:
    url: http://127.0.0.1:1/mcp
    protocol: mcp
    poll: { interval: 5s }
  Writer:
    url: http://127.0.0.1:1/v1
    protocol: openai-chat
`,
    );
    const file = path.join(dir, "w.yml");
    await writeFile(
      file,
      `id: FromFile
tasks:
  - name: Look
    agent: Tools
    action: lookup
    prompt: hi
    request: { path: x }
  - name: Write
    agent: Writer
    action: write
    arguments: { x: 1 }
`,
    );
    const loaded = await loadDefinitions(file, endpoints);
    expect(loaded.plans).toEqual([]);
    expect(loaded.problems.map(formatProblem)).toEqual([
      `${endpoints}:4:12: error: endpoints.Api.model: only an endpoint with protocol openai-chat reads model (this one is http)`,
      `${endpoints}:8:11: error: endpoints.Tools.poll: an mcp endpoint's tasks are polled as the protocol says: poll is for http endpoints`,
      `${endpoints}:10:5: error: endpoints.Writer: an openai-chat endpoint needs model: the model its tasks ask`,
      `${file}:6:13: error: tasks[0].prompt: only a task on an a2a or openai-chat endpoint reads prompt (endpoint Tools is mcp)`,
      `${file}:7:14: error: tasks[0].request: a task on an mcp endpoint sends what the protocol says: request is for http endpoints`,
      `${file}:11:16: error: tasks[1].arguments: only a task on an mcp endpoint reads arguments (endpoint Writer is openai-chat)`,
    ]);
  });

  it("an endpoint's instructions may use expressions there too", async () => {
    const dir = await tempDir("mgmt-agents-");
    const endpoints = path.join(dir, "agents.yml");
    await writeFile(
      endpoints,
      'endpoints:\n  Writer:\n    url: http://127.0.0.1:1/v1\n    protocol: openai-chat\n    model: m\n    instructions: "Write for ${{ params.audience }}"\n    card: "${{ env.CARD }}"\n',
    );
    const file = path.join(dir, "w.yml");
    await writeFile(file, "id: W\ntasks:\n  - { name: A, agent: Writer, action: a }\n");
    const loaded = await loadDefinitions(file, endpoints);
    expect(loaded.problems.map(formatProblem)).toEqual([
      `${endpoints}:7:11: error: endpoints.Writer.card: only an endpoint with protocol a2a reads card (this one is openai-chat)`,
      `${endpoints}:7:11: error: endpoints.Writer.card: ${NOT_EVALUATED}`,
    ]);
  });
});

describe("expressions in agent fields", () => {
  it("are evaluated in prompt, instructions (task and endpoint) and arguments at any depth", () => {
    const head = HEAD.replace(
      "model: gpt-4.1-mini }",
      'model: gpt-4.1-mini, instructions: "For ${{ params.audience }}" }',
    );
    const tasks = `  - name: Look
    agent: Tools
    action: lookup
    arguments:
      region: \${{ params.region }}
      deep: { list: ["\${{ run.date }}", { key: "\${{ env.KEY }}" }] }
  - name: Ask
    agent: Advisor
    action: ask
    prompt: "Regions under \${{ params.threshold }}: \${{ toJSON(tasks.Look.outputs) }}"
  - name: Write
    agent: Writer
    action: write
    prompt: \${{ tasks.Ask.outputs.text }}
    instructions: "Write as \${{ github.actor }}"
`;
    expect(problemsOf(tasks, head)).toEqual([]);
  });

  it.each([
    ["model", '{ url: "http://h/v1", protocol: openai-chat, model: "${{ env.MODEL }}" }'],
    ["card", '{ url: "http://h/x", protocol: a2a, card: "${{ env.CARD }}" }'],
    ["url", '{ url: "${{ env.URL }}", protocol: mcp }'],
  ])("are refused in an endpoint's %s, naming where they are allowed", (field, endpoint) => {
    const problems = problemsOf(task("E"), `id: Agents\nendpoints:\n  E: ${endpoint}\ntasks:\n`);
    const column = "  E: ".length + endpoint.indexOf('"${{') + 1;
    expect(problems).toContain(`w.yml:3:${column}: error: endpoints.E.${field}: ${NOT_EVALUATED}`);
  });

  it("are refused in an output schema", () => {
    const fields = '    output-schema: { description: "${{ params.x }}" }\n';
    expect(problemsOf(task("Advisor", fields))).toEqual([
      `${at(3, fields.indexOf('"${{') + 1)}: tasks[0].output-schema.description: ${NOT_EVALUATED}`,
    ]);
  });

  it("are refused in the keys of arguments", () => {
    expect(problemsOf(task("Tools", '    arguments: { "${{ params.k }}": 1 }\n'))).toEqual([
      `${at(3, 18)}: tasks[0].arguments["\${{ params.k }}"]: a key cannot hold \`\${{ }}\``,
    ]);
  });

  it.each([
    ["prompt", "Advisor", '    prompt: "${{ tasks.B.outputs.x }}"\n', "prompt", 13],
    [
      "arguments",
      "Tools",
      '    arguments: { x: { y: ["${{ tasks.B.outputs.x }}"] } }\n',
      "arguments.x.y[0]",
      27,
    ],
    ["instructions", "Writer", '    instructions: "${{ tasks.B.outputs.x }}"\n', "instructions", 19],
  ])(
    "reading tasks.X in %s of a task that does not need X is refused at that field",
    (_field, endpoint, fields, field, column) => {
      const tasks = `${task(endpoint, fields)}  - { name: B, service: Api, action: b }\n`;
      expect(problemsOf(tasks)).toEqual([
        `${at(3, column)}: tasks[0].${field}: reads tasks.B, which is not among its direct or indirect needs (in "\${{ tasks.B.outputs.x }}")`,
      ]);
    },
  );

  it("an endpoint's instructions are checked against each task that uses them", () => {
    const head = HEAD.replace(
      "model: gpt-4.1-mini }",
      'model: gpt-4.1-mini, instructions: "${{ tasks.First.outputs.tone }}" }',
    );
    const tasks = `  - { name: First, service: Api, action: a }
  - { name: Later, agent: Writer, action: b }
  - { name: Early, agent: Writer, action: c, needs: [] }
`;
    expect(problemsOf(tasks, head)).toEqual([
      `${at(2, 5)}: tasks[2]: reads tasks.First, which is not among its direct or indirect needs (in "\${{ tasks.First.outputs.tone }}")`,
    ]);
  });

  const NO_RESPONSE = (expr: string) =>
    `the context "response" cannot be used here (only params, tasks, env, run, github) (in "\${{ ${expr} }}")`;

  it.each([
    ["prompt", "Advisor", '    prompt: "${{ response.body }}"\n', at(3, 13), "prompt"],
    [
      "arguments",
      "Tools",
      '    arguments: { a: [1, "${{ response.status }}"] }\n',
      at(3, 25),
      "arguments.a[1]",
    ],
    ["instructions", "Writer", '    instructions: "${{ response.body }}"\n', at(3, 19), "instructions"],
  ])("response is refused in %s", (_field, endpoint, fields, where, field) => {
    const expr = fields.includes("status") ? "response.status" : "response.body";
    expect(problemsOf(task(endpoint, fields))).toEqual([`${where}: tasks[0].${field}: ${NO_RESPONSE(expr)}`]);
  });

  it("a mistake in an endpoint's instructions is told once, whether no task or many use it", () => {
    const head = (tasks: string) =>
      HEAD.replace("model: gpt-4.1-mini }", 'model: gpt-4.1-mini, instructions: "${{ parms.x }}" }') + tasks;
    const column = (head("").split("\n")[4] ?? "").indexOf('"${{') + 1;
    const expected = [
      `w.yml:5:${column}: error: endpoints.Writer.instructions: unknown context "parms" (known here: params, tasks, env, run, github) (in "\${{ parms.x }}")`,
    ];
    expect(problemsOf("", head(task("Api")).replace(/ {4}agent: Api/, "    service: Api"))).toEqual(expected);
    const two = `${task("Writer")}  - { name: B, agent: Writer, action: b }\n`;
    expect(problemsOf("", head(two))).toEqual(expected);
  });
});

describe("an agent endpoint's headers", () => {
  it.each([
    ["mcp", "Mcp-Session-Id"],
    ["mcp", "mcp-protocol-version"],
    ["a2a", "A2A-Version"],
  ])("a %s endpoint may not set %s: the protocol does", (protocol, header) => {
    const text = `id: W
endpoints:
  Agent: { url: "http://127.0.0.1:1/a", protocol: ${protocol}, headers: { ${header}: x } }
tasks:
  - { name: A, agent: Agent, action: a }
`;
    const { problems } = parseWorkflow("w.yml", text);
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      `endpoints.Agent.headers.${header}: "${header}" is set by the ${protocol} protocol itself`,
    ]);
  });
});
