import type { TokenUsage } from "./result.js";

/** The sum of two counts; null only when neither was reported, so a missing count never hides a known one. */
export function addUsage(a: TokenUsage | null, b: TokenUsage | null): TokenUsage | null {
  if (a === null) return b;
  if (b === null) return a;
  return { input: a.input + b.input, output: a.output + b.output };
}

/** The sum over several results (tasks of a run, calls of a task); null when none reported any. */
export function totalUsage(items: readonly { usage: TokenUsage | null }[]): TokenUsage | null {
  return items.reduce<TokenUsage | null>((sum, item) => addUsage(sum, item.usage), null);
}
