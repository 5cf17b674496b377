// The bench's results as markdown: medians (min–max) of whole-process wall times, the
// ratio to each case's baseline, and how each target of issue 7 came out.
import { cpus } from "node:os";
import { median, rssMethod } from "./measure.mjs";

const TARGETS = { seqVsFetch: 1.5, stepciVsMgmt: 5, fanOut: 1.1, coldMs: 150, rssMb: 150 };

const ms = (v) => (v === null ? "—" : `${Math.round(v).toLocaleString("en-US")} ms`);
const mb = (kb) => (kb === null ? "—" : `${(kb / 1024).toFixed(0)} MB`);
const times = (v) => (v === null ? "—" : `${v.toFixed(2)}×`);
const mid = (list) => (list.length ? median(list) : null);
const spread = (list) =>
  list.length > 1 ? ` (${Math.round(Math.min(...list))}–${Math.round(Math.max(...list))})` : "";
const cell = (s) => {
  if (s.failures.length && !s.ms.length) return `FAILED: ${s.failures[0].slice(0, 80)}`;
  const failed = s.failures.length ? `, ${s.failures.length} failed` : "";
  return `${ms(mid(s.ms))}${spread(s.ms)}${failed}`;
};
const ratio = (a, b) => (a === null || b === null || b === 0 ? null : a / b);
const mark = (ok) => (ok === null ? "not measured" : ok ? "met" : "**missed**");

export function renderReport(results, options) {
  const byId = Object.fromEntries(results.map((r) => [r.id, r]));
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const lines = [
    `mgmt bench — ${new Date().toISOString().slice(0, 16)}Z, ${cpu} × ${cpus().length}, tools on Node ${options.nodeVersion}` +
      ` (${options.quick ? "--quick" : "full"} run, ${Math.round(options.seconds)} s). Whole-process wall times, spawn to exit; median (min–max).`,
  ];
  if (byId.seq200 || byId.seq1000) lines.push("", ...sequential([byId.seq200, byId.seq1000].filter(Boolean)));
  if (byId.fanout) lines.push("", ...fanOut(byId.fanout));
  if (byId.cold) lines.push("", ...coldStart(byId.cold));
  if (byId.rss10k) lines.push("", ...peakRss(byId.rss10k));
  lines.push("", ...targets(byId));
  return lines.join("\n");
}

function sequential(cases) {
  const head = cases.map((c) => `${c.title} | × fetch loop`);
  const both = cases.length === 2;
  const extra = both ? " | fixed cost | per task" : "";
  const last = cases.at(-1);
  const out = [
    `| tool | ${head.join(" | ")}${extra} | CPU (${last.title.split(" ")[0]}) | peak RSS (${last.title.split(" ")[0]}) |`,
    `|---|${cases.map(() => "---:|---:").join("|")}${both ? "|---:|---:" : ""}|---:|---:|`,
  ];
  for (const name of Object.keys(cases[0].samples)) {
    const cells = cases.map((c) => {
      const s = c.samples[name];
      return `${cell(s)} | ${times(ratio(mid(s.ms), mid(c.samples[c.baseline].ms)))}`;
    });
    if (both) {
      // Two sizes give a line: wall = fixed + tasks × per task (startup, loading and reporting are the fixed part).
      const [small, large] = cases.map((c) => mid(c.samples[name].ms));
      const perTask =
        small === null || large === null ? null : (large - small) / (cases[1].tasks - cases[0].tasks);
      const fixed = perTask === null ? null : small - cases[0].tasks * perTask;
      cells.push(ms(fixed), perTask === null ? "—" : `${perTask.toFixed(2)} ms`);
    }
    const s = last.samples[name];
    out.push(`| ${name} | ${cells.join(" | ")} | ${ms(mid(s.cpuMs))} | ${mb(mid(s.rssKb))} |`);
  }
  return out;
}

