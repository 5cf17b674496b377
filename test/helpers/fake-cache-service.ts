/**
 * A local fake of the Actions cache service v2 that @actions/cache 6.3 talks to, on
 * 127.0.0.1: the twirp JSON methods CreateCacheEntry, FinalizeCacheEntryUpload and
 * GetCacheEntryDownloadURL, and the signed blob URLs they hand out (Azure Blob REST: a single
 * PUT, or PUT ?comp=block then ?comp=blocklist; GET and HEAD, ranged or not).
 *
 *   const cache = await startFakeCacheService({ rateLimitAfter: 3 });
 *   Object.assign(process.env, cache.env); // or give cache.env to a child process
 *   cache.entries; // [{ key, version, bytes, created }]: finalized entries, oldest first
 *   cache.failing = true; // every request now answers 503
 *   await cache.close();
 *
 * As the real service: keys are immutable (a second CreateCacheEntry for a key and version
 * answers 409 already_exists, which makes saveCache return -1); a restore matches the key
 * exactly, then by prefix, then each restore key by prefix, newest entry first, always of the
 * same version; the rate limit answers 429 resource_exhausted with a Retry-After.
 * Not served: the v1 protocol (ACTIONS_CACHE_URL), branch scopes, eviction, size limits.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const SERVICE_PATH = "/twirp/github.actions.results.api.v1.CacheService/";
/** Azurite's account name: the Azure SDK reads the account from the path when the host is an IP. */
const BLOB_PATH = "/devstoreaccount1/actions-cache/";

export interface FakeCacheEntry {
  key: string;
  version: string;
  /** The archive @actions/cache uploaded: a tar, zstd- or gzip-compressed (see `entryFiles`). */
  bytes: Buffer;
  /** When it was finalized; restores prefer the newest. */
  created: Date;
}

export interface FakeCacheOptions {
  /** CreateCacheEntry answers 429 once this many entries were reserved. Default: no limit. */
  rateLimitAfter?: number;
  /** Start with `failing` set. */
  failing?: boolean;
}

export interface FakeCacheService {
  /**
   * The variables to give the process that runs @actions/cache: ACTIONS_CACHE_SERVICE_V2,
   * ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN, GITHUB_SERVER_URL (github.com, or the library
   * speaks v1 to a GHES) and RUNNER_TEMP (a folder of the fake's, where the library makes
   * its archives; removed by close()).
   */
  env: Record<string, string>;
  entries: FakeCacheEntry[];
  /** Every twirp call, in order, with the status it was answered. */
  calls: Array<{ method: string; status: number }>;
  /** While true, every request answers 503 (twirp `unavailable`, or the blob's ServerBusy). */
  failing: boolean;
  /** Closes the server, its sockets and the RUNNER_TEMP folder; closing twice is harmless. */
  close(): Promise<void>;
}

/** A key and version reserved by CreateCacheEntry, not yet finalized. */
interface Reservation {
  key: string;
  version: string;
  blob: string;
  blocks: Map<string, Buffer>;
  bytes: Buffer | null;
}

type Answer = { status: number; json?: unknown; body?: Buffer; headers?: Record<string, string> };

