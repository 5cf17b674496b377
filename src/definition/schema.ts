import { z } from "zod";
import { DURATION_TEXT, durationMs, MAX_DURATION_MS } from "./duration.js";
import { HTTP_METHODS, PROTOCOLS } from "../engine/plan.js";
import { Triggers } from "../engine/plan-schema.js";

/** `250ms`, `10s`, `5m`, `1h`, or a whole number of milliseconds. */
const DURATION_HELP = "expected a duration: 250ms, 10s, 5m, 1h, or a number of milliseconds";
const DURATION_CAP = `a duration is at most 24 days (${MAX_DURATION_MS} ms), the longest a timer can wait`;

export const Duration = z
  .union(
    [
      z.number({ error: DURATION_HELP }).int(DURATION_HELP).nonnegative(DURATION_HELP),
      z.string({ error: DURATION_HELP }).regex(DURATION_TEXT, DURATION_HELP),
    ],
    { error: DURATION_HELP },
  )
  // Only a value the union took is measured: zod runs the refinement after a failed branch too.
  .refine(
    (value) =>
      typeof value !== "number" && !DURATION_TEXT.test(value) ? true : durationMs(value) <= MAX_DURATION_MS,
    {
      error: DURATION_CAP,
    },
  )
  .describe("A duration: 250ms, 10s, 5m, 1h, or a number of milliseconds");

export const RetrySpec = z
  .union(
    [
      z.literal(false),
      z.strictObject({
        attempts: z.number().int().min(1).max(100).optional().describe("Attempts in all (default 3)"),
        backoff: Duration.optional().describe("Wait cap before the second attempt (default 1s)"),
        factor: z
          .number()
          .min(1)
          .max(10)
          .optional()
          .describe("Growth of the wait cap per attempt (default 2)"),
        "max-backoff": Duration.optional().describe("Largest wait cap (default 30s)"),
      }),
    ],
    { error: "expected false or { attempts, backoff, factor, max-backoff }" },
  )
  .describe("Retry policy, or false for a single attempt");

const HeaderName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "not a valid HTTP header name");

const Expression = z.union([z.string(), z.boolean()]);

export const Poll = z
  .strictObject({
    until: Expression.optional().describe(
      "Done when true (default: an Operation-Location status of Succeeded/Failed/Canceled, else response.status != 202)",
    ),
    interval: Duration.optional().describe("Between polls (default 5s); a Retry-After wins"),
    timeout: Duration.optional().describe("All polling (default: the task's deadline, else 1h)"),
    url: z
      .string()
      .optional()
      .describe("Where to poll (default: Operation-Location, Azure-AsyncOperation, then Location)"),
  })
  .describe("A long-running operation: a 2xx first answer is polled with GET until `until` holds");

/** The answer mappings a task or its endpoint may give; each may read `response`. */
const AnswerFields = {
  "success-if": Expression.optional().describe("Whether the answer succeeded (default: a 2xx status)"),
  outputs: z
    .unknown()
    .optional()
    .describe("The task's outputs: an expression, or a map of name: expression (default: response.body)"),
  review: Expression.optional().describe(
    "A gate asks a person to decide when true; read before approved (default: response.body.review == true)",
  ),
  approved: Expression.optional().describe("A gate's verdict, a boolean (default: response.body.approved)"),
  reasons: z.unknown().optional().describe("A gate's reasons, strings (default: response.body.reasons)"),
  poll: Poll.optional(),
};

export const Endpoint = z.strictObject({
  url: z.string().describe("http(s) base URL; no user:pass, query or fragment"),
  protocol: z
    .enum(PROTOCOLS)
    .optional()
    .describe(
      "How its tasks are called: http (default: the envelope, or a request), a2a, openai-chat or mcp (Streamable HTTP)",
    ),
  model: z.string().min(1).optional().describe("openai-chat: the model to ask (required there)"),
  instructions: z
    .string()
    .optional()
    .describe("openai-chat: the system message for its tasks (a task's own wins); may use ${{ }}"),
  card: z
    .string()
    .optional()
    .describe(
      "a2a: the agent card's http(s) URL, absolute or relative to url (default: /.well-known/agent-card.json at the url's origin)",
    ),
  headers: z
    .record(HeaderName, z.string())
    .optional()
    .describe("Headers for every call; values may use ${{ env.X }}, ${{ run.X }}, ${{ github.X }}"),
  auth: z
    .strictObject({
      oidc: z
        .strictObject({ audience: z.string().min(1).describe("The token's audience (`aud`)") })
        .describe("Each attempt sends Authorization: Bearer <an OIDC token for this audience>"),
    })
    .optional()
    .describe(
      "How calls authenticate: an OIDC token from GitHub Actions (or env MGMT_OIDC_TOKEN outside it)",
    ),
  timeout: Duration.optional(),
  retry: RetrySpec.optional(),
  ...AnswerFields,
});

export const EndpointMap = z.record(z.string().min(1), Endpoint);

export const EndpointsFile = z.strictObject({
  $schema: z.string().optional(),
  endpoints: EndpointMap,
});

