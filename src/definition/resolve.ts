import {
  ancestryOf,
  findCycles,
  type PlannedEndpoint,
  type PlannedTask,
  type RetryPolicy,
  type TaskKind,
  taskExpressions,
  type WorkflowPlan,
} from "../engine/plan.js";
import {
  ALL_CONTEXTS,
  type CompiledValue,
  compileCondition,
  needsSuccess,
  EARLY_CONTEXTS,
  expressionsAt,
} from "../expressions/compile.js";
import { allowsExpression, misplacedExpressions } from "../expressions/placement.js";
import { triggerProblems } from "./check-triggers.js";
import { compileFor, planAnswer, planRequest } from "./plan-request.js";
import { checkEndpointProtocol, planAgent } from "./plan-agent.js";
import { planOutputSchema, type ReadBeside } from "./output-schema.js";
import { durationMs } from "./duration.js";
import { type EndpointsSource, urlProblem } from "./endpoints.js";
import type { Path } from "../text/field-path.js";
import type { Problem } from "./problem.js";
import type { EndpointSpec, RetrySpec, TaskSpec, WorkflowSpec } from "./schema.js";
import type { Source } from "./source.js";

const BUILT_IN = { timeoutMs: 30_000, attempts: 3, backoffMs: 1000, factor: 2, maxBackoffMs: 30_000 };
const DEFAULT_CONCURRENCY = 4;
const DEFAULT_REVIEW_ENVIRONMENT = "mgmt-review";
const KINDS: TaskKind[] = ["service", "agent", "layer"];
const ACTION = /^[A-Za-z0-9\-_.~/]+$/;
/** Headers every call sets itself (content type, idempotency key, X-Mgmt-*): an endpoint may add headers, not change these. */
const CONTRACT_HEADERS = /^(content-type|content-length|accept|host|idempotency-key|x-mgmt-.*)$/i;
const DEFAULT_CONDITION = compileCondition(undefined);

interface Located<T> {
  value: T;
  source: Source;
  path: Path;
}

/**
 * Checks what the schema cannot (names, needs, targets, expressions) and builds the plan.
 * Every problem is collected, none stops the others from being found.
 */
