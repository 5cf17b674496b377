/**
 * A real OTLP/HTTP trace receiver on 127.0.0.1, for tests of code that exports spans. It decodes
 * ExportTraceServiceRequest bodies in both OTLP/HTTP encodings, records every request, and answers
 * the way the OTLP specification asks a collector to (https://opentelemetry.io/docs/specs/otlp/).
 *
 *   const receiver = await startOtlpReceiver();            // or { status: 503 }, { status: () => … }
 *   // point the exporter at `${receiver.url}/v1/traces`
 *   receiver.spans();    // [{ traceId, spanId, parentSpanId, name, kind, attributes, status, scope, … }]
 *   receiver.requests;   // [{ path, contentType, headers, status, spans, resource, error? }]
 *   await receiver.close();
 *
 * Both encodings come out the same: ids are lower-case hex ("" for a root span's parent), enums are
 * OTLP's numbers (kind SERVER = 2, status ERROR = 2; not the API's SpanKind numbers), and timestamps
 * are bigint nanoseconds, because Unix nanoseconds pass 2^53 and a number would round them.
 *
 * Decoding is strict where the spec is: JSON ids must be hex of the right length (base64 ids, the
 * generic protobuf JSON mapping, are answered 400), enums must be integers, and field names must be
 * lowerCamelCase (others are ignored as unknown fields, so such spans simply do not show up).
 * Not decoded: events, links, trace_state, flags, dropped counts, schema URLs.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

/** An attribute value as OTLP's AnyValue carries it. Integers come back as numbers, as bigints only past 2^53. */
export type OtlpValue =
  string | number | bigint | boolean | Uint8Array | undefined | OtlpValue[] | { [key: string]: OtlpValue };

export interface ReceivedSpan {
  /** 32 lower-case hex digits. */
  traceId: string;
  /** 16 lower-case hex digits. */
  spanId: string;
  /** 16 lower-case hex digits, or "" for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP's SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Record<string, OtlpValue>;
  /** OTLP's StatusCode: 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
  /** The instrumentation scope's name (the name given to getTracer). */
  scope: string;
}

export interface ReceivedExport {
  /** The request target as sent, query included. */
  path: string;
  /** The media type of Content-Type, lower case, without parameters ("" when absent). */
  contentType: string;
  /** Request headers by lower-case name; repeated headers are joined with ", ". */
  headers: Record<string, string>;
  /** The HTTP status the receiver answered. */
  status: number;
  spans: ReceivedSpan[];
  /** The first ResourceSpans' resource attributes; the SDK exporters send one resource a request. */
  resource: Record<string, OtlpValue>;
  /** Why the request was refused (400, 405, 415); absent when it was decoded. */
  error?: string;
}

export interface OtlpReceiverOptions {
  /**
   * The status for requests that decode (default 200). A function is asked once a request, so a test
   * can answer 503 and then 200. Requests that do not decode get 400/405/415 whatever this says.
   */
  status?: number | (() => number);
  /** Sent instead of the empty ExportTraceServiceResponse (`{}` or no bytes), with the request's Content-Type. */
  body?: string;
}

export interface OtlpReceiver {
  /** `http://127.0.0.1:PORT`, without a path: exporters want `${url}/v1/traces`. */
  url: string;
  /** Every request in arrival order, refused ones too. */
  requests: ReceivedExport[];
  /** The spans of every request, in arrival order. */
  spans(): ReceivedSpan[];
  /** Stops listening and drops kept-alive connections; closing twice is harmless. */
  close(): Promise<void>;
}

const JSON_TYPE = "application/json";
const PROTOBUF_TYPE = "application/x-protobuf";
/** google.rpc.Code INVALID_ARGUMENT, which a collector puts in the Status body of a refused request. */
const INVALID_ARGUMENT = 3;

