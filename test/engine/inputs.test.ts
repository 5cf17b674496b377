// mergeParams (src/engine/inputs.ts): the params precedence and dispatch input typing of dispatch inputs.
import { describe, expect, it } from "vitest";
import { mergeParams } from "../../src/engine/inputs.js";
import type { DispatchInputSpec } from "../../src/engine/plan-schema.js";
import { selectWorkflows } from "../../src/triggers/select.js";
import { planOf } from "../triggers/plans.js";

const merge = (
  declared: Record<string, DispatchInputSpec> | undefined,
  ...layers: Record<string, unknown>[]
) => mergeParams(declared, layers);

describe("mergeParams: precedence", () => {
  it("merges at the top level, later layers over earlier ones", () => {
    const definition = { date: "from-definition", region: "west", nested: { a: 1, b: 2 } };
    const event = { date: "from-event", nested: { a: 9 } };
    const caller = { date: "from-caller" };
    expect(merge(undefined, definition, event, caller)).toEqual({
      ok: true,
      params: { date: "from-caller", region: "west", nested: { a: 9 } },
    });
  });

  it("keeps undeclared values as given, an empty string included", () => {
    expect(merge({}, { a: "x" }, { a: "", n: "5", flag: "true" })).toEqual({
      ok: true,
      params: { a: "", n: "5", flag: "true" },
    });
  });

  it("lets a lower layer stand when a declared input comes empty, as GitHub sends unfilled inputs", () => {
    const declared = { date: { type: "string" as const } };
    expect(merge(declared, { date: "2024-06-01" }, { date: "" })).toEqual({
      ok: true,
      params: { date: "2024-06-01" },
    });
  });
});

describe("mergeParams: declared inputs", () => {
  it("converts number text, boolean text and checks choices", () => {
    const declared: Record<string, DispatchInputSpec> = {
      count: { type: "number" },
      ratio: { type: "number" },
      dry: { type: "boolean" },
      on: { type: "boolean" },
      size: { type: "choice", options: ["small", "large"] },
      label: { type: "string" },
      untyped: {},
    };
    const event = {
      count: " 12 ",
      ratio: "-0.5e1",
      dry: "false",
      on: true,
      size: "large",
      label: " 7 ",
      untyped: "3",
    };
    expect(merge(declared, event)).toEqual({
      ok: true,
      params: { count: 12, ratio: -5, dry: false, on: true, size: "large", label: " 7 ", untyped: "3" },
    });
  });

  it("takes a number or choice that is already typed, as a client_payload carries it", () => {
    const declared: Record<string, DispatchInputSpec> = {
      n: { type: "number" },
      level: { type: "choice", options: ["1", "2"] },
    };
    expect(merge(declared, { n: 3, level: 2 })).toEqual({ ok: true, params: { n: 3, level: "2" } });
  });

  it.each([
    ["number", { type: "number" }, "12abc", 'the input "x" must be a number, got "12abc"'],
    ["hex number", { type: "number" }, "0x10", 'the input "x" must be a number, got "0x10"'],
    ["infinite number", { type: "number" }, "Infinity", 'the input "x" must be a number, got "Infinity"'],
    ["boolean", { type: "boolean" }, "yes", 'the input "x" must be true or false, got "yes"'],
    ["choice", { type: "choice", options: ["a", "b"] }, "c", 'the input "x" must be one of a, b; got "c"'],
    [
      "choice object",
      { type: "choice", options: ["a"] },
      { a: 1 },
      'the input "x" must be one of a; got {"a":1}',
    ],
    [
      "choice without options",
      { type: "choice" },
      "a",
      'the input "x" must be one of its options, but it declares none; got "a"',
    ],
  ] as const)("rejects a bad %s, saying what it got", (_kind, spec, value, message) => {
    expect(merge({ x: spec as DispatchInputSpec }, { x: value })).toEqual({ ok: false, errors: [message] });
  });

  it("enforces required, counting an empty string as not given, and reports every problem", () => {
    const declared: Record<string, DispatchInputSpec> = {
      date: { required: true },
      region: { required: true },
      n: { type: "number" },
    };
    expect(merge(declared, {}, { date: "", n: "many" })).toEqual({
      ok: false,
      errors: [
        'the input "date" is required (on.dispatch.inputs): give it as a dispatch input, in the client_payload or in params',
        'the input "region" is required (on.dispatch.inputs): give it as a dispatch input, in the client_payload or in params',
        'the input "n" must be a number, got "many"',
      ],
    });
  });

  it("fills the default, typed, when no layer gives a value", () => {
    const declared: Record<string, DispatchInputSpec> = {
      n: { type: "number", default: "3", required: true },
      dry: { type: "boolean", default: true },
    };
    expect(merge(declared, { n: "" })).toEqual({ ok: true, params: { n: 3, dry: true } });
  });

  it("leaves an optional input without a value or default out", () => {
    expect(merge({ date: {} }, { other: 1 })).toEqual({ ok: true, params: { other: 1 } });
  });

  it("does not mistake Object.prototype's members for given values", () => {
    expect(merge({ toString: { required: true } }, {})).toEqual({
      ok: false,
      errors: [expect.stringContaining('the input "toString" is required')],
    });
  });
});

describe("mergeParams: hostile payloads", () => {
  it("keeps a __proto__ key of a client_payload as data, never reaching Object.prototype", () => {
    const payload = JSON.parse(
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "a": 1}',
    );
    const plan = planOf("Weekly", "{ repository_dispatch: }");
    const selected = selectWorkflows([plan], false, {
      name: "repository_dispatch",
      payload: { action: "x", client_payload: payload },
    });
    if (!selected.ok) throw new Error(selected.error);
    const merged = mergeParams(undefined, [{}, selected.selections[0]?.eventParams ?? {}, {}]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (!merged.ok) throw new Error(merged.errors.join());
    expect(Object.getPrototypeOf(merged.params)).toBe(Object.prototype);
    expect(Object.hasOwn(merged.params, "__proto__")).toBe(true);
    expect(JSON.stringify(merged.params)).toBe(
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"a":1}',
    );
  });
});
