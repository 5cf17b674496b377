// The same chain of requests written for each tool: mgmt's definition, a Step CI workflow
// and a Postman collection for Newman. Every request is `POST {base}/d/<delay>/step` with
// the SPEC §4 body; from the second on, `params.prev` is the token of the previous answer.

export const BENCH_WORKFLOW = "Bench";
export const BENCH_RUN = "bench";
const ENDPOINT = "BenchService";

export const taskName = (i) => `T${String(i).padStart(5, "0")}`;
export const actionFor = (delayMs) => `d/${delayMs}/step`;

export const headersFor = (task) => ({
  "Content-Type": "application/json",
  Accept: "application/json",
  "Idempotency-Key": `"${BENCH_RUN}:${BENCH_WORKFLOW}:${task}"`,
  "X-Mgmt-Workflow": BENCH_WORKFLOW,
  "X-Mgmt-Task": task,
  "X-Mgmt-Run": BENCH_RUN,
  "X-Mgmt-Attempt": "1",
});

export const bodyFor = (task, action, prev, input = null) => ({
  workflow: BENCH_WORKFLOW,
  run: BENCH_RUN,
  task,
  action,
  params: prev === null ? {} : { prev },
  input,
});

/** mgmt: a chain (each task needs the one before, by default) or a fan-out (`needs: []`). */
export function mgmtWorkflow({ tasks, delayMs, fanOut = false, concurrency }) {
  const action = actionFor(delayMs);
  const list = [];
  for (let i = 1; i <= tasks; i++) {
    const task = { name: taskName(i), service: ENDPOINT, action };
    if (fanOut) task.needs = [];
    else if (i > 1) task.with = { prev: `\${{ tasks.${taskName(i - 1)}.outputs.token }}` };
    list.push(task);
  }
  return { id: BENCH_WORKFLOW, ...(concurrency ? { concurrency } : {}), tasks: list };
}

export const mgmtEndpoints = (base) => ({ endpoints: { [ENDPOINT]: { url: base } } });

// Step CI's own template syntax, not a JavaScript template.
const STEPCI_TOKEN = "${{ captures.token }}";

/** Step CI: one test whose steps run in order, capturing `$.token` for the next step. */
export function stepciWorkflow(base, { tasks, delayMs }) {
  const action = actionFor(delayMs);
  const steps = [];
  for (let i = 1; i <= tasks; i++) {
    const task = taskName(i);
    steps.push({
      name: task,
      http: {
        url: `${base}/${action}`,
        method: "POST",
        headers: headersFor(task),
        json: bodyFor(task, action, i > 1 ? STEPCI_TOKEN : null),
        captures: { token: { jsonpath: "$.token" } },
        check: { status: 200 },
      },
    });
  }
  // JSON is YAML: Step CI reads this file as YAML.
  return JSON.stringify({ version: "1.1", name: BENCH_WORKFLOW, tests: { chain: { steps } } }, null, 1);
}

/** Newman: one request per task; a test script checks the status and keeps the token for the next body. */
export function newmanCollection(base, { tasks, delayMs }) {
  const action = actionFor(delayMs);
  const item = [];
  for (let i = 1; i <= tasks; i++) {
    const task = taskName(i);
    item.push({
      name: task,
      request: {
        method: "POST",
        url: `${base}/${action}`,
        header: Object.entries(headersFor(task)).map(([key, value]) => ({ key, value })),
        body: { mode: "raw", raw: JSON.stringify(bodyFor(task, action, i > 1 ? "{{token}}" : null)) },
      },
      event: [
        {
          listen: "test",
          script: {
            type: "text/javascript",
            exec: [
              'pm.test("status 200", () => pm.response.to.have.status(200));',
              'pm.collectionVariables.set("token", pm.response.json().token);',
            ],
          },
        },
      ],
    });
  }
  return {
    info: {
      name: BENCH_WORKFLOW,
      schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
    },
    item,
    variable: [{ key: "token", value: "" }],
  };
}
