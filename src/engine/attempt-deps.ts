import type { CallRequest } from "./call.js";
import type { PlannedTask } from "./plan.js";
import type { PreparedRun } from "./prepare.js";
import type { RunDeps } from "./run-deps.js";

/** The task a call is for, in its run. */
interface TaskCall {
  task: PlannedTask;
  prepared: PreparedRun;
  deps: RunDeps;
  traceId: string;
}

/** Tokens already told as secrets, per token source: each is told once, when first obtained. */
const toldTokens = new WeakMap<object, Set<string>>();

/**
 * The run's transports as this task's calls use them, whatever speaks (a request, its polls,
 * an agent's protocol, a tool): each attempt is a span of the run's trace, and on an endpoint
 * with `auth.oidc` each attempt to the endpoint's own origin carries a fresh token (never to
 * another origin, such as an agent card's).
 */
export function attemptDeps(call: TaskCall): RunDeps {
  const { deps, prepared, task, traceId } = call;
  const authorize = authorizeFor(call);
  // URLs are read only for an OIDC endpoint: the others' calls add the trace alone.
  const origin = authorize ? originOf(prepared.plan.endpoints[task.target]?.url ?? "") : null;
  const extras = (url: string) => ({
    traceId,
    ...(authorize && origin !== null && originOf(url) === origin ? { authorize } : {}),
  });
  const { callTool } = deps;
  return {
    ...deps,
    call: (request) => deps.call({ ...request, ...extras(request.url) }),
    ...(callTool ? { callTool: (request) => callTool({ ...request, ...extras(request.url) }) } : {}),
  };
}

/**
 * For a task on an endpoint with `auth.oidc`: asks the run's token source before each attempt
 * and tells each new token as a secret before it is sent, so that it is masked wherever it shows.
 */
function authorizeFor(call: TaskCall): CallRequest["authorize"] {
  const { task, prepared, deps } = call;
  const audience = prepared.plan.endpoints[task.target]?.oidcAudience ?? null;
  if (audience === null) return undefined;
  const { oidcToken } = deps;
  if (!oidcToken)
    return async () => ({
      ok: false,
      error: `no OIDC token: this run has no token source for ${task.target}`,
    });
  return async () => {
    const got = await oidcToken(audience).catch((error: unknown) => ({
      ok: false as const,
      error: `no OIDC token: ${String(error)}`,
    }));
    if (!got.ok) return got;
    const told = toldTokens.get(oidcToken) ?? new Set<string>();
    toldTokens.set(oidcToken, told);
    if (!told.has(got.token)) {
      told.add(got.token);
      deps.onEvent?.({ type: "secrets", workflow: prepared.plan.id, task: task.name, values: [got.token] });
    }
    return { ok: true, value: `Bearer ${got.token}` };
  };
}

function originOf(url: string): string | null {
  return URL.canParse(url) ? new URL(url).origin : null;
}
