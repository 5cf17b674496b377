import type { TaskResult, TaskStatus } from "../engine/result.js";
import { codeBlock } from "./markdown.js";
import { maskedLine, type Redactor } from "./redact.js";
import { shownStatus, STATUS_EMOJI } from "./status.js";
import { shorten } from "./text.js";

/** Above this many tasks the diagram is left out: it becomes unreadable, and slow to draw. */
export const MAX_DIAGRAM_TASKS = 200;
/** Mermaid refuses to draw more edges than this (its `maxEdges` default). */
export const MAX_DIAGRAM_EDGES = 500;

/** A label is cut here: Mermaid refuses a diagram over 50,000 characters (`maxTextSize`). */
const LABEL_CHARS = 60;

/** Fill, stroke and text colour per status; pale fills so the labels stay readable in both themes. */
const STYLE: Record<TaskStatus, string> = {
  success: "fill:#dafbe1,stroke:#1a7f37,color:#0d3a1b",
  failure: "fill:#ffebe9,stroke:#cf222e,color:#5c0b10",
  rejected: "fill:#fff1e5,stroke:#bc4c00,color:#4d2000",
  // Blue, GitHub's colour for what is pending, apart from the warm colours of what went wrong.
  waiting: "fill:#ddf4ff,stroke:#0969da,color:#0a3069",
  skipped: "fill:#f6f8fa,stroke:#8c959f,color:#424a53",
  cancelled: "fill:#eaeef2,stroke:#57606a,color:#24292f,stroke-dasharray:4 3",
};

/** Why the diagram is left out, or null when it can be drawn. */
export function diagramOmission(tasks: readonly TaskResult[]): string | null {
  if (tasks.length > MAX_DIAGRAM_TASKS) {
    return `The diagram is left out: ${tasks.length} tasks is more than ${MAX_DIAGRAM_TASKS}.`;
  }
  const edges = tasks.reduce((sum, t) => sum + t.needs.length, 0);
  if (edges > MAX_DIAGRAM_EDGES) {
    return `The diagram is left out: ${edges} needs is more than the ${MAX_DIAGRAM_EDGES} edges Mermaid draws.`;
  }
  return null;
}

/**
 * Mermaid's `#name;` entity codes for every character that could end a quoted label, open
 * a markdown label (backtick), read as HTML, or start an entity itself; `text` is one line.
 */
function escapeLabel(text: string): string {
  const codes: Record<string, string> = {
    '"': "#quot;",
    "#": "#35;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "`": "#96;",
  };
  return text.replace(/["#&<>`]/g, (c) => codes[c] as string);
}

/**
 * A ```mermaid flowchart: one node per task (ids `t0`, `t1`, … so no name can be read as
 * syntax), one edge per need, each node in its status's class. Emoji in the labels say the
 * status to those who cannot tell the colours apart (and mark a replayed success ♻️).
 */
export function renderDiagram(tasks: readonly TaskResult[], redact: Redactor): string {
  const ids = new Map(tasks.map((t, i) => [t.name, `t${i}`]));
  const lines = ["flowchart LR"];
  for (const [i, task] of tasks.entries()) {
    // A no-break space keeps the emoji on the name's line.
    lines.push(
      `  t${i}["${escapeLabel(`${STATUS_EMOJI[shownStatus(task)]}\u00a0${shorten(maskedLine(redact, task.name), LABEL_CHARS)}`)}"]`,
    );
  }
  for (const [i, task] of tasks.entries()) {
    for (const need of task.needs) {
      const from = ids.get(need);
      if (from) lines.push(`  ${from} --> t${i}`);
    }
  }
  for (const status of Object.keys(STYLE) as TaskStatus[]) {
    const members = tasks.flatMap((t, i) => (t.status === status ? [`t${i}`] : []));
    if (members.length === 0) continue;
    lines.push(`  classDef ${status} ${STYLE[status]}`, `  class ${members.join(",")} ${status}`);
  }
  return codeBlock(lines.join("\n"), "mermaid");
}
