import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/run-action.js";
import { tempDir } from "./helpers/temp-dir.js";

const run = promisify(execFile);

describe("dist/", () => {
  it("is exactly what the sources build (else: npm run bundle, and commit dist/)", async () => {
    const out = await tempDir("mgmt-dist-");
    const ncc = path.join(ROOT, "node_modules/@vercel/ncc/dist/ncc/cli.js");
    await run(
      process.execPath,
      [ncc, "build", "src/index.ts", "-o", out, "--license", "licenses.txt", "-C", "-q"],
      {
        cwd: ROOT,
      },
    );
    const built = (await readdir(out)).sort();
    expect((await readdir(path.join(ROOT, "dist"))).sort()).toEqual(built);
    for (const file of built) {
      const fresh = await readFile(path.join(out, file), "utf8");
      const committed = await readFile(path.join(ROOT, "dist", file), "utf8");
      expect(committed === fresh, `dist/${file} is stale: run "npm run bundle" and commit dist/`).toBe(true);
    }
  }, 120_000);

  it("is an ES module bundle that carries no unresolved module stub", async () => {
    const bundle = await readFile(path.join(ROOT, "dist/index.js"), "utf8");
    expect(JSON.parse(await readFile(path.join(ROOT, "dist/package.json"), "utf8"))).toEqual({
      type: "module",
    });
    expect(bundle).not.toContain("webpackMissingModule");
  });
});
