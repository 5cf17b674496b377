// Where spans go, read from OpenTelemetry's standard variables: the endpoint as the OTLP exporter
// specification builds it, the protocol, and warnings that tell what to do without echoing a value.
import { describe, expect, it } from "vitest";
import {
  otlpHeaders,
  otlpHeaderValues,
  otlpTarget,
  otlpTimeoutMs,
  shownUrl,
} from "../../src/tracing/otlp-target.js";

const BASE = "OTEL_EXPORTER_OTLP_ENDPOINT";
const OWN = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
const PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL";
const OWN_PROTOCOL = "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL";
const HEADERS = "OTEL_EXPORTER_OTLP_HEADERS";
const OWN_HEADERS = "OTEL_EXPORTER_OTLP_TRACES_HEADERS";
const TIMEOUT = "OTEL_EXPORTER_OTLP_TIMEOUT";
const OWN_TIMEOUT = "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT";

describe("otlpTarget", () => {
  it("is null when neither endpoint variable is set (or they are blank)", () => {
    expect(otlpTarget({})).toBeNull();
    expect(otlpTarget({ [BASE]: "", [OWN]: "  " })).toBeNull();
    // A protocol alone asks for nothing.
    expect(otlpTarget({ [PROTOCOL]: "grpc", OTEL_EXPORTER_OTLP_HEADERS: "a=b" })).toBeNull();
  });

  it.each([
    ["http://collector:4318", "http://collector:4318/v1/traces"],
    ["http://collector:4318/", "http://collector:4318/v1/traces"],
    ["https://otlp.example.com/otlp", "https://otlp.example.com/otlp/v1/traces"],
    ["https://otlp.example.com/otlp//", "https://otlp.example.com/otlp/v1/traces"],
  ])("appends /v1/traces to the general endpoint %s", (endpoint, url) => {
    expect(otlpTarget({ [BASE]: endpoint })).toEqual({ ok: true, url, protocol: "http/protobuf" });
  });

  it("takes the traces endpoint as it is, and it wins over the general one", () => {
    expect(otlpTarget({ [OWN]: "http://collector:4318/custom" })).toEqual({
      ok: true,
      url: "http://collector:4318/custom",
      protocol: "http/protobuf",
    });
    expect(otlpTarget({ [OWN]: "http://traces:9000/in", [BASE]: "http://general:4318" })).toMatchObject({
      ok: true,
      url: "http://traces:9000/in",
    });
  });

  it("defaults to http/protobuf and takes http/json", () => {
    expect(otlpTarget({ [BASE]: "http://c:4318" })).toMatchObject({ protocol: "http/protobuf" });
    expect(otlpTarget({ [BASE]: "http://c:4318", [PROTOCOL]: "http/json" })).toMatchObject({
      ok: true,
      protocol: "http/json",
    });
    expect(otlpTarget({ [BASE]: "http://c:4318", [PROTOCOL]: "http/protobuf" })).toMatchObject({
      ok: true,
      protocol: "http/protobuf",
    });
  });

  it("the traces protocol wins over the general one", () => {
    expect(
      otlpTarget({ [BASE]: "http://c:4318", [PROTOCOL]: "grpc", [OWN_PROTOCOL]: "http/json" }),
    ).toMatchObject({ ok: true, protocol: "http/json" });
    expect(
      otlpTarget({ [BASE]: "http://c:4318", [PROTOCOL]: "http/json", [OWN_PROTOCOL]: "http/protobuf" }),
    ).toMatchObject({ ok: true, protocol: "http/protobuf" });
  });

  it("grpc is refused with a warning naming the variable and what to set", () => {
    const target = otlpTarget({ [BASE]: "http://c:4317", [PROTOCOL]: "grpc" });
    expect(target?.ok).toBe(false);
    const warning = target && !target.ok ? target.warning : "";
    expect(warning).toMatch(/^traces are not exported: /);
    expect(warning).toContain(`${PROTOCOL} is grpc`);
    expect(warning).toContain("http/protobuf");
    expect(warning).toContain("http/json");
    expect(warning).toContain(BASE);
    expect(warning).toContain("4318");
  });

  it("grpc in the traces protocol names that variable and the traces endpoint", () => {
    const target = otlpTarget({ [OWN]: "http://c:4317", [OWN_PROTOCOL]: "grpc" });
    const warning = target && !target.ok ? target.warning : "";
    expect(warning).toContain(`${OWN_PROTOCOL} is grpc`);
    expect(warning).toContain(OWN);
  });

  it("an unknown protocol is refused, naming it and the accepted ones", () => {
    const target = otlpTarget({ [BASE]: "http://c:4318", [PROTOCOL]: "http/thrift" });
    expect(target).toEqual({
      ok: false,
      warning: `traces are not exported: ${PROTOCOL} is "http/thrift"; set it to http/protobuf (the default) or http/json`,
    });
  });

  it.each(["collector:4318 token=s3cr3t-value", "ftp://user:s3cr3t-value@host/", "file:///s3cr3t-value"])(
    "an endpoint that is no http(s) URL is refused without echoing it: %s",
    (endpoint) => {
      for (const variable of [BASE, OWN]) {
        const target = otlpTarget({ [variable]: endpoint });
        expect(target).toEqual({
          ok: false,
          warning: `traces are not exported: ${variable} is not an http(s) URL`,
        });
        expect(JSON.stringify(target)).not.toContain("s3cr3t");
      }
    },
  );
});

