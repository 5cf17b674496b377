import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseWorkflow } from "../../src/definition/load.js";
import { mergeParams } from "../../src/engine/inputs.js";
import { Orchestrator } from "../../src/lib.js";
import { type FaultServer, startFaultServer } from "../helpers/fault-server.js";
import { tempDir } from "../helpers/temp-dir.js";

/** What an attacker sends: JSON.parse keeps `__proto__` as an own key, ready for a naive merge. */
const HOSTILE =
  '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "date": "2024-06-01"}';

function expectCleanPrototype() {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(Object.prototype).not.toHaveProperty("polluted");
}

afterEach(() => {
  // A failing test must not leave a polluted prototype behind for the next ones.
  delete (Object.prototype as Record<string, unknown>).polluted;
});

describe("keys that reach Object.prototype", () => {
  it.each([
    [
      "with, deep",
      "id: W\ntasks:\n  - { name: A, service: S, action: a, with: { list: [{ __proto__: { polluted: yes } }] } }\n",
      "tasks[0].with.list[0].__proto__",
    ],
    [
      "params",
      'id: W\nparams: { constructor: { prototype: { polluted: "yes" } } }\ntasks: []\n',
      "params.constructor",
    ],
    [
      "an endpoint name",
      'id: W\nendpoints: { __proto__: { url: "http://h" } }\ntasks: []\n',
      "endpoints.__proto__",
    ],
    [
      "a header name",
      'id: W\nendpoints: { S: { url: "http://h", headers: { __proto__: x } } }\ntasks: []\n',
      "endpoints.S.headers.__proto__",
    ],
    ["the top level of a JSON file", HOSTILE, "__proto__"],
  ])("are refused in %s", (_where, text, field) => {
    const { plan, problems } = parseWorkflow(text.startsWith("{") ? "w.json" : "w.yml", text);
    expect(plan).toBeUndefined();
    expect(problems.map((p) => p.field)).toContain(field);
    expectCleanPrototype();
  });

  it("stay data when event params are merged", () => {
    const merged = mergeParams(undefined, [{ date: "2024-01-01" }, JSON.parse(HOSTILE)]);
    expectCleanPrototype();
    expect(merged.ok).toBe(true);
    const params = (merged as { params: Record<string, unknown> }).params;
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(Object.hasOwn(params, "__proto__")).toBe(true);
    expect(params.date).toBe("2024-06-01");
  });
});

describe("hostile data through a whole run", () => {
  let server: FaultServer | undefined;
  afterEach(() => server?.close());

  it("params and answers with __proto__ reach the endpoint as data and pollute nothing", async () => {
    server = await startFaultServer();
    server.handle((request) => (request.path === "/api/a" ? { body: HOSTILE } : { json: { ok: true } }));
    const file = path.join(await tempDir("mgmt-proto-"), "w.yml");
    const tasks =
      '  - { name: A, service: S, action: a }\n  - { name: B, service: S, action: b, with: { got: "${{ tasks.A.outputs }}" } }\n';
    await writeFile(file, `id: W\ntasks:\n${tasks}`);
    const orc = new Orchestrator({ endpoints: { S: { url: server.url("/api") } }, env: {} });
    await orc.loadWorkflow(file);
    const result = await orc.start("W", JSON.parse(HOSTILE));
    expectCleanPrototype();
    expect(result.status).toBe("success");
    const [first, second] = server.requests.map((r) => JSON.parse(r.text));
    expect(Object.hasOwn(first.params, "__proto__")).toBe(true);
    expect(second.input).toEqual(JSON.parse(HOSTILE));
    // Read through an expression, the answer is still data.
    expect(second.params.got.date).toBe("2024-06-01");
    expectCleanPrototype();
  });
});
