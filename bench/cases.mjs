// The cases of the bench. Each runs its tools in turn, the order rotating from one
// repetition to the next, and checks every run: exit code, and the server's count of
// requests and of captured values passed on (a tool that skips them is not faster, it is wrong).
import { measure } from "./measure.mjs";
import { removeWorkload, toolsFor, writeWorkload } from "./tools.mjs";

export async function runCases(server, options, log) {
  const reps = (full, quick) => options.reps ?? (options.quick ? quick : full);
  const cases = [
    {
      id: "seq200",
      title: "200 sequential tasks",
      run: () => chain(server, options, log, { tasks: 200, reps: reps(5, 2) }),
    },
    {
      id: "seq1000",
      title: "1,000 sequential tasks",
      run: () => chain(server, options, log, { tasks: 1000, reps: reps(5, 2) }),
    },
    {
      id: "fanout",
      title: "fan-out: 200 tasks × 50 ms, concurrency 20",
      run: () => fanOut(server, options, log, reps(5, 2)),
    },
    {
      id: "cold",
      title: "cold start: 5 tasks, dry-run",
      run: () => coldStart(server, options, log, reps(15, 5)),
    },
    {
      id: "rss10k",
      title: "10,000 sequential tasks: peak RSS",
      run: () => peakRss(server, options, log, reps(3, 1)),
    },
  ];
  const results = [];
  for (const c of cases) {
    if (options.only && !options.only.includes(c.id)) continue;
    log(`\n== ${c.title}`);
    results.push({ id: c.id, title: c.title, ...(await c.run()) });
  }
  return results;
}

/** Runs `tools` (name -> tool) `reps` times each, alternating; returns samples by tool name. */
async function alternate(server, tools, { reps, expect, log, rss = false, runMs = false }) {
  const names = Object.keys(tools);
  const samples = Object.fromEntries(
    names.map((n) => [n, { ms: [], cpuMs: [], rssKb: [], runMs: [], maxInFlight: [], failures: [] }]),
  );
  for (let rep = 0; rep < reps; rep++) {
    const order = names.map((_, i) => names[(i + rep) % names.length]);
    for (const name of order) {
      const tool = tools[name];
      await tool.prepare?.();
      await server.reset();
      const outcome = await measure({ ...tool.run, rss, timeoutMs: 600_000 });
      const stats = await server.stats();
      const wrong = tool.check(outcome) ?? expect(stats);
      const into = samples[name];
      if (wrong) {
        into.failures.push(wrong);
        log(`  ${name.padEnd(28)} FAILED: ${wrong}`);
        continue;
      }
      into.ms.push(outcome.ms);
      if (outcome.rssKb !== null) into.rssKb.push(outcome.rssKb);
      if (outcome.cpuMs !== null) into.cpuMs.push(outcome.cpuMs);
      into.maxInFlight.push(stats.maxInFlight);
      if (runMs) into.runMs.push(await tool.runDurationMs(outcome));
      const cpu = outcome.cpuMs === null ? "" : `  CPU ${outcome.cpuMs.toFixed(0).padStart(6)} ms`;
      const rssText =
        outcome.rssKb === null ? "" : `  peak RSS ${(outcome.rssKb / 1024).toFixed(0).padStart(4)} MB`;
      log(`  ${name.padEnd(30)} ${outcome.ms.toFixed(0).padStart(7)} ms${cpu}${rssText}`);
    }
  }
  return samples;
}

/**
 * The mgmt tools of every build compared (`--build`), or of this tree's: `mgmt action` and
 * `mgmt CLI`, each followed by ` [label]` when builds are compared.
 */
function mgmtTools(dir, load, node, options, flags = {}) {
  const tools = {};
  for (const build of options.builds) {
    const suffix = build.label ? ` [${build.label}]` : "";
    const all = toolsFor(dir, load, node, { ...flags, action: build.action, cli: build.cli });
    tools[`mgmt action${suffix}`] = all["mgmt action"];
    tools[`mgmt CLI${suffix}`] = all["mgmt CLI"];
  }
  return tools;
}

/** Every request made, and from the second on each carried the previous answer's token. */
const chained = (tasks) => (stats) =>
  stats.requests !== tasks
    ? `the server saw ${stats.requests} requests, not ${tasks}`
    : stats.chained !== tasks - 1
      ? `only ${stats.chained} of ${tasks - 1} requests carried the previous token`
      : null;

async function chain(server, options, log, { tasks, reps }) {
  const load = { base: server.base, tasks, delayMs: 0, peers: true };
  const dir = await writeWorkload(load);
  try {
    const all = toolsFor(dir, load, options.node);
    const mgmt = mgmtTools(dir, load, options.node, options);
    const tools = { "fetch loop": all["fetch loop"], ...mgmt, "Step CI": all["Step CI"], Newman: all.Newman };
    const samples = await alternate(server, tools, { reps, expect: chained(tasks), log });
    return { baseline: "fetch loop", tasks, samples };
  } finally {
    await removeWorkload(dir);
  }
}

async function fanOut(server, options, log, reps) {
  const load = { base: server.base, tasks: 200, delayMs: 50, fanOut: true, concurrency: 20 };
  const dir = await writeWorkload(load);
  try {
    // A fetch() pool of 20 shows what Node itself gets out of this machine: a floor beside the ideal.
    const tools = {
      "fetch pool": toolsFor(dir, load, options.node)["fetch loop"],
      ...mgmtTools(dir, load, options.node, options, { cliJson: true }),
    };
    const expect = (stats) =>
      stats.requests === 200 ? null : `the server saw ${stats.requests} requests, not 200`;
    const samples = await alternate(server, tools, { reps, expect, log, runMs: true });
    return { idealMs: (200 / 20) * 50, samples };
  } finally {
    await removeWorkload(dir);
  }
}

async function coldStart(server, options, log, reps) {
  const load = { base: server.base, tasks: 5, delayMs: 0 };
  const dir = await writeWorkload(load);
  const nodes = [
    options.node,
    ...(options.node24 && options.node24 !== options.node ? [options.node24] : []),
  ];
  try {
    const tools = {};
    for (const node of nodes) {
      const version = (await measure({ command: node, args: ["--version"] })).stdout.trim();
      tools[`Node ${version}: node -e ""`] = { run: { command: node, args: ["-e", ""] }, check: () => null };
      for (const [name, tool] of Object.entries(mgmtTools(dir, load, node, options, { dryRun: true })))
        tools[`Node ${version}: ${name}`] = tool;
    }
    const expect = (stats) => (stats.requests === 0 ? null : `a dry run made ${stats.requests} requests`);
    const samples = await alternate(server, tools, { reps, expect, log });
    return { samples };
  } finally {
    await removeWorkload(dir);
  }
}

async function peakRss(server, options, log, reps) {
  const tasks = 10_000;
  const load = { base: server.base, tasks, delayMs: 0 };
  const dir = await writeWorkload(load);
  try {
    const tools = {
      "fetch loop": toolsFor(dir, load, options.node)["fetch loop"],
      ...mgmtTools(dir, load, options.node, options),
    };
    const samples = await alternate(server, tools, { reps, expect: chained(tasks), log, rss: true });
    return { baseline: "fetch loop", samples };
  } finally {
    await removeWorkload(dir);
  }
}
