import type { Problem } from "../definition/problem.js";
import { parseSource, type Source } from "../definition/source.js";
import type { WorkflowPlan } from "../engine/plan.js";
import { normalizeCron } from "../definition/cron.js";

/**
 * Warnings where the definitions' crons and a GitHub workflow's `on.schedule` disagree: a
 * definition's cron GitHub never fires (the definition silently never runs on it), or a
 * GitHub cron no definition declares (that run fails). Each points into the GitHub workflow.
 */
export function cronDrift(
  plans: WorkflowPlan[],
  githubWorkflowText: string,
  githubWorkflowFile: string,
): Problem[] {
  const parsed = parseSource(githubWorkflowFile, githubWorkflowText);
  if (!parsed.ok) {
    return parsed.problems.map((p) => ({
      ...p,
      severity: "warning",
      message: `cannot compare crons: ${p.message}`,
    }));
  }
  const { source } = parsed;
  const github = githubCrons(source);
  const declared = definitionCrons(plans);
  const problems: Problem[] = [];

  for (const [cron, ids] of declared) {
    if (github.some((g) => g.cron === cron)) continue;
    const where = github.length ? ["on", "schedule"] : ["on"];
    problems.push(
      source.problem(
        where,
        `"${cron}" (on.schedule of ${ids.join(", ")}) is not in this workflow's on.schedule: GitHub never starts ` +
          `${ids.length === 1 ? "it" : "them"} on that cron (add it, or run mgmt init --force)`,
        { severity: "warning", atKey: true },
      ),
    );
  }
  const known = [...declared.keys()].map((c) => `"${c}"`).join(", ") || "none";
  for (const { cron, index } of github) {
    if (declared.has(cron)) continue;
    problems.push(
      source.problem(
        ["on", "schedule", index, "cron"],
        `"${cron}" is declared by no definition: its runs fail without a call (the definitions declare ${known})`,
        { severity: "warning" },
      ),
    );
  }
  return problems;
}

/** Each normalized cron the definitions declare, with the ids declaring it. */
function definitionCrons(plans: readonly WorkflowPlan[]): Map<string, string[]> {
  const crons = new Map<string, string[]>();
  for (const plan of plans) {
    for (const { cron } of plan.triggers.schedule ?? []) {
      const ids = crons.get(normalizeCron(cron)) ?? [];
      if (!ids.includes(plan.id)) crons.set(normalizeCron(cron), [...ids, plan.id]);
    }
  }
  return crons;
}

/** The crons of `on.schedule`, normalized, with their index; none when `on` is a name or a list of names. */
function githubCrons(source: Source): Array<{ cron: string; index: number }> {
  const on = (source.value as { on?: unknown } | null)?.on;
  const schedule =
    on && typeof on === "object" && !Array.isArray(on) ? (on as { schedule?: unknown }).schedule : [];
  if (!Array.isArray(schedule)) return [];
  return schedule.flatMap((entry: unknown, index) => {
    const cron = (entry as { cron?: unknown } | null)?.cron;
    return typeof cron === "string" ? [{ cron: normalizeCron(cron), index }] : [];
  });
}
