// The census workflow's coverage advisor as an A2A agent, built with the A2A project's own
// SDK (@a2a-js/sdk, its express server). It reads the envelope mgmt sends as a data part and
// answers with the same suggestion as the envelope service beside it, as a completed task
// whose artifact holds it as data. census-services.mjs mounts it.
import { randomUUID } from "node:crypto";
import { AGENT_CARD_PATH, A2A_PROTOCOL_VERSION, TaskState } from "@a2a-js/sdk";
import { AgentEvent, DefaultRequestHandler, InMemoryTaskStore } from "@a2a-js/sdk/server";
import { agentCardHandler, jsonRpcHandler, UserBuilder } from "@a2a-js/sdk/server/express";
import express from "express";

/**
 * An express app serving the advisor's card (at the origin's well-known place) and its
 * JSON-RPC interface at `path`. `baseUrl` is the origin it is reached at (the card names
 * its interface there); `suggest(envelope)` gives the answer; `messages` collects what the
 * advisor was sent.
 */
export function createCoverageAdvisor({ baseUrl, path, suggest, messages }) {
  const card = {
    name: "Census coverage advisor",
    description: "Suggests outreach for regions with too few survey responses.",
    supportedInterfaces: [
      {
        url: `${baseUrl}${path}`,
        protocolBinding: "JSONRPC",
        tenant: "",
        protocolVersion: A2A_PROTOCOL_VERSION,
      },
    ],
    version: "1.0.0",
    capabilities: { streaming: false, pushNotifications: false, extensions: [] },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: ["application/json", "text/plain"],
    defaultOutputModes: ["application/json"],
    skills: [
      {
        id: "analyze_and_suggest",
        name: "Analyze and suggest",
        description: "Finds regions under the response threshold and suggests extra visits.",
        tags: ["census", "outreach"],
        examples: [],
        inputModes: [],
        outputModes: [],
        securityRequirements: [],
      },
    ],
    signatures: [],
  };
  const executor = {
    async execute(context, bus) {
      const data = context.userMessage.parts.find((part) => part.content?.$case === "data");
      const envelope = data?.content.value ?? {};
      messages.push(envelope);
      // The envelope service's handler, on the envelope's params and input: the same answer either way.
      const answer = {
        artifactId: randomUUID(),
        name: "suggestion",
        description: "",
        parts: [
          {
            content: { $case: "data", value: suggest(envelope) },
            metadata: undefined,
            filename: "",
            mediaType: "application/json",
          },
        ],
        metadata: undefined,
        extensions: [],
      };
      const status = {
        state: TaskState.TASK_STATE_COMPLETED,
        message: undefined,
        timestamp: new Date().toISOString(),
      };
      const task = {
        id: context.taskId,
        contextId: context.contextId,
        status,
        artifacts: [answer],
        history: [],
        metadata: undefined,
      };
      bus.publish(AgentEvent.task(task));
      bus.finished();
    },
    async cancelTask() {},
  };
  const handler = new DefaultRequestHandler(card, new InMemoryTaskStore(), executor);
  const app = express();
  app.use(`/${AGENT_CARD_PATH}`, agentCardHandler({ agentCardProvider: handler }));
  app.use(path, jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
  return app;
}
