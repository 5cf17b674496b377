import { type CompiledExpression, expressionsIn } from "../expressions/compile.js";
import { buildContext, evaluateValue, toExpressionData } from "../expressions/evaluate.js";
import { traceIdOf } from "../tracing/trace-context.js";
import { mergeParams } from "./inputs.js";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "./json-depth.js";
import { taskExpressions, type WorkflowPlan } from "./plan.js";
import type { Approval } from "./result.js";
import type { SavedTask } from "./state.js";

/** The `run` context of expressions. */
export interface RunContext {
  id: string;
  attempt: number;
  date: string;
  started_at: string;
  trigger: string;
  workflow: string;
}

export interface RunInput {
  runId: string;
  attempt?: number;
  /** The event name under Actions, or `cli` / `library`. */
  trigger: string;
  startedAt: Date;
  env: Record<string, string | undefined>;
  github: Record<string, unknown>;
  /** Params over the definition's, lowest first: event params, then the caller's. */
  params: ReadonlyArray<Record<string, unknown>>;
  /** False for a plan that calls nothing (dry-run): headers, and the secrets they need, are left out. */
  withHeaders?: boolean;
}

/** Everything the run needs that can be known before the first call. */
export interface PreparedRun {
  plan: WorkflowPlan;
  run: RunContext;
  params: Record<string, unknown>;
  env: Record<string, string | undefined>;
  github: Record<string, unknown>;
  /** Evaluated headers of every endpoint, by endpoint name. */
  headers: Record<string, Record<string, string>>;
  /** Values to mask wherever text is shown: register them before any call. */
  secrets: string[];
  /** What an earlier attempt (or the parked run) ended with: replayed, not called again. */
  previous?: PreviousRun;
}

/** A saved state's ended tasks, and the approval a resume read for its waiting gate. */
export interface PreviousRun {
  tasks: Record<string, SavedTask>;
  approval: Approval | null;
}

/**
 * The run's trace (32 hex digits), derived from the repository and the run's id whenever it is
 * needed: a resume that takes on the parked run's id takes on its trace with it.
 */
export function traceIdOfRun(prepared: Pick<PreparedRun, "run" | "github">): string {
  return traceIdOf(String(prepared.github["repository"] ?? ""), prepared.run.id);
}

const SECRET_HEADER = /^(authorization|proxy-authorization|cookie)$|key|token|secret|password/i;
/** Variables GitHub sets for every job: reading them makes nothing secret. */
const PUBLIC_VARIABLE = /^(GITHUB_|RUNNER_)|^CI$/;
/** The runner's internals (tokens, service URLs) are not in the env context, as in GitHub's own. */
const RUNNER_INTERNAL = /^ACTIONS_/;
/** Shorter values are never masked: they would blank ordinary words everywhere, as GitHub's masker also skips them. */
export const MIN_SECRET_CHARS = 4;

export function prepareRun(
  plan: WorkflowPlan,
  input: RunInput,
): { ok: true; run: PreparedRun } | { ok: false; errors: string[]; secrets: string[] } {
  const run: RunContext = {
    id: input.runId,
    attempt: input.attempt ?? 1,
    date: input.startedAt.toISOString().slice(0, 10),
    started_at: input.startedAt.toISOString(),
    trigger: input.trigger,
    workflow: plan.id,
  };
  const env = envContext(input.env);
  const context = buildContext({
    env: toExpressionData(env),
    run: toExpressionData(run),
    github: toExpressionData(input.github),
  });
  const errors: string[] = [];

  // Event payloads and params inputs come from outside: refused before anything reads them deeply.
  if (input.params.some((layer) => nestsDeeperThan(layer))) {
    errors.push(
      `params nest deeper than ${MAX_JSON_DEPTH} levels (from the event, the params input or the caller)`,
    );
  }
  const ownParams = evaluateValue(plan.params, context);
  if (!ownParams.ok) errors.push(`params: ${ownParams.message} (in "\${{ ${ownParams.source} }}")`);
  const own = (ownParams.ok ? ownParams.value : {}) as Record<string, unknown>;
  const typed = mergeParams(plan.triggers.dispatch?.inputs, [own, ...input.params]);
  if (!typed.ok) errors.push(...typed.errors);

  const headers: Record<string, Record<string, string>> = {};
  const secrets = new Set(envSecrets(plan, env));
  for (const endpoint of input.withHeaders === false ? [] : Object.values(plan.endpoints)) {
    const values: Record<string, string> = {};
    for (const [name, compiled] of Object.entries(endpoint.headers)) {
      const where = `endpoint ${endpoint.name}, header ${name}`;
      const exprs = expressionsIn(compiled);
      const missing = [...new Set(exprs.flatMap((e) => e.env))].flatMap((variable) => {
        // Under Actions a missing secret arrives as "": a header must not go out as "Bearer ".
        const state = env[variable] === undefined ? "not set" : env[variable] === "" ? "empty" : null;
        return state ? [`${where}: the environment variable ${variable} is ${state}`] : [];
      });
      errors.push(...missing);
      // What is left of a header without its secret ("Bearer ") must not become a mask.
      if (missing.length) continue;
      const value = evaluateValue(compiled, context);
      if (!value.ok) {
        errors.push(`${where}: ${value.message}`);
        continue;
      }
      const text = String(value.value ?? "");
      if (/[\r\n\0]/.test(text)) errors.push(`${where}: the value holds CR, LF or NUL`);
      // Named, never shown: the value may be a secret.
      if ([...text].some((char) => (char.codePointAt(0) ?? 0) > 0xff)) {
        errors.push(`${where}: the value holds a character beyond the Latin-1 that HTTP headers carry`);
      }
      values[name] = text;
      if (exprs.some(readsSecretEnv) || SECRET_HEADER.test(name)) secrets.add(text);
    }
    headers[endpoint.name] = values;
  }
  // The secrets found so far go with the errors: a message may hold one, and it must be masked first.
  const found = [...secrets].filter((s) => s.trim().length >= MIN_SECRET_CHARS);
  if (errors.length) return { ok: false, errors, secrets: found };
  return {
    ok: true,
    run: {
      plan,
      run,
      params: typed.ok ? typed.params : {},
      env,
      github: input.github,
      headers,
      secrets: found,
    },
  };
}

/** The job's environment as expressions see it: without the runner's internals. */
function envContext(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !RUNNER_INTERNAL.test(name)));
}

/** Whether an expression reads a variable whose value is a secret (any but GitHub's own). */
function readsSecretEnv(expr: CompiledExpression): boolean {
  return expr.allEnv || expr.env.some((name) => !PUBLIC_VARIABLE.test(name));
}

/**
 * The values of the env variables the plan's expressions read (params, `with`, a request,
 * the answer mappings, headers), so
 * that each is masked wherever it ends up; every variable when one reads `env` as a whole.
 * Values from events, `run` or params given as data are never secrets: whoever sends an
 * event could otherwise hide words in the log, even a run's status.
 */
function envSecrets(plan: WorkflowPlan, env: Record<string, string | undefined>): string[] {
  const exprs = [
    ...expressionsIn(plan.params),
    ...plan.tasks.flatMap(taskExpressions),
    ...Object.values(plan.endpoints).flatMap((endpoint) =>
      Object.values(endpoint.headers).flatMap(expressionsIn),
    ),
  ];
  const names = exprs.some((e) => e.allEnv) ? Object.keys(env) : exprs.flatMap((e) => e.env);
  return names.filter((name) => !PUBLIC_VARIABLE.test(name)).flatMap((name) => env[name] ?? []);
}
