import cronstrue from "cronstrue";

/** Collapses whitespace so that `0  6 * * *` matches `0 6 * * *`. */
export function normalizeCron(cron: string): string {
  return cron.trim().replace(/\s+/g, " ");
}

/**
 * A cron in plain English, in UTC as GitHub runs every schedule: `0 6 * * *` → `every day
 * at 06:00 UTC`. Undefined when cronstrue cannot read it (the cron is then shown as is).
 */
export function describeCron(cron: string): string | undefined {
  let text: string;
  try {
    text = cronstrue.toString(cron, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
  } catch {
    return undefined;
  }
  text = text.charAt(0).toLowerCase() + text.slice(1);
  // cronstrue leaves "every day" implicit for a daily time ("At 06:00"); a reader wants it said.
  if (/^at \d/.test(text) && !text.includes(",")) text = `every day ${text}`;
  return text.replace(/(\d{2}:\d{2})(?!.*\d{2}:\d{2})/, "$1 UTC");
}

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  },
  { name: "day of week", min: 0, max: 6, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];

/** One item of a field: `*`, `?`, a value or a range, with an optional `/step`. */
const ITEM = /^(\*|\?|([0-9]+|[A-Za-z]{3})(-([0-9]+|[A-Za-z]{3}))?)(\/[1-9][0-9]*)?$/;

/**
 * Why GitHub would refuse a cron, or undefined. A GitHub workflow with one bad cron is
 * refused as a whole, every trigger with it, so this is checked before one is written.
 * The rules are actionlint's: five fields, values in range, no `@daily` descriptors.
 */
export function cronError(cron: string): string | undefined {
  const fields = normalizeCron(cron).split(" ");
  if (fields.length !== 5) {
    return `"${cron}" has ${fields.length} field(s); GitHub takes 5: minute hour day-of-month month day-of-week`;
  }
  for (const [i, field] of fields.entries()) {
    const spec = FIELDS[i] as (typeof FIELDS)[number];
    for (const item of field.split(",")) {
      const match = ITEM.exec(item);
      if (!match)
        return `"${cron}": the ${spec.name} field has "${item}", which is not a value, range or step`;
      for (const value of [match[2], match[4]]) {
        if (value === undefined) continue;
        const n = /^\d+$/.test(value)
          ? Number(value)
          : (spec.names?.indexOf(value.toUpperCase()) ?? -1) + spec.min;
        if (n < spec.min || n > spec.max) {
          return `"${cron}": the ${spec.name} field has ${value}, outside ${spec.min}-${spec.max}${spec.names ? ` (or ${spec.names[0]}-${spec.names.at(-1)})` : ""}`;
        }
      }
    }
  }
  return undefined;
}

/** GitHub's shortest interval between runs of one schedule. */
export const GITHUB_MIN_INTERVAL_MINUTES = 5;

/**
 * Why a valid cron asks for more than GitHub gives, or undefined: GitHub runs a schedule at
 * most every 5 minutes, so a cron every 2 minutes runs less often than it reads.
 */
export function cronFrequencyWarning(cron: string): string | undefined {
  const gap = shortestGap(cron);
  if (gap === undefined || gap >= GITHUB_MIN_INTERVAL_MINUTES) return undefined;
  return `"${cron}" asks for runs ${gap} minute${gap === 1 ? "" : "s"} apart; GitHub runs a schedule at most every ${GITHUB_MIN_INTERVAL_MINUTES} minutes`;
}

/**
 * The fewest minutes between two runs of a valid cron as its minute and hour fields allow,
 * undefined for a cron GitHub refuses. Across the hour only when the hours hold two in a row.
 */
export function shortestGap(cron: string): number | undefined {
  if (cronError(cron)) return undefined;
  const [minuteField, hourField] = normalizeCron(cron).split(" ") as [string, string];
  const minutes = valuesOf(minuteField, 0, 59);
  const hours = valuesOf(hourField, 0, 23);
  if (minutes.length === 0) return undefined;
  const gaps = minutes.slice(1).map((m, i) => m - (minutes[i] as number));
  // 23h and 0h are a day apart when the day fields skip days: only hours within one day count.
  const nextHourToo = hours.some((h) => hours.includes(h + 1));
  if (nextHourToo) gaps.push(60 - (minutes.at(-1) as number) + (minutes[0] as number));
  return gaps.length ? Math.min(...gaps) : undefined;
}

/** The sorted values a numeric field matches: `*`, `?`, `a`, `a-b`, each with `/step`, in a list. */
function valuesOf(field: string, min: number, max: number): number[] {
  const values = new Set<number>();
  for (const item of field.split(",")) {
    const [range = "", step = "1"] = item.split("/");
    const [from, to] =
      range === "*" || range === "?"
        ? [min, max]
        : range.includes("-")
          ? (range.split("-").map(Number) as [number, number])
          : // `5/15` runs from 5 to the end of the field, as in Vixie cron.
            [Number(range), item.includes("/") ? max : Number(range)];
    for (let v = from; v <= to; v += Number(step)) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}