export async function startFakeCacheService(options: FakeCacheOptions = {}): Promise<FakeCacheService> {
  const token = `fake-runtime-token-${randomBytes(8).toString("hex")}`;
  const signature = randomBytes(16).toString("hex");
  const runnerTemp = await mkdtemp(path.join(tmpdir(), "runner-temp-"));
  const reservations: Reservation[] = [];
  const blobs = new Map<string, FakeCacheEntry>();
  let reserved = 0;
  let baseUrl = "";

  const service: FakeCacheService = {
    env: {},
    entries: [],
    calls: [],
    failing: options.failing ?? false,
    close: async () => {
      if (server.listening) {
        const closed = once(server, "close");
        server.close();
        server.closeAllConnections();
        await closed;
      }
      await rm(runnerTemp, { recursive: true, force: true });
    },
  };

  const blobUrl = (blob: string) => `${baseUrl}${BLOB_PATH}${blob}?sv=2024-08-04&sr=b&sp=rw&sig=${signature}`;

  function twirp(method: string, req: IncomingMessage, text: string): Answer {
    if (req.method !== "POST") return twirpError(404, "bad_route", `no ${req.method} route for ${method}`);
    if (service.failing) return twirpError(503, "unavailable", "the cache service is unavailable");
    if (req.headers.authorization !== `Bearer ${token}`)
      return twirpError(401, "unauthenticated", "bad token");
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return twirpError(400, "malformed", "the body is not JSON");
    }
    const key = typeof body.key === "string" ? body.key : "";
    const version = typeof body.version === "string" ? body.version : "";
    if (!key || !version) return twirpError(400, "invalid_argument", "key and version are required");
    if (method === "CreateCacheEntry") return create(key, version);
    if (method === "FinalizeCacheEntryUpload") return finalize(key, version, Number(body.size_bytes));
    if (method === "GetCacheEntryDownloadURL") {
      const restoreKeys = Array.isArray(body.restore_keys) ? body.restore_keys.map(String) : [];
      return downloadUrl(key, restoreKeys, version);
    }
    return twirpError(404, "bad_route", `no method ${method}`);
  }

  function create(key: string, version: string): Answer {
    if (options.rateLimitAfter !== undefined && reserved >= options.rateLimitAfter) {
      return twirpError(429, "resource_exhausted", "cache entry creation rate limit exceeded", {
        "Retry-After": "60",
      });
    }
    const same = (e: { key: string; version: string }) => e.key === key && e.version === version;
    if (service.entries.some(same) || reservations.some(same)) {
      return twirpError(
        409,
        "already_exists",
        "cache entry with the same key, version, and scope already exists",
      );
    }
    reserved += 1;
    const blob = `entry-${reserved}`;
    reservations.push({ key, version, blob, blocks: new Map(), bytes: null });
    return { status: 200, json: { ok: true, signed_upload_url: blobUrl(blob) } };
  }

  function finalize(key: string, version: string, size: number): Answer {
    const index = reservations.findIndex((r) => r.key === key && r.version === version);
    const reservation = reservations[index];
    if (!reservation) return twirpError(404, "not_found", "no cache entry reserved for this key and version");
    if (!reservation.bytes)
      return { status: 200, json: { ok: false, message: "the entry was not uploaded" } };
    if (reservation.bytes.length !== size) {
      return {
        status: 200,
        json: { ok: false, message: `uploaded ${reservation.bytes.length} bytes, not ${size}` },
      };
    }
    reservations.splice(index, 1);
    const entry = { key, version, bytes: reservation.bytes, created: new Date() };
    service.entries.push(entry);
    blobs.set(reservation.blob, entry);
    return { status: 200, json: { ok: true, entry_id: reservation.blob.slice("entry-".length) } };
  }

  function downloadUrl(key: string, restoreKeys: string[], version: string): Answer {
    const newestFirst = service.entries.filter((e) => e.version === version).reverse();
    const match =
      newestFirst.find((e) => e.key === key) ??
      [key, ...restoreKeys].map((prefix) => newestFirst.find((e) => e.key.startsWith(prefix))).find(Boolean);
    if (!match) return { status: 200, json: { ok: false } };
    const blob = [...blobs].find(([, entry]) => entry === match)?.[0] ?? "";
    return { status: 200, json: { ok: true, signed_download_url: blobUrl(blob), matched_key: match.key } };
  }

  function blob(name: string, req: IncomingMessage, url: URL, body: Buffer): Answer {
    if (service.failing) return blobError(503, "ServerBusy");
    if (url.searchParams.get("sig") !== signature) return blobError(403, "AuthenticationFailed");
    if (req.method === "PUT") return putBlob(name, req, url, body);
    const entry = blobs.get(name);
    if (req.method !== "GET" && req.method !== "HEAD") return blobError(405, "UnsupportedHttpVerb");
    if (!entry) return blobError(404, "BlobNotFound");
    const range = /^bytes=(\d+)-(\d*)$/.exec(
      req.headers.range ?? req.headers["x-ms-range"]?.toString() ?? "",
    );
    const start = range ? Number(range[1]) : 0;
    const end = range?.[2] ? Math.min(Number(range[2]), entry.bytes.length - 1) : entry.bytes.length - 1;
    const part = entry.bytes.subarray(start, end + 1);
    const headers = {
      "Content-Type": "application/octet-stream",
      "Accept-Ranges": "bytes",
      ...blobHeaders(),
    };
    if (!range) return { status: 200, body: part, headers: { ...headers, "x-ms-blob-type": "BlockBlob" } };
    return {
      status: 206,
      body: part,
      headers: { ...headers, "Content-Range": `bytes ${start}-${end}/${entry.bytes.length}` },
    };
  }

  function putBlob(name: string, req: IncomingMessage, url: URL, body: Buffer): Answer {
    const reservation = reservations.find((r) => r.blob === name);
    if (!reservation)
      return blobError(blobs.has(name) ? 409 : 404, blobs.has(name) ? "BlobAlreadyExists" : "BlobNotFound");
    const comp = url.searchParams.get("comp");
    if (comp === "block") {
      const id = url.searchParams.get("blockid");
      if (!id) return blobError(400, "InvalidQueryParameterValue");
      reservation.blocks.set(id, body);
      return { status: 201, headers: blobHeaders() };
    }
    if (comp === "blocklist") {
      const ids = [...body.toString("utf8").matchAll(/<(Latest|Committed|Uncommitted)>([^<]*)<\/\1>/g)].map(
        (m) => m[2] ?? "",
      );
      const parts = ids.map((id) => reservation.blocks.get(id));
      if (parts.some((part) => part === undefined)) return blobError(400, "InvalidBlockList");
      reservation.bytes = Buffer.concat(parts as Buffer[]);
      return { status: 201, headers: blobHeaders() };
    }
    if (comp !== null) return blobError(400, "InvalidQueryParameterValue");
    if (req.headers["x-ms-blob-type"] !== "BlockBlob") return blobError(400, "MissingRequiredHeader");
    reservation.bytes = body;
    return { status: 201, headers: blobHeaders() };
  }

  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        if (url.pathname.startsWith(SERVICE_PATH)) {
          const method = url.pathname.slice(SERVICE_PATH.length);
          const answer = twirp(method, req, body.toString("utf8"));
          service.calls.push({ method, status: answer.status });
          return send(res, answer, req.method === "HEAD");
        }
        if (url.pathname.startsWith(BLOB_PATH)) {
          return send(res, blob(url.pathname.slice(BLOB_PATH.length), req, url, body), req.method === "HEAD");
        }
        send(res, twirpError(404, "bad_route", `no route ${url.pathname}`), false);
      })
      .catch(() => res.socket?.destroy());
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  service.env = {
    ACTIONS_CACHE_SERVICE_V2: "True",
    ACTIONS_RESULTS_URL: `${baseUrl}/`,
    ACTIONS_RUNTIME_TOKEN: token,
    GITHUB_SERVER_URL: "https://github.com",
    RUNNER_TEMP: runnerTemp,
  };
  return service;
}

