import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { RunState, type StateLoad, type StateSave, type StateStore } from "../engine/state.js";

/**
 * Where a state's bytes are kept: a folder, or the Actions cache. A store never throws: a
 * failure to read is `unreadable` or `missing`, a failure to write is a reason.
 */
export interface StateBytes {
  load(
    workflow: string,
    runId: string,
  ): Promise<{ kind: "found"; bytes: Buffer } | Exclude<StateLoad, { kind: "found" }>>;
  save(workflow: string, runId: string, bytes: Buffer): Promise<StateSave>;
}

/** Sealed bytes start with this, so that a plain state and a sealed one are told apart. */
const SEALED = Buffer.from("mgmt-state-aes256gcm-v1\n");
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * States as JSON, sealed with AES-256-GCM when a key is given (its 256-bit key derived from
 * the given secret with HKDF-SHA256): a repository's caches can be restored by pull-request
 * runs, and a state holds what services answered. A state that does not open with the key,
 * or does not parse, is unreadable: treated as missing, with the reason.
 */
export function stateStore(bytes: StateBytes, secret: string | null): StateStore {
  const key = secret === null ? null : Buffer.from(hkdfSync("sha256", secret, "mgmt-action", "state v1", 32));
  return {
    async load(workflow, runId) {
      const found = await bytes.load(workflow, runId);
      if (found.kind !== "found") return found;
      const opened = open(found.bytes, key);
      if (!opened.ok) return { kind: "unreadable", why: opened.why };
      try {
        const parsed = RunState.safeParse(JSON.parse(opened.text));
        if (!parsed.success) return { kind: "unreadable", why: "it is not a state this version reads" };
        return { kind: "found", state: parsed.data };
      } catch {
        return { kind: "unreadable", why: "it is not JSON" };
      }
    },
    save(state) {
      const text = Buffer.from(JSON.stringify(state));
      return bytes.save(state.workflow, state.runId, key ? seal(text, key) : text);
    },
  };
}

function seal(plain: Buffer, key: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([SEALED, iv, cipher.getAuthTag(), body]);
}

function open(bytes: Buffer, key: Buffer | null): { ok: true; text: string } | { ok: false; why: string } {
  const sealed = bytes.subarray(0, SEALED.length).equals(SEALED);
  if (!sealed)
    return key
      ? { ok: false, why: "it is not encrypted, and a state-key is set" }
      : { ok: true, text: bytes.toString("utf8") };
  if (!key) return { ok: false, why: "it is encrypted, and no key is given" };
  const iv = bytes.subarray(SEALED.length, SEALED.length + IV_BYTES);
  const tag = bytes.subarray(SEALED.length + IV_BYTES, SEALED.length + IV_BYTES + TAG_BYTES);
  const body = bytes.subarray(SEALED.length + IV_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAuthTag(tag);
    return { ok: true, text: Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8") };
  } catch {
    return { ok: false, why: "it does not decrypt with this state-key" };
  }
}
