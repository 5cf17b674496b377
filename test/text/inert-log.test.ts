import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inertLog } from "../../src/text/inert-log.js";

/** Whether the runner would read a command in this output, line by line as it splits it. */
function runnerCommands(output: string): string[] {
  return output.split(/\r\n|\r|\n/).filter((line) => /^\s*::/.test(line) || line.includes("##["));
}

describe("inertLog", () => {
  it.each([
    "##[set-output name=status;]success",
    "reason: ##[add-mask]failure",
    "::add-mask::failure",
    "   ::set-output name=status::success",
    "ok\n::stop-commands::abc\nnext",
    "ok\r::error::forged",
    "ok\r\n  ##[group]x",
  ])("leaves no command in %j", (text) => {
    expect(runnerCommands(text)).not.toEqual([]);
    expect(runnerCommands(inertLog(text))).toEqual([]);
  });

  it("changes nothing a person reads", () => {
    expect(inertLog("GovernanceReview ✓ success · 1 attempt · 12 ms")).toBe(
      "GovernanceReview ✓ success · 1 attempt · 12 ms",
    );
    expect(inertLog("::x").replaceAll("\u200b", "")).toBe("::x");
  });

  it("makes any text inert", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("::", "##[", " ", "\n", "\r", "a", ":", "#", "[")), (parts) => {
        expect(runnerCommands(inertLog(parts.join("")))).toEqual([]);
      }),
    );
  });
});
