import { RunStatus } from "../engine/result.js";

/**
 * The run statuses that fail the step (the action) or exit 1 (the CLI), from `failure,cancelled`.
 * Any run status may be listed, `waiting` too: by default a run that waits for review exits 0.
 */
export function parseFailOn(text: string): { ok: true; value: RunStatus[] } | { ok: false; error: string } {
  const value = text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((s) => s.toLowerCase());
  const bad = value.filter((s) => !RunStatus.safeParse(s).success);
  if (bad.length) {
    return {
      ok: false,
      error: `fail-on: unknown status ${bad.join(", ")} (use ${RunStatus.options.join(", ")})`,
    };
  }
  return { ok: true, value: value as RunStatus[] };
}

export const DEFAULT_FAIL_ON = "failure,cancelled";
