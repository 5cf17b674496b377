// Random hostile JSON, deep, wide and full of runner commands, bidi controls and a secret in
// its encoded forms, as a task's answer and as a repository_dispatch client_payload: every run
// of the bundled action ends with its record, and the secret shows nowhere.
import { readFile } from "node:fs/promises";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { type FaultServer, startFaultServer } from "../helpers/fault-server.js";
import { runAction } from "../helpers/run-action.js";
import { CANARY, placesOf, secretSightings } from "../helpers/secret-forms.js";

const base64 = (text: string) => Buffer.from(text).toString("base64");

/** Text that means something to the runner, to markdown, or to a terminal; and the secret, encoded. */
const HOSTILE = [
  "::set-output name=status::success",
  "##[add-mask]failure",
  "\n::stop-commands::tok\n::error::x",
  "a\r::warning::y\r\nb",
  "\u202Egnp.exe\u202C \u2066x\u2069",
  "</details><script>x</script>",
  "${{ env.API_TOKEN }}",
  CANARY,
  CANARY.replace(/\s+/g, " "),
  JSON.stringify(CANARY).slice(1, -1).replaceAll("/", "\\/"),
  encodeURIComponent(CANARY),
  base64(`${CANARY}:tail`),
  base64(`k:${CANARY}`),
  base64(`ke:${CANARY}`),
];

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ maxLength: 6, unit: "binary" }),
  fc.constantFrom(...HOSTILE),
  fc
    .tuple(fc.string({ maxLength: 4 }), fc.constantFrom(...HOSTILE), fc.string({ maxLength: 4 }))
    .map((parts) => parts.join("")),
);
const leaf = fc.oneof(
  text,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const { small } = fc.letrec((tie) => ({
  small: fc.oneof(
    { maxDepth: 3 },
    leaf,
    fc.array(tie("small"), { maxLength: 4 }),
    fc.dictionary(text, tie("small"), { maxKeys: 4 }),
  ),
}));
/** Up to 20,000 items, a few values repeated: wide without costing the generator much. */
const wide = fc
  .tuple(fc.integer({ min: 0, max: 20_000 }), fc.array(leaf, { minLength: 1, maxLength: 6 }))
  .map(([length, items]) => Array.from({ length }, (_, i) => items[i % items.length]));
/** A value wrapped in up to 150 arrays and objects; shallow ones more often, so both sides of the limit come up. */
const deep = fc
  .tuple(
    fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 150 })),
    fc.oneof(small, wide),
    text,
  )
  .map(([levels, value, key]) => {
    let nested: unknown = value;
    for (let i = 0; i < levels; i++) nested = i % 2 ? [nested] : { [key]: nested };
    return nested;
  });

/** How many arrays and objects the deepest path passes through. */
function nesting(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [current, depth] = item;
    if (current === null || typeof current !== "object") continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("random hostile JSON as an answer and as a client_payload", () => {
  it("every run ends with its record, and the secret in no form anywhere", { timeout: 180_000 }, async () => {
    server = await startFaultServer();
    const s = server;
    const definition = `id: Random
on: { repository_dispatch: { types: [random] } }
endpoints:
  S:
    url: "${s.url("/api")}"
    headers: { Authorization: "Bearer \${{ env.API_TOKEN }}" }
tasks:
  - { name: Answer, service: S, action: answer, retry: false }
`;
    const property = fc.asyncProperty(deep, deep, async (answer, payload) => {
      s.reply({ json: answer });
      const before = s.requests.length;
      const clientPayload = { data: payload };
      const run = await runAction({
        event: { name: "repository_dispatch", payload: { action: "random", client_payload: clientPayload } },
        inputs: { workflow: "workflows" },
        files: { "workflows/random.yml": definition },
        env: { API_TOKEN: CANARY },
      });
      expect([0, 1]).toContain(run.exitCode);
      expect(run.stdout).not.toMatch(/a bug; please report it/);
      expect(secretSightings(CANARY, await placesOf(run))).toEqual([]);
      const results = JSON.parse(await readFile(run.outputs["results-file"] as string, "utf8"));
      expect(run.summary.trim()).not.toBe("");
      if (nesting(clientPayload) > 100) {
        // Refused where it enters, before any call; the step still leaves its record.
        expect(run.exitCode).toBe(1);
        expect(run.stdout).toContain("params nest deeper than 100 levels");
        expect(s.requests.length).toBe(before);
        expect(run.outputs.status).toBe("failure");
        expect(results).toEqual({ version: 1, status: "failure", runs: [] });
        return;
      }
      expect(s.requests.length).toBe(before + 1);
      const status = nesting(answer) > 100 ? "failure" : "success";
      expect(run.outputs.status).toBe(status);
      expect(results.status).toBe(status);
      if (status === "failure") expect(results.runs[0].tasks[0].error).toContain("deeper than 100 levels");
    });
    await fc.assert(property, {
      numRuns: 12,
      // Each run is a process: shrinking would take minutes, and the values are too large to print.
      endOnFailure: true,
      reporter: (details) => {
        if (!details.failed) return;
        const [answer, payload] = details.counterexample ?? [];
        throw new Error(
          `failed with seed ${details.seed} (answer nesting ${nesting(answer)}, payload nesting ${nesting(payload)}): ${String(details.errorInstance)}`,
        );
      },
    });
  });
});