export async function startOtlpReceiver(options: OtlpReceiverOptions = {}): Promise<OtlpReceiver> {
  const requests: ReceivedExport[] = [];
  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => {
        const { record, reply } = receive(req, body, options);
        // Recorded before answering, so the exporter's callback never runs ahead of `requests`.
        requests.push(record);
        send(res, reply);
      })
      .catch(() => res.socket?.destroy());
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    spans: () => requests.flatMap((request) => request.spans),
    close: async () => {
      // Exporters keep their sockets alive; without this, close() would wait for them to time out.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP

interface Reply {
  status: number;
  contentType: string;
  body: string | Uint8Array;
}

/** A refusal with its own HTTP status; any other error while decoding means a malformed body (400). */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function receive(
  req: IncomingMessage,
  body: Buffer,
  options: OtlpReceiverOptions,
): { record: ReceivedExport; reply: Reply } {
  const contentType = mediaType(req.headers["content-type"]);
  const seen = { path: req.url ?? "", contentType, headers: flattenHeaders(req) };
  try {
    const batches = decodeExport(req, body, contentType);
    const status = typeof options.status === "function" ? options.status() : (options.status ?? 200);
    const record = {
      ...seen,
      status,
      spans: batches.flatMap((batch) => batch.spans),
      resource: batches[0]?.resource ?? {},
    };
    return { record, reply: { status, contentType, body: options.body ?? emptyResponse(contentType) } };
  } catch (error) {
    const status = error instanceof Refusal ? error.status : 400;
    const message = error instanceof Error ? error.message : String(error);
    return {
      record: { ...seen, status, spans: [], resource: {}, error: message },
      reply: refusalReply(status, contentType, message),
    };
  }
}

function decodeExport(req: IncomingMessage, body: Buffer, contentType: string): ResourceBatch[] {
  if (req.method !== "POST") throw new Refusal(405, `OTLP/HTTP takes POST, not ${req.method}`);
  const decode = DECODERS.get(contentType);
  if (!decode) throw new Refusal(415, `unsupported Content-Type "${contentType}"`);
  return decode(inflate(body, req.headers["content-encoding"]));
}

function inflate(body: Buffer, contentEncoding: string | undefined): Buffer {
  const coding = (contentEncoding ?? "identity").trim().toLowerCase();
  if (coding === "identity") return body;
  if (coding !== "gzip") throw new Refusal(415, `unsupported Content-Encoding "${coding}"`);
  try {
    return gunzipSync(body);
  } catch (error) {
    throw new Error(`gzip body does not inflate: ${(error as Error).message}`, { cause: error });
  }
}

function mediaType(header: string | undefined): string {
  return (header ?? "").split(";")[0]!.trim().toLowerCase();
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

/** The spec's success answer: an ExportTraceServiceResponse with no partial_success, in the request's encoding. */
function emptyResponse(contentType: string): string {
  return contentType === JSON_TYPE ? "{}" : "";
}

/** The spec asks for a google.rpc.Status body on 4xx, in the request's encoding (JSON when that is unknown). */
function refusalReply(status: number, requestType: string, message: string): Reply {
  if (requestType === PROTOBUF_TYPE) {
    return { status, contentType: PROTOBUF_TYPE, body: encodeRpcStatus(INVALID_ARGUMENT, message) };
  }
  return { status, contentType: JSON_TYPE, body: JSON.stringify({ code: INVALID_ARGUMENT, message }) };
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { "content-length": String(Buffer.byteLength(reply.body)) };
  if (reply.contentType) headers["content-type"] = reply.contentType;
  if (reply.status === 405) headers.allow = "POST";
  res.writeHead(reply.status, headers).end(reply.body);
}

// ---------------------------------------------------------------------------------------------
// Both encodings decode to this, then flatten into ReceivedExport.

interface ResourceBatch {
  resource: Record<string, OtlpValue>;
  spans: ReceivedSpan[];
}

// A Map, not an object literal, so a Content-Type like "constructor" cannot find a prototype member.
const DECODERS = new Map<string, (body: Buffer) => ResourceBatch[]>([
  [JSON_TYPE, (body) => decodeJsonRequest(body.toString("utf8"))],
  [PROTOBUF_TYPE, (body) => decodeProtobufRequest(body)],
]);

/** Checks an id's length and lower-cases it; parent ids may be empty, meaning a root span. */
function normalizeId(hex: string, byteLength: number, field: string, mayBeEmpty = false): string {
  if (mayBeEmpty && hex === "") return "";
  if (hex.length !== byteLength * 2 || !/^[0-9a-f]*$/i.test(hex)) {
    throw new Error(`${field} must be ${byteLength * 2} hex digits, got "${hex}"`);
  }
  return hex.toLowerCase();
}

/** Integers stay plain numbers where that is exact, which is what tests compare against. */
function integerValue(value: bigint): number | bigint {
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : value;
}

// ---------------------------------------------------------------------------------------------
// OTLP/JSON: the protobuf JSON mapping with OTLP's exceptions (hex ids, integer enums).

type JsonObject = Record<string, unknown>;

function decodeJsonRequest(text: string): ResourceBatch[] {
  const request = jsonObject(JSON.parse(text), "ExportTraceServiceRequest");
  return jsonArray(request.resourceSpans, "resourceSpans").map(decodeJsonResourceSpans);
}

function decodeJsonResourceSpans(value: unknown): ResourceBatch {
  const resourceSpans = jsonObject(value, "resourceSpans[]");
  const resource = jsonObject(resourceSpans.resource, "resource");
  const spans = jsonArray(resourceSpans.scopeSpans, "scopeSpans").flatMap((entry) => {
    const scopeSpans = jsonObject(entry, "scopeSpans[]");
    const scope = jsonString(jsonObject(scopeSpans.scope, "scope").name, "scope.name");
    return jsonArray(scopeSpans.spans, "spans").map((span) => decodeJsonSpan(span, scope));
  });
  return { resource: jsonAttributes(resource.attributes), spans };
}

function decodeJsonSpan(value: unknown, scope: string): ReceivedSpan {
  const span = jsonObject(value, "spans[]");
  const status = jsonObject(span.status, "status");
  return {
    traceId: normalizeId(jsonString(span.traceId, "traceId"), 16, "traceId"),
    spanId: normalizeId(jsonString(span.spanId, "spanId"), 8, "spanId"),
    parentSpanId: normalizeId(jsonString(span.parentSpanId, "parentSpanId"), 8, "parentSpanId", true),
    name: jsonString(span.name, "name"),
    kind: jsonEnum(span.kind, "kind"),
    startTimeUnixNano: jsonInt64(span.startTimeUnixNano, "startTimeUnixNano"),
    endTimeUnixNano: jsonInt64(span.endTimeUnixNano, "endTimeUnixNano"),
    attributes: jsonAttributes(span.attributes),
    status: {
      code: jsonEnum(status.code, "status.code"),
      message: jsonString(status.message, "status.message"),
    },
    scope,
  };
}

function jsonAttributes(value: unknown): Record<string, OtlpValue> {
  const attributes: Record<string, OtlpValue> = {};
  for (const entry of jsonArray(value, "attributes")) {
    const keyValue = jsonObject(entry, "KeyValue");
    attributes[jsonString(keyValue.key, "key")] = jsonAnyValue(keyValue.value);
  }
  return attributes;
}

/** AnyValue is a oneof: the first member present wins; none present is the empty value. */
const JSON_ANY_VALUE: Array<[string, (raw: unknown) => OtlpValue]> = [
  ["stringValue", (raw) => jsonString(raw, "stringValue")],
  ["boolValue", (raw) => jsonBool(raw, "boolValue")],
  ["intValue", (raw) => integerValue(jsonInt64(raw, "intValue"))],
  ["doubleValue", (raw) => jsonDouble(raw, "doubleValue")],
  ["arrayValue", (raw) => jsonArray(jsonObject(raw, "arrayValue").values, "values").map(jsonAnyValue)],
  ["kvlistValue", (raw) => jsonAttributes(jsonObject(raw, "kvlistValue").values)],
  ["bytesValue", (raw) => new Uint8Array(Buffer.from(jsonString(raw, "bytesValue"), "base64"))],
];

function jsonAnyValue(value: unknown): OtlpValue {
  const anyValue = jsonObject(value, "AnyValue");
  const member = JSON_ANY_VALUE.find(([name]) => anyValue[name] !== undefined);
  return member ? member[1](anyValue[member[0]]) : undefined;
}

// In the protobuf JSON mapping, null and absence both mean the field's default.

function jsonObject(value: unknown, field: string): JsonObject {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new Error(`${field} must be an object`);
  return value as JsonObject;
}

function jsonArray(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`${field} must be an array`);
  return value;
}

function jsonString(value: unknown, field: string): string {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") throw new Error(`${field} must be a string`);
  return value;
}

function jsonBool(value: unknown, field: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== "boolean") throw new Error(`${field} must be a boolean`);
  return value;
}

