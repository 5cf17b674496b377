/**
 * A real A2A agent for tests of our A2A client: the official @a2a-js/sdk 1.3 server (express,
 * JSON-RPC) on 127.0.0.1, answering with a scripted behaviour and recording every request.
 *
 *   const agent = await startA2aAgent({ behaviour: "working", workingPolls: 2 });
 *   // the client under test: card, SendMessage (returnImmediately), GetTask until done, at agent.url
 *   agent.requests; // every HTTP request, card GETs included: [{ method, path, headers, body }]
 *   agent.received; // what the agent was sent: [{ data, text, messageId }]
 *   await agent.close();
 */
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo, Socket } from "node:net";
import {
  A2A_PROTOCOL_VERSION,
  AGENT_CARD_PATH,
  Role,
  TaskState,
  type AgentCard,
  type Artifact,
  type GetTaskRequest,
  type Message,
  type Part,
  type Task,
} from "@a2a-js/sdk";
import { A2A_LEGACY_PROTOCOL_VERSION } from "@a2a-js/sdk/compat/v0_3";
import {
  AgentEvent,
  DefaultRequestHandler,
  InMemoryTaskStore,
  type AgentExecutor,
  type ExecutionEventBus,
  type RequestContext,
  type ServerCallContext,
} from "@a2a-js/sdk/server";
import { agentCardHandler, jsonRpcHandler, UserBuilder } from "@a2a-js/sdk/server/express";

export type A2aBehaviour =
  /** A task that completes at once, its artifact holding a data part = answer(received). */
  | "complete"
  /** A plain Message (no task) holding a data part = answer(received). */
  | "message"
  /** A completed task whose artifact holds only a text part = JSON.stringify(answer(received)). */
  | "text"
  /** The task stays TASK_STATE_WORKING for `workingPolls` GetTask calls, then completes with the artifact. */
  | "working"
  /** The task ends TASK_STATE_INPUT_REQUIRED, its status message's text being `question`. */
  | "input-required"
  /** The task ends TASK_STATE_FAILED, its status message's text being "the model is overloaded". */
  | "failed"
  /** SendMessage is never answered: the request stays open until the client aborts or close(). */
  | "hang";

export interface Usage {
  input_tokens: number;
  output_tokens: number;
}

export interface A2aAgentOptions {
  /** Default "complete". */
  behaviour?: A2aBehaviour;
  /** The answer's data; default `{ suggestion: { regions: ["west"], text: "Add outreach in the west" } }`. */
  answer?: (received: Received) => unknown;
  /** GetTask answers that still show WORKING ("working" only); default 1. */
  workingPolls?: number;
  /** The "input-required" status text; default "Which region should I analyse?". */
  question?: string;
  /** "0.3": a card of protocolVersion 0.3.0 with no 1.0 interface, and the 0.3 wire (message/send, tasks/get). */
  version?: "1.0" | "0.3";
  /** Put as `usage` into the answer's metadata: the task's, or the message's. */
  usage?: Usage;
  /** The JSON-RPC path, default "/agent"; the card is at /.well-known/agent-card.json of the origin. */
  path?: string;
}

/** One message the agent got. */
export interface Received {
  /** Its first data part's data; null without one. */
  data: unknown;
  /** Its text parts joined by "\n"; null without one. */
  text: string | null;
  messageId: string;
}

export interface RecordedA2aRequest {
  method: string;
  /** The path, without the query. */
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string | string[] | undefined>;
  /** The JSON body as the SDK parsed it; null for a GET or a body it refused. */
  body: unknown;
}

export interface A2aAgent {
  /** `http://127.0.0.1:<port>/agent`: the JSON-RPC endpoint, no trailing slash. */
  url: string;
  /** Every HTTP request in arrival order, recorded before the SDK sees it. */
  requests: RecordedA2aRequest[];
  /** Each message the executor got, in order. */
  received: Received[];
  /** Stops listening and destroys every open socket, hanging requests included; twice is harmless. */
  close(): Promise<void>;
}

const DEFAULT_ANSWER = { suggestion: { regions: ["west"], text: "Add outreach in the west" } };
const FAILURE_TEXT = "the model is overloaded";
/** What a 0.3 agent (a2a-js 0.3.x, a2a-sdk 0.3 for Python) writes into its card. */
const LEGACY_CARD_PROTOCOL_VERSION = "0.3.0";

/** The little of express 5 used here: it ships no types, and @types/express is not installed. */
interface ExpressRequest extends IncomingMessage {
  path: string;
  body?: unknown;
}
type Middleware = (req: ExpressRequest, res: ServerResponse, next: () => void) => void;
interface ExpressApp {
  (req: IncomingMessage, res: ServerResponse): void;
  use(handler: Middleware): void;
  use(path: string, handler: unknown): void;
}
const express = createRequire(import.meta.url)("express") as () => ExpressApp;

