// The Actions cache store, with the real @actions/cache against a local fake of the v2 service.
import { readdir } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { cacheStateBytes, statePath } from "../../src/action/state-cache.js";
import type { RunState } from "../../src/engine/state.js";
import { stateStore } from "../../src/pipeline/state-store.js";
import {
  entryFiles,
  startFakeCacheService,
  type FakeCacheOptions,
  type FakeCacheService,
} from "../helpers/fake-cache-service.js";
import { tempDir } from "../helpers/temp-dir.js";

const RUN_VARIABLES = ["GITHUB_WORKSPACE", "ACTIONS_CACHE_MODE", "ACTIONS_CACHE_URL"];
const quiet = { warning: () => undefined, info: () => undefined };

/** What @actions/core printed: its lines would be workflow commands when the tests run in Actions. */
let printed: string[] = [];

beforeEach(() => {
  printed = [];
  vi.spyOn(process.stdout, "write").mockImplementation((text) => {
    printed.push(String(text));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** The fake service, its variables and a workspace that is the working directory, all undone when the test ends. */
async function runner(options?: FakeCacheOptions): Promise<{ cache: FakeCacheService; workspace: string }> {
  const cache = await startFakeCacheService(options);
  onTestFinished(() => cache.close());
  const workspace = await tempDir("workspace-");
  setEnv({
    ...cache.env,
    GITHUB_WORKSPACE: workspace,
    ACTIONS_CACHE_MODE: undefined,
    ACTIONS_CACHE_URL: undefined,
  });
  const cwd = process.cwd();
  process.chdir(workspace);
  onTestFinished(() => process.chdir(cwd));
  return { cache, workspace };
}

function setEnv(values: Record<string, string | undefined>): void {
  const names = [...new Set([...Object.keys(values), ...RUN_VARIABLES])];
  const saved = names.map((name) => process.env[name]);
  onTestFinished(() =>
    names.forEach((name, i) => {
      if (saved[i] === undefined) delete process.env[name];
      else process.env[name] = saved[i];
    }),
  );
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

function store(workspace: string, job = "run", attempt = 1) {
  return cacheStateBytes({ job, attempt, workspace, log: quiet });
}

/** Lets the library's retry sleeps (3 s, then ×1.5) pass at once; only setTimeout is faked. */
async function withFastRetries<T>(work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const running = work();
  let settled = false;
  running.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) {
    await vi.advanceTimersByTimeAsync(1_000);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return running;
}

describe("cacheStateBytes", () => {
  it("saves a state's bytes as a new entry and loads them back, leaving nothing in the workspace", async () => {
    const { cache, workspace } = await runner();
    const bytes = Buffer.from([0, 1, 2, 255, 10, 13]);
    const states = store(workspace);

    expect(await states.save("census", "4242", bytes)).toEqual({ ok: true });
    expect(cache.entries.map((e) => e.key)).toEqual(["mgmt-state-v1-census-4242-1-run-1"]);
    expect(await readdir(workspace)).toEqual([]);

    const loaded = await states.load("census", "4242");
    expect(loaded).toEqual({ kind: "found", bytes });
    expect(await readdir(workspace)).toEqual([]);
    expect(Object.keys(await entryFiles(cache.entries[0]!))).toEqual([statePath("census")]);
  });

  it("counts n on with each save, and a new store continues from the entry it restored", async () => {
    const { cache, workspace } = await runner();
    const first = store(workspace);
    await first.save("census", "4242", Buffer.from("one"));
    await first.save("census", "4242", Buffer.from("two"));

    const review = store(workspace, "review");
    expect(await review.load("census", "4242")).toEqual({ kind: "found", bytes: Buffer.from("two") });
    expect(await review.save("census", "4242", Buffer.from("three"))).toEqual({ ok: true });

    expect(cache.entries.map((e) => e.key)).toEqual([
      "mgmt-state-v1-census-4242-1-run-1",
      "mgmt-state-v1-census-4242-1-run-2",
      "mgmt-state-v1-census-4242-1-review-3",
    ]);
  });

  it("restores, in a later attempt, the newest entry of the previous one", async () => {
    const { cache, workspace } = await runner();
    const attempt1 = store(workspace, "run", 1);
    await attempt1.save("census", "4242", Buffer.from("early"));
    await attempt1.save("census", "4242", Buffer.from("late"));

    const attempt2 = store(workspace, "run", 2);
    expect(await attempt2.load("census", "4242")).toEqual({ kind: "found", bytes: Buffer.from("late") });
    await attempt2.save("census", "4242", Buffer.from("again"));
    expect(cache.entries.at(-1)?.key).toBe("mgmt-state-v1-census-4242-2-run-3");
  });

  it("finds nothing for another run, and nothing of a workflow whose id its key prefix also matches", async () => {
    const { workspace } = await runner();
    const states = store(workspace);
    // Key "mgmt-state-v1-census-12-9-1-run-1" starts with census's prefix for run 12, but its
    // path, and so its version, is another.
    await states.save("census-12", "9", Buffer.from("other"));

    expect(await states.load("census", "4242")).toEqual({ kind: "missing" });
    expect(await states.load("census", "12")).toEqual({ kind: "missing" });
    expect(await readdir(workspace)).toEqual([]);
  });

  it("says why, without throwing, when the key exists; the next save takes the next key", async () => {
    const { cache, workspace } = await runner();
    await store(workspace).save("census", "4242", Buffer.from("one"));
    const unaware = store(workspace);

    const refused = await unaware.save("census", "4242", Buffer.from("two"));
    expect(refused).toEqual({
      ok: false,
      why: expect.stringMatching(
        /^the Actions cache did not take mgmt-state-v1-census-4242-1-run-1: an entry/,
      ),
    });
    expect(await unaware.save("census", "4242", Buffer.from("three"))).toEqual({ ok: true });
    expect(cache.entries.map((e) => e.key)).toEqual([
      "mgmt-state-v1-census-4242-1-run-1",
      "mgmt-state-v1-census-4242-1-run-2",
    ]);
    expect(cache.calls.filter((c) => c.method === "CreateCacheEntry").map((c) => c.status)).toEqual([
      200, 409, 200,
    ]);
    expect(await readdir(workspace)).toEqual([]);
  });

  it("says why, without throwing, when the rate limit refuses a save", async () => {
    const { cache, workspace } = await runner({ rateLimitAfter: 1 });
    const states = store(workspace);
    expect(await states.save("census", "4242", Buffer.from("one"))).toEqual({ ok: true });

    const limited = await states.save("census", "4242", Buffer.from("two"));
    expect(limited).toEqual({ ok: false, why: expect.stringContaining("200 new entries a minute") });
    expect(cache.calls.at(-1)).toEqual({ method: "CreateCacheEntry", status: 429 });
    expect(cache.entries).toHaveLength(1);
    expect(await readdir(workspace)).toEqual([]);
  });

  it("says why, without throwing, when the service fails (503, retried by the library)", async () => {
    const { cache, workspace } = await runner({ failing: true });
    const states = store(workspace);

    const failed = await withFastRetries(() => states.save("census", "4242", Buffer.from("one")));
    expect(failed).toEqual({ ok: false, why: expect.stringContaining("the service failed") });
    expect(cache.calls).toEqual(Array(5).fill({ method: "CreateCacheEntry", status: 503 }));

    // The library logs a failed restore and answers no match: it reads as missing.
    expect(await withFastRetries(() => states.load("census", "4242"))).toEqual({ kind: "missing" });
    expect(printed.join("")).toContain("::warning::Failed to restore");
    expect(await readdir(workspace)).toEqual([]);
  });

  it("says why when the service cannot be reached", async () => {
    const { cache, workspace } = await runner();
    await cache.close();
    // close() removed the fake's RUNNER_TEMP, which the library would make again.
    setEnv({ RUNNER_TEMP: await tempDir("runner-temp-") });
    expect(await store(workspace).save("census", "4242", Buffer.from("one"))).toEqual({
      ok: false,
      why: expect.stringContaining("the Actions cache did not take"),
    });
    expect(await readdir(workspace)).toEqual([]);
  });

  it("says why when ACTIONS_CACHE_MODE forbids it, calling nothing", async () => {
    const { cache, workspace } = await runner();
    setEnv({ ACTIONS_CACHE_MODE: "read" });
    expect(await store(workspace).save("census", "4242", Buffer.from("one"))).toEqual({
      ok: false,
      why: "ACTIONS_CACHE_MODE is 'read': this job may not save to the Actions cache",
    });
    setEnv({ ACTIONS_CACHE_MODE: "write-only" });
    expect(await store(workspace).load("census", "4242")).toEqual({
      kind: "unreadable",
      why: "ACTIONS_CACHE_MODE is 'write-only': this job may not restore from the Actions cache",
    });
    expect(cache.calls).toEqual([]);
  });

  it("says why when the runner gave no cache service, or the workspace is not the working directory", async () => {
    const { workspace } = await runner();
    const elsewhere = await tempDir("elsewhere-");
    expect(
      await cacheStateBytes({ job: "run", attempt: 1, workspace: elsewhere, log: quiet }).load("census", "1"),
    ).toEqual({
      kind: "unreadable",
      why: expect.stringMatching(/^the Actions cache keeps paths relative to .*, which is not the workspace/),
    });

    setEnv({ ACTIONS_RESULTS_URL: undefined });
    expect(await store(workspace).save("census", "4242", Buffer.from("one"))).toEqual({
      ok: false,
      why: expect.stringContaining("the Actions cache is not available to this job"),
    });
  });

  it("keeps a sealed state that round-trips through stateStore and shows no output in the entry", async () => {
    const { cache, workspace } = await runner();
    const canary = "canary-7f3a9c-from-the-service";
    const state = runState(canary);

    const sealed = stateStore(store(workspace), "a state key");
    expect(await sealed.save(state)).toEqual({ ok: true });
    expect(await stateStore(store(workspace), "a state key").load("census", "4242")).toEqual({
      kind: "found",
      state,
    });
    const sealedFile = (await entryFiles(cache.entries[0]!))[statePath("census")]!;
    expect(sealedFile.includes(canary)).toBe(false);

    // The check can see a canary: unsealed, the same state shows it.
    await stateStore(store(workspace, "plain"), null).save(state);
    const plainFile = (await entryFiles(cache.entries[1]!))[statePath("census")]!;
    expect(plainFile.includes(canary)).toBe(true);
    expect(await readdir(workspace)).toEqual([]);
  });
});

describe("the fake cache service", () => {
  it("commits a blob uploaded in blocks and serves it ranged", async () => {
    const cache = await startFakeCacheService();
    onTestFinished(() => cache.close());
    const twirp = (method: string, body: unknown) =>
      fetch(`${cache.env.ACTIONS_RESULTS_URL}twirp/github.actions.results.api.v1.CacheService/${method}`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Authorization: `Bearer ${cache.env.ACTIONS_RUNTIME_TOKEN}`,
        },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, string> }));

    const created = await twirp("CreateCacheEntry", { key: "k-1", version: "v" });
    const upload = new URL(created.json.signed_upload_url!);
    const put = (query: string, body: string) =>
      fetch(`${upload.href}&${query}`, { method: "PUT", body }).then((r) => r.status);
    expect(await put("comp=block&blockid=QQ%3D%3D", "hello ")).toBe(201);
    expect(await put("comp=block&blockid=Qg%3D%3D", "world")).toBe(201);
    const list = '<?xml version="1.0"?><BlockList><Latest>QQ==</Latest><Latest>Qg==</Latest></BlockList>';
    expect(await put("comp=blocklist", list)).toBe(201);
    expect(
      (await twirp("FinalizeCacheEntryUpload", { key: "k-1", version: "v", size_bytes: "11" })).json,
    ).toEqual({
      ok: true,
      entry_id: "1",
    });
    expect((await twirp("CreateCacheEntry", { key: "k-1", version: "v" })).status).toBe(409);

    const found = await twirp("GetCacheEntryDownloadURL", { key: "k-", restore_keys: ["k"], version: "v" });
    expect(found.json).toMatchObject({ ok: true, matched_key: "k-1" });
    const ranged = await fetch(found.json.signed_download_url!, { headers: { Range: "bytes=6-" } });
    expect([ranged.status, await ranged.text()]).toEqual([206, "world"]);
    expect((await twirp("GetCacheEntryDownloadURL", { key: "k-1", version: "other" })).json).toEqual({
      ok: false,
    });
    expect((await fetch(upload.href.replace(/sig=\w+/, "sig=wrong"))).status).toBe(403);
  });
});

function runState(canary: string): RunState {
  return {
    version: 1,
    workflow: "census",
    digest: "sha256:0",
    runId: "4242",
    date: "2026-11-30T10:00:00.000Z",
    attempt: 1,
    params: { region: "eu" },
    status: "waiting",
    tasks: {
      fetch: {
        status: "success",
        outputs: { note: canary },
        attempts: 1,
        calls: [{ attempt: 1, httpStatus: 200, durationMs: 12, error: null }],
        error: null,
        usage: null,
        review: null,
        fromAttempt: 1,
      },
    },
  };
}
