import { marked, type Token, type Tokens } from "marked";

/** What a reader sees of some inline markdown: the HTML marked makes of it, entities decoded. */
export function seenText(markdown: string): string {
  const html = marked.parseInline(markdown, { async: false });
  if (/<[a-z/!]/i.test(html)) throw new Error(`inline markdown made HTML tags: ${html}`);
  const entities: Record<string, string> = {
    "&lt;": "<",
    "&gt;": ">",
    "&amp;": "&",
    "&quot;": '"',
    "&#39;": "'",
  };
  return html.replace(/&(lt|gt|amp|quot|#39);/g, (e) => entities[e] as string);
}

/** Every token, nested ones and table cells included. */
export function allTokens(tokens: readonly Token[]): Token[] {
  return tokens.flatMap((token) => {
    const nested: Token[] = [];
    if ("tokens" in token && token.tokens) nested.push(...allTokens(token.tokens));
    if (token.type === "table") {
      const table = token as Tokens.Table;
      for (const cell of [...table.header, ...table.rows.flat()]) nested.push(...allTokens(cell.tokens));
    }
    return [token, ...nested];
  });
}

/** The tables of a markdown document as GitHub-flavoured markdown reads them. */
export function tablesOf(markdown: string): Tokens.Table[] {
  return marked.lexer(markdown, { gfm: true }).filter((t): t is Tokens.Table => t.type === "table");
}

/** Raw HTML in the document that is not one of the summary's own collapsed sections. */
export function foreignHtml(markdown: string): string[] {
  const ours = /^(<details><summary>[^<>]*<\/summary>|<\/details>)\s*$/;
  return allTokens(marked.lexer(markdown, { gfm: true }))
    .filter((t) => t.type === "html" && !ours.test(t.raw))
    .map((t) => t.raw);
}

/** The fenced code blocks of a markdown document, nested ones included. */
export function codeBlocksOf(markdown: string): Tokens.Code[] {
  return allTokens(marked.lexer(markdown, { gfm: true })).filter((t): t is Tokens.Code => t.type === "code");
}
