import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { validateCommand } from "../../src/cli/validate.js";

/** A folder with these files; returns its path. */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "mgmt-validate-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

async function validate(target: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await validateCommand(target, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const ENDPOINTS = 'endpoints:\n  S: { url: "http://127.0.0.1:1" }\n';

test("a valid folder exits 0 and names its workflows", async () => {
  const dir = folder({
    "a.yml": "id: A\ntasks:\n  - { name: One, service: S, action: go }\n",
    "b.json": '{ "id": "B", "tasks": [{ "name": "One", "service": "S", "action": "go" }] }',
    "endpoints.yml": ENDPOINTS,
  });
  expect(await validate(dir)).toEqual({ code: 0, out: ["2 valid workflows (A, B), 0 warnings"], err: [] });
});

test("every problem of every file is printed with file:line:column, severity and field; exit 2", async () => {
  const dir = folder({
    "a.yml":
      "id: A\ntasks:\n  - { name: One, service: S, action: go, depends_on: [X] }\n  - { name: Two, service: Nope, action: go }\n",
    "b.yml":
      "id: B\ntasks:\n  - { name: One, service: S, action: go, if: 'tasks.Two.outputs' }\n  - { name: Two, service: S, action: go }\n",
    "endpoints.yml": ENDPOINTS,
  });
  const { code, out, err } = await validate(dir);
  expect(code).toBe(2);
  expect(err).toEqual([
    `${path.join(dir, "a.yml")}:3:42: error: tasks[0].depends_on: unknown field "depends_on" (did you mean "needs"?)`,
    `${path.join(dir, "a.yml")}:4:27: error: tasks[1].service: no endpoint named "Nope" (known: S)`,
    `${path.join(dir, "b.yml")}:3:46: error: tasks[0].if: reads tasks.Two, which is not among its direct or indirect needs (in "\${{ tasks.Two.outputs }}")`,
  ]);
  expect(out).toEqual([`3 errors, 0 warnings in ${dir}`]);
});

test("a problem in a shared endpoints file is printed once, not once per workflow", async () => {
  const dir = folder({
    "a.yml": "id: A\ntasks:\n  - { name: One, service: S, action: go }\n",
    "b.yml": "id: B\ntasks:\n  - { name: One, service: S, action: go }\n",
    "endpoints.yml": 'endpoints:\n  S: { url: "ftp://h" }\n',
  });
  const { code, err } = await validate(dir);
  expect(code).toBe(2);
  expect(err).toEqual([
    `${path.join(dir, "endpoints.yml")}:2:13: error: endpoints.S.url: must be an http or https URL`,
  ]);
});

test("a missing target is an error, not a crash", async () => {
  const { code, err } = await validate("/nonexistent/flows");
  expect(code).toBe(2);
  expect(err).toEqual(["/nonexistent/flows:1:1: error: (file): no such file or folder: /nonexistent/flows"]);
});
