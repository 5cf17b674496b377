import { type AgentOutcome, agentFailure } from "../engine/agent-call.js";
import type { CallRequest, CallTask } from "../engine/call.js";
import type { AnswerAgent } from "../engine/run-deps.js";
import { type AttemptOptions, runAttempts } from "./attempts.js";
import { fail, readAnswer } from "./read-answer.js";

/** An answer as a test gives it. */
export interface Recorded {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What each task sent, in order: envelopes, requests, agents' messages. */
export type SentLog = Map<string, unknown[]>;

/**
 * A transport that calls nothing: each task's calls (attempts and polls, in order) are
 * answered from its recorded answers, the last repeating, and read exactly as a real answer
 * would be (the same attempt loop, retries and Retry-After on the given clock, the same
 * parsing). What each task sent is logged for the test's expectations.
 */
export function createRecordedCall(
  answers: ReadonlyMap<string, readonly Recorded[]>,
  options: AttemptOptions,
) {
  const used = new Map<string, number>();
  const sent: SentLog = new Map();
  const next = (task: string): Recorded | undefined => {
    const list = answers.get(task);
    if (!list?.length) return undefined;
    const index = used.get(task) ?? 0;
    used.set(task, index + 1);
    return list[Math.min(index, list.length - 1)];
  };
  const log = (task: string, what: unknown) => {
    const list = sent.get(task);
    if (list) list.push(what);
    else sent.set(task, [what]);
  };
  const call: CallTask = (request) => {
    const task = request.headers["X-Mgmt-Task"] ?? "";
    log(task, sentOf(request));
    // A recorded answer needs no token (none is fetched) and is no span of a trace.
    const { retry, timeoutMs, deadlineAt, signal } = request;
    return runAttempts({ retry, timeoutMs, deadlineAt, signal }, options, async () => {
      const answer = next(task);
      if (!answer) return fail(null, `no recorded answer for ${task}`, false);
      return readAnswer(responseOf(answer), {
        mode: request.mode,
        now: options.clock.now(),
        mask: (text) => text,
      });
    });
  };
  const answerAgent: AnswerAgent = async ({ task, message }): Promise<AgentOutcome> => {
    log(task.name, message);
    const answer = next(task.name);
    const call = { attempt: 1, httpStatus: answer?.status ?? null, durationMs: 0, error: null };
    if (!answer) {
      const error = `no recorded answer for ${task.name}`;
      return agentFailure(error, [{ ...call, error }]);
    }
    const status = answer.status ?? 200;
    return {
      ok: true,
      answer: { status, headers: lowerCased(answer.headers), body: answer.body ?? null },
      calls: [call],
      attempts: 1,
      polls: 0,
      usage: null,
    };
  };
  return { call, answerAgent, sent };
}

/** What a test's `sent` is matched against: the envelope, or a request as it went out. */
function sentOf(request: CallRequest): unknown {
  const body = request.body === null ? null : parsed(request.body);
  if (request.mode === "envelope") return body;
  return { method: request.method, url: request.url, headers: request.headers, body };
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A recorded answer as the Response a server would have sent: JSON unless its headers say otherwise. */
function responseOf(answer: Recorded): Response {
  const headers = new Headers(answer.headers);
  const body = answer.body === undefined || answer.body === null ? null : answer.body;
  if (body !== null && !headers.has("content-type"))
    headers.set("content-type", typeof body === "string" ? "text/plain; charset=utf-8" : "application/json");
  const text = body === null ? null : typeof body === "string" ? body : JSON.stringify(body);
  return new Response(text, { status: answer.status ?? 200, headers });
}

function lowerCased(headers: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
