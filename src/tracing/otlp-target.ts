/** Where and how spans go, read from OpenTelemetry's standard variables. */
export type OtlpTarget =
  { ok: true; url: string; protocol: "http/protobuf" | "http/json" } | { ok: false; warning: string };

type Env = Record<string, string | undefined>;

const set = (env: Env, name: string) => {
  const value = env[name]?.trim();
  return value ? value : null;
};

/**
 * The OTLP/HTTP target, or null when no endpoint variable is set (nothing is exported, and the
 * SDK is never loaded). The traces' own endpoint is taken as it is; the general one gets
 * `v1/traces` appended, as the OTLP exporter specification says. gRPC is not offered: this
 * action speaks OTLP over HTTP only.
 */
export function otlpTarget(env: Env): OtlpTarget | null {
  const own = set(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
  const base = set(env, "OTEL_EXPORTER_OTLP_ENDPOINT");
  if (own === null && base === null) return null;
  const variable = own !== null ? "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" : "OTEL_EXPORTER_OTLP_ENDPOINT";
  const url = own ?? `${(base as string).replace(/\/+$/, "")}/v1/traces`;
  const protocolVariable = set(env, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
    ? "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"
    : "OTEL_EXPORTER_OTLP_PROTOCOL";
  const protocol = set(env, protocolVariable) ?? "http/protobuf";
  if (protocol === "grpc")
    return {
      ok: false,
      warning: `traces are not exported: ${protocolVariable} is grpc, which this action does not speak; set it to http/protobuf (the default) or http/json, and point ${variable} at the collector's OTLP/HTTP port (usually 4318)`,
    };
  if (protocol !== "http/protobuf" && protocol !== "http/json")
    return {
      ok: false,
      warning: `traces are not exported: ${protocolVariable} is "${protocol}"; set it to http/protobuf (the default) or http/json`,
    };
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    return { ok: false, warning: `traces are not exported: ${variable} is not an http(s) URL` };
  return { ok: true, url, protocol };
}

/** The URL as it may be shown: without a user or password, which would be a credential. */
export function shownUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = "";
  parsed.password = "";
  return parsed.href;
}

/**
 * The headers the collector is sent (`api-key=…,x=…`, values URL-decoded), the traces' own
 * variable over the general one's. Read from the env given, which for the library may not be
 * the process's: the SDK would read only the process's.
 */
export function otlpHeaders(env: Env): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { name, raw } of headerPairs(env)) if (name) headers[name] = decoded(raw);
  return headers;
}

/** Each `name=value` of the headers variables, the general one's first, the value as written. */
function headerPairs(env: Env): Array<{ name: string; raw: string }> {
  const lists = [env["OTEL_EXPORTER_OTLP_HEADERS"], env["OTEL_EXPORTER_OTLP_TRACES_HEADERS"]];
  return lists.flatMap((list) =>
    (list ?? "").split(",").flatMap((pair) => {
      const at = pair.indexOf("=");
      return at < 0 ? [] : [{ name: pair.slice(0, at).trim(), raw: pair.slice(at + 1).trim() }];
    }),
  );
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The collector's credentials as they stand in the env and as sent: masked wherever text shows. */
export function otlpHeaderValues(env: Env): string[] {
  const raw = headerPairs(env).map((pair) => pair.raw);
  return [...new Set([...raw, ...Object.values(otlpHeaders(env))])].filter((value) => value.length >= 4);
}

/** The export's time limit in ms, from the standard variables; null: the SDK's default (10 s). */
export function otlpTimeoutMs(env: Env): number | null {
  // An invalid traces' own value falls back to the general one, as the SDK reads them.
  for (const name of ["OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT"]) {
    const ms = Number(set(env, name) ?? Number.NaN);
    if (Number.isFinite(ms) && ms > 0) return ms;
  }
  return null;
}
