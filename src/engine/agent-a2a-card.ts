import type { CallOutcome } from "./call.js";
import type { Answer } from "./read-answer.js";
import { is2xx } from "./read-answer.js";
import {
  type AgentCall,
  type AgentOutcome,
  agentFailure,
  callFailure,
  callLimits,
  refusal,
} from "./agent-call.js";

export type Version = "1.0" | "0.3";
export interface Interface {
  version: Version;
  /** What the A2A-Version header says: the card's own spelling of 1.0. */
  header: string;
  url: string;
}

/**
 * The agent card, from the endpoint's origin (or its `card:`), and the JSON-RPC interface
 * it names: 1.0 when the card offers it, 0.3 when it declares only that. An interface on
 * another origin is not called: the endpoint's headers carry its credentials.
 */
export async function readCard(
  call: AgentCall,
): Promise<{ ok: true; target: Interface } | { ok: false; outcome: AgentOutcome }> {
  const url = call.agent.card;
  const endpoint = new URL(call.task.url);
  const sameOrigin = new URL(url).origin === endpoint.origin;
  const got = await call.deps.call({
    method: "GET",
    url,
    headers: {
      Accept: "application/json",
      ...(sameOrigin ? call.prepared.headers[call.task.target] : {}),
      // As @a2a-js/sdk's own client asks: an agent that also speaks 0.3 answers a request naming
      // no version with its 0.3 card, and one offering only 1.0 then refuses (HTTP 400).
      "A2A-Version": "1.0",
    },
    body: null,
    mode: "response",
    ...callLimits(call),
    // The card's read is not among the task's calls: the service sees the task's span as its parent.
    ...(call.taskSpan ? { asSpan: call.taskSpan } : {}),
  });
  const failed = (why: string) => ({
    ok: false as const,
    outcome: agentFailure(`the agent card at ${url} ${why}`),
  });
  if (!got.ok) {
    if (got.cancelled) return { ok: false, outcome: callFailure(got) };
    return failed(`could not be read: ${got.error}`);
  }
  const mask = call.deps.mask ?? ((text: string) => text);
  if (!is2xx({ status: got.httpStatus }))
    return failed(
      `could not be read: ${refusal(answerOf(got), mask)} (set the endpoint's card: to where it is)`,
    );
  const card = got.outputs as Record<string, unknown> | null;
  if (card === null || typeof card !== "object") return failed("is not a JSON object");
  const target = interfaceOf(card, call.task.url);
  if (!target.ok) return failed(target.error);
  // A card may name its interface relative to itself.
  const resolved = URL.parse(target.value.url, url);
  if (!resolved) return failed(`names "${target.value.url}" as its JSON-RPC interface, which is not a URL`);
  if (resolved.origin !== endpoint.origin) {
    return failed(
      `names ${resolved.href}, on another origin than the endpoint: it is not called, as the endpoint's headers would go with it`,
    );
  }
  return { ok: true, target: { ...target.value, url: resolved.href } };
}

function interfaceOf(
  card: Record<string, unknown>,
  endpointUrl: string,
): { ok: true; value: Interface } | { ok: false; error: string } {
  const listed = Array.isArray(card.supportedInterfaces) ? (card.supportedInterfaces as unknown[]) : [];
  const interfaces = listed.filter(
    (i): i is { url: string; protocolBinding?: unknown; protocolVersion?: unknown } =>
      i !== null && typeof i === "object" && typeof (i as { url?: unknown }).url === "string",
  );
  const jsonRpc = interfaces.filter((i) => String(i.protocolBinding ?? "").toUpperCase() === "JSONRPC");
  const current = jsonRpc.find((i) => String(i.protocolVersion ?? "1.0").startsWith("1."));
  if (current) {
    const header = typeof current.protocolVersion === "string" ? current.protocolVersion : "1.0";
    return { ok: true, value: { version: "1.0", header, url: current.url } };
  }
  // A 1.0-shaped card (as @a2a-js/sdk 1.x serves it to a 1.0 client) may list only a 0.3 interface.
  const legacy = jsonRpc.find((i) => String(i.protocolVersion).startsWith("0.3"));
  if (legacy) return { ok: true, value: { version: "0.3", header: "0.3", url: legacy.url } };
  const declared = typeof card.protocolVersion === "string" ? card.protocolVersion : null;
  if (declared?.startsWith("0.3")) {
    const transport = String(card.preferredTransport ?? "JSONRPC").toUpperCase();
    const extra = Array.isArray(card.additionalInterfaces) ? (card.additionalInterfaces as unknown[]) : [];
    const rpc = extra.find(
      (i): i is { url: string } =>
        i !== null &&
        typeof i === "object" &&
        String((i as { transport?: unknown }).transport).toUpperCase() === "JSONRPC" &&
        typeof (i as { url?: unknown }).url === "string",
    );
    const url =
      transport === "JSONRPC" && typeof card.url === "string" ? card.url : (rpc?.url ?? endpointUrl);
    return { ok: true, value: { version: "0.3", header: "0.3", url } };
  }
  if (interfaces.length > 0) {
    const offered = interfaces.map((i) =>
      `${String(i.protocolBinding)} ${String(i.protocolVersion ?? "")}`.trim(),
    );
    return { ok: false, error: `offers no JSON-RPC interface of A2A 1.0 (it offers ${offered.join(", ")})` };
  }
  return { ok: true, value: { version: "1.0", header: "1.0", url: endpointUrl } };
}

export function answerOf(outcome: Extract<CallOutcome, { ok: true }>): Answer {
  return { status: outcome.httpStatus, headers: outcome.headers ?? {}, body: outcome.outputs };
}
