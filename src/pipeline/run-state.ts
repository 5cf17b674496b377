import type { RunEvent } from "../engine/events.js";
import type { PreparedRun } from "../engine/prepare.js";
import type { Approval, RunResult, TaskResult } from "../engine/result.js";
import { type RunState, stateOf, type StateStore } from "../engine/state.js";
import { redactDeep } from "../report/redact.js";

/** How a run's state is kept, and whether this invocation resumes or replays from one. */
export interface StateSettings {
  store: StateStore;
  /** Resume a parked run: this run's (or `runId`'s) state, approved by whoever `approval` finds. */
  resume: {
    runId: string | null;
    approval: (
      run: PreparedRun,
    ) => Promise<{ ok: true; approval: Omit<Approval, "at"> } | { ok: false; why: string }>;
  } | null;
  /** Replay what an earlier attempt of this run ended with (a re-run of failed jobs). */
  replay: boolean;
  notice: (text: string) => void;
  warning: (text: string) => void;
}

/** The most a run saves while it runs: each save is a new cache entry, and a repository gets about 200 a minute. */
const SAVE_EVERY_MS = 30_000;

/**
 * Gives each prepared run what its saved state says: on resume, the parked run's id, date,
 * params and ended tasks, with the approval found for its gate; on a re-run, the previous
 * attempt's ended tasks. A resume that cannot be done is refused, calling nothing: no saved
 * state, another definition, or no approval. A re-run without a usable state runs all.
 */
export async function restoreRuns(
  runs: readonly PreparedRun[],
  settings: StateSettings,
  now: Date,
): Promise<{ ok: true; runs: PreparedRun[] } | { ok: false; errors: string[] }> {
  const restored: PreparedRun[] = [];
  const errors: string[] = [];
  for (const run of runs) {
    const { plan } = run;
    if (settings.resume) {
      const runId = settings.resume.runId ?? run.run.id;
      const loaded = await settings.store.load(plan.id, runId);
      if (loaded.kind !== "found") {
        const why = loaded.kind === "unreadable" ? ` (${loaded.why})` : "";
        errors.push(
          `${plan.id}: no saved state for run ${runId}${why}: caches unused for 7 days are evicted; dispatch the workflow again`,
        );
        continue;
      }
      const { state } = loaded;
      if (state.digest !== plan.digest) {
        errors.push(`${plan.id}: the definition changed since the run parked: dispatch the workflow again`);
        continue;
      }
      if (state.status !== "waiting") {
        settings.notice(
          `${plan.id}: run ${runId} does not wait for a review (it ended ${state.status}): not resumed`,
        );
        continue;
      }
      const resumed: PreparedRun = {
        ...run,
        run: { ...run.run, id: state.runId, date: state.date },
        params: state.params,
      };
      const found = await settings.resume.approval(resumed);
      if (!found.ok) {
        errors.push(`${plan.id}: ${found.why}`);
        continue;
      }
      const approval = { ...found.approval, at: now.toISOString() };
      restored.push({ ...resumed, previous: { tasks: state.tasks, approval } });
      continue;
    }
    restored.push(settings.replay ? await replayed(run, settings) : run);
  }
  return errors.length ? { ok: false, errors } : { ok: true, runs: restored };
}

/** On a later attempt, what the previous one ended with, when it did not succeed. */
async function replayed(run: PreparedRun, settings: StateSettings): Promise<PreparedRun> {
  const { plan } = run;
  const attempt = run.run.attempt;
  if (attempt <= 1) return run;
  const loaded = await settings.store.load(plan.id, run.run.id);
  const everything = `every task of ${plan.id} is called`;
  if (loaded.kind !== "found") {
    const why = loaded.kind === "unreadable" ? loaded.why : "there is none";
    settings.notice(`no saved state of an earlier attempt (${why}): ${everything}`);
    return run;
  }
  const { state } = loaded;
  if (state.digest !== plan.digest) {
    settings.notice(`the definition changed since attempt ${state.attempt}: ${everything}`);
    return run;
  }
  if (state.status === "success") {
    settings.notice(`attempt ${state.attempt} succeeded, so this is a re-run of all jobs: ${everything}`);
    return run;
  }
  return { ...run, previous: { tasks: state.tasks, approval: null } };
}

/**
 * Saves a run's state as it goes: at most every 30 s while it runs (from its task events),
 * and once when it ends, parks or is cancelled. Saves are made one after another, secrets
 * redacted; a failed save is a warning, never a lost run.
 */
export function stateSaver(
  run: PreparedRun,
  settings: StateSettings,
  secrets: () => readonly string[],
  now: () => number,
) {
  const ended: TaskResult[] = [];
  let lastSave = now();
  let saving: Promise<void> = Promise.resolve();
  const save = (state: RunState) => {
    saving = saving.then(async () => {
      const saved = await settings.store.save(redactDeep(state, secrets()));
      if (!saved.ok) settings.warning(`the state of ${run.plan.id} was not saved: ${saved.why}`);
    });
    return saving;
  };
  const snapshot = (result: { tasks: TaskResult[]; status: RunState["status"] }) =>
    stateOf(
      { workflow: run.plan.id, runId: run.run.id, attempt: run.run.attempt, params: run.params, ...result },
      run.plan.digest,
      run.run.date,
    );
  return {
    onEvent(event: RunEvent) {
      if (event.type !== "task:end" || event.workflow !== run.plan.id) return;
      ended.push(event.result);
      if (now() - lastSave < SAVE_EVERY_MS) return;
      lastSave = now();
      void save(snapshot({ tasks: ended, status: "running" }));
    },
    end: (result: RunResult) => save(snapshot(result)),
  };
}
