// The bundled action against an endpoint that answers what no well-behaved API would: huge or
// deep JSON, absurd Retry-After, links and bidi controls in errors, redirects with
// credentials. Each run must still end with its record, and read sanely.
import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { type FaultServer, type Reply, redirect, startFaultServer } from "../helpers/fault-server.js";
import { type ActionRun, runAction } from "../helpers/run-action.js";
import { allTokens, tablesOf } from "../report/markdown-view.js";

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server answering each action (the last part of the path) with its own reply. */
async function serve(replies: Record<string, Reply>): Promise<FaultServer> {
  server = await startFaultServer();
  server.handle((request) => replies[request.path.split("/").pop() ?? ""] ?? { status: 404 });
  return server;
}

/** Runs `tasks` (YAML lines) against the server, as one definition in the workspace. */
function runTasks(tasks: string, s: FaultServer): Promise<ActionRun> {
  const definition = `id: Hostile\nendpoints: { S: { url: "${s.url("/api")}" } }\ntasks:\n${tasks}`;
  return runAction({ inputs: { workflow: "flow.yml" }, files: { "flow.yml": definition } });
}

interface TaskRecord {
  name: string;
  status: string;
  error: string | null;
  outputs: unknown;
  attempts: number;
}
async function tasksOf(run: ActionRun): Promise<TaskRecord[]> {
  const results = JSON.parse(await readFile(run.outputs["results-file"] as string, "utf8"));
  return results.runs[0].tasks;
}
const bodyOf = (s: FaultServer, action: string) =>
  JSON.parse(s.requests.find((r) => r.path.endsWith(`/${action}`))?.text ?? "null");

/** The Detail cell of a task's row in the summary's table, as marked reads it. */
function detailCell(summary: string, task: string) {
  const table = tablesOf(summary)[0];
  const detail = table?.header.findIndex((cell) => cell.text === "Detail") ?? -1;
  const row = table?.rows.find((cells) => cells[0]?.text === task);
  const cell = row?.[detail];
  if (!cell) throw new Error(`no Detail cell for ${task} in:\n${summary}`);
  return cell;
}

describe("a large or deep answer never loses the run's record", () => {
  it("a list of 70,000 items (1.3 MB) is read by later tasks' expressions, and the run succeeds", async () => {
    const items = Array.from({ length: 70_000 }, (_, i) => ({ id: i, v: i % 10 }));
    const s = await serve({ list: { json: { items } }, echo: { json: { ok: true } } });
    const run = await runTasks(
      `  - { name: A, service: S, action: list }
  - { name: B, service: S, action: echo, with: { n: "\${{ tasks.A.outputs.items[69999].id }}" } }
  - { name: C, service: S, action: echo, needs: [A], with: { all: "\${{ toJSON(tasks.A.outputs) }}" } }
`,
      s,
    );
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe("success");
    expect(bodyOf(s, "echo").params.n).toBe(69_999);
    const calls = s.requests.filter((r) => r.path.endsWith("/echo")).map((r) => JSON.parse(r.text));
    const all = calls.find((body) => body.task === "C")?.params.all;
    expect(JSON.parse(all).items).toHaveLength(70_000);
    const [a] = await tasksOf(run);
    expect((a?.outputs as { items: unknown[] }).items).toHaveLength(70_000);
  });

  it("an answer nested 3,000 deep fails its task by the depth limit; status, summary and results are written", async () => {
    const deep = "[".repeat(3000) + "]".repeat(3000);
    const s = await serve({
      deep: { body: deep, headers: { "Content-Type": "application/json" } },
      echo: { json: {} },
    });
    const run = await runTasks(
      `  - { name: Deep, service: S, action: deep }
  - { name: After, service: S, action: echo }
`,
      s,
    );
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe("failure");
    expect(run.outputs["failed-tasks"]).toBe("Deep");
    const [deepTask, after] = await tasksOf(run);
    expect(deepTask?.error).toMatch(/nests deeper than 100 levels/);
    expect(after?.status).toBe("skipped");
    expect(run.summary).toContain("nests deeper than 100 levels");
    expect(run.stdout).not.toMatch(/bug|unexpectedly/);
  });
});

describe("endpoint text reads sanely in the record", () => {
  it("Retry-After: 99999999999 fails the task at once, in words without exponents", async () => {
    const s = await serve({ slow: { status: 503, headers: { "Retry-After": "99999999999" } } });
    const run = await runTasks("  - { name: Slow, service: S, action: slow }\n", s);
    expect(run.outputs.status).toBe("failure");
    expect(s.requests).toHaveLength(1);
    const [slow] = await tasksOf(run);
    expect(slow?.error).toContain("Retry-After");
    // The trace id is hex, where "9e4" is no exponent: it is left out of the look.
    for (const text of [slow?.error ?? "", run.summary, run.stdout]) {
      expect(text.replace(/\b[0-9a-f]{32}\b/g, "")).not.toMatch(/\de[+-]?\d|NaN|Infinity|\d{8,}/);
    }
  });

  it("URLs in an error are shown as text in the summary's Detail cell, never as links", async () => {
    const text = "see https://evil.example/x and www.evil.example";
    const s = await serve({ linky: { status: 400, body: text } });
    const run = await runTasks("  - { name: Linky, service: S, action: linky }\n", s);
    expect(run.outputs.status).toBe("failure");
    const cell = detailCell(run.summary, "Linky");
    expect(allTokens(cell.tokens).map((t) => t.type)).not.toContain("link");
    // Still there, as plain text.
    const shown = cell.tokens.map((t) => ("text" in t ? t.text : "")).join("");
    expect(shown).toContain("https://evil.example/x and www.evil.example");
  });

  it("bidirectional controls in an error never reach the summary", async () => {
    const s = await serve({ bidi: { status: 400, body: "invoice \u202Eexe.pdf\u202C and \u2066x\u2069" } });
    const run = await runTasks("  - { name: Bidi, service: S, action: bidi }\n", s);
    expect(run.outputs.status).toBe("failure");
    expect(run.summary).toContain("invoice");
    expect(run.summary).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
  });

  it("a 307 to the same origin with user:pass@ fails after exactly one request", async () => {
    server = await startFaultServer();
    const s = server;
    s.handle((request) =>
      request.path.endsWith("/start") ? redirect(`http://user:pass@${s.origin.slice(7)}/api/next`) : {},
    );
    const run = await runTasks("  - { name: Creds, service: S, action: start }\n", s);
    expect(run.outputs.status).toBe("failure");
    expect(s.requests.map((r) => r.path)).toEqual(["/api/start"]);
    const [creds] = await tasksOf(run);
    expect(creds?.attempts).toBe(1);
    expect(creds?.error).toMatch(/^HTTP 307 redirect to a URL with credentials is not followed/);
  });
});
