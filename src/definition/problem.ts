/** A finding about a file a user wrote, pointing at the place to fix. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  /** The field, as a path: `tasks[2].service`. */
  field: string;
  message: string;
  severity: "error" | "warning";
}

export function formatProblem(problem: Problem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`;
  return `${where}: ${problem.severity}: ${problem.field}: ${problem.message}`;
}

export function errorsIn(problems: readonly Problem[]): Problem[] {
  return problems.filter((p) => p.severity === "error");
}

/** Thrown only at the edges (library, CLI, action) when a definition cannot run. */
export class DefinitionError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    const errors = errorsIn(problems);
    super(
      `${errors.length} problem${errors.length === 1 ? "" : "s"} in the definition:\n` +
        errors.map((p) => `  ${formatProblem(p)}`).join("\n"),
    );
    this.name = "DefinitionError";
  }
}
