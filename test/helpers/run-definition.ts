// Runs a definition's text through the library, as a user's code would: written to a temp
// file, loaded by an Orchestrator (or the pipeline, when the secrets it learned matter).
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { EndpointMap } from "../../src/definition/schema.js";
import type { Clock } from "../../src/engine/clock.js";
import { VirtualClock } from "../../src/engine/virtual-clock.js";
import { Orchestrator, type RunResult } from "../../src/lib.js";
import { runPipeline } from "../../src/pipeline/pipeline.js";
import { tempDir } from "./temp-dir.js";

export const START = Date.UTC(2024, 5, 1, 12);

/** A clock that takes every wait at once; it starts on a whole second, so HTTP dates give exact waits. */
export function instantClock(): VirtualClock {
  return new VirtualClock({ start: START, autoAdvance: true });
}

export interface DefinitionRun {
  /** The endpoints map, or the path of an endpoints file. */
  endpoints: EndpointMap | string;
  clock?: Clock;
  params?: Record<string, unknown>;
  env?: Record<string, string>;
}

/** Writes `text` as `<dir>/workflow.yml` in a temp folder of the test's; returns the file. */
export async function definitionFile(text: string, name = "workflow.yml"): Promise<string> {
  const file = path.join(await tempDir("mgmt-definition-"), name);
  await writeFile(file, text);
  return file;
}

/** Loads and starts the definition with the library's Orchestrator. */
export async function runDefinition(text: string, options: DefinitionRun): Promise<RunResult> {
  const orchestrator = new Orchestrator({
    endpoints: options.endpoints,
    env: options.env ?? {},
    clock: options.clock ?? instantClock(),
  });
  const plan = await orchestrator.loadWorkflow(await definitionFile(text));
  return orchestrator.start(plan.id, options.params ?? {}, { runId: "run-1" });
}

/** The same through the one pipeline, which also hands back every secret it learned. */
export async function runThroughPipeline(
  text: string,
  options: DefinitionRun,
): Promise<{ runs: RunResult[]; secrets: string[] }> {
  const outcome = await runPipeline({
    target: await definitionFile(text),
    endpoints: options.endpoints,
    event: { name: "cli", payload: {} },
    dryRun: false,
    runId: "run-1",
    trigger: "cli",
    env: options.env ?? {},
    github: {},
    params: options.params ?? {},
    clock: options.clock ?? instantClock(),
  });
  if (outcome.stage !== "ran")
    throw new Error(`the pipeline stopped at ${outcome.stage}: ${JSON.stringify(outcome)}`);
  return { runs: outcome.runs, secrets: outcome.secrets };
}