function fanOut(c) {
  const out = [
    `| ${c.title} | whole process | the run itself | run ÷ ideal ${c.idealMs} ms | most in flight |`,
    "|---|---:|---:|---:|---:|",
  ];
  for (const [name, s] of Object.entries(c.samples)) {
    out.push(
      `| ${name} | ${cell(s)} | ${ms(mid(s.runMs))}${spread(s.runMs)} | ${times(ratio(mid(s.runMs), c.idealMs))} | ${mid(s.maxInFlight) ?? "—"} |`,
    );
  }
  return out;
}

function coldStart(c) {
  const out = [`| ${c.title} | wall | over \`node -e ""\` |`, "|---|---:|---:|"];
  for (const [name, s] of Object.entries(c.samples)) {
    const empty = c.samples[name.replace(/: mgmt .*$/, ': node -e ""')];
    const over = name.includes(": mgmt") && empty ? `+${ms(mid(s.ms) - mid(empty.ms))}` : "";
    out.push(`| ${name} | ${cell(s)} | ${over} |`);
  }
  return out;
}

function peakRss(c) {
  const out = [`| ${c.title} (${rssMethod()}) | peak RSS | wall |`, "|---|---:|---:|"];
  for (const [name, s] of Object.entries(c.samples)) {
    out.push(`| ${name} | ${mb(mid(s.rssKb))} | ${cell(s)} |`);
  }
  return out;
}

function targets(byId) {
  const out = ["Targets (measured, not tested):"];
  const mgmt = (samples, kind) => Object.keys(samples).filter((n) => n.startsWith(`mgmt ${kind}`));
  const seq = byId.seq200?.samples;
  if (seq) {
    const fetchMs = mid(seq["fetch loop"].ms);
    for (const tool of [...mgmt(seq, "action"), ...mgmt(seq, "CLI")]) {
      const r = ratio(mid(seq[tool].ms), fetchMs);
      out.push(
        `- 200 sequential, ${tool} ÷ fetch loop = ${times(r)} (≤ ${TARGETS.seqVsFetch}×): ${mark(r === null ? null : r <= TARGETS.seqVsFetch)}`,
      );
    }
    for (const tool of mgmt(seq, "action")) {
      const r = ratio(mid(seq["Step CI"].ms), mid(seq[tool].ms));
      out.push(
        `- 200 sequential, Step CI ÷ ${tool} = ${times(r)} (≥ ${TARGETS.stepciVsMgmt}×): ${mark(r === null ? null : r >= TARGETS.stepciVsMgmt)}`,
      );
    }
  }
  if (byId.fanout) {
    for (const [name, s] of Object.entries(byId.fanout.samples)) {
      if (!name.startsWith("mgmt")) continue;
      const r = ratio(mid(s.runMs), byId.fanout.idealMs);
      out.push(
        `- fan-out, ${name}: the run takes ${times(r)} the ideal (≤ ${TARGETS.fanOut}×): ${mark(r === null ? null : r <= TARGETS.fanOut)}`,
      );
    }
  }
  if (byId.cold) {
    for (const [name, s] of Object.entries(byId.cold.samples)) {
      if (!name.startsWith("Node v24.") || !name.includes(": mgmt action")) continue;
      const v = mid(s.ms);
      out.push(
        `- cold start, ${name} = ${ms(v)} (< ${TARGETS.coldMs} ms): ${mark(v === null ? null : v < TARGETS.coldMs)}`,
      );
    }
  }
  if (byId.rss10k) {
    for (const [name, s] of Object.entries(byId.rss10k.samples)) {
      if (!name.startsWith("mgmt")) continue;
      const kb = mid(s.rssKb);
      out.push(
        `- 10,000 tasks, ${name} peak RSS = ${mb(kb)} (< ${TARGETS.rssMb} MB): ${mark(kb === null ? null : kb / 1024 < TARGETS.rssMb)}`,
      );
    }
  }
  return out;
}
