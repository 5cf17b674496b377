import { describe, expect, it } from "vitest";
import { cutAt, oneLine, shorten } from "../../src/report/text.js";

describe("shorten", () => {
  it("keeps a text that fits and marks a cut one", () => {
    expect(shorten("timed out after 10 s", 40)).toBe("timed out after 10 s");
    expect(shorten("abcdefghij", 5)).toBe("abcd…");
  });

  it("never splits an emoji in two", () => {
    expect(cutAt("ab😀", 3)).toBe("ab");
    expect(shorten("ab😀cd", 4)).toBe("ab…");
  });
});

describe("oneLine", () => {
  it("turns line breaks, tabs and terminal escapes into single spaces", () => {
    expect(oneLine("  first\r\nsecond\tthird\u001b[2Jfourth\u2028fifth ")).toBe(
      "first second third [2Jfourth fifth",
    );
  });

  it("shows text in the order it is stored: bidirectional controls become spaces", () => {
    expect(oneLine("invoice\u202Efdp.exe\u2066x\u2069")).toBe("invoice fdp.exe x");
  });
});