export function resolveWorkflow(
  spec: WorkflowSpec,
  source: Source,
  endpointsFile?: EndpointsSource,
  readBeside: ReadBeside = () => ({
    ok: false,
    error: "schema files are read only from a definition on disk",
  }),
): { plan?: WorkflowPlan; problems: Problem[] } {
  const problems: Problem[] = triggerProblems(spec.on, source);
  const endpoints = mergeEndpoints(spec, source, endpointsFile);
  const plannedEndpoints = planEndpoints(endpoints, problems);
  const names = checkNames(spec, source, problems);
  const needs = resolveNeeds(spec, source, names, problems);
  const graph = spec.tasks.map((t, i) => ({ name: t.name, needs: needs[i] ?? [] }));
  const isAncestor = ancestryOf(graph);
  checkCycles(spec, graph, source, problems);
  checkPlacement(spec, source, endpointsFile, problems);

  const compile = compileFor(problems);
  const params = compile(spec.params ?? {}, EARLY_CONTEXTS, { source, at: ["params"] });
  const tasks = spec.tasks.map((task, i) => {
    const at: Path = ["tasks", i];
    const kind = checkKind(task, source, at, problems);
    const target = kind ? (task[kind] as string) : "";
    const endpoint = kind ? endpoints.get(target) : undefined;
    if (kind && !endpoint) {
      const known = [...endpoints.keys()].sort().join(", ") || "none";
      problems.push(source.problem([...at, kind], `no endpoint named "${target}" (known: ${known})`));
    }
    if (task.action !== undefined) checkAction(task.action, source, [...at, "action"], problems);
    else if (task.request?.path === undefined)
      problems.push(source.problem(at, "needs action (the envelope's path) or request.path"));
    const withValue = task.with ? compile(task.with, ALL_CONTEXTS, { source, at: [...at, "with"] }) : null;
    const place = { source, at };
    const endpointPlace = endpoint && {
      spec: endpoint.value,
      place: { source: endpoint.source, at: endpoint.path },
    };
    const agent = planAgent(task, endpointPlace, place, compile, problems);
    const request = agent ? null : planRequest(task, place, compile, problems);
    const answer = planAnswer(
      { spec: task, place, kind: kind ?? "service" },
      endpointPlace,
      compile,
      problems,
    );
    const outputSchema = planOutputSchema(task["output-schema"], place, readBeside, problems);
    const condition = compileCondition(task.if);
    if (!condition.ok)
      problems.push(source.problem([...at, "if"], `${condition.message} (in "${String(task.if)}")`));
    // Each value's reads point at its own field; an endpoint's instructions at the task using them.
    const fields = { with: withValue, prompt: agent?.prompt, arguments: agent?.arguments };
    const reads = [
      ...Object.entries(fields).flatMap(([field, value]) =>
        value ? expressionsAt(value, [...at, field]) : [],
      ),
      ...(agent?.instructions
        ? expressionsAt(
            agent.instructions,
            task.instructions === undefined ? [...at] : [...at, "instructions"],
          )
        : []),
      ...taskExpressions({ request, answer, agent: null, with: null }).map((expr) => ({ path: at, expr })),
      ...(condition.ok ? [{ path: [...at, "if"], expr: condition.value }] : []),
    ];
    for (const { path, expr } of reads) {
      for (const read of expr.tasks) {
        const real = names.get(read.toLowerCase());
        if (real && isAncestor(task.name, real)) continue;
        const why = real ? "is not among its direct or indirect needs" : "is not a task of this workflow";
        problems.push(
          source.problem(path, `reads tasks.${read}, which ${why} (in "\${{ ${expr.source} }}")`),
        );
      }
    }
    const base = (endpoint?.value.url ?? "").replace(/\/+$/, "");
    const planned: PlannedTask = {
      name: task.name,
      kind: kind ?? "service",
      target,
      action: task.request?.path ?? task.action ?? "",
      url: callUrl(base, task, agent),
      request,
      agent,
      outputSchema,
      answer,
      secretOutputs: task["secret-outputs"] ?? [],
      with: withValue,
      needs: needs[i] ?? [],
      // A bad condition is a problem above, and a plan with problems is never returned.
      condition: condition.ok
        ? condition.value
        : (DEFAULT_CONDITION as { ok: true; value: PlannedTask["condition"] }).value,
      needsSuccess: !condition.ok || needsSuccess(condition.value),
      ...settings(task, endpoint?.value, spec.defaults),
      continueOnError: task["continue-on-error"] ?? false,
    };
    return planned;
  });

  // In file order, as a user reads them, whichever check found them.
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  if (problems.some((p) => p.severity === "error")) return { problems };
  return {
    problems,
    plan: {
      id: spec.id,
      name: spec.name ?? spec.id,
      description: spec.description ?? null,
      file: source.file,
      triggers: spec.on ?? {},
      params,
      concurrency: spec.concurrency ?? DEFAULT_CONCURRENCY,
      timeoutMs: spec.timeout === undefined ? null : durationMs(spec.timeout),
      endpoints: plannedEndpoints,
      tasks,
      reviewEnvironment: spec.review?.environment ?? DEFAULT_REVIEW_ENVIRONMENT,
      // Known where the files are read: the loader sets it.
      digest: "",
    },
  };
}

/**
 * Where a task's call goes: the envelope's `{url}/{action}`; a request's or an A2A or MCP
 * agent's base URL (the path, the card's interface or the session decide the rest); an
 * OpenAI-compatible server's `{url}/chat/completions`.
 */