/** Starts the agent on a free port of 127.0.0.1. */
export async function startA2aAgent(options: A2aAgentOptions = {}): Promise<A2aAgent> {
  const app = express();
  const server = createServer(app);
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const path = `/${(options.path ?? "/agent").replace(/^\/+|\/+$/g, "")}`;
  const url = origin + path;

  const requests: RecordedA2aRequest[] = [];
  const received: Received[] = [];
  app.use((req, _res, next) => {
    // The SDK parses the body later; a getter shows it without consuming the stream first.
    requests.push({
      method: req.method ?? "",
      path: req.path,
      headers: { ...req.headers },
      get body() {
        return req.body ?? null;
      },
    });
    next();
  });

  const legacy = options.version === "0.3";
  // The SDK checks A2A-Version against the card's interfaces exactly: "0.3" (or no header), or "1.0".
  const card = agentCard(url, legacy ? A2A_LEGACY_PROTOCOL_VERSION : A2A_PROTOCOL_VERSION);
  const gate = new PollGate(options.workingPolls ?? 1);
  const executor = new ScriptedExecutor(scriptOf(options), received, gate);
  const requestHandler = new PolledRequestHandler(card, executor, gate);
  const cardPath = `/${AGENT_CARD_PATH}`;
  if (legacy) {
    app.use(cardPath, serveJson(legacyCard(card)));
    app.use(path, ignoreVersionHeader);
  } else {
    app.use(cardPath, agentCardHandler({ agentCardProvider: requestHandler }));
  }
  app.use(
    path,
    jsonRpcHandler({
      requestHandler,
      userBuilder: UserBuilder.noAuthentication,
      legacyCompat: { enabled: legacy },
    }),
  );

  return {
    url,
    requests,
    received,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      if (!server.listening) return;
      server.close();
      await once(server, "close");
    },
  };
}

interface Script {
  behaviour: A2aBehaviour;
  answer: (received: Received) => unknown;
  question: string;
  usage: Usage | undefined;
}

function scriptOf(options: A2aAgentOptions): Script {
  return {
    behaviour: options.behaviour ?? "complete",
    answer: options.answer ?? (() => structuredClone(DEFAULT_ANSWER)),
    question: options.question ?? "Which region should I analyse?",
    usage: options.usage,
  };
}

interface Ids {
  taskId: string;
  contextId: string;
}

class ScriptedExecutor implements AgentExecutor {
  private readonly contextOfTask = new Map<string, string>();

  constructor(
    private readonly script: Script,
    private readonly received: Received[],
    private readonly gate: PollGate,
  ) {}

  async execute(context: RequestContext, bus: ExecutionEventBus): Promise<void> {
    const got = receivedFrom(context.userMessage);
    this.received.push(got);
    const ids = { taskId: context.taskId, contextId: context.contextId };
    this.contextOfTask.set(ids.taskId, ids.contextId);
    await this.answer(ids, got, context.request.configuration?.returnImmediately === true, bus);
    // The SDK's queue ends on a final status update or finished(), not on a task in a final state.
    bus.finished();
  }

  private async answer(
    ids: Ids,
    got: Received,
    returnImmediately: boolean,
    bus: ExecutionEventBus,
  ): Promise<void> {
    const { behaviour, answer, question, usage } = this.script;
    const metadata = usage === undefined ? undefined : { usage };
    const publishTask = (state: TaskState, extra: { artifacts?: Artifact[]; text?: string }) =>
      bus.publish(AgentEvent.task(task(ids, state, { ...extra, metadata })));
    switch (behaviour) {
      case "hang":
        return new Promise<never>(() => undefined);
      case "message":
        return bus.publish(
          AgentEvent.message({ ...agentMessage(ids, [dataPart(answer(got))]), taskId: "", metadata }),
        );
      case "complete":
        return publishTask(TaskState.TASK_STATE_COMPLETED, {
          artifacts: [artifact([dataPart(answer(got))])],
        });
      case "text":
        return publishTask(TaskState.TASK_STATE_COMPLETED, {
          artifacts: [artifact([textPart(JSON.stringify(answer(got)))])],
        });
      case "input-required":
        return publishTask(TaskState.TASK_STATE_INPUT_REQUIRED, { text: question });
      case "failed":
        return publishTask(TaskState.TASK_STATE_FAILED, { text: FAILURE_TEXT });
      case "working":
        bus.publish(AgentEvent.task(task(ids, TaskState.TASK_STATE_WORKING, {})));
        // A blocking SendMessage must wait for the end (the spec's MUST): no polls can come meanwhile.
        if (returnImmediately) await this.gate.opened(ids.taskId);
        bus.publish(
          AgentEvent.artifactUpdate({
            ...ids,
            artifact: artifact([dataPart(answer(got))]),
            append: false,
            lastChunk: true,
            metadata: undefined,
          }),
        );
        bus.publish(
          AgentEvent.statusUpdate({ ...ids, status: status(ids, TaskState.TASK_STATE_COMPLETED), metadata }),
        );
    }
  }

  async cancelTask(taskId: string, bus: ExecutionEventBus): Promise<void> {
    // The SDK waits for the executor to publish the end of a cancelled task.
    const ids = { taskId, contextId: this.contextOfTask.get(taskId) ?? "" };
    bus.publish(
      AgentEvent.statusUpdate({
        ...ids,
        status: status(ids, TaskState.TASK_STATE_CANCELED),
        metadata: undefined,
      }),
    );
  }
}

