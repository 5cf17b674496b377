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