/** 64-bit integers: decimal strings in the mapping, though parsers also take JSON numbers. */
function jsonInt64(value: unknown, field: string): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  throw new Error(`${field} must be an integer or a decimal string, got ${JSON.stringify(value)}`);
}

/** OTLP/JSON requires enums as integers, where the generic mapping would also allow their names. */
function jsonEnum(value: unknown, field: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== "number" || !Number.isInteger(value)) throw new Error(`${field} must be an integer`);
  return value;
}

/** Doubles may also arrive as strings, which is how the mapping spells NaN and the infinities. */
function jsonDouble(value: unknown, field: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && (value === "NaN" || !Number.isNaN(Number(value)))) {
    return Number(value);
  }
  throw new Error(`${field} must be a number`);
}

// ---------------------------------------------------------------------------------------------
// OTLP/protobuf, read straight off the wire.
//
// No protobuf library is installed for us: protobufjs is absent, and otlp-transformer 0.223.1 ships
// no generated root, only a hand-written writer plus a small reader with no fixed64 support, which
// reads varints as JS numbers. Its reader is also not part of its public API. So this decodes the
// few fields the receiver reports, by the field numbers in opentelemetry-proto's
// collector/trace/v1/trace_service.proto, trace/v1/trace.proto, common/v1/common.proto and
// resource/v1/resource.proto. Being independent of the exporter's serializer means the receiver can
// catch that serializer's mistakes instead of sharing them.

