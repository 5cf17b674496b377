// A secret read from env must not come back into the record through an endpoint that echoes
// it encoded, nor leave the process through a dry-run, an error, or `toJSON(env)`. Every place
// a run writes is searched for every form of it (test/helpers/secret-forms.ts).
import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import {
  type FaultServer,
  type RecordedRequest,
  type Reply,
  redirect,
  startFaultServer,
} from "../helpers/fault-server.js";
import { runAction } from "../helpers/run-action.js";
import { CANARY, placesOf, secretSightings, withoutMaskLines } from "../helpers/secret-forms.js";

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const base64 = (text: string, url = false) => Buffer.from(text).toString(url ? "base64url" : "base64");

/** Echoes the token of the request's Authorization header back, each action in another form. */
function echoToken(request: RecordedRequest, origin: string): Reply {
  const token = String(request.headers.authorization ?? "").replace(/^Bearer /, "");
  const jsonEscaped = JSON.stringify(token).slice(1, -1).replaceAll("/", "\\/");
  const elsewhere = `http://localhost:${new URL(origin).port}/next?token=${encodeURIComponent(token)}`;
  switch (request.path.split("/").pop()) {
    case "escaped":
      return { json: { note: `got ${jsonEscaped}` } };
    case "escaped-error":
      return { status: 401, body: `{"error":"bad token ${jsonEscaped}"}` };
    case "collapsed":
      return { json: { who: token.replace(/\s+/g, " ") } };
    case "spaced-error":
      return { status: 403, body: `forbidden for\n${token}\n` };
    case "moved":
      return redirect(elsewhere, 307);
    case "moved-for-good":
      return redirect(elsewhere, 308);
    case "encoded":
      return {
        json: {
          at0: base64(`id:${token}:end`),
          at1: base64(`key:${token}:end`),
          at2: base64(`auth:${token}:end`),
          url: base64(`x:${token}`, true),
        },
      };
    case "cut":
      return { status: 500, body: `${"x".repeat(186)}${token} and more` };
    default:
      return { status: 404 };
  }
}

describe("a secret echoed back in another form", () => {
  it("is in no form in the summary, outputs, results, JUnit, stdout or stderr", async () => {
    server = await startFaultServer();
    const origin = server.origin;
    server.handle((request) => echoToken(request, origin));
    const actions = [
      "escaped",
      "escaped-error",
      "collapsed",
      "spaced-error",
      "moved",
      "moved-for-good",
      "encoded",
      "cut",
    ];
    const definition = `id: Echoes
endpoints:
  S:
    url: "${server.url("/api")}"
    headers: { Authorization: "Bearer \${{ env.API_TOKEN }}" }
tasks:
${actions.map((a, i) => `  - { name: T${i}, service: S, action: ${a}, needs: [], retry: false }`).join("\n")}
`;
    const run = await runAction({
      inputs: { workflow: "echoes.yml", "junit-file": "junit.xml" },
      files: { "echoes.yml": definition },
      env: { API_TOKEN: CANARY },
    });
    // The endpoint got the secret, and every task was answered in its form.
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(
      actions.map(() => `Bearer ${CANARY}`),
    );
    expect(run.outputs.status).toBe("failure");
    const results = JSON.parse(await readFile(run.outputs["results-file"] as string, "utf8"));
    const tasks: Array<{ status: string; error: string | null }> = results.runs[0].tasks;
    expect(tasks.map((t) => t.status)).toEqual([
      "success",
      "failure",
      "success",
      "failure",
      "failure",
      "failure",
      "success",
      "failure",
    ]);
    expect(tasks[4]?.error).toMatch(/^HTTP 307 redirect to another origin is not followed/);
    expect(tasks[7]?.error).toMatch(/^HTTP 500: x{186}/);
    expect(secretSightings(CANARY, await placesOf(run, "junit.xml"), { pieces: true })).toEqual([]);
  });
});