function callUrl(base: string, task: TaskSpec, agent: PlannedTask["agent"]): string {
  if (agent?.protocol === "openai-chat") return `${base}/chat/completions`;
  if (agent || task.request) return base;
  return `${base}/${task.action}`;
}

/** Each cycle once, at its first task's `needs`, with the whole loop spelled out. */
function checkCycles(
  spec: WorkflowSpec,
  graph: Parameters<typeof findCycles>[0],
  source: Source,
  problems: Problem[],
) {
  for (const cycle of findCycles(graph)) {
    const index = spec.tasks.findIndex((t) => t.name === cycle[0]);
    const implicit = cycle.some((name) => spec.tasks.find((t) => t.name === name)?.needs === undefined);
    const note = implicit ? " (a task without `needs` needs the task listed before it)" : "";
    problems.push(
      source.problem(["tasks", index, "needs"], `needs form a cycle: ${cycle.join(" → ")}${note}`),
    );
  }
}

/** `${{` where nothing evaluates it, in the workflow and in the endpoints file it uses. */
function checkPlacement(
  spec: WorkflowSpec,
  source: Source,
  file: EndpointsSource | undefined,
  problems: Problem[],
) {
  const report = (where: Source, base: Path, value: unknown, allowed: (path: Path) => boolean) => {
    for (const found of misplacedExpressions(value, allowed)) {
      const message = found.key
        ? "a key cannot hold `${{ }}`"
        : "`${{ }}` is not evaluated here: only in params, `with` values, `if`, endpoint header values, a request, an agent's prompt, instructions and arguments, and the answer mappings";
      problems.push(where.problem([...base, ...found.path], message, { atKey: found.key }));
    }
  };
  report(source, [], spec, allowsExpression);
  if (file)
    report(file.source, file.base, file.endpoints, (path) => allowsExpression(["endpoints", ...path]));
}

/** A file's entry replaces the workflow's entry of the same name as a whole. */
function mergeEndpoints(spec: WorkflowSpec, source: Source, file?: EndpointsSource) {
  const merged = new Map<string, Located<EndpointSpec>>();
  for (const [name, value] of Object.entries(spec.endpoints ?? {})) {
    merged.set(name, { value, source, path: ["endpoints", name] });
  }
  for (const [name, value] of Object.entries(file?.endpoints ?? {})) {
    if (file) merged.set(name, { value, source: file.source, path: [...file.base, name] });
  }
  return merged;
}

function planEndpoints(endpoints: Map<string, Located<EndpointSpec>>, problems: Problem[]) {
  const planned: Record<string, PlannedEndpoint> = {};
  for (const [name, { value, source, path }] of endpoints) {
    const bad = urlProblem(value.url);
    if (bad) problems.push(source.problem([...path, "url"], bad));
    checkEndpointProtocol(value, { source, at: path }, problems);
    const headers: Record<string, CompiledValue> = {};
    const oidcAudience = value.auth?.oidc.audience ?? null;
    for (const [header, text] of Object.entries(value.headers ?? {})) {
      const at = [...path, "headers", header];
      if (oidcAudience !== null && header.toLowerCase() === "authorization") {
        const why =
          "an endpoint with auth.oidc gets its Authorization from the OIDC token: remove this header";
        problems.push(source.problem(at, why, { atKey: true }));
      }
      if (CONTRACT_HEADERS.test(header)) {
        problems.push(
          source.problem(at, `"${header}" is set by mgmt on every call (the call contract)`, { atKey: true }),
        );
      }
      if (/[\r\n\0]/.test(text))
        problems.push(source.problem(at, "a header value must not hold CR, LF or NUL"));
      headers[header] = compileFor(problems)(text, EARLY_CONTEXTS, { source, at });
    }
    planned[name] = { name, url: value.url.replace(/\/+$/, ""), headers, oidcAudience };
  }
  return planned;
}

