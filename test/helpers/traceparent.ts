import { expect } from "vitest";

/** A W3C traceparent as mgmt sends it: version 00, a trace id, a span id, sampled. */
export const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

/** The trace and span id a request's traceparent carries; fails the test on a header that is not W3C. */
export function sentParent(header: unknown, where: string): { traceId: string; spanId: string } {
  const match = TRACEPARENT.exec(String(header ?? ""));
  expect(match, `a W3C traceparent on ${where}`).not.toBeNull();
  const [, traceId, spanId] = match as RegExpExecArray;
  expect(spanId, `the span id on ${where}`).not.toBe("0".repeat(16));
  return { traceId: traceId as string, spanId: spanId as string };
}
