import { describe, expect, it } from "vitest";
import { previewJson, SHORTENED } from "../../src/report/preview.js";
import { textRedactor } from "../../src/report/redact.js";

const none = textRedactor([]);

describe("previewJson", () => {
  it("pretty-prints a small value exactly as JSON.stringify does", () => {
    const value = { a: [1, "two", null, true, { b: [] }], c: {}, 'k"ey': "v\nw" };
    expect(previewJson(value, 1000, none)).toEqual({
      text: JSON.stringify(value, null, 2),
      shortened: false,
    });
  });

  it("cuts a large value near the limit and says so", () => {
    const { text, shortened } = previewJson(
      { rows: Array.from({ length: 10_000 }, (_, i) => ({ i })) },
      300,
      none,
    );
    expect(text.length).toBe(300 + SHORTENED.length);
    expect(text.endsWith(SHORTENED)).toBe(true);
    expect(shortened).toBe(true);
  });

  it("reads only the start of a huge answer", () => {
    // A getter past the cut would throw if it were read.
    const rows = new Proxy([1, 2, 3], {
      get: (target, key) => {
        if (key === "length") return 1e9;
        if (typeof key === "string" && Number(key) > 100) throw new Error(`read row ${key}`);
        return Reflect.get(target, key) ?? "row";
      },
    });
    expect(previewJson({ rows }, 200, none).text).toContain(SHORTENED);
  });

  it("masks secrets in keys and values, and in a long string before cutting it", () => {
    const redact = textRedactor(["hunter2"]);
    expect(previewJson({ hunter2: "pw hunter2" }, 100, redact).text).toBe('{\n  "***": "pw ***"\n}');
    expect(previewJson(`${"x".repeat(25)}hunter2${"y".repeat(1e6)}`, 30, redact).text).toBe(
      `"${"x".repeat(25)}***y${SHORTENED}`,
    );
  });

  it("shows a number that is a secret masked", () => {
    expect(previewJson([424242], 100, textRedactor(["424242"])).text).toBe("[\n  ***\n]");
  });
});