/**
 * The files an entry's archive holds, by their path relative to the workspace it was made
 * in (`.mgmt-state/census.state`), unpacked with the system's tar (and unzstd).
 */
export async function entryFiles(entry: FakeCacheEntry): Promise<Record<string, Buffer>> {
  const dir = await mkdtemp(path.join(tmpdir(), "cache-entry-"));
  try {
    const zstd = entry.bytes.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]));
    await writeFile(path.join(dir, "archive"), entry.bytes);
    await mkdir(path.join(dir, "files"));
    const compression = zstd ? ["--use-compress-program", "unzstd"] : ["-z"];
    await promisify(execFile)("tar", ["-xf", "archive", ...compression, "-C", "files"], { cwd: dir });
    const files: Record<string, Buffer> = {};
    const root = path.join(dir, "files");
    for (const item of await readdir(root, { recursive: true, withFileTypes: true })) {
      if (!item.isFile()) continue;
      const full = path.join(item.parentPath, item.name);
      files[path.relative(root, full).split(path.sep).join("/")] = await readFile(full);
    }
    return files;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Twirp's error shape; the client reads `msg`, and its status decides retry or not. */
function twirpError(status: number, code: string, msg: string, headers?: Record<string, string>): Answer {
  return { status, json: { code, msg }, headers };
}

function blobError(status: number, code: string): Answer {
  const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`;
  return {
    status,
    body: Buffer.from(xml),
    headers: { "Content-Type": "application/xml", "x-ms-error-code": code, ...blobHeaders() },
  };
}

function blobHeaders(): Record<string, string> {
  return {
    ETag: `"0x${randomBytes(8).toString("hex").toUpperCase()}"`,
    "Last-Modified": new Date().toUTCString(),
    "x-ms-request-id": randomBytes(16).toString("hex"),
    "x-ms-version": "2024-08-04",
  };
}

function send(res: ServerResponse, answer: Answer, head: boolean): void {
  const body =
    answer.json === undefined ? (answer.body ?? Buffer.alloc(0)) : Buffer.from(JSON.stringify(answer.json));
  const type = answer.json === undefined ? {} : { "Content-Type": "application/json" };
  res.writeHead(answer.status, { ...type, ...answer.headers, "Content-Length": String(body.length) });
  res.end(head ? undefined : body);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
