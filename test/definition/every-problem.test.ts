import { describe, expect, it } from "vitest";
import { parseWorkflow } from "../../src/definition/load.js";

describe("every problem in one pass", () => {
  it("reports schema problems and the later checks' problems together", () => {
    const text = `id: Mixed
endpoints: { S: { url: "http://127.0.0.1:1" } }
tasks:
  - name: A
    service: S
    action: go
    timeout: 10 sec
  - name: B
    service: Missing
    action: go
    needs: [Nope]
  - name: C
    service: S
    action: go
    colour: blue
`;
    const { plan, problems } = parseWorkflow("mixed.yml", text);
    expect(plan).toBeUndefined();
    expect(problems.map((p) => `${p.line}:${p.column} ${p.field}`)).toEqual([
      "7:14 tasks[0].timeout",
      "9:14 tasks[1].service",
      "11:13 tasks[1].needs[0]",
      "15:5 tasks[2].colour",
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining("expected a duration"),
      expect.stringContaining('no endpoint named "Missing"'),
      'no task named "Nope"',
      'unknown field "colour"',
    ]);
  });

  it("reports a bad tasks.X read beside a bad context in the same `with`", () => {
    const text = `id: Reads
endpoints: { S: { url: "http://127.0.0.1:1" } }
tasks:
  - name: A
    service: S
    action: go
    with:
      early: \${{ tasks.B.outputs.x }}
      token: \${{ secrets.TOKEN }}
      both: "\${{ param.region }}-\${{ tasks.Nope.outputs.y }}"
  - name: B
    service: S
    action: go
`;
    const { plan, problems } = parseWorkflow("reads.yml", text);
    expect(plan).toBeUndefined();
    expect(problems.map((p) => `${p.line}:${p.column} ${p.field}: ${p.message}`)).toEqual([
      '8:14 tasks[0].with.early: reads tasks.B, which is not among its direct or indirect needs (in "${{ tasks.B.outputs.x }}")',
      '9:14 tasks[0].with.token: unknown context "secrets" (known here: params, tasks, env, run, github) (in "${{ secrets.TOKEN }}")',
      '10:13 tasks[0].with.both: unknown context "param" (known here: params, tasks, env, run, github) (in "${{ param.region }}")',
      '10:13 tasks[0].with.both: reads tasks.Nope, which is not a task of this workflow (in "${{ tasks.Nope.outputs.y }}")',
    ]);
  });

  it("says nothing more about a field the schema refused", () => {
    const text = `id: One
endpoints: { S: { url: "http://127.0.0.1:1" } }
tasks:
  - { name: A, service: 5, action: go }
`;
    const { problems } = parseWorkflow("one.yml", text);
    expect(problems.map((p) => p.field)).toEqual(["tasks[0].service"]);
  });
});