/** One field occurrence: varints (wire type 0) in `varint`, the others' raw bytes in `bytes`. */
interface WireField {
  wireType: number;
  varint: bigint;
  bytes: Uint8Array;
}

type ProtoMessage = Map<number, WireField[]>;

const UTF8 = new TextDecoder("utf-8", { fatal: true });

function decodeProtobufRequest(body: Uint8Array): ResourceBatch[] {
  // ExportTraceServiceRequest: 1 resource_spans
  return protoMessages(parseMessage(body), 1).map(decodeProtoResourceSpans);
}

function decodeProtoResourceSpans(resourceSpans: ProtoMessage): ResourceBatch {
  // ResourceSpans: 1 resource, 2 scope_spans. Resource: 1 attributes.
  const resource = protoMessage(resourceSpans, 1);
  const spans = protoMessages(resourceSpans, 2).flatMap((scopeSpans) => {
    // ScopeSpans: 1 scope, 2 spans. InstrumentationScope: 1 name.
    const scope = protoString(protoMessage(scopeSpans, 1), 1);
    return protoMessages(scopeSpans, 2).map((span) => decodeProtoSpan(span, scope));
  });
  return { resource: protoAttributes(resource, 1), spans };
}

function decodeProtoSpan(span: ProtoMessage, scope: string): ReceivedSpan {
  // Span: 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 6 kind, 7/8 start/end (fixed64),
  // 9 attributes, 15 status. Status: 2 message, 3 code.
  const status = protoMessage(span, 15);
  return {
    traceId: normalizeId(protoHex(span, 1), 16, "trace_id"),
    spanId: normalizeId(protoHex(span, 2), 8, "span_id"),
    parentSpanId: normalizeId(protoHex(span, 4), 8, "parent_span_id", true),
    name: protoString(span, 5),
    kind: protoEnum(span, 6),
    startTimeUnixNano: protoFixed64(span, 7),
    endTimeUnixNano: protoFixed64(span, 8),
    attributes: protoAttributes(span, 9),
    status: { code: protoEnum(status, 3), message: protoString(status, 2) },
    scope,
  };
}

/** Repeated KeyValue (1 key, 2 value) at `fieldNumber`. */
function protoAttributes(message: ProtoMessage, fieldNumber: number): Record<string, OtlpValue> {
  const attributes: Record<string, OtlpValue> = {};
  for (const keyValue of protoMessages(message, fieldNumber)) {
    attributes[protoString(keyValue, 1)] = protoAnyValue(protoMessage(keyValue, 2));
  }
  return attributes;
}

/** AnyValue's oneof by field number; ArrayValue and KeyValueList keep their items in field 1. */
const PROTO_ANY_VALUE: Array<[number, (value: ProtoMessage, fieldNumber: number) => OtlpValue]> = [
  [1, protoString],
  [2, (value, n) => protoVarint(value, n) !== 0n],
  [3, (value, n) => integerValue(BigInt.asIntN(64, protoVarint(value, n)))],
  [4, protoDouble],
  [5, (value, n) => protoMessages(protoMessage(value, n), 1).map(protoAnyValue)],
  [6, (value, n) => protoAttributes(protoMessage(value, n), 1)],
  [7, (value, n) => protoBytes(value, n)],
];

function protoAnyValue(value: ProtoMessage): OtlpValue {
  const member = PROTO_ANY_VALUE.find(([fieldNumber]) => value.has(fieldNumber));
  return member ? member[1](value, member[0]) : undefined;
}

// Field access. Proto3 lets a scalar field repeat, the last one counting; absent fields read as defaults.

function lastField(message: ProtoMessage, fieldNumber: number, wireType: number): WireField | undefined {
  const field = message.get(fieldNumber)?.at(-1);
  if (field && field.wireType !== wireType) {
    throw new Error(`field ${fieldNumber} has wire type ${field.wireType}, expected ${wireType}`);
  }
  return field;
}

function protoBytes(message: ProtoMessage, fieldNumber: number): Uint8Array {
  return lastField(message, fieldNumber, 2)?.bytes ?? new Uint8Array();
}

