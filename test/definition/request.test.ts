// A task's `request` and answer mappings, checked before anything runs: each mistake named at
// its file:line:column and field.
import { describe, expect, it } from "vitest";
import { parseEndpointsFile } from "../../src/definition/endpoints.js";
import { parseWorkflow } from "../../src/definition/load.js";
import { formatProblem } from "../../src/definition/problem.js";

const HEAD = `id: Requests
endpoints:
  Api: { url: "http://127.0.0.1:1/api" }
  Opa: { url: "http://127.0.0.1:1/opa" }
tasks:
`;
/** The line of a task's first field: HEAD takes five lines. */
const FIRST_TASK_LINE = 6;

/** Every problem of a workflow of these tasks, as `file:line:column: severity: field: message`. */
function problemsOf(tasks: string): string[] {
  const { plan, problems } = parseWorkflow("w.yml", HEAD + tasks);
  if (problems.length) expect(plan).toBeUndefined();
  return problems.map(formatProblem);
}

const at = (line: number, column: number) => `w.yml:${FIRST_TASK_LINE + line}:${column}: error`;

describe("response is read only by the answer fields", () => {
  const NOT_HERE =
    'the context "response" cannot be used here (only params, tasks, env, run, github) (in "${{ response.status }}")';

  it.each([
    ["with", '    action: a\n    with: { x: "${{ response.status }}" }\n', `${at(3, 16)}: tasks[0].with.x`],
    [
      "request.body",
      '    request:\n      body: { x: "${{ response.status }}" }\n',
      `${at(4, 18)}: tasks[0].request.body.x`,
    ],
    [
      "request.query",
      '    request:\n      query: { x: "${{ response.status }}" }\n',
      `${at(4, 19)}: tasks[0].request.query.x`,
    ],
    [
      "request.headers",
      '    request:\n      headers: { X-Seen: "${{ response.status }}" }\n',
      `${at(4, 26)}: tasks[0].request.headers.X-Seen`,
    ],
    [
      "if",
      "    action: a\n    if: ${{ response.status == 200 }}\n",
      expect.stringMatching(/^w\.yml:9:9: error: tasks\[0\]\.if: .*"response" cannot be used here/),
    ],
  ])("in %s: refused", (_field, fields, expected) => {
    const problems = problemsOf(
      `  - name: A\n    service: Api\n${fields.replace("request:\n", "request:\n      path: a\n")}`,
    );
    expect(problems).toEqual([typeof expected === "string" ? `${expected}: ${NOT_HERE}` : expected]);
  });

  it("in every answer field of a task: accepted", () => {
    const tasks = `  - name: A
    layer: Opa
    request: { path: v1/data/allow }
    success-if: \${{ response.status == 200 }}
    outputs: { result: "\${{ response.body.result }}" }
    approved: \${{ response.body.result.allow }}
    reasons: \${{ response.body.result.deny }}
    poll: { until: "\${{ response.status != 202 }}", url: "\${{ response.headers.location }}" }
`;
    expect(problemsOf(tasks)).toEqual([]);
  });
});

