/** A finished span as data: what the export turns into OpenTelemetry's own spans. */
export interface SpanSpec {
  name: string;
  spanId: string;
  /** The span it belongs to, or null for the run's own span. */
  parentId: string | null;
  /** `client` for a call that went out (its traceparent named this span), else `internal`. */
  kind: "client" | "internal";
  /** Epoch milliseconds. */
  start: number;
  end: number;
  attributes: Record<string, string | number | boolean>;
  /** Why it did not succeed (the span's error status), or null. */
  error: string | null;
}