function protoString(message: ProtoMessage, fieldNumber: number): string {
  return UTF8.decode(protoBytes(message, fieldNumber));
}

function protoHex(message: ProtoMessage, fieldNumber: number): string {
  return Buffer.from(protoBytes(message, fieldNumber)).toString("hex");
}

function protoVarint(message: ProtoMessage, fieldNumber: number): bigint {
  return lastField(message, fieldNumber, 0)?.varint ?? 0n;
}

/** Enums are int32 on the wire, sign-extended to ten bytes when negative. */
function protoEnum(message: ProtoMessage, fieldNumber: number): number {
  return Number(BigInt.asIntN(32, protoVarint(message, fieldNumber)));
}

function protoFixed64(message: ProtoMessage, fieldNumber: number): bigint {
  const bytes = lastField(message, fieldNumber, 1)?.bytes;
  return bytes ? new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true) : 0n;
}

function protoDouble(message: ProtoMessage, fieldNumber: number): number {
  const bytes = lastField(message, fieldNumber, 1)?.bytes;
  return bytes ? new DataView(bytes.buffer, bytes.byteOffset, 8).getFloat64(0, true) : 0;
}

/** The embedded message at `fieldNumber`; absent reads as an empty message, whose fields are all defaults. */
function protoMessage(message: ProtoMessage, fieldNumber: number): ProtoMessage {
  return parseMessage(protoBytes(message, fieldNumber));
}

function protoMessages(message: ProtoMessage, fieldNumber: number): ProtoMessage[] {
  return (message.get(fieldNumber) ?? []).map((field) => {
    if (field.wireType !== 2) throw new Error(`field ${fieldNumber} is not a message`);
    return parseMessage(field.bytes);
  });
}

// The wire format: a message is a run of (tag varint, value), tag = field number << 3 | wire type.

interface Cursor {
  bytes: Uint8Array;
  pos: number;
}

function parseMessage(bytes: Uint8Array): ProtoMessage {
  const message: ProtoMessage = new Map();
  const cursor = { bytes, pos: 0 };
  while (cursor.pos < bytes.length) {
    const tag = readVarint(cursor);
    const fieldNumber = Number(tag >> 3n);
    if (fieldNumber === 0) throw new Error("field number 0 is not valid");
    const fields = message.get(fieldNumber) ?? [];
    fields.push(readField(cursor, Number(tag & 7n)));
    message.set(fieldNumber, fields);
  }
  return message;
}

function readField(cursor: Cursor, wireType: number): WireField {
  const none = new Uint8Array();
  switch (wireType) {
    case 0:
      return { wireType, varint: readVarint(cursor), bytes: none };
    case 1:
      return { wireType, varint: 0n, bytes: take(cursor, 8) };
    case 2:
      return { wireType, varint: 0n, bytes: take(cursor, Number(readVarint(cursor))) };
    case 5:
      return { wireType, varint: 0n, bytes: take(cursor, 4) };
    default:
      // 3 and 4 are proto2 groups, which no OTLP message uses.
      throw new Error(`wire type ${wireType} is not used by OTLP`);
  }
}

/** Base-128, least significant group first; kept in a bigint because 64-bit values pass 2^53. */
function readVarint(cursor: Cursor): bigint {
  let value = 0n;
  for (let shift = 0n; shift < 70n; shift += 7n) {
    const byte = cursor.bytes[cursor.pos++];
    if (byte === undefined) throw new Error("message ends inside a varint");
    value |= BigInt(byte & 0x7f) << shift;
    if (byte < 0x80) return BigInt.asUintN(64, value);
  }
  throw new Error("varint longer than 10 bytes");
}

function take(cursor: Cursor, length: number): Uint8Array {
  if (cursor.pos + length > cursor.bytes.length) throw new Error("message ends inside a field");
  const bytes = cursor.bytes.subarray(cursor.pos, cursor.pos + length);
  cursor.pos += length;
  return bytes;
}

/** google.rpc.Status: 1 code (int32), 2 message (string). Codes here are below 128, so one byte. */
function encodeRpcStatus(code: number, message: string): Uint8Array {
  const text = Buffer.from(message, "utf8");
  return Buffer.concat([Buffer.from([0x08, code, 0x12]), encodeVarint(text.length), text]);
}

function encodeVarint(value: number): Buffer {
  const bytes: number[] = [];
  for (; value >= 0x80; value = Math.floor(value / 0x80)) bytes.push((value % 0x80) | 0x80);
  bytes.push(value);
  return Buffer.from(bytes);
}
