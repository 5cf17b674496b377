import type { CallTask, CallTool } from "../engine/call.js";
import { type Clock, systemClock } from "../engine/clock.js";
import type { RunListener } from "../engine/events.js";
import { type PreparedRun, prepareRun, type RunInput } from "../engine/prepare.js";
import type { RunResult } from "../engine/result.js";
import type { OidcToken } from "../engine/run-deps.js";
import { runWorkflow } from "../engine/run.js";
import { textRedactor } from "../report/redact.js";
import { createHttpCall } from "../transport/http-call.js";
import { createMcpCall } from "../transport/mcp-call.js";
import { envOidcSource, oidcEndpoints, oidcTokenProvider } from "./oidc-token.js";
import { type StateSettings, stateSaver } from "./run-state.js";
import { exportTraces } from "./trace-export.js";
import { newSpanId } from "../tracing/trace-context.js";
import type { Selection } from "../triggers/select.js";

export interface RunSettings extends Omit<RunInput, "params" | "startedAt"> {
  /** The caller's params (the `params` input, `--param`, `start()`), over the event's. */
  params: Record<string, unknown>;
  signal?: AbortSignal;
  onEvent?: RunListener;
  call?: CallTask;
  /** Wraps the transport (the given one, or the default) around each call: `--record` keeps what it got back. */
  wrapCall?: (call: CallTask) => CallTask;
  /** How MCP tools are called; default the official SDK's client over Streamable HTTP. */
  callTool?: CallTool;
  clock?: Clock;
  /** Where states are saved, and whether to resume or replay; null: no state. */
  state?: StateSettings | null;
  /** Without a state, why a gate cannot wait for a review, in words that say what to do. */
  noStateHint?: string;
  /** Tokens for endpoints with `auth.oidc`; default: getIDToken under Actions, else env MGMT_OIDC_TOKEN, cached. */
  oidcToken?: OidcToken;
}

export type Prepared =
  { ok: true; runs: PreparedRun[]; secrets: string[] } | { ok: false; errors: string[]; secrets: string[] };

/** Prepares every selected workflow before any runs, so that no call is made when one of them cannot start. */
export function prepareSelections(
  selections: readonly Selection[],
  settings: RunSettings,
  startedAt: Date,
): Prepared {
  const runs: PreparedRun[] = [];
  const errors: string[] = [];
  const secrets = new Set<string>();
  for (const { plan, eventParams } of selections) {
    const prepared = prepareRun(plan, { ...settings, startedAt, params: [eventParams, settings.params] });
    if (prepared.ok) runs.push(prepared.run);
    else errors.push(...prepared.errors.map((e) => `${plan.id} (${plan.file}): ${e}`));
    for (const secret of prepared.ok ? prepared.run.secrets : prepared.secrets) secrets.add(secret);
  }
  if (errors.length) return { ok: false, errors, secrets: [...secrets] };
  return { ok: true, runs, secrets: [...secrets] };
}

/**
 * Runs prepared workflows one after another; a cancelled run leaves the rest skipped too.
 * Secrets that arrive in a task's outputs join the known ones at once, so that every later
 * excerpt is masked; all of them come back with the results. Their spans are exported after
 * the last when OpenTelemetry's variables ask for it; what went wrong there comes back as warnings.
 */
export async function runPrepared(
  runs: readonly PreparedRun[],
  settings: RunSettings,
): Promise<{ results: RunResult[]; secrets: string[]; warnings: string[] }> {
  const clock = settings.clock ?? systemClock;
  const known = [...new Set(runs.flatMap((run) => run.secrets))];
  let redact = textRedactor(known);
  const mask = (text: string) => redact(text);
  const onEvent: RunListener = (event) => {
    if (event.type === "secrets") {
      known.push(...event.values);
      redact = textRedactor(known);
    }
    settings.onEvent?.(event);
  };
  const transport = settings.call ?? createHttpCall({ clock, mask });
  const call = settings.wrapCall ? settings.wrapCall(transport) : transport;
  const callTool = settings.callTool ?? createMcpCall({ clock, mask });
  const usesOidc = runs.some((run) => oidcEndpoints(run).length > 0);
  const oidcToken =
    settings.oidcToken ?? (usesOidc ? oidcTokenProvider(envOidcSource(settings.env)) : undefined);
  const results: RunResult[] = [];
  const { state } = settings;
  const cannotPark = state ? null : (settings.noStateHint ?? "this run saves no state to resume from");
  for (const run of runs) {
    const saver = state
      ? stateSaver(
          run,
          state,
          () => known,
          () => clock.now(),
        )
      : null;
    const listen: RunListener = (event) => {
      onEvent(event);
      saver?.onEvent(event);
    };
    const deps = {
      call,
      callTool,
      clock,
      signal: settings.signal,
      onEvent: listen,
      mask,
      cannotPark,
      oidcToken,
      newSpanId,
    };
    const result = await runWorkflow(run, deps);
    await saver?.end(result);
    results.push(result);
  }
  const warnings = await exportTraces(results, known, settings.env);
  return { results, secrets: known, warnings };
}
