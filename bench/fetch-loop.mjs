// The baseline: what a hand-written script would do for the same work, in a process of its
// own, with fetch(). The same requests mgmt sends (SPEC §4 headers and body). Without a
// concurrency, a chain: one after another, `params.prev` the previous answer's token and
// `input` the previous answer. With one, a fan-out: independent requests, that many in flight.
// Usage: node bench/fetch-loop.mjs <base url> <tasks> <delay ms> [concurrency]
// Prints "… in <ms> ms": the time of the requests alone, without Node's startup.
import { actionFor, bodyFor, headersFor, taskName } from "./workflows.mjs";

const [base, countText, delayText, concurrencyText] = process.argv.slice(2);
const count = Number(countText);
const action = actionFor(Number(delayText));

async function call(i, previous) {
  const task = taskName(i);
  const response = await fetch(`${base}/${action}`, {
    method: "POST",
    headers: headersFor(task),
    body: JSON.stringify(bodyFor(task, action, previous?.token ?? null, previous)),
  });
  if (!response.ok) throw new Error(`${task}: HTTP ${response.status}`);
  return response.json();
}

const started = performance.now();
if (concurrencyText) {
  let next = 1;
  const worker = async () => {
    while (next <= count) await call(next++, null);
  };
  await Promise.all(Array.from({ length: Number(concurrencyText) }, worker));
  console.log(`fetch pool: ${count} requests in ${(performance.now() - started).toFixed(0)} ms`);
} else {
  let previous = null;
  for (let i = 1; i <= count; i++) previous = await call(i, previous);
  const ms = (performance.now() - started).toFixed(0);
  console.log(`fetch loop: ${count} requests in ${ms} ms, last token ${previous?.token}`);
}
