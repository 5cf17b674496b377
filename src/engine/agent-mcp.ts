import { excerpt } from "../text/excerpt.js";
import { contractHeaders } from "./build-request.js";
import {
  type AgentCall,
  type AgentOutcome,
  agentFailure,
  agentValue,
  callFailure,
  callLimits,
  outputsOfParts,
  usageOf,
} from "./agent-call.js";

interface ToolResult {
  content?: Array<{ type?: string; text?: string }>;
  structuredContent?: unknown;
  isError?: boolean;
  _meta?: { usage?: unknown };
}

/**
 * Calls an MCP server's tool named by the task's action, with its `arguments` (default the
 * task's params). A result marked `isError` fails the task with its text. Outputs: the
 * structured content, else the text parsed as JSON, else the text.
 */
export async function callMcp(call: AgentCall): Promise<AgentOutcome> {
  const { task, deps } = call;
  if (!deps.callTool)
    return agentFailure("this run was given no MCP transport (callTool) for a task on an mcp endpoint");
  const given = agentValue(call, "arguments", call.agent.arguments);
  if (!given.ok) return agentFailure(given.error);
  const args = call.agent.arguments === null ? call.params : given.value;
  if (args === null || typeof args !== "object" || Array.isArray(args))
    return agentFailure(`${task.name}.arguments: expected an object, got ${JSON.stringify(args)}`);
  const outcome = await deps.callTool({
    url: task.url,
    headers: { ...contractHeaders(task, call.prepared), ...call.prepared.headers[task.target] },
    name: task.action,
    arguments: args as Record<string, unknown>,
    ...callLimits(call),
  });
  if (!outcome.ok) return callFailure(outcome);
  const result = (outcome.outputs ?? {}) as ToolResult;
  const texts = (Array.isArray(result.content) ? result.content : []).filter(
    (block) => block?.type === "text",
  );
  const usage = usageOf(result._meta?.usage);
  const ended = { calls: outcome.calls, attempts: outcome.calls.length, polls: 0, usage };
  if (result.isError === true) {
    const said = texts.map((block) => block.text ?? "").join(" ");
    const mask = deps.mask ?? ((text: string) => text);
    return {
      ok: false,
      error: `the tool ${task.action} failed${excerpt(mask(said)) || " (it said nothing)"}`,
      cancelled: false,
      ...ended,
    };
  }
  const outputs = result.structuredContent ?? outputsOfParts(texts.map((block) => ({ text: block.text })));
  return {
    ok: true,
    answer: { status: outcome.httpStatus, headers: outcome.headers ?? {}, body: outputs },
    ...ended,
  };
}