describe("the request's shape", () => {
  const task = (request: string, more = "") =>
    `  - name: A\n    service: Api\n    request:\n${request}${more}`;

  it.each([
    [
      "body with form",
      "      path: a\n      body: { x: 1 }\n      form: { y: 2 }\n",
      `${at(5, 13)}: tasks[0].request.form: a request has body or form, not both`,
    ],
    [
      "a body on GET",
      "      method: GET\n      path: a\n      body: { x: 1 }\n",
      `${at(5, 13)}: tasks[0].request.body: a GET request sends no body`,
    ],
    [
      "a form on HEAD",
      "      method: HEAD\n      path: a\n      form: { x: 1 }\n",
      `${at(5, 13)}: tasks[0].request.form: a HEAD request sends no body`,
    ],
    [
      "an unknown method",
      "      method: FETCH\n      path: a\n",
      `${at(3, 15)}: tasks[0].request.method: Invalid option: expected one of "GET"|"HEAD"|"POST"|"PUT"|"PATCH"|"DELETE"`,
    ],
    [
      "X-Foo: false",
      "      path: a\n      headers: { X-Foo: false }\n",
      `${at(4, 25)}: tasks[0].request.headers.X-Foo: only Idempotency-Key may be dropped with false`,
    ],
  ])("%s is refused", (_what, request, expected) => {
    expect(problemsOf(task(request))).toEqual([expected]);
  });

  it("Idempotency-Key: false is accepted", () => {
    expect(problemsOf(task("      path: a\n      headers: { Idempotency-Key: false }\n"))).toEqual([]);
  });

  it("no action and no request.path is refused at the task", () => {
    expect(problemsOf(task("      method: GET\n"))).toEqual([
      `${at(0, 5)}: tasks[0]: needs action (the envelope's path) or request.path`,
    ]);
  });

  it("the action stands for a missing request.path", () => {
    expect(problemsOf(task("      method: GET\n", "    action: surveys\n"))).toEqual([]);
  });

  const SEGMENTS = 'must not start or end with /, or hold an empty, "." or ".." segment';
  it.each([
    ["a/../admin", `${at(3, 13)}: tasks[0].request.path: "a/../admin" ${SEGMENTS}`],
    ["./a", `${at(3, 13)}: tasks[0].request.path: "./a" ${SEGMENTS}`],
    ["a/%2E%2e/admin", `${at(3, 13)}: tasks[0].request.path: "a/%2E%2e/admin" ${SEGMENTS}`],
    [
      "files/${{ params.id }}/../admin",
      `${at(3, 13)}: tasks[0].request.path: "files/\${{ params.id }}/../admin" ${SEGMENTS}`,
    ],
    ["/surveys", `${at(3, 13)}: tasks[0].request.path: "/surveys" ${SEGMENTS}`],
    ["a//b", `${at(3, 13)}: tasks[0].request.path: "a//b" ${SEGMENTS}`],
    [
      "a?limit=5",
      `${at(3, 13)}: tasks[0].request.path: "a?limit=5" holds a character a URL path cannot (use \${{ }} for data)`,
    ],
    [
      "a#top",
      `${at(3, 13)}: tasks[0].request.path: "a#top" holds a character a URL path cannot (use \${{ }} for data)`,
    ],
  ])("a literal path %s is refused", (path, expected) => {
    expect(problemsOf(task(`      path: "${path}"\n`))).toEqual([expected]);
  });

  it.each(["surveys/${{ params.id }}/responses", "v1/data/census/allow", "a/b.json", "users/@me", "%7Euser"])(
    "a path %s is accepted",
    (path) => {
      expect(problemsOf(task(`      path: "${path}"\n`))).toEqual([]);
    },
  );
});

describe("approved and reasons belong to gates", () => {
  it.each(["approved", "reasons"])("%s on a service task is refused", (field) => {
    const tasks = `  - name: A\n    service: Api\n    request: { path: a }\n    ${field}: \${{ response.body.ok }}\n`;
    expect(problemsOf(tasks)).toEqual([
      `${at(3, 5 + field.length + 2)}: tasks[0].${field}: only a layer (a gate) reads ${field}`,
    ]);
  });
});

describe("an endpoint's answer fields", () => {
  /** A workflow using the Opa endpoint of this endpoints file, as its tasks say. */
  function withEndpoints(endpoint: string, tasks: string): string[] {
    const file = parseEndpointsFile(
      "endpoints.yml",
      `endpoints:\n  Opa:\n    url: "http://127.0.0.1:1/opa"\n${endpoint}`,
    );
    if (!file.ok) throw new Error(file.problems.map(formatProblem).join("\n"));
    const { problems } = parseWorkflow("w.yml", `id: E\ntasks:\n${tasks}`, file.value);
    return problems.map(formatProblem);
  }

  const TWO_GATES = `  - name: First
    layer: Opa
    request: { path: a }
  - name: Second
    layer: Opa
    request: { path: b }
`;

  it("a mistake in one is named at its place in the endpoints file, once for all the tasks that use it", () => {
    const problems = withEndpoints(
      "    approved: ${{ response.body.result.allow }}\n    outputs: ${{ result.body }}\n",
      TWO_GATES,
    );
    expect(problems).toEqual([
      expect.stringMatching(/^endpoints\.yml:5:14: error: endpoints\.Opa\.outputs: unknown context "result"/),
    ]);
  });

  it("is checked against each task: a tasks.X read fits one task's needs and not another's", () => {
    const tasks = `  - name: Collect
    service: Opa
    request: { path: c }
  - name: Review
    layer: Opa
    request: { path: r }
  - name: Early
    layer: Opa
    request: { path: e }
    needs: []
`;
    const problems = withEndpoints("    outputs: ${{ tasks.Collect.outputs }}\n", tasks);
    expect(problems).toEqual([
      // Collect reads itself through its endpoint, and Early does not need it; Review does.
      expect.stringMatching(
        /^w\.yml:3:5: error: tasks\[0\]: reads tasks\.Collect, which is not among its direct or indirect needs/,
      ),
      expect.stringMatching(
        /^w\.yml:9:5: error: tasks\[2\]: reads tasks\.Collect, which is not among its direct or indirect needs/,
      ),
    ]);
  });

  it("approved on the endpoint of a service task is not the task's mistake", () => {
    const tasks = "  - name: Plain\n    service: Opa\n    request: { path: p }\n";
    expect(withEndpoints("    approved: ${{ response.body.result.allow }}\n", tasks)).toEqual([]);
  });
});
