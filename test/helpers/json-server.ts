/**
 * json-server 0.17.4 as a real REST API for tests: a child process on a free 127.0.0.1 port,
 * serving a temp copy of a db that it writes back on every change. Call it inside a test:
 * the server is stopped, and its folder removed, when the test finishes.
 *
 *   const api = await startJsonServer({ policies: [{ id: 1, threshold: 0.5 }] });
 *   await fetch(api.url("/policies/1"));
 *   await api.readDb(); // what json-server wrote back
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import { onTestFinished } from "vitest";
import { tempDir } from "./temp-dir.js";

const BIN = createRequire(import.meta.url).resolve("json-server/lib/cli/bin.js");
const START_TIMEOUT_MS = 15_000;
/** Another process may take the port between our probe and json-server's listen: try again. */
const PORT_TRIES = 5;
/** Enough of json-server's output to explain a failed start. */
const OUTPUT_TAIL_CHARS = 4000;

export interface JsonServer {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** The origin followed by `path`. */
  url(path?: string): string;
  /** The db file json-server serves and writes back. */
  dbFile: string;
  /** The db file as json-server last wrote it. */
  readDb(): Promise<Record<string, unknown>>;
  /** Stops the process; stopping twice is harmless. */
  stop(): Promise<void>;
}

/** Starts json-server on a copy of `db` (the data, or the path of a db.json); stopped after the test. */
export async function startJsonServer(db: Record<string, unknown> | string): Promise<JsonServer> {
  const dir = await tempDir("mgmt-json-server-");
  const dbFile = path.join(dir, "db.json");
  const text = typeof db === "string" ? await readFile(db, "utf8") : JSON.stringify(db, null, 2);
  await writeFile(dbFile, text);
  let lastError: Error | undefined;
  for (let tries = 0; tries < PORT_TRIES; tries++) {
    const port = await freePort();
    const started = await launch(dir, dbFile, port);
    if (started.ok) {
      const server = handleOf(started.child, port, dbFile);
      // Registered after tempDir's removal, so it runs first: the process must not write into a removed folder.
      onTestFinished(() => server.stop());
      return server;
    }
    lastError = new Error(`json-server did not start on port ${port}: ${started.why}`);
    if (!started.portTaken) break;
  }
  throw lastError;
}

/** A port the system just gave us, closed again for json-server to take. */
async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, "close");
  return port;
}

type Launched = { ok: true; child: ChildProcess } | { ok: false; why: string; portTaken: boolean };

async function launch(cwd: string, dbFile: string, port: number): Promise<Launched> {
  // cwd is the temp folder: json-server reads json-server.json and serves ./public from there.
  const child = spawn(process.execPath, [BIN, dbFile, "--port", String(port), "--host", "127.0.0.1"], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = once(child, "exit");
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const why = `it exited (${child.exitCode ?? child.signalCode}): ${output.trim()}`;
      return { ok: false, why, portTaken: /Cannot bind/.test(output) };
    }
    if (await answers(`http://127.0.0.1:${port}/db`)) return { ok: true, child };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill("SIGKILL");
  await exited;
  return { ok: false, why: `no answer within ${START_TIMEOUT_MS} ms: ${output.trim()}`, portTaken: false };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

function handleOf(child: ChildProcess, port: number, dbFile: string): JsonServer {
  const origin = `http://127.0.0.1:${port}`;
  const exited = once(child, "exit");
  return {
    origin,
    url: (p = "/") => `${origin}${p}`,
    dbFile,
    readDb: async () => JSON.parse(await readFile(dbFile, "utf8")) as Record<string, unknown>,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}
