import { expressionsIn } from "../expressions/compile.js";
import { buildContext, evaluateValue, toExpressionData } from "../expressions/evaluate.js";
import { mergeParams } from "./inputs.js";
import type { WorkflowPlan } from "./plan.js";

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
}

const SECRET_HEADER = /^(authorization|proxy-authorization|cookie)$|key|token|secret|password/i;

export function prepareRun(
  plan: WorkflowPlan,
  input: RunInput,
): { ok: true; run: PreparedRun } | { ok: false; errors: string[] } {
  const run: RunContext = {
    id: input.runId,
    attempt: input.attempt ?? 1,
    date: input.startedAt.toISOString().slice(0, 10),
    started_at: input.startedAt.toISOString(),
    trigger: input.trigger,
    workflow: plan.id,
  };
  const context = buildContext({
    env: toExpressionData(input.env),
    run: toExpressionData(run),
    github: toExpressionData(input.github),
  });
  const errors: string[] = [];

  const ownParams = evaluateValue(plan.params, context);
  if (!ownParams.ok) errors.push(`params: ${ownParams.message} (in "\${{ ${ownParams.source} }}")`);
  const own = (ownParams.ok ? ownParams.value : {}) as Record<string, unknown>;
  const typed = mergeParams(plan.triggers.dispatch?.inputs, [own, ...input.params]);
  if (!typed.ok) errors.push(...typed.errors);

  const headers: Record<string, Record<string, string>> = {};
  const secrets = new Set<string>();
  for (const endpoint of input.withHeaders === false ? [] : Object.values(plan.endpoints)) {
    const values: Record<string, string> = {};
    for (const [name, compiled] of Object.entries(endpoint.headers)) {
      const where = `endpoint ${endpoint.name}, header ${name}`;
      const exprs = expressionsIn(compiled);
      for (const variable of new Set(exprs.flatMap((e) => e.env))) {
        // Under Actions a missing secret arrives as "": a header must not go out as "Bearer ".
        const state =
          input.env[variable] === undefined ? "not set" : input.env[variable] === "" ? "empty" : null;
        if (state) errors.push(`${where}: the environment variable ${variable} is ${state}`);
      }
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
      if (exprs.length > 0 || SECRET_HEADER.test(name)) {
        secrets.add(text);
        for (const e of exprs) {
          for (const variable of e.env) if (input.env[variable]) secrets.add(input.env[variable] as string);
        }
      }
    }
    headers[endpoint.name] = values;
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    run: {
      plan,
      run,
      params: typed.ok ? typed.params : {},
      env: input.env,
      github: input.github,
      headers,
      // Short values would mask ordinary words everywhere; GitHub's masker skips them too.
      secrets: [...secrets].filter((s) => s.trim().length >= 3),
    },
  };
}