/** Task names by lower-cased name; duplicates (ignoring case) are problems. */
function checkNames(spec: WorkflowSpec, source: Source, problems: Problem[]) {
  const names = new Map<string, string>();
  spec.tasks.forEach((task, i) => {
    const key = task.name.toLowerCase();
    const earlier = names.get(key);
    if (earlier !== undefined) {
      problems.push(
        source.problem(["tasks", i, "name"], `duplicate task name "${task.name}" (also "${earlier}")`),
      );
    } else {
      names.set(key, task.name);
    }
  });
  return names;
}

/** Default: the task listed just before; `needs: []` means none. */
function resolveNeeds(spec: WorkflowSpec, source: Source, names: Map<string, string>, problems: Problem[]) {
  return spec.tasks.map((task, i) => {
    if (task.needs === undefined) return i === 0 ? [] : [spec.tasks[i - 1]?.name as string];
    const resolved: string[] = [];
    task.needs.forEach((need, j) => {
      const real = names.get(need.toLowerCase());
      if (!real) problems.push(source.problem(["tasks", i, "needs", j], `no task named "${need}"`));
      else if (real === task.name)
        problems.push(source.problem(["tasks", i, "needs", j], "a task cannot need itself"));
      else if (!resolved.includes(real)) resolved.push(real);
    });
    return resolved;
  });
}

function checkKind(task: TaskSpec, source: Source, at: Path, problems: Problem[]): TaskKind | undefined {
  const kinds = KINDS.filter((kind) => task[kind] !== undefined);
  if (kinds.length === 1) return kinds[0];
  problems.push(
    source.problem(
      at,
      kinds.length === 0
        ? "needs one of service, agent or layer: the endpoint to call"
        : `has ${kinds.join(" and ")}: a task calls exactly one of service, agent or layer`,
    ),
  );
  return undefined;
}

function checkAction(action: string, source: Source, at: Path, problems: Problem[]) {
  const segments = action.split("/");
  if (!ACTION.test(action)) {
    problems.push(source.problem(at, `"${action}" may hold only letters, digits and - _ . ~ /`));
  } else if (action.startsWith("/")) {
    problems.push(source.problem(at, `"${action}" must not start with /`));
  } else if (segments.some((s) => s === "" || s === "." || s === "..")) {
    problems.push(source.problem(at, `"${action}" has an empty, "." or ".." segment`));
  }
}

/** Task > endpoint > workflow defaults > built-in, field by field. */
function settings(task: TaskSpec, endpoint: EndpointSpec | undefined, defaults: WorkflowSpec["defaults"]) {
  const timeout = task.timeout ?? endpoint?.timeout ?? defaults?.timeout;
  const deadline = task.deadline ?? defaults?.deadline;
  const layers = [task.retry, endpoint?.retry, defaults?.retry].map(retryFields);
  const pick = <K extends keyof RetryPolicy>(key: K): RetryPolicy[K] | undefined =>
    layers.find((layer) => layer[key] !== undefined)?.[key];
  return {
    timeoutMs: timeout === undefined ? BUILT_IN.timeoutMs : durationMs(timeout),
    deadlineMs: deadline === undefined ? null : durationMs(deadline),
    retry: {
      attempts: pick("attempts") ?? BUILT_IN.attempts,
      backoffMs: pick("backoffMs") ?? BUILT_IN.backoffMs,
      factor: pick("factor") ?? BUILT_IN.factor,
      maxBackoffMs: pick("maxBackoffMs") ?? BUILT_IN.maxBackoffMs,
    },
  };
}

function retryFields(spec: RetrySpec | undefined): Partial<RetryPolicy> {
  if (spec === undefined) return {};
  if (spec === false) return { attempts: 1 };
  return {
    attempts: spec.attempts,
    backoffMs: spec.backoff === undefined ? undefined : durationMs(spec.backoff),
    factor: spec.factor,
    maxBackoffMs: spec["max-backoff"] === undefined ? undefined : durationMs(spec["max-backoff"]),
  };
}
