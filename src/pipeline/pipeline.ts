import { loadDefinitions } from "../definition/load.js";
import { errorsIn, type Problem } from "../definition/problem.js";
import type { EndpointMap } from "../definition/schema.js";
import type { PreparedRun } from "../engine/prepare.js";
import type { RunResult } from "../engine/result.js";
import { type Selection, selectWorkflows, type TriggerEvent } from "../triggers/select.js";
import { prepareSelections, type RunSettings, runPrepared } from "./run-selected.js";
import { oidcEndpoints } from "./oidc-token.js";
import { restoreRuns } from "./run-state.js";

/** What one invocation asks for; the action and the CLI each fill it from their own inputs. */
export interface PipelineRequest extends Omit<RunSettings, "withHeaders"> {
  /** A definition file or a folder of them. */
  target: string;
  /** The endpoints file given (else the one beside the definitions is used), or a map. */
  endpoints?: string | EndpointMap | null;
  /** Runs this definition whatever the event. */
  workflowId?: string | null;
  event: TriggerEvent;
  /** Select, prepare and show the plan; call nothing. */
  dryRun: boolean;
  /** Why no OIDC token can be had here, in words that say what to do; a run calling an OIDC endpoint then starts nothing. */
  oidcMissing?: string | null;
}

/** Called once everything is known and before the first call: secrets must be masked by then. */
export type BeforeRun = (ready: { selections: Selection[]; runs: PreparedRun[]; secrets: string[] }) => void;

/** How far an invocation got: the stage it stopped at carries what the entry reports. */
export type PipelineOutcome =
  | { stage: "invalid"; problems: Problem[] }
  | { stage: "unselected"; problems: Problem[]; error: string }
  | { stage: "unprepared"; problems: Problem[]; errors: string[]; secrets: string[] }
  | { stage: "planned"; problems: Problem[]; runs: PreparedRun[]; secrets: string[] }
  | { stage: "ran"; problems: Problem[]; runs: RunResult[]; secrets: string[]; warnings: string[] };

/**
 * The one pipeline every entry runs: load and check every definition, select what the event
 * starts, prepare all of them (nothing is called when one cannot start), then plan or run.
 * Expected failures come back as the stage reached, never thrown.
 */
export async function runPipeline(request: PipelineRequest, beforeRun?: BeforeRun): Promise<PipelineOutcome> {
  const loaded = await loadDefinitions(request.target, request.endpoints ?? undefined);
  const { problems } = loaded;
  if (errorsIn(problems).length) return { stage: "invalid", problems };
  const selected = selectWorkflows(loaded.plans, loaded.singleFile, request.event, request.workflowId);
  if (!selected.ok) return { stage: "unselected", problems, error: selected.error };
  // A dry-run calls nothing, so it needs no secrets: the plan job of a matrix runs without them.
  const prepared = prepareSelections(
    selected.selections,
    { ...request, withHeaders: !request.dryRun },
    new Date(),
  );
  if (!prepared.ok)
    return { stage: "unprepared", problems, errors: prepared.errors, secrets: prepared.secrets };
  const { secrets } = prepared;
  let { runs } = prepared;
  // A resume refused (no state, another definition, no approval) calls nothing at all.
  if (request.state && !request.dryRun) {
    const restored = await restoreRuns(runs, request.state, new Date());
    if (!restored.ok) return { stage: "unprepared", problems, errors: restored.errors, secrets };
    runs = restored.runs;
  }
  const oidcRefused = request.dryRun || !request.oidcMissing ? [] : oidcRefusals(runs, request.oidcMissing);
  if (oidcRefused.length) return { stage: "unprepared", problems, errors: oidcRefused, secrets };
  beforeRun?.({ selections: selected.selections, runs, secrets });
  if (request.dryRun) return { stage: "planned", problems, runs, secrets };
  const ran = await runPrepared(runs, request);
  return { stage: "ran", problems, runs: ran.results, secrets: ran.secrets, warnings: ran.warnings };
}

/** Each OIDC endpoint a run would call, when tokens cannot be had: why, and what to do. */
function oidcRefusals(runs: readonly PreparedRun[], missing: string): string[] {
  const names = new Set(runs.flatMap(oidcEndpoints));
  return [...names].map((name) => `endpoint ${name} uses OIDC: ${missing}`);
}
