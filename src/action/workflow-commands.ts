// The runner's protocol (inputs, log, annotations, masks, outputs, summary) from @actions/core's
// own modules. Its index would also load its OIDC client (@actions/http-client and undici 6)
// and @actions/exec: most of the bundle and about 100 ms of every start, for a token this
// action never asks for. The package's `exports` lists only its index, hence the paths; ncc
// bundles these files, so nothing reads node_modules at run time. An OIDC token, if one is
// ever needed, means importing @actions/core lazily, after a first fetch(): undici 6 takes
// fetch()'s global dispatcher when it loads first.
import { EOL } from "node:os";
import type { AnnotationProperties } from "@actions/core";
import { issueCommand } from "../../node_modules/@actions/core/lib/command.js";
import {
  issueFileCommand,
  prepareKeyValueMessage,
} from "../../node_modules/@actions/core/lib/file-command.js";
import { toCommandProperties, toCommandValue } from "../../node_modules/@actions/core/lib/utils.js";

export { summary } from "../../node_modules/@actions/core/lib/summary.js";
export type { AnnotationProperties };

// Each function below is its namesake in @actions/core 3 (lib/core.js), as the action uses it.

/** `INPUT_<NAME>` as the runner sets it (spaces become `_`), trimmed. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] || "").trim();
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

export function warning(message: string, properties: AnnotationProperties = {}): void {
  issueCommand("warning", toCommandProperties(properties), message);
}

export function error(message: string, properties: AnnotationProperties = {}): void {
  issueCommand("error", toCommandProperties(properties), message);
}

export function setSecret(secret: string): void {
  issueCommand("add-mask", {}, secret);
}

/** To the `GITHUB_OUTPUT` file; a runner without one takes the old `set-output` command. */
export function setOutput(name: string, value: string): void {
  if (process.env.GITHUB_OUTPUT) return issueFileCommand("OUTPUT", prepareKeyValueMessage(name, value));
  process.stdout.write(EOL);
  issueCommand("set-output", { name }, toCommandValue(value));
}

export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}
