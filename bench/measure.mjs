// Runs one process and measures it from spawn to exit: wall time, CPU time (user + system)
// and peak RSS. Where /usr/bin/time exists (GNU time) every run goes through it, so that all
// tools pay its ~1 ms alike; elsewhere peak RSS is VmHWM polled from /proc/<pid>/status and
// CPU time is not known.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

const GNU_TIME = "/usr/bin/time";
const KEEP_CHARS = 64 * 1024 * 1024;

/** How peak RSS is measured on this machine, for the report. */
export const rssMethod = () => (existsSync(GNU_TIME) ? "GNU time" : "/proc/<pid>/status VmHWM");

/**
 * @param {{ command: string, args: string[], cwd?: string, env?: Record<string,string>,
 *   rss?: boolean, timeoutMs?: number }} run (`rss`: poll /proc when GNU time is missing)
 * @returns {Promise<{ ms: number, cpuMs: number | null, code: number | null, signal: string | null,
 *   stdout: string, stderr: string, rssKb: number | null, timedOut: boolean }>}
 */
export async function measure(run) {
  const useTime = existsSync(GNU_TIME);
  const timeDir = useTime ? await mkdtemp(path.join(tmpdir(), "mgmt-bench-time-")) : null;
  const timeFile = timeDir && path.join(timeDir, "time.txt");
  const [command, args] = useTime
    ? [GNU_TIME, ["-f", "%U %S %M", "-o", timeFile, run.command, ...run.args]]
    : [run.command, run.args];
  const started = process.hrtime.bigint();
  // A group of its own, so that a timeout kills the tool and not only GNU time in front of it.
  const child = spawn(command, args, {
    cwd: run.cwd,
    env: run.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  // Every tool's output is read (so none blocks on a full pipe) and kept for checks and errors.
  child.stdout.on("data", (chunk) => {
    if (stdout.length < KEEP_CHARS) stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    if (stderr.length < KEEP_CHARS) stderr += chunk;
  });
  let polledKb = null;
  const poll =
    run.rss && !useTime
      ? setInterval(async () => {
          const kb = await vmHwmKb(child.pid);
          if (kb !== null) polledKb = Math.max(polledKb ?? 0, kb);
        }, 20)
      : undefined;
  let timedOut = false;
  const killer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      child.kill("SIGKILL");
    }
  }, run.timeoutMs ?? 600_000);
  const [code, signal] = await new Promise((resolve) => {
    child.on("close", (c, s) => resolve([c, s]));
    child.on("error", (error) => {
      stderr += `cannot start ${command}: ${error.message}`;
      resolve([null, "spawn error"]);
    });
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  clearTimeout(killer);
  clearInterval(poll);
  let rssKb = polledKb;
  let cpuMs = null;
  if (timeFile) {
    // The last line: GNU time writes "Command exited with non-zero status N" before it.
    const last = (await readFile(timeFile, "utf8").catch(() => "")).trim().split("\n").at(-1) ?? "";
    const match = /^([\d.]+) ([\d.]+) (\d+)$/.exec(last);
    if (match) {
      cpuMs = (Number(match[1]) + Number(match[2])) * 1000;
      rssKb = Number(match[3]);
    }
    await rm(timeDir, { recursive: true, force: true });
  }
  return { ms, cpuMs, code, signal, stdout, stderr, rssKb, timedOut };
}

async function vmHwmKb(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
