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
