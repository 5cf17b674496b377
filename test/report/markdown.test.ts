import fc from "fast-check";
import { marked } from "marked";
import { describe, expect, it } from "vitest";
import { codeBlock, codeSpan, escapeHtml, escapeMarkdown, linkTarget } from "../../src/report/markdown.js";
import { oneLine } from "../../src/report/text.js";
import { seenText, tablesOf } from "./markdown-view.js";

const hostile = [
  "<script>alert(1)</script>",
  "a|b",
  "`code` ``x``",
  "**bold** _it_ ~~del~~",
  "[x](javascript:alert(1))",
  "&lt;",
  "$x^2$",
  "\\|",
  "line\nbreak",
  "sign in at https://evil.example/login or www.evil.example",
  "write to admin@evil.example",
];

describe("escapeMarkdown", () => {
  it.each(hostile)("shows %j as written, on one line", (text) => {
    expect(seenText(escapeMarkdown(text))).toBe(oneLine(text));
  });

  it("keeps any text inside its table cell, shown as written", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const [table] = tablesOf(`| A | B |\n|---|---|\n| ${escapeMarkdown(text)} | end |\n`);
        expect(table?.rows).toHaveLength(1);
        expect(table?.rows[0]?.map((c) => c.text)).toHaveLength(2);
        expect(seenText(table?.rows[0]?.[0]?.text ?? "")).toBe(oneLine(text).replace(/\s+/g, " "));
      }),
    );
  });
});

describe("escapeHtml", () => {
  it("leaves no tag and no line break", () => {
    expect(escapeHtml(`<b title="x">'&'</b>\nnext`)).toBe(
      "&lt;b title=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/b&gt; next",
    );
  });
});

describe("codeBlock", () => {
  it("cannot be closed early by the text inside", () => {
    const text = "```\n</details>\n````";
    const [token] = marked.lexer(codeBlock(text, "json"));
    expect(token).toMatchObject({ type: "code", lang: "json", text });
  });
});

describe("codeSpan", () => {
  it.each(["CensusDailyUpdate", "a`b", "`edge`"])("shows %j as code", (text) => {
    expect(marked.parseInline(codeSpan(text))).toBe(`<code>${text}</code>`);
  });
});

describe("linkTarget", () => {
  it("cannot end the link early", () => {
    const url = "https://github.com/o/r/actions/runs/1?a=(b) c>";
    expect(marked.parseInline(`[run](${linkTarget(url)})`)).toBe(
      '<a href="https://github.com/o/r/actions/runs/1?a=%28b%29%20c%3E">run</a>',
    );
  });
});