export const TaskName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_-]*$/,
    "a task name starts with a letter or _ and has letters, digits, _ or -",
  );

export const Request = z
  .strictObject({
    method: z.enum(HTTP_METHODS).optional().describe("GET, HEAD, POST, PUT, PATCH or DELETE (default POST)"),
    path: z
      .string()
      .optional()
      .describe("Below the endpoint's url (default: action); each ${{ }} value is percent-encoded as data"),
    query: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("Query parameters; values as text, an array repeats the key"),
    headers: z
      .record(HeaderName, z.union([z.string(), z.literal(false)]))
      .optional()
      .describe(
        "Over the endpoint's headers, per call; may set Accept, replace Idempotency-Key or drop it with false",
      ),
    body: z
      .unknown()
      .optional()
      .describe("JSON (object, array, number, boolean), or a string sent as text; ${{ }} at any depth"),
    form: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("Sent as application/x-www-form-urlencoded; not with body"),
  })
  .describe("Call the endpoint's API as it is, with no envelope");

export const Task = z.strictObject({
  name: TaskName.describe("Unique in the workflow, ignoring case; later tasks read it as tasks.<name>"),
  service: z.string().optional().describe("Endpoint name of a microservice"),
  agent: z.string().optional().describe("Endpoint name of an AI agent"),
  layer: z
    .string()
    .optional()
    .describe("Endpoint name of a governance layer: its answer must carry `approved`"),
  action: z
    .string()
    .optional()
    .describe("Path below the endpoint's URL (the envelope's action); optional when request.path is given"),
  request: Request.optional(),
  prompt: z.string().optional().describe("a2a, openai-chat: text sent beside the envelope; may use ${{ }}"),
  instructions: z
    .string()
    .optional()
    .describe("openai-chat: the system message, over the endpoint's; may use ${{ }}"),
  arguments: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("mcp: the tool's arguments (default: the task's params); ${{ }} at any depth"),
  "output-schema": z
    .union(
      [
        z.string().regex(/\.json$/, "a schema file's name ends in .json"),
        z.record(z.string(), z.unknown()),
        z.boolean(),
      ],
      {
        error: "expected a JSON Schema (an object) or the name of a .json file beside the definition",
      },
    )
    .optional()
    .describe(
      "JSON Schema (2020-12 unless $schema names 2019-09 or draft-07) the outputs must match: inline, or a .json file beside the definition (a relative path without ..)",
    ),
  ...AnswerFields,
  "secret-outputs": z
    .array(z.string().min(1))
    .optional()
    .describe(
      "Paths into the outputs (access_token, auth.token) whose values are secrets from the moment they arrive",
    ),
  with: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("Params for this call, merged over the run's; values may use ${{ }} at any depth"),
  needs: z
    .array(z.string())
    .optional()
    .describe("Tasks that must end first (default: the task listed before)"),
  if: z.union([z.string(), z.boolean()]).optional().describe("Condition, with or without ${{ }}"),
  timeout: Duration.optional().describe("One attempt, headers and body (default 30s)"),
  deadline: Duration.optional().describe("The whole task, attempts and waits included"),
  retry: RetrySpec.optional(),
  "continue-on-error": z.boolean().optional().describe("A failure here does not fail the run"),
});

export const Workflow = z.strictObject({
  $schema: z.string().optional(),
  id: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, "an id has letters, digits, _ . or -")
    .describe("Unique in its folder"),
  name: z.string().optional().describe("Display name (default: the id)"),
  description: z.string().optional(),
  on: Triggers.optional().describe("The events that start this workflow when its folder is run"),
  params: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("Default params; values may use ${{ env.X }}, ${{ run.X }}, ${{ github.X }}"),
  defaults: z
    .strictObject({
      timeout: Duration.optional(),
      deadline: Duration.optional(),
      retry: RetrySpec.optional(),
    })
    .optional(),
  concurrency: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .describe("Most tasks in flight at once (default 4)"),
  timeout: Duration.optional().describe("The whole run (default: none)"),
  review: z
    .strictObject({
      environment: z
        .string()
        .regex(
          /^[^'"`\\\n]{1,255}$/,
          "an environment name of at most 255 characters, without quotes or backslashes",
        )
        .optional()
        .describe("The GitHub environment whose deployment a reviewer approves (default mgmt-review)"),
    })
    .optional()
    .describe("How a person's review of a gate is asked for"),
  endpoints: EndpointMap.optional().describe(
    "Endpoint name -> URL and headers; an endpoints file's entry replaces one here",
  ),
  tasks: z.array(Task).min(1).describe("Each needs the one listed before it unless it says `needs`"),
});

export type DurationSpec = z.infer<typeof Duration>;
export type RetrySpec = z.infer<typeof RetrySpec>;
export type EndpointSpec = z.infer<typeof Endpoint>;
export type EndpointMap = z.infer<typeof EndpointMap>;
export type TaskSpec = z.infer<typeof Task>;
export type WorkflowSpec = z.infer<typeof Workflow>;
