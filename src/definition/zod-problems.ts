import type { z } from "zod";
import type { Path, Problem } from "./problem.js";
import type { Source } from "./source.js";

/** Turns zod's issues into problems that point at the file, line and column. */
export function zodProblems(source: Source, issues: readonly z.core.$ZodIssue[], base: Path = []): Problem[] {
  return issues.flatMap((issue) => issueProblems(source, issue, [...base, ...(issue.path as Path)]));
}

function issueProblems(source: Source, issue: z.core.$ZodIssue, path: Path): Problem[] {
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) =>
        source.problem([...path, key], `unknown field "${key}"${suggestion(key)}`, { atKey: true }),
      );
    case "invalid_union": {
      // Show the object branch's own findings (an unknown field inside `retry`, say)
      // rather than "matches no form" when the value is an object.
      const nested = issue.errors.find((branch) => branch.some((i) => i.path.length > 0 || i.code === "unrecognized_keys"));
      if (nested) return zodProblems(source, nested, path);
      return [source.problem(path, issue.message)];
    }
    case "invalid_type":
      if (issue.input === undefined) return [source.problem(path, `is required (${issue.expected})`)];
      return [source.problem(path, `expected ${issue.expected}, got ${describe(issue.input)}`)];
    default:
      return [source.problem(path, issue.message)];
  }
}

const COMMON_SLIPS: Record<string, string> = {
  depends_on: "needs",
  dependsOn: "needs",
  params: "with",
  continue_on_error: "continue-on-error",
  continueOnError: "continue-on-error",
  condition: "if",
  endpoint: "service",
};

function suggestion(key: string): string {
  const better = COMMON_SLIPS[key];
  return better ? ` (did you mean "${better}"?)` : "";
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}
