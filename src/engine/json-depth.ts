/**
 * How deep answers, event payloads and params may nest. Deeper JSON is refused where it
 * enters: the code that reads, masks and writes it may then recurse without running out of
 * stack, and no real API nests anywhere near this.
 */
export const MAX_JSON_DEPTH = 100;

/** Whether a JSON value nests deeper than `max` arrays and objects; walks without recursion. */
export function nestsDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [current, depth] = item;
    if (current === null || typeof current !== "object") continue;
    if (depth >= max) return true;
    for (const child of Object.values(current)) {
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
    }
  }
  return false;
}
