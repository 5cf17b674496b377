// Starts bench/server.mjs as a child process and talks to its /stats and /reset.
import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "./tools.mjs";

export async function startServer(node) {
  const child = spawn(node, [path.join(ROOT, "bench/server.mjs")], { stdio: ["pipe", "pipe", "inherit"] });
  const port = await new Promise((resolve, reject) => {
    let text = "";
    child.once("exit", (code) => reject(new Error(`bench server exited (${code}) before listening`)));
    child.stdout.on("data", (chunk) => {
      text += chunk;
      const line = text.split("\n")[0];
      if (text.includes("\n")) resolve(JSON.parse(line).port);
    });
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    reset: async () => {
      await (await fetch(`${base}/reset`, { method: "POST" })).json();
    },
    stats: async () => (await fetch(`${base}/stats`)).json(),
    stop: () => {
      child.stdin.end();
      child.kill();
    },
  };
}
