import { describe, expect, it } from "vitest";
import { bufferLines } from "../../src/action/line-buffer.js";

describe("bufferLines", () => {
  it("writes the lines of an interval together, in order, and all that is left on flush", async () => {
    const writes: string[] = [];
    const log = bufferLines((text) => writes.push(text), 20);
    log.push("a");
    log.push("b");
    expect(writes).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(writes).toEqual(["a\nb"]);
    log.push("c");
    log.flush();
    log.flush();
    expect(writes).toEqual(["a\nb", "c"]);
  });
});
