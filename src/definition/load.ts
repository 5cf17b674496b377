import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { loadSchemaChecker } from "../engine/json-schema.js";
import type { WorkflowPlan } from "../engine/plan.js";
import { type EndpointsSource, parseEndpointsFile } from "./endpoints.js";
import { errorsIn, type Problem } from "./problem.js";
import type { ReadBeside } from "./output-schema.js";
import { resolveWorkflow } from "./resolve.js";
import { TEST_FILE } from "./test-file.js";
import { notAboutRemoved, withoutRefused } from "./salvage.js";
import { type EndpointMap, Workflow } from "./schema.js";
import { parseSource } from "./source.js";
import { zodProblems } from "./zod-problems.js";

export const DEFINITION_EXTENSIONS = [".json", ".yml", ".yaml"];
export const ENDPOINTS_FILES = ["endpoints.yml", "endpoints.yaml", "endpoints.json"];

/**
 * Checks one definition's text and plans it; every problem is reported, none thrown. Files
 * it names (an output schema) are read beside it.
 */
export function parseWorkflow(
  file: string,
  text: string,
  endpoints?: EndpointsSource,
): { plan?: WorkflowPlan; problems: Problem[] } {
  const parsed = parseSource(file, text);
  if (!parsed.ok) return { problems: parsed.problems };
  const checked = Workflow.safeParse(parsed.source.value);
  const readBeside = besideOf(file);
  if (checked.success) {
    const resolved = resolveWorkflow(checked.data, parsed.source, endpoints, readBeside);
    return resolved.plan
      ? { ...resolved, plan: { ...resolved.plan, digest: digestOf(text, endpoints) } }
      : resolved;
  }
  const problems = zodProblems(parsed.source, checked.error.issues, Workflow);
  const salvaged = withoutRefused(parsed.source.value, checked.error.issues);
  const rest = Workflow.safeParse(salvaged.value);
  if (!rest.success) return { problems };
  const later = resolveWorkflow(rest.data, parsed.source, endpoints, readBeside).problems;
  const all = [...problems, ...notAboutRemoved(later, salvaged.removed)];
  return { problems: all.sort((a, b) => a.line - b.line || a.column - b.column) };
}

/** sha256 of the definition's bytes and the endpoints file's: what a saved state belongs to. */
function digestOf(text: string, endpoints: EndpointsSource | undefined): string {
  const hash = createHash("sha256").update(text);
  if (endpoints) hash.update("\0").update(endpoints.text);
  return hash.digest("hex");
}

/** A small file read at once: a definition is checked in one pass, and this is its one read. */
function besideOf(file: string): ReadBeside {
  return (name) => {
    try {
      return { ok: true, text: readFileSync(path.join(path.dirname(file), name), "utf8") };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { ok: false, error: code === "ENOENT" ? "no such file" : String(error) };
    }
  };
}

export interface LoadedDefinitions {
  /** The plans, in file-name order; empty when any definition has an error. */
  plans: WorkflowPlan[];
  problems: Problem[];
  /** Whether `target` named one file (it then runs on any event). */
  singleFile: boolean;
}

/**
 * Reads a definition file or a folder of them (not recursive), with the endpoints given (a
 * file's path, or a map from the library) or the endpoints file found beside them. Paths in
 * problems are as the user gave them.
 */
export async function loadDefinitions(
  target: string,
  endpointsGiven?: string | EndpointMap,
): Promise<LoadedDefinitions> {
  const info = await stat(target).catch(() => undefined);
  if (!info) return failure(target, `no such file or folder: ${target}`);
  const singleFile = info.isFile();
  const folder = singleFile ? path.dirname(target) : target;
  const files = singleFile ? [target] : await definitionFiles(folder);
  if (files.length === 0) {
    return failure(target, `no workflow definitions (*.json, *.yml, *.yaml) in ${target}`);
  }

  const endpoints = await readEndpoints(endpointsGiven ?? (await findEndpointsFile(folder)));
  if (endpoints && !endpoints.ok) return { plans: [], problems: endpoints.problems, singleFile };

  const problems: Problem[] = [];
  const plans: WorkflowPlan[] = [];
  for (const file of files) {
    const result = parseWorkflow(file, await readFile(file, "utf8"), endpoints?.value);
    problems.push(...result.problems);
    if (result.plan) plans.push(result.plan);
  }
  problems.push(...duplicateIds(plans), ...(await schemaProblems(plans)));
  return {
    plans: errorsIn(problems).length ? [] : plans,
    problems,
    singleFile,
  };
}

/** The endpoints file's text, or a map given in code read as if it were one. */
async function readEndpoints(
  given: string | EndpointMap | undefined,
): Promise<{ ok: true; value: EndpointsSource } | { ok: false; problems: Problem[] } | undefined> {
  if (given === undefined) return undefined;
  if (typeof given !== "string") {
    return parseEndpointsFile("(endpoints option)", JSON.stringify({ endpoints: given }, null, 2));
  }
  const text = await readFile(given, "utf8").catch(() => undefined);
  if (text === undefined)
    return { ok: false, problems: failure(given, `cannot read the endpoints file ${given}`).problems };
  return parseEndpointsFile(given, text);
}

async function definitionFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  return (
    entries
      .filter((e) => e.isFile() && DEFINITION_EXTENSIONS.includes(path.extname(e.name)))
      // A test of a workflow sits beside it sometimes: it is never a definition.
      .filter((e) => !TEST_FILE.test(e.name))
      .filter((e) => !ENDPOINTS_FILES.includes(e.name))
      .map((e) => path.join(folder, e.name))
      .sort()
  );
}

async function findEndpointsFile(folder: string): Promise<string | undefined> {
  for (const name of ENDPOINTS_FILES) {
    const candidate = path.join(folder, name);
    if (
      await stat(candidate).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      return candidate;
  }
  return undefined;
}

/** Each output schema compiled as its draft says, where it was written; the checker loads only when one exists. */
async function schemaProblems(plans: WorkflowPlan[]): Promise<Problem[]> {
  const schemas = plans.flatMap((plan) => plan.tasks.flatMap((task) => task.outputSchema ?? []));
  if (schemas.length === 0) return [];
  const checker = await loadSchemaChecker();
  return schemas.flatMap(({ schema, at }) => {
    const problem = checker.problemOf(schema);
    return problem
      ? [{ ...at, message: `not a valid JSON Schema: ${problem}`, severity: "error" as const }]
      : [];
  });
}

function duplicateIds(plans: WorkflowPlan[]): Problem[] {
  const seen = new Map<string, string>();
  const problems: Problem[] = [];
  for (const plan of plans) {
    const first = seen.get(plan.id);
    if (first) {
      problems.push({
        file: plan.file,
        line: 1,
        column: 1,
        field: "id",
        message: `"${plan.id}" is also the id of ${first}: ids must be unique in a folder`,
        severity: "error",
      });
    } else {
      seen.set(plan.id, plan.file);
    }
  }
  return problems;
}

function failure(file: string, message: string): LoadedDefinitions {
  return {
    plans: [],
    problems: [{ file, line: 1, column: 1, field: "(file)", message, severity: "error" }],
    singleFile: false,
  };
}
