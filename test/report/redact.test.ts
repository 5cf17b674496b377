import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskedLine, redactDeep, redactedStart, redactText, textRedactor } from "../../src/report/redact.js";

describe("redactText", () => {
  it("masks every occurrence of every secret", () => {
    expect(redactText("a=s3cr3t b=s3cr3t c=pw", ["s3cr3t", "pw"])).toBe("a=*** b=*** c=***");
  });

  it("masks the longest secret whole when one contains another", () => {
    expect(redactText("token abc123 and abc", ["abc", "abc123"])).toBe("token *** and ***");
  });

  it("ignores empty secrets instead of masking everything", () => {
    expect(redactText("plain", ["", "x"])).toBe("plain");
  });

  it("leaves no secret in any text", () => {
    const secret = fc.string({ minLength: 3, maxLength: 12 }).filter((s) => !s.includes("*"));
    fc.assert(
      fc.property(
        fc.array(secret, { minLength: 1, maxLength: 3 }),
        fc.array(fc.string()),
        (secrets, pieces) => {
          const text = pieces.flatMap((p, i) => [p, secrets[i % secrets.length] as string]).join("");
          const masked = redactText(text, secrets);
          for (const s of secrets) expect(masked).not.toContain(s);
        },
      ),
    );
  });
});

describe("maskedLine", () => {
  it("makes the line before masking, so a secret spread over spaces is still found", () => {
    expect(maskedLine(textRedactor(["pass word"]), "my pass \n  word!")).toBe("my ***!");
  });
});

describe("redactDeep", () => {
  it("masks strings, keys, and numbers whose text is a secret", () => {
    const value = { user: "bob", token: "hunter2", nested: [{ hunter2: 1 }, 424242, true], none: null };
    expect(redactDeep(value, ["hunter2", "4242"])).toEqual({
      user: "bob",
      token: "***",
      nested: [{ "***": 1 }, "***42", true],
      none: null,
    });
  });

  it("keeps a __proto__ key a plain key", () => {
    const value = JSON.parse('{"__proto__": {"polluted": "secret"}}');
    const masked = redactDeep(value, ["secret"]);
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(Object.hasOwn(masked, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("shares what holds no secret instead of copying it", () => {
    const big = { rows: Array.from({ length: 1000 }, (_, i) => ({ i })) };
    const value = { big, leak: "secret" };
    const masked = redactDeep(value, ["secret"]);
    expect(masked.big).toBe(big);
    expect(redactDeep(value, [])).toBe(value);
  });
});

describe("redactedStart", () => {
  const redact = textRedactor(["SECRETVALUE"]);

  it("masks a secret the cut would split, before cutting", () => {
    const text = `${"a".repeat(95)}SECRETVALUE${"b".repeat(1000)}`;
    expect(redactedStart(redact, text, 100)).toBe(`${"a".repeat(95)}***bb`);
    expect(redactedStart(redact, text, 97)).toBe(`${"a".repeat(95)}**`);
  });

  it("masks a text that fits whole", () => {
    expect(redactedStart(redact, "short SECRETVALUE", 100)).toBe("short ***");
  });
});