/** Holds each "working" task until the client has polled it `needed` times. */
class PollGate {
  private readonly polls = new Map<string, number>();
  private readonly waiting = new Map<string, () => void>();

  constructor(private readonly needed: number) {}

  opened(taskId: string): Promise<void> {
    if ((this.polls.get(taskId) ?? 0) >= this.needed) return Promise.resolve();
    return new Promise((resolve) => this.waiting.set(taskId, resolve));
  }

  polled(taskId: string): void {
    const polls = (this.polls.get(taskId) ?? 0) + 1;
    this.polls.set(taskId, polls);
    if (polls < this.needed) return;
    this.waiting.get(taskId)?.();
    this.waiting.delete(taskId);
  }
}

/**
 * Counts a GetTask once its answer is taken, so the `workingPolls`-th still shows WORKING; the
 * task completes in microtasks, before any later request can be read off a socket.
 */
class PolledRequestHandler extends DefaultRequestHandler {
  constructor(
    card: AgentCard,
    executor: AgentExecutor,
    private readonly gate: PollGate,
  ) {
    super(card, new InMemoryTaskStore(), executor);
  }

  override async getTask(params: GetTaskRequest, context: ServerCallContext): Promise<Task> {
    const answer = await super.getTask(params, context);
    this.gate.polled(answer.id);
    return answer;
  }
}

function receivedFrom(message: Message): Received {
  const data = message.parts.find((part) => part.content?.$case === "data")?.content?.value as unknown;
  const texts = message.parts.flatMap(({ content }) => (content?.$case === "text" ? [content.value] : []));
  return {
    data: data ?? null,
    text: texts.length > 0 ? texts.join("\n") : null,
    messageId: message.messageId,
  };
}

function task(
  ids: Ids,
  state: TaskState,
  extra: { artifacts?: Artifact[]; text?: string; metadata?: Task["metadata"] },
): Task {
  return {
    id: ids.taskId,
    contextId: ids.contextId,
    status: status(ids, state, extra.text),
    artifacts: extra.artifacts ?? [],
    history: [],
    metadata: extra.metadata,
  };
}

function status(ids: Ids, state: TaskState, text?: string): Task["status"] {
  const message = text === undefined ? undefined : agentMessage(ids, [textPart(text)]);
  return { state, message, timestamp: new Date().toISOString() };
}

function agentMessage(ids: Ids, parts: Part[]): Message {
  return {
    messageId: randomUUID(),
    contextId: ids.contextId,
    taskId: ids.taskId,
    role: Role.ROLE_AGENT,
    parts,
    metadata: undefined,
    extensions: [],
    referenceTaskIds: [],
  };
}

function artifact(parts: Part[]): Artifact {
  return {
    artifactId: randomUUID(),
    name: "answer",
    description: "",
    parts,
    metadata: undefined,
    extensions: [],
  };
}

function dataPart(value: unknown): Part {
  return {
    content: { $case: "data", value },
    metadata: undefined,
    filename: "",
    mediaType: "application/json",
  };
}

function textPart(value: string): Part {
  return { content: { $case: "text", value }, metadata: undefined, filename: "", mediaType: "text/plain" };
}

function agentCard(url: string, protocolVersion: string): AgentCard {
  return {
    name: "Test agent",
    description: "Answers with a scripted behaviour, for tests of an A2A client.",
    supportedInterfaces: [{ url, protocolBinding: "JSONRPC", tenant: "", protocolVersion }],
    provider: undefined,
    version: "1.0.0",
    capabilities: { streaming: false, pushNotifications: false, extensions: [] },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: ["application/json", "text/plain"],
    defaultOutputModes: ["application/json", "text/plain"],
    skills: [
      {
        id: "suggest",
        name: "Suggest",
        description: "Suggests what to do next.",
        tags: ["test"],
        examples: [],
        inputModes: [],
        outputModes: [],
        securityRequirements: [],
      },
    ],
    signatures: [],
  };
}

/**
 * The card as a 0.3 agent serves it, to any A2A-Version: the SDK's own 0.3 card says "0.3", embeds
 * the 1.0 `supportedInterfaces`, and goes only to requests that announce no version or 0.3.
 */
function legacyCard(card: AgentCard): Record<string, unknown> {
  const [endpoint] = card.supportedInterfaces;
  return {
    protocolVersion: LEGACY_CARD_PROTOCOL_VERSION,
    name: card.name,
    description: card.description,
    url: endpoint?.url,
    preferredTransport: "JSONRPC",
    version: card.version,
    capabilities: { streaming: false, pushNotifications: false },
    defaultInputModes: card.defaultInputModes,
    defaultOutputModes: card.defaultOutputModes,
    skills: card.skills.map(({ id, name, description, tags }) => ({ id, name, description, tags })),
  };
}

/** A 0.3 agent knows no A2A-Version header: whatever a client announces, it answers in 0.3. */
const ignoreVersionHeader: Middleware = (req, _res, next) => {
  delete req.headers["a2a-version"];
  next();
};

function serveJson(value: unknown): Middleware {
  const body = JSON.stringify(value);
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(body);
  };
}
