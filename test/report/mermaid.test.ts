// @vitest-environment jsdom
// Mermaid's own parser needs a DOM (DOMPurify) but no browser: jsdom is enough.
import fc from "fast-check";
import mermaid from "mermaid";
import { describe, expect, it } from "vitest";
import type { TaskResult } from "../../src/engine/result.js";
import { diagramOmission, MAX_DIAGRAM_TASKS, renderDiagram } from "../../src/report/mermaid.js";
import { textRedactor } from "../../src/report/redact.js";
import { STATUS_EMOJI } from "../../src/report/status.js";
import { oneLine } from "../../src/report/text.js";
import { censusResumedRun, censusRun, censusWaitingRun, task } from "./fixtures.js";

const none = textRedactor([]);
const STATUSES = ["success", "failure", "rejected", "waiting", "skipped", "cancelled"] as const;

interface Flowchart {
  nodes: Map<string, string>;
  edges: [string, string][];
  classes: Map<string, string>;
}

/**
 * The subset of Mermaid's flowchart grammar renderDiagram emits, read strictly: a header,
 * then node, edge, classDef and class lines; a label holds no character that could end it
 * or be read as markup. Any other line fails.
 */
function readFlowchart(block: string): Flowchart {
  const [open, header, ...rest] = block.split("\n");
  expect(open).toBe("```mermaid");
  expect(rest.pop()).toBe("```");
  expect(header).toBe("flowchart LR");
  const chart: Flowchart = { nodes: new Map(), edges: [], classes: new Map() };
  const declared = new Set<string>();
  for (const line of rest) {
    const node = /^ {2}(t\d+)\["([^"<>`\n]*)"\]$/.exec(line);
    const edge = /^ {2}(t\d+) --> (t\d+)$/.exec(line);
    const style =
      /^ {2}classDef (\w+) fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},color:#[0-9a-f]{6}(,stroke-dasharray:\d+ \d+)?$/.exec(
        line,
      );
    const member = /^ {2}class (t\d+(?:,t\d+)*) (\w+)$/.exec(line);
    if (node) {
      const [, id, label] = node as unknown as [string, string, string];
      expect(chart.nodes.has(id)).toBe(false);
      chart.nodes.set(
        id,
        label.replace(/#(\w+);/g, (_, code) => entity(code)),
      );
    } else if (edge) chart.edges.push([edge[1] as string, edge[2] as string]);
    else if (style) declared.add(style[1] as string);
    else if (member) {
      expect(declared.has(member[2] as string)).toBe(true);
      for (const id of (member[1] as string).split(",")) chart.classes.set(id, member[2] as string);
    } else throw new Error(`not in the flowchart subset: ${JSON.stringify(line)}`);
  }
  for (const id of [...chart.edges.flat(), ...chart.classes.keys()]) expect(chart.nodes.has(id)).toBe(true);
  return chart;
}

function entity(code: string): string {
  const named: Record<string, string> = { quot: '"', amp: "&", lt: "<", gt: ">" };
  return named[code] ?? String.fromCodePoint(Number(code));
}

const ids = (tasks: TaskResult[]) => new Map(tasks.map((t, i) => [t.name, `t${i}`]));

describe("renderDiagram", () => {
  const { tasks } = censusRun();
  const block = renderDiagram(tasks, none);

  it("draws one node per task, labelled and classed by status, and one edge per need", () => {
    const chart = readFlowchart(block);
    expect([...chart.nodes.values()]).toEqual([
      "✅\u00a0CollectResponses",
      "✅\u00a0AnalyzeData",
      "🛑\u00a0GovernanceReview",
      "⏭️\u00a0UpdatePolicy",
      "⏭️\u00a0RefreshDashboard",
    ]);
    expect([...chart.classes.values()]).toEqual(["success", "success", "rejected", "skipped", "skipped"]);
    const id = ids(tasks);
    expect(chart.edges).toEqual(tasks.flatMap((t) => t.needs.map((n) => [id.get(n), id.get(t.name)])));
  });

  it("colours what waits for review apart, and marks a replayed success", async () => {
    const waiting = readFlowchart(renderDiagram(censusWaitingRun().tasks, none));
    expect([...waiting.nodes.values()].slice(2)).toEqual([
      "⏸️\u00a0GovernanceReview",
      "⏸️\u00a0UpdatePolicy",
      "⏸️\u00a0RefreshDashboard",
    ]);
    expect([...waiting.classes.values()]).toEqual(["success", "success", "waiting", "waiting", "waiting"]);
    expect(renderDiagram(censusWaitingRun().tasks, none)).toContain("classDef waiting fill:#ddf4ff");
    const resumed = readFlowchart(renderDiagram(censusResumedRun().tasks, none));
    expect([...resumed.nodes.values()].slice(0, 3)).toEqual([
      "♻️\u00a0CollectResponses",
      "♻️\u00a0AnalyzeData",
      "✅\u00a0GovernanceReview",
    ]);
    expect(new Set(resumed.classes.values())).toEqual(new Set(["success"]));
  });

  it("is a flowchart Mermaid itself accepts", async () => {
    const body = block.split("\n").slice(1, -1).join("\n");
    await expect(mermaid.parse(body)).resolves.toMatchObject({ diagramType: "flowchart-v2" });
  });

  it("stays well formed whatever the task names and statuses", async () => {
    const name = fc.string({ unit: "binary", minLength: 1, maxLength: 20 });
    const taskList = fc.uniqueArray(fc.tuple(name, fc.constantFrom(...STATUSES)), {
      minLength: 1,
      maxLength: 8,
      selector: ([n]) => n,
    });
    await fc.assert(
      fc.asyncProperty(taskList, async (list) => {
        const tasks = list.map(([n, status], i) =>
          task(n, {
            status,
            needs: list
              .slice(0, i)
              .map(([x]) => x)
              .slice(-2),
          }),
        );
        const block = renderDiagram(tasks, none);
        const chart = readFlowchart(block);
        expect([...chart.nodes.values()]).toEqual(
          tasks.map((t) => `${STATUS_EMOJI[t.status]}\u00a0${oneLine(t.name)}`),
        );
        expect(chart.edges).toHaveLength(tasks.reduce((sum, t) => sum + t.needs.length, 0));
        await mermaid.parse(block.split("\n").slice(1, -1).join("\n"));
      }),
      { numRuns: 40 },
    );
  });

  it("cuts long names, so 200 tasks stay within Mermaid's 50,000 characters", () => {
    const tasks = Array.from({ length: 200 }, (_, i) =>
      task(`T${i}_${"x".repeat(500)}`, { needs: i ? [`T${i - 1}_${"x".repeat(500)}`] : [] }),
    );
    const block = renderDiagram(tasks, none);
    expect(block.length).toBeLessThan(50_000);
    expect(readFlowchart(block).nodes.get("t7")).toBe(`✅\u00a0T7_${"x".repeat(56)}…`);
  });

  it("masks a secret even in a task's name", () => {
    expect(renderDiagram([task("Use_hunter2")], textRedactor(["hunter2"]))).toContain(
      't0["✅\u00a0Use_***"]',
    );
  });
});

describe("diagramOmission", () => {
  it("leaves the diagram out above 200 tasks, and says so", () => {
    const many = Array.from({ length: MAX_DIAGRAM_TASKS + 1 }, (_, i) => task(`T${i}`));
    expect(diagramOmission(many.slice(1))).toBeNull();
    expect(diagramOmission(many)).toBe("The diagram is left out: 201 tasks is more than 200.");
  });

  it("leaves it out when Mermaid would refuse its edges", () => {
    const names = Array.from({ length: 40 }, (_, i) => `T${i}`);
    const dense = names.map((n) => task(n, { needs: names.filter((x) => x < n) }));
    expect(diagramOmission(dense)).toMatch(
      /^The diagram is left out: \d+ needs is more than the 500 edges Mermaid draws\.$/,
    );
  });
});
