import { describe, expect, it } from "vitest";
import { runAction } from "../helpers/run-action.js";

// Loaded before dist/index.js: reports whose code first installs fetch()'s global dispatcher,
// from the frame that called Object.defineProperty (Node's own undici is node:internal).
const WATCH = `
const key = Symbol.for("undici.globalDispatcher.1");
const define = Object.defineProperty;
let first = null;
Object.defineProperty = function (target, property, descriptor) {
  if (target === globalThis && property === key && first === null) first = new Error().stack.split("\\n")[2];
  return define.call(Object, target, property, descriptor);
};
process.on("exit", () => process.stderr.write("DISPATCHER " + (first && first.includes("node:internal") ? "node" : "bundled") + "\\n"));
`;

describe("the bundled action's HTTP stack", () => {
  it("is Node's own fetch dispatcher, not the undici that @actions/core bundles", async () => {
    const run = await runAction({
      event: { name: "workflow_dispatch", payload: {} },
      inputs: { workflow: "w.yml", "dry-run": "true" },
      files: {
        "w.yml":
          'id: W\nendpoints: { S: { url: "http://127.0.0.1:9" } }\ntasks: [{ name: A, service: S, action: go }]\n',
      },
      nodeArgs: ["--import", `data:text/javascript,${encodeURIComponent(WATCH)}`],
    });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain("DISPATCHER node");
  });
});
