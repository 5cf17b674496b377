// The baseline: what a hand-written script would do for the same chain, in a process of its
// own. The same requests mgmt sends (SPEC §4 headers and body, `params.prev` taken from the
// previous answer's token, `input` the previous answer), one after another, with fetch().
// Usage: node bench/fetch-loop.mjs <base url> <tasks> <delay ms>
import { actionFor, BENCH_RUN, BENCH_WORKFLOW, taskName } from "./workflows.mjs";

const [base, countText, delayText] = process.argv.slice(2);
const count = Number(countText);
const action = actionFor(Number(delayText));
let previous = null;
for (let i = 1; i <= count; i++) {
  const task = taskName(i);
  const params = previous === null ? {} : { prev: previous.token };
  const response = await fetch(`${base}/${action}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json",
      "Idempotency-Key": `"${BENCH_RUN}:${BENCH_WORKFLOW}:${task}"`,
      "X-Mgmt-Workflow": BENCH_WORKFLOW,
      "X-Mgmt-Task": task,
      "X-Mgmt-Run": BENCH_RUN,
      "X-Mgmt-Attempt": "1",
    },
    body: JSON.stringify({ workflow: BENCH_WORKFLOW, run: BENCH_RUN, task, action, params, input: previous }),
  });
  if (!response.ok) throw new Error(`${task}: HTTP ${response.status}`);
  previous = await response.json();
}
console.log(`fetch loop: ${count} requests, last token ${previous?.token}`);
