import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { parseWorkflow } from "../../src/definition/load.js";
import { formatProblem } from "../../src/definition/problem.js";
import { systemClock } from "../../src/engine/clock.js";
import { prepareRun } from "../../src/engine/prepare.js";
import { runWorkflow } from "../../src/engine/run.js";
import { createHttpCall } from "../../src/transport/http-call.js";
import {
  type FaultServer,
  type RecordedRequest,
  type Reply,
  startFaultServer,
} from "../helpers/fault-server.js";

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(() => server.close());

/** Answers by the called action (the last path segment); unknown actions echo `{ ok: true }`. */
function answerBy(replies: Record<string, Reply | ((body: CallBody) => Reply)>) {
  server.handle((request) => {
    const reply = replies[actionOf(request)] ?? { json: { ok: true } };
    return typeof reply === "function" ? reply(bodyOf(request)) : reply;
  });
}

interface CallBody {
  task: string;
  params: Record<string, unknown>;
  input: unknown;
}
const actionOf = (request: RecordedRequest) => request.path.slice(request.path.lastIndexOf("/") + 1);
const bodyOf = (request: RecordedRequest) => JSON.parse(request.text) as CallBody;
const bodyFor = (task: string) => server.requests.map(bodyOf).find((body) => body.task === task);

/** Definition text -> plan -> prepared run -> result, over real sockets. */
async function runYaml(tasks: string, top = "", params: Record<string, unknown> = {}) {
  const endpoints = `endpoints:\n  S: { url: "${server.origin}/svc" }\n  Gov: { url: "${server.origin}/gov" }\n`;
  const { plan, problems } = parseWorkflow("dag.yml", `id: Dag\n${top}${endpoints}tasks:\n${tasks}`);
  if (!plan) throw new Error(problems.map(formatProblem).join("\n"));
  const startedAt = new Date("2024-06-01T06:00:00Z");
  const prepared = prepareRun(plan, {
    runId: "run-1",
    trigger: "cli",
    startedAt,
    env: { SECRET: "hunter22" },
    github: {},
    params: [params],
  });
  if (!prepared.ok) throw new Error(prepared.errors.join("\n"));
  const result = await runWorkflow(prepared.run, {
    call: createHttpCall({ clock: systemClock }),
    clock: systemClock,
  });
  const status = Object.fromEntries(result.tasks.map((t) => [t.name, t.status]));
  return { result, status };
}

/** Groups arrival times into waves: a gap of more than `gapMs` starts a new wave. */
function waves(arrivals: number[], gapMs: number): number[][] {
  const sorted = [...arrivals].sort((a, b) => a - b);
  const groups: number[][] = [];
  sorted.forEach((at, i) => {
    if (i === 0 || at - (sorted[i - 1] as number) > gapMs) groups.push([at]);
    else groups[groups.length - 1]?.push(at);
  });
  return groups;
}

describe("a DAG over real HTTP", () => {
  test("8 tasks of 400 ms after one start task, at concurrency 4, run in two waves of 4", async () => {
    answerBy(
      Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`work${i}`, { delayMs: 400, json: { i } }])),
    );
    const fanOut = Array.from(
      { length: 8 },
      (_, i) => `  - { name: W${i}, service: S, action: work${i}, needs: [Start] }`,
    );
    const { result } = await runYaml(
      ["  - { name: Start, service: S, action: start }", ...fanOut].join("\n"),
      "concurrency: 4\n",
    );

    expect(result.status).toBe("success");
    const start = server.requests.find((r) => actionOf(r) === "start") as RecordedRequest;
    const work = server.requests.filter((r) => actionOf(r).startsWith("work"));
    expect(work).toHaveLength(8);
    const grouped = waves(
      work.map((r) => r.arrivedAt),
      200,
    );
    expect(grouped.map((wave) => wave.length)).toEqual([4, 4]);
    // A second-wave call can only start once a first-wave answer (400 ms) has freed a slot.
    const [first, second] = grouped as [number[], number[]];
    expect(Math.min(...second) - Math.min(...first)).toBeGreaterThanOrEqual(395);
    expect(Math.min(...first)).toBeGreaterThanOrEqual(start.arrivedAt);
  });

  test("a gate's approved and reasons steer later ifs and reach later params", async () => {
    answerBy({ review: { json: { approved: false, reasons: ["budget", "scope"] } } });
    const { status, result } = await runYaml(`  - { name: Analyze, service: S, action: analyze }
  - { name: Review, layer: Gov, action: review }
  - name: Publish
    service: S
    action: publish
    if: \${{ tasks.Review.outputs.approved }}
  - name: Escalate
    service: S
    action: escalate
    needs: [Review]
    if: \${{ always() && !tasks.Review.outputs.approved && contains(tasks.Review.outputs.reasons, 'budget') }}
    with: { why: "\${{ join(tasks.Review.outputs.reasons, ', ') }}" }
`);
    expect(status).toEqual({
      Analyze: "success",
      Review: "rejected",
      Publish: "skipped",
      Escalate: "success",
    });
    expect(result.status).toBe("rejected");
    expect(bodyFor("Escalate")?.params).toEqual({ why: "budget, scope" });
    expect(bodyFor("Escalate")?.input).toEqual({ approved: false, reasons: ["budget", "scope"] });
  });

  test("an approving gate lets `if: tasks.Review.outputs.approved` through", async () => {
    answerBy({ review: { json: { approved: true } } });
    const { status } = await runYaml(`  - { name: Review, layer: Gov, action: review }
  - { name: Publish, service: S, action: publish, if: "\${{ tasks.Review.outputs.approved }}" }
`);
    expect(status).toEqual({ Review: "success", Publish: "success" });
  });

  test("always() runs after a failure; the failed branch is skipped, the other keeps going", async () => {
    answerBy({ collect: { status: 500, body: "down" } });
    const { status, result } = await runYaml(`  - { name: Collect, service: S, action: collect, retry: false }
  - { name: Use, service: S, action: use }
  - { name: Cleanup, service: S, action: cleanup, needs: [Collect], if: always() }
  - { name: Other, service: S, action: other, needs: [] }
`);
    expect(status).toEqual({ Collect: "failure", Use: "skipped", Cleanup: "success", Other: "success" });
    expect(result.tasks.find((t) => t.name === "Collect")?.error).toMatch(/HTTP 500: down/);
    expect(bodyFor("Cleanup")?.input).toBeNull();
  });

  test("with values keep their type when whole, format() and run.date work, data is never evaluated", async () => {
    answerBy({ first: { json: { echo: "${{ env.SECRET }}", n: 7 } } });
    await runYaml(
      `  - { name: First, service: S, action: first }
  - name: Second
    service: S
    action: second
    with:
      count: \${{ params.count }}
      answer: \${{ tasks.First.outputs.n }}
      label: "n=\${{ params.count }}"
      title: \${{ format('{0} on {1}', run.workflow, run.date) }}
      day: \${{ run.date }}
      note: \${{ params.note }}
      echoed: \${{ tasks.First.outputs.echo }}
`,
      "params: { count: 3 }\n",
      { note: "${{ env.SECRET }}" },
    );
    expect(bodyFor("Second")?.params).toEqual({
      count: 3,
      note: "${{ env.SECRET }}",
      answer: 7,
      label: "n=3",
      title: "Dag on 2024-06-01",
      day: "2024-06-01",
      echoed: "${{ env.SECRET }}",
    });
    expect(server.requests.map((r) => r.text).join("")).not.toContain("hunter22");
  });
});