/** A dry-run of a definition whose param `name` is `value`, with API_TOKEN set to `secret`. */
async function dryRun(name: string, value: string, secret: string) {
  const definition = `id: Planned
params: { ${name}: ${JSON.stringify(value)}, region: west }
endpoints: { S: { url: "http://127.0.0.1:9/never" } }
tasks:
  - { name: Only, service: S, action: go }
`;
  const run = await runAction({
    inputs: { workflow: "planned.yml", "dry-run": "true" },
    files: { "planned.yml": definition },
    env: { API_TOKEN: secret },
  });
  // The params were shown, with the secret (masked, or not) in them.
  expect(run.stdout).toMatch(new RegExp(`^  ${name} = "`, "m"));
  expect(run.summary).toContain(`\`${name}\``);
  return run;
}

describe("a secret leaves the process nowhere else", () => {
  it("toJSON(env) in a task's with sends neither ACTIONS_RUNTIME_TOKEN nor ACTIONS_ID_TOKEN_REQUEST_TOKEN", async () => {
    server = await startFaultServer();
    server.reply({ json: { ok: true } });
    const tokens = {
      ACTIONS_RUNTIME_TOKEN: "runtime-9c2e71b4d0",
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "oidc-5f8a03e6c1",
    };
    const definition = `id: Env
endpoints: { S: { url: "${server.url("/api")}" } }
tasks:
  - { name: Dump, service: S, action: dump, with: { env: "\${{ toJSON(env) }}" } }
`;
    const run = await runAction({
      inputs: { workflow: "env.yml" },
      files: { "env.yml": definition },
      env: { ...tokens, ACTIONS_ID_TOKEN_REQUEST_URL: "https://token.actions.example/x" },
    });
    expect(run.outputs.status).toBe("success");
    const sent = server.requests[0]?.text ?? "";
    // The job's environment did go out: the expression was evaluated.
    expect(JSON.parse(JSON.parse(sent).params.env)).toMatchObject({ GITHUB_REPOSITORY: "hms/census-ops" });
    const results = await readFile(run.outputs["results-file"] as string, "utf8");
    for (const [name, value] of Object.entries(tokens)) {
      expect(sent).not.toContain(value);
      expect(sent).not.toContain(name);
      expect(results).not.toContain(value);
    }
  });

  it("a dry-run whose definition params read env.API_TOKEN prints no secret", async () => {
    const run = await dryRun("token", "${{ env.API_TOKEN }}", CANARY);
    expect(run.exitCode).toBe(0);
    expect(secretSightings(CANARY, await placesOf(run), { pieces: true })).toEqual([]);
  });

  it("a dry-run prints no part of a multi-line secret (a PEM key) read into params", async () => {
    const key = "-----BEGIN PRIVATE KEY-----\n  MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
    const run = await dryRun("key", "${{ env.API_TOKEN }}", key);
    expect(run.exitCode).toBe(0);
    expect(secretSightings(key, await placesOf(run), { pieces: true })).toEqual([]);
  });

  it("a dry-run prints no part of a secret that a long param's cut would split", async () => {
    // Nothing JSON or whitespace would change: only the cut is tried here.
    const secret = "Plain7secret9Value3xyzQ";
    const run = await dryRun("note", `${"x".repeat(186)}\${{ env.API_TOKEN }}`, secret);
    expect(run.exitCode).toBe(0);
    expect(secretSightings(secret, await placesOf(run), { pieces: true })).toEqual([]);
  });

  it("a header whose evaluation fails (fromJSON of a non-JSON secret) prints no secret", async () => {
    const definition = `id: BadHeader
endpoints:
  S:
    url: "http://127.0.0.1:9/never"
    headers: { Authorization: "\${{ fromJSON(env.API_TOKEN) }}" }
tasks:
  - { name: Only, service: S, action: go }
`;
    const run = await runAction({
      inputs: { workflow: "bad.yml" },
      files: { "bad.yml": definition },
      env: { API_TOKEN: CANARY },
    });
    expect(run.exitCode).toBe(1);
    const lines = run.stdout.split("\n");
    const firstError = lines.findIndex((line) => line.includes("header Authorization"));
    expect(firstError).toBeGreaterThanOrEqual(0);
    // Masked with the runner before any line that could hold it.
    const mask = lines.indexOf(`::add-mask::${CANARY}`);
    expect(mask).toBeGreaterThanOrEqual(0);
    expect(mask).toBeLessThan(firstError);
    expect(
      secretSightings(
        CANARY,
        { stdout: withoutMaskLines(run.stdout), stderr: run.stderr, summary: run.summary },
        { pieces: true },
      ),
    ).toEqual([]);
  });
});
