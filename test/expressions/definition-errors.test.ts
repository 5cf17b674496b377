import { describe, expect, test } from "vitest";
import { parseEndpointsFile } from "../../src/definition/endpoints.js";
import { parseWorkflow } from "../../src/definition/load.js";
import { formatProblem } from "../../src/definition/problem.js";

/** A workflow with one endpoint `S`; `tasks` is YAML, indented by two spaces. */
function problemsOf(tasks: string, top = "") {
  const text = `id: W\n${top}endpoints:\n  S: { url: "http://127.0.0.1:1/api" }\ntasks:\n${tasks}`;
  return parseWorkflow("w.yml", text).problems.map(formatProblem);
}

describe("where expressions may appear", () => {
  test("params, with values at any depth, if and header values are fine", () => {
    const top = 'params: { day: "${{ run.date }}", nested: ["${{ github.sha }}"] }\n';
    const tasks = `  - { name: A, service: S, action: a }
  - name: B
    service: S
    action: b
    if: \${{ tasks.A.outputs.ok }}
    with: { deep: { list: ["\${{ tasks.A.outputs.n }}", "x \${{ params.day }}"] } }
`;
    expect(problemsOf(tasks, top)).toEqual([]);
    const endpoints =
      'endpoints:\n  S: { url: "http://h", headers: { Authorization: "Bearer ${{ env.T }}" } }\n';
    expect(parseEndpointsFile("e.yml", endpoints).ok).toBe(true);
  });

  test.each([
    [
      "action",
      "  - { name: A, service: S, action: '${{ env.X }}' }\n",
      "w.yml:5:36: error: tasks[0].action: `${{ }}` is not evaluated here",
    ],
    [
      "a with key",
      "  - { name: A, service: S, action: a, with: { '${{ env.K }}': 1 } }\n",
      'w.yml:5:47: error: tasks[0].with["${{ env.K }}"]: a key',
    ],
    [
      "a task target",
      "  - { name: A, service: '${{ env.S }}', action: a }\n",
      "w.yml:5:25: error: tasks[0].service: `${{ }}` is not evaluated here",
    ],
    [
      "needs",
      "  - { name: A, service: S, action: a, needs: ['${{ x }}'] }\n",
      "w.yml:5:47: error: tasks[0].needs[0]: `${{ }}` is not evaluated here",
    ],
  ])("in %s it is a definition error", (_, tasks, start) => {
    expect(problemsOf(tasks)).toContainEqual(expect.stringContaining(start));
  });

  test("in the workflow's name, description or an endpoint URL it is a definition error", () => {
    const text = `id: W
name: "Run \${{ run.date }}"
endpoints:
  S: { url: "http://h/\${{ env.PATH }}" }
tasks:
  - { name: A, service: S, action: a }
`;
    const problems = parseWorkflow("w.yml", text).problems.map(formatProblem);
    expect(problems).toEqual([
      expect.stringMatching(/^w\.yml:2:7: error: name: `\$\{\{ }}` is not evaluated here/),
      expect.stringMatching(/^w\.yml:4:13: error: endpoints\.S\.url: `\$\{\{ }}` is not evaluated here/),
    ]);
  });

  test("in an endpoints file, only header values may hold expressions", () => {
    const file = parseEndpointsFile("e.yml", 'endpoints:\n  S: { url: "http://h/${{ env.X }}" }\n');
    if (!file.ok) throw new Error("the endpoints file should parse");
    const text = "id: W\ntasks:\n  - { name: A, service: S, action: a }\n";
    const problems = parseWorkflow("w.yml", text, file.value).problems.map(formatProblem);
    expect(problems).toEqual([
      expect.stringMatching(/^e\.yml:2:13: error: endpoints\.S\.url: `\$\{\{ }}` is not evaluated/),
    ]);
  });
});

describe("expressions that cannot work are definition errors", () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      "a parse error",
      "with: { x: '${{ 1 + }}' }",
      /tasks\[1\]\.with\.x: Unexpected symbol: '\+'.*\(in "\$\{\{ 1 \+ }}"\)/,
    ],
    ["an empty expression", "with: { x: '${{ }}' }", /tasks\[1\]\.with\.x: the expression is empty/],
    ["an unclosed expression", "with: { x: '${{ env.A' }", /tasks\[1\]\.with\.x: `\$\{\{` is never closed/],
    [
      "a too long expression",
      `if: "'${"x".repeat(21_000)}' != ''"`,
      /tasks\[1\]\.if: the expression is longer than 21000 characters/,
    ],
    ["an unknown context", "if: secrets.TOKEN", /tasks\[1\]\.if: unknown context "secrets"/],
    ["an unknown function", "if: launch()", /tasks\[1\]\.if: Unrecognized function: 'launch'/],
    [
      "a status function in with",
      "with: { ok: '${{ success() }}' }",
      /tasks\[1\]\.with\.ok: success\(\) is a status function: only `if` may call it/,
    ],
    [
      "text around an expression in if",
      "if: 'ok ${{ true }}'",
      /tasks\[1\]\.if: an `if` holds one expression/,
    ],
    [
      "tasks.X of a later task",
      "if: tasks.C.outputs.ok",
      /tasks\[1\]\.if: reads tasks\.C, which is not among its direct or indirect needs/,
    ],
    [
      "tasks.X.output, a slip for outputs",
      "if: tasks.A.output.ok",
      /tasks\[1\]\.if: tasks\.A\.output: a task has only "outputs" and "status"/,
    ],
    [
      "tasks.X of no task",
      "with: { a: '${{ tasks.Nope.status }}' }",
      /tasks\[1\]\.with\.a: reads tasks\.Nope, which is not a task of this workflow/,
    ],
  ];
  test.each(cases)("%s", (_, field, message) => {
    const tasks = `  - { name: A, service: S, action: a }\n  - { name: B, service: S, action: b, ${field} }\n  - { name: C, service: S, action: c }\n`;
    const problems = problemsOf(tasks);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  test("params and header values may use only env, run and github", () => {
    const top = "params: { a: '${{ params.b }}' }\n";
    expect(problemsOf("  - { name: A, service: S, action: a }\n", top)).toEqual([
      expect.stringMatching(
        /^w\.yml:2:14: error: params\.a: the context "params" cannot be used here \(only env, run, github\)/,
      ),
    ]);
    const file = parseEndpointsFile(
      "e.yml",
      'endpoints:\n  S: { url: "http://h", headers: { X-Day: "${{ tasks.A.status }}" } }\n',
    );
    if (!file.ok) throw new Error("the endpoints file should parse");
    const problems = parseWorkflow(
      "w.yml",
      "id: W\ntasks:\n  - { name: A, service: S, action: a }\n",
      file.value,
    ).problems;
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        /^e\.yml:2:43: error: endpoints\.S\.headers\.X-Day: the context "tasks" cannot be used here/,
      ),
    ]);
  });

  test("tasks.X of an indirect need is fine, in any case", () => {
    const tasks =
      "  - { name: A, service: S, action: a }\n  - { name: B, service: S, action: b }\n  - { name: C, service: S, action: c, if: tasks.a.outputs.ok }\n";
    expect(problemsOf(tasks)).toEqual([]);
  });

  test("every problem is reported, not only the first", () => {
    const tasks = "  - { name: A, service: S, action: a, if: nope.x, with: { y: '${{ success() }}' } }\n";
    expect(problemsOf(tasks)).toHaveLength(2);
  });
});
