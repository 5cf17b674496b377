import type { TaskResult, TokenUsage } from "../engine/result.js";

// Fixed to en-US so that a report reads the same on every runner, whatever its locale.
const COUNT = new Intl.NumberFormat("en-US");

/** `1,200 in · 80 out`: the prompt's tokens, then the answer's. */
export function tokensText(usage: TokenUsage): string {
  return `${COUNT.format(usage.input)} in · ${COUNT.format(usage.output)} out`;
}

/** Whether any task reported tokens: a run without agents' counts shows nothing about them. */
export function anyTokens(tasks: readonly TaskResult[]): boolean {
  return tasks.some((t) => t.usage !== null);
}
