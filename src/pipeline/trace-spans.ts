import type { CallRecord, RunResult, TaskResult } from "../engine/result.js";
import type { Redactor } from "../report/redact.js";
import { newSpanId } from "../tracing/trace-context.js";
import type { SpanSpec } from "../tracing/span-spec.js";

/**
 * A run's spans, parents first: the run, each task called in this attempt (replayed and
 * skipped ones were not), and each of its calls that sent a traceparent, under the id it
 * sent. Text is masked as in the summary: attributes leave the machine.
 */
export function spansOf(run: RunResult, redact: Redactor): SpanSpec[] {
  const runSpan: SpanSpec = {
    name: redact(run.workflow),
    spanId: newSpanId(),
    parentId: null,
    kind: "internal",
    start: Date.parse(run.startedAt),
    end: Date.parse(run.finishedAt),
    attributes: {
      "mgmt.workflow": redact(run.workflow),
      "mgmt.run.id": redact(run.runId),
      "mgmt.run.attempt": run.attempt,
      "mgmt.trigger": redact(run.trigger),
      "mgmt.status": run.status,
    },
    error:
      run.status === "failure" || run.status === "cancelled" ? redact(run.error ?? failedText(run)) : null,
  };
  const called = run.tasks.filter((task) => task.startedAt !== null && task.replayed === null);
  return [runSpan, ...called.flatMap((task) => taskSpans(task, runSpan.spanId, redact))];
}

function taskSpans(task: TaskResult, parentId: string, redact: Redactor): SpanSpec[] {
  const start = Date.parse(task.startedAt as string);
  const failed = task.status === "failure" || task.status === "cancelled";
  const own: SpanSpec = {
    name: redact(task.name),
    // The id its later polls and its agent card's read sent as their parent, when it has one.
    spanId: task.spanId ?? newSpanId(),
    parentId,
    kind: "internal",
    start,
    end: start + task.durationMs,
    attributes: {
      "mgmt.task": redact(task.name),
      "mgmt.task.kind": task.kind,
      "mgmt.endpoint": redact(task.target),
      "mgmt.action": redact(task.action),
      "mgmt.status": task.status,
      "mgmt.attempts": task.attempts,
      "mgmt.polls": task.polls,
      ...(task.usage
        ? { "gen_ai.usage.input_tokens": task.usage.input, "gen_ai.usage.output_tokens": task.usage.output }
        : {}),
      ...(task.request
        ? { "http.request.method": task.request.method, "url.full": redact(task.request.url) }
        : {}),
    },
    error: failed ? redact(task.error ?? task.status) : null,
  };
  const calls = task.calls.filter((call): call is CallRecord & { spanId: string; startedAt: string } =>
    Boolean(call.spanId && call.startedAt),
  );
  return [
    own,
    ...calls.map((call, index) => ({
      name: `${redact(task.name)} attempt ${call.attempt}`,
      spanId: call.spanId,
      parentId: own.spanId,
      kind: "client" as const,
      start: Date.parse(call.startedAt),
      end: Date.parse(call.startedAt) + call.durationMs,
      attributes: {
        "mgmt.task": redact(task.name),
        "mgmt.attempt": call.attempt,
        "mgmt.call": index + 1,
        ...(call.httpStatus === null ? {} : { "http.response.status_code": call.httpStatus }),
      },
      error: call.error === null ? null : redact(call.error),
    })),
  ];
}

function failedText(run: RunResult): string {
  const failed = run.tasks.filter((task) => task.status === "failure" && !task.continueOnError);
  return `failed: ${failed.map((task) => task.name).join(", ")}`;
}