describe("otlpHeaders", () => {
  it("is empty without the variables (or with blank ones)", () => {
    expect(otlpHeaders({})).toEqual({});
    expect(otlpHeaders({ [HEADERS]: "", [OWN_HEADERS]: " " })).toEqual({});
  });

  it("parses name=value pairs, trimmed, values URL-decoded", () => {
    expect(otlpHeaders({ [HEADERS]: " api-key = canary-123 ,x-tenant=team%20a%2Cb" })).toEqual({
      "api-key": "canary-123",
      "x-tenant": "team a,b",
    });
  });

  it("the traces' own variable adds to the general one, and wins on a name both give", () => {
    expect(
      otlpHeaders({ [HEADERS]: "a=general-a,b=general-b", [OWN_HEADERS]: "b=traces-b,c=traces-c" }),
    ).toEqual({ a: "general-a", b: "traces-b", c: "traces-c" });
    expect(otlpHeaders({ [OWN_HEADERS]: "only=traces" })).toEqual({ only: "traces" });
  });

  it("keeps a value that holds '=' whole; skips pairs without '=' or without a name", () => {
    expect(otlpHeaders({ [HEADERS]: "authorization=Basic dXNlcjpw==,junk,=nameless,,k=v" })).toEqual({
      authorization: "Basic dXNlcjpw==",
      k: "v",
    });
  });

  it("a value that does not percent-decode is sent as it is", () => {
    expect(otlpHeaders({ [HEADERS]: "k=abc%zz" })).toEqual({ k: "abc%zz" });
  });
});

describe("otlpTimeoutMs", () => {
  it("is null without the variables (the SDK's default then)", () => {
    expect(otlpTimeoutMs({})).toBeNull();
    expect(otlpTimeoutMs({ [TIMEOUT]: " ", [OWN_TIMEOUT]: "" })).toBeNull();
  });

  it("reads milliseconds, the traces' own variable over the general one", () => {
    expect(otlpTimeoutMs({ [TIMEOUT]: "1000" })).toBe(1000);
    expect(otlpTimeoutMs({ [TIMEOUT]: " 2500 " })).toBe(2500);
    expect(otlpTimeoutMs({ [OWN_TIMEOUT]: "750" })).toBe(750);
    expect(otlpTimeoutMs({ [TIMEOUT]: "1000", [OWN_TIMEOUT]: "500" })).toBe(500);
  });

  it.each(["0", "-5", "abc", "10s", "Infinity"])(
    "is null for %j, which is no positive number of ms",
    (text) => {
      expect(otlpTimeoutMs({ [TIMEOUT]: text })).toBeNull();
    },
  );
});

describe("otlpHeaderValues", () => {
  it("parses a=b,c=secret%20x: the secret raw and decoded; a value too short to mask is left out", () => {
    const values = otlpHeaderValues({ OTEL_EXPORTER_OTLP_HEADERS: "a=b,c=secret%20x" });
    expect(values).toEqual(["secret%20x", "secret x"]);
  });

  it("gives each value of both header variables, raw and percent-decoded", () => {
    const values = otlpHeaderValues({
      OTEL_EXPORTER_OTLP_HEADERS: "a=bcde,c=secret%20x",
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: "api-key= canary-123 ",
    });
    expect(values).toContain("bcde");
    expect(values).toContain("secret%20x");
    expect(values).toContain("secret x");
    expect(values).toContain("canary-123");
  });

  it("keeps a value that holds '=' whole, and skips pairs without one", () => {
    const values = otlpHeaderValues({ OTEL_EXPORTER_OTLP_HEADERS: "authorization=Basic dXNlcjpw==,junk" });
    expect(values).toContain("Basic dXNlcjpw==");
    expect(values).not.toContain("junk");
  });

  it("a value that does not percent-decode is still given as it is", () => {
    expect(otlpHeaderValues({ OTEL_EXPORTER_OTLP_HEADERS: "k=abc%zz" })).toContain("abc%zz");
  });

  it("gives a value once, however many times it stands in the variables", () => {
    expect(
      otlpHeaderValues({ [HEADERS]: "a=same-value,b=same-value", [OWN_HEADERS]: "a=same-value" }),
    ).toEqual(["same-value"]);
  });

  it("masks both values of a name the traces' variable overrides: each stands in the env", () => {
    const values = otlpHeaderValues({ [HEADERS]: "k=general-key", [OWN_HEADERS]: "k=traces-key" });
    expect(values).toContain("general-key");
    expect(values).toContain("traces-key");
  });

  it("leaves out a decoded value shorter than 4 characters, keeping its longer raw form", () => {
    expect(otlpHeaderValues({ [HEADERS]: "k=%41%42" })).toEqual(["%41%42"]);
    expect(otlpHeaderValues({ [HEADERS]: "k=abc" })).toEqual([]);
  });

  it("is empty without the variables", () => {
    expect(otlpHeaderValues({})).toEqual([]);
  });
});

describe("shownUrl", () => {
  it("drops a user and password, keeping the rest", () => {
    const shown = shownUrl("https://user:p4ssw0rd@otlp.example.com:4318/v1/traces?x=1");
    expect(shown).toBe("https://otlp.example.com:4318/v1/traces?x=1");
    expect(shown).not.toContain("p4ssw0rd");
    expect(shown).not.toContain("user");
  });

  it("leaves a URL without credentials as it is", () => {
    expect(shownUrl("http://127.0.0.1:4318/v1/traces")).toBe("http://127.0.0.1:4318/v1/traces");
  });
});
