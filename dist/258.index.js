export const id = 258;
export const ids = [258];
export const modules = {

/***/ 64258:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runOnRunner: () => (/* binding */ runOnRunner)
});

// NAMESPACE OBJECT: ./src/action/workflow-commands.ts
var workflow_commands_namespaceObject = {};
__webpack_require__.r(workflow_commands_namespaceObject);
__webpack_require__.d(workflow_commands_namespaceObject, {
  error: () => (error),
  getInput: () => (getInput),
  info: () => (info),
  setFailed: () => (setFailed),
  setOutput: () => (setOutput),
  setSecret: () => (setSecret),
  summary: () => (summary/* summary */.z),
  warning: () => (warning)
});

;// CONCATENATED MODULE: ./src/pipeline/user-error.ts
/**
 * A mistake of the user's (an input, a path, a file that cannot be written), as opposed to a
 * bug: the entry prints its message as it is, without asking for a bug report.
 */
class UserError extends Error {
    name = "UserError";
}

;// CONCATENATED MODULE: ./src/text/inert-log.ts
/** Zero width: the line reads the same to a person, and no longer as a command to the runner. */
const BREAK = "\u200b";
/**
 * Text for the log, made inert: the runner acts on `::name::` at a line's start (after
 * spaces) and on `##[name]` anywhere in a line, and ends lines at `\n`, `\r\n` or a lone
 * `\r`. Every line the action prints passes through here, so that text from endpoints,
 * events or files can never set an output, add a mask or stop the log's commands.
 */
function inertLog(text) {
    return text
        .split(/\r\n|\r|\n/)
        .map((line) => line.replaceAll("##[", `##${BREAK}[`).replace(/^(\s*):(?=:)/, `$1:${BREAK}`))
        .join("\n");
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./src/action/github-context.ts

/**
 * The event that started the step, as the runner hands it over: its name in
 * GITHUB_EVENT_NAME and its payload in the JSON file at GITHUB_EVENT_PATH. This is all that
 * @actions/github's `context` would give us, without loading Octokit with it.
 */
function readEvent(env) {
    const name = env.GITHUB_EVENT_NAME ?? "";
    const file = env.GITHUB_EVENT_PATH;
    if (!file)
        return { ok: true, event: { name, payload: {} } };
    try {
        const payload = JSON.parse((0,external_node_fs_.readFileSync)(file, "utf8"));
        const isObject = payload !== null && typeof payload === "object" && !Array.isArray(payload);
        return { ok: true, event: { name, payload: isObject ? payload : {} } };
    }
    catch (error) {
        return { ok: false, error: `cannot read the event payload ${file}: ${error.message}` };
    }
}
/** The `github` expression context under GitHub's own names (`event_name`, `run_id`, …), all text as in Actions. */
function githubContext(env, event) {
    const text = (name) => env[name] ?? "";
    return {
        event_name: event.name,
        event: event.payload,
        repository: text("GITHUB_REPOSITORY"),
        repository_owner: text("GITHUB_REPOSITORY_OWNER"),
        ref: text("GITHUB_REF"),
        ref_name: text("GITHUB_REF_NAME"),
        sha: text("GITHUB_SHA"),
        actor: text("GITHUB_ACTOR"),
        workflow: text("GITHUB_WORKFLOW"),
        job: text("GITHUB_JOB"),
        run_id: text("GITHUB_RUN_ID"),
        run_number: text("GITHUB_RUN_NUMBER"),
        run_attempt: text("GITHUB_RUN_ATTEMPT"),
        server_url: env.GITHUB_SERVER_URL || "https://github.com",
        api_url: env.GITHUB_API_URL || "https://api.github.com",
    };
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/definition/problem.ts
function formatProblem(problem) {
    const where = `${problem.file}:${problem.line}:${problem.column}`;
    return `${where}: ${problem.severity}: ${problem.field}: ${problem.message}`;
}
function errorsIn(problems) {
    return problems.filter((p) => p.severity === "error");
}
/** Thrown only at the edges (library, CLI, action) when a definition cannot run. */
class DefinitionError extends Error {
    problems;
    constructor(problems) {
        const errors = errorsIn(problems);
        super(`${errors.length} problem${errors.length === 1 ? "" : "s"} in the definition:\n` +
            errors.map((p) => `  ${formatProblem(p)}`).join("\n"));
        this.problems = problems;
        this.name = "DefinitionError";
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
;// CONCATENATED MODULE: ./src/engine/json-schema.ts
/** The drafts a schema may name in `$schema` (without a trailing `#`); none named means 2020-12. */
const SCHEMA_DRAFTS = {
    "https://json-schema.org/draft/2020-12/schema": "2020-12",
    "https://json-schema.org/draft/2019-09/schema": "2019-09",
    "http://json-schema.org/draft-07/schema": "draft-07",
};
/** The draft a `$schema` URI names, with or without its trailing `#`, or undefined. */
function draftOf(uri) {
    return SCHEMA_DRAFTS[uri.replace(/#$/, "")];
}
let loading;
/**
 * The JSON Schema checker, loaded on first use: a workflow without an output schema never
 * pays for the validator at start. Compiled validators are kept per schema object, which a
 * plan holds for its whole life.
 */
function loadSchemaChecker() {
    loading ??= (async () => {
        const [ajv2020, ajv2019, ajv07, formats] = await Promise.all([
            Promise.all(/* import() */[__webpack_require__.e(457), __webpack_require__.e(210)]).then(__webpack_require__.t.bind(__webpack_require__, 52210, 23)),
            Promise.all(/* import() */[__webpack_require__.e(457), __webpack_require__.e(878)]).then(__webpack_require__.t.bind(__webpack_require__, 60878, 23)),
            Promise.all(/* import() */[__webpack_require__.e(457), __webpack_require__.e(463)]).then(__webpack_require__.t.bind(__webpack_require__, 42463, 23)),
            Promise.all(/* import() */[__webpack_require__.e(457), __webpack_require__.e(815)]).then(__webpack_require__.t.bind(__webpack_require__, 82815, 23)),
        ]);
        // Unknown keywords are annotations, as the drafts say; every error is not needed, only the first.
        // Schemas are not registered by `$id`: the same file read again (another task, another load in
        // this process) would be "already exists". Nothing is logged: the engine does no I/O.
        const options = { strict: false, allErrors: false, addUsedSchema: false, logger: false };
        const validators = {
            "2020-12": new ajv2020.Ajv2020(options),
            "2019-09": new ajv2019.Ajv2019(options),
            "draft-07": new ajv07.Ajv(options),
        };
        for (const ajv of Object.values(validators))
            formats.default.default(ajv);
        const compiled = new WeakMap();
        const compile = (schema) => {
            const key = typeof schema === "object" && schema !== null ? schema : { schema };
            let validate = compiled.get(key);
            if (!validate) {
                const named = schema?.$schema;
                // Boolean schemas have no `$schema`; a plan holds only drafts the definition check allowed.
                const draft = typeof named === "string" ? draftOf(named) : undefined;
                validate = validators[draft ?? "2020-12"].compile(schema);
                compiled.set(key, validate);
            }
            return validate;
        };
        return {
            problemOf(schema) {
                try {
                    compile(schema);
                    return null;
                }
                catch (error) {
                    return error instanceof Error ? error.message : String(error);
                }
            },
            check(schema, value) {
                const validate = compile(schema);
                if (validate(value))
                    return null;
                return missOf((validate.errors ?? [])[0]);
            },
        };
    })();
    return loading;
}
/** An ajv error as a field path and a short why: a missing or extra property names the property. */
function missOf(error) {
    if (!error)
        return { path: "", message: "does not match the schema" };
    const parts = error.instancePath
        .split("/")
        .slice(1)
        .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"));
    const params = error.params;
    if (error.keyword === "required" && params.missingProperty)
        return { path: [...parts, params.missingProperty].join("."), message: "is required" };
    if (error.keyword === "additionalProperties" && params.additionalProperty) {
        return {
            path: [...parts, params.additionalProperty].join("."),
            message: "is not allowed (additionalProperties: false)",
        };
    }
    return { path: parts.join("."), message: error.message ?? "does not match the schema" };
}
/** A miss in words: `suggestion.regions: must be array`. */
function describeMiss(miss) {
    return miss.path ? `${miss.path}: ${miss.message}` : miss.message;
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 9 modules
var schemas = __webpack_require__(15649);
;// CONCATENATED MODULE: ./src/definition/duration.ts
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** `250ms`, `10s`, `5m`, `1h`, or a fraction of one: what a duration's text may be. */
const DURATION_TEXT = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
/** The longest wait a timer holds (2^31-1 ms, about 24.8 days); Node fires a longer one at once. */
const MAX_DURATION_MS = 2 ** 31 - 1;
/** Milliseconds of a duration the schema already accepted. */
function durationMs(spec) {
    if (typeof spec === "number")
        return spec;
    const match = DURATION_TEXT.exec(spec);
    if (!match)
        throw new Error(`not a duration: ${spec}`);
    return Math.round(Number(match[1]) * UNIT_MS[match[2]]);
}

// EXTERNAL MODULE: ./node_modules/@actions/expressions/dist/index.js + 28 modules
var dist = __webpack_require__(34082);
// EXTERNAL MODULE: ./node_modules/@actions/expressions/dist/ast.js
var ast = __webpack_require__(12049);
;// CONCATENATED MODULE: ./src/expressions/scan.ts
const OPEN = "${{";
const CLOSE = "}}";
/**
 * Splits a string into text and `${{ … }}` parts. The expression library does not do this,
 * and a plain search for `}}` would cut `'a}}b'` in half, so quoted strings are skipped
 * (an expression string is single-quoted, with `''` for a quote).
 */
function scanTemplate(text) {
    const segments = [];
    let pos = 0;
    while (pos < text.length) {
        const open = text.indexOf(OPEN, pos);
        if (open < 0)
            break;
        if (open > pos)
            segments.push({ kind: "text", text: text.slice(pos, open) });
        const start = open + OPEN.length;
        const close = findClose(text, start);
        if (close < 0)
            return { ok: false, error: "`${{` is never closed with `}}`", offset: open };
        segments.push({ kind: "expr", source: text.slice(start, close).trim(), offset: start });
        pos = close + CLOSE.length;
    }
    if (pos < text.length)
        segments.push({ kind: "text", text: text.slice(pos) });
    return { ok: true, segments };
}
function findClose(text, from) {
    let inString = false;
    for (let i = from; i < text.length; i++) {
        const ch = text[i];
        if (ch === "'") {
            // `''` inside a string is an escaped quote: stay inside.
            if (inString && text[i + 1] === "'")
                i++;
            else
                inString = !inString;
        }
        else if (!inString && text.startsWith(CLOSE, i)) {
            return i;
        }
    }
    return -1;
}
function hasExpression(text) {
    return text.includes(OPEN);
}

;// CONCATENATED MODULE: ./src/expressions/compile.ts



const STATUS_FUNCTIONS = ["success", "failure", "always", "cancelled"];
const ALL_CONTEXTS = ["params", "tasks", "env", "run", "github"];
/** The fields that read an answer (`success-if`, `outputs`, `approved`, `reasons`, `poll`) also see `response`. */
const ANSWER_CONTEXTS = [...ALL_CONTEXTS, "response"];
const EARLY_CONTEXTS = ["env", "run", "github"];
const TASK_FIELDS = ["outputs", "status"];
/** The expression library's own limit. */
const MAX_EXPRESSION_CHARS = 21_000;
const STATUS_DEFINITIONS = STATUS_FUNCTIONS.map((name) => ({ name, minArgs: 0, maxArgs: 0 }));
/**
 * Parses one expression (without its `${{ }}`). Every context and status function parses,
 * so that one used where it is not allowed gets a message saying where it belongs.
 */
function compileExpression(source, contexts, statusFunctions = false) {
    if (source.trim() === "")
        return { ok: false, message: "the expression is empty" };
    let expr;
    try {
        const tokens = new dist/* Lexer */.JG(source).lex().tokens;
        expr = new dist/* Parser */.iX(tokens, [...ANSWER_CONTEXTS], STATUS_DEFINITIONS).parse();
    }
    catch (error) {
        return { ok: false, message: parserMessage(error, contexts) };
    }
    const { contexts: read, taskFields, ...refs } = collectReferences(expr);
    const misplaced = read.find((name) => !contexts.includes(name));
    if (misplaced) {
        return {
            ok: false,
            message: `the context "${misplaced}" cannot be used here (only ${contexts.join(", ")})`,
        };
    }
    // `tasks.X.output` would read null and silently skip or blank a value: catch the slip here.
    const slip = taskFields.find(({ field }) => !TASK_FIELDS.includes(field.toLowerCase()));
    if (slip) {
        return { ok: false, message: `tasks.${slip.task}.${slip.field}: a task has only "outputs" and "status"` };
    }
    const [status] = refs.statusCalls;
    if (status && !statusFunctions) {
        return { ok: false, message: `${status}() is a status function: only \`if\` may call it` };
    }
    return { ok: true, value: { source, expr, ...refs } };
}
/** The library's message, with an unknown context or a too long expression said as a user would. */
function parserMessage(error, contexts) {
    const message = error instanceof Error ? error.message : String(error);
    if (message === "ErrorExceededMaxLength")
        return `the expression is longer than ${MAX_EXPRESSION_CHARS} characters`;
    const unknown = /^Unrecognized named-value: '(.*)'/.exec(message);
    return unknown ? `unknown context "${unknown[1]}" (known here: ${contexts.join(", ")})` : message;
}
/** Parses every `${{ }}` in a value, at any depth. */
function compileValue(value, contexts) {
    const problems = [];
    const compiled = walk(value, [], contexts, problems);
    return problems.length ? { ok: false, problems, partial: compiled } : { ok: true, value: compiled };
}
function walk(value, path, contexts, problems) {
    if (typeof value === "string")
        return compileString(value, path, contexts, problems);
    if (Array.isArray(value)) {
        return { kind: "array", items: value.map((item, i) => walk(item, [...path, i], contexts, problems)) };
    }
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value).map(([key, item]) => [
            key,
            walk(item, [...path, key], contexts, problems),
        ]);
        return { kind: "object", entries };
    }
    return { kind: "literal", value };
}
function compileString(text, path, contexts, problems) {
    if (!hasExpression(text))
        return { kind: "literal", value: text };
    const scanned = scanTemplate(text);
    if (!scanned.ok) {
        problems.push({ path, source: text, message: scanned.error });
        return { kind: "literal", value: text };
    }
    const parts = [];
    for (const segment of scanned.segments) {
        if (segment.kind === "text") {
            parts.push(segment.text);
            continue;
        }
        const result = compileExpression(segment.source, contexts);
        if (result.ok)
            parts.push(result.value);
        else
            problems.push({ path, source: segment.source, message: result.message });
    }
    const only = parts[0];
    if (parts.length === 1 && typeof only !== "string" && only !== undefined)
        return { kind: "whole", expr: only };
    return { kind: "text", parts };
}
/** Every expression inside a compiled value, with its path below the value. */
function expressionsAt(value, path = []) {
    switch (value.kind) {
        case "literal":
            return [];
        case "whole":
            return [{ path, expr: value.expr }];
        case "text":
            return value.parts
                .filter((p) => typeof p !== "string")
                .map((expr) => ({ path, expr }));
        case "array":
            return value.items.flatMap((item, i) => expressionsAt(item, [...path, i]));
        case "object":
            return value.entries.flatMap(([key, item]) => expressionsAt(item, [...path, key]));
    }
}
function expressionsIn(value) {
    return expressionsAt(value).map((found) => found.expr);
}
/**
 * Whether a condition holds only when every need succeeded: it calls no status function
 * (GitHub reads it as `success() && (…)`), or it is `success()` alone.
 */
function needsSuccess(condition) {
    if (condition.statusCalls.length === 0)
        return true;
    const call = condition.expr;
    return call.functionName?.lexeme.toLowerCase() === "success" && call.args?.length === 0;
}
/**
 * An `if` condition: `${{ }}` is optional, as in GitHub. A condition wrapped in one
 * `${{ }}` is unwrapped. Text around an expression is refused: GitHub would make it a
 * string, always true, which is never what the author meant.
 */
function compileCondition(condition) {
    // An empty `if` is no condition, as GitHub's runner reads it.
    if (condition === undefined || String(condition).trim() === "") {
        return compileExpression("success()", ALL_CONTEXTS, true);
    }
    if (typeof condition === "boolean")
        return compileExpression(String(condition), ALL_CONTEXTS, true);
    const trimmed = condition.trim();
    const scanned = scanTemplate(trimmed);
    if (!scanned.ok)
        return { ok: false, message: scanned.error };
    const [first] = scanned.segments;
    const source = scanned.segments.length === 1 && first?.kind === "expr" ? first.source : trimmed;
    if (!hasExpression(source))
        return compileExpression(source, ALL_CONTEXTS, true);
    return {
        ok: false,
        message: "an `if` holds one expression: write it without text around `${{ }}`",
    };
}
function collectReferences(expr) {
    const contexts = new Set();
    const tasks = new Set();
    const env = new Set();
    // The `env` nodes read by a literal name; any other read of `env` may reach every variable.
    const named = new Set();
    let allEnv = false;
    const statusCalls = new Set();
    const taskFields = [];
    const visitor = {
        visitLiteral: (_) => { },
        visitUnary: (u) => u.expr.accept(visitor),
        visitBinary: (b) => {
            b.left.accept(visitor);
            b.right.accept(visitor);
        },
        visitLogical: (l) => {
            for (const arg of l.args)
                arg.accept(visitor);
        },
        visitGrouping: (g) => g.group.accept(visitor),
        visitContextAccess: (c) => {
            const name = c.name.lexeme.toLowerCase();
            contexts.add(name);
            if (name === "env" && !named.has(c))
                allEnv = true;
        },
        visitIndexAccess: (ia) => {
            const taskName = keyRead(ia, "tasks");
            if (taskName !== undefined)
                tasks.add(taskName);
            const field = literalKey(ia.index);
            const fieldOf = ia.expr instanceof ast/* IndexAccess */.p_ ? keyRead(ia.expr, "tasks") : undefined;
            if (fieldOf !== undefined && field !== undefined)
                taskFields.push({ task: fieldOf, field });
            const variable = keyRead(ia, "env");
            if (variable !== undefined) {
                env.add(variable);
                named.add(ia.expr);
            }
            ia.expr.accept(visitor);
            ia.index.accept(visitor);
        },
        visitFunctionCall: (f) => {
            const name = f.functionName.lexeme.toLowerCase();
            if (STATUS_FUNCTIONS.includes(name))
                statusCalls.add(name);
            for (const arg of f.args)
                arg.accept(visitor);
        },
    };
    expr.accept(visitor);
    return {
        contexts: [...contexts],
        tasks: [...tasks],
        taskFields,
        env: [...env],
        allEnv,
        statusCalls: [...statusCalls],
    };
}
/** `context.X` or `context['X']`: the X, when it is a literal. */
function keyRead(ia, context) {
    const target = ia.expr;
    if (!target.name || target.name.lexeme.toLowerCase() !== context)
        return undefined;
    return literalKey(ia.index);
}
/** The X of `.X` or `['X']`; undefined for a computed index or `*`. */
function literalKey(index) {
    const literal = index.literal;
    return literal && literal.kind === 0 ? literal.coerceString() : undefined;
}

;// CONCATENATED MODULE: ./src/engine/plan.ts

/** How an endpoint's tasks are called: the call contract over HTTP, or an agent protocol. */
const PROTOCOLS = ["http", "a2a", "openai-chat", "mcp"];
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
/**
 * Every expression of a task's request, agent message, answer mappings and `with`, in no particular order:
 * what it reads (tasks, env) is checked and masked from these.
 */
function taskExpressions(task) {
    const { request, answer, agent } = task;
    const values = [
        task.with,
        agent?.prompt ?? null,
        agent?.instructions ?? null,
        agent?.arguments ?? null,
        ...(request
            ? [
                ...request.query.map(([, value]) => value),
                ...request.headers.map(([, value]) => (value === false ? null : value)),
                request.body?.value ?? null,
            ]
            : []),
        answer.successIf,
        answer.outputs,
        answer.review,
        answer.approved,
        answer.reasons,
        answer.poll?.until ?? null,
        answer.poll?.url ?? null,
    ];
    const inPath = (request?.path ?? []).filter((part) => typeof part !== "string");
    return [...inPath, ...values.flatMap((value) => (value ? expressionsIn(value) : []))];
}
/**
 * Groups tasks into waves: each wave's tasks need only tasks of earlier waves. This is the
 * order a run takes with unlimited concurrency; dry-run and the summary show it. Tasks on
 * a cycle are in no wave (the definition check reports them).
 */
function planWaves(tasks) {
    const waiting = new Map(tasks.map((t) => [t.name, new Set(t.needs)]));
    const dependants = new Map();
    for (const task of tasks) {
        for (const need of task.needs) {
            const list = dependants.get(need);
            if (list)
                list.push(task.name);
            else
                dependants.set(need, [task.name]);
        }
    }
    const waves = [];
    let wave = tasks.filter((t) => t.needs.length === 0).map((t) => t.name);
    while (wave.length > 0) {
        waves.push(wave);
        const next = [];
        for (const done of wave) {
            for (const dependant of dependants.get(done) ?? []) {
                const needs = waiting.get(dependant);
                needs?.delete(done);
                if (needs?.size === 0)
                    next.push(dependant);
            }
        }
        wave = next;
    }
    return waves;
}
/** The tasks that can never start: on a cycle of needs, or needing a task that is. */
function tasksOnCycles(tasks) {
    const placed = new Set(planWaves(tasks).flat());
    return tasks.filter((t) => !placed.has(t.name)).map((t) => t.name);
}
/**
 * The cycles of needs, each once, as a path from its first task (in definition order)
 * back to it: `["A", "B", "A"]` when A needs B and B needs A.
 */
function findCycles(tasks) {
    const needsOf = new Map(tasks.map((t) => [t.name, t.needs]));
    const reported = new Set();
    const cycles = [];
    for (const name of withoutDownstream(tasksOnCycles(tasks), needsOf)) {
        if (reported.has(name))
            continue;
        const cycle = shortestPath(needsOf, name, name);
        if (!cycle)
            continue; // It sits between cycles, on none.
        for (const member of cycle)
            reported.add(member);
        cycles.push(cycle);
    }
    return cycles;
}
/**
 * Drops the stuck tasks that only wait on a cycle, with no stuck task waiting on them, until
 * none is left: searching from each of thousands of them would take quadratic time.
 */
function withoutDownstream(stuck, needsOf) {
    const left = new Set(stuck);
    const waiters = new Map(stuck.map((name) => [name, 0]));
    for (const name of stuck)
        for (const need of needsOf.get(name) ?? [])
            waiters.set(need, (waiters.get(need) ?? 0) + 1);
    const peel = stuck.filter((name) => waiters.get(name) === 0);
    for (let name = peel.pop(); name !== undefined; name = peel.pop()) {
        left.delete(name);
        for (const need of needsOf.get(name) ?? []) {
            const count = (waiters.get(need) ?? 0) - 1;
            waiters.set(need, count);
            if (count === 0 && left.has(need))
                peel.push(need);
        }
    }
    return stuck.filter((name) => left.has(name));
}
/** The shortest chain of needs from `from` to `to`, both included, or null. */
function shortestPath(needsOf, from, to) {
    const cameFrom = new Map();
    const queue = [from];
    for (let i = 0; i < queue.length; i++) {
        const name = queue[i];
        for (const need of needsOf.get(name) ?? []) {
            if (need === to) {
                const path = [name];
                while (path[0] !== from)
                    path.unshift(cameFrom.get(path[0]));
                return [...path, to];
            }
            if (need === from || cameFrom.has(need))
                continue;
            cameFrom.set(need, name);
            queue.push(need);
        }
    }
    return null;
}
/**
 * Whether `ancestor` is a direct or indirect need of `task`, over one graph built once:
 * a definition asks it for every `tasks.X` it reads, of thousands of tasks perhaps.
 */
function ancestryOf(tasks) {
    const needsOf = new Map(tasks.map((t) => [t.name, t.needs]));
    return (task, ancestor) => {
        const seen = new Set();
        const stack = [...(needsOf.get(task) ?? [])];
        while (stack.length > 0) {
            const name = stack.pop();
            if (name === ancestor)
                return true;
            if (seen.has(name))
                continue;
            seen.add(name);
            stack.push(...(needsOf.get(name) ?? []));
        }
        return false;
    };
}

;// CONCATENATED MODULE: ./src/engine/plan-schema.ts

// The parts of a definition that a plan carries as written: the engine types params by the
// dispatch inputs, and selection reads the triggers.
/** A declared input of `on.dispatch.inputs`: how a param of that name is typed before a run. */
const DispatchInput = schemas/* strictObject */.rej({
    type: schemas/* enum */.k5n(["string", "number", "boolean", "choice"]).optional(),
    description: schemas/* string */.YjP().optional(),
    required: schemas/* boolean */.zMY().optional(),
    default: schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig(), schemas/* boolean */.zMY()]).optional(),
    options: schemas/* array */.YOg(schemas/* string */.YjP()).optional(),
});
const Triggers = schemas/* strictObject */.rej({
    schedule: schemas/* array */.YOg(schemas/* strictObject */.rej({ cron: schemas/* string */.YjP() })).optional(),
    dispatch: schemas/* strictObject */.rej({ inputs: schemas/* record */.g1P(schemas/* string */.YjP(), DispatchInput).optional() })
        .nullable()
        .optional(),
    repository_dispatch: schemas/* strictObject */.rej({ types: schemas/* array */.YOg(schemas/* string */.YjP()).optional() })
        .nullable()
        .optional(),
});

;// CONCATENATED MODULE: ./src/definition/schema.ts




/** `250ms`, `10s`, `5m`, `1h`, or a whole number of milliseconds. */
const DURATION_HELP = "expected a duration: 250ms, 10s, 5m, 1h, or a number of milliseconds";
const DURATION_CAP = `a duration is at most 24 days (${MAX_DURATION_MS} ms), the longest a timer can wait`;
const Duration = schemas/* union */.KCZ([
    schemas/* number */.aig({ error: DURATION_HELP }).int(DURATION_HELP).nonnegative(DURATION_HELP),
    schemas/* string */.YjP({ error: DURATION_HELP }).regex(DURATION_TEXT, DURATION_HELP),
], { error: DURATION_HELP })
    // Only a value the union took is measured: zod runs the refinement after a failed branch too.
    .refine((value) => typeof value !== "number" && !DURATION_TEXT.test(value) ? true : durationMs(value) <= MAX_DURATION_MS, {
    error: DURATION_CAP,
})
    .describe("A duration: 250ms, 10s, 5m, 1h, or a number of milliseconds");
const RetrySpec = schemas/* union */.KCZ([
    schemas/* literal */.euz(false),
    schemas/* strictObject */.rej({
        attempts: schemas/* number */.aig().int().min(1).max(100).optional().describe("Attempts in all (default 3)"),
        backoff: Duration.optional().describe("Wait cap before the second attempt (default 1s)"),
        factor: schemas/* number */.aig()
            .min(1)
            .max(10)
            .optional()
            .describe("Growth of the wait cap per attempt (default 2)"),
        "max-backoff": Duration.optional().describe("Largest wait cap (default 30s)"),
    }),
], { error: "expected false or { attempts, backoff, factor, max-backoff }" })
    .describe("Retry policy, or false for a single attempt");
const HeaderName = schemas/* string */.YjP().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "not a valid HTTP header name");
const Expression = schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* boolean */.zMY()]);
const Poll = schemas/* strictObject */.rej({
    until: Expression.optional().describe("Done when true (default: an Operation-Location status of Succeeded/Failed/Canceled, else response.status != 202)"),
    interval: Duration.optional().describe("Between polls (default 5s); a Retry-After wins"),
    timeout: Duration.optional().describe("All polling (default: the task's deadline, else 1h)"),
    url: schemas/* string */.YjP()
        .optional()
        .describe("Where to poll (default: Operation-Location, Azure-AsyncOperation, then Location)"),
})
    .describe("A long-running operation: a 2xx first answer is polled with GET until `until` holds");
/** The answer mappings a task or its endpoint may give; each may read `response`. */
const AnswerFields = {
    "success-if": Expression.optional().describe("Whether the answer succeeded (default: a 2xx status)"),
    outputs: schemas/* unknown */.L5J()
        .optional()
        .describe("The task's outputs: an expression, or a map of name: expression (default: response.body)"),
    review: Expression.optional().describe("A gate asks a person to decide when true; read before approved (default: response.body.review == true)"),
    approved: Expression.optional().describe("A gate's verdict, a boolean (default: response.body.approved)"),
    reasons: schemas/* unknown */.L5J().optional().describe("A gate's reasons, strings (default: response.body.reasons)"),
    poll: Poll.optional(),
};
const Endpoint = schemas/* strictObject */.rej({
    url: schemas/* string */.YjP().describe("http(s) base URL; no user:pass, query or fragment"),
    protocol: schemas/* enum */.k5n(PROTOCOLS)
        .optional()
        .describe("How its tasks are called: http (default: the envelope, or a request), a2a, openai-chat or mcp (Streamable HTTP)"),
    model: schemas/* string */.YjP().min(1).optional().describe("openai-chat: the model to ask (required there)"),
    instructions: schemas/* string */.YjP()
        .optional()
        .describe("openai-chat: the system message for its tasks (a task's own wins); may use ${{ }}"),
    card: schemas/* string */.YjP()
        .optional()
        .describe("a2a: the agent card's http(s) URL, absolute or relative to url (default: /.well-known/agent-card.json at the url's origin)"),
    headers: schemas/* record */.g1P(HeaderName, schemas/* string */.YjP())
        .optional()
        .describe("Headers for every call; values may use ${{ env.X }}, ${{ run.X }}, ${{ github.X }}"),
    auth: schemas/* strictObject */.rej({
        oidc: schemas/* strictObject */.rej({ audience: schemas/* string */.YjP().min(1).describe("The token's audience (`aud`)") })
            .describe("Each attempt sends Authorization: Bearer <an OIDC token for this audience>"),
    })
        .optional()
        .describe("How calls authenticate: an OIDC token from GitHub Actions (or env MGMT_OIDC_TOKEN outside it)"),
    timeout: Duration.optional(),
    retry: RetrySpec.optional(),
    ...AnswerFields,
});
const EndpointMap = schemas/* record */.g1P(schemas/* string */.YjP().min(1), Endpoint);
const EndpointsFile = schemas/* strictObject */.rej({
    $schema: schemas/* string */.YjP().optional(),
    endpoints: EndpointMap,
});
const TaskName = schemas/* string */.YjP()
    .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, "a task name starts with a letter or _ and has letters, digits, _ or -");
const schema_Request = schemas/* strictObject */.rej({
    method: schemas/* enum */.k5n(HTTP_METHODS).optional().describe("GET, HEAD, POST, PUT, PATCH or DELETE (default POST)"),
    path: schemas/* string */.YjP()
        .optional()
        .describe("Below the endpoint's url (default: action); each ${{ }} value is percent-encoded as data"),
    query: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J())
        .optional()
        .describe("Query parameters; values as text, an array repeats the key"),
    headers: schemas/* record */.g1P(HeaderName, schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* literal */.euz(false)]))
        .optional()
        .describe("Over the endpoint's headers, per call; may set Accept, replace Idempotency-Key or drop it with false"),
    body: schemas/* unknown */.L5J()
        .optional()
        .describe("JSON (object, array, number, boolean), or a string sent as text; ${{ }} at any depth"),
    form: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J())
        .optional()
        .describe("Sent as application/x-www-form-urlencoded; not with body"),
})
    .describe("Call the endpoint's API as it is, with no envelope");
const Task = schemas/* strictObject */.rej({
    name: TaskName.describe("Unique in the workflow, ignoring case; later tasks read it as tasks.<name>"),
    service: schemas/* string */.YjP().optional().describe("Endpoint name of a microservice"),
    agent: schemas/* string */.YjP().optional().describe("Endpoint name of an AI agent"),
    layer: schemas/* string */.YjP()
        .optional()
        .describe("Endpoint name of a governance layer: its answer must carry `approved`"),
    action: schemas/* string */.YjP()
        .optional()
        .describe("Path below the endpoint's URL (the envelope's action); optional when request.path is given"),
    request: schema_Request.optional(),
    prompt: schemas/* string */.YjP().optional().describe("a2a, openai-chat: text sent beside the envelope; may use ${{ }}"),
    instructions: schemas/* string */.YjP()
        .optional()
        .describe("openai-chat: the system message, over the endpoint's; may use ${{ }}"),
    arguments: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J())
        .optional()
        .describe("mcp: the tool's arguments (default: the task's params); ${{ }} at any depth"),
    "output-schema": schemas/* union */.KCZ([
        schemas/* string */.YjP().regex(/\.json$/, "a schema file's name ends in .json"),
        schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J()),
        schemas/* boolean */.zMY(),
    ], {
        error: "expected a JSON Schema (an object) or the name of a .json file beside the definition",
    })
        .optional()
        .describe("JSON Schema (2020-12 unless $schema names 2019-09 or draft-07) the outputs must match: inline, or a .json file beside the definition (a relative path without ..)"),
    ...AnswerFields,
    "secret-outputs": schemas/* array */.YOg(schemas/* string */.YjP().min(1))
        .optional()
        .describe("Paths into the outputs (access_token, auth.token) whose values are secrets from the moment they arrive"),
    with: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J())
        .optional()
        .describe("Params for this call, merged over the run's; values may use ${{ }} at any depth"),
    needs: schemas/* array */.YOg(schemas/* string */.YjP())
        .optional()
        .describe("Tasks that must end first (default: the task listed before)"),
    if: schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* boolean */.zMY()]).optional().describe("Condition, with or without ${{ }}"),
    timeout: Duration.optional().describe("One attempt, headers and body (default 30s)"),
    deadline: Duration.optional().describe("The whole task, attempts and waits included"),
    retry: RetrySpec.optional(),
    "continue-on-error": schemas/* boolean */.zMY().optional().describe("A failure here does not fail the run"),
});
const Workflow = schemas/* strictObject */.rej({
    $schema: schemas/* string */.YjP().optional(),
    id: schemas/* string */.YjP()
        .regex(/^[A-Za-z0-9_.-]+$/, "an id has letters, digits, _ . or -")
        .describe("Unique in its folder"),
    name: schemas/* string */.YjP().optional().describe("Display name (default: the id)"),
    description: schemas/* string */.YjP().optional(),
    on: Triggers.optional().describe("The events that start this workflow when its folder is run"),
    params: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J())
        .optional()
        .describe("Default params; values may use ${{ env.X }}, ${{ run.X }}, ${{ github.X }}"),
    defaults: schemas/* strictObject */.rej({
        timeout: Duration.optional(),
        deadline: Duration.optional(),
        retry: RetrySpec.optional(),
    })
        .optional(),
    concurrency: schemas/* number */.aig()
        .int()
        .min(1)
        .max(1000)
        .optional()
        .describe("Most tasks in flight at once (default 4)"),
    timeout: Duration.optional().describe("The whole run (default: none)"),
    review: schemas/* strictObject */.rej({
        environment: schemas/* string */.YjP()
            .regex(/^[^'"`\\\n]{1,255}$/, "an environment name of at most 255 characters, without quotes or backslashes")
            .optional()
            .describe("The GitHub environment whose deployment a reviewer approves (default mgmt-review)"),
    })
        .optional()
        .describe("How a person's review of a gate is asked for"),
    endpoints: EndpointMap.optional().describe("Endpoint name -> URL and headers; an endpoints file's entry replaces one here"),
    tasks: schemas/* array */.YOg(Task).min(1).describe("Each needs the one listed before it unless it says `needs`"),
});

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var yaml_dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./src/text/field-path.ts
function formatPath(path) {
    let out = "";
    for (const segment of path) {
        if (typeof segment === "number")
            out += `[${segment}]`;
        else if (/^[A-Za-z_$][\w$-]*$/.test(segment))
            out += out ? `.${segment}` : segment;
        else
            out += `[${JSON.stringify(segment)}]`;
    }
    return out || "(top level)";
}

;// CONCATENATED MODULE: ./src/definition/source.ts


/** Keys that would reach Object.prototype when a user's object is copied naively. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
/** Far deeper than any definition needs, far shallower than the recursion that would overflow the stack. */
const MAX_DEPTH = 64;
/** yaml's measure of alias expansion: a few anchors reused are fine, a "billion laughs" file is not. */
const MAX_ALIASES = 100;
/** Parses a definition or endpoints file, JSON or YAML; every problem points at its place. */
function parseSource(file, text) {
    return parseJson(file, text) ?? parseYaml(file, text);
}
/**
 * JSON, the common case, without building a YAML document (for a 10,000-task file that
 * document is most of the load's time and memory). Positions are found, by reading the
 * text as YAML, only when a problem must point somewhere. Text that JSON.parse refuses,
 * repeats a key (which it would keep silently) or has a shape problem takes the YAML path,
 * which reports each with its place.
 */
function parseJson(file, text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return null;
    }
    if (keysInText(text) !== keysInValue(value) || shapeProblems(value).length > 0)
        return null;
    let located;
    const locate = (path, key) => {
        if (!located) {
            const parsed = parseYaml(file, text);
            // YAML reads every JSON text the checks above let through; 1:1 is a last resort.
            located = parsed.ok ? parsed.source.locate : () => ({ line: 1, column: 1 });
        }
        return located(path, key);
    };
    return { ok: true, source: { file, value, locate, problem: problemMaker(file, locate) } };
}
/** In JSON that parses, a string followed by `:` is a key, and nothing else is. */
function keysInText(text) {
    let count = 0;
    for (const match of text.matchAll(/"(?:[^"\\]|\\.)*"(\s*:)?/g))
        if (match[1])
            count++;
    return count;
}
function keysInValue(value) {
    let count = 0;
    const stack = [value];
    while (stack.length > 0) {
        const here = stack.pop();
        if (here === null || typeof here !== "object")
            continue;
        if (!Array.isArray(here))
            count += Object.keys(here).length;
        for (const child of Object.values(here))
            stack.push(child);
    }
    return count;
}
function problemMaker(file, locate) {
    return (path, message, options = {}) => ({
        file,
        ...locate(path, options.atKey),
        field: formatPath(path),
        message,
        severity: options.severity ?? "error",
    });
}
function parseYaml(file, text) {
    const lineCounter = new yaml_dist/* LineCounter */.HN();
    const problemAt = (offset, path, message) => {
        const { line, col } = lineCounter.linePos(offset);
        return { file, line, column: col, field: formatPath(path), message, severity: "error" };
    };
    const failed = (...problems) => ({ ok: false, problems });
    // yaml's composer recurses once per level, so measure the nesting on its flat token stream
    // first. Parsing again costs less than keeping every token of a large file alive while
    // composing (a 10,000-task file's tokens doubled the peak memory).
    const deep = tooDeep(new yaml_dist/* Parser */.iX(lineCounter.addNewLine).parse(text));
    if (deep)
        return failed(problemAt(deep.offset, deep.path, `is nested more than ${MAX_DEPTH} levels deep`));
    const doc = (0,yaml_dist/* parseDocument */.Tp)(text, { uniqueKeys: true, prettyErrors: false });
    const root = doc.contents;
    if (doc.errors.length > 0)
        return failed(...doc.errors.map((e) => syntaxProblem(e, root, problemAt)));
    let value;
    try {
        // An alias bomb throws a ReferenceError here, not a parse error.
        value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    }
    catch (error) {
        const offset = firstAliasOffset(doc);
        const why = `its aliases expand too much (${messageOf(error)}): repeat the values instead`;
        return failed(problemAt(offset, pathAt(root, offset), why));
    }
    const locate = (path, key = false) => {
        const { line, col } = lineCounter.linePos(offsetOf(root, path, key));
        return { line, column: col };
    };
    const problem = problemMaker(file, locate);
    const shape = shapeProblems(value)
        .map((p) => problem(p.path, p.message, { atKey: p.atKey }))
        .sort((a, b) => a.line - b.line || a.column - b.column);
    if (shape.length > 0)
        return failed(...shape);
    return { ok: true, source: { file, value, locate, problem } };
}
/** The first place nested deeper than MAX_DEPTH, walking the tokens with a stack rather than recursion. */
function tooDeep(tokens) {
    const stack = [];
    for (const token of tokens)
        if (token.type === "document" && token.value)
            stack.push({ token: token.value, depth: 0, parent: null, segment: null });
    while (stack.length > 0) {
        const visit = stack.pop();
        if (visit.depth > MAX_DEPTH)
            return { offset: visit.token.offset, path: pathOf(visit) };
        const { token } = visit;
        if (token.type !== "block-map" && token.type !== "block-seq" && token.type !== "flow-collection")
            continue;
        const isMapping = token.type === "block-map" || (token.type === "flow-collection" && token.start.source === "{");
        token.items.forEach((item, i) => {
            const segment = isMapping ? (item.key ?? null) : i;
            for (const child of [item.key, item.value]) {
                if (child)
                    stack.push({ token: child, depth: visit.depth + 1, parent: visit, segment });
            }
        });
    }
    return undefined;
}
function keyText(key) {
    const scalar = key ? yaml_dist/* CST */.DB.resolveAsScalar(key) : null;
    return scalar ? scalar.value : "?";
}
function pathOf(visit) {
    const path = [];
    for (let at = visit; at?.segment != null; at = at.parent) {
        path.unshift(typeof at.segment === "number" ? at.segment : keyText(at.segment));
    }
    return path;
}
/** A syntax error, pointing at the field it is in; a duplicate key is named. */
function syntaxProblem(error, root, problemAt) {
    const offset = error.pos[0];
    const path = pathAt(root, offset);
    switch (error.code) {
        case "DUPLICATE_KEY":
            return problemAt(offset, path, `the key "${String(path.at(-1))}" appears twice`);
        case "MULTIPLE_DOCS":
            // yaml's own message points at its API, not at the file.
            return problemAt(offset, [], "a second YAML document starts here: a file holds one");
        default:
            return problemAt(offset, path, error.message.split("\n")[0] ?? error.message);
    }
}
/** The path of the innermost field whose key or value holds `offset`. */
function pathAt(root, offset) {
    const path = [];
    // Ranges end before their last offset: [start, value end, node end).
    const holds = (node, end = node) => (node?.range?.[0] ?? Number.POSITIVE_INFINITY) <= offset &&
        offset < (end?.range?.[2] ?? Number.NEGATIVE_INFINITY);
    let node = root;
    while (node) {
        if ((0,yaml_dist/* isMap */.jh)(node)) {
            const pair = node.items.find((p) => holds(p.key, p.value ?? p.key));
            if (!pair)
                break;
            path.push((0,yaml_dist/* isScalar */.jn)(pair.key) ? String(pair.key.value) : "?");
            node = holds(pair.key) ? null : pair.value;
        }
        else if ((0,yaml_dist/* isSeq */.oP)(node)) {
            const index = node.items.findIndex((item) => holds(item));
            if (index < 0)
                break;
            path.push(index);
            node = node.items[index];
        }
        else {
            break;
        }
    }
    return path;
}
function firstAliasOffset(doc) {
    let offset = 0;
    (0,yaml_dist/* visit */.YR)(doc, {
        Alias(_key, node) {
            offset = node.range?.[0] ?? 0;
            return yaml_dist/* visit */.YR.BREAK;
        },
    });
    return offset;
}
/**
 * Keys that could pollute prototypes, anywhere (all of them), and nesting that aliases
 * made too deep. Walks the value with a stack: it may be deeper than the text.
 */
function shapeProblems(value) {
    const found = [];
    const stack = [{ value, path: [] }];
    let tooDeepFound = false;
    while (stack.length > 0) {
        const { value: here, path } = stack.pop();
        if (here === null || typeof here !== "object" || ArrayBuffer.isView(here))
            continue;
        if (path.length > MAX_DEPTH) {
            if (!tooDeepFound)
                found.push({ path, message: `is nested more than ${MAX_DEPTH} levels deep`, atKey: false });
            tooDeepFound = true;
            continue;
        }
        for (const [key, child] of Object.entries(here)) {
            const at = [...path, Array.isArray(here) ? Number(key) : key];
            if (!Array.isArray(here) && FORBIDDEN_KEYS.has(key)) {
                found.push({
                    path: at,
                    message: `the key "${key}" is not allowed (it could alter every object)`,
                    atKey: true,
                });
            }
            else {
                stack.push({ value: child, path: at });
            }
        }
    }
    return found;
}
function offsetOf(root, path, key) {
    let node = root;
    let keyNode;
    let best = root?.range?.[0] ?? 0;
    for (const segment of path) {
        keyNode = null;
        if ((0,yaml_dist/* isMap */.jh)(node)) {
            const pair = node.items.find((p) => (0,yaml_dist/* isPair */.tO)(p) && (0,yaml_dist/* isScalar */.jn)(p.key) && String(p.key.value) === String(segment));
            if (!pair)
                break;
            keyNode = pair.key;
            node = pair.value;
        }
        else if ((0,yaml_dist/* isSeq */.oP)(node) && typeof segment === "number") {
            node = node.items[segment] ?? null;
        }
        else {
            break;
        }
        best = (key && keyNode ? keyNode.range?.[0] : node?.range?.[0]) ?? keyNode?.range?.[0] ?? best;
        // Past an alias the path runs through the anchored value: the alias is where to look.
        if ((0,yaml_dist/* isAlias */.Vj)(node))
            break;
    }
    return best;
}
function messageOf(error) {
    return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

;// CONCATENATED MODULE: ./src/definition/near-miss.ts
/**
 * The known name a slip of the keyboard most likely meant (`retyr` → `retry`), or undefined
 * when none is close. Case is ignored; short names allow one edit, longer ones two, so that
 * an unrelated word is never "corrected".
 */
function nearMiss(word, known) {
    let best;
    for (const name of known) {
        const limit = Math.min(word.length, name.length) <= 4 ? 1 : 2;
        const distance = editDistance(word.toLowerCase(), name.toLowerCase());
        if (distance <= limit && (!best || distance < best.distance))
            best = { name, distance };
    }
    return best?.name;
}
/**
 * Damerau–Levenshtein distance (optimal string alignment): insertions, deletions,
 * substitutions and swaps of two neighbours each count one, as typing slips do.
 */
function editDistance(a, b) {
    // Three rows suffice: a swap looks back two rows.
    let before = new Array(b.length + 1).fill(0);
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                d = Math.min(d, before[j - 2] + 1);
            current.push(d);
        }
        [before, previous] = [previous, current];
    }
    return previous[b.length];
}

;// CONCATENATED MODULE: ./src/definition/zod-problems.ts

/**
 * Turns zod's issues into problems that point at the file, line and column, in file order.
 * `schema` is the one that was parsed, to name the known field an unknown one was meant to be.
 */
function zodProblems(source, issues, schema, base = []) {
    return issues
        .flatMap((issue) => issueProblems(source, issue, schema, [...base, ...issue.path]))
        .sort((a, b) => a.line - b.line || a.column - b.column);
}
function issueProblems(source, issue, schema, path) {
    switch (issue.code) {
        case "unrecognized_keys": {
            // A field the object already has is no likely meaning for a slip beside it.
            const absent = fieldsAt(schema, path).filter((name) => !lookUp(source.value, [...path, name]).present);
            return issue.keys.map((key) => source.problem([...path, key], `unknown field "${key}"${suggestion(key, absent)}`, {
                atKey: true,
            }));
        }
        case "invalid_union": {
            // Show the object branch's own findings (an unknown field inside `retry`, say)
            // rather than "matches no form" when the value is an object.
            const nested = issue.errors.find((branch) => branch.some((i) => i.path.length > 0 || i.code === "unrecognized_keys"));
            if (nested)
                return zodProblems(source, nested, schema, path);
            return [source.problem(path, issue.message)];
        }
        case "invalid_key": {
            // A record's key (a header name, say): the inner issue says what a key must be.
            const why = issue.issues[0]?.message ?? issue.message;
            return [source.problem(path, `${why} ("${String(path.at(-1))}")`, { atKey: true })];
        }
        case "invalid_type": {
            // zod leaves `input` out of its issues, so presence is read from the file's value.
            const found = lookUp(source.value, path);
            if (!found.present)
                return [source.problem(path, `is required (${issue.expected})`)];
            if (path.length === 0 && found.value === null) {
                return [source.problem(path, `the file is empty (expected ${issue.expected})`)];
            }
            // A file that is not an object is no definition at all (a `.env` named by mistake, say): its content is never quoted.
            const got = path.length === 0 ? kindOf(found.value) : describe(found.value);
            return [source.problem(path, `expected ${issue.expected}, got ${got}`)];
        }
        case "too_small":
        case "too_big": {
            const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
            const side = issue.code === "too_small" ? "least" : "most";
            const what = issue.origin === "array" ? ` item${bound === 1 ? "" : "s"}` : "";
            const verb = issue.origin === "array" ? "have" : "be";
            return [source.problem(path, `must ${verb} at ${side} ${bound}${what}`)];
        }
        default:
            return [source.problem(path, issue.message)];
    }
}
/** The value at `path` inside a parsed file, and whether it is there at all. */
function lookUp(root, path) {
    let value = root;
    for (const segment of path) {
        if (value === null || typeof value !== "object" || !Object.hasOwn(value, segment))
            return { present: false };
        value = value[segment];
    }
    return { present: true, value };
}
const COMMON_SLIPS = {
    depends_on: "needs",
    dependsOn: "needs",
    params: "with",
    continue_on_error: "continue-on-error",
    continueOnError: "continue-on-error",
    condition: "if",
    endpoint: "service",
};
function suggestion(key, known) {
    const better = COMMON_SLIPS[key] ?? nearMiss(key, known);
    return better ? ` (did you mean "${better}"?)` : "";
}
/** The fields of the object that `schema` expects at `path` (of every object a union allows there). */
function fieldsAt(schema, path) {
    const def = schema._zod.def;
    const [head, ...rest] = path;
    switch (def.type) {
        case "optional":
        case "nullable":
        case "default":
        case "prefault":
        case "nonoptional":
        case "readonly":
        case "catch":
            return fieldsAt(def.innerType, path);
        case "pipe":
            return fieldsAt(def.in, path);
        case "lazy":
            return fieldsAt(def.getter(), path);
        case "union":
            return [...new Set(def.options.flatMap((option) => fieldsAt(option, path)))];
        case "object": {
            if (head === undefined)
                return Object.keys(def.shape);
            const field = Object.hasOwn(def.shape, head) ? def.shape[head] : undefined;
            return field ? fieldsAt(field, rest) : [];
        }
        case "array":
            return typeof head === "number" ? fieldsAt(def.element, rest) : [];
        case "record":
            return head === undefined ? [] : fieldsAt(def.valueType, rest);
        default:
            return [];
    }
}
function kindOf(value) {
    if (value === null)
        return "null";
    if (Array.isArray(value))
        return "a list";
    return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
function describe(value) {
    return value !== null && typeof value !== "object"
        ? `${typeof value} ${JSON.stringify(value)}`
        : kindOf(value);
}

;// CONCATENATED MODULE: ./src/definition/endpoints.ts



function parseEndpointsFile(file, text) {
    const parsed = parseSource(file, text);
    if (!parsed.ok)
        return parsed;
    const result = EndpointsFile.safeParse(parsed.source.value);
    if (!result.success)
        return { ok: false, problems: zodProblems(parsed.source, result.error.issues, EndpointsFile) };
    return {
        ok: true,
        value: { endpoints: result.data.endpoints, source: parsed.source, base: ["endpoints"], text },
    };
}
/** The problems of one endpoint's URL, or none: http(s), no credentials, query or fragment. */
function urlProblem(url) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return `"${url}" is not a URL`;
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
        return "must be an http or https URL";
    if (parsed.username || parsed.password) {
        return "must not carry user:password (put credentials in `headers`, from env)";
    }
    if (parsed.search || url.includes("?"))
        return "must not have a query string";
    if (parsed.hash || url.includes("#"))
        return "must not have a fragment";
    return undefined;
}

;// CONCATENATED MODULE: ./src/expressions/placement.ts

/**
 * Finds every `${{` in a definition that would not be evaluated: in keys always, and in
 * values whose path `allowed` refuses. Left alone, such text would reach an endpoint
 * literally, which is never what its author meant.
 */
function misplacedExpressions(value, allowed, at = []) {
    if (typeof value === "string")
        return hasExpression(value) && !allowed(at) ? [{ path: at, key: false }] : [];
    if (Array.isArray(value))
        return value.flatMap((item, i) => misplacedExpressions(item, allowed, [...at, i]));
    if (value === null || typeof value !== "object")
        return [];
    return Object.entries(value).flatMap(([key, item]) => [
        ...(hasExpression(key) ? [{ path: [...at, key], key: true }] : []),
        ...misplacedExpressions(item, allowed, [...at, key]),
    ]);
}
/** Answer mappings a task or an endpoint may hold; `outputs` and `reasons` may be maps or lists. */
const ANSWER_VALUES = ["success-if", "review", "approved", "outputs", "reasons"];
const REQUEST_VALUES = ["path", "query", "headers", "body", "form"];
/**
 * Where a definition evaluates expressions: `params` values, `with` values at any depth,
 * `if`, endpoint header values, a task's `request` (path, query, headers, body, form), an
 * agent's `prompt`, `instructions` (task or endpoint) and `arguments` (at any depth), and
 * the answer mappings (`success-if`, `outputs`, `review`, `approved`, `reasons`, `poll.until`,
 * `poll.url`) of a task or an endpoint. An endpoints file has the same `endpoints` shape.
 */
function allowsExpression(path) {
    const [top, second, field, sub] = path;
    if (top === "params")
        return path.length >= 2;
    if (top !== "tasks" && top !== "endpoints")
        return false;
    if (top === "tasks" && field === "with")
        return path.length >= 4;
    if (top === "tasks" && field === "if")
        return path.length === 3;
    if (top === "tasks" && field === "request")
        return REQUEST_VALUES.includes(String(sub)) && path.length >= 4;
    if (top === "endpoints" && field === "headers")
        return path.length === 4 && second !== undefined;
    if (field === "instructions" || (top === "tasks" && field === "prompt"))
        return path.length === 3;
    if (top === "tasks" && field === "arguments")
        return path.length >= 4;
    if (ANSWER_VALUES.includes(String(field)))
        return path.length >= 3;
    return field === "poll" && (sub === "until" || sub === "url") && path.length === 4;
}

// EXTERNAL MODULE: ./node_modules/cronstrue/dist/cronstrue.js
var cronstrue = __webpack_require__(92507);
var cronstrue_default = /*#__PURE__*/__webpack_require__.n(cronstrue);
;// CONCATENATED MODULE: ./src/definition/cron.ts

/** Collapses whitespace so that `0  6 * * *` matches `0 6 * * *`. */
function normalizeCron(cron) {
    return cron.trim().replace(/\s+/g, " ");
}
/**
 * A cron in plain English, in UTC as GitHub runs every schedule: `0 6 * * *` → `every day
 * at 06:00 UTC`. Undefined when cronstrue cannot read it (the cron is then shown as is).
 */
function describeCron(cron) {
    let text;
    try {
        text = cronstrue_default().toString(cron, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
    }
    catch {
        return undefined;
    }
    text = text.charAt(0).toLowerCase() + text.slice(1);
    // cronstrue leaves "every day" implicit for a daily time ("At 06:00"); a reader wants it said.
    if (/^at \d/.test(text) && !text.includes(","))
        text = `every day ${text}`;
    return text.replace(/(\d{2}:\d{2})(?!.*\d{2}:\d{2})/, "$1 UTC");
}
const FIELDS = [
    { name: "minute", min: 0, max: 59 },
    { name: "hour", min: 0, max: 23 },
    { name: "day of month", min: 1, max: 31 },
    {
        name: "month",
        min: 1,
        max: 12,
        names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
    },
    { name: "day of week", min: 0, max: 6, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];
/** One item of a field: `*`, `?`, a value or a range, with an optional `/step`. */
const ITEM = /^(\*|\?|([0-9]+|[A-Za-z]{3})(-([0-9]+|[A-Za-z]{3}))?)(\/[1-9][0-9]*)?$/;
/**
 * Why GitHub would refuse a cron, or undefined. A GitHub workflow with one bad cron is
 * refused as a whole, every trigger with it, so this is checked before one is written.
 * The rules are actionlint's: five fields, values in range, no `@daily` descriptors.
 */
function cronError(cron) {
    const fields = normalizeCron(cron).split(" ");
    if (fields.length !== 5) {
        return `"${cron}" has ${fields.length} field(s); GitHub takes 5: minute hour day-of-month month day-of-week`;
    }
    for (const [i, field] of fields.entries()) {
        const spec = FIELDS[i];
        for (const item of field.split(",")) {
            const match = ITEM.exec(item);
            if (!match)
                return `"${cron}": the ${spec.name} field has "${item}", which is not a value, range or step`;
            for (const value of [match[2], match[4]]) {
                if (value === undefined)
                    continue;
                const n = /^\d+$/.test(value)
                    ? Number(value)
                    : (spec.names?.indexOf(value.toUpperCase()) ?? -1) + spec.min;
                if (n < spec.min || n > spec.max) {
                    return `"${cron}": the ${spec.name} field has ${value}, outside ${spec.min}-${spec.max}${spec.names ? ` (or ${spec.names[0]}-${spec.names.at(-1)})` : ""}`;
                }
            }
        }
    }
    return undefined;
}
/** GitHub's shortest interval between runs of one schedule. */
const GITHUB_MIN_INTERVAL_MINUTES = 5;
/**
 * Why a valid cron asks for more than GitHub gives, or undefined: GitHub runs a schedule at
 * most every 5 minutes, so a cron every 2 minutes runs less often than it reads.
 */
function cronFrequencyWarning(cron) {
    const gap = shortestGap(cron);
    if (gap === undefined || gap >= GITHUB_MIN_INTERVAL_MINUTES)
        return undefined;
    return `"${cron}" asks for runs ${gap} minute${gap === 1 ? "" : "s"} apart; GitHub runs a schedule at most every ${GITHUB_MIN_INTERVAL_MINUTES} minutes`;
}
/**
 * The fewest minutes between two runs of a valid cron as its minute and hour fields allow,
 * undefined for a cron GitHub refuses. Across the hour only when the hours hold two in a row.
 */
function shortestGap(cron) {
    if (cronError(cron))
        return undefined;
    const [minuteField, hourField] = normalizeCron(cron).split(" ");
    const minutes = valuesOf(minuteField, 0, 59);
    const hours = valuesOf(hourField, 0, 23);
    if (minutes.length === 0)
        return undefined;
    const gaps = minutes.slice(1).map((m, i) => m - minutes[i]);
    // 23h and 0h are a day apart when the day fields skip days: only hours within one day count.
    const nextHourToo = hours.some((h) => hours.includes(h + 1));
    if (nextHourToo)
        gaps.push(60 - minutes.at(-1) + minutes[0]);
    return gaps.length ? Math.min(...gaps) : undefined;
}
/** The sorted values a numeric field matches: `*`, `?`, `a`, `a-b`, each with `/step`, in a list. */
function valuesOf(field, min, max) {
    const values = new Set();
    for (const item of field.split(",")) {
        const [range = "", step = "1"] = item.split("/");
        const [from, to] = range === "*" || range === "?"
            ? [min, max]
            : range.includes("-")
                ? range.split("-").map(Number)
                : // `5/15` runs from 5 to the end of the field, as in Vixie cron.
                    [Number(range), item.includes("/") ? max : Number(range)];
        for (let v = from; v <= to; v += Number(step))
            values.add(v);
    }
    return [...values].sort((a, b) => a - b);
}

;// CONCATENATED MODULE: ./src/engine/inputs.ts
const GIVE_IT = "give it as a dispatch input, in the client_payload or in params";
/** Decimal number text, as GitHub's number input takes it: no hex, no Infinity, no blanks. */
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/**
 * Merges params at the top level, lowest first, then types the ones declared in
 * `on.dispatch.inputs`. GitHub sends `""` for an input left empty, so for a declared
 * input an empty string counts as not given and a lower layer's value stands.
 */
function mergeParams(declared, layers) {
    const inputs = declared ?? {};
    const out = {};
    for (const layer of layers) {
        for (const [key, value] of Object.entries(layer)) {
            if (value === "" && Object.hasOwn(inputs, key))
                continue;
            put(out, key, value);
        }
    }
    const errors = [];
    for (const [name, input] of Object.entries(inputs)) {
        // Own values only: an input named `toString` must not find Object.prototype's.
        const given = Object.hasOwn(out, name) ? out[name] : undefined;
        if (given === undefined && input.default === undefined) {
            if (input.required)
                errors.push(`the input "${name}" is required (on.dispatch.inputs): ${GIVE_IT}`);
            continue;
        }
        const converted = convertInput(name, input, given === undefined ? input.default : given);
        if (converted.ok)
            put(out, name, converted.value);
        else
            errors.push(converted.error);
    }
    return errors.length ? { ok: false, errors } : { ok: true, params: out };
}
/** defineProperty, not `=`: a `__proto__` key stays data and never reaches Object.prototype. */
function put(target, key, value) {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
/** A declared input's value, typed as `on.dispatch.inputs` says: number from number text, boolean from true/false, choice from its options. */
function convertInput(name, input, value) {
    const text = typeof value === "string" ? value.trim() : value;
    switch (input.type ?? "string") {
        case "number": {
            const number = typeof text === "number"
                ? text
                : typeof text === "string" && NUMBER_TEXT.test(text)
                    ? Number(text)
                    : Number.NaN;
            return Number.isFinite(number)
                ? { ok: true, value: number }
                : { ok: false, error: `the input "${name}" must be a number, got ${JSON.stringify(value)}` };
        }
        case "boolean":
            if (text === true || text === "true")
                return { ok: true, value: true };
            if (text === false || text === "false")
                return { ok: true, value: false };
            return { ok: false, error: `the input "${name}" must be true or false, got ${JSON.stringify(value)}` };
        case "choice": {
            const options = input.options ?? [];
            // A client_payload may carry 2 for the option "2": compare as text, but never an object's text.
            const choice = ["string", "number", "boolean"].includes(typeof text) ? String(text) : undefined;
            if (choice === undefined || !options.includes(choice)) {
                const allowed = options.length
                    ? `one of ${options.join(", ")}`
                    : "one of its options, but it declares none";
                return { ok: false, error: `the input "${name}" must be ${allowed}; got ${JSON.stringify(value)}` };
            }
            return { ok: true, value: choice };
        }
        default:
            return { ok: true, value };
    }
}

;// CONCATENATED MODULE: ./src/definition/check-triggers.ts


/**
 * What GitHub would refuse in `on:`: a bad cron or an unusable dispatch input makes GitHub
 * reject the whole workflow file that `mgmt init` writes from it, so both are definition errors.
 * A cron more often than GitHub runs any schedule is only a warning: it still runs, less often.
 */
function triggerProblems(on, source) {
    const problems = [];
    for (const [i, { cron }] of (on?.schedule ?? []).entries()) {
        const at = ["on", "schedule", i, "cron"];
        const why = cronError(cron);
        if (why)
            problems.push(source.problem(at, why));
        const tooOften = cronFrequencyWarning(cron);
        if (tooOften)
            problems.push(source.problem(at, tooOften, { severity: "warning" }));
    }
    for (const [name, spec] of Object.entries(on?.dispatch?.inputs ?? {})) {
        const why = inputProblem(name, spec);
        if (why)
            problems.push(source.problem(["on", "dispatch", "inputs", name], why, { atKey: true }));
    }
    return problems;
}
/**
 * Dispatch inputs that steer the action rather than the workflow: `workflow` picks the
 * definition on a workflow_dispatch, `params` is the fallback input `mgmt init` writes when the
 * definitions declare more inputs than GitHub's form takes (it reaches the action's own
 * `params` input), `resume-run` names a parked run to resume (it reaches the action's own
 * `resume-run` input, never a param).
 */
const RESERVED_DISPATCH_INPUTS = ["workflow", "params", "resume-run"];
/** GitHub's rule for input names (workflow syntax `on.workflow_dispatch.inputs.<input_id>`). */
const INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/**
 * Why a GitHub workflow cannot carry a declared input, or undefined: GitHub (and
 * actionlint) refuse the whole file for a reserved or bad name, a choice without
 * options, or a default its type does not take.
 */
function inputProblem(name, spec) {
    const reserved = RESERVED_DISPATCH_INPUTS;
    if (reserved.includes(name))
        return `"${name}" is the action's own dispatch input: rename it`;
    if (!INPUT_NAME.test(name))
        return `"${name}" is not a GitHub input name (a letter or _, then letters, digits, _ or -)`;
    if (spec.type === "choice" && !spec.options?.length)
        return `the choice input "${name}" needs options`;
    if (spec.default === undefined)
        return undefined;
    const typed = convertInput(name, spec, spec.default);
    return typed.ok ? undefined : `its default does not fit: ${typed.error}`;
}

;// CONCATENATED MODULE: ./src/definition/plan-request.ts


/** RFC 3986 path characters (unreserved, sub-delims, `:`, `@`, percent-escapes) and `/`. */
const PATH_TEXT = /^([A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/;
/** What a URL parser reads as a move between segments: ".", "..", even escaped as %2E. */
const DOT_SEGMENT = /^(\.|%2e){1,2}$/i;
const DEFAULT_POLL_INTERVAL_MS = 5000;
/** A task's `request`, checked and compiled; null for an envelope task. */
function planRequest(task, place, compile, problems) {
    const request = task.request;
    if (!request)
        return null;
    const at = [...place.at, "request"];
    const problem = (path, message) => problems.push(place.source.problem([...at, ...path], message));
    const method = request.method ?? "POST";
    const pathText = request.path ?? task.action ?? "";
    if (request.body !== undefined && request.form !== undefined)
        problem(["form"], "a request has body or form, not both");
    if ((method === "GET" || method === "HEAD") && (request.body !== undefined || request.form !== undefined)) {
        problem([request.body !== undefined ? "body" : "form"], `a ${method} request sends no body`);
    }
    const path = pathParts(compile(pathText, ALL_CONTEXTS, { ...place, at: [...at, "path"] }));
    for (const text of path.filter((part) => typeof part === "string")) {
        if (!PATH_TEXT.test(text))
            problem(["path"], `"${text}" holds a character a URL path cannot (use \${{ }} for data)`);
    }
    // The literal text makes the segments, with or without expressions in between (their values
    // are data, never a "/"); an action given instead has checks of its own.
    const segments = path
        .map((part) => (typeof part === "string" ? part : "${{ }}"))
        .join("")
        .split("/");
    if (request.path !== undefined && segments.some((s) => s === "" || DOT_SEGMENT.test(s))) {
        problem(["path"], `"${pathText}" must not start or end with /, or hold an empty, "." or ".." segment`);
    }
    const headers = Object.entries(request.headers ?? {}).map(([name, value]) => {
        if (value === false && name.toLowerCase() !== "idempotency-key") {
            problem(["headers", name], "only Idempotency-Key may be dropped with false");
        }
        return [
            name,
            value === false ? false : compile(value, ALL_CONTEXTS, { ...place, at: [...at, "headers", name] }),
        ];
    });
    const bodyField = request.form !== undefined ? "form" : "body";
    const bodyValue = request.form ?? request.body;
    return {
        method,
        path,
        query: Object.entries(request.query ?? {}).map(([name, value]) => [
            name,
            compile(value, ALL_CONTEXTS, { ...place, at: [...at, "query", name] }),
        ]),
        headers,
        body: bodyValue === undefined
            ? null
            : {
                kind: request.form !== undefined ? "form" : typeof bodyValue === "string" ? "text" : "json",
                value: compile(bodyValue, ALL_CONTEXTS, { ...place, at: [...at, bodyField] }),
            },
    };
}
/** A compiled path as literal text and expressions, in order. */
function pathParts(value) {
    if (value.kind === "whole")
        return [value.expr];
    if (value.kind === "text")
        return value.parts;
    return [String(value.kind === "literal" ? value.value : "")];
}
/**
 * The answer mappings of a task over its endpoint's, field by field. An endpoint's field
 * is compiled (and so checked) for each task that uses it, at its own place in its file.
 */
function planAnswer(task, endpoint, compile, problems) {
    const pick = (field) => {
        if (task.spec[field] !== undefined)
            return { value: task.spec[field], place: task.place };
        if (endpoint && endpoint.spec[field] !== undefined)
            return { value: endpoint.spec[field], place: endpoint.place };
        return null;
    };
    const mapped = (field) => {
        const found = pick(field);
        return found
            ? compile(found.value, ANSWER_CONTEXTS, { ...found.place, at: [...found.place.at, field] })
            : null;
    };
    for (const field of ["review", "approved", "reasons"]) {
        if (task.kind !== "layer" && task.spec[field] !== undefined) {
            problems.push(task.place.source.problem([...task.place.at, field], `only a layer (a gate) reads ${field}`));
        }
    }
    const poll = pick("poll");
    return {
        successIf: mapped("success-if"),
        outputs: mapped("outputs"),
        review: task.kind === "layer" ? mapped("review") : null,
        approved: task.kind === "layer" ? mapped("approved") : null,
        reasons: task.kind === "layer" ? mapped("reasons") : null,
        poll: poll ? planPoll(poll.value, poll.place, compile) : null,
    };
}
function planPoll(spec, place, compile) {
    const at = [...place.at, "poll"];
    const field = (name, value) => value === undefined ? null : compile(value, ANSWER_CONTEXTS, { ...place, at: [...at, name] });
    return {
        until: field("until", spec.until),
        intervalMs: spec.interval === undefined ? DEFAULT_POLL_INTERVAL_MS : durationMs(spec.interval),
        timeoutMs: spec.timeout === undefined ? null : durationMs(spec.timeout),
        url: field("url", spec.url),
    };
}
/** Whether a task or its endpoint maps its answer in any way. */
function mapsAnswer(answer) {
    return Object.values(answer).some((value) => value !== null);
}
const compileFor = (problems) => (value, contexts, place) => {
    const compiled = compileValue(value, contexts);
    if (compiled.ok)
        return compiled.value;
    for (const p of compiled.problems) {
        const found = place.source.problem([...place.at, ...p.path], `${p.message} (in "\${{ ${p.source} }}")`);
        // An endpoint's field is compiled for each task that uses it: its own mistake is told once.
        const same = (q) => q.file === found.file &&
            q.line === found.line &&
            q.column === found.column &&
            q.message === found.message;
        if (!problems.some(same))
            problems.push(found);
    }
    return compiled.partial;
};

;// CONCATENATED MODULE: ./src/definition/plan-agent.ts


/** Which protocols read each agent field; any other protocol's task holding it is a mistake. */
const plan_agent_TASK_FIELDS = {
    prompt: ["a2a", "openai-chat"],
    instructions: ["openai-chat"],
    arguments: ["mcp"],
};
const ENDPOINT_FIELDS = {
    model: ["openai-chat"],
    instructions: ["openai-chat"],
    card: ["a2a"],
};
/**
 * An endpoint's agent fields, checked against its protocol once, where the endpoint is written.
 * Its `instructions` are compiled here too, so that a mistake in them is found even when no
 * task uses the endpoint (each task compiles them again; the same problem is told once).
 */
function checkEndpointProtocol(spec, place, problems) {
    const protocol = spec.protocol ?? "http";
    const problem = (path, message) => problems.push(place.source.problem([...place.at, ...path], message));
    for (const [field, protocols] of Object.entries(ENDPOINT_FIELDS)) {
        if (spec[field] !== undefined &&
            !protocols.includes(protocol))
            problem([field], `only an endpoint with protocol ${protocols.join(" or ")} reads ${field} (this one is ${protocol})`);
    }
    if (protocol === "openai-chat" && spec.model === undefined)
        problem([], "an openai-chat endpoint needs model: the model its tasks ask");
    if (protocol === "openai-chat" && spec.instructions !== undefined)
        compileFor(problems)(spec.instructions, ALL_CONTEXTS, { ...place, at: [...place.at, "instructions"] });
    // All four protocols read "an": an http, an a2a, an openai-chat, an mcp endpoint.
    if (protocol !== "http" && spec.poll !== undefined)
        problem(["poll"], `an ${protocol} endpoint's tasks are polled as the protocol says: poll is for http endpoints`);
    // A bad url is a problem of its own; a card relative to it cannot be judged then.
    if (spec.card !== undefined && URL.canParse(spec.url)) {
        const card = URL.parse(spec.card, spec.url);
        if (!card)
            problem(["card"], `"${spec.card}" is not a URL`);
        else if (card.protocol !== "http:" && card.protocol !== "https:")
            problem(["card"], `"${spec.card}" must be an http or https URL (or a path relative to url)`);
        else if (card.username || card.password)
            problem(["card"], "must not carry user:password (put credentials in `headers`, from env)");
    }
    // The protocol's own headers belong to the session or the version the client negotiates.
    const own = PROTOCOL_HEADERS[protocol];
    for (const header of Object.keys(spec.headers ?? {}).filter((name) => own?.test(name))) {
        problem(["headers", header], `"${header}" is set by the ${protocol} protocol itself`);
    }
}
const PROTOCOL_HEADERS = {
    mcp: /^(mcp-session-id|mcp-protocol-version|last-event-id)$/i,
    a2a: /^a2a-version$/i,
};
/**
 * A task's agent message for its endpoint's protocol, or null on an http endpoint. Fields
 * the protocol does not read, a `request` or a `poll` on an agent's task are problems: the
 * protocol decides the call and how it is followed.
 */
function planAgent(task, endpoint, place, compile, problems) {
    // A task without an endpoint has that problem told already: its fields cannot be judged.
    if (!endpoint)
        return null;
    const protocol = endpoint.spec.protocol ?? "http";
    const problem = (path, message) => problems.push(place.source.problem([...place.at, ...path], message));
    for (const [field, protocols] of Object.entries(plan_agent_TASK_FIELDS)) {
        if (task[field] !== undefined &&
            !protocols.includes(protocol))
            problem([field], `only a task on an ${protocols.join(" or ")} endpoint reads ${field} (${endpointName(endpoint.place)} is ${protocol})`);
    }
    if (protocol === "http")
        return null;
    if (task.request !== undefined)
        problem(["request"], `a task on an ${protocol} endpoint sends what the protocol says: request is for http endpoints`);
    if (task.poll !== undefined)
        problem(["poll"], `a task on an ${protocol} endpoint is polled as the protocol says: poll is for http endpoints`);
    const value = (given, where, field) => given === undefined ? null : compile(given, ALL_CONTEXTS, { ...where, at: [...where.at, field] });
    const instructions = task.instructions !== undefined
        ? value(task.instructions, place, "instructions")
        : value(endpoint.spec.instructions, endpoint.place, "instructions");
    // The card is read where the endpoint says, else at the well-known place of its origin (RFC 8615).
    const card = URL.parse(endpoint.spec.card ?? "/.well-known/agent-card.json", endpoint.spec.url);
    return {
        protocol,
        prompt: value(task.prompt, place, "prompt"),
        instructions,
        model: endpoint.spec.model ?? null,
        arguments: value(task.arguments, place, "arguments"),
        card: card?.href ?? "",
    };
}
/** The endpoint's name: the last key of its place, in a workflow or an endpoints file. */
function endpointName(place) {
    return `endpoint ${String(place.at[place.at.length - 1])}`;
}

;// CONCATENATED MODULE: ./src/definition/output-schema.ts

/** The schema a definition gave inline or by file name, read and shaped; problems say what is wrong. */
function planOutputSchema(given, place, readBeside, problems) {
    if (given === undefined)
        return null;
    const at = [...place.at, "output-schema"];
    const problem = (message) => problems.push(place.source.problem(at, message));
    let schema = given;
    if (typeof given === "string") {
        // Absolute on any runner: `/x`, `\\x`, `C:x`; and no way up out of the definition's folder.
        if (/^([\\/]|[A-Za-z]:)/.test(given) || given.split(/[\\/]/).includes("..")) {
            problem(`"${given}" must be a file beside the definition (a relative path without ..)`);
            return null;
        }
        const read = readBeside(given);
        if (!read.ok) {
            problem(`cannot read ${given}: ${read.error}`);
            return null;
        }
        try {
            schema = JSON.parse(read.text);
        }
        catch (error) {
            problem(`${given} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
            return null;
        }
        if (schema === null ||
            (typeof schema !== "object" && typeof schema !== "boolean") ||
            Array.isArray(schema)) {
            problem(`${given} does not hold a JSON Schema (an object or a boolean)`);
            return null;
        }
    }
    const named = typeof schema === "object" ? schema.$schema : undefined;
    if (named !== undefined && !(typeof named === "string" && draftOf(named))) {
        problem(`$schema ${JSON.stringify(named)} is not a draft mgmt checks: use ${Object.keys(SCHEMA_DRAFTS).join(", ")}, or leave it out for 2020-12`);
        return null;
    }
    // Where it was written, for the problems the schema check finds when it compiles the schema.
    const { file, line, column, field } = place.source.problem(at, "");
    return { schema, strict: fitsStrictSubset(schema), at: { file, line, column, field } };
}
const SUBSCHEMA_MAPS = ["properties", "$defs", "definitions", "patternProperties", "dependentSchemas"];
const SUBSCHEMA_LISTS = ["anyOf", "allOf", "oneOf", "prefixItems"];
const SUBSCHEMAS = ["items", "additionalItems", "not", "if", "then", "else", "contains"];
/** Keywords that bound what a value may be; a schema with none of them takes any object at all. */
const BOUNDS = ["type", "properties", "$ref", "$dynamicRef", "anyOf", "allOf", "oneOf", "enum", "const"];
/**
 * Whether every object of the schema lists all its properties in `required` and sets
 * `additionalProperties: false`: what OpenAI's structured outputs accept as strict. A
 * schema outside it is still sent, unstrict, and the answer checked all the same. `true`,
 * `{}` or a schema of annotations only takes any object, with any properties: not strict.
 */
function fitsStrictSubset(schema) {
    if (typeof schema === "boolean")
        return !schema;
    if (schema === null || typeof schema !== "object" || Array.isArray(schema))
        return false;
    const node = schema;
    if (!BOUNDS.some((key) => node[key] !== undefined))
        return false;
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (types.includes("object") || node.properties !== undefined) {
        const keys = Object.keys((node.properties ?? {}));
        const required = Array.isArray(node.required) ? node.required : [];
        if (node.additionalProperties !== false || keys.some((key) => !required.includes(key)))
            return false;
        // Keys matching a pattern are neither listed nor required.
        if (Object.keys((node.patternProperties ?? {})).length > 0)
            return false;
    }
    const children = [
        ...SUBSCHEMA_MAPS.flatMap((key) => Object.values((node[key] ?? {}))),
        ...SUBSCHEMA_LISTS.flatMap((key) => (Array.isArray(node[key]) ? node[key] : [])),
        // Draft-07's `items` may be a list (a tuple): each of its schemas counts.
        ...SUBSCHEMAS.flatMap((key) => (node[key] === undefined ? [] : [node[key]].flat())),
    ];
    return children.every(fitsStrictSubset);
}

;// CONCATENATED MODULE: ./src/definition/resolve.ts









const BUILT_IN = { timeoutMs: 30_000, attempts: 3, backoffMs: 1000, factor: 2, maxBackoffMs: 30_000 };
const DEFAULT_CONCURRENCY = 4;
const DEFAULT_REVIEW_ENVIRONMENT = "mgmt-review";
const KINDS = ["service", "agent", "layer"];
const ACTION = /^[A-Za-z0-9\-_.~/]+$/;
/** Headers every call sets itself (content type, idempotency key, X-Mgmt-*): an endpoint may add headers, not change these. */
const CONTRACT_HEADERS = /^(content-type|content-length|accept|host|idempotency-key|x-mgmt-.*)$/i;
const DEFAULT_CONDITION = compileCondition(undefined);
/**
 * Checks what the schema cannot (names, needs, targets, expressions) and builds the plan.
 * Every problem is collected, none stops the others from being found.
 */
function resolveWorkflow(spec, source, endpointsFile, readBeside = () => ({
    ok: false,
    error: "schema files are read only from a definition on disk",
})) {
    const problems = triggerProblems(spec.on, source);
    const endpoints = mergeEndpoints(spec, source, endpointsFile);
    const plannedEndpoints = planEndpoints(endpoints, problems);
    const names = checkNames(spec, source, problems);
    const needs = resolveNeeds(spec, source, names, problems);
    const graph = spec.tasks.map((t, i) => ({ name: t.name, needs: needs[i] ?? [] }));
    const isAncestor = ancestryOf(graph);
    checkCycles(spec, graph, source, problems);
    checkPlacement(spec, source, endpointsFile, problems);
    const compile = compileFor(problems);
    const params = compile(spec.params ?? {}, EARLY_CONTEXTS, { source, at: ["params"] });
    const tasks = spec.tasks.map((task, i) => {
        const at = ["tasks", i];
        const kind = checkKind(task, source, at, problems);
        const target = kind ? task[kind] : "";
        const endpoint = kind ? endpoints.get(target) : undefined;
        if (kind && !endpoint) {
            const known = [...endpoints.keys()].sort().join(", ") || "none";
            problems.push(source.problem([...at, kind], `no endpoint named "${target}" (known: ${known})`));
        }
        if (task.action !== undefined)
            checkAction(task.action, source, [...at, "action"], problems);
        else if (task.request?.path === undefined)
            problems.push(source.problem(at, "needs action (the envelope's path) or request.path"));
        const withValue = task.with ? compile(task.with, ALL_CONTEXTS, { source, at: [...at, "with"] }) : null;
        const place = { source, at };
        const endpointPlace = endpoint && {
            spec: endpoint.value,
            place: { source: endpoint.source, at: endpoint.path },
        };
        const agent = planAgent(task, endpointPlace, place, compile, problems);
        const request = agent ? null : planRequest(task, place, compile, problems);
        const answer = planAnswer({ spec: task, place, kind: kind ?? "service" }, endpointPlace, compile, problems);
        const outputSchema = planOutputSchema(task["output-schema"], place, readBeside, problems);
        const condition = compileCondition(task.if);
        if (!condition.ok)
            problems.push(source.problem([...at, "if"], `${condition.message} (in "${String(task.if)}")`));
        // Each value's reads point at its own field; an endpoint's instructions at the task using them.
        const fields = { with: withValue, prompt: agent?.prompt, arguments: agent?.arguments };
        const reads = [
            ...Object.entries(fields).flatMap(([field, value]) => value ? expressionsAt(value, [...at, field]) : []),
            ...(agent?.instructions
                ? expressionsAt(agent.instructions, task.instructions === undefined ? [...at] : [...at, "instructions"])
                : []),
            ...taskExpressions({ request, answer, agent: null, with: null }).map((expr) => ({ path: at, expr })),
            ...(condition.ok ? [{ path: [...at, "if"], expr: condition.value }] : []),
        ];
        for (const { path, expr } of reads) {
            for (const read of expr.tasks) {
                const real = names.get(read.toLowerCase());
                if (real && isAncestor(task.name, real))
                    continue;
                const why = real ? "is not among its direct or indirect needs" : "is not a task of this workflow";
                problems.push(source.problem(path, `reads tasks.${read}, which ${why} (in "\${{ ${expr.source} }}")`));
            }
        }
        const base = (endpoint?.value.url ?? "").replace(/\/+$/, "");
        const planned = {
            name: task.name,
            kind: kind ?? "service",
            target,
            action: task.request?.path ?? task.action ?? "",
            url: callUrl(base, task, agent),
            request,
            agent,
            outputSchema,
            answer,
            secretOutputs: task["secret-outputs"] ?? [],
            with: withValue,
            needs: needs[i] ?? [],
            // A bad condition is a problem above, and a plan with problems is never returned.
            condition: condition.ok
                ? condition.value
                : DEFAULT_CONDITION.value,
            needsSuccess: !condition.ok || needsSuccess(condition.value),
            ...settings(task, endpoint?.value, spec.defaults),
            continueOnError: task["continue-on-error"] ?? false,
        };
        return planned;
    });
    // In file order, as a user reads them, whichever check found them.
    problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
    if (problems.some((p) => p.severity === "error"))
        return { problems };
    return {
        problems,
        plan: {
            id: spec.id,
            name: spec.name ?? spec.id,
            description: spec.description ?? null,
            file: source.file,
            triggers: spec.on ?? {},
            params,
            concurrency: spec.concurrency ?? DEFAULT_CONCURRENCY,
            timeoutMs: spec.timeout === undefined ? null : durationMs(spec.timeout),
            endpoints: plannedEndpoints,
            tasks,
            reviewEnvironment: spec.review?.environment ?? DEFAULT_REVIEW_ENVIRONMENT,
            // Known where the files are read: the loader sets it.
            digest: "",
        },
    };
}
/**
 * Where a task's call goes: the envelope's `{url}/{action}`; a request's or an A2A or MCP
 * agent's base URL (the path, the card's interface or the session decide the rest); an
 * OpenAI-compatible server's `{url}/chat/completions`.
 */
function callUrl(base, task, agent) {
    if (agent?.protocol === "openai-chat")
        return `${base}/chat/completions`;
    if (agent || task.request)
        return base;
    return `${base}/${task.action}`;
}
/** Each cycle once, at its first task's `needs`, with the whole loop spelled out. */
function checkCycles(spec, graph, source, problems) {
    for (const cycle of findCycles(graph)) {
        const index = spec.tasks.findIndex((t) => t.name === cycle[0]);
        const implicit = cycle.some((name) => spec.tasks.find((t) => t.name === name)?.needs === undefined);
        const note = implicit ? " (a task without `needs` needs the task listed before it)" : "";
        problems.push(source.problem(["tasks", index, "needs"], `needs form a cycle: ${cycle.join(" → ")}${note}`));
    }
}
/** `${{` where nothing evaluates it, in the workflow and in the endpoints file it uses. */
function checkPlacement(spec, source, file, problems) {
    const report = (where, base, value, allowed) => {
        for (const found of misplacedExpressions(value, allowed)) {
            const message = found.key
                ? "a key cannot hold `${{ }}`"
                : "`${{ }}` is not evaluated here: only in params, `with` values, `if`, endpoint header values, a request, an agent's prompt, instructions and arguments, and the answer mappings";
            problems.push(where.problem([...base, ...found.path], message, { atKey: found.key }));
        }
    };
    report(source, [], spec, allowsExpression);
    if (file)
        report(file.source, file.base, file.endpoints, (path) => allowsExpression(["endpoints", ...path]));
}
/** A file's entry replaces the workflow's entry of the same name as a whole. */
function mergeEndpoints(spec, source, file) {
    const merged = new Map();
    for (const [name, value] of Object.entries(spec.endpoints ?? {})) {
        merged.set(name, { value, source, path: ["endpoints", name] });
    }
    for (const [name, value] of Object.entries(file?.endpoints ?? {})) {
        if (file)
            merged.set(name, { value, source: file.source, path: [...file.base, name] });
    }
    return merged;
}
function planEndpoints(endpoints, problems) {
    const planned = {};
    for (const [name, { value, source, path }] of endpoints) {
        const bad = urlProblem(value.url);
        if (bad)
            problems.push(source.problem([...path, "url"], bad));
        checkEndpointProtocol(value, { source, at: path }, problems);
        const headers = {};
        const oidcAudience = value.auth?.oidc.audience ?? null;
        for (const [header, text] of Object.entries(value.headers ?? {})) {
            const at = [...path, "headers", header];
            if (oidcAudience !== null && header.toLowerCase() === "authorization") {
                const why = "an endpoint with auth.oidc gets its Authorization from the OIDC token: remove this header";
                problems.push(source.problem(at, why, { atKey: true }));
            }
            if (CONTRACT_HEADERS.test(header)) {
                problems.push(source.problem(at, `"${header}" is set by mgmt on every call (the call contract)`, { atKey: true }));
            }
            if (/[\r\n\0]/.test(text))
                problems.push(source.problem(at, "a header value must not hold CR, LF or NUL"));
            headers[header] = compileFor(problems)(text, EARLY_CONTEXTS, { source, at });
        }
        planned[name] = { name, url: value.url.replace(/\/+$/, ""), headers, oidcAudience };
    }
    return planned;
}
/** Task names by lower-cased name; duplicates (ignoring case) are problems. */
function checkNames(spec, source, problems) {
    const names = new Map();
    spec.tasks.forEach((task, i) => {
        const key = task.name.toLowerCase();
        const earlier = names.get(key);
        if (earlier !== undefined) {
            problems.push(source.problem(["tasks", i, "name"], `duplicate task name "${task.name}" (also "${earlier}")`));
        }
        else {
            names.set(key, task.name);
        }
    });
    return names;
}
/** Default: the task listed just before; `needs: []` means none. */
function resolveNeeds(spec, source, names, problems) {
    return spec.tasks.map((task, i) => {
        if (task.needs === undefined)
            return i === 0 ? [] : [spec.tasks[i - 1]?.name];
        const resolved = [];
        task.needs.forEach((need, j) => {
            const real = names.get(need.toLowerCase());
            if (!real)
                problems.push(source.problem(["tasks", i, "needs", j], `no task named "${need}"`));
            else if (real === task.name)
                problems.push(source.problem(["tasks", i, "needs", j], "a task cannot need itself"));
            else if (!resolved.includes(real))
                resolved.push(real);
        });
        return resolved;
    });
}
function checkKind(task, source, at, problems) {
    const kinds = KINDS.filter((kind) => task[kind] !== undefined);
    if (kinds.length === 1)
        return kinds[0];
    problems.push(source.problem(at, kinds.length === 0
        ? "needs one of service, agent or layer: the endpoint to call"
        : `has ${kinds.join(" and ")}: a task calls exactly one of service, agent or layer`));
    return undefined;
}
function checkAction(action, source, at, problems) {
    const segments = action.split("/");
    if (!ACTION.test(action)) {
        problems.push(source.problem(at, `"${action}" may hold only letters, digits and - _ . ~ /`));
    }
    else if (action.startsWith("/")) {
        problems.push(source.problem(at, `"${action}" must not start with /`));
    }
    else if (segments.some((s) => s === "" || s === "." || s === "..")) {
        problems.push(source.problem(at, `"${action}" has an empty, "." or ".." segment`));
    }
}
/** Task > endpoint > workflow defaults > built-in, field by field. */
function settings(task, endpoint, defaults) {
    const timeout = task.timeout ?? endpoint?.timeout ?? defaults?.timeout;
    const deadline = task.deadline ?? defaults?.deadline;
    const layers = [task.retry, endpoint?.retry, defaults?.retry].map(retryFields);
    const pick = (key) => layers.find((layer) => layer[key] !== undefined)?.[key];
    return {
        timeoutMs: timeout === undefined ? BUILT_IN.timeoutMs : durationMs(timeout),
        deadlineMs: deadline === undefined ? null : durationMs(deadline),
        retry: {
            attempts: pick("attempts") ?? BUILT_IN.attempts,
            backoffMs: pick("backoffMs") ?? BUILT_IN.backoffMs,
            factor: pick("factor") ?? BUILT_IN.factor,
            maxBackoffMs: pick("maxBackoffMs") ?? BUILT_IN.maxBackoffMs,
        },
    };
}
function retryFields(spec) {
    if (spec === undefined)
        return {};
    if (spec === false)
        return { attempts: 1 };
    return {
        attempts: spec.attempts,
        backoffMs: spec.backoff === undefined ? undefined : durationMs(spec.backoff),
        factor: spec.factor,
        maxBackoffMs: spec["max-backoff"] === undefined ? undefined : durationMs(spec["max-backoff"]),
    };
}

;// CONCATENATED MODULE: ./src/engine/result.ts

const TaskStatus = schemas/* enum */.k5n(["success", "failure", "rejected", "waiting", "skipped", "cancelled"]);
const RunStatus = schemas/* enum */.k5n(["success", "failure", "rejected", "waiting", "cancelled"]);
const CallRecord = schemas/* object */.Ikc({
    attempt: schemas/* number */.aig().int().min(1),
    httpStatus: schemas/* number */.aig().int().nullable().describe("null when no answer came (network error, timeout)"),
    durationMs: schemas/* number */.aig().nonnegative(),
    error: schemas/* string */.YjP().nullable(),
    spanId: schemas/* string */.YjP()
        .optional()
        .describe("The attempt's span in the run's trace, as sent in its traceparent; absent when none was sent"),
    startedAt: schemas/* string */.YjP()
        .optional()
        .describe("When the attempt began (ISO 8601); absent when it sent no traceparent"),
});
/** Why a task was skipped, as data: report/ puts it into words. */
const SkipCause = schemas/* discriminatedUnion */.gMt("kind", [
    schemas/* object */.Ikc({ kind: schemas/* literal */.euz("if"), condition: schemas/* string */.YjP().describe("The `if` that was false") }),
    schemas/* object */.Ikc({
        kind: schemas/* literal */.euz("need"),
        task: schemas/* string */.YjP().describe("The task that stopped the chain (a need, direct or not)"),
        status: schemas/* enum */.k5n(["failure", "rejected", "skipped", "cancelled"]),
    }),
    schemas/* object */.Ikc({
        kind: schemas/* literal */.euz("stopped"),
        timeoutMs: schemas/* number */.aig().nullable().describe("The run's timeout that passed; null when it was cancelled"),
    }),
])
    .describe("Why the task was skipped; null when it was not");
/** Tokens counted by an agent's answers. */
const TokenUsage = schemas/* object */.Ikc({
    input: schemas/* number */.aig().int().nonnegative(),
    output: schemas/* number */.aig().int().nonnegative(),
});
/** Who approved a gate's review, and when the resume read it. */
const Approval = schemas/* object */.Ikc({
    by: schemas/* string */.YjP().describe("The reviewer's login (or the name given to the CLI)"),
    comment: schemas/* string */.YjP().describe("What the reviewer wrote; empty when nothing"),
    at: schemas/* string */.YjP().describe("When the resume read the approval (ISO 8601)"),
});
const TaskResult = schemas/* object */.Ikc({
    name: schemas/* string */.YjP(),
    spanId: schemas/* string */.YjP()
        .optional()
        .describe("The task's span in the run's trace, parent of its attempts' spans; absent when not traced"),
    kind: schemas/* enum */.k5n(["service", "agent", "layer"]),
    target: schemas/* string */.YjP(),
    action: schemas/* string */.YjP(),
    status: TaskStatus,
    attempts: schemas/* number */.aig().int().nonnegative(),
    calls: schemas/* array */.YOg(CallRecord),
    durationMs: schemas/* number */.aig().nonnegative(),
    startedAt: schemas/* string */.YjP().nullable(),
    needs: schemas/* array */.YOg(schemas/* string */.YjP()),
    continueOnError: schemas/* boolean */.zMY(),
    params: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J()).nullable().describe("The request's params; null when not called"),
    outputs: schemas/* unknown */.L5J().describe("The answer's body as JSON; null when none"),
    error: schemas/* string */.YjP().nullable().describe("Why it did not succeed, in one line"),
    skip: SkipCause.nullable(),
    request: schemas/* object */.Ikc({
        method: schemas/* string */.YjP(),
        url: schemas/* string */.YjP().describe("As sent, secrets masked"),
        body: schemas/* unknown */.L5J().describe("The body as sent (JSON, text or the form's fields); null when none"),
    })
        .nullable()
        .describe("What a request task sent (its last attempt); null for envelope tasks and tasks not called"),
    response: schemas/* object */.Ikc({ status: schemas/* number */.aig().int(), body: schemas/* unknown */.L5J() })
        .nullable()
        .describe("The last answer a request task read (after polling); null otherwise"),
    polls: schemas/* number */.aig().int().nonnegative().describe("Polls of a long-running operation (0 when none)"),
    approvedIgnored: schemas/* boolean */.zMY()
        .nullable()
        .describe("The boolean `approved` of an answer that does not gate (the task is not a layer); null when none"),
    usage: TokenUsage.nullable().describe("Tokens the agent's answers reported (input = prompt, output = completion), summed over the task's calls; null when none reported"),
    waitingFor: schemas/* string */.YjP()
        .nullable()
        .describe("The gate whose review this task waits for (the task itself, for the gate); null when not waiting"),
    review: schemas/* object */.Ikc({
        reasons: schemas/* array */.YOg(schemas/* string */.YjP()).describe("What the gate said when it asked for a review"),
        approval: Approval.nullable().describe("Who approved it, on resume; null while it waits"),
    })
        .nullable()
        .describe("A gate that asked for a person's review; null for any other task"),
    replayed: schemas/* object */.Ikc({ attempt: schemas/* number */.aig().int().min(1).describe("The run attempt whose result this is") })
        .nullable()
        .describe("Not called: its result is replayed from a saved state; null when it was called"),
});
const RunResult = schemas/* object */.Ikc({
    workflow: schemas/* string */.YjP().describe("The definition's id"),
    name: schemas/* string */.YjP(),
    file: schemas/* string */.YjP(),
    runId: schemas/* string */.YjP(),
    attempt: schemas/* number */.aig().int().min(1),
    trigger: schemas/* string */.YjP(),
    status: RunStatus,
    startedAt: schemas/* string */.YjP(),
    finishedAt: schemas/* string */.YjP(),
    durationMs: schemas/* number */.aig().nonnegative(),
    params: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J()),
    error: schemas/* string */.YjP().nullable().describe("Why the run stopped early (cancelled, timed out), if it did"),
    tasks: schemas/* array */.YOg(TaskResult),
    usage: TokenUsage.nullable().describe("Tokens the agent's answers reported (input = prompt, output = completion), summed over the run's tasks; null when no task reported any"),
    reviewEnvironment: schemas/* string */.YjP()
        .nullable()
        .describe("While the run waits: the GitHub environment whose deployment a reviewer approves; else null"),
    traceId: schemas/* string */.YjP()
        .describe("The run's W3C trace id: every attempt sent it in its traceparent (from the repository and run id under Actions)"),
});
const ResultsDocument = schemas/* object */.Ikc({
    version: schemas/* literal */.euz(1),
    status: RunStatus,
    runs: schemas/* array */.YOg(RunResult),
});
const SEVERITY = ["success", "rejected", "waiting", "failure", "cancelled"];
/** The worst of several runs' statuses: cancelled > failure > waiting > rejected > success. */
function worstStatus(statuses) {
    return statuses.reduce((worst, s) => (SEVERITY.indexOf(s) > SEVERITY.indexOf(worst) ? s : worst), "success");
}
/** A run's status from its tasks (a cancelled run is decided by the caller). */
function runStatusOf(tasks) {
    if (tasks.some((t) => t.status === "failure" && !t.continueOnError))
        return "failure";
    if (tasks.some((t) => t.status === "waiting"))
        return "waiting";
    if (tasks.some((t) => t.status === "rejected"))
        return "rejected";
    return "success";
}

;// CONCATENATED MODULE: ./src/definition/test-file.ts




/** One answer given instead of a call: for an agent, `body` is the outputs its protocol extracts. */
const RecordedAnswer = schemas/* strictObject */.rej({
    status: schemas/* number */.aig().int().min(200).max(599).optional().describe("The HTTP status (default 200)"),
    headers: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()).optional().describe("Answer headers (Retry-After, Location, …)"),
    body: schemas/* unknown */.L5J().optional().describe("JSON (or text) of the answer; null when left out"),
});
const TaskExpectation = schemas/* strictObject */.rej({
    status: TaskStatus.optional(),
    outputs: schemas/* unknown */.L5J().optional().describe("A subset of the task's outputs"),
    sent: schemas/* unknown */.L5J()
        .optional()
        .describe("A subset of what the task sent: the envelope; { method, url, headers, body } for a request; { envelope, prompt } for an agent, { arguments } for an MCP tool"),
    error: schemas/* string */.YjP().optional().describe("Text the task's error contains"),
});
/** A test of a workflow against recorded answers (`*.test.yml` / `*.test.json`). */
const TestFile = schemas/* strictObject */.rej({
    $schema: schemas/* string */.YjP().optional(),
    workflow: schemas/* string */.YjP().min(1).describe("The id of the definition under test (in the tests folder's parent)"),
    name: schemas/* string */.YjP().optional().describe("How the test is shown (default: its file name)"),
    params: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J()).optional().describe("Params over the definition's"),
    context: schemas/* strictObject */.rej({
        env: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()).optional(),
        run: schemas/* strictObject */.rej({
            id: schemas/* string */.YjP().optional().describe("Default test"),
            attempt: schemas/* number */.aig().int().min(1).optional(),
            date: schemas/* string */.YjP()
                .regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD")
                .optional()
                .describe("Default 2000-01-01"),
            trigger: schemas/* string */.YjP().optional().describe("Default test"),
        })
            .optional(),
        github: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J()).optional(),
    })
        .optional()
        .describe("What env, run and github hold for the test's expressions (no secrets needed)"),
    answers: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* union */.KCZ([RecordedAnswer, schemas/* array */.YOg(RecordedAnswer).min(1)]))
        .describe("Per task: its answer, or a list of answers for successive attempts and polls (the last repeats)"),
    expect: schemas/* strictObject */.rej({
        status: RunStatus.optional(),
        tasks: schemas/* record */.g1P(schemas/* string */.YjP(), TaskExpectation).optional(),
    })
        .optional(),
});
/** A test file's name (never read as a definition). */
const TEST_FILE = /\.test\.(ya?ml|json)$/;
/** Where a folder of definitions keeps its tests: `mgmt test`, the action's `test: true` and `mgmt init` look there. */
const TESTS_FOLDER = "tests";
/** A test file, checked, with its source for the places of failed expectations. */
function parseTestFile(file, text) {
    const parsed = parseSource(file, text);
    if (!parsed.ok)
        return parsed;
    const checked = TestFile.safeParse(parsed.source.value);
    if (!checked.success)
        return { ok: false, problems: zodProblems(parsed.source, checked.error.issues, TestFile) };
    return { ok: true, test: checked.data, source: parsed.source };
}

;// CONCATENATED MODULE: ./src/definition/salvage.ts

/**
 * A copy of a definition with every field the schema refused taken out, so that the
 * checks that come after the schema (names, needs, endpoints, expressions) can still run
 * and a user sees every problem in one pass, not one layer at a time.
 */
function withoutRefused(value, issues) {
    const copy = structuredClone(value);
    const removed = [];
    for (const issue of issues) {
        const path = issue.path;
        const keys = issue.code === "unrecognized_keys" ? issue.keys.map((key) => [...path, key]) : [path];
        for (const target of keys)
            if (remove(copy, target))
                removed.push(target);
    }
    return { value: copy, removed };
}
/** Drops later findings about a removed field or its task: the schema's finding says it better. */
function notAboutRemoved(problems, removed) {
    const fields = removed.map(formatPath);
    const related = (field) => fields.some((f) => f.startsWith(field) || field.startsWith(f));
    return problems.filter((p) => !related(p.field));
}
function remove(root, path) {
    if (path.length === 0)
        return false;
    let node = root;
    for (const segment of path.slice(0, -1)) {
        node = node?.[segment] ?? null;
        if (node === null || typeof node !== "object")
            return false;
    }
    const last = path[path.length - 1];
    if (!node || !(last in node))
        return false;
    if (Array.isArray(node))
        node[last] = undefined;
    else
        delete node[last];
    return true;
}

;// CONCATENATED MODULE: ./src/definition/load.ts













const DEFINITION_EXTENSIONS = [".json", ".yml", ".yaml"];
const ENDPOINTS_FILES = ["endpoints.yml", "endpoints.yaml", "endpoints.json"];
/**
 * Checks one definition's text and plans it; every problem is reported, none thrown. Files
 * it names (an output schema) are read beside it.
 */
function parseWorkflow(file, text, endpoints) {
    const parsed = parseSource(file, text);
    if (!parsed.ok)
        return { problems: parsed.problems };
    const checked = Workflow.safeParse(parsed.source.value);
    const readBeside = besideOf(file);
    if (checked.success) {
        const resolved = resolveWorkflow(checked.data, parsed.source, endpoints, readBeside);
        return resolved.plan
            ? { ...resolved, plan: { ...resolved.plan, digest: digestOf(text, endpoints) } }
            : resolved;
    }
    const problems = zodProblems(parsed.source, checked.error.issues, Workflow);
    const salvaged = withoutRefused(parsed.source.value, checked.error.issues);
    const rest = Workflow.safeParse(salvaged.value);
    if (!rest.success)
        return { problems };
    const later = resolveWorkflow(rest.data, parsed.source, endpoints, readBeside).problems;
    const all = [...problems, ...notAboutRemoved(later, salvaged.removed)];
    return { problems: all.sort((a, b) => a.line - b.line || a.column - b.column) };
}
/** sha256 of the definition's bytes and the endpoints file's: what a saved state belongs to. */
function digestOf(text, endpoints) {
    const hash = (0,external_node_crypto_.createHash)("sha256").update(text);
    if (endpoints)
        hash.update("\0").update(endpoints.text);
    return hash.digest("hex");
}
/** A small file read at once: a definition is checked in one pass, and this is its one read. */
function besideOf(file) {
    return (name) => {
        try {
            return { ok: true, text: (0,external_node_fs_.readFileSync)(external_node_path_default().join(external_node_path_default().dirname(file), name), "utf8") };
        }
        catch (error) {
            const code = error.code;
            return { ok: false, error: code === "ENOENT" ? "no such file" : String(error) };
        }
    };
}
/**
 * Reads a definition file or a folder of them (not recursive), with the endpoints given (a
 * file's path, or a map from the library) or the endpoints file found beside them. Paths in
 * problems are as the user gave them.
 */
async function loadDefinitions(target, endpointsGiven) {
    const info = await (0,promises_.stat)(target).catch(() => undefined);
    if (!info)
        return failure(target, `no such file or folder: ${target}`);
    const singleFile = info.isFile();
    const folder = singleFile ? external_node_path_default().dirname(target) : target;
    const files = singleFile ? [target] : await definitionFiles(folder);
    if (files.length === 0) {
        return failure(target, `no workflow definitions (*.json, *.yml, *.yaml) in ${target}`);
    }
    const endpoints = await readEndpoints(endpointsGiven ?? (await findEndpointsFile(folder)));
    if (endpoints && !endpoints.ok)
        return { plans: [], problems: endpoints.problems, singleFile };
    const problems = [];
    const plans = [];
    for (const file of files) {
        const result = parseWorkflow(file, await (0,promises_.readFile)(file, "utf8"), endpoints?.value);
        problems.push(...result.problems);
        if (result.plan)
            plans.push(result.plan);
    }
    problems.push(...duplicateIds(plans), ...(await schemaProblems(plans)));
    return {
        plans: errorsIn(problems).length ? [] : plans,
        problems,
        singleFile,
    };
}
/** The endpoints file's text, or a map given in code read as if it were one. */
async function readEndpoints(given) {
    if (given === undefined)
        return undefined;
    if (typeof given !== "string") {
        return parseEndpointsFile("(endpoints option)", JSON.stringify({ endpoints: given }, null, 2));
    }
    const text = await (0,promises_.readFile)(given, "utf8").catch(() => undefined);
    if (text === undefined)
        return { ok: false, problems: failure(given, `cannot read the endpoints file ${given}`).problems };
    return parseEndpointsFile(given, text);
}
async function definitionFiles(folder) {
    const entries = await (0,promises_.readdir)(folder, { withFileTypes: true });
    return (entries
        .filter((e) => e.isFile() && DEFINITION_EXTENSIONS.includes(external_node_path_default().extname(e.name)))
        // A test of a workflow sits beside it sometimes: it is never a definition.
        .filter((e) => !TEST_FILE.test(e.name))
        .filter((e) => !ENDPOINTS_FILES.includes(e.name))
        .map((e) => external_node_path_default().join(folder, e.name))
        .sort());
}
async function findEndpointsFile(folder) {
    for (const name of ENDPOINTS_FILES) {
        const candidate = external_node_path_default().join(folder, name);
        if (await (0,promises_.stat)(candidate).then((s) => s.isFile(), () => false))
            return candidate;
    }
    return undefined;
}
/** Each output schema compiled as its draft says, where it was written; the checker loads only when one exists. */
async function schemaProblems(plans) {
    const schemas = plans.flatMap((plan) => plan.tasks.flatMap((task) => task.outputSchema ?? []));
    if (schemas.length === 0)
        return [];
    const checker = await loadSchemaChecker();
    return schemas.flatMap(({ schema, at }) => {
        const problem = checker.problemOf(schema);
        return problem
            ? [{ ...at, message: `not a valid JSON Schema: ${problem}`, severity: "error" }]
            : [];
    });
}
function duplicateIds(plans) {
    const seen = new Map();
    const problems = [];
    for (const plan of plans) {
        const first = seen.get(plan.id);
        if (first) {
            problems.push({
                file: plan.file,
                line: 1,
                column: 1,
                field: "id",
                message: `"${plan.id}" is also the id of ${first}: ids must be unique in a folder`,
                severity: "error",
            });
        }
        else {
            seen.set(plan.id, plan.file);
        }
    }
    return problems;
}
function failure(file, message) {
    return {
        plans: [],
        problems: [{ file, line: 1, column: 1, field: "(file)", message, severity: "error" }],
        singleFile: false,
    };
}

;// CONCATENATED MODULE: ./src/triggers/select.ts


/** Every cron the definitions declare, normalized, each once, in definition order. */
function declaredCrons(plans) {
    return [...new Set(plans.flatMap((p) => (p.triggers.schedule ?? []).map((s) => normalizeCron(s.cron))))];
}
/**
 * Which definitions an event runs; the first rule that applies decides: the workflow-id
 * input, a single file, the schedule's cron (when any definition declares one), the
 * repository_dispatch type, the dispatch input `workflow`, a folder holding one definition.
 */
function selectWorkflows(plans, singleFile, event, workflowId) {
    const eventParams = paramsOf(event);
    const pick = (chosen, reason) => ({
        ok: true,
        selections: chosen.map((plan) => ({ plan, eventParams, reason })),
    });
    if (workflowId)
        return byId(plans, workflowId, "the workflow-id input", pick);
    if (singleFile && plans.length === 1)
        return pick(plans, "the workflow file given");
    switch (event.name) {
        case "schedule":
            // Definitions that declare no cron at all leave the choice to the rules below.
            if (declaredCrons(plans).length === 0)
                break;
            return bySchedule(plans, String(event.payload.schedule ?? ""), pick);
        case "repository_dispatch":
            return byDispatchType(plans, String(event.payload.action ?? ""), pick);
        case "workflow_dispatch": {
            const named = inputsOf(event).workflow;
            if (typeof named === "string" && named.trim() !== "") {
                return byId(plans, named.trim(), "the workflow_dispatch input workflow", pick);
            }
        }
    }
    if (plans.length === 1)
        return pick(plans, "the only workflow in the folder");
    return {
        ok: false,
        error: `cannot tell which workflow to run on "${event.name}": ${howToName(event)} (${idList(plans)})`,
    };
}
function byId(plans, id, source, pick) {
    const plan = plans.find((p) => p.id === id);
    if (plan)
        return pick([plan], `${source} names ${id}`);
    return {
        ok: false,
        error: `${source} names "${id}", which no definition has as its id (${idList(plans)})`,
    };
}
function bySchedule(plans, fired, pick) {
    const cron = normalizeCron(fired);
    const chosen = plans.filter((p) => (p.triggers.schedule ?? []).some((s) => normalizeCron(s.cron) === cron));
    if (chosen.length)
        return pick(chosen, `the schedule "${cron}"`);
    const declared = declaredCrons(plans).map((c) => `"${c}"`);
    return {
        ok: false,
        error: `no definition declares the cron "${cron}" that fired; on.schedule declares ${declared.join(", ")} (${idList(plans)})`,
    };
}
function byDispatchType(plans, type, pick) {
    // A definition takes repository_dispatch only when it declares it; declared without types, it takes any.
    const chosen = plans.filter((p) => {
        if (!("repository_dispatch" in p.triggers))
            return false;
        const types = p.triggers.repository_dispatch?.types;
        return !types || types.includes(type);
    });
    if (chosen.length)
        return pick(chosen, `the repository_dispatch type "${type}"`);
    const types = [...new Set(plans.flatMap((p) => p.triggers.repository_dispatch?.types ?? []))].map((t) => `"${t}"`);
    return {
        ok: false,
        error: `no definition takes the repository_dispatch type "${type}"; on.repository_dispatch.types declares ${types.join(", ") || "no type"} (${idList(plans)})`,
    };
}
function howToName(event) {
    if (event.name === "workflow_dispatch")
        return "dispatch it with the input workflow set to one id, or set workflow-id";
    if (event.name === "cli")
        return "name one with --workflow-id";
    if (event.name === "schedule") {
        return "no definition declares on.schedule; declare the cron in one, or set the workflow-id input to one id";
    }
    return "set the workflow-id input to one id";
}
function idList(plans) {
    return plans.length ? `ids: ${plans.map((p) => p.id).join(", ")}` : "no definitions";
}
function inputsOf(event) {
    const inputs = event.payload.inputs;
    return isRecord(inputs) ? inputs : {};
}
function paramsOf(event) {
    if (event.name === "workflow_dispatch") {
        const reserved = RESERVED_DISPATCH_INPUTS;
        return Object.fromEntries(Object.entries(inputsOf(event)).filter(([name]) => !reserved.includes(name)));
    }
    if (event.name === "repository_dispatch" && isRecord(event.payload.client_payload)) {
        return event.payload.client_payload;
    }
    return {};
}
function isRecord(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(58500);
;// CONCATENATED MODULE: ./src/engine/clock.ts

/** Node fires a longer timer at once (it clamps it to 1 ms): longer waits are chained from this. */
const MAX_TIMER_MS = 2 ** 31 - 1;
async function sleep(ms, signal) {
    try {
        let left = ms;
        do {
            const step = Math.min(left, MAX_TIMER_MS);
            await (0,external_node_timers_promises_.setTimeout)(step, undefined, { signal });
            left -= step;
        } while (left > 0);
    }
    catch (error) {
        // timers/promises rejects with its own AbortError; callers expect the reason they aborted with.
        throw signal?.aborted ? signal.reason : error;
    }
}
const systemClock = {
    now: () => Date.now(),
    sleep,
    // A plain timer, not a cancelled sleep: every attempt sets one, and an abort builds an error
    // with its stack each time (a tenth of a millisecond per task).
    setTimer: (ms, fire) => {
        let timer;
        const arm = (left) => {
            timer = setTimeout(() => (left > MAX_TIMER_MS ? arm(left - MAX_TIMER_MS) : fire()), Math.min(left, MAX_TIMER_MS));
        };
        arm(ms);
        return () => clearTimeout(timer);
    },
};

;// CONCATENATED MODULE: ./src/expressions/evaluate.ts

/**
 * Plain JSON as the library's data. Built item by item without recursion: the library's own
 * reviver spreads an array into arguments, which overflows the stack on a list of 70,000.
 * As on the wire, undefined and functions drop out of objects and become null in arrays.
 */
function toExpressionData(value) {
    const pending = [];
    const convert = (v) => {
        const json = v !== null && typeof v === "object" && "toJSON" in v ? v.toJSON() : v;
        if (json === null || json === undefined || typeof json === "function")
            return new dist/* data.Null */.p.Uv();
        if (typeof json === "string")
            return new dist/* data.StringData */.p.uQ(json);
        if (typeof json === "number")
            return Number.isFinite(json) ? new dist/* data.NumberData */.p.Q9(json) : new dist/* data.Null */.p.Uv();
        if (typeof json === "boolean")
            return new dist/* data.BooleanData */.p.bo(json);
        if (Array.isArray(json)) {
            const array = new dist/* data.Array */.p.O3();
            pending.push(() => {
                for (const item of json)
                    array.add(convert(item));
            });
            return array;
        }
        const dictionary = new dist/* data.Dictionary */.p.bT();
        pending.push(() => {
            for (const [key, item] of Object.entries(json)) {
                if (item !== undefined && typeof item !== "function")
                    dictionary.add(key, convert(item));
            }
        });
        return dictionary;
    };
    const root = convert(value);
    for (let fill = pending.pop(); fill !== undefined; fill = pending.pop())
        fill();
    return root;
}
/** The library's data as plain JSON, built without recursion; keys such as `__proto__` stay data. */
function fromExpressionData(value) {
    const pending = [];
    const convert = (v) => {
        if (v instanceof dist/* data.Array */.p.O3) {
            const array = [];
            pending.push(() => {
                for (const item of v.values())
                    array.push(convert(item));
            });
            return array;
        }
        if (v instanceof dist/* data.Dictionary */.p.bT) {
            const object = {};
            pending.push(() => {
                for (const { key, value: item } of v.pairs()) {
                    Object.defineProperty(object, key, {
                        value: convert(item),
                        enumerable: true,
                        writable: true,
                        configurable: true,
                    });
                }
            });
            return object;
        }
        if (v instanceof dist/* data.StringData */.p.uQ)
            return v.coerceString();
        if (v instanceof dist/* data.NumberData */.p.Q9)
            return v.number();
        if (v instanceof dist/* data.BooleanData */.p.bo)
            return v.value;
        return null;
    };
    const root = convert(value);
    for (let fill = pending.pop(); fill !== undefined; fill = pending.pop())
        fill();
    return root;
}
function buildContext(contexts) {
    const dictionary = new dist/* data.Dictionary */.p.bT();
    for (const [name, value] of Object.entries(contexts))
        dictionary.add(name, value);
    return dictionary;
}
function evaluateExpression(compiled, context, status) {
    try {
        const functions = status ? statusFunctionMap(status) : undefined;
        const result = new dist/* Evaluator */.oi(compiled.expr, context, functions).evaluate();
        return { ok: true, value: fromExpressionData(result) };
    }
    catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, source: compiled.source, message, path: [] };
    }
}
/** Truthiness as GitHub reads an `if`: false, 0, "", null are false. */
function evaluateCondition(compiled, context, status) {
    const result = evaluateExpression(compiled, context, status);
    if (!result.ok)
        return result;
    const value = result.value;
    return {
        ok: true,
        value: !(value === false || value === 0 || value === "" || value === null || Number.isNaN(value)),
    };
}
/**
 * Evaluates a compiled value. A string that is exactly one expression keeps the result's
 * type; text around expressions makes a string. What an expression returns is data: it
 * is never scanned for `${{` again.
 */
function evaluateValue(value, context) {
    const at = (key, result) => result.ok ? result : { ...result, path: [key, ...result.path] };
    switch (value.kind) {
        case "literal":
            return { ok: true, value: value.value };
        case "whole":
            return evaluateExpression(value.expr, context);
        case "text": {
            let text = "";
            for (const part of value.parts) {
                if (typeof part === "string") {
                    text += part;
                    continue;
                }
                const result = evaluateExpression(part, context);
                if (!result.ok)
                    return result;
                text += asText(result.value);
            }
            return { ok: true, value: text };
        }
        case "array": {
            const items = [];
            for (const [i, item] of value.items.entries()) {
                const result = at(i, evaluateValue(item, context));
                if (!result.ok)
                    return result;
                items.push(result.value);
            }
            return { ok: true, value: items };
        }
        case "object": {
            // A null-prototype object: a `__proto__` key stays an ordinary key.
            const out = Object.create(null);
            for (const [key, item] of value.entries) {
                const result = at(key, evaluateValue(item, context));
                if (!result.ok)
                    return result;
                out[key] = result.value;
            }
            return { ok: true, value: { ...out } };
        }
    }
}
/** How GitHub writes a value into text: null is empty, objects are JSON. */
function asText(value) {
    if (value === null || value === undefined)
        return "";
    if (typeof value === "object")
        return JSON.stringify(value);
    return String(value);
}
function statusFunctionMap(status) {
    const map = new Map();
    for (const [name, answer] of Object.entries(status)) {
        map.set(name, { name, minArgs: 0, maxArgs: 0, call: () => new dist/* data.BooleanData */.p.bo(answer()) });
    }
    return map;
}

;// CONCATENATED MODULE: ./src/tracing/trace-context.ts

/**
 * The trace of a run: derived from the repository and the run id, so that every attempt and
 * every job of one GitHub run (and a resume, which keeps the parked run's id) share it,
 * and anyone holding the run's URL can find its trace without reading a log.
 */
function traceIdOf(repository, runId) {
    const id = (0,external_node_crypto_.createHash)("sha256").update(`mgmt-trace\n${repository}\n${runId}`).digest("hex").slice(0, 32);
    // All zeros is the one invalid id; a hash lands there with odds of 2^-128, but cheaply ruled out.
    return /^0+$/.test(id) ? "1".padStart(32, "0") : id;
}
/** A span's id: 8 random bytes, never all zeros (the invalid id). */
function newSpanId() {
    for (;;) {
        const id = (0,external_node_crypto_.randomBytes)(8).toString("hex");
        if (!/^0+$/.test(id))
            return id;
    }
}
/** The W3C `traceparent` of a span: version 00, sampled, so a receiving service records its part. */
function traceparentOf(traceId, spanId) {
    return `00-${traceId}-${spanId}-01`;
}

;// CONCATENATED MODULE: ./src/engine/json-depth.ts
/**
 * How deep answers, event payloads and params may nest. Deeper JSON is refused where it
 * enters: the code that reads, masks and writes it may then recurse without running out of
 * stack, and no real API nests anywhere near this.
 */
const MAX_JSON_DEPTH = 100;
/** Whether a JSON value nests deeper than `max` arrays and objects; walks without recursion. */
function nestsDeeperThan(value, max = MAX_JSON_DEPTH) {
    const stack = [[value, 0]];
    for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
        const [current, depth] = item;
        if (current === null || typeof current !== "object")
            continue;
        if (depth >= max)
            return true;
        for (const child of Object.values(current)) {
            if (child !== null && typeof child === "object")
                stack.push([child, depth + 1]);
        }
    }
    return false;
}

;// CONCATENATED MODULE: ./src/engine/prepare.ts






/**
 * The run's trace (32 hex digits), derived from the repository and the run's id whenever it is
 * needed: a resume that takes on the parked run's id takes on its trace with it.
 */
function traceIdOfRun(prepared) {
    return traceIdOf(String(prepared.github["repository"] ?? ""), prepared.run.id);
}
const SECRET_HEADER = /^(authorization|proxy-authorization|cookie)$|key|token|secret|password/i;
/** Variables GitHub sets for every job: reading them makes nothing secret. */
const PUBLIC_VARIABLE = /^(GITHUB_|RUNNER_)|^CI$/;
/** The runner's internals (tokens, service URLs) are not in the env context, as in GitHub's own. */
const RUNNER_INTERNAL = /^ACTIONS_/;
/** Shorter values are never masked: they would blank ordinary words everywhere, as GitHub's masker also skips them. */
const MIN_SECRET_CHARS = 4;
function prepareRun(plan, input) {
    const run = {
        id: input.runId,
        attempt: input.attempt ?? 1,
        date: input.startedAt.toISOString().slice(0, 10),
        started_at: input.startedAt.toISOString(),
        trigger: input.trigger,
        workflow: plan.id,
    };
    const env = envContext(input.env);
    const context = buildContext({
        env: toExpressionData(env),
        run: toExpressionData(run),
        github: toExpressionData(input.github),
    });
    const errors = [];
    // Event payloads and params inputs come from outside: refused before anything reads them deeply.
    if (input.params.some((layer) => nestsDeeperThan(layer))) {
        errors.push(`params nest deeper than ${MAX_JSON_DEPTH} levels (from the event, the params input or the caller)`);
    }
    const ownParams = evaluateValue(plan.params, context);
    if (!ownParams.ok)
        errors.push(`params: ${ownParams.message} (in "\${{ ${ownParams.source} }}")`);
    const own = (ownParams.ok ? ownParams.value : {});
    const typed = mergeParams(plan.triggers.dispatch?.inputs, [own, ...input.params]);
    if (!typed.ok)
        errors.push(...typed.errors);
    const headers = {};
    const secrets = new Set(envSecrets(plan, env));
    for (const endpoint of input.withHeaders === false ? [] : Object.values(plan.endpoints)) {
        const values = {};
        for (const [name, compiled] of Object.entries(endpoint.headers)) {
            const where = `endpoint ${endpoint.name}, header ${name}`;
            const exprs = expressionsIn(compiled);
            const missing = [...new Set(exprs.flatMap((e) => e.env))].flatMap((variable) => {
                // Under Actions a missing secret arrives as "": a header must not go out as "Bearer ".
                const state = env[variable] === undefined ? "not set" : env[variable] === "" ? "empty" : null;
                return state ? [`${where}: the environment variable ${variable} is ${state}`] : [];
            });
            errors.push(...missing);
            // What is left of a header without its secret ("Bearer ") must not become a mask.
            if (missing.length)
                continue;
            const value = evaluateValue(compiled, context);
            if (!value.ok) {
                errors.push(`${where}: ${value.message}`);
                continue;
            }
            const text = String(value.value ?? "");
            if (/[\r\n\0]/.test(text))
                errors.push(`${where}: the value holds CR, LF or NUL`);
            // Named, never shown: the value may be a secret.
            if ([...text].some((char) => (char.codePointAt(0) ?? 0) > 0xff)) {
                errors.push(`${where}: the value holds a character beyond the Latin-1 that HTTP headers carry`);
            }
            values[name] = text;
            if (exprs.some(readsSecretEnv) || SECRET_HEADER.test(name))
                secrets.add(text);
        }
        headers[endpoint.name] = values;
    }
    // The secrets found so far go with the errors: a message may hold one, and it must be masked first.
    const found = [...secrets].filter((s) => s.trim().length >= MIN_SECRET_CHARS);
    if (errors.length)
        return { ok: false, errors, secrets: found };
    return {
        ok: true,
        run: {
            plan,
            run,
            params: typed.ok ? typed.params : {},
            env,
            github: input.github,
            headers,
            secrets: found,
        },
    };
}
/** The job's environment as expressions see it: without the runner's internals. */
function envContext(env) {
    return Object.fromEntries(Object.entries(env).filter(([name]) => !RUNNER_INTERNAL.test(name)));
}
/** Whether an expression reads a variable whose value is a secret (any but GitHub's own). */
function readsSecretEnv(expr) {
    return expr.allEnv || expr.env.some((name) => !PUBLIC_VARIABLE.test(name));
}
/**
 * The values of the env variables the plan's expressions read (params, `with`, a request,
 * the answer mappings, headers), so
 * that each is masked wherever it ends up; every variable when one reads `env` as a whole.
 * Values from events, `run` or params given as data are never secrets: whoever sends an
 * event could otherwise hide words in the log, even a run's status.
 */
function envSecrets(plan, env) {
    const exprs = [
        ...expressionsIn(plan.params),
        ...plan.tasks.flatMap(taskExpressions),
        ...Object.values(plan.endpoints).flatMap((endpoint) => Object.values(endpoint.headers).flatMap(expressionsIn)),
    ];
    const names = exprs.some((e) => e.allEnv) ? Object.keys(env) : exprs.flatMap((e) => e.env);
    return names.filter((name) => !PUBLIC_VARIABLE.test(name)).flatMap((name) => env[name] ?? []);
}

// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(78474);
;// CONCATENATED MODULE: ./src/text/duration.ts
/** `10 s`, `250 ms`, `2 min`: how a person reads a duration. */
function formatDuration(ms) {
    if (Math.round(ms) < 1000)
        return `${Math.round(ms)} ms`;
    // Round once, at the precision shown, so that 59.6 s never reads "60 s" or "0 min 60 s".
    if (ms < 9_950)
        return `${Number((ms / 1000).toFixed(1))} s`;
    const seconds = Math.round(ms / 1000);
    if (seconds < 60)
        return `${seconds} s`;
    const minutes = Math.floor(seconds / 60);
    if (minutes < 120)
        return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
    const wholeMinutes = Math.round(ms / 60_000);
    const hours = Math.floor(wholeMinutes / 60);
    if (hours < 48)
        return wholeMinutes % 60 ? `${hours} h ${wholeMinutes % 60} min` : `${hours} h`;
    const days = Math.round(ms / 86_400_000);
    // An endpoint's Retry-After may ask for any number: past this, the exact figure tells nobody anything.
    return days < 1000 ? `${days} days` : "over 1000 days";
}

;// CONCATENATED MODULE: ./src/text/excerpt.ts
/** How much of an answer's text an error quotes. */
const EXCERPT_CHARS = 200;
/** `: <text on one line, cut>` for an error message, or nothing for empty text; mask secrets before. */
function excerpt(text) {
    const line = text.replace(/\s+/g, " ").trim();
    if (!line)
        return "";
    return `: ${line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS)}…` : line}`;
}

;// CONCATENATED MODULE: ./src/engine/task-result.ts
/**
 * A governance answer must be an object with a boolean `approved`, false rejecting; or
 * `review: true`, asking a person to decide (then `approved` is not read).
 */
function gateResult(base, outputs, cannotPark) {
    const answer = outputs;
    if (answer?.review === true) {
        const reasons = Array.isArray(answer.reasons) ? answer.reasons.filter((r) => typeof r === "string") : [];
        return waitingResult({ ...base, outputs }, reasons, cannotPark);
    }
    if (answer === null || typeof answer !== "object" || typeof answer.approved !== "boolean") {
        return { ...base, outputs, status: "failure", error: "the governance answer has no boolean `approved`" };
    }
    if (answer.approved)
        return { ...base, outputs };
    const reasons = Array.isArray(answer.reasons) ? answer.reasons.filter((r) => typeof r === "string") : [];
    return {
        ...base,
        outputs,
        status: "rejected",
        error: reasons.length ? `rejected: ${reasons.join("; ")}` : "rejected",
    };
}
/**
 * A gate that asks a person's review: it waits, and its dependants with it, until a resume
 * finds the approval. A run that cannot save its state cannot wait: the gate fails, saying why.
 */
function waitingResult(result, reasons, cannotPark) {
    if (cannotPark !== null) {
        return { ...result, status: "failure", error: `asks for a person's review, but ${cannotPark}` };
    }
    return { ...result, status: "waiting", waitingFor: result.name, review: { reasons, approval: null } };
}
/** A task that waits for a gate's review: whatever its `if`, it is decided on resume. */
function waitsFor(task, gate) {
    return { ...notRun(task, "waiting", null), waitingFor: gate };
}
/**
 * A service's or agent's answer. One carrying a boolean `approved` was likely meant as a gate
 * (written `service:` for `layer:`): it does not gate, and the result says so for the report.
 */
function answerResult(base, outputs) {
    const approved = outputs?.approved;
    return { ...base, outputs, approvedIgnored: typeof approved === "boolean" ? approved : null };
}
/** What later tasks see of a task's answer: a gate's answer either way, else only a success's. */
function visibleOutputs(result) {
    return result.status === "success" || result.status === "rejected" ? result.outputs : null;
}
/** The result of a task that failed before its call (or, with no error, of one about to be called). */
function notRun(task, status, error) {
    return {
        name: task.name,
        kind: task.kind,
        target: task.target,
        action: task.action,
        status,
        attempts: 0,
        calls: [],
        durationMs: 0,
        startedAt: null,
        needs: task.needs,
        continueOnError: task.continueOnError,
        params: null,
        outputs: null,
        error,
        skip: null,
        request: null,
        response: null,
        polls: 0,
        approvedIgnored: null,
        usage: null,
        waitingFor: null,
        review: null,
        replayed: null,
    };
}
/** The result of a task that was not called, and why. */
function skipped(task, skip) {
    return { ...notRun(task, "skipped", null), skip };
}

;// CONCATENATED MODULE: ./src/engine/decide.ts



/** Skips a task whose `if` is false, or fails it when the `if` cannot be evaluated. */
function decide(task, finished, context) {
    const needs = task.needs.map((n) => finished.get(n));
    // What waits for a person's review is decided on resume, whatever its `if` says now.
    const gate = needs.find((n) => n.waitingFor !== null)?.waitingFor;
    if (gate)
        return waitsFor(task, gate);
    const status = {
        success: () => needs.every((n) => n.chainOk),
        failure: () => needs.some((n) => n.chainFailed),
        always: () => true,
        // No task starts after a cancellation, so a task that gets here was not cancelled.
        cancelled: () => false,
    };
    // When the needs did not succeed, such an `if` is not read at all (it may read their
    // null outputs), and the skip names the need to blame.
    if (task.needsSuccess && !status.success())
        return skipped(task, skipCause(task, needs, true));
    const condition = evaluateCondition(task.condition, context, status);
    if (!condition.ok)
        return notRun(task, "failure", expressionError(task, ["if"], condition));
    return condition.value ? null : skipped(task, skipCause(task, needs, false));
}
/** A runtime expression error, naming the task, the field and the expression. */
function expressionError(task, field, failed) {
    return `cannot evaluate \${{ ${failed.source} }} in ${task.name}.${formatPath(field)}: ${failed.message}`;
}
function skipCause(task, needs, becauseOfNeeds) {
    const blocker = becauseOfNeeds ? needs.find((n) => !n.chainOk) : undefined;
    if (!blocker)
        return { kind: "if", condition: task.condition.source };
    const { name, status, skip } = blocker.result;
    // Blame the task that stopped the chain, not the skipped one in between.
    if (skip && skip.kind !== "if")
        return skip;
    // A waiting need makes its dependants wait before any skip is decided: it never blames.
    return {
        kind: "need",
        task: name,
        status: status === "success" || status === "waiting" ? "skipped" : status,
    };
}

;// CONCATENATED MODULE: ./src/engine/read-answer.ts



/**
 * Reads an answer with the task's mappings: `success-if` (default a 2xx status), `outputs`
 * (default the body) and, for a gate, `approved` and `reasons` (default the body's). An
 * error while evaluating fails the task, naming the field and the expression.
 */
function readAnswer(task, answer, context, mask) {
    const { successIf, outputs, review, approved, reasons } = task.answer;
    const ok = successIf
        ? evaluate(task, "success-if", successIf, context)
        : { ok: true, value: is2xx(answer) };
    if (!ok.ok)
        return { status: "failure", outputs: null, error: ok.error };
    if (!truthy(ok.value)) {
        const why = successIf ? "success-if is false: " : "";
        return {
            status: "failure",
            outputs: null,
            error: `${why}HTTP ${answer.status}${bodyExcerpt(answer.body, mask)}`,
        };
    }
    const mapped = outputs
        ? evaluate(task, "outputs", outputs, context)
        : { ok: true, value: answer.body };
    if (!mapped.ok)
        return { status: "failure", outputs: null, error: mapped.error };
    if (task.kind !== "layer")
        return { status: "success", outputs: mapped.value };
    const body = (answer.body ?? {});
    const said = () => reasons ? evaluate(task, "reasons", reasons, context) : { ok: true, value: body.reasons ?? [] };
    // A person's review is asked for before any verdict is read: then there is none to read.
    const asked = review
        ? evaluate(task, "review", review, context)
        : { ok: true, value: body.review === true };
    if (!asked.ok)
        return { status: "failure", outputs: mapped.value, error: asked.error };
    if (truthy(asked.value)) {
        const why = said();
        return { status: "waiting", outputs: mapped.value, reasons: why.ok ? (reasonList(why.value) ?? []) : [] };
    }
    const verdict = approved
        ? evaluate(task, "approved", approved, context)
        : { ok: true, value: body.approved };
    if (!verdict.ok)
        return { status: "failure", outputs: mapped.value, error: verdict.error };
    if (typeof verdict.value !== "boolean") {
        return {
            status: "failure",
            outputs: mapped.value,
            error: `approved: expected true or false, got ${read_answer_describe(verdict.value)}`,
        };
    }
    if (verdict.value)
        return { status: "success", outputs: mapped.value };
    const why = said();
    if (!why.ok)
        return { status: "failure", outputs: mapped.value, error: why.error };
    const list = reasonList(why.value);
    if (!list) {
        return {
            status: "failure",
            outputs: mapped.value,
            error: `reasons: expected a string or a list of strings, got ${read_answer_describe(why.value)}`,
        };
    }
    return { status: "rejected", outputs: mapped.value, reasons: list };
}
/** A string or a list of strings as a list; null for anything else. */
function reasonList(value) {
    const list = typeof value === "string" ? [value] : value;
    return Array.isArray(list) && list.every((reason) => typeof reason === "string")
        ? list
        : null;
}
function evaluate(task, field, value, context) {
    const result = evaluateValue(value, context);
    if (result.ok)
        return { ok: true, value: result.value };
    return { ok: false, error: expressionError(task, [field, ...result.path], result) };
}
function is2xx(answer) {
    return answer.status >= 200 && answer.status < 300;
}
/** As an `if` reads a value: false, 0, "" and null are false. */
function truthy(value) {
    return value !== false && value !== 0 && value !== "" && value !== null && value !== undefined;
}
/** Secrets are masked before the cut, so that no start of one survives it. */
function bodyExcerpt(body, mask) {
    if (body === null || body === undefined)
        return "";
    return excerpt(mask(typeof body === "string" ? body : JSON.stringify(body)));
}
function read_answer_describe(value) {
    const text = JSON.stringify(value) ?? "nothing";
    return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

;// CONCATENATED MODULE: ./src/engine/retry-after.ts
/** The longest Retry-After we honour; a longer one fails the task instead of sleeping. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;
/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3), in ms from `now`; null when absent or unreadable. */
function parseRetryAfter(value, now) {
    if (value === null)
        return null;
    const text = value.trim();
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    // Every HTTP-date form starts with a day name; Date.parse alone would take "-1" or "1.5" as dates.
    if (!/^[A-Za-z]{3}/.test(text))
        return null;
    const date = Date.parse(text);
    if (Number.isNaN(date))
        return null;
    return Math.max(0, date - now);
}

;// CONCATENATED MODULE: ./src/engine/poll.ts





/** Polling with no timeout of its own and no deadline stops after an hour. */
const DEFAULT_POLL_TIMEOUT_MS = 3_600_000;
/** Headers that name an operation's status URL, most specific first. */
const OPERATION_HEADERS = ["operation-location", "azure-asyncoperation"];
const FINAL_STATES = ["succeeded", "failed", "canceled"];
/**
 * Polls a long-running operation with GET until `until` holds (by default: an
 * Operation-Location status that is final, else a status other than 202), waiting
 * `interval` or the answer's Retry-After between polls. The poll URL must be on the
 * endpoint's origin.
 */
function pollUntilDone(input) {
    const { poll } = input;
    const byOperation = OPERATION_HEADERS.some((name) => input.first.headers[name]);
    return pollLoop({
        ...input,
        intervalMs: poll.intervalMs,
        timeoutMs: poll.timeoutMs,
        done: (answer) => {
            if (!poll.until)
                return { ok: true, value: defaultDone(answer, byOperation) };
            const done = evaluateValue(poll.until, input.contextOf(answer));
            if (!done.ok)
                return { ok: false, error: expressionError(input.task, ["poll", "until", ...done.path], done) };
            return { ok: true, value: truthy(done.value) };
        },
        next: (answer) => {
            const target = pollUrl(input, answer);
            if (!target.ok)
                return target;
            return { ok: true, request: { method: "GET", url: target.url, headers: input.headers, body: null } };
        },
    });
}
/**
 * Waits and polls until `done` says so, within the timeout and the deadline: the interval,
 * or the answer's Retry-After, between polls; each poll has the task's timeout and retry
 * policy. Only the first and the last poll's calls are kept.
 */
async function pollLoop(input) {
    const { clock } = input;
    const started = clock.now();
    const limit = input.timeoutMs ?? (input.deadlineAt === null ? DEFAULT_POLL_TIMEOUT_MS : input.deadlineAt - started);
    const stopAt = Math.min(started + limit, input.deadlineAt ?? Number.POSITIVE_INFINITY);
    let answer = input.first;
    let polls = 0;
    let firstCalls = [];
    let lastCalls = [];
    const calls = () => [...firstCalls, ...(polls > 1 ? lastCalls : [])];
    const failed = (error, cancelled = false) => ({
        ok: false,
        error,
        polls,
        calls: calls(),
        cancelled,
    });
    for (;;) {
        const done = input.done(answer);
        if (!done.ok)
            return failed(done.error);
        if (done.value)
            return { ok: true, answer, polls, calls: calls() };
        const wait = parseRetryAfter(answer.headers["retry-after"] ?? null, clock.now()) ?? input.intervalMs;
        // A poll due at the very end would have no time left to answer in.
        if (clock.now() + wait >= stopAt)
            return failed(`still running after ${formatDuration(stopAt - started)}`);
        const next = input.next(answer);
        if (!next.ok)
            return failed(next.error);
        try {
            await clock.sleep(wait, input.signal);
        }
        catch {
            return failed("cancelled", true);
        }
        const outcome = await input.call({
            ...next.request,
            mode: "response",
            timeoutMs: input.task.timeoutMs,
            retry: input.task.retry,
            deadlineAt: stopAt === Number.POSITIVE_INFINITY ? null : stopAt,
            signal: input.signal,
            ...(polls >= 1 && input.taskSpan ? { asSpan: input.taskSpan } : {}),
        });
        polls += 1;
        if (polls === 1)
            firstCalls = outcome.calls;
        else
            lastCalls = outcome.calls;
        if (!outcome.ok)
            return failed(`poll ${polls}: ${outcome.error}`, outcome.cancelled);
        answer = {
            status: outcome.httpStatus,
            headers: outcome.headers ?? {},
            body: outcome.outputs,
            url: outcome.finalUrl ?? next.request.url,
        };
    }
}
function defaultDone(answer, byOperation) {
    if (!byOperation)
        return answer.status !== 202;
    const state = answer.body?.status;
    return typeof state === "string" && FINAL_STATES.includes(state.toLowerCase());
}
/** Where the next poll goes: `poll.url`, else the operation headers, then Location; on the endpoint's origin only. */
function pollUrl(input, answer) {
    let given;
    if (input.poll.url) {
        const value = evaluateValue(input.poll.url, input.contextOf(answer));
        if (!value.ok)
            return { ok: false, error: expressionError(input.task, ["poll", "url", ...value.path], value) };
        given = value.value;
    }
    else {
        given = [...OPERATION_HEADERS, "location"]
            .map((name) => answer.headers[name] ?? input.first.headers[name])
            .find(Boolean);
    }
    if (typeof given !== "string" || given === "")
        return {
            ok: false,
            error: "nothing to poll: the answer names no URL (Operation-Location, Location) and poll.url gives none",
        };
    const url = URL.parse(given, answer.url);
    if (!url || url.origin !== new URL(input.task.url).origin || url.username || url.password) {
        return { ok: false, error: `the poll URL ${given} is not on the endpoint's origin: it is not followed` };
    }
    return { ok: true, url: url.href };
}

;// CONCATENATED MODULE: ./src/engine/build-request.ts

/** The headers every call carries, whatever its shape: they name the run and the task. */
function contractHeaders(task, prepared) {
    return {
        "Idempotency-Key": `"${prepared.run.id}:${prepared.plan.id}:${task.name}"`,
        "X-Mgmt-Workflow": prepared.plan.id,
        "X-Mgmt-Task": task.name,
        "X-Mgmt-Run": prepared.run.id,
    };
}
/** What a task tells its service or agent: the run, the task, the params and the needs' outputs. */
function envelopeOf(task, prepared, params, input) {
    return {
        workflow: prepared.plan.id,
        run: prepared.run.id,
        task: task.name,
        action: task.action,
        params,
        input,
    };
}
/** The call contract's envelope: POST {url}/{action} with the run, the params and the needs' outputs. */
function buildEnvelope(task, prepared, params, input) {
    const body = envelopeOf(task, prepared, params, input);
    return {
        method: "POST",
        url: task.url,
        headers: {
            "Content-Type": "application/json",
            Accept: "application/json",
            ...contractHeaders(task, prepared),
            ...prepared.headers[task.target],
        },
        body: JSON.stringify(body),
        sentBody: null,
    };
}
/**
 * A request task's call, evaluated now: the path below the endpoint's URL with every
 * expression's value percent-encoded as data, the query, the body by its kind, and the
 * headers: the contract's, the endpoint's, then the request's (which may set Accept, replace
 * Idempotency-Key or drop it).
 */
function buildRequest(task, request, prepared, context) {
    const path = buildPath(request, context);
    if (!path.ok)
        return path;
    const query = new URLSearchParams();
    for (const [name, compiled] of request.query) {
        const value = evaluateValue(compiled, context);
        if (!value.ok)
            return failed(["request", "query", name], value);
        for (const item of Array.isArray(value.value) ? value.value : [value.value]) {
            if (item !== null && item !== undefined)
                query.append(name, build_request_asText(item));
        }
    }
    const headers = {
        Accept: "application/json",
        ...contractHeaders(task, prepared),
        ...prepared.headers[task.target],
    };
    for (const [name, compiled] of request.headers) {
        const existing = Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
        if (existing)
            delete headers[existing];
        if (compiled === false)
            continue;
        const value = evaluateValue(compiled, context);
        if (!value.ok)
            return failed(["request", "headers", name], value);
        const text = build_request_asText(value.value);
        if (/[\r\n\0]/.test(text))
            return { ok: false, field: ["request", "headers", name], error: "the value holds CR, LF or NUL" };
        headers[name] = text;
    }
    const body = buildBody(request, context);
    if (!body.ok)
        return body;
    if (body.contentType)
        headers["Content-Type"] = body.contentType;
    const search = query.toString();
    return {
        ok: true,
        request: {
            method: request.method,
            url: `${task.url}/${path.text}${search ? `?${search}` : ""}`,
            headers,
            body: body.text,
            sentBody: body.data,
        },
    };
}
function buildPath(request, context) {
    let text = "";
    for (const part of request.path) {
        if (typeof part === "string") {
            text += part;
            continue;
        }
        const value = evaluateExpression(part, context);
        if (!value.ok)
            return failed(["request", "path"], value);
        const encoded = encodeURIComponent(build_request_asText(value.value));
        // A URL parser reads "." and ".." (even as %2E) as moves between segments, not as data.
        if (/^(\.|%2e){1,2}$/i.test(encoded)) {
            return { ok: false, field: ["request", "path"], error: `the value "${encoded}" would leave the path` };
        }
        text += encoded;
    }
    // Literal dots beside an empty value ("..${{ x }}" with x "") make such a segment too.
    const dots = text.split("/").find((segment) => /^(\.|%2e){1,2}$/i.test(segment));
    if (dots !== undefined)
        return { ok: false, field: ["request", "path"], error: `the segment "${dots}" would leave the path` };
    return { ok: true, text };
}
function buildBody(request, context) {
    if (!request.body)
        return { ok: true, text: null, data: null, contentType: null };
    const value = evaluateValue(request.body.value, context);
    const field = ["request", request.body.kind === "form" ? "form" : "body"];
    if (!value.ok)
        return failed(field, value);
    switch (request.body.kind) {
        case "text":
            return {
                ok: true,
                text: build_request_asText(value.value),
                data: value.value,
                contentType: "text/plain; charset=utf-8",
            };
        case "form": {
            const form = new URLSearchParams();
            for (const [name, item] of Object.entries((value.value ?? {}))) {
                for (const one of Array.isArray(item) ? item : [item])
                    form.append(name, build_request_asText(one));
            }
            return {
                ok: true,
                text: form.toString(),
                data: value.value,
                contentType: "application/x-www-form-urlencoded",
            };
        }
        case "json":
            return {
                ok: true,
                text: JSON.stringify(value.value ?? null),
                data: value.value,
                contentType: "application/json",
            };
    }
}
/** A value as text in a path, query or header: strings as they are, anything else as JSON. */
function build_request_asText(value) {
    return typeof value === "string"
        ? value
        : value === null || value === undefined
            ? ""
            : JSON.stringify(value);
}
function failed(field, value) {
    return {
        ok: false,
        field: [...field, ...value.path],
        error: `cannot evaluate \${{ ${value.source} }}: ${value.message}`,
    };
}

;// CONCATENATED MODULE: ./src/engine/agent-call.ts




function agentFailure(error, calls = [], more = {}) {
    return {
        ok: false,
        error,
        cancelled: false,
        calls,
        attempts: calls.length,
        polls: 0,
        usage: null,
        ...more,
    };
}
/** A failed HTTP call, as the agent's outcome: cancelled stays cancelled. */
function callFailure(outcome, what = "") {
    return agentFailure(`${what}${outcome.error}`, outcome.calls, { cancelled: outcome.cancelled });
}
/** The headers of every agent call: JSON in and out, the contract's, then the endpoint's. */
function agentHeaders(call) {
    return {
        "Content-Type": "application/json",
        Accept: "application/json",
        ...contractHeaders(call.task, call.prepared),
        ...call.prepared.headers[call.task.target],
    };
}
/** The parts of a call every agent request shares: its limits and its cancellation. */
function callLimits(call) {
    return {
        timeoutMs: call.task.timeoutMs,
        retry: call.task.retry,
        deadlineAt: call.deadlineAt,
        signal: call.signal,
    };
}
/** An agent field's value, or the error naming the task, the field and the expression. */
function agentValue(call, field, value) {
    if (value === null)
        return { ok: true, value: null };
    const evaluated = evaluateValue(value, call.context);
    if (evaluated.ok)
        return { ok: true, value: evaluated.value };
    return { ok: false, error: expressionError(call.task, [field, ...evaluated.path], evaluated) };
}
/** A non-2xx answer in words: its status, and the server's own message when it gave one. */
function refusal(answer, mask) {
    const said = answer.body?.error?.message;
    const text = typeof said === "string"
        ? said
        : typeof answer.body === "string"
            ? answer.body
            : JSON.stringify(answer.body ?? null);
    return `HTTP ${answer.status}${excerpt(mask(text))}`;
}
/**
 * What an answer's parts give as outputs: the first data part, else a text part that
 * parses as JSON, else the text, else null.
 */
function outputsOfParts(parts) {
    const data = parts.find((part) => part.data !== undefined);
    if (data)
        return data.data;
    const texts = parts.flatMap((part) => (typeof part.text === "string" ? [part.text] : []));
    for (const text of texts) {
        const parsed = agent_call_parseJson(text);
        if (parsed.ok)
            return parsed.value;
    }
    return texts.length ? texts.join("\n") : null;
}
function agent_call_parseJson(text) {
    try {
        return { ok: true, value: JSON.parse(text) };
    }
    catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
}
/**
 * Token counts as agents report them: OpenAI's `prompt_tokens` / `completion_tokens`,
 * `input_tokens` / `output_tokens` (Anthropic, and the usual A2A and MCP metadata), their
 * camel-case forms, or `input` / `output`. Null when none is there.
 */
function usageOf(value) {
    if (value === null || typeof value !== "object")
        return null;
    const v = value;
    const count = (...names) => {
        const found = names
            .map((name) => v[name])
            .find((n) => typeof n === "number" && Number.isFinite(n) && n >= 0);
        return found === undefined ? null : Math.round(found);
    };
    const input = count("prompt_tokens", "input_tokens", "promptTokens", "inputTokens", "input");
    const output = count("completion_tokens", "output_tokens", "completionTokens", "outputTokens", "output");
    return input === null && output === null ? null : { input: input ?? 0, output: output ?? 0 };
}

;// CONCATENATED MODULE: ./src/engine/agent-a2a-card.ts


/**
 * The agent card, from the endpoint's origin (or its `card:`), and the JSON-RPC interface
 * it names: 1.0 when the card offers it, 0.3 when it declares only that. An interface on
 * another origin is not called: the endpoint's headers carry its credentials.
 */
async function readCard(call) {
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
    const failed = (why) => ({
        ok: false,
        outcome: agentFailure(`the agent card at ${url} ${why}`),
    });
    if (!got.ok) {
        if (got.cancelled)
            return { ok: false, outcome: callFailure(got) };
        return failed(`could not be read: ${got.error}`);
    }
    const mask = call.deps.mask ?? ((text) => text);
    if (!is2xx({ status: got.httpStatus }))
        return failed(`could not be read: ${refusal(answerOf(got), mask)} (set the endpoint's card: to where it is)`);
    const card = got.outputs;
    if (card === null || typeof card !== "object")
        return failed("is not a JSON object");
    const target = interfaceOf(card, call.task.url);
    if (!target.ok)
        return failed(target.error);
    // A card may name its interface relative to itself.
    const resolved = URL.parse(target.value.url, url);
    if (!resolved)
        return failed(`names "${target.value.url}" as its JSON-RPC interface, which is not a URL`);
    if (resolved.origin !== endpoint.origin) {
        return failed(`names ${resolved.href}, on another origin than the endpoint: it is not called, as the endpoint's headers would go with it`);
    }
    return { ok: true, target: { ...target.value, url: resolved.href } };
}
function interfaceOf(card, endpointUrl) {
    const listed = Array.isArray(card.supportedInterfaces) ? card.supportedInterfaces : [];
    const interfaces = listed.filter((i) => i !== null && typeof i === "object" && typeof i.url === "string");
    const jsonRpc = interfaces.filter((i) => String(i.protocolBinding ?? "").toUpperCase() === "JSONRPC");
    const current = jsonRpc.find((i) => String(i.protocolVersion ?? "1.0").startsWith("1."));
    if (current) {
        const header = typeof current.protocolVersion === "string" ? current.protocolVersion : "1.0";
        return { ok: true, value: { version: "1.0", header, url: current.url } };
    }
    // A 1.0-shaped card (as @a2a-js/sdk 1.x serves it to a 1.0 client) may list only a 0.3 interface.
    const legacy = jsonRpc.find((i) => String(i.protocolVersion).startsWith("0.3"));
    if (legacy)
        return { ok: true, value: { version: "0.3", header: "0.3", url: legacy.url } };
    const declared = typeof card.protocolVersion === "string" ? card.protocolVersion : null;
    if (declared?.startsWith("0.3")) {
        const transport = String(card.preferredTransport ?? "JSONRPC").toUpperCase();
        const extra = Array.isArray(card.additionalInterfaces) ? card.additionalInterfaces : [];
        const rpc = extra.find((i) => i !== null &&
            typeof i === "object" &&
            String(i.transport).toUpperCase() === "JSONRPC" &&
            typeof i.url === "string");
        const url = transport === "JSONRPC" && typeof card.url === "string" ? card.url : (rpc?.url ?? endpointUrl);
        return { ok: true, value: { version: "0.3", header: "0.3", url } };
    }
    if (interfaces.length > 0) {
        const offered = interfaces.map((i) => `${String(i.protocolBinding)} ${String(i.protocolVersion ?? "")}`.trim());
        return { ok: false, error: `offers no JSON-RPC interface of A2A 1.0 (it offers ${offered.join(", ")})` };
    }
    return { ok: true, value: { version: "1.0", header: "1.0", url: endpointUrl } };
}
function answerOf(outcome) {
    return { status: outcome.httpStatus, headers: outcome.headers ?? {}, body: outcome.outputs };
}

;// CONCATENATED MODULE: ./src/engine/agent-a2a.ts





/** Between polls of a working task when the agent sends no Retry-After: as for any long-running operation. */
const POLL_INTERVAL_MS = 5000;
const WORKING = ["submitted", "working"];
/**
 * Calls an A2A agent: reads its card, sends one message (the envelope as a data part, the
 * prompt as a text part) over JSON-RPC, and polls a task that is still working with
 * GetTask. The message asks to answer at once, so a slow agent is polled within the
 * deadline rather than held past the attempt's timeout. The message id derives from the
 * Idempotency-Key, so a retry is byte-identical.
 */
async function callA2a(call) {
    const found = await readCard(call);
    if (!found.ok)
        return found.outcome;
    const target = found.target;
    const prompt = agentValue(call, "prompt", call.agent.prompt);
    if (!prompt.ok)
        return agentFailure(prompt.error);
    const headers = {
        ...agentHeaders(call),
        // Without it an agent reads the message as 0.3.
        ...(target.version === "1.0" ? { "A2A-Version": target.header } : {}),
    };
    const { prepared, task } = call;
    const messageId = `${prepared.run.id}:${prepared.plan.id}:${task.name}`;
    const body = JSON.stringify(sendMessage(target.version, messageId, call.envelope, prompt.value));
    const sent = await call.deps.call({
        method: "POST",
        url: target.url,
        headers,
        body,
        mode: "response",
        ...callLimits(call),
    });
    if (!sent.ok)
        return callFailure(sent);
    const mask = call.deps.mask ?? ((text) => text);
    const first = readReply(sent.httpStatus, sent.outputs, mask);
    const attempts = sent.calls.length;
    if (!first.ok)
        return agentFailure(first.error, sent.calls);
    let reply = first.reply;
    let last = answerOf(sent);
    let polls = 0;
    let calls = sent.calls;
    if (reply.kind === "task" && WORKING.includes(reply.state)) {
        let latest = reply;
        let read = 0;
        const polled = await pollLoop({
            task,
            first: { ...last, url: target.url },
            intervalMs: POLL_INTERVAL_MS,
            timeoutMs: null,
            done: (answer) => {
                // The first answer is the working task itself.
                if (read++ === 0)
                    return { ok: true, value: false };
                const polled = readReply(answer.status, answer.body, mask);
                if (!polled.ok)
                    return { ok: false, error: polled.error };
                latest = polled.reply;
                return { ok: true, value: !(latest.kind === "task" && WORKING.includes(latest.state)) };
            },
            next: () => ({
                ok: true,
                request: {
                    method: "POST",
                    url: target.url,
                    headers,
                    body: JSON.stringify(getTask(target.version, reply.id)),
                },
            }),
            call: call.deps.call,
            clock: call.deps.clock,
            signal: call.signal,
            deadlineAt: call.deadlineAt,
            taskSpan: call.taskSpan,
        });
        calls = [...calls, ...polled.calls];
        polls = polled.polls;
        if (!polled.ok)
            return agentFailure(polled.error, calls, { cancelled: polled.cancelled, attempts, polls });
        reply = latest;
        last = polled.answer;
    }
    const ended = { calls, attempts, polls, usage: reply.usage };
    if (reply.kind === "task" && reply.state !== "completed") {
        return { ok: false, error: taskEnd(reply.state, reply.said, mask), cancelled: false, ...ended };
    }
    return { ok: true, answer: { ...last, body: outputsOfParts(reply.parts) }, ...ended };
}
function sendMessage(version, messageId, envelope, prompt) {
    const text = prompt === null || prompt === undefined
        ? null
        : typeof prompt === "string"
            ? prompt
            : JSON.stringify(prompt);
    if (version === "0.3") {
        const parts = [{ kind: "data", data: envelope }, ...(text === null ? [] : [{ kind: "text", text }])];
        return {
            jsonrpc: "2.0",
            id: 1,
            method: "message/send",
            params: {
                message: { kind: "message", messageId, role: "user", parts },
                configuration: { blocking: false },
            },
        };
    }
    const parts = [{ data: envelope, mediaType: "application/json" }, ...(text === null ? [] : [{ text }])];
    return {
        jsonrpc: "2.0",
        id: 1,
        method: "SendMessage",
        params: { message: { messageId, role: "ROLE_USER", parts }, configuration: { returnImmediately: true } },
    };
}
function getTask(version, id) {
    return { jsonrpc: "2.0", id: 1, method: version === "0.3" ? "tasks/get" : "GetTask", params: { id } };
}
/**
 * A JSON-RPC answer as a task or a message. A JSON-RPC error fails the call with its code and
 * message; 1.0 wraps the result as `{ task }` or `{ message }`, 0.3 tags it with `kind`.
 */
function readReply(status, body, mask) {
    const rpc = body;
    const rpcError = rpc !== null && typeof rpc === "object" && rpc.error
        ? `the agent answered JSON-RPC error ${String(rpc.error.code)}${excerpt(mask(String(rpc.error.message)))}`
        : null;
    // A JSON-RPC error under an HTTP error status (an SDK answers an internal error with 500) still names its code.
    if (!is2xx({ status }))
        return {
            ok: false,
            error: rpcError ? `HTTP ${status}: ${rpcError}` : refusal({ status, headers: {}, body }, mask),
        };
    if (rpcError)
        return { ok: false, error: rpcError };
    if (rpc === null || typeof rpc !== "object")
        return { ok: false, error: `HTTP ${status} with no JSON-RPC answer${excerpt(mask(String(body)))}` };
    const result = (rpc.result ?? null);
    // SendMessage wraps its result as { task } or { message }; GetTask and 0.3 answer the object itself.
    const wrapped = (result?.task ?? result?.message ?? null);
    const value = wrapped ?? result;
    const kind = result?.task
        ? "task"
        : result?.message
            ? "message"
            : (result?.kind ?? (result?.status ? "task" : null));
    if (value === null || (kind !== "task" && kind !== "message"))
        return { ok: false, error: "the agent's answer holds neither a task nor a message" };
    const usage = usageOf(value.metadata?.usage);
    if (kind === "message")
        return { ok: true, reply: { kind, parts: partsOf(value.parts), usage } };
    const statusOf = (value.status ?? {});
    const artifacts = Array.isArray(value.artifacts) ? value.artifacts : [];
    const parts = artifacts.flatMap((artifact) => partsOf(artifact.parts));
    const said = partsOf(statusOf.message?.parts)
        .flatMap((part) => (typeof part.text === "string" ? [part.text] : []))
        .join(" ");
    return {
        ok: true,
        reply: {
            kind,
            id: String(value.id ?? ""),
            state: stateOf(statusOf.state),
            said,
            // A task that completes with its answer only in the status message still answers.
            parts: parts.length ? parts : partsOf(statusOf.message?.parts),
            usage,
        },
    };
}
/** `TASK_STATE_INPUT_REQUIRED` (1.0) and `input-required` (0.3) alike, as `input-required`. */
function stateOf(state) {
    return String(state ?? "unknown")
        .replace(/^TASK_STATE_/, "")
        .toLowerCase()
        .replaceAll("_", "-");
}
function partsOf(parts) {
    return Array.isArray(parts) ? parts.filter((p) => p !== null && typeof p === "object") : [];
}
/** Why a task that ended without completing failed, in the agent's words. */
function taskEnd(state, said, mask) {
    const words = said ? excerpt(mask(said)) : "";
    switch (state) {
        case "input-required":
            return `the agent asks for input${words || " (it did not say what)"}`;
        case "auth-required":
            return `the agent asks for authorization${words || " (it did not say what)"}`;
        case "failed":
        case "rejected":
        case "canceled":
            return `the agent's task ended ${state}${words}`;
        default:
            return `the agent's task ended in state ${state}${words}`;
    }
}

;// CONCATENATED MODULE: ./src/engine/attempt-deps.ts
/** Tokens already told as secrets, per token source: each is told once, when first obtained. */
const toldTokens = new WeakMap();
/**
 * The run's transports as this task's calls use them, whatever speaks (a request, its polls,
 * an agent's protocol, a tool): each attempt is a span of the run's trace, and on an endpoint
 * with `auth.oidc` each attempt to the endpoint's own origin carries a fresh token (never to
 * another origin, such as an agent card's).
 */
function attemptDeps(call) {
    const { deps, prepared, task, traceId } = call;
    const authorize = authorizeFor(call);
    // URLs are read only for an OIDC endpoint: the others' calls add the trace alone.
    const origin = authorize ? originOf(prepared.plan.endpoints[task.target]?.url ?? "") : null;
    const extras = (url) => ({
        traceId,
        ...(authorize && origin !== null && originOf(url) === origin ? { authorize } : {}),
    });
    const { callTool } = deps;
    return {
        ...deps,
        call: (request) => deps.call({ ...request, ...extras(request.url) }),
        ...(callTool ? { callTool: (request) => callTool({ ...request, ...extras(request.url) }) } : {}),
    };
}
/**
 * For a task on an endpoint with `auth.oidc`: asks the run's token source before each attempt
 * and tells each new token as a secret before it is sent, so that it is masked wherever it shows.
 */
function authorizeFor(call) {
    const { task, prepared, deps } = call;
    const audience = prepared.plan.endpoints[task.target]?.oidcAudience ?? null;
    if (audience === null)
        return undefined;
    const { oidcToken } = deps;
    if (!oidcToken)
        return async () => ({
            ok: false,
            error: `no OIDC token: this run has no token source for ${task.target}`,
        });
    return async () => {
        const got = await oidcToken(audience).catch((error) => ({
            ok: false,
            error: `no OIDC token: ${String(error)}`,
        }));
        if (!got.ok)
            return got;
        const told = toldTokens.get(oidcToken) ?? new Set();
        toldTokens.set(oidcToken, told);
        if (!told.has(got.token)) {
            told.add(got.token);
            deps.onEvent?.({ type: "secrets", workflow: prepared.plan.id, task: task.name, values: [got.token] });
        }
        return { ok: true, value: `Bearer ${got.token}` };
    };
}
function originOf(url) {
    return URL.canParse(url) ? new URL(url).origin : null;
}

;// CONCATENATED MODULE: ./src/engine/agent-mcp.ts



/**
 * Calls an MCP server's tool named by the task's action, with its `arguments` (default the
 * task's params). A result marked `isError` fails the task with its text. Outputs: the
 * structured content, else the text parsed as JSON, else the text.
 */
async function callMcp(call) {
    const { task, deps } = call;
    if (!deps.callTool)
        return agentFailure("this run was given no MCP transport (callTool) for a task on an mcp endpoint");
    const given = agentValue(call, "arguments", call.agent.arguments);
    if (!given.ok)
        return agentFailure(given.error);
    const args = call.agent.arguments === null ? call.params : given.value;
    if (args === null || typeof args !== "object" || Array.isArray(args))
        return agentFailure(`${task.name}.arguments: expected an object, got ${JSON.stringify(args)}`);
    const outcome = await deps.callTool({
        url: task.url,
        headers: { ...contractHeaders(task, call.prepared), ...call.prepared.headers[task.target] },
        name: task.action,
        arguments: args,
        ...callLimits(call),
    });
    if (!outcome.ok)
        return callFailure(outcome);
    const result = (outcome.outputs ?? {});
    const texts = (Array.isArray(result.content) ? result.content : []).filter((block) => block?.type === "text");
    const usage = usageOf(result._meta?.usage);
    const ended = { calls: outcome.calls, attempts: outcome.calls.length, polls: 0, usage };
    if (result.isError === true) {
        const said = texts.map((block) => block.text ?? "").join(" ");
        const mask = deps.mask ?? ((text) => text);
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

;// CONCATENATED MODULE: ./src/engine/usage.ts
/** The sum of two counts; null only when neither was reported, so a missing count never hides a known one. */
function addUsage(a, b) {
    if (a === null)
        return b;
    if (b === null)
        return a;
    return { input: a.input + b.input, output: a.output + b.output };
}
/** The sum over several results (tasks of a run, calls of a task); null when none reported any. */
function totalUsage(items) {
    return items.reduce((sum, item) => addUsage(sum, item.usage), null);
}

;// CONCATENATED MODULE: ./src/engine/agent-openai-chat.ts





/** OpenAI caps a json_schema's name at 64 characters. */
const SCHEMA_NAME_CHARS = 64;
/**
 * Asks an OpenAI-compatible server (`POST {url}/chat/completions`): the instructions as the
 * system message, the prompt and the envelope as the user's. With an output schema the
 * server is asked for JSON that matches it, and one miss earns one repair call that
 * shows the model its answer and the complaint; a second miss fails the task.
 */
async function callOpenAiChat(call) {
    const { task, agent } = call;
    const instructions = agentValue(call, "instructions", agent.instructions);
    if (!instructions.ok)
        return agentFailure(instructions.error);
    const prompt = agentValue(call, "prompt", agent.prompt);
    if (!prompt.ok)
        return agentFailure(prompt.error);
    const envelope = JSON.stringify(call.envelope);
    const messages = [
        ...(instructions.value === null
            ? []
            : [{ role: "system", content: textOf(instructions.value) }]),
        { role: "user", content: prompt.value === null ? envelope : `${textOf(prompt.value)}\n\n${envelope}` },
    ];
    const schema = task.outputSchema;
    const responseFormat = schema && {
        type: "json_schema",
        json_schema: { name: schemaName(task.name), schema: schema.schema, strict: schema.strict },
    };
    const ask = (conversation, headers) => call.deps.call({
        method: "POST",
        url: task.url,
        headers,
        body: JSON.stringify({
            model: agent.model,
            messages: conversation,
            ...(responseFormat ? { response_format: responseFormat } : {}),
        }),
        mode: "response",
        ...callLimits(call),
    });
    const headers = agentHeaders(call);
    const first = await ask(messages, headers);
    const attempts = first.calls.length;
    const read = readCompletion(call, first);
    if (!read.ok)
        return { ...read.outcome, attempts };
    const mask = call.deps.mask ?? ((text) => text);
    const checked = await checkContent(schema?.schema, read.content, mask);
    if (checked.ok)
        return success(read, checked.value, first.calls, attempts, read.usage);
    // One repair: the model sees what it answered and why that did not do.
    const repairKey = `"${call.prepared.run.id}:${call.prepared.plan.id}:${task.name}:repair"`;
    const second = await ask([
        ...messages,
        { role: "assistant", content: read.content },
        {
            role: "user",
            content: `Your answer does not match the required JSON Schema: ${checked.complaint}. Answer again with only JSON that matches it.`,
        },
    ], { ...headers, "Idempotency-Key": repairKey });
    const calls = [...first.calls, ...second.calls];
    const repaired = readCompletion(call, second);
    if (!repaired.ok) {
        return { ...repaired.outcome, calls, attempts, usage: addUsage(read.usage, repaired.outcome.usage) };
    }
    const usage = addUsage(read.usage, repaired.usage);
    const again = await checkContent(schema?.schema, repaired.content, mask);
    if (again.ok)
        return success(repaired, again.value, calls, attempts, usage);
    return agentFailure(`the answer does not match the output schema after a repair: ${again.complaint}`, calls, {
        attempts,
        usage,
    });
}
/** The first choice's content, or why there is none: a refusal by the server or the model. */
function readCompletion(call, outcome) {
    if (!outcome.ok)
        return { ok: false, outcome: callFailure(outcome) };
    const mask = call.deps.mask ?? ((text) => text);
    const answer = { status: outcome.httpStatus, headers: outcome.headers ?? {}, body: outcome.outputs };
    const fail = (error, usage = null) => ({
        ok: false,
        outcome: agentFailure(error, outcome.calls, { usage }),
    });
    if (!is2xx(answer))
        return fail(`the server refused the request: ${refusal(answer, mask)}`);
    const body = answer.body;
    const usage = usageOf(body?.usage);
    const message = body?.choices?.[0]?.message;
    if (typeof message?.refusal === "string" && message.refusal)
        return fail(`the model refused${excerpt(mask(message.refusal))}`, usage);
    if (typeof message?.content !== "string")
        return fail("the answer holds no choices[0].message.content", usage);
    return { ok: true, content: message.content, status: answer.status, headers: answer.headers, usage };
}
/**
 * Content as outputs: JSON that matches the schema; without one, JSON when it parses, else
 * the text. Content that is not JSON is quoted masked, then cut: the parser's own message
 * quotes its start unmasked, and a secret cut in two is no longer recognised.
 */
async function checkContent(schema, content, mask) {
    const parsed = agent_call_parseJson(content);
    if (schema === undefined)
        return { ok: true, value: parsed.ok ? parsed.value : content };
    if (!parsed.ok)
        return { ok: false, complaint: `the content is not JSON${excerpt(mask(content))}` };
    const miss = (await loadSchemaChecker()).check(schema, parsed.value);
    return miss ? { ok: false, complaint: describeMiss(miss) } : { ok: true, value: parsed.value };
}
function success(read, outputs, calls, attempts, usage) {
    return {
        ok: true,
        answer: { status: read.status, headers: read.headers, body: outputs },
        calls,
        attempts,
        polls: 0,
        usage,
    };
}
/** A json_schema name: letters, digits, _ and - only, at most 64 characters. */
function schemaName(task) {
    return task.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, SCHEMA_NAME_CHARS);
}
function textOf(value) {
    return typeof value === "string" ? value : JSON.stringify(value);
}

;// CONCATENATED MODULE: ./src/engine/call-task.ts














/**
 * Calls one task and reads its answer: the call contract's envelope, or for a task with a
 * `request` the API as it is, polled when it is a long-running operation, its answer read
 * by the task's mappings. A failure is recorded in the result, never thrown.
 */
async function callTask(call) {
    const { task, prepared, scope, deps } = call;
    const startedAt = deps.clock.now();
    deps.onEvent?.({ type: "task:start", workflow: prepared.plan.id, task: task.name });
    const own = task.with ? evaluateValue(task.with, scope.context) : { ok: true, value: {} };
    if (!own.ok)
        return notRun(task, "failure", expressionError(task, ["with", ...own.path], own));
    const params = { ...prepared.params, ...own.value };
    const taskDeadline = task.deadlineMs === null ? null : startedAt + task.deadlineMs;
    const deadlines = [taskDeadline, call.runDeadline].filter((d) => d !== null);
    const deadlineAt = deadlines.length ? Math.min(...deadlines) : null;
    // Request tasks, agents and mappings read `params` as the run's merged with the task's `with`.
    // Converted only for a task that reads it: an envelope task without mappings never does.
    let paramsData;
    const contextOf = (answer) => buildContext({
        ...scope.base,
        params: (paramsData ??= toExpressionData(params)),
        tasks: scope.tasks,
        ...(answer
            ? {
                response: toExpressionData({ status: answer.status, headers: answer.headers, body: answer.body }),
            }
            : {}),
    });
    const taskSpan = deps.newSpanId?.() ?? null;
    const exchange = { ...call, deps: attemptDeps(call), params, deadlineAt, contextOf, taskSpan };
    const exchanged = task.agent ? await askAgent(exchange, task.agent) : await callHttp(exchange);
    const base = {
        ...notRun(task, "success", null),
        ...(taskSpan ? { spanId: taskSpan } : {}),
        attempts: exchanged.attempts,
        calls: exchanged.calls,
        startedAt: new Date(startedAt).toISOString(),
        params,
        request: exchanged.request,
        polls: exchanged.polls,
        usage: exchanged.usage,
    };
    const ended = (result) => ({ ...result, durationMs: deps.clock.now() - startedAt });
    if (!exchanged.ok)
        return ended({ ...base, status: exchanged.cancelled ? "cancelled" : "failure", error: exchanged.error });
    const { answer } = exchanged;
    if (nestsDeeperThan(answer.body)) {
        return ended({
            ...base,
            status: "failure",
            error: `the answer nests deeper than ${MAX_JSON_DEPTH} levels`,
        });
    }
    const cannotPark = deps.cannotPark ?? null;
    if (exchanged.plain) {
        const read = task.kind === "layer" ? gateResult(base, answer.body, cannotPark) : answerResult(base, answer.body);
        return ended(await checkOutputs(task, read));
    }
    const read = readAnswer(task, answer, contextOf(answer), deps.mask ?? ((text) => text));
    const response = task.request ? { status: answer.status, body: answer.body } : null;
    const secrets = secretOutputs(task, read.outputs).filter((value) => value.trim().length >= MIN_SECRET_CHARS);
    if (secrets.length)
        deps.onEvent?.({ type: "secrets", workflow: prepared.plan.id, task: task.name, values: secrets });
    const result = { ...base, response, outputs: read.outputs };
    if (read.status === "failure")
        return ended({ ...result, status: "failure", error: read.error });
    if (read.status === "waiting")
        return ended(await checkOutputs(task, waitingResult(result, read.reasons, cannotPark)));
    if (read.status === "rejected") {
        const error = read.reasons.length ? `rejected: ${read.reasons.join("; ")}` : "rejected";
        return ended(await checkOutputs(task, { ...result, status: "rejected", error }));
    }
    return ended(await checkOutputs(task, task.kind === "layer" ? result : answerResult(result, read.outputs)));
}
/**
 * The call contract's envelope, or for a task with a `request` the API as it is, polled
 * when it is a long-running operation.
 */
async function callHttp(exchange) {
    const { task, prepared, deps } = exchange;
    const built = task.request
        ? buildRequest(task, task.request, prepared, exchange.contextOf())
        : {
            ok: true,
            request: buildEnvelope(task, prepared, exchange.params, inputOf(task, exchange.finished)),
        };
    const none = { calls: [], attempts: 0, polls: 0, usage: null, request: null, cancelled: false };
    if (!built.ok)
        return { ...none, ok: false, error: `${task.name}.${built.field.join(".")}: ${built.error}` };
    const { request } = built;
    const outcome = await deps
        .call({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: request.body,
        mode: task.request ? "response" : "envelope",
        timeoutMs: task.timeoutMs,
        retry: task.retry,
        deadlineAt: exchange.deadlineAt,
        signal: exchange.signal,
    })
        // A transport is the caller's code (the library takes any): a throw there is recorded
        // on the task, so that one broken call cannot lose the whole run's record.
        .catch((error) => ({
        ok: false,
        error: `the transport failed: ${String(error)}`,
        calls: [],
        cancelled: false,
    }));
    const sent = task.request ? { method: request.method, url: request.url, body: request.sentBody } : null;
    const made = { calls: outcome.calls, attempts: outcome.calls.length, polls: 0, usage: null, request: sent };
    if (!outcome.ok)
        return { ...made, ok: false, error: outcome.error, cancelled: outcome.cancelled };
    const first = { status: outcome.httpStatus, headers: outcome.headers ?? {}, body: outcome.outputs };
    const plain = !task.request && Object.values(task.answer).every((v) => v === null);
    if (!task.answer.poll || !is2xx(first) || nestsDeeperThan(first.body))
        return { ...made, ok: true, answer: first, plain };
    const { "Content-Type": _, ...pollHeaders } = request.headers;
    const polled = await pollUntilDone({
        task,
        poll: task.answer.poll,
        first: { ...first, url: outcome.finalUrl ?? request.url },
        headers: pollHeaders,
        contextOf: exchange.contextOf,
        call: deps.call,
        clock: deps.clock,
        signal: exchange.signal,
        deadlineAt: exchange.deadlineAt,
        taskSpan: exchange.taskSpan,
    });
    const calls = [...outcome.calls, ...polled.calls];
    const after = { ...made, calls, attempts: calls.length, polls: polled.polls };
    if (!polled.ok)
        return { ...after, ok: false, error: polled.error, cancelled: polled.cancelled };
    return { ...after, ok: true, answer: polled.answer, plain: false };
}
/** An agent, spoken to in its protocol: the envelope (or a tool's arguments) and its answer's outputs. */
async function askAgent(exchange, agent) {
    const { task, prepared } = exchange;
    const envelope = envelopeOf(task, prepared, exchange.params, inputOf(task, exchange.finished));
    const agentCall = { ...exchange, agent, envelope, context: exchange.contextOf() };
    const speak = exchange.deps.answerAgent
        ? recordedAgent(exchange.deps.answerAgent)
        : { a2a: callA2a, "openai-chat": callOpenAiChat, mcp: callMcp }[agent.protocol];
    const outcome = await speak(agentCall).catch((error) => agentFailure(`the agent call failed: ${String(error)}`));
    return { ...outcome, request: null, ...(outcome.ok ? { plain: false } : {}) };
}
/**
 * An agent answered from a record (test mode): it is told what the protocol would send (the
 * envelope and the prompt; an MCP tool its arguments), and answers the outputs the protocol
 * would extract.
 */
function recordedAgent(answer) {
    return async (call) => {
        const field = call.agent.protocol === "mcp" ? "arguments" : "prompt";
        const value = agentValue(call, field, call.agent[field]);
        if (!value.ok)
            return agentFailure(value.error);
        const given = field === "arguments" && call.agent.arguments === null ? call.params : value.value;
        const message = field === "arguments" ? { arguments: given } : { envelope: call.envelope, prompt: given };
        return answer({ task: call.task, message, signal: call.signal, deadlineAt: call.deadlineAt });
    };
}
/**
 * The outputs, after mapping, against the task's output schema: a miss fails the task
 * naming the first failing field. A result that did not succeed is left as it is.
 */
async function checkOutputs(task, result) {
    if (!task.outputSchema || result.status === "failure")
        return result;
    const miss = (await loadSchemaChecker()).check(task.outputSchema.schema, result.outputs);
    if (!miss)
        return result;
    return {
        ...result,
        status: "failure",
        error: `the outputs do not match the output schema: ${describeMiss(miss)}`,
    };
}
/** One need: its outputs; several: keyed by name; none: null. */
function inputOf(task, finished) {
    const outputsOf = (name) => visibleOutputs(finished.get(name).result);
    if (task.needs.length === 0)
        return null;
    if (task.needs.length === 1)
        return outputsOf(task.needs[0]);
    return Object.fromEntries(task.needs.map((name) => [name, outputsOf(name)]));
}
/** The values at the task's `secret-outputs` paths (`access_token`, `auth.token`), as text. */
function secretOutputs(task, outputs) {
    return task.secretOutputs.flatMap((path) => {
        let value = outputs;
        for (const key of path.split(".")) {
            value =
                value !== null && typeof value === "object" && Object.hasOwn(value, key)
                    ? value[key]
                    : undefined;
        }
        if (value === undefined || value === null)
            return [];
        return [typeof value === "string" ? value : JSON.stringify(value)];
    });
}

;// CONCATENATED MODULE: ./src/engine/replay.ts

/**
 * A task's result from a saved state, when it is not to be called again: one that succeeded
 * in an earlier attempt is replayed (a task whose outputs are secrets is always called
 * again: its secret never reaches a state); a gate that waited, once a person approved it,
 * succeeds with its answer, `approved: true` and who decided. Null: call it.
 */
function replayOf(task, prepared) {
    const previous = prepared.previous;
    const saved = previous?.tasks[task.name];
    if (!previous || !saved)
        return null;
    const base = {
        ...notRun(task, "success", null),
        attempts: saved.attempts,
        calls: saved.calls,
        outputs: saved.outputs,
        usage: saved.usage,
    };
    if (saved.status === "success" && task.secretOutputs.length === 0) {
        return { ...base, review: saved.review, replayed: { attempt: saved.fromAttempt } };
    }
    if (saved.status === "waiting" && saved.review && previous.approval) {
        const { approval } = previous;
        const answer = saved.outputs !== null && typeof saved.outputs === "object" ? saved.outputs : {};
        return {
            ...base,
            outputs: { ...answer, approved: true, review: approval },
            review: { reasons: saved.review.reasons, approval },
        };
    }
    return null;
}

;// CONCATENATED MODULE: ./src/engine/run.ts











/**
 * Runs a prepared workflow: tasks start when their needs have ended, at most `concurrency`
 * at once, with no fail-fast. A task's failure is recorded in its result, never thrown.
 */
async function runWorkflow(prepared, deps) {
    const { plan } = prepared;
    const { clock } = deps;
    const started = clock.now();
    const stop = new AbortController();
    // Every call in flight listens for the run's end: as many listeners as the concurrency is normal.
    (0,external_node_events_.setMaxListeners)(plan.concurrency + 10, stop.signal);
    let stopReason = null;
    const cancel = (reason) => {
        if (stopReason)
            return;
        stopReason = reason;
        stop.abort(new Error(reason));
    };
    const onSignal = () => cancel("cancelled");
    if (deps.signal?.aborted)
        onSignal();
    deps.signal?.addEventListener("abort", onSignal, { once: true });
    // Null while the run was cancelled rather than timed out: the skips after a stop say which.
    let timedOutAfter = null;
    const timedOut = () => {
        if (!stopReason)
            timedOutAfter = plan.timeoutMs;
        cancel(`the run timed out after ${formatDuration(plan.timeoutMs ?? 0)}`);
    };
    const cancelRunTimer = plan.timeoutMs === null ? undefined : clock.setTimer(plan.timeoutMs, timedOut);
    const runDeadline = plan.timeoutMs === null ? null : started + plan.timeoutMs;
    const traceId = traceIdOfRun(prepared);
    deps.onEvent?.({ type: "run:start", workflow: plan.id, runId: prepared.run.id, tasks: plan.tasks.length });
    const base = {
        params: toExpressionData(prepared.params),
        env: toExpressionData(prepared.env),
        run: toExpressionData(prepared.run),
        github: toExpressionData(prepared.github),
    };
    const finished = new Map();
    const tasksData = buildContext({});
    // Converting an answer for expressions copies it: only the tasks some expression reads
    // are converted, so that large outputs nobody reads cost no more memory.
    const readTasks = new Set(plan.tasks
        .flatMap((t) => [t.condition, ...taskExpressions(t)])
        .flatMap((e) => e.tasks.map((n) => n.toLowerCase())));
    const context = buildContext({ ...base, tasks: tasksData });
    const scope = { base, tasks: tasksData, context };
    const order = new Map(plan.tasks.map((t, i) => [t.name, i]));
    const unmet = new Map(plan.tasks.map((t) => [t.name, t.needs.length]));
    const dependants = new Map();
    for (const task of plan.tasks) {
        for (const need of task.needs) {
            const list = dependants.get(need);
            if (list)
                list.push(task);
            else
                dependants.set(need, [task]);
        }
    }
    // Ready tasks, kept in definition order so that a run is predictable.
    const ready = plan.tasks.filter((t) => t.needs.length === 0);
    const running = new Set();
    const finish = (task, result) => {
        const selfOk = result.status === "success" || (result.status === "failure" && task.continueOnError);
        const selfFailed = result.status === "failure" && !task.continueOnError;
        const needs = task.needs.map((n) => finished.get(n));
        finished.set(task.name, {
            result,
            chainOk: selfOk && needs.every((n) => n.chainOk),
            chainFailed: selfFailed || needs.some((n) => n.chainFailed),
            waitingFor: result.waitingFor,
        });
        if (readTasks.has(task.name.toLowerCase())) {
            const outputs = toExpressionData(visibleOutputs(result));
            tasksData.add(task.name, buildContext({ outputs, status: toExpressionData(result.status) }));
        }
        deps.onEvent?.({ type: "task:end", workflow: plan.id, result });
        for (const dependant of dependants.get(task.name) ?? []) {
            const left = (unmet.get(dependant.name) ?? 0) - 1;
            unmet.set(dependant.name, left);
            if (left === 0)
                insertInOrder(ready, dependant, order);
        }
    };
    while (ready.length > 0 || running.size > 0) {
        while (ready.length > 0) {
            const task = ready[0];
            if (stopReason) {
                ready.shift();
                finish(task, skipped(task, { kind: "stopped", timeoutMs: timedOutAfter }));
                continue;
            }
            const decision = replayOf(task, prepared) ?? decide(task, finished, context);
            if (decision) {
                ready.shift();
                finish(task, decision);
                continue;
            }
            if (running.size >= plan.concurrency)
                break;
            ready.shift();
            const promise = callTask({
                task,
                prepared,
                finished,
                scope,
                deps,
                signal: stop.signal,
                runDeadline,
                traceId,
            })
                // Whatever goes wrong inside one task (a body too deep to write, say) fails that task,
                // never the run's record.
                .catch((error) => notRun(task, "failure", `the task could not be carried out: ${String(error)}`))
                .then((result) => {
                running.delete(promise);
                // The transport's attempt timeout can reach the run's deadline just before the run's timer: one event.
                if (runDeadline !== null && clock.now() >= runDeadline)
                    timedOut();
                finish(task, stopReason && result.status === "failure" ? { ...result, status: "cancelled" } : result);
            });
            running.add(promise);
        }
        if (running.size > 0)
            await Promise.race(running);
    }
    cancelRunTimer?.();
    deps.signal?.removeEventListener("abort", onSignal);
    const tasks = plan.tasks.map((t) => finished.get(t.name).result);
    const status = stopReason ? "cancelled" : runStatusOf(tasks);
    const ended = clock.now();
    const result = {
        workflow: plan.id,
        name: plan.name,
        file: plan.file,
        runId: prepared.run.id,
        attempt: prepared.run.attempt,
        trigger: prepared.run.trigger,
        status,
        startedAt: new Date(started).toISOString(),
        finishedAt: new Date(ended).toISOString(),
        durationMs: ended - started,
        params: prepared.params,
        error: stopReason,
        tasks,
        usage: totalUsage(tasks),
        reviewEnvironment: status === "waiting" ? plan.reviewEnvironment : null,
        traceId,
    };
    deps.onEvent?.({ type: "run:end", result });
    return result;
}
function insertInOrder(queue, task, order) {
    const rank = order.get(task.name) ?? 0;
    let i = queue.length;
    while (i > 0 && (order.get(queue[i - 1].name) ?? 0) > rank)
        i--;
    queue.splice(i, 0, task);
}

;// CONCATENATED MODULE: ./src/report/text.ts
/** The first `maxChars` UTF-16 units of a text, never splitting a surrogate pair. */
function cutAt(text, maxChars) {
    if (text.length <= maxChars)
        return text;
    const last = text.charCodeAt(maxChars - 1);
    return text.slice(0, last >= 0xd800 && last <= 0xdbff ? maxChars - 1 : maxChars);
}
/** At most `maxChars` characters, with `…` at the end when text was left out. */
function shorten(text, maxChars) {
    return text.length <= maxChars ? text : `${cutAt(text, maxChars - 1)}…`;
}
/**
 * One line of plain text: line breaks, tabs and other control characters (an endpoint may
 * send terminal escapes) become single spaces, and so do the bidirectional controls that
 * would show text in another order than it is.
 */
function oneLine(text) {
    return text
        .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, " ")
        .replace(/[\s\p{Cc}\u2028\u2029]+/gu, " ")
        .trim();
}

;// CONCATENATED MODULE: ./src/report/redact.ts

/** What a secret is replaced by, as GitHub masks it in logs. */
const MASK = "***";
/**
 * The ways a secret can stand in text that left the process: as it is, with its whitespace
 * collapsed, JSON-escaped (also with `\/`), URL-encoded (also form-style, and with lower-case
 * hex), and base64 (also URL-safe) at each of the three alignments it can take inside a
 * longer encoded text.
 */
function secretForms(secret) {
    const json = JSON.stringify(secret).slice(1, -1);
    const url = encodeURIComponent(secret);
    const forms = [
        secret,
        secret.replace(/\s+/g, " ").trim(),
        json,
        json.replaceAll("/", "\\/"),
        url,
        url.replaceAll("%20", "+"),
        url.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
        ...[0, 1, 2].flatMap((offset) => base64Forms(secret, offset)),
    ];
    return [...new Set(forms)].filter((form) => form.length > 0);
}
/** The base64 characters that depend on the secret's bytes alone, when `offset` bytes precede it. */
function base64Forms(secret, offset) {
    const bytes = Buffer.concat([Buffer.alloc(offset), Buffer.from(secret, "utf8")]);
    const from = Math.ceil((offset * 8) / 6);
    const to = Math.floor((bytes.length * 8) / 6);
    // Too short a core would mask ordinary text by chance.
    if (to - from < 6)
        return [];
    const standard = bytes.toString("base64").slice(from, to);
    return [standard, standard.replaceAll("+", "-").replaceAll("/", "_")];
}
/**
 * A function that masks every secret in a text, in each of its forms; build it once, use it
 * on many texts. Longest first, so that a secret that contains a shorter one is masked whole.
 */
function redact_textRedactor(secrets) {
    const ordered = [...new Set(secrets.filter((s) => s.length > 0).flatMap(secretForms))].sort((a, b) => b.length - a.length);
    // One pass over a text, whatever the number of forms: the alternation tries the longest first.
    const pattern = new RegExp(ordered.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
    const redact = (text) => (ordered.length === 0 ? text : text.replace(pattern, MASK));
    return Object.assign(redact, { longest: ordered[0]?.length ?? 0 });
}
/**
 * The masked start of a text, at most `maxChars` long, for a preview: it reads only as much
 * as it needs, so a long text costs no more than a short one, and a secret cut by the end
 * is masked before the cut.
 */
function redactedStart(redact, text, maxChars) {
    const read = maxChars + redact.longest;
    return cutAt(redact(text.length > read ? text.slice(0, read) : text), maxChars);
}
/**
 * One line of text with secrets masked. The line is made first, so masking sees the text
 * as it will be shown: a secret spread over a run of spaces is joined before it is looked for.
 */
function redact_maskedLine(redact, text) {
    return redact(oneLine(text));
}
/** `text` with every occurrence of every secret replaced by `***`. */
function redactText(text, secrets) {
    return redact_textRedactor(secrets)(text);
}
/**
 * A JSON value with every secret masked in every string, object key included (parts that
 * hold none are shared, not copied).
 * A number or boolean whose text holds a secret becomes the masked text: it would show
 * the secret once printed.
 */
function redactDeep(value, secrets) {
    if (secrets.every((s) => s.length === 0))
        return value;
    const redact = redact_textRedactor(secrets);
    // What holds no secret is returned as it is, not copied: a run's results may be hundreds of MB.
    const walk = (v) => {
        if (typeof v === "string")
            return redact(v);
        if (typeof v === "number" || typeof v === "boolean") {
            const text = String(v);
            const masked = redact(text);
            return masked === text ? v : masked;
        }
        if (v === null || typeof v !== "object")
            return v;
        const entries = Object.entries(v);
        const masked = entries.map(([k, x]) => [redact(k), walk(x)]);
        if (masked.every(([k, x], i) => k === entries[i]?.[0] && x === entries[i]?.[1]))
            return v;
        // fromEntries defines own properties, so a `__proto__` key stays a plain key.
        return Array.isArray(v) ? masked.map(([, x]) => x) : Object.fromEntries(masked);
    };
    return walk(value);
}

;// CONCATENATED MODULE: ./src/transport/backoff.ts
/** The cap of the wait after attempt `attempt` (1-based): backoff × factor^(attempt-1), at most max-backoff. */
function backoffCap(policy, attempt) {
    return Math.min(policy.maxBackoffMs, policy.backoffMs * policy.factor ** (attempt - 1));
}
/**
 * The wait before the next attempt: full jitter, uniform in [0, cap], as AWS's "Exponential
 * Backoff and Jitter" recommends; a server's Retry-After, when given, is taken exactly.
 */
function retryDelay(policy, attempt, retryAfterMs, random) {
    if (retryAfterMs !== null)
        return retryAfterMs;
    // Whole milliseconds in [0, cap]: flooring the cap first keeps a fractional cap from being passed.
    return Math.floor(random() * (Math.floor(backoffCap(policy, attempt)) + 1));
}

;// CONCATENATED MODULE: ./src/transport/read-body.ts
/** A decoded body larger than this fails the task rather than filling memory. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Reads a response body up to `limit` decoded bytes; past that the stream is cancelled. */
async function readBody(response, limit = MAX_BODY_BYTES) {
    if (!response.body)
        return { ok: true, text: "" };
    // Without Content-Encoding, Content-Length is the decoded size: over the limit, skip the download.
    if (!response.headers.has("content-encoding") && Number(response.headers.get("content-length")) > limit) {
        await response.body.cancel().catch(() => { });
        return { ok: false, tooLarge: true };
    }
    const reader = response.body.getReader();
    const chunks = [];
    let size = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
        size += value.byteLength;
        if (size > limit) {
            await reader.cancel().catch(() => { });
            return { ok: false, tooLarge: true };
        }
        chunks.push(value);
    }
    return { ok: true, text: Buffer.concat(chunks).toString("utf8") };
}

;// CONCATENATED MODULE: ./src/transport/read-answer.ts



const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);
function fail(status, error, retryable, retryAfterMs = null) {
    return { kind: "failed", status, error, retryable, retryAfterMs };
}
/** Reads a final (non-redirect) answer: the envelope's JSON, or in response mode the body by its content type. */
async function read_answer_readAnswer(response, context) {
    const { status } = response;
    // fetch gives a HEAD answer no body, whatever its Content-Length says: it reads as empty.
    const body = await readBody(response);
    if (!body.ok) {
        return fail(status, `HTTP ${status} answer is over the ${MAX_BODY_BYTES / 1024 / 1024} MiB limit (decoded)`, false);
    }
    const { text } = body;
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), context.now);
    const retryable = RETRYABLE_STATUS.has(status);
    const success = status >= 200 && status < 300;
    // Masking and cutting a body costs as much as the body is long: done only for an answer that may need it.
    const described = () => `HTTP ${status}${excerpt(context.mask(text))}`;
    if (context.mode === "envelope" && !success)
        return fail(status, described(), retryable, retryAfterMs);
    const parsed = context.mode === "envelope"
        ? read_answer_parseJson(text)
        : parseByContentType(text, response.headers.get("content-type"));
    // A retryable status is retried whatever its body; broken JSON under any other fails at once.
    if (!parsed.ok) {
        const error = `HTTP ${status} with a body that is not JSON${excerpt(context.mask(text))}`;
        return fail(status, error, retryable, retryAfterMs);
    }
    return {
        kind: "answer",
        status,
        outputs: parsed.value,
        headers: headersOf(response.headers),
        url: response.url,
        retryable,
        retryAfterMs,
        // A 2xx is never retried, so it never needs the words.
        error: success ? "" : described(),
    };
}
/** JSON, with an empty (or blank) body as null. */
function read_answer_parseJson(text) {
    if (text.trim() === "")
        return { ok: true, value: null };
    try {
        return { ok: true, value: JSON.parse(text) };
    }
    catch {
        return { ok: false };
    }
}
/** JSON under a JSON content type, else the text itself; an empty body is null either way. */
function parseByContentType(text, contentType) {
    if (isJsonType(contentType))
        return read_answer_parseJson(text);
    return { ok: true, value: text === "" ? null : text };
}
/** `application/json` or any `+json` structured syntax suffix (RFC 6839), parameters aside. */
function isJsonType(contentType) {
    const essence = (contentType?.split(";")[0] ?? "").trim().toLowerCase();
    return essence === "application/json" || /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+\+json$/.test(essence);
}
/** A plain object of the answer's headers: fetch lower-cases the names, and get() joins repeats with ", ". */
function headersOf(headers) {
    // Object.fromEntries defines each name as an own property, so even "__proto__" stays a header.
    return Object.fromEntries([...new Set(headers.keys())].map((name) => [name, headers.get(name) ?? ""]));
}

;// CONCATENATED MODULE: ./src/transport/attempts.ts





/**
 * Makes attempts until one is handed back or none may follow: a retryable failure (or a
 * retryable status, or a 409 on a retry) waits its backoff or Retry-After and tries again,
 * within the attempts, the deadline and the Retry-After limit. Every attempt is recorded.
 */
async function runAttempts(request, options, tryOnce) {
    const { clock } = options;
    const random = options.random ?? Math.random;
    const calls = [];
    const startedAt = clock.now();
    const failed = (error, cancelled = false) => ({ ok: false, error, calls, cancelled });
    // Named by the whole span ("timed out after 2 min"), not the last attempt's share; the call starts a
    // few ms after the deadline's clock did, so the span is rounded to 10 ms to read as the user wrote it.
    const span = Math.round(((request.deadlineAt ?? 0) - startedAt) / 10) * 10;
    const outOfTime = () => failed(`timed out after ${formatDuration(span)}, its deadline${tries(calls.length)}`);
    for (let attempt = 1;; attempt++) {
        const left = request.deadlineAt === null ? Number.POSITIVE_INFINITY : request.deadlineAt - clock.now();
        if (left <= 0)
            return outOfTime();
        const timeoutMs = Math.min(request.timeoutMs, left);
        const began = clock.now();
        const spanId = request.traceId && !request.asSpan ? (options.spanId ?? newSpanId)() : null;
        const result = await withExtras(request, attempt, spanId ?? request.asSpan ?? null, (headers) => tryOnce({ attempt, timeoutMs, byDeadline: timeoutMs < request.timeoutMs, headers }));
        const retryable = result.kind !== "cancelled" && (result.retryable || (result.status === 409 && attempt > 1));
        const last = attempt >= request.retry.attempts;
        // An answer is handed back unless its status asks for another attempt and one remains.
        const handedBack = result.kind === "answer" && (!retryable || last);
        const httpStatus = result.kind === "cancelled" ? null : result.status;
        calls.push({
            attempt,
            httpStatus,
            durationMs: clock.now() - began,
            error: handedBack ? null : result.error,
            ...(spanId ? { spanId, startedAt: new Date(began).toISOString() } : {}),
        });
        if (result.kind === "answer" && handedBack) {
            const { status, outputs, headers, url } = result;
            return { ok: true, httpStatus: status, outputs, calls, headers, finalUrl: url };
        }
        if (result.kind === "cancelled")
            return failed(result.error, true);
        if (result.kind === "failed" && result.timedOut && timeoutMs < request.timeoutMs)
            return outOfTime();
        if (!retryable || last)
            return failed(`${result.error}${tries(attempt)}`);
        const wait = retryDelay(request.retry, attempt, result.retryAfterMs, random);
        if (result.retryAfterMs !== null && result.retryAfterMs > MAX_RETRY_AFTER_MS) {
            return failed(`${result.error}; Retry-After asks to wait ${formatDuration(wait)}, over the ${formatDuration(MAX_RETRY_AFTER_MS)} limit`);
        }
        if (request.deadlineAt !== null && clock.now() + wait > request.deadlineAt) {
            return failed(`${result.error}; the wait of ${formatDuration(wait)} before attempt ${attempt + 1} would pass the deadline`);
        }
        try {
            await clock.sleep(wait, request.signal);
        }
        catch {
            return failed("cancelled while waiting to retry", true);
        }
    }
}
/**
 * The attempt's own headers: its number, its span's traceparent, and the Authorization asked
 * for just before it (a token may have expired since the last); a refusal is the attempt's
 * failure, not retried.
 */
async function withExtras(request, attempt, spanId, tryOnce) {
    const authorization = request.authorize ? await request.authorize() : null;
    if (authorization && !authorization.ok)
        return fail(null, authorization.error, false);
    return tryOnce({
        "X-Mgmt-Attempt": String(attempt),
        ...(request.traceId && spanId ? { traceparent: traceparentOf(request.traceId, spanId) } : {}),
        ...(authorization ? { Authorization: authorization.value } : {}),
    });
}
function tries(attempts) {
    return attempts > 1 ? ` (after ${attempts} attempts)` : "";
}
/**
 * One controller for an attempt, aborted by its timeout or by the run's cancellation, its
 * timer and listener released when the attempt ends: AbortSignal.timeout keeps its timer
 * (and what the signal reaches) for the whole timeout, and AbortSignal.any ties each
 * attempt to the run's signal, so a long run held every finished attempt's request for 30 s.
 */
function attemptSignal(clock, timeoutMs, cancel) {
    const controller = new AbortController();
    let expired = false;
    const cancelTimer = clock.setTimer(timeoutMs, () => {
        expired = true;
        controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, "TimeoutError"));
    });
    const onCancel = () => controller.abort(cancel.reason);
    if (cancel.aborted)
        onCancel();
    else
        cancel.addEventListener("abort", onCancel, { once: true });
    return {
        signal: controller.signal,
        expired: () => expired,
        release: () => {
            cancelTimer();
            cancel.removeEventListener("abort", onCancel);
        },
    };
}
/** An attempt that ran out of its time, retryable as any timeout. */
function timedOutAttempt(timeoutMs, byDeadline) {
    return {
        kind: "failed",
        status: null,
        error: `timed out after ${formatDuration(timeoutMs)}${byDeadline ? " (deadline)" : ""}`,
        retryable: true,
        retryAfterMs: null,
        timedOut: true,
    };
}

;// CONCATENATED MODULE: ./src/transport/redirect.ts

const MAX_REDIRECTS = 5;
/** They keep the method and the body, so any request may follow them. */
const KEEPS_METHOD = new Set([307, 308]);
/** A client may turn these into a GET: only a GET or HEAD, which stays what it was, follows them. */
const MAY_BECOME_GET = new Set([301, 302, 303]);
/**
 * Where a 3xx leads, when it may be followed: to the same origin and no credentials, at most
 * MAX_REDIRECTS times; a 307 or 308 for any method, a 301, 302 or 303 for a GET or HEAD.
 */
function redirectTarget(response, url, method, hop) {
    const location = response.headers.get("location");
    const status = response.status;
    const next = location === null ? null : URL.parse(location, url);
    const sameOrigin = next !== null && next.origin === new URL(url).origin;
    const safe = method === "GET" || method === "HEAD";
    const followed = KEEPS_METHOD.has(status) || (safe && MAY_BECOME_GET.has(status));
    const why = next === null
        ? "without a usable Location"
        : !followed
            ? `is not followed (only ${safe ? "301, 302, 303, 307 and 308" : "307 and 308"} are)`
            : !sameOrigin
                ? "to another origin is not followed"
                : next.username || next.password
                    ? "to a URL with credentials is not followed"
                    : hop >= MAX_REDIRECTS
                        ? `is one too many (at most ${MAX_REDIRECTS} are followed)`
                        : null;
    if (why === null)
        return next.href;
    return fail(status, `HTTP ${status} redirect ${why}: Location ${location ?? "(none)"}`, false);
}

;// CONCATENATED MODULE: ./src/transport/http-call.ts



/**
 * A task's HTTP call over Node's fetch: attempts, timeouts, waits, same-origin redirects. The envelope
 * mode fails any non-2xx; the response mode hands back every final answer, retrying retryable statuses.
 */
function createHttpCall(options) {
    const { clock } = options;
    const mask = options.mask ?? ((text) => text);
    return async (request) => {
        const refused = unsendable(request);
        if (refused)
            return { ok: false, error: refused, calls: [], cancelled: false };
        return runAttempts(request, options, (at) => attemptOnce(request, at, clock, mask));
    };
}
/** What fetch would refuse before any byte goes out: no attempt could send it, so none is made. */
function unsendable(request) {
    if (!URL.canParse(request.url))
        return `the request cannot be sent: "${request.url}" is not a URL`;
    for (const [name, value] of Object.entries(request.headers)) {
        try {
            new Headers([[name, value]]);
        }
        catch (error) {
            return `the request cannot be sent: header ${name}: ${error instanceof Error ? error.message : String(error)}`;
        }
    }
    try {
        // Request refuses what fetch would: a forbidden or malformed method, a body on GET or HEAD.
        new Request(request.url, { method: request.method.toUpperCase(), body: request.body });
    }
    catch (error) {
        return `the request cannot be sent: ${error instanceof Error ? error.message : String(error)}`;
    }
    return null;
}
async function attemptOnce(request, at, clock, mask) {
    const { timeoutMs, byDeadline } = at;
    const guard = attemptSignal(clock, timeoutMs, request.signal);
    const { signal } = guard;
    const timedOut = () => timedOutAttempt(timeoutMs, byDeadline);
    let url = request.url;
    // fetch upper-cases only some methods (not PATCH); a redirect's rules read it too.
    const method = request.method.toUpperCase();
    try {
        // Set, not spread: an endpoint's `traceparent` or `authorization` in other case is replaced, not doubled.
        const headers = new Headers(request.headers);
        for (const [name, value] of Object.entries(at.headers))
            headers.set(name, value);
        for (let hop = 0;; hop++) {
            const response = await fetch(url, {
                method,
                headers,
                body: request.body,
                redirect: "manual",
                signal,
            });
            if (response.status >= 300 && response.status < 400) {
                await response.body?.cancel().catch(() => { });
                const next = redirectTarget(response, url, method, hop);
                if (typeof next !== "string")
                    return next;
                url = next;
                continue;
            }
            return await read_answer_readAnswer(response, { mode: request.mode, now: clock.now(), mask });
        }
    }
    catch (error) {
        if (request.signal.aborted)
            return { kind: "cancelled", error: "cancelled" };
        if (guard.expired())
            return timedOut();
        return fail(null, `network error: ${networkCause(error)}`, true);
    }
    finally {
        guard.release();
    }
}
/** undici hides the cause (reset, refused, truncated) one level down. */
function networkCause(error) {
    const cause = error.cause;
    if (cause?.code === "UND_ERR_SOCKET")
        return "the connection closed before the answer was complete";
    if (cause?.code === "ECONNRESET")
        return "the connection was reset";
    if (cause?.code)
        return `${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: ./src/transport/mcp-call.ts





/** How long closing a session may take after the call: it is a courtesy to the server. */
const CLOSE_SESSION_MS = 1000;
/** The MCP client, loaded with the first tool call: a run without one never pays for it. */
async function loadSdk() {
    const [client, http, types] = await Promise.all([
        Promise.all(/* import() */[__webpack_require__.e(457), __webpack_require__.e(330), __webpack_require__.e(815), __webpack_require__.e(63)]).then(__webpack_require__.bind(__webpack_require__, 30063)),
        Promise.all(/* import() */[__webpack_require__.e(330), __webpack_require__.e(502)]).then(__webpack_require__.bind(__webpack_require__, 31502)),
        __webpack_require__.e(/* import() */ 330).then(__webpack_require__.bind(__webpack_require__, 330)),
    ]);
    return { Client: client.Client, Transport: http.StreamableHTTPClientTransport, http, types };
}
/**
 * Calls MCP tools over Streamable HTTP with the official SDK's client, a fresh one per
 * attempt (so JSON-RPC ids restart and each attempt has a session of its own): initialize,
 * the call, then the session's end. Attempts, timeouts, waits and cancellation are the
 * same as any task's; a JSON-RPC error is not retried, a retryable HTTP status is.
 */
function createMcpCall(options) {
    let sdk;
    return async (request) => {
        sdk ??= loadSdk();
        const loaded = await sdk;
        return runAttempts(request, options, (at) => toolAttempt(loaded, request, at, options));
    };
}
async function toolAttempt(sdk, request, at, options) {
    const mask = options.mask ?? ((text) => text);
    const guard = attemptSignal(options.clock, at.timeoutMs, request.signal);
    const watch = watchAnswers();
    const http = attemptFetch(request, at.headers, guard.signal, watch);
    const transport = new sdk.Transport(new URL(request.url), {
        fetch: http.send,
        // A dropped stream is this attempt's failure: the retry policy decides what follows.
        reconnectionOptions: {
            maxReconnectionDelay: 0,
            initialReconnectionDelay: 0,
            reconnectionDelayGrowFactor: 1,
            maxRetries: 0,
        },
    });
    // Set before connect, which chains its own handler after this one.
    transport.onmessage = (message) => {
        if ("id" in message && ("result" in message || "error" in message))
            watch.answered.add(message.id);
    };
    const client = new sdk.Client({ name: "mgmt-action", version: "1" }, { capabilities: {} });
    // The attempt's own timer decides; the SDK's is only a backstop behind it.
    const limits = { signal: AbortSignal.any([guard.signal, watch.broken]), timeout: at.timeoutMs + 1000 };
    try {
        await client.connect(transport, limits);
        const result = await client.callTool({ name: request.name, arguments: request.arguments }, undefined, limits);
        return {
            kind: "answer",
            status: 200,
            outputs: result,
            headers: {},
            url: request.url,
            retryable: false,
            retryAfterMs: null,
            error: "",
        };
    }
    catch (error) {
        if (request.signal.aborted)
            return { kind: "cancelled", error: "cancelled" };
        if (guard.expired())
            return timedOutAttempt(at.timeoutMs, at.byDeadline);
        return watch.breakage() ?? failureOf(sdk, error, mask);
    }
    finally {
        guard.release();
        const closing = new AbortController();
        http.ending = closing.signal;
        const stop = options.clock.setTimer(CLOSE_SESSION_MS, () => closing.abort());
        await transport.terminateSession().catch(() => { });
        stop();
        await client.close().catch(() => { });
    }
}
/**
 * What an attempt learns of its answers: the JSON-RPC ids answered, and a stream that broke
 * without its answer (the SDK would wait for its timeout) or grew past the size limit.
 */
function watchAnswers() {
    const controller = new AbortController();
    let breakage = null;
    return {
        answered: new Set(),
        /** Aborted when a stream broke: the SDK's waits end at once. */
        broken: controller.signal,
        breakage: () => breakage,
        breakWith(attempt) {
            if (breakage)
                return;
            breakage = attempt;
            controller.abort();
        },
    };
}
/**
 * The attempt's fetch, for the SDK's transport. Every request carries the endpoint's and the
 * contract's headers and the attempt's own (its number, traceparent and Authorization: the
 * session is one span of the trace); only the tool call, the one that acts, carries the
 * Idempotency-Key.
 * Each answer's stream is watched. After the call, `ending` bounds the session's close.
 */
function attemptFetch(request, own, guard, watch) {
    const http = {
        ending: null,
        send: async (url, init) => {
            // The standalone stream a GET opens would only hold a connection for the attempt: the
            // answer comes on the call's own POST, and this client offers a server nothing to ask.
            // 405 is how a server says it has no such stream, and the SDK carries on.
            if (init?.method === "GET")
                return new Response(null, { status: 405 });
            const headers = new Headers(init?.headers);
            const sent = typeof init?.body === "string" ? rpcMessagesOf(init.body) : [];
            const toolCall = sent.some((message) => message.method === "tools/call");
            for (const [name, value] of Object.entries(request.headers)) {
                if (!toolCall && name.toLowerCase() === "idempotency-key")
                    continue;
                headers.set(name, value);
            }
            for (const [name, value] of Object.entries(own))
                headers.set(name, value);
            const signal = http.ending ?? (init?.signal ? AbortSignal.any([init.signal, guard]) : guard);
            const response = await fetch(url, { ...init, headers, signal });
            const ids = sent.flatMap((message) => (message.id === undefined ? [] : [message.id]));
            if (!ids.length || !response.ok || !response.body)
                return response;
            const body = watchBody(response.body, (end) => {
                if (end.tooLarge) {
                    const limit = `${MAX_BODY_BYTES / 1024 / 1024} MiB`;
                    return watch.breakWith(fail(response.status, `HTTP ${response.status} answer is over the ${limit} limit`, false));
                }
                // Once the SDK has read what came: an answer still missing will not come on this stream.
                setImmediate(() => {
                    if (ids.every((id) => watch.answered.has(id)))
                        return;
                    const why = end.error ? networkCause(end.error) : "the stream ended before the answer";
                    watch.breakWith(fail(null, `network error: ${why}`, true));
                });
            });
            const { status, statusText, headers: answerHeaders } = response;
            return new Response(body, { status, statusText, headers: answerHeaders });
        },
    };
    return http;
}
/** The JSON-RPC messages of a body (a batch is several); `id` only on requests. */
function rpcMessagesOf(body) {
    try {
        const parsed = JSON.parse(body);
        return (Array.isArray(parsed) ? parsed : [parsed]).flatMap((m) => {
            if (m === null || typeof m !== "object")
                return [];
            const { method, id } = m;
            return typeof method === "string" ? [{ method, ...(id === undefined ? {} : { id }) }] : [];
        });
    }
    catch {
        return [];
    }
}
/**
 * The body as it arrives, counted against the size limit (past it the stream errors);
 * `onEnd` hears once how it ended: done, broken, or too large.
 */
function watchBody(source, onEnd) {
    const reader = source.getReader();
    let size = 0;
    return new ReadableStream({
        async pull(controller) {
            let chunk;
            try {
                chunk = await reader.read();
            }
            catch (error) {
                controller.error(error);
                return onEnd({ error });
            }
            if (chunk.done) {
                controller.close();
                return onEnd({});
            }
            size += chunk.value.byteLength;
            if (size > MAX_BODY_BYTES) {
                onEnd({ tooLarge: true });
                controller.error(new Error(`the answer is over ${MAX_BODY_BYTES} bytes`));
                await reader.cancel().catch(() => { });
                return;
            }
            controller.enqueue(chunk.value);
        },
        cancel: (reason) => reader.cancel(reason),
    });
}
/** The SDK's errors as an attempt: an HTTP status as any answer's, a JSON-RPC error not retried. */
function failureOf(sdk, error, mask) {
    if (error instanceof sdk.types.McpError) {
        // The SDK prefixes "MCP error <code>: " to the server's message (and an SDK server to its own).
        const said = error.message.replace(new RegExp(`^(MCP error ${error.code}: )+`), "");
        return fail(200, `the MCP server answered JSON-RPC error ${error.code}${excerpt(mask(said))}`, false);
    }
    if (error instanceof sdk.http.StreamableHTTPError && error.code !== undefined && error.code >= 300) {
        const status = error.code;
        // What the server said, without the SDK's words around it.
        const said = error.message.replace(/^Streamable HTTP error: (Error POSTing to endpoint: )?/, "");
        return fail(status, `HTTP ${status}${excerpt(mask(said))}`, RETRYABLE_STATUS.has(status));
    }
    return fail(null, `network error: ${networkCause(error)}`, true);
}

;// CONCATENATED MODULE: ./src/pipeline/oidc-token.ts
/** A token is reused while it has more than this left. */
const REUSE_MARGIN_MS = 60_000;
const NO_OIDC_TOKEN = "no OIDC token: under GitHub Actions give the job `permissions: id-token: write`; elsewhere set MGMT_OIDC_TOKEN";
/**
 * Tokens per audience, fetched from `source` when none is cached or the cached one has
 * 60 s or less left (its `exp`, read unverified); a token without a readable `exp` is kept.
 * Concurrent tasks share one fetch.
 */
function oidcTokenProvider(source, now = Date.now) {
    const cached = new Map();
    const pending = new Map();
    return (audience) => {
        const held = cached.get(audience);
        if (held && (held.expiresAt === null || held.expiresAt - now() > REUSE_MARGIN_MS))
            return Promise.resolve({ ok: true, token: held.token });
        const inFlight = pending.get(audience);
        if (inFlight)
            return inFlight;
        const fetched = source(audience)
            .then((got) => {
            if (got.ok)
                cached.set(audience, { token: got.token, expiresAt: expiresAt(got.token) });
            return got;
        })
            .finally(() => pending.delete(audience));
        pending.set(audience, fetched);
        return fetched;
    };
}
/** A JWT's `exp` in ms, from its payload (base64url JSON), not verified; null when unreadable. */
function expiresAt(token) {
    const payload = token.split(".")[1];
    if (!payload)
        return null;
    try {
        const exp = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")).exp;
        return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : null;
    }
    catch {
        return null;
    }
}
/**
 * Under Actions (ACTIONS_ID_TOKEN_REQUEST_URL set), @actions/core's getIDToken; elsewhere
 * env MGMT_OIDC_TOKEN; else a failure saying what to do.
 */
function envOidcSource(env = process.env) {
    return async (audience) => {
        if (env.ACTIONS_ID_TOKEN_REQUEST_URL) {
            try {
                // Node's own fetch must claim the global dispatcher before core's undici 6 loads and
                // would take it (see action/workflow-commands.ts); making a Headers loads Node's.
                void new Headers();
                const { getIDToken } = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(477)]).then(__webpack_require__.bind(__webpack_require__, 94477));
                return { ok: true, token: await getIDToken(audience) };
            }
            catch (error) {
                return {
                    ok: false,
                    error: `no OIDC token: ${error instanceof Error ? error.message : String(error)}`,
                };
            }
        }
        const given = env.MGMT_OIDC_TOKEN;
        return given ? { ok: true, token: given } : { ok: false, error: NO_OIDC_TOKEN };
    };
}
/** The endpoints with `auth.oidc` that a run's tasks call, by name. */
function oidcEndpoints(run) {
    const { plan } = run;
    const names = new Set(plan.tasks.map((task) => task.target));
    return [...names].filter((name) => plan.endpoints[name]?.oidcAudience != null);
}

;// CONCATENATED MODULE: ./src/engine/state.ts


/** What a later attempt or a resume needs of one ended task. */
const SavedTask = schemas/* object */.Ikc({
    status: TaskStatus,
    outputs: schemas/* unknown */.L5J(),
    attempts: schemas/* number */.aig().int().nonnegative(),
    calls: schemas/* array */.YOg(CallRecord),
    error: schemas/* string */.YjP().nullable(),
    usage: TokenUsage.nullable(),
    review: TaskResult.shape.review,
    /** The run attempt whose call this result is (a replayed task keeps its first attempt's). */
    fromAttempt: schemas/* number */.aig().int().min(1),
});
/**
 * A run's saved state: enough to replay what ended and resume what waits, and never a
 * header or a secret (known secrets are redacted before it is saved).
 */
const RunState = schemas/* object */.Ikc({
    version: schemas/* literal */.euz(1),
    workflow: schemas/* string */.YjP(),
    /** sha256 of the definition's and the endpoints file's bytes: a state of another definition is not replayed. */
    digest: schemas/* string */.YjP(),
    runId: schemas/* string */.YjP(),
    date: schemas/* string */.YjP(),
    attempt: schemas/* number */.aig().int().min(1),
    params: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J()),
    status: schemas/* enum */.k5n(["running", "success", "failure", "rejected", "waiting", "cancelled"]),
    /** Ended tasks by name. */
    tasks: schemas/* record */.g1P(schemas/* string */.YjP(), SavedTask),
});
/** Statuses a later attempt or a resume reads; skipped and waiting dependants are decided again. */
const KEPT = new Set(["success", "failure", "rejected", "cancelled"]);
/**
 * The state of a run as it stands: its ended tasks (a replayed one keeps the attempt it
 * came from) and the gates that wait. Secrets are the caller's to redact before saving.
 */
function state_stateOf(run, digest, date) {
    const tasks = {};
    for (const task of run.tasks) {
        const gateWaits = task.status === "waiting" && task.review !== null;
        if (!KEPT.has(task.status) && !gateWaits)
            continue;
        tasks[task.name] = {
            status: task.status,
            outputs: task.outputs,
            attempts: task.attempts,
            calls: task.calls,
            error: task.error,
            usage: task.usage,
            review: task.review,
            fromAttempt: task.replayed?.attempt ?? run.attempt,
        };
    }
    return {
        version: 1,
        workflow: run.workflow,
        digest,
        runId: run.runId,
        date,
        attempt: run.attempt,
        params: run.params,
        status: run.status,
        tasks,
    };
}

;// CONCATENATED MODULE: ./src/pipeline/run-state.ts


/** The most a run saves while it runs: each save is a new cache entry, and a repository gets about 200 a minute. */
const SAVE_EVERY_MS = 30_000;
/**
 * Gives each prepared run what its saved state says: on resume, the parked run's id, date,
 * params and ended tasks, with the approval found for its gate; on a re-run, the previous
 * attempt's ended tasks. A resume that cannot be done is refused, calling nothing: no saved
 * state, another definition, or no approval. A re-run without a usable state runs all.
 */
async function restoreRuns(runs, settings, now) {
    const restored = [];
    const errors = [];
    for (const run of runs) {
        const { plan } = run;
        if (settings.resume) {
            const runId = settings.resume.runId ?? run.run.id;
            const loaded = await settings.store.load(plan.id, runId);
            if (loaded.kind !== "found") {
                const why = loaded.kind === "unreadable" ? ` (${loaded.why})` : "";
                errors.push(`${plan.id}: no saved state for run ${runId}${why}: caches unused for 7 days are evicted; dispatch the workflow again`);
                continue;
            }
            const { state } = loaded;
            if (state.digest !== plan.digest) {
                errors.push(`${plan.id}: the definition changed since the run parked: dispatch the workflow again`);
                continue;
            }
            if (state.status !== "waiting") {
                settings.notice(`${plan.id}: run ${runId} does not wait for a review (it ended ${state.status}): not resumed`);
                continue;
            }
            const resumed = {
                ...run,
                run: { ...run.run, id: state.runId, date: state.date },
                params: state.params,
            };
            const found = await settings.resume.approval(resumed);
            if (!found.ok) {
                errors.push(`${plan.id}: ${found.why}`);
                continue;
            }
            const approval = { ...found.approval, at: now.toISOString() };
            restored.push({ ...resumed, previous: { tasks: state.tasks, approval } });
            continue;
        }
        restored.push(settings.replay ? await replayed(run, settings) : run);
    }
    return errors.length ? { ok: false, errors } : { ok: true, runs: restored };
}
/** On a later attempt, what the previous one ended with, when it did not succeed. */
async function replayed(run, settings) {
    const { plan } = run;
    const attempt = run.run.attempt;
    if (attempt <= 1)
        return run;
    const loaded = await settings.store.load(plan.id, run.run.id);
    const everything = `every task of ${plan.id} is called`;
    if (loaded.kind !== "found") {
        const why = loaded.kind === "unreadable" ? loaded.why : "there is none";
        settings.notice(`no saved state of an earlier attempt (${why}): ${everything}`);
        return run;
    }
    const { state } = loaded;
    if (state.digest !== plan.digest) {
        settings.notice(`the definition changed since attempt ${state.attempt}: ${everything}`);
        return run;
    }
    if (state.status === "success") {
        settings.notice(`attempt ${state.attempt} succeeded, so this is a re-run of all jobs: ${everything}`);
        return run;
    }
    return { ...run, previous: { tasks: state.tasks, approval: null } };
}
/**
 * Saves a run's state as it goes: at most every 30 s while it runs (from its task events),
 * and once when it ends, parks or is cancelled. Saves are made one after another, secrets
 * redacted; a failed save is a warning, never a lost run.
 */
function stateSaver(run, settings, secrets, now) {
    const ended = [];
    let lastSave = now();
    let saving = Promise.resolve();
    const save = (state) => {
        saving = saving.then(async () => {
            const saved = await settings.store.save(redactDeep(state, secrets()));
            if (!saved.ok)
                settings.warning(`the state of ${run.plan.id} was not saved: ${saved.why}`);
        });
        return saving;
    };
    const snapshot = (result) => state_stateOf({ workflow: run.plan.id, runId: run.run.id, attempt: run.run.attempt, params: run.params, ...result }, run.plan.digest, run.run.date);
    return {
        onEvent(event) {
            if (event.type !== "task:end" || event.workflow !== run.plan.id)
                return;
            ended.push(event.result);
            if (now() - lastSave < SAVE_EVERY_MS)
                return;
            lastSave = now();
            void save(snapshot({ tasks: ended, status: "running" }));
        },
        end: (result) => save(snapshot(result)),
    };
}

// EXTERNAL MODULE: ./src/tracing/otlp-target.ts
var otlp_target = __webpack_require__(35345);
;// CONCATENATED MODULE: ./src/pipeline/trace-spans.ts

/**
 * A run's spans, parents first: the run, each task called in this attempt (replayed and
 * skipped ones were not), and each of its calls that sent a traceparent, under the id it
 * sent. Text is masked as in the summary: attributes leave the machine.
 */
function spansOf(run, redact) {
    const runSpan = {
        name: redact(run.workflow),
        spanId: newSpanId(),
        parentId: null,
        kind: "internal",
        start: Date.parse(run.startedAt),
        end: Date.parse(run.finishedAt),
        attributes: {
            "mgmt.workflow": redact(run.workflow),
            "mgmt.run.id": redact(run.runId),
            "mgmt.run.attempt": run.attempt,
            "mgmt.trigger": redact(run.trigger),
            "mgmt.status": run.status,
        },
        error: run.status === "failure" || run.status === "cancelled" ? redact(run.error ?? failedText(run)) : null,
    };
    const called = run.tasks.filter((task) => task.startedAt !== null && task.replayed === null);
    return [runSpan, ...called.flatMap((task) => taskSpans(task, runSpan.spanId, redact))];
}
function taskSpans(task, parentId, redact) {
    const start = Date.parse(task.startedAt);
    const failed = task.status === "failure" || task.status === "cancelled";
    const own = {
        name: redact(task.name),
        // The id its later polls and its agent card's read sent as their parent, when it has one.
        spanId: task.spanId ?? newSpanId(),
        parentId,
        kind: "internal",
        start,
        end: start + task.durationMs,
        attributes: {
            "mgmt.task": redact(task.name),
            "mgmt.task.kind": task.kind,
            "mgmt.endpoint": redact(task.target),
            "mgmt.action": redact(task.action),
            "mgmt.status": task.status,
            "mgmt.attempts": task.attempts,
            "mgmt.polls": task.polls,
            ...(task.usage
                ? { "gen_ai.usage.input_tokens": task.usage.input, "gen_ai.usage.output_tokens": task.usage.output }
                : {}),
            ...(task.request
                ? { "http.request.method": task.request.method, "url.full": redact(task.request.url) }
                : {}),
        },
        error: failed ? redact(task.error ?? task.status) : null,
    };
    const calls = task.calls.filter((call) => Boolean(call.spanId && call.startedAt));
    return [
        own,
        ...calls.map((call, index) => ({
            name: `${redact(task.name)} attempt ${call.attempt}`,
            spanId: call.spanId,
            parentId: own.spanId,
            kind: "client",
            start: Date.parse(call.startedAt),
            end: Date.parse(call.startedAt) + call.durationMs,
            attributes: {
                "mgmt.task": redact(task.name),
                "mgmt.attempt": call.attempt,
                "mgmt.call": index + 1,
                ...(call.httpStatus === null ? {} : { "http.response.status_code": call.httpStatus }),
            },
            error: call.error === null ? null : redact(call.error),
        })),
    ];
}
function failedText(run) {
    const failed = run.tasks.filter((task) => task.status === "failure" && !task.continueOnError);
    return `failed: ${failed.map((task) => task.name).join(", ")}`;
}

;// CONCATENATED MODULE: ./src/pipeline/trace-export.ts



/**
 * Exports the runs' spans when OpenTelemetry's standard variables ask for it; the SDK is loaded
 * only then, so a run without them pays nothing for it. Resolves to warnings in our words,
 * masked: a collector's answer may echo its API key.
 */
async function exportTraces(runs, secrets, env) {
    const target = (0,otlp_target/* otlpTarget */.Fh)(env);
    if (target === null || runs.length === 0)
        return [];
    if (!target.ok)
        return [target.warning];
    const { exportSpans } = await Promise.all(/* import() */[__webpack_require__.e(410), __webpack_require__.e(466)]).then(__webpack_require__.bind(__webpack_require__, 44466));
    const traces = new Map();
    for (const run of runs)
        traces.set(run.traceId, [...(traces.get(run.traceId) ?? []), run]);
    const warnings = new Set();
    const redact = redact_textRedactor([...secrets, ...(0,otlp_target/* otlpHeaderValues */.j3)(env)]);
    for (const [traceId, traced] of traces) {
        const specs = traced.flatMap((run) => spansOf(run, redact));
        for (const warning of await exportSpans(target, traceId, specs, env))
            warnings.add(redact(warning));
    }
    return [...warnings];
}

;// CONCATENATED MODULE: ./src/pipeline/run-selected.ts










/** Prepares every selected workflow before any runs, so that no call is made when one of them cannot start. */
function prepareSelections(selections, settings, startedAt) {
    const runs = [];
    const errors = [];
    const secrets = new Set();
    for (const { plan, eventParams } of selections) {
        const prepared = prepareRun(plan, { ...settings, startedAt, params: [eventParams, settings.params] });
        if (prepared.ok)
            runs.push(prepared.run);
        else
            errors.push(...prepared.errors.map((e) => `${plan.id} (${plan.file}): ${e}`));
        for (const secret of prepared.ok ? prepared.run.secrets : prepared.secrets)
            secrets.add(secret);
    }
    if (errors.length)
        return { ok: false, errors, secrets: [...secrets] };
    return { ok: true, runs, secrets: [...secrets] };
}
/**
 * Runs prepared workflows one after another; a cancelled run leaves the rest skipped too.
 * Secrets that arrive in a task's outputs join the known ones at once, so that every later
 * excerpt is masked; all of them come back with the results. Their spans are exported after
 * the last when OpenTelemetry's variables ask for it; what went wrong there comes back as warnings.
 */
async function runPrepared(runs, settings) {
    const clock = settings.clock ?? systemClock;
    const known = [...new Set(runs.flatMap((run) => run.secrets))];
    let redact = redact_textRedactor(known);
    const mask = (text) => redact(text);
    const onEvent = (event) => {
        if (event.type === "secrets") {
            known.push(...event.values);
            redact = redact_textRedactor(known);
        }
        settings.onEvent?.(event);
    };
    const transport = settings.call ?? createHttpCall({ clock, mask });
    const call = settings.wrapCall ? settings.wrapCall(transport) : transport;
    const callTool = settings.callTool ?? createMcpCall({ clock, mask });
    const usesOidc = runs.some((run) => oidcEndpoints(run).length > 0);
    const oidcToken = settings.oidcToken ?? (usesOidc ? oidcTokenProvider(envOidcSource(settings.env)) : undefined);
    const results = [];
    const { state } = settings;
    const cannotPark = state ? null : (settings.noStateHint ?? "this run saves no state to resume from");
    for (const run of runs) {
        const saver = state
            ? stateSaver(run, state, () => known, () => clock.now())
            : null;
        const listen = (event) => {
            onEvent(event);
            saver?.onEvent(event);
        };
        const deps = {
            call,
            callTool,
            clock,
            signal: settings.signal,
            onEvent: listen,
            mask,
            cannotPark,
            oidcToken,
            newSpanId: newSpanId,
        };
        const result = await runWorkflow(run, deps);
        await saver?.end(result);
        results.push(result);
    }
    const warnings = await exportTraces(results, known, settings.env);
    return { results, secrets: known, warnings };
}

;// CONCATENATED MODULE: ./src/pipeline/pipeline.ts






/**
 * The one pipeline every entry runs: load and check every definition, select what the event
 * starts, prepare all of them (nothing is called when one cannot start), then plan or run.
 * Expected failures come back as the stage reached, never thrown.
 */
async function runPipeline(request, beforeRun) {
    const loaded = await loadDefinitions(request.target, request.endpoints ?? undefined);
    const { problems } = loaded;
    if (errorsIn(problems).length)
        return { stage: "invalid", problems };
    const selected = selectWorkflows(loaded.plans, loaded.singleFile, request.event, request.workflowId);
    if (!selected.ok)
        return { stage: "unselected", problems, error: selected.error };
    // A dry-run calls nothing, so it needs no secrets: the plan job of a matrix runs without them.
    const prepared = prepareSelections(selected.selections, { ...request, withHeaders: !request.dryRun }, new Date());
    if (!prepared.ok)
        return { stage: "unprepared", problems, errors: prepared.errors, secrets: prepared.secrets };
    const { secrets } = prepared;
    let { runs } = prepared;
    // A resume refused (no state, another definition, no approval) calls nothing at all.
    if (request.state && !request.dryRun) {
        const restored = await restoreRuns(runs, request.state, new Date());
        if (!restored.ok)
            return { stage: "unprepared", problems, errors: restored.errors, secrets };
        runs = restored.runs;
    }
    const oidcRefused = request.dryRun || !request.oidcMissing ? [] : oidcRefusals(runs, request.oidcMissing);
    if (oidcRefused.length)
        return { stage: "unprepared", problems, errors: oidcRefused, secrets };
    beforeRun?.({ selections: selected.selections, runs, secrets });
    if (request.dryRun)
        return { stage: "planned", problems, runs, secrets };
    const ran = await runPrepared(runs, request);
    return { stage: "ran", problems, runs: ran.results, secrets: ran.secrets, warnings: ran.warnings };
}
/** Each OIDC endpoint a run would call, when tokens cannot be had: why, and what to do. */
function oidcRefusals(runs, missing) {
    const names = new Set(runs.flatMap(oidcEndpoints));
    return [...names].map((name) => `endpoint ${name} uses OIDC: ${missing}`);
}

;// CONCATENATED MODULE: ./src/pipeline/state-store.ts


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
function stateStore(bytes, secret) {
    const key = secret === null ? null : Buffer.from((0,external_node_crypto_.hkdfSync)("sha256", secret, "mgmt-action", "state v1", 32));
    return {
        async load(workflow, runId) {
            const found = await bytes.load(workflow, runId);
            if (found.kind !== "found")
                return found;
            const opened = state_store_open(found.bytes, key);
            if (!opened.ok)
                return { kind: "unreadable", why: opened.why };
            try {
                const parsed = RunState.safeParse(JSON.parse(opened.text));
                if (!parsed.success)
                    return { kind: "unreadable", why: "it is not a state this version reads" };
                return { kind: "found", state: parsed.data };
            }
            catch {
                return { kind: "unreadable", why: "it is not JSON" };
            }
        },
        save(state) {
            const text = Buffer.from(JSON.stringify(state));
            return bytes.save(state.workflow, state.runId, key ? seal(text, key) : text);
        },
    };
}
function seal(plain, key) {
    const iv = (0,external_node_crypto_.randomBytes)(IV_BYTES);
    const cipher = (0,external_node_crypto_.createCipheriv)("aes-256-gcm", key, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([SEALED, iv, cipher.getAuthTag(), body]);
}
function state_store_open(bytes, key) {
    const sealed = bytes.subarray(0, SEALED.length).equals(SEALED);
    if (!sealed)
        return key
            ? { ok: false, why: "it is not encrypted, and a state-key is set" }
            : { ok: true, text: bytes.toString("utf8") };
    if (!key)
        return { ok: false, why: "it is encrypted, and no key is given" };
    const iv = bytes.subarray(SEALED.length, SEALED.length + IV_BYTES);
    const tag = bytes.subarray(SEALED.length + IV_BYTES, SEALED.length + IV_BYTES + TAG_BYTES);
    const body = bytes.subarray(SEALED.length + IV_BYTES + TAG_BYTES);
    try {
        const decipher = (0,external_node_crypto_.createDecipheriv)("aes-256-gcm", key, iv);
        decipher.setAuthTag(tag);
        return { ok: true, text: Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8") };
    }
    catch {
        return { ok: false, why: "it does not decrypt with this state-key" };
    }
}

;// CONCATENATED MODULE: ./src/report/request-view.ts

/**
 * What a task called, in one line: `GET surveys/42/responses` for a request task (its path
 * below the endpoint's URL, without the query), `ResponseService/fetchNew` for the envelope.
 * Unmasked: callers mask it with the rest of the line.
 */
function targetText(task) {
    if (task.request === null)
        return `${task.target}/${task.action}`;
    return `${task.request.method} ${requestPath(task.request.url, task.action) || "/"}`;
}
/**
 * The path below the endpoint's URL. Every expression's value is percent-encoded, so only
 * the literal text of the path as written (`action`) holds slashes: the URL's path ends in
 * that many segments plus one.
 */
function requestPath(url, pathAsWritten) {
    const scanned = scanTemplate(pathAsWritten);
    const literal = scanned.ok
        ? scanned.segments.map((s) => (s.kind === "text" ? s.text : "")).join("")
        : pathAsWritten;
    const segments = literal.split("/").length;
    const beforeQuery = url.split(/[?#]/, 1)[0] ?? url;
    return beforeQuery.split("/").slice(-segments).join("/");
}
/** `1 poll`, `3 polls`; empty when the task polled nothing. */
function pollsText(task) {
    return task.polls === 0 ? "" : `${task.polls} poll${task.polls === 1 ? "" : "s"}`;
}
/**
 * The attempts of the task's request, without the polls' calls that `calls` also keeps (each
 * call of a poll counts its attempts from 1 again).
 */
function requestAttempts(task) {
    if (task.polls === 0)
        return task.attempts;
    const firstPoll = task.calls.findIndex((call, i) => i > 0 && call.attempt === 1);
    return firstPoll < 0 ? task.attempts : firstPoll;
}
/** The Attempts cell: `2`, or `1 · 3 polls` for a polled task. */
function attemptsText(task) {
    const polls = pollsText(task);
    return polls ? `${requestAttempts(task)} · ${polls}` : String(task.attempts);
}

;// CONCATENATED MODULE: ./src/report/task-why.ts

const VERB = {
    failure: "failed",
    rejected: "rejected",
    waiting: "is waiting for review",
    skipped: "was skipped",
    cancelled: "was cancelled",
};
/** A skip's cause in words: `skipped: GovernanceReview rejected`. */
function skipText(skip) {
    switch (skip.kind) {
        case "if":
            return `skipped: if \${{ ${skip.condition} }} was false`;
        case "need":
            return `skipped: ${skip.task} ${VERB[skip.status]}`;
        case "stopped":
            return skip.timeoutMs === null
                ? "skipped: cancelled"
                : `skipped: the run timed out after ${formatDuration(skip.timeoutMs)}`;
    }
}
/** Why a task did not succeed, in one line, or null when it did. */
function taskWhy(task) {
    if (task.status === "waiting")
        return waitingText(task);
    return task.error ?? (task.skip ? skipText(task.skip) : null);
}
/** `asks for a person's review: <reasons>` for the gate, `waiting for GovernanceReview` for a task after it. */
function waitingText(task) {
    if (task.review !== null && (task.waitingFor === null || task.waitingFor === task.name)) {
        const reasons = task.review.reasons.join("; ");
        return reasons ? `asks for a person's review: ${reasons}` : "asks for a person's review";
    }
    return task.waitingFor === null ? "waiting for review" : `waiting for ${task.waitingFor}`;
}
/** `approved by octocat at 2024-06-02 09:14 UTC: <comment>`; the comment is the reviewer's text, to escape. */
function approvalText(approval) {
    const comment = approval.comment.trim();
    return `approved by ${approval.by} at ${timeText(approval.at)}${comment ? `: ${comment}` : ""}`;
}
/** `from attempt 1` for a task replayed from a saved state, or null when it was called. */
function replayText(task) {
    return task.replayed === null ? null : `from attempt ${task.replayed.attempt}`;
}
/** An ISO time to the minute, in UTC as the runners keep it; as it is when it is not one. */
function timeText(iso) {
    const time = new Date(iso);
    if (Number.isNaN(time.getTime()))
        return iso;
    return `${time.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
/** The run with each skip's cause also in words in `error`, for readers of the results that want one line. */
function withReasons(run) {
    return { ...run, tasks: run.tasks.map((task) => ({ ...task, error: taskWhy(task) })) };
}
/** A warning for a task whose answer looks like a gate's but is not one, or null. */
function notAGateText(task) {
    if (task.approvedIgnored === null || task.kind === "layer")
        return null;
    const article = task.kind === "agent" ? "an" : "a";
    return `${task.name} answered approved: ${task.approvedIgnored} but is ${article} ${task.kind}, not a layer: it does not gate`;
}

;// CONCATENATED MODULE: ./src/report/junit.ts




/**
 * XML 1.0 text with secrets masked. The characters XML 1.0 cannot hold at all (most C0
 * controls, lone surrogates, U+FFFE/U+FFFF) are left out first, or parsers reject the
 * whole file, and masking comes after, so a secret they split is still found. An attribute
 * (a message, a name) is put on one line: reporters show it as a title, and parsers differ
 * on line breaks inside attributes.
 */
function xml(text, redact, attribute = false) {
    const refs = {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&apos;",
    };
    const valid = text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "");
    const masked = attribute ? redact_maskedLine(redact, valid) : redact(valid);
    return masked.replace(/[&<>"']/g, (c) => refs[c]);
}
const seconds = (ms) => (ms / 1000).toFixed(3);
/**
 * How each status reads in JUnit: failure and cancelled tasks fail; a rejection fails too
 * (the gate said no, and reporters only know pass, fail and skip), with its reasons as the
 * message; skipped tasks are skipped, and so are waiting ones (nothing failed: a person has
 * yet to decide). A failure under continue-on-error still fails here, since JUnit has no
 * "allowed to fail". A success replayed or approved on resume passes, saying so in its output.
 */
function outcome(task, redact) {
    if (task.status === "success") {
        const approval = task.review?.approval;
        const notes = [
            task.replayed ? `replayed ${replayText(task)}: not called` : null,
            approval ? approvalText(approval) : null,
        ].filter((note) => note !== null);
        return notes.length ? `<system-out>${xml(notes.join("\n"), redact)}</system-out>` : "";
    }
    if (task.status === "waiting")
        return `<skipped message="${xml(waitingMessage(task), redact, true)}"/>`;
    const message = xml(taskWhy(task) ?? task.status, redact, true);
    if (task.status === "skipped")
        return `<skipped message="${message}"/>`;
    return `<failure message="${message}" type="${task.status}">${xml(callLog(task), redact)}</failure>`;
}
/** `waiting for review: <the gate's reasons>` for the gate, `waiting for review of <gate>` for a task after it. */
function waitingMessage(task) {
    if (task.waitingFor !== null && task.waitingFor !== task.name)
        return `waiting for review of ${task.waitingFor}`;
    const reasons = task.review?.reasons.join("; ") ?? "";
    return reasons ? `waiting for review: ${reasons}` : "waiting for review";
}
/** The call and its attempts, one line each, for the failure's body. */
function callLog(task) {
    // The envelope is always a POST; a request task's target says its own method.
    const lines = [`${task.status}: ${task.request === null ? "POST " : ""}${targetText(task)}`];
    const why = taskWhy(task);
    if (why)
        lines.push(why);
    const polls = pollsText(task);
    if (polls)
        lines.push(`${polls} of the operation it started`);
    for (const call of task.calls) {
        const answer = call.httpStatus === null ? "no answer" : `HTTP ${call.httpStatus}`;
        lines.push(`attempt ${call.attempt}: ${answer} in ${formatDuration(call.durationMs)}${call.error ? ` — ${call.error}` : ""}`);
    }
    return lines.join("\n");
}
function testcase(run, task, redact) {
    const open = `<testcase classname="${xml(run.workflow, redact, true)}" name="${xml(task.name, redact, true)}" time="${seconds(task.durationMs)}"`;
    const body = outcome(task, redact);
    return body ? `    ${open}>\n      ${body}\n    </testcase>` : `    ${open}/>`;
}
function counts(tasks) {
    const skipped = tasks.filter((t) => t.status === "skipped" || t.status === "waiting").length;
    const failures = tasks.filter((t) => t.status !== "success").length - skipped;
    return `tests="${tasks.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
}
function testsuite(run, redact) {
    const attributes = `name="${xml(run.workflow, redact, true)}" ${counts(run.tasks)} time="${seconds(run.durationMs)}" timestamp="${xml(run.startedAt, redact, true)}"`;
    const cases = run.tasks.map((task) => testcase(run, task, redact));
    return [`  <testsuite ${attributes}>`, ...cases, "  </testsuite>"].join("\n");
}
/**
 * A JUnit XML report of the runs, the shape test reporters read (dorny/test-reporter,
 * mikepenz/action-junit-report): a testsuite per run, a testcase per task.
 */
function renderJunit(runs, secrets) {
    const redact = redact_textRedactor(secrets);
    const tasks = runs.flatMap((r) => r.tasks);
    const time = seconds(runs.reduce((sum, r) => sum + r.durationMs, 0));
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="mgmt" ${counts(tasks)} time="${time}">`,
        ...runs.map((run) => testsuite(run, redact)),
        "</testsuites>",
        "",
    ].join("\n");
}

;// CONCATENATED MODULE: ./src/pipeline/results-file.ts


/** Writes go out in chunks of about this many characters: few system calls, little memory. */
const CHUNK_CHARS = 1 << 20;
/**
 * Writes the results document one task per line. A single JSON.stringify of a large run
 * (10,000 tasks of 50 KB) would pass V8's string limit, so each task is serialized alone.
 * The document comes already redacted (buildResults masks secrets as data). A failed write
 * (a full disk) rejects; it never surfaces as an unhandled stream error.
 */
async function writeResultsFile(file, document) {
    await (0,promises_.mkdir)(external_node_path_default().dirname(file), { recursive: true });
    const handle = await (0,promises_.open)(file, "w");
    try {
        let pending = [];
        let size = 0;
        const flush = async () => {
            await handle.writeFile(pending.join(""));
            pending = [];
            size = 0;
        };
        const write = async (text) => {
            pending.push(text);
            size += text.length;
            if (size >= CHUNK_CHARS)
                await flush();
        };
        const { runs, ...head } = document;
        await write(`${JSON.stringify(head).slice(0, -1)},"runs":[`);
        for (const [i, run] of runs.entries()) {
            const { tasks, ...fields } = run;
            await write(`${i ? "," : ""}\n${JSON.stringify(fields).slice(0, -1)},"tasks":[`);
            for (const [j, task] of tasks.entries())
                await write(`${j ? "," : ""}\n${JSON.stringify(task)}`);
            await write("\n]}");
        }
        await write("\n]}\n");
        await flush();
    }
    finally {
        await handle.close();
    }
}

;// CONCATENATED MODULE: ./src/pipeline/report-files.ts





/**
 * Writes each requested file on its own: one that cannot be written (a folder in its place,
 * a full disk, no permission) is a UserError naming its input and path, and the others are
 * still written.
 */
async function writeReportFiles(files, document, runs, secrets) {
    const writes = [
        files.results && { ...files.results, write: (file) => writeResultsFile(file, document) },
        files.junit && {
            ...files.junit,
            write: async (file) => {
                await (0,promises_.mkdir)(external_node_path_default().dirname(file), { recursive: true });
                await (0,promises_.writeFile)(file, renderJunit(runs, secrets));
            },
        },
    ];
    const failures = [];
    for (const target of writes) {
        if (!target)
            continue;
        try {
            await target.write(target.path);
        }
        catch (error) {
            failures.push(new UserError(`${target.input}: cannot write ${target.path}: ${causeOf(error)}`));
        }
    }
    return failures;
}
/** `EISDIR: illegal operation on a directory` reads as "is a folder" to a person. */
function causeOf(error) {
    const code = error.code;
    const plain = {
        EISDIR: "it is a folder",
        ENOTDIR: "a part of the path is a file, not a folder",
        EACCES: "permission denied",
        EPERM: "permission denied",
        ENOSPC: "no space left on the device",
        EROFS: "the file system is read-only",
    };
    return (code && plain[code]) ?? error.message;
}

;// CONCATENATED MODULE: ./src/report/markdown.ts

/**
 * Text for a markdown paragraph or table cell, shown as written: on one line (a line break
 * would end the table row) and with every character that could start markup, raw HTML, an
 * entity, math or a cell boundary backslash-escaped (CommonMark allows it for any ASCII
 * punctuation; GFM tables honour `\|`). GFM also makes links of bare `https://…`, `www.…`
 * and e-mail addresses: their `:`, `.` and `@` are escaped too, so endpoint text never
 * becomes a link.
 */
function escapeMarkdown(text) {
    return oneLine(text)
        .replace(/[\\`*_[\]<>&|~$#!()@]/g, "\\$&")
        .replace(/:(?=\/\/)/g, "\\:")
        .replace(/\b(www)\./gi, "$1\\.");
}
/** Text inside raw HTML (a `<summary>`), where markdown is not read: entities, one line. */
function escapeHtml(text) {
    const entities = {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#39;",
    };
    return oneLine(text).replace(/[&<>"']/g, (c) => entities[c]);
}
/** The longest run of backticks in a text, so a fence or code span can be made longer. */
function longestBacktickRun(text) {
    let longest = 0;
    for (const run of text.match(/`+/g) ?? [])
        longest = Math.max(longest, run.length);
    return longest;
}
/** A fenced code block that no content can close early: its fence is longer than any run of backticks inside. */
function codeBlock(text, language = "") {
    const fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
    return `${fence}${language}\n${text}\n${fence}`;
}
/** Inline code for an identifier-like text, safe whatever it holds. */
function codeSpan(text) {
    const line = oneLine(text);
    const ticks = "`".repeat(longestBacktickRun(line) + 1);
    const pad = line.startsWith("`") || line.endsWith("`") ? " " : "";
    return `${ticks}${pad}${line}${pad}${ticks}`;
}
/** A link target that cannot end the link early: spaces, brackets and parentheses percent-encoded. */
function linkTarget(url) {
    return url.replace(/[\s<>()[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

;// CONCATENATED MODULE: ./src/report/status.ts
/** The status a report shows for a task. */
function status_shownStatus(task) {
    return task.replayed !== null && task.status === "success" ? "replayed" : task.status;
}
/** One emoji per status, for the summary (a terminal gets colours instead). */
const STATUS_EMOJI = {
    success: "✅",
    failure: "❌",
    rejected: "🛑",
    waiting: "⏸️",
    skipped: "⏭️",
    cancelled: "🚫",
    replayed: "♻️",
};
/** How the status line says a run ended. */
const RUN_OUTCOME = {
    success: "Succeeded",
    failure: "Failed",
    rejected: "Rejected by governance",
    waiting: "Waiting for review",
    cancelled: "Cancelled",
};
const TASK_VERB = {
    success: "succeeded",
    failure: "failed",
    rejected: "rejected",
    waiting: "waiting",
    skipped: "skipped",
    cancelled: "cancelled",
};
/** `5 tasks: 1 waiting, 1 skipped, 3 succeeded (2 replayed)`, worst first. */
function taskCounts(run) {
    const order = ["failure", "cancelled", "waiting", "rejected", "skipped", "success"];
    const counts = order
        .map((status) => run.tasks.filter((t) => t.status === status))
        .filter((tasks) => tasks.length > 0)
        .map((tasks) => {
        const replayed = tasks.filter((t) => t.replayed !== null).length;
        const text = `${tasks.length} ${TASK_VERB[tasks[0].status]}`;
        return replayed > 0 ? `${text} (${replayed} replayed)` : text;
    });
    const total = `${run.tasks.length} task${run.tasks.length === 1 ? "" : "s"}`;
    return counts.length ? `${total}: ${counts.join(", ")}` : total;
}
/** Lower is more worth showing when not everything fits: what went wrong or waits for a person comes first. */
const INTEREST = {
    failure: 0,
    cancelled: 1,
    waiting: 2,
    rejected: 3,
    skipped: 4,
    success: 5,
};

;// CONCATENATED MODULE: ./src/report/not-started.ts




/** Enough to fix the first problems; the annotations list every one. */
const MAX_DETAILS = 50;
const DETAIL_CHARS = 500;
/**
 * The job summary of a step that stopped before its first call (a definition, selection or
 * start-up error): what went wrong, so the record of the step is never empty.
 */
function renderNotStarted(reason, details, secrets) {
    const redact = redact_textRedactor(secrets);
    const line = (text) => escapeMarkdown(shorten(redact_maskedLine(redact, text), DETAIL_CHARS));
    const shown = details.slice(0, MAX_DETAILS).map((detail) => `- ${line(detail)}`);
    const more = details.length > MAX_DETAILS ? [`- … and ${details.length - MAX_DETAILS} more`] : [];
    return [
        `## ${STATUS_EMOJI.failure} Not started: nothing was called`,
        line(reason),
        [...shown, ...more].join("\n"),
    ]
        .filter((part) => part !== "")
        .join("\n\n")
        .concat("\n");
}

;// CONCATENATED MODULE: ./src/report/plan-view.ts




const COLUMNS = ["Task", "Kind", "Target", "URL", "Needs", "If", "Timeout", "Retry"];
/** A param's value is cut here: the view is for checking a plan, not for reading data. */
const VALUE_CHARS = 200;
/** Past this many rows a job summary would near GitHub's 1 MiB limit; the waves still name every task. */
const MARKDOWN_ROWS = 1000;
/**
 * The dry-run view of a workflow: what would be called, with which settings, in which
 * order. `params` are the run's as far as they are known before any call. Markdown for the
 * job summary, aligned plain text for a terminal. Callers mask secrets in the result.
 */
function renderPlan(plan, params, options) {
    const rows = plan.tasks.map(plan_view_taskCells);
    const waves = planWaves(plan.tasks);
    return options.markdown ? markdownView(plan, params, rows, waves) : textView(plan, params, rows, waves);
}
function plan_view_taskCells(task) {
    const name = task.continueOnError ? `${task.name} (continue-on-error)` : task.name;
    const deadline = task.deadlineMs === null ? "" : `, deadline ${formatDuration(task.deadlineMs)}`;
    return [
        name,
        task.kind,
        task.target,
        urlText(task),
        task.needs.join(", ") || "—",
        conditionText(task),
        `${formatDuration(task.timeoutMs)}${deadline}`,
        retryText(task.retry),
    ];
}
/** Where the task goes: the envelope's URL, or a request's method and URL, its path as written. */
function urlText(task) {
    if (!task.request)
        return task.url;
    const path = task.request.path.map((part) => (typeof part === "string" ? part : `\${{ ${part.source} }}`));
    return `${task.request.method} ${task.url}/${path.join("")}`;
}
/** The default `success()` says nothing a reader needs; any other condition is shown as written. */
function conditionText(task) {
    const source = task.condition.source.trim();
    return source.replace(/\s/g, "").toLowerCase() === "success()" ? "—" : oneLine(source);
}
function retryText(retry) {
    if (retry.attempts <= 1)
        return "no";
    const backoff = `backoff ${formatDuration(retry.backoffMs)} ×${retry.factor}, max ${formatDuration(retry.maxBackoffMs)}`;
    return `${retry.attempts} attempts (${backoff})`;
}
function facts(plan) {
    const count = `${plan.tasks.length} task${plan.tasks.length === 1 ? "" : "s"}`;
    const timeout = plan.timeoutMs === null ? "none" : formatDuration(plan.timeoutMs);
    return [count, `concurrency ${plan.concurrency}`, `run timeout ${timeout}`, `on: ${triggerText(plan)}`];
}
function triggerText(plan) {
    const { schedule, dispatch, repository_dispatch: repository } = plan.triggers;
    const parts = (schedule ?? []).map((s) => `schedule ${s.cron}`);
    if (dispatch !== undefined)
        parts.push("workflow_dispatch");
    if (repository !== undefined) {
        const types = repository?.types?.length ? ` (${repository.types.join(", ")})` : "";
        parts.push(`repository_dispatch${types}`);
    }
    return parts.join(", ") || "none declared";
}
function valueText(value) {
    return shorten(oneLine(JSON.stringify(value) ?? "null"), VALUE_CHARS);
}
function markdownView(plan, params, rows, waves) {
    const title = plan.name === plan.id ? codeSpan(plan.id) : `${escapeMarkdown(plan.name)} (${codeSpan(plan.id)})`;
    const lines = [`## Plan: ${title}`, ""];
    if (plan.description)
        lines.push(escapeMarkdown(plan.description), "");
    lines.push(`Dry run: nothing is called. ${codeSpan(plan.file)} · ${facts(plan).map(escapeMarkdown).join(" · ")}`, "");
    const entries = Object.entries(params);
    if (entries.length > 0) {
        lines.push("| Param | Value |", "|---|---|");
        for (const [key, value] of entries)
            lines.push(`| ${cellCode(key)} | ${cellCode(valueText(value))} |`);
        lines.push("");
    }
    lines.push(`| ${COLUMNS.join(" | ")} |`, `|${COLUMNS.map(() => "---").join("|")}|`);
    for (const cells of rows.slice(0, MARKDOWN_ROWS))
        lines.push(`| ${cells.map(escapeMarkdown).join(" | ")} |`);
    if (rows.length > MARKDOWN_ROWS)
        lines.push("", `> ${rows.length - MARKDOWN_ROWS} more tasks are left out of this table.`);
    lines.push("", `**Order**, in waves: a wave needs only earlier ones; at most ${plan.concurrency} tasks run at once.`, "");
    for (const [i, wave] of waves.entries())
        lines.push(`${i + 1}. ${wave.map(escapeMarkdown).join(", ")}`);
    return lines.join("\n");
}
function textView(plan, params, rows, waves) {
    const title = plan.name === plan.id ? plan.id : `${plan.name} (${plan.id})`;
    const lines = [`Plan: ${oneLine(title)} — ${plan.file}`];
    if (plan.description)
        lines.push(`  ${oneLine(plan.description)}`);
    lines.push(`Dry run: nothing is called. ${facts(plan).join(" · ")}`);
    const entries = Object.entries(params);
    if (entries.length > 0) {
        lines.push("", "Params:");
        for (const [key, value] of entries)
            lines.push(`  ${oneLine(key)} = ${valueText(value)}`);
    }
    lines.push("", ...aligned([COLUMNS, ...rows.map((cells) => cells.map(oneLine))]));
    lines.push("", `Order, in waves (at most ${plan.concurrency} tasks at once):`);
    for (const [i, wave] of waves.entries())
        lines.push(`  ${i + 1}. ${wave.join(", ")}`);
    return lines.join("\n");
}
/** Inline code in a table cell: GFM splits cells at `|` even inside code, unless escaped. */
function cellCode(text) {
    return codeSpan(text).replace(/\|/g, "\\|");
}
/** Rows with each column padded to its widest cell. */
function aligned(rows) {
    const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((cells) => (cells[i] ?? "").length)));
    return rows.map((cells) => cells
        .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join("  ")
        .trimEnd());
}

;// CONCATENATED MODULE: ./src/report/results.ts



/** GitHub refuses a step output over 1 MB. */
const OUTPUT_LIMIT_BYTES = 1_000_000;
/** The results file's content: every run, the worst of their statuses, secrets masked. */
function buildResults(runs, secrets = []) {
    const status = worstStatus(runs.map((r) => r.status));
    return redactDeep({ version: 1, status, runs: runs.map(withReasons) }, secrets);
}
const WHY = "over GitHub's 1 MB output limit; see results-file";
/**
 * Ever smaller versions of the document: whole, then without task outputs (the spec's
 * rule), then without tasks, then without runs.
 */
const SHRINKS = [
    (doc) => doc,
    (doc) => ({
        ...doc,
        omitted: `task outputs left out (null): ${WHY}`,
        runs: doc.runs.map((run) => ({ ...run, tasks: run.tasks.map((task) => ({ ...task, outputs: null })) })),
    }),
    (doc) => ({
        ...doc,
        omitted: `tasks left out: ${WHY}`,
        runs: doc.runs.map((run) => ({ ...run, tasks: [] })),
    }),
    (doc) => ({ ...doc, omitted: `runs left out: ${WHY}`, runs: [] }),
];
/**
 * JSON of the document when it fits in `limitBytes`, else null. Tasks are measured one by
 * one first: a run of 500 MB must never become one string (V8 cannot hold it).
 */
function jsonWithin(doc, limitBytes) {
    let size = 0;
    for (const task of doc.runs.flatMap((run) => run.tasks)) {
        size += Buffer.byteLength(JSON.stringify(task), "utf8");
        if (size > limitBytes)
            return null;
    }
    const text = JSON.stringify(doc);
    return Buffer.byteLength(text, "utf8") <= limitBytes ? text : null;
}
/** JSON for the `results` step output, within `limitBytes` (UTF-8): the least it must leave out. */
function resultsOutput(doc, limitBytes = OUTPUT_LIMIT_BYTES) {
    for (const shrink of SHRINKS) {
        const text = jsonWithin(shrink(doc), limitBytes);
        if (text !== null)
            return text;
    }
    // Even the document without runs is over: a limit that small is a caller's bug.
    throw new Error(`the results document does not fit in ${limitBytes} bytes even without its runs`);
}
/** Names of the tasks that failed, comma-separated; `workflowId/task` when several runs. */
function failedTasks(runs) {
    return runs
        .flatMap((run) => run.tasks
        .filter((t) => t.status === "failure")
        .map((t) => (runs.length > 1 ? `${run.workflow}/${t.name}` : t.name)))
        .join(",");
}

;// CONCATENATED MODULE: ./src/report/mermaid.ts




/** Above this many tasks the diagram is left out: it becomes unreadable, and slow to draw. */
const MAX_DIAGRAM_TASKS = 200;
/** Mermaid refuses to draw more edges than this (its `maxEdges` default). */
const MAX_DIAGRAM_EDGES = 500;
/** A label is cut here: Mermaid refuses a diagram over 50,000 characters (`maxTextSize`). */
const LABEL_CHARS = 60;
/** Fill, stroke and text colour per status; pale fills so the labels stay readable in both themes. */
const STYLE = {
    success: "fill:#dafbe1,stroke:#1a7f37,color:#0d3a1b",
    failure: "fill:#ffebe9,stroke:#cf222e,color:#5c0b10",
    rejected: "fill:#fff1e5,stroke:#bc4c00,color:#4d2000",
    // Blue, GitHub's colour for what is pending, apart from the warm colours of what went wrong.
    waiting: "fill:#ddf4ff,stroke:#0969da,color:#0a3069",
    skipped: "fill:#f6f8fa,stroke:#8c959f,color:#424a53",
    cancelled: "fill:#eaeef2,stroke:#57606a,color:#24292f,stroke-dasharray:4 3",
};
/** Why the diagram is left out, or null when it can be drawn. */
function diagramOmission(tasks) {
    if (tasks.length > MAX_DIAGRAM_TASKS) {
        return `The diagram is left out: ${tasks.length} tasks is more than ${MAX_DIAGRAM_TASKS}.`;
    }
    const edges = tasks.reduce((sum, t) => sum + t.needs.length, 0);
    if (edges > MAX_DIAGRAM_EDGES) {
        return `The diagram is left out: ${edges} needs is more than the ${MAX_DIAGRAM_EDGES} edges Mermaid draws.`;
    }
    return null;
}
/**
 * Mermaid's `#name;` entity codes for every character that could end a quoted label, open
 * a markdown label (backtick), read as HTML, or start an entity itself; `text` is one line.
 */
function escapeLabel(text) {
    const codes = {
        '"': "#quot;",
        "#": "#35;",
        "&": "#amp;",
        "<": "#lt;",
        ">": "#gt;",
        "`": "#96;",
    };
    return text.replace(/["#&<>`]/g, (c) => codes[c]);
}
/**
 * A ```mermaid flowchart: one node per task (ids `t0`, `t1`, … so no name can be read as
 * syntax), one edge per need, each node in its status's class. Emoji in the labels say the
 * status to those who cannot tell the colours apart (and mark a replayed success ♻️).
 */
function renderDiagram(tasks, redact) {
    const ids = new Map(tasks.map((t, i) => [t.name, `t${i}`]));
    const lines = ["flowchart LR"];
    for (const [i, task] of tasks.entries()) {
        // A no-break space keeps the emoji on the name's line.
        lines.push(`  t${i}["${escapeLabel(`${STATUS_EMOJI[status_shownStatus(task)]}\u00a0${shorten(redact_maskedLine(redact, task.name), LABEL_CHARS)}`)}"]`);
    }
    for (const [i, task] of tasks.entries()) {
        for (const need of task.needs) {
            const from = ids.get(need);
            if (from)
                lines.push(`  ${from} --> t${i}`);
        }
    }
    for (const status of Object.keys(STYLE)) {
        const members = tasks.flatMap((t, i) => (t.status === status ? [`t${i}`] : []));
        if (members.length === 0)
            continue;
        lines.push(`  classDef ${status} ${STYLE[status]}`, `  class ${members.join(",")} ${status}`);
    }
    return codeBlock(lines.join("\n"), "mermaid");
}

;// CONCATENATED MODULE: ./src/report/preview.ts


/** Appended where a preview was cut. */
const SHORTENED = "… (shortened)";
/**
 * The start of a JSON value, pretty-printed with secrets masked, at most about `maxChars`
 * long. It stops walking once it has enough, so a 10 MB answer costs what a short one does
 * (JSON.stringify would read it all, a thousand times for a thousand tasks).
 */
function previewJson(value, maxChars, redact) {
    const parts = [];
    let size = 0;
    const emit = (text) => {
        parts.push(text);
        size += text.length;
    };
    // A string cut here passes maxChars once quoted, so the whole preview is marked as cut.
    const quote = (text) => JSON.stringify(redactedStart(redact, text, maxChars));
    const walk = (v, depth) => {
        if (v === null || typeof v !== "object") {
            emit(typeof v === "string" ? quote(v) : v === undefined ? "null" : redact(String(v)));
            return;
        }
        const items = Array.isArray(v) ? v : null;
        const keys = items ? null : Object.keys(v);
        const count = items ? items.length : keys.length;
        const [open, close] = items ? ["[", "]"] : ["{", "}"];
        if (count === 0) {
            emit(open + close);
            return;
        }
        const pad = `\n${"  ".repeat(depth + 1)}`;
        emit(open);
        for (let i = 0; i < count && size < maxChars; i++) {
            emit(i === 0 ? pad : `,${pad}`);
            if (items)
                walk(items[i], depth + 1);
            else {
                const key = keys[i];
                emit(`${quote(key)}: `);
                walk(v[key], depth + 1);
            }
        }
        emit(`\n${"  ".repeat(depth)}${close}`);
    };
    walk(value, 0);
    const text = parts.join("");
    const shortened = text.length > maxChars;
    return { text: shortened ? `${cutAt(text, maxChars)}${SHORTENED}` : text, shortened };
}

;// CONCATENATED MODULE: ./src/report/task-details.ts







/** Params and a request's body are shown this far: they are what the run sent, not what it got. */
const PARAMS_CHARS = 1000;
/** A URL longer than this says no more to a reader. */
const URL_CHARS = 500;
/**
 * A collapsed section with the task's params, for a request task what it sent and what came
 * back, and its outputs; `shortened` when an answer (the response's body or the outputs) was cut.
 */
function taskDetails(task, redact, outputChars) {
    const status = status_shownStatus(task);
    const title = escapeHtml(`${STATUS_EMOJI[status]} ${redact_maskedLine(redact, task.name)} — ${status}`);
    const params = task.params === null
        ? notCalledText(task)
        : codeBlock(previewJson(task.params, PARAMS_CHARS, redact).text, "json");
    const sections = [`**Params**\n\n${params}`];
    let shortened = false;
    if (task.request !== null) {
        const { method, url, body } = task.request;
        const line = codeSpan(shorten(redact_maskedLine(redact, `${method} ${url}`), URL_CHARS));
        const sent = body === null ? "" : `\n\n${bodyBlock(body, PARAMS_CHARS, redact).text}`;
        sections.push(`**Request**\n\n${line}${sent}`);
        const answer = responseSection(task, redact, outputChars);
        shortened ||= answer.shortened;
        sections.push(answer.text);
    }
    // The default outputs are the response's body itself: shown once.
    if (task.response !== null && task.outputs === task.response.body && task.outputs !== null) {
        sections.push("**Outputs**: the response's body.");
    }
    else {
        const outputs = previewJson(task.outputs, outputChars, redact);
        shortened ||= outputs.shortened;
        sections.push(`**Outputs**\n\n${codeBlock(outputs.text, "json")}`);
    }
    // The blank lines let GitHub read the markdown inside the HTML block.
    return {
        text: `<details><summary>${title}</summary>\n\n${sections.join("\n\n")}\n\n</details>`,
        shortened,
    };
}
/** Why a task has no params: its result came from a saved state, or it was never called. */
function notCalledText(task) {
    if (task.replayed !== null)
        return `Not called: replayed ${replayText(task)}.`;
    if (task.review?.approval)
        return "Not called again: a person approved its review.";
    return "Not called.";
}
/** What came back: the last answer read (after polling), or that none was. */
function responseSection(task, redact, outputChars) {
    if (task.response === null)
        return { text: "**Response**: none was read.", shortened: false };
    const polls = pollsText(task);
    const head = `**Response**: HTTP ${task.response.status}${polls ? `, after ${polls}` : ""}`;
    if (task.response.body === null)
        return { text: `${head}, no body.`, shortened: false };
    const body = bodyBlock(task.response.body, outputChars, redact);
    return { text: `${head}\n\n${body.text}`, shortened: body.shortened };
}
/** A body as a code block: text as it is, anything else as JSON; masked, then cut. */
function bodyBlock(body, maxChars, redact) {
    if (typeof body !== "string") {
        const preview = previewJson(body, maxChars, redact);
        return { text: codeBlock(preview.text, "json"), shortened: preview.shortened };
    }
    // Masked before the cut, as redactedStart does, so that no start of a secret survives it.
    const read = maxChars + redact.longest;
    const masked = redact(body.length > read ? body.slice(0, read) : body);
    const shortened = body.length > read || masked.length > maxChars;
    return { text: codeBlock(shortened ? `${cutAt(masked, maxChars)}${SHORTENED}` : masked), shortened };
}

;// CONCATENATED MODULE: ./src/report/tokens-text.ts
// Fixed to en-US so that a report reads the same on every runner, whatever its locale.
const COUNT = new Intl.NumberFormat("en-US");
/** `1,200 in · 80 out`: the prompt's tokens, then the answer's. */
function tokensText(usage) {
    return `${COUNT.format(usage.input)} in · ${COUNT.format(usage.output)} out`;
}
/** Whether any task reported tokens: a run without agents' counts shows nothing about them. */
function anyTokens(tasks) {
    return tasks.some((t) => t.usage !== null);
}

;// CONCATENATED MODULE: ./src/report/task-row.ts







/** The table's columns, in the summary and in the terminal alike. */
const task_row_COLUMNS = [
    "Task",
    "Kind",
    "Target",
    "Status",
    "Attempts",
    "Duration",
    "HTTP",
    "Tokens",
    "Detail",
];
// Before Tokens, so at the same place whether Tokens shows or not.
const task_row_STATUS_COLUMN = task_row_COLUMNS.indexOf("Status");
/** The columns a run's table shows: Tokens only when some task reported any. */
function task_row_columnsOf(tasks) {
    return anyTokens(tasks) ? [...task_row_COLUMNS] : task_row_COLUMNS.filter((c) => c !== "Tokens");
}
/**
 * A task's table row as plain one-line text, one cell per column of `columns`, secrets masked,
 * each cell at most `maxChars` long; each format escapes it its own way.
 */
function task_row_taskCells(task, redact, maxChars, columns) {
    const called = task.startedAt !== null;
    const lastCall = task.calls.at(-1);
    const cells = {
        Task: task.name,
        Kind: task.kind,
        Target: targetText(task),
        Status: status_shownStatus(task),
        Attempts: attemptsText(task),
        Duration: called ? formatDuration(task.durationMs) : "—",
        HTTP: lastCall?.httpStatus != null ? String(lastCall.httpStatus) : "—",
        Tokens: task.usage === null ? "—" : tokensText(task.usage),
        Detail: detailOf(task),
    };
    return columns.map((column) => shorten(redact_maskedLine(redact, cells[column]), maxChars));
}
/** Where a replayed result comes from, then why a task did not succeed, or what it took to succeed. */
function detailOf(task) {
    return [replayText(task), outcomeOf(task)].filter(Boolean).join("; ");
}
function outcomeOf(task) {
    const why = taskWhy(task);
    if (why !== null)
        return task.status === "failure" && task.continueOnError ? `${why} (continue-on-error)` : why;
    // A replayed task's retries are the history of another attempt: not worth the reader's time.
    const failed = task.replayed === null ? task.calls.filter((c) => c.error !== null) : [];
    const last = failed.at(-1);
    const retried = last ? `succeeded on attempt ${task.attempts}; attempt ${last.attempt}: ${last.error}` : "";
    return [approvalOf(task), retried].filter(Boolean).join("; ");
}
/**
 * An approving gate's reviewer, when a person approved it on resume, else its reasons: why
 * the run went on is as worth reading as why it stops.
 */
function approvalOf(task) {
    if (task.kind !== "layer" || task.status !== "success")
        return "";
    if (task.review?.approval)
        return approvalText(task.review.approval);
    const reasons = task.outputs?.reasons;
    const texts = Array.isArray(reasons) ? reasons.filter((r) => typeof r === "string") : [];
    return texts.length ? `approved: ${texts.join("; ")}` : "approved";
}

;// CONCATENATED MODULE: ./src/report/summary.ts











/** GitHub drops a job summary over 1 MiB; the margin leaves room for what the step appends. */
const SUMMARY_MAX_BYTES = 1024 * 1024 - 16 * 1024;
const OUTPUTS_CHARS = 4000;
/** Below this an output preview says too little to be worth its section. */
const MIN_PREVIEW_CHARS = 200;
const CELL_CHARS = 300;
/** A details section's bytes besides its previews, for sharing the budget out. */
const DETAILS_OVERHEAD = 200;
/** Room kept for the note that says what was left out. */
const NOTE_RESERVE = 600;
const bytes = (text) => Buffer.byteLength(text, "utf8");
/** The job summary in GitHub-flavoured markdown: one section per run, within `maxBytes`. */
function renderSummary(runs, options) {
    const redact = redact_textRedactor(options.secrets);
    const maxBytes = options.maxBytes ?? SUMMARY_MAX_BYTES;
    const parts = [];
    if (runs.length > 1) {
        const status = worstStatus(runs.map((r) => r.status));
        parts.push(`# ${STATUS_EMOJI[status]} ${RUN_OUTCOME[status]}: ${runs.length} workflows`);
    }
    let used = bytes(parts.join("\n\n"));
    for (const [i, run] of runs.entries()) {
        // Each run gets an equal share of what is left, so what one run leaves unused goes to the next.
        const section = renderRun(run, redact, options, Math.floor((maxBytes - used) / (runs.length - i)) - 2);
        parts.push(section);
        used += bytes(section) + 2;
    }
    return `${parts.join("\n\n")}\n`;
}
function renderRun(run, redact, options, budget) {
    const head = runHead(run, redact, options);
    const omitted = diagramOmission(run.tasks);
    const diagram = omitted ? `> ${omitted}` : renderDiagram(run.tasks, redact);
    const columns = task_row_columnsOf(run.tasks);
    const header = `| ${columns.join(" | ")} |\n|${columns.map(() => "---").join("|")}|`;
    let left = budget - bytes(head) - bytes(diagram) - bytes(header) - NOTE_RESERVE;
    const rows = run.tasks.map((task) => () => tableRow(task, redact, columns));
    const keptRows = pickWithin(run.tasks, rows, left);
    left -= keptRows.bytes;
    const shown = run.tasks.filter((t) => t.params !== null || t.outputs !== null);
    const fair = Math.floor(left / Math.max(1, shown.length)) - DETAILS_OVERHEAD;
    const outputChars = Math.max(MIN_PREVIEW_CHARS, Math.min(OUTPUTS_CHARS, fair));
    const shortened = new Set();
    const details = shown.map((task, i) => () => {
        const detail = taskDetails(task, redact, outputChars);
        if (detail.shortened)
            shortened.add(i);
        return detail.text;
    });
    const keptDetails = keptRows.dropped > 0
        ? { texts: [], bytes: 0, dropped: shown.length, kept: [] }
        : pickWithin(shown, details, left);
    const cut = outputChars < OUTPUTS_CHARS && keptDetails.kept.some((i) => shortened.has(i));
    const note = leftOutNote(cut ? outputChars : null, keptDetails.dropped, keptRows.dropped);
    const table = [header, ...keptRows.texts].join("\n");
    const gates = run.tasks.flatMap((task) => notAGateText(task) ?? []);
    const gateNote = gates.length
        ? `> [!WARNING]\n${gates.map((text) => `> ${escapeMarkdown(redact_maskedLine(redact, text))}`).join("\n>\n")}`
        : "";
    return [head, gateNote, note, table, diagram, ...keptDetails.texts].filter((p) => p !== "").join("\n\n");
}
/** The heading, the status line, where the run came from, and its params. */
function runHead(run, redact, options) {
    const extra = options.triggerText;
    const trigger = extra ? `${run.trigger} — ${extra}` : run.trigger;
    const where = [
        `workflow ${codeSpan(redact_maskedLine(redact, run.workflow))}`,
        `trigger: ${escapeMarkdown(redact_maskedLine(redact, trigger))}`,
        `run ${escapeMarkdown(redact_maskedLine(redact, run.runId))}${run.attempt > 1 ? ` (attempt ${run.attempt})` : ""}`,
    ];
    if (options.runUrl)
        where.push(`[View the run](${linkTarget(options.runUrl)})`);
    // Hex digits alone, from our own hash: a collector's search box takes it as it is.
    where.push(`trace ${codeSpan(run.traceId)}`);
    const lines = [
        `## ${STATUS_EMOJI[run.status]} ${RUN_OUTCOME[run.status]}: ${escapeMarkdown(redact_maskedLine(redact, run.name || run.workflow))}`,
        `**${taskCounts(run)}** in ${formatDuration(run.durationMs)}${run.usage ? ` · ${tokensText(run.usage)} tokens` : ""}`,
        where.join(" · "),
    ];
    if (run.error)
        lines.push(`> Stopped early: ${escapeMarkdown(redact_maskedLine(redact, run.error))}`);
    if (run.status === "waiting")
        lines.push(waitingBlock(run, redact));
    lines.push(`**Params**\n\n${codeBlock(previewJson(run.params, PARAMS_CHARS, redact).text, "json")}`);
    return lines.join("\n\n");
}
/**
 * Who must act on a waiting run, and how: approve the review environment's deployment, which
 * starts the job that resumes the run; each waiting gate with its reasons and what waits for it.
 */
function waitingBlock(run, redact) {
    const text = (t) => escapeMarkdown(redact_maskedLine(redact, t));
    const deployment = run.reviewEnvironment
        ? `the ${codeSpan(redact_maskedLine(redact, run.reviewEnvironment))} deployment`
        : "the pending deployment";
    const gates = run.tasks.filter((t) => t.status === "waiting" && (t.waitingFor === null || t.waitingFor === t.name));
    const items = gates.map((gate) => {
        const after = run.tasks.filter((t) => t.status === "waiting" && t.waitingFor === gate.name && t !== gate);
        const waits = after.length ? ` — waiting for it: ${after.map((t) => text(t.name)).join(", ")}` : "";
        return `> - **${text(gate.name)}** ${text(waitingText(gate))}${waits}`;
    });
    return [
        "> [!IMPORTANT]",
        `> ${STATUS_EMOJI.waiting} **Waiting for review**: a required reviewer must approve ${deployment} of this run (**Review deployments** on the run's page); the run then resumes from the gate.`,
        ...(items.length ? [">", ...items] : []),
        ">",
        "> Required reviewers need a public repository, or GitHub Enterprise for a private one.",
    ].join("\n");
}
function tableRow(task, redact, columns) {
    const cells = task_row_taskCells(task, redact, CELL_CHARS, columns).map(escapeMarkdown);
    // A no-break space keeps the emoji with its word when the Detail column squeezes this one.
    cells[task_row_STATUS_COLUMN] = `${STATUS_EMOJI[status_shownStatus(task)]}\u00a0${cells[task_row_STATUS_COLUMN]}`;
    return `| ${cells.join(" | ")} |`;
}
/**
 * Renders items, what went wrong first, until the next one would pass `budget`; returns
 * them in their original order. Items are rendered only when picked, so what does not fit
 * costs nothing.
 */
function pickWithin(tasks, render, budget) {
    const order = tasks
        .map((_, i) => i)
        .sort((a, b) => INTEREST[tasks[a].status] - INTEREST[tasks[b].status] || a - b);
    const kept = new Map();
    let used = 0;
    for (const i of order) {
        const text = render[i]();
        const size = bytes(text) + 2;
        if (used + size > budget)
            break;
        kept.set(i, text);
        used += size;
    }
    const indexes = [...kept.keys()].sort((a, b) => a - b);
    return {
        texts: indexes.map((i) => kept.get(i)),
        bytes: used,
        dropped: tasks.length - kept.size,
        kept: indexes,
    };
}
/** Says what the byte limit left out, or nothing when it left nothing out. */
function leftOutNote(outputChars, droppedDetails, droppedRows) {
    const cuts = [];
    if (outputChars !== null)
        cuts.push(`each task's outputs are cut to ${outputChars} characters`);
    if (droppedDetails > 0)
        cuts.push(`the params and outputs of ${droppedDetails} tasks are left out`);
    if (droppedRows > 0)
        cuts.push(`${droppedRows} table rows are left out, tasks that succeeded first`);
    if (cuts.length === 0)
        return "";
    return `> [!WARNING]\n> To stay under GitHub's 1 MiB job summary limit, ${cuts.join("; ")}. The results file has everything.`;
}

;// CONCATENATED MODULE: ./src/report/terminal.ts








/** The Detail column is cut here so a row stays on a line or two of a terminal. */
const terminal_DETAIL_CHARS = 160;
const ANSI = { green: 32, red: 31, yellow: 33, cyan: 36, gray: 90, magenta: 35, bold: 1 };
const STATUS_COLOR = {
    success: "green",
    failure: "red",
    rejected: "yellow",
    waiting: "cyan",
    skipped: "gray",
    cancelled: "magenta",
    replayed: "green",
};
const STATUS_MARK = {
    success: "✓",
    failure: "✗",
    rejected: "⊘",
    waiting: "⏸",
    skipped: "↷",
    cancelled: "■",
    replayed: "♻",
};
function paint(text, style, color) {
    const close = style === "bold" ? 22 : 39;
    return color && text ? `\x1b[${ANSI[style]}m${text}\x1b[${close}m` : text;
}
/**
 * Whether to colour: `FORCE_COLOR` (anything but `0`/`false`) says yes, and wins over
 * `NO_COLOR` as in Node itself; then a non-empty `NO_COLOR` or `TERM=dumb` says no; else
 * only a terminal gets colour.
 */
function useColor(env, isTTY) {
    const force = env.FORCE_COLOR;
    if (force !== undefined)
        return force !== "0" && force.toLowerCase() !== "false";
    if (env.NO_COLOR)
        return false;
    return isTTY && env.TERM !== "dumb";
}
function statusLine(run, redact, color) {
    const tokens = run.usage ? ` · ${tokensText(run.usage)} tokens` : "";
    const stopped = run.error ? ` · stopped: ${redact_maskedLine(redact, run.error)}` : "";
    const outcome = paint(`${STATUS_MARK[run.status]} ${RUN_OUTCOME[run.status]}`, STATUS_COLOR[run.status], color);
    const workflow = paint(redact_maskedLine(redact, run.workflow), "bold", color);
    return `${workflow}: ${outcome} · ${taskCounts(run)} · ${formatDuration(run.durationMs)}${tokens}${stopped}`;
}
/** The run's status line and a table of its tasks, columns aligned (colour codes take no width). */
function renderTable(run, options) {
    const redact = textRedactor(options.secrets);
    const columns = columnsOf(run.tasks);
    const rows = run.tasks.map((task) => taskCells(task, redact, terminal_DETAIL_CHARS, columns));
    const widths = columns.map((title, i) => Math.max(title.length, ...rows.map((cells) => cells[i].length)));
    const line = (cells, style) => cells
        .map((cell, i) => style(i === cells.length - 1 ? cell : cell.padEnd(widths[i]), i))
        .join("  ")
        .trimEnd();
    const header = line(columns, (text) => paint(text, "bold", options.color));
    const body = rows.map((cells, r) => line(cells, (text, i) => i === STATUS_COLUMN
        ? paint(text, STATUS_COLOR[shownStatus(run.tasks[r])], options.color)
        : text));
    const resume = run.status === "waiting" ? ["", resumeLine(run, options)] : [];
    return [statusLine(run, redact, options.color), "", header, ...body, ...resume].join("\n");
}
/** How a person approves a waiting run from the CLI: the same command, resuming this run in their name. */
function resumeLine(run, options) {
    const redact = textRedactor(options.secrets);
    const dir = options.stateDir ? quoted(options.stateDir) : "DIR";
    const command = `mgmt run … --state ${dir} --resume --run-id ${quoted(run.runId)} --approved-by NAME`;
    return maskedLine(redact, `${STATUS_MARK.waiting} To approve it and resume: ${command} (… as in this command)`);
}
/** A shell word as it is, or single-quoted when it holds anything a shell reads. */
function quoted(word) {
    return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
/** Tasks finished and in all, per workflow, between its run:start and run:end. */
const tallies = new Map();
function taskEndLine(result, redact, color) {
    const tries = requestAttempts(result);
    // A success not called in this attempt (replayed, or a gate approved on resume) took no time.
    const tookNoTime = result.status === "success" && result.startedAt === null;
    const facts = [
        `${tries} attempt${tries === 1 ? "" : "s"}`,
        pollsText(result),
        tookNoTime ? "" : formatDuration(result.durationMs),
        result.usage ? `${tokensText(result.usage)} tokens` : "",
    ];
    const approval = result.review?.approval;
    const notes = [replayText(result), taskWhy(result), approval ? approvalText(approval) : null];
    for (const note of notes)
        if (note)
            facts.push(shorten(redact_maskedLine(redact, note), terminal_DETAIL_CHARS));
    const shown = status_shownStatus(result);
    const status = paint(`${STATUS_MARK[shown]} ${shown}`, STATUS_COLOR[shown], color);
    return `${redact_maskedLine(redact, result.name)} ${status} · ${facts.filter(Boolean).join(" · ")}`;
}
/**
 * One line of live progress per event: `[done/total]` before each task's start and end.
 * It counts per workflow from the run's `run:start`, so events of one run must come in
 * order (the engine emits them so); runs of different workflows may interleave.
 */
function renderProgress(event, options) {
    const redact = redact_textRedactor(options.secrets);
    const workflow = event.type === "run:end" ? event.result.workflow : event.workflow;
    if (event.type === "secrets") {
        const count = event.values.length;
        return `${redact_maskedLine(redact, event.task)}: ${count} secret output${count === 1 ? "" : "s"}, masked from now on`;
    }
    let tally = tallies.get(workflow);
    if (event.type === "run:start" || !tally) {
        tally = { done: 0, total: event.type === "run:start" ? event.tasks : 0 };
        tallies.set(workflow, tally);
    }
    if (event.type === "task:end")
        tally.done += 1;
    const count = `[${tally.done}/${tally.total}]`;
    switch (event.type) {
        case "run:start":
            return `${paint("▶", "bold", options.color)} ${redact_maskedLine(redact, workflow)}: ${event.tasks} tasks, run ${redact_maskedLine(redact, event.runId)}`;
        case "task:start":
            return `${count} ${redact_maskedLine(redact, event.task)} started`;
        case "task:end":
            return `${count} ${taskEndLine(event.result, redact, options.color)}`;
        case "run:end":
            tallies.delete(workflow);
            return statusLine(event.result, redact, options.color);
    }
}

;// CONCATENATED MODULE: ./src/report/trigger-text.ts

/**
 * What started a run, in words that follow the event's name in the summary ("schedule —
 * …"): `"0 6 * * *" (every day at 06:00 UTC)`, `type "census-update" from octocat`, `by
 * octocat`. Undefined when there is nothing to add.
 */
function describeTrigger(event) {
    const by = senderOf(event.payload);
    if (event.name === "schedule") {
        const cron = normalizeCron(String(event.payload.schedule ?? ""));
        const meaning = describeCron(cron);
        return `"${cron}"${meaning ? ` (${meaning})` : ""}`;
    }
    if (event.name === "repository_dispatch") {
        return `type "${String(event.payload.action ?? "")}"${by ? ` from ${by}` : ""}`;
    }
    return by ? `by ${by}` : undefined;
}
function senderOf(payload) {
    const sender = payload.sender;
    return typeof sender?.login === "string" && sender.login ? sender.login : undefined;
}

;// CONCATENATED MODULE: ./src/action/constants.ts
/** Every input and output of action.yml, named once. */
const Input = {
    workflow: "workflow",
    workflowId: "workflow-id",
    endpoints: "endpoints",
    params: "params",
    failOn: "fail-on",
    dryRun: "dry-run",
    summary: "summary",
    resultsFile: "results-file",
    junitFile: "junit-file",
    state: "state",
    stateKey: "state-key",
    resume: "resume",
    resumeRun: "resume-run",
    replay: "replay",
    githubToken: "github-token",
    test: "test",
    failureIssue: "failure-issue",
};
const Output = {
    status: "status",
    workflowId: "workflow-id",
    workflowIds: "workflow-ids",
    results: "results",
    resultsFile: "results-file",
    failedTasks: "failed-tasks",
    waitingIds: "waiting-ids",
    traceId: "trace-id",
};

;// CONCATENATED MODULE: ./src/action/line-buffer.ts
/**
 * Gathers log lines and writes them together, at most every `everyMs`: one write to the
 * runner's pipe per interval instead of one per line (a line per task start and end made
 * stdout writes a tenth of a 1,000-task run's time).
 */
function bufferLines(write, everyMs = 200) {
    let lines = [];
    let timer;
    const flush = () => {
        clearTimeout(timer);
        timer = undefined;
        if (lines.length === 0)
            return;
        write(lines.join("\n"));
        lines = [];
    };
    const push = (line) => {
        lines.push(line);
        timer ??= setTimeout(flush, everyMs);
    };
    return { push, flush };
}

;// CONCATENATED MODULE: ./src/action/github-error.ts
/**
 * An error from Octokit (a RequestError: `status`, and `response` when GitHub answered):
 * `said` is GitHub's own message (without the documentation link Octokit appends), as
 * `: message`, or empty. A primary rate limit empties x-ratelimit-remaining; a secondary
 * one only says so in its message.
 */
function githubErrorOf(error) {
    const { status, response, message } = (error ?? {});
    const told = typeof response?.data?.message === "string" ? response.data.message : message;
    const said = told ? `: ${told}` : "";
    if (!response || typeof status !== "number")
        return { kind: "unreached", said };
    const limited = status === 429 ||
        (status === 403 &&
            (response.headers?.["x-ratelimit-remaining"] === "0" || /rate limit/i.test(told ?? "")));
    return { kind: limited ? "rate-limited" : "status", status, said };
}

;// CONCATENATED MODULE: ./src/action/approvals.ts
/**
 * Who approved a parked run: the resume reads it from the run's review history
 * (`GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals`), which lists
 * `{ state, comment, environments, user }` entries without a time.
 */

/** The whole listing may take this long; a resume waiting longer on GitHub helps nobody. */
const TIMEOUT_MS = 30_000;
const ROUTE = "GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals";
/**
 * The last `approved` entry for `settings.environment` (named without regard to case, as
 * GitHub names environments). Never throws: a missing approval or an API error is a `why`.
 */
async function readApproval(settings) {
    const [owner, repo, ...extra] = settings.repository.split("/");
    if (!owner || !repo || extra.length > 0) {
        return {
            ok: false,
            why: `the repository "${settings.repository}" is not owner/repo: check GITHUB_REPOSITORY`,
        };
    }
    if (!/^\d+$/.test(settings.runId)) {
        return {
            ok: false,
            why: `the run id "${settings.runId}" is not a number: GITHUB_RUN_ID must be this run's numeric id`,
        };
    }
    try {
        // Loaded here, not at the top: only a resume pays for Octokit.
        const { getOctokit } = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(624)]).then(__webpack_require__.bind(__webpack_require__, 57624));
        const octokit = getOctokit(settings.token, { baseUrl: settings.apiUrl.replace(/\/+$/, "") });
        // Octokit's paginate types know only routes documented as paged, which this one is not.
        const entries = await octokit.paginate(ROUTE, {
            owner,
            repo,
            run_id: Number(settings.runId),
            per_page: 100,
            request: { signal: AbortSignal.timeout(TIMEOUT_MS) },
        });
        const wanted = settings.environment.toLowerCase();
        const approved = entries.filter((entry) => entry?.state === "approved" &&
            (entry.environments ?? []).some((environment) => environment?.name?.toLowerCase() === wanted));
        const last = approved.at(-1);
        if (!last) {
            return {
                ok: false,
                why: `no approval recorded for environment ${settings.environment}: give it required reviewers`,
            };
        }
        return { ok: true, approval: { by: last.user?.login ?? "unknown", comment: last.comment ?? "" } };
    }
    catch (error) {
        return { ok: false, why: explain(error, settings) };
    }
}
/** An Octokit error in our words: what failed, and what to do. */
function explain(error, settings) {
    const found = githubErrorOf(error);
    const { said } = found;
    const run = `run ${settings.runId} of ${settings.repository}`;
    if (found.kind === "unreached") {
        return `could not reach GitHub's API at ${settings.apiUrl} to read the approvals of ${run}${said}; check GITHUB_API_URL and the runner's network, then re-run the job`;
    }
    const { status } = found;
    if (found.kind === "rate-limited") {
        return `GitHub's API rate limit stopped reading the approvals of ${run} (${status}${said}); re-run the job later`;
    }
    switch (status) {
        case 401:
            return `GitHub refused the github-token (401${said}): pass a valid token in the github-token input`;
        case 403:
            return `the github-token cannot read this run's approvals (403${said}): give the job \`actions: read\` (beside \`contents: read\`)`;
        case 404:
            return `GitHub found no ${run} (404${said}): check that the github-token can read this repository's Actions runs`;
    }
    if (status >= 500) {
        return `GitHub's API failed reading the approvals of ${run} (${status}${said}); re-run the job`;
    }
    return `GitHub's API answered ${status} reading the approvals of ${run}${said}`;
}

;// CONCATENATED MODULE: ./src/action/failure-issue.ts
/**
 * One open issue per failing workflow: a run whose status is in `fail-on` opens it (or
 * comments on it), a later run that passes closes it. The issue is found by a hidden marker
 * in its body, among open issues labelled `mgmt-failure` and, when the token could not
 * label, among all open issues; never by search, whose index lags behind new issues.
 */



const FAILURE_LABEL = "mgmt-failure";
/** The hidden line that names the workflow an issue is about. */
const failureMarker = (workflow) => `<!-- ${FAILURE_LABEL}:${workflow} -->`;
/** Each run's requests together may take this long; a step waiting longer on GitHub helps nobody. */
const failure_issue_TIMEOUT_MS = 30_000;
/** Task errors are one line each, cut here: an issue body holds at most 65,536 characters. */
const ERROR_CHARS = 500;
const LISTED_TASKS = 50;
/**
 * Opens, comments on or closes each run's failure issue. Never throws: an API error is a
 * warning (one per step: the next run would meet the same refusal), and the run's status stands.
 */
async function updateFailureIssues(settings, runs, secrets, warning) {
    const [owner, repo, ...extra] = settings.repository.split("/");
    if (!owner || !repo || extra.length > 0) {
        warning(`failure-issue: the repository "${settings.repository}" is not owner/repo: check GITHUB_REPOSITORY`);
        return;
    }
    if (runs.length === 0)
        return;
    try {
        // Loaded here, not at the top: only a step with failure-issue pays for Octokit.
        const { getOctokit } = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(624)]).then(__webpack_require__.bind(__webpack_require__, 57624));
        const octokit = getOctokit(settings.token, { baseUrl: settings.apiUrl.replace(/\/+$/, "") });
        const lists = issueLists(octokit, owner, repo);
        for (const run of runs) {
            const signal = AbortSignal.timeout(failure_issue_TIMEOUT_MS);
            const issue = await lists.find(failureMarker(run.workflow), signal);
            const target = { owner, repo, request: { signal } };
            if (settings.failOn.includes(run.status)) {
                const details = failureText(run, settings.runUrl, secrets);
                if (issue) {
                    await octokit.rest.issues.createComment({ ...target, issue_number: issue.number, body: details });
                }
                else {
                    await octokit.rest.issues.create({
                        ...target,
                        title: `mgmt: ${run.workflow} is failing`,
                        labels: [FAILURE_LABEL],
                        body: `${failureMarker(run.workflow)}\n${details}`,
                    });
                }
            }
            else if (issue) {
                const body = `${codeSpan(run.workflow)} ${passedText(run.status)} in ${runLink(settings.runUrl)}: closing.`;
                await octokit.rest.issues.createComment({ ...target, issue_number: issue.number, body });
                await octokit.rest.issues.update({
                    ...target,
                    issue_number: issue.number,
                    state: "closed",
                    state_reason: "completed",
                });
            }
        }
    }
    catch (error) {
        warning(failure_issue_explain(error, settings));
    }
}
/** The open issues, labelled and all, each listed once a step and only when needed. */
function issueLists(octokit, owner, repo) {
    let labelled = null;
    let all = null;
    const list = async (labels, signal) => {
        const items = await octokit.paginate(octokit.rest.issues.listForRepo, {
            owner,
            repo,
            state: "open",
            ...(labels ? { labels } : {}),
            per_page: 100,
            request: { signal },
        });
        // The issues endpoints list pull requests too; their bodies are anyone's to write.
        return items.filter((item) => !item.pull_request);
    };
    const carrying = (issues, marker) => issues.find((issue) => (issue.body ?? "").includes(marker));
    return {
        async find(marker, signal) {
            labelled ??= await list(FAILURE_LABEL, signal);
            const found = carrying(labelled, marker);
            if (found)
                return found;
            // A token without push access opens issues, but GitHub drops their labels.
            all ??= await list(undefined, signal);
            return carrying(all, marker);
        },
    };
}
/** The run link, the failed tasks and their errors: endpoint text as code, secrets masked. */
function failureText(run, runUrl, secrets) {
    const redact = redact_textRedactor(secrets);
    const error = (text) => codeSpan(redactedStart(redact, text, ERROR_CHARS));
    const failed = run.tasks.filter((task) => task.status === "failure");
    const lines = [
        `${codeSpan(run.workflow)} ended ${codeSpan(run.status)} in ${runLink(runUrl)}.`,
        ...(run.error ? ["", `The run: ${error(run.error)}`] : []),
    ];
    if (failed.length > 0) {
        lines.push("", "Failed tasks:", "");
        for (const task of failed.slice(0, LISTED_TASKS)) {
            const why = task.error ? `: ${error(task.error)}` : "";
            lines.push(`- **${escapeMarkdown(redact(task.name))}**${why}`);
        }
        if (failed.length > LISTED_TASKS)
            lines.push(`- and ${failed.length - LISTED_TASKS} more`);
    }
    return lines.join("\n");
}
function passedText(status) {
    return status === "success" ? "succeeded" : `ended ${codeSpan(status)}, which fail-on lets pass,`;
}
function runLink(runUrl) {
    return runUrl ? `[run ${escapeMarkdown(runUrl.split("/").at(-1) ?? "")}](${linkTarget(runUrl)})` : "a run";
}
/** An Octokit error in our words: what failed, and what to do. */
function failure_issue_explain(error, settings) {
    const found = githubErrorOf(error);
    const { said } = found;
    const where = `the failure issue in ${settings.repository}`;
    if (found.kind === "unreached") {
        return `failure-issue: could not reach GitHub's API at ${settings.apiUrl} to update ${where}${said}; the run's status stands`;
    }
    const { status } = found;
    if (found.kind === "rate-limited") {
        return `failure-issue: GitHub's API rate limit stopped updating ${where} (${status}${said}); the run's status stands`;
    }
    switch (status) {
        case 401:
            return `failure-issue: GitHub refused the github-token (401${said}): pass a valid token in the github-token input`;
        case 403:
            return `failure-issue: the github-token cannot write issues (403${said}): give the job \`issues: write\``;
        case 404:
            return `failure-issue: GitHub found no repository ${settings.repository} (404${said}): check that the github-token can read it`;
        case 410:
            return `failure-issue: issues are turned off in ${settings.repository} (410${said}): turn them on, or drop failure-issue`;
    }
    return `failure-issue: GitHub's API answered ${status} updating ${where}${said}; the run's status stands`;
}

;// CONCATENATED MODULE: ./src/action/state-cache.ts



/** The folder, relative to the workspace, where a state's file lives only while it is saved or restored. */
const STATE_FOLDER = ".mgmt-state";
/** The runner's ACTIONS_CACHE_MODE values; others (and none) let the library read and write. */
const CACHE_MODES = ["none", "read", "write", "write-only"];
/** Every entry of a workflow's run starts so: a restore by this prefix gets the newest. */
function stateKeyPrefix(workflow, runId) {
    return `mgmt-state-v1-${workflow}-${runId}-`;
}
/**
 * The path given to @actions/cache, relative and spelled the same in every job: an entry's
 * version is a hash of the path strings (and the compression), and a restore only matches
 * entries of the same version.
 */
function statePath(workflow) {
    return `${STATE_FOLDER}/${workflow.replace(/[^\w.-]/g, "_")}.state`;
}
/**
 * States' bytes in the Actions cache, through @actions/cache (loaded on first use). Entries are
 * immutable, so each save is a new key, `{prefix}{attempt}-{job}-{n}`, `n` counting on from
 * the newest entry this store restored or saved for that run. Operations run one at a time:
 * they share the state folder, and `n`.
 */
function cacheStateBytes(settings) {
    const newest = new Map();
    let queue = Promise.resolve();
    const serially = (work) => {
        const done = queue.then(work);
        queue = done.catch(() => undefined);
        return done;
    };
    return {
        load: (workflow, runId) => serially(async () => {
            const found = await restoreEntry(settings, workflow, runId);
            if (found.kind === "found") {
                const run = `${workflow}\n${runId}`;
                newest.set(run, Math.max(newest.get(run) ?? 0, found.n));
            }
            return found.kind === "found" ? { kind: "found", bytes: found.bytes } : found;
        }),
        save: (workflow, runId, bytes) => serially(() => {
            const run = `${workflow}\n${runId}`;
            const n = (newest.get(run) ?? 0) + 1;
            // Counted whether it is taken or not: a refused key (it exists) is not tried again.
            newest.set(run, n);
            const key = `${stateKeyPrefix(workflow, runId)}${settings.attempt}-${settings.job}-${n}`;
            return saveEntry(settings, key, statePath(workflow), bytes);
        }),
    };
}
async function restoreEntry(settings, workflow, runId) {
    const prefix = stateKeyPrefix(workflow, runId);
    const blocked = modeForbids("restore") ?? workspaceProblem(settings.workspace);
    if (blocked)
        return { kind: "unreadable", why: blocked };
    const cache = await actionsCache();
    if (typeof cache === "string")
        return { kind: "unreadable", why: cache };
    const missing = serviceMissing(cache);
    if (missing)
        return { kind: "unreadable", why: missing };
    const file = statePath(workflow);
    try {
        // The library logs and swallows the service's failures: they come back as no match.
        const matched = await cache.restoreCache([file], prefix, [prefix]);
        if (!matched)
            return { kind: "missing" };
        const bytes = await (0,promises_.readFile)(external_node_path_default().join(settings.workspace, file)).catch(() => null);
        if (!bytes)
            return { kind: "unreadable", why: `the Actions cache entry ${matched} holds no ${file}` };
        settings.log.info(`state restored from the Actions cache entry ${matched}`);
        return { kind: "found", bytes, n: Number(/-(\d+)$/.exec(matched)?.[1] ?? 0) };
    }
    catch (error) {
        return { kind: "unreadable", why: `the Actions cache could not restore ${prefix}…: ${state_cache_messageOf(error)}` };
    }
    finally {
        await removeStateFile(settings, file);
    }
}
async function saveEntry(settings, key, file, bytes) {
    const blocked = modeForbids("save") ?? workspaceProblem(settings.workspace);
    if (blocked)
        return { ok: false, why: blocked };
    const cache = await actionsCache();
    if (typeof cache === "string")
        return { ok: false, why: cache };
    const missing = serviceMissing(cache);
    if (missing)
        return { ok: false, why: missing };
    const full = external_node_path_default().join(settings.workspace, file);
    try {
        await (0,promises_.mkdir)(external_node_path_default().dirname(full), { recursive: true });
        await (0,promises_.writeFile)(full, bytes, { mode: 0o600 });
        const id = await cache.saveCache([file], key);
        if (id >= 0) {
            settings.log.info(`state saved to the Actions cache as ${key}`);
            return { ok: true };
        }
        // saveCache says only -1, and logs why at info level (a refused reservation) or as a warning.
        return {
            ok: false,
            why: `the Actions cache did not take ${key}: an entry with that key exists, the limit of about ` +
                `200 new entries a minute per repository was reached, or the service failed (its log says which)`,
        };
    }
    catch (error) {
        return { ok: false, why: `the Actions cache could not save ${key}: ${state_cache_messageOf(error)}` };
    }
    finally {
        await removeStateFile(settings, file);
    }
}
let state_cache_loading;
/** The library, or why it did not load; loaded once, on first use, so a run without state pays nothing. */
async function actionsCache() {
    state_cache_loading ??= Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(477), __webpack_require__.e(557)]).then(__webpack_require__.bind(__webpack_require__, 55557));
    try {
        return await state_cache_loading;
    }
    catch (error) {
        return `@actions/cache did not load: ${state_cache_messageOf(error)}`;
    }
}
/** The runner can forbid a job to read or write the cache; the library then skips with an info line. */
function modeForbids(use) {
    const mode = (process.env.ACTIONS_CACHE_MODE ?? "").trim().toLowerCase();
    const allowed = use === "restore" ? ["read", "write"] : ["write", "write-only"];
    if (!CACHE_MODES.includes(mode) || allowed.includes(mode))
        return null;
    return `ACTIONS_CACHE_MODE is '${mode}': this job may not ${use === "restore" ? "restore from" : "save to"} the Actions cache`;
}
function serviceMissing(cache) {
    if (!cache.isFeatureAvailable()) {
        return "the Actions cache is not available to this job (the runner set no ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL)";
    }
    if (!process.env.ACTIONS_RUNTIME_TOKEN)
        return "the Actions cache needs ACTIONS_RUNTIME_TOKEN, which the runner did not set";
    return null;
}
/**
 * @actions/cache finds the paths from the working directory and archives them relative to
 * GITHUB_WORKSPACE (or the working directory): both must be the workspace the file is written in.
 */
function workspaceProblem(workspace) {
    for (const place of [process.cwd(), process.env.GITHUB_WORKSPACE ?? process.cwd()]) {
        if (!samePlace(place, workspace)) {
            return `the Actions cache keeps paths relative to ${place || "(empty)"}, which is not the workspace ${workspace}`;
        }
    }
    return null;
}
function samePlace(a, b) {
    if (!a || !b)
        return false;
    try {
        return external_node_fs_.realpathSync.native(a) === external_node_fs_.realpathSync.native(b);
    }
    catch {
        return external_node_path_default().resolve(a) === external_node_path_default().resolve(b);
    }
}
/** Nothing is left in the workspace: the file, then its folder if it is empty. */
async function removeStateFile(settings, file) {
    const full = external_node_path_default().join(settings.workspace, file);
    try {
        await (0,promises_.rm)(full, { force: true });
        await (0,promises_.rmdir)(external_node_path_default().dirname(full)).catch(() => undefined);
    }
    catch (error) {
        settings.log.warning(`could not remove the state file ${full}: ${state_cache_messageOf(error)}`);
    }
}
function state_cache_messageOf(error) {
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: ./src/engine/virtual-clock.ts
/** A Clock that takes no real time, for tests and the test mode: moved by advance()/runAll() or auto-advance. */
class VirtualClock {
    #now;
    #auto;
    /** In firing order: by time, then by when it was set. */
    #queue = [];
    #passQueued = false;
    constructor(options = {}) {
        this.#now = options.start ?? Date.now();
        this.#auto = options.autoAdvance ?? false;
    }
    now() {
        return this.#now;
    }
    /** How many sleeps and timers are waiting. */
    get pending() {
        return this.#queue.length;
    }
    sleep(ms, signal) {
        return new Promise((resolve, reject) => {
            if (signal?.aborted)
                return reject(signal.reason);
            const onAbort = () => {
                this.#remove(due);
                reject(signal?.reason);
            };
            const due = this.#add(ms, true, () => {
                signal?.removeEventListener("abort", onAbort);
                resolve();
            });
            signal?.addEventListener("abort", onAbort, { once: true });
        });
    }
    setTimer(ms, fire) {
        const due = this.#add(ms, false, fire);
        return () => this.#remove(due);
    }
    /** Moves time forward by `ms`, firing what falls due in time order, each at its own time. */
    async advance(ms) {
        const until = this.#now + ms;
        for (let next = this.#queue[0]; next && next.at <= until; next = this.#queue[0])
            await this.#fire(next);
        this.#now = Math.max(this.#now, until);
    }
    /** Fires everything pending and what that sets in turn; `limit` stops a timer that re-arms forever. */
    async runAll(limit = 10_000) {
        for (let fired = 0; this.#queue.length > 0; fired++) {
            if (fired >= limit)
                throw new Error(`the virtual clock fired ${limit} times and still has waits pending`);
            await this.#fire(this.#queue[0]);
        }
    }
    #add(ms, sleep, fire) {
        const due = { at: this.#now + (ms > 0 ? ms : 0), sleep, fire };
        let i = this.#queue.length;
        while (i > 0 && this.#queue[i - 1].at > due.at)
            i--;
        this.#queue.splice(i, 0, due);
        this.#queuePass();
        return due;
    }
    #remove(due) {
        const i = this.#queue.indexOf(due);
        if (i < 0)
            return false;
        this.#queue.splice(i, 1);
        // A cancelled timer may have been what held auto-advance back.
        this.#queuePass();
        return true;
    }
    async #fire(due) {
        if (!this.#remove(due))
            return;
        this.#now = Math.max(this.#now, due.at);
        due.fire();
        // One turn of the event loop lets what it woke run, and set its next waits, before time moves on.
        await new Promise((resolve) => setImmediate(resolve));
    }
    /** After the current turn: fires what is already due (a 0 ms wait), or takes the next sleep in auto mode. */
    #queuePass() {
        if (this.#passQueued)
            return;
        this.#passQueued = true;
        setImmediate(() => {
            this.#passQueued = false;
            const next = this.#queue[0];
            if (next && (next.at <= this.#now || (this.#auto && next.sleep)))
                void this.#fire(next);
        });
    }
}

;// CONCATENATED MODULE: ./src/transport/recorded-call.ts



/**
 * A transport that calls nothing: each task's calls (attempts and polls, in order) are
 * answered from its recorded answers, the last repeating, and read exactly as a real answer
 * would be (the same attempt loop, retries and Retry-After on the given clock, the same
 * parsing). What each task sent is logged for the test's expectations.
 */
function createRecordedCall(answers, options) {
    const used = new Map();
    const sent = new Map();
    const next = (task) => {
        const list = answers.get(task);
        if (!list?.length)
            return undefined;
        const index = used.get(task) ?? 0;
        used.set(task, index + 1);
        return list[Math.min(index, list.length - 1)];
    };
    const log = (task, what) => {
        const list = sent.get(task);
        if (list)
            list.push(what);
        else
            sent.set(task, [what]);
    };
    const call = (request) => {
        const task = request.headers["X-Mgmt-Task"] ?? "";
        log(task, sentOf(request));
        // A recorded answer needs no token (none is fetched) and is no span of a trace.
        const { retry, timeoutMs, deadlineAt, signal } = request;
        return runAttempts({ retry, timeoutMs, deadlineAt, signal }, options, async () => {
            const answer = next(task);
            if (!answer)
                return fail(null, `no recorded answer for ${task}`, false);
            return read_answer_readAnswer(responseOf(answer), {
                mode: request.mode,
                now: options.clock.now(),
                mask: (text) => text,
            });
        });
    };
    const answerAgent = async ({ task, message }) => {
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
function sentOf(request) {
    const body = request.body === null ? null : parsed(request.body);
    if (request.mode === "envelope")
        return body;
    return { method: request.method, url: request.url, headers: request.headers, body };
}
function parsed(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return text;
    }
}
/** A recorded answer as the Response a server would have sent: JSON unless its headers say otherwise. */
function responseOf(answer) {
    const headers = new Headers(answer.headers);
    const body = answer.body === undefined || answer.body === null ? null : answer.body;
    if (body !== null && !headers.has("content-type"))
        headers.set("content-type", typeof body === "string" ? "text/plain; charset=utf-8" : "application/json");
    const text = body === null ? null : typeof body === "string" ? body : JSON.stringify(body);
    return new Response(text, { status: answer.status ?? 200, headers });
}
function lowerCased(headers = {}) {
    return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

;// CONCATENATED MODULE: ./src/pipeline/expectations.ts

/**
 * What of `expect` the run did not do: the run's status, and per task its status, error
 * text, and a subset of its outputs and of what it first sent (a subset: every key the
 * test names must hold the same value; a list must have the same length, item by item).
 */
function missedExpectations(test, source, run, sent) {
    const misses = [];
    const miss = (at, task, field, expected, got) => misses.push({ file: source.file, ...source.locate(at), task, field, expected, got });
    const expect = test.expect ?? {};
    if (expect.status !== undefined && expect.status !== run.status)
        miss(["expect", "status"], null, "status", expect.status, run.status);
    for (const [name, wanted] of Object.entries(expect.tasks ?? {})) {
        const at = ["expect", "tasks", name];
        const task = run.tasks.find((t) => t.name === name);
        if (!task) {
            miss(at, name, "(task)", `a task named ${name}`, `tasks: ${run.tasks.map((t) => t.name).join(", ")}`);
            continue;
        }
        if (wanted.status !== undefined && wanted.status !== task.status)
            miss([...at, "status"], name, "status", wanted.status, task.status);
        if (wanted.error !== undefined && !(task.error ?? "").includes(wanted.error))
            miss([...at, "error"], name, "error", wanted.error, task.error);
        for (const field of ["outputs", "sent"]) {
            if (wanted[field] === undefined)
                continue;
            const got = field === "outputs" ? task.outputs : (sent.get(name)?.[0] ?? null);
            const differs = firstDifference(wanted[field], got);
            if (!differs)
                continue;
            miss([...at, field, ...differs.path], name, `${field}${differs.path.length ? formatPath(differs.path).replace(/^(?!\[)/, ".") : ""}`, differs.expected, differs.got);
        }
    }
    return misses;
}
/** The first place where `got` does not hold `expected`, or null when it does. */
function firstDifference(expected, got, path = []) {
    if (Array.isArray(expected)) {
        if (!Array.isArray(got) || got.length !== expected.length)
            return { path, expected, got };
        for (let i = 0; i < expected.length; i++) {
            const found = firstDifference(expected[i], got[i], [...path, i]);
            if (found)
                return found;
        }
        return null;
    }
    if (expected !== null && typeof expected === "object") {
        if (got === null || typeof got !== "object" || Array.isArray(got))
            return { path, expected, got };
        for (const [key, value] of Object.entries(expected)) {
            const found = firstDifference(value, got[key], [...path, key]);
            if (found)
                return found;
        }
        return null;
    }
    return Object.is(expected, got) ? null : { path, expected, got: got === undefined ? null : got };
}

;// CONCATENATED MODULE: ./src/pipeline/run-tests.ts










/** `run.date` of a test when its context gives none: expectations do not change by the day. */
const TEST_DATE = "2000-01-01";
/**
 * Runs every `*.test.yml` / `*.test.json` under `folder` against the definitions in its
 * parent folder: the same engine, a transport that answers from the test's records, a
 * virtual clock (retries, Retry-After and polls take no real time), no endpoint header
 * evaluated and no network.
 */
async function runTests(folder) {
    const files = await testFiles(folder);
    if (files.length === 0)
        return { ok: false, problems: [problemIn(folder, `no tests (*.test.yml, *.test.json) in ${folder}`)] };
    const tests = [];
    const problems = [];
    for (const file of files) {
        const parsed = parseTestFile(file, await (0,promises_.readFile)(file, "utf8"));
        if (parsed.ok)
            tests.push({ file, ...parsed });
        else
            problems.push(...parsed.problems);
    }
    // Tests sit in a folder of the definitions' folder (workflows/tests beside workflows/*.yml).
    const testsFolder = (await (0,promises_.stat)(folder)).isFile() ? external_node_path_default().dirname(folder) : folder;
    const definitions = external_node_path_default().dirname(external_node_path_default().resolve(testsFolder));
    const loaded = await loadDefinitions(definitions);
    problems.push(...loaded.problems);
    if (errorsIn(problems).length)
        return { ok: false, problems };
    const plans = new Map(loaded.plans.map((plan) => [plan.id, plan]));
    const outcomes = [];
    for (const { file, test, source } of tests) {
        const name = test.name ?? external_node_path_default().basename(file);
        const plan = plans.get(test.workflow);
        if (!plan) {
            const known = [...plans.keys()].join(", ") || "none";
            const error = `no workflow "${test.workflow}" in ${definitions} (known: ${known})`;
            outcomes.push({ file, name, run: null, error, misses: [], passed: false });
            continue;
        }
        const context = test.context ?? {};
        const date = context.run?.date ?? TEST_DATE;
        const start = Date.parse(`${date}T00:00:00Z`);
        const prepared = prepareRun(plan, {
            runId: context.run?.id ?? "test",
            attempt: context.run?.attempt ?? 1,
            trigger: context.run?.trigger ?? "test",
            startedAt: new Date(start),
            env: context.env ?? {},
            github: context.github ?? {},
            params: [test.params ?? {}],
            withHeaders: false,
        });
        if (!prepared.ok) {
            outcomes.push({ file, name, run: null, error: prepared.errors.join("; "), misses: [], passed: false });
            continue;
        }
        const answers = new Map(Object.entries(test.answers).map(([task, given]) => [task, Array.isArray(given) ? given : [given]]));
        const clock = new VirtualClock({ start, autoAdvance: true });
        const recorded = createRecordedCall(answers, { clock, random: () => 0.5 });
        const run = await runWorkflow(prepared.run, {
            call: recorded.call,
            answerAgent: recorded.answerAgent,
            clock,
            cannotPark: null,
        });
        const misses = missedExpectations(test, source, run, recorded.sent);
        outcomes.push({ file, name, run, error: null, misses, passed: misses.length === 0 });
    }
    return { ok: true, tests: outcomes, problems };
}
/** The test files of a folder and its subfolders (or the file itself), in path order; none without it. */
async function testFiles(folder) {
    const info = await (0,promises_.stat)(folder).catch(() => undefined);
    if (!info)
        return [];
    if (info.isFile())
        return TEST_FILE.test(folder) ? [folder] : [];
    // Names only: Dirent.parentPath is newer than some Node 20 the CLI supports.
    const names = await (0,promises_.readdir)(folder, { recursive: true });
    return names
        .filter((name) => TEST_FILE.test(name))
        .map((name) => external_node_path_default().join(folder, name))
        .sort();
}
function problemIn(file, message) {
    return { file, line: 1, column: 1, field: "(file)", message, severity: "error" };
}

;// CONCATENATED MODULE: ./src/report/test-report.ts

/** One failed expectation as a line a user finds and fixes: `file:line:col: Task.field: expected …, got …`. */
function missLines(test) {
    if (test.error)
        return [`${test.file}: ${test.error}`];
    return test.misses.map((miss) => {
        const where = `${miss.file}:${miss.line}:${miss.column}`;
        const what = miss.task ? `${miss.task}.${miss.field}` : miss.field;
        return `${where}: ${what}: expected ${shown(miss.expected)}, got ${shown(miss.got)}`;
    });
}
/** The terminal's report: a line per test, each miss under it, and a count. */
function renderTestLines(tests) {
    const lines = tests.flatMap((test) => [
        `${test.passed ? "✓" : "✗"} ${test.name}${test.run ? ` (${test.run.workflow}: ${test.run.status})` : ""}`,
        ...missLines(test).map((line) => `    ${line}`),
    ]);
    return [...lines, "", countLine(tests)].join("\n");
}
function countLine(tests) {
    const failed = tests.filter((t) => !t.passed).length;
    return `${tests.length} test${tests.length === 1 ? "" : "s"}: ${tests.length - failed} passed, ${failed} failed`;
}
/** The job summary of a test step: a status line, a row per test, and each miss. */
function renderTestSummary(tests, problems = []) {
    const failed = tests.filter((t) => !t.passed);
    const head = problems.length
        ? "## ❌ Workflow tests could not run"
        : failed.length
            ? "## ❌ Workflow tests failed"
            : "## ✅ Workflow tests passed";
    const rows = tests.map((test) => `| ${escapeMarkdown(test.name)} | ${test.passed ? "✅ passed" : "❌ failed"} | ${escapeMarkdown(test.run?.status ?? "not run")} |`);
    const details = failed.flatMap((test) => [
        "",
        `**${escapeMarkdown(test.name)}**`,
        "",
        ...missLines(test).map((line) => `- ${escapeMarkdown(line)}`),
    ]);
    const problemLines = problems.map((p) => `- ${escapeMarkdown(`${p.file}:${p.line}:${p.column}: ${p.field}: ${p.message}`)}`);
    return [
        head,
        "",
        tests.length ? `**${countLine(tests)}**` : "",
        "",
        ...(tests.length ? ["| Test | Result | Run status |", "|---|---|---|", ...rows] : []),
        ...details,
        ...problemLines,
        "",
    ].join("\n");
}
/** JUnit XML: a test case per test file, a failure listing its misses. */
function renderTestJunit(tests) {
    const esc = (text) => text
        .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
        .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    const failures = tests.filter((t) => !t.passed).length;
    const cases = tests.map((test) => {
        const open = `  <testcase classname="mgmt.tests" name="${esc(test.name)}" file="${esc(test.file)}">`;
        if (test.passed)
            return `${open}</testcase>`;
        const lines = missLines(test);
        return `${open}\n    <failure message="${esc(lines[0] ?? "failed")}">${esc(lines.join("\n"))}</failure>\n  </testcase>`;
    });
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="mgmt tests" tests="${tests.length}" failures="${failures}">`,
        `<testsuite name="mgmt tests" tests="${tests.length}" failures="${failures}">`,
        ...cases,
        "</testsuite>",
        "</testsuites>",
        "",
    ].join("\n");
}
function shown(value) {
    const text = JSON.stringify(value) ?? "nothing";
    return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

;// CONCATENATED MODULE: ./src/action/test-step.ts







/**
 * `test: true`: the workflows' tests (`<workflow>/tests`) against their recorded answers,
 * calling nothing and needing no secret, for a pull_request job. The summary lists each
 * test; the step fails when one fails or a file cannot be read.
 */
async function runTestStep(settings, io) {
    const folder = external_node_path_default().join(settings.workflowPath, TESTS_FOLDER);
    const ran = await runTests(folder);
    for (const problem of ran.problems) {
        const line = formatProblem({ ...problem, file: external_node_path_default().relative(settings.workspace, problem.file) });
        if (problem.severity === "error")
            io.error(line, problem);
        else
            io.warning(line, problem);
    }
    const tests = ran.ok ? ran.tests : [];
    if (ran.ok)
        io.info(renderTestLines(tests));
    const failed = ran.ok ? tests.filter((test) => !test.passed).length : 0;
    io.setOutput(Output.status, ran.ok && failed === 0 ? "success" : "failure");
    if (settings.summary)
        await io.writeSummary(renderTestSummary(tests, ran.ok ? [] : ran.problems));
    if (settings.junitFile && ran.ok) {
        await (0,promises_.mkdir)(external_node_path_default().dirname(settings.junitFile), { recursive: true });
        await (0,promises_.writeFile)(settings.junitFile, renderTestJunit(tests));
    }
    if (!ran.ok)
        io.setFailed(`the workflow tests in ${external_node_path_default().relative(settings.workspace, folder)} could not run`);
    else if (failed)
        io.setFailed(`${failed} of ${tests.length} workflow tests failed`);
}

;// CONCATENATED MODULE: ./src/action/main.ts





















/**
 * Select, validate, run and report. Expected failures end in `setFailed`; a file the user
 * named that cannot be written throws a UserError, after the outputs and the summary.
 */
async function runAction(settings, io) {
    if (settings.test)
        return runTestStep(settings, io);
    const log = bufferLines(io.info);
    let secrets = [];
    // The collector's credentials: the SDK sends them, and nothing may show them.
    for (const value of (0,otlp_target/* otlpHeaderValues */.j3)(settings.env))
        io.setSecret(value);
    const outcome = await runPipeline({
        target: settings.workflowPath,
        endpoints: settings.endpointsPath,
        workflowId: settings.workflowId,
        event: settings.event,
        dryRun: settings.dryRun,
        runId: settings.runId,
        attempt: settings.attempt,
        trigger: settings.event.name,
        env: settings.env,
        github: settings.github,
        params: settings.params,
        state: settings.state && actionState(settings, settings.state, io),
        noStateHint: "the run saves no state to resume from: set the state-key input (a secret; `mgmt init` says how to create one)",
        signal: io.signal,
        oidcMissing: settings.oidcAvailable
            ? null
            : "add `permissions: id-token: write` (and `contents: read`) to the job",
        onEvent: (event) => {
            if (event.type === "secrets") {
                secrets = [...secrets, ...event.values];
                for (const secret of event.values)
                    io.setSecret(secret);
            }
            log.push(renderProgress(event, { color: false, secrets }));
        },
    }, (ready) => {
        secrets = ready.secrets;
        for (const secret of secrets)
            io.setSecret(secret);
        for (const { plan, reason } of ready.selections) {
            io.info(`${plan.id} (${external_node_path_default().relative(settings.workspace, plan.file)}) runs: ${reason}`);
        }
        io.setOutput(Output.workflowIds, JSON.stringify(ready.selections.map((s) => s.plan.id)));
    });
    log.flush();
    reportProblems(settings, io, outcome.problems);
    switch (outcome.stage) {
        case "invalid": {
            const errors = errorsIn(outcome.problems).map((p) => formatProblem(relative(settings, p)));
            const message = `${errors.length} problem(s) in the workflow definitions; nothing was called. First: ${errors[0]}`;
            return notStarted(settings, io, message, errors, []);
        }
        case "unselected":
            return notStarted(settings, io, `${outcome.error}; nothing was called`, [], []);
        case "unprepared": {
            for (const secret of outcome.secrets)
                io.setSecret(secret);
            const errors = outcome.errors.map((error) => redactText(error, outcome.secrets));
            for (const error of errors)
                io.error(error);
            return notStarted(settings, io, `cannot start: ${errors.join("; ")}; nothing was called`, errors, outcome.secrets);
        }
        case "planned": {
            // Params are masked before the plan shortens and escapes them: a cut secret could not be found.
            const plans = outcome.runs.map((run) => ({
                plan: run.plan,
                params: redactDeep(run.params, outcome.secrets),
            }));
            for (const { plan, params } of plans)
                io.info(redactText(renderPlan(plan, params, { markdown: false }), outcome.secrets));
            if (settings.summary) {
                const views = plans.map(({ plan, params }) => renderPlan(plan, params, { markdown: true }));
                const failed = await writeSummary(io, redactText(views.join("\n\n"), outcome.secrets));
                if (failed)
                    throw failed;
            }
            return;
        }
        case "ran":
            for (const warning of outcome.warnings)
                io.warning(warning);
            return report(settings, io, outcome.runs, outcome.secrets);
    }
}
/** Annotations want paths from the repository's root, and so do people. */
function relative(settings, problem) {
    return { ...problem, file: external_node_path_default().relative(settings.workspace, problem.file) || problem.file };
}
function reportProblems(settings, io, problems) {
    for (const problem of problems.map((p) => relative(settings, p))) {
        (problem.severity === "error" ? io.error : io.warning)(formatProblem(problem), problem);
    }
}
/**
 * A step that called nothing still leaves its record: status `failure`, a summary saying why
 * and a results file without runs, so that later steps and people read the same as after a run.
 */
async function notStarted(settings, io, message, details, secrets) {
    await writeRecord(settings, io, {
        document: { version: 1, status: "failure", runs: [] },
        runs: [],
        summary: () => renderNotStarted(message, details, secrets),
        failure: message,
        secrets,
    });
}
/**
 * After a run: its warnings, then its record (the step fails when the status is in fail-on),
 * then the failure issues when asked for.
 */
async function report(settings, io, runs, secrets) {
    const document = buildResults(runs, secrets);
    for (const task of runs.flatMap((run) => run.tasks)) {
        const warning = notAGateText(task);
        if (warning)
            io.warning(redactText(warning, secrets));
    }
    const failed = failedTasks(runs);
    const failure = settings.failOn.includes(document.status)
        ? `the run ended "${document.status}"${failed ? ` (failed: ${failed})` : ""}; fail-on is ${settings.failOn.join(",")}`
        : null;
    const triggerText = describeTrigger(settings.event);
    try {
        await writeRecord(settings, io, {
            document,
            runs,
            summary: () => renderSummary(runs, { secrets, runUrl: settings.runUrl, triggerText }),
            failure,
            secrets,
        });
    }
    finally {
        // After the record, so that outputs and summary stand whatever GitHub answers; a file
        // that could not be written does not keep the issue from being told.
        if (settings.failureIssue) {
            const { githubToken: token, apiUrl, repository, runUrl, failOn } = settings;
            const where = { token, apiUrl, repository, runUrl, failOn };
            await updateFailureIssues(where, runs, secrets, (text) => io.warning(text));
        }
    }
}
/**
 * The state in the Actions cache, sealed with the state-key; a resume reads who approved the
 * review environment's deployment of this run from GitHub.
 */
function actionState(settings, inputs, io) {
    const bytes = cacheStateBytes({
        job: inputs.job,
        attempt: settings.attempt,
        workspace: settings.workspace,
        log: { warning: (text) => io.warning(text), info: (text) => io.info(text) },
    });
    return {
        store: stateStore(bytes, inputs.key),
        resume: inputs.resume
            ? {
                runId: inputs.resumeRun,
                approval: (run) => readApproval({
                    token: settings.githubToken,
                    apiUrl: settings.apiUrl,
                    repository: settings.repository,
                    runId: settings.runId,
                    environment: run.plan.reviewEnvironment,
                }),
            }
            : null,
        replay: inputs.replay,
        notice: (text) => io.info(text),
        warning: (text) => io.warning(text),
    };
}
/**
 * Outputs first, then the summary, then each file on its own: a file that cannot be written
 * must not lose the rest. Any that failed is thrown last, as the user's mistake it is.
 */
async function writeRecord(settings, io, record) {
    const { document, runs, secrets } = record;
    io.setOutput(Output.status, document.status);
    if (runs.length === 1)
        io.setOutput(Output.workflowId, runs[0]?.workflow ?? "");
    io.setOutput(Output.results, resultsOutput(document));
    io.setOutput(Output.resultsFile, settings.resultsFile);
    io.setOutput(Output.failedTasks, failedTasks(runs));
    const waiting = runs.filter((run) => run.status === "waiting").map((run) => run.workflow);
    io.setOutput(Output.waitingIds, JSON.stringify(waiting));
    // Every run of one invocation shares the trace: the repository's and the run id's.
    if (runs[0])
        io.setOutput(Output.traceId, runs[0].traceId);
    const failures = [];
    if (settings.summary) {
        const failed = await writeSummary(io, record.summary());
        if (failed)
            failures.push(failed);
    }
    const files = {
        results: { input: Input.resultsFile, path: settings.resultsFile },
        // A step that ran nothing has no test cases to report.
        junit: settings.junitFile && runs.length ? { input: Input.junitFile, path: settings.junitFile } : null,
    };
    failures.push(...(await writeReportFiles(files, document, runs, secrets)));
    if (record.failure)
        io.setFailed(record.failure);
    if (failures.length)
        throw new UserError(failures.map((f) => f.message).join("; "));
}
/** The summary file is the runner's; a failure to write it is reported, not a crash. */
async function writeSummary(io, markdown) {
    try {
        await io.writeSummary(markdown);
        return undefined;
    }
    catch (error) {
        return new UserError(`summary: cannot write the job summary: ${error.message}`);
    }
}

;// CONCATENATED MODULE: ./src/pipeline/fail-on.ts

/**
 * The run statuses that fail the step (the action) or exit 1 (the CLI), from `failure,cancelled`.
 * Any run status may be listed, `waiting` too: by default a run that waits for review exits 0.
 */
function parseFailOn(text) {
    const value = text
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((s) => s.toLowerCase());
    const bad = value.filter((s) => !RunStatus.safeParse(s).success);
    if (bad.length) {
        return {
            ok: false,
            error: `fail-on: unknown status ${bad.join(", ")} (use ${RunStatus.options.join(", ")})`,
        };
    }
    return { ok: true, value: value };
}
const DEFAULT_FAIL_ON = "failure,cancelled";

;// CONCATENATED MODULE: ./src/pipeline/params-text.ts

/** Params given as text (the `params` input): a JSON or YAML object, or nothing. */
function parseParamsText(text) {
    if (text.trim() === "")
        return { ok: true, params: {} };
    let value;
    try {
        value = (0,yaml_dist/* parse */.qg)(text, { maxAliasCount: 100, uniqueKeys: true });
    }
    catch (error) {
        return {
            ok: false,
            error: `params is not valid JSON or YAML: ${error.message.split("\n")[0]}`,
        };
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return { ok: false, error: "params must be an object of name: value pairs (JSON or YAML)" };
    }
    return { ok: true, params: value };
}
/** `--param k=v`: the value stays a string. */
function parseParamPair(pair) {
    const at = pair.indexOf("=");
    if (at <= 0)
        return { ok: false, error: `--param takes key=value, got "${pair}"` };
    return { ok: true, key: pair.slice(0, at), value: pair.slice(at + 1) };
}

;// CONCATENATED MODULE: ./src/action/settings.ts




/** The one place that reads inputs and the runner's environment (as actions/checkout's input-helper). */
function readSettings(runner) {
    const { env } = runner;
    const workspace = env.GITHUB_WORKSPACE || process.cwd();
    const inWorkspace = (p) => external_node_path_default().resolve(workspace, p);
    const input = (name) => runner.getInput(name).trim();
    const params = parseParamsText(input(Input.params));
    if (!params.ok)
        return { ok: false, error: `input params: ${params.error}` };
    const failOn = parseFailOn(input(Input.failOn) || DEFAULT_FAIL_ON);
    if (!failOn.ok)
        return failOn;
    const dryRun = parseBoolean(Input.dryRun, input(Input.dryRun), false);
    if (!dryRun.ok)
        return dryRun;
    const summary = parseBoolean(Input.summary, input(Input.summary), true);
    if (!summary.ok)
        return summary;
    const test = parseBoolean(Input.test, input(Input.test), false);
    if (!test.ok)
        return test;
    const failureIssue = parseBoolean(Input.failureIssue, input(Input.failureIssue), false);
    if (!failureIssue.ok)
        return failureIssue;
    // Definitions are read and quoted in messages: only files of the checkout may be named.
    const outside = [Input.workflow, Input.endpoints].find((name) => {
        const given = input(name);
        const relative = external_node_path_default().relative(workspace, inWorkspace(given));
        return given !== "" && (relative.startsWith("..") || external_node_path_default().isAbsolute(relative));
    });
    if (outside) {
        return {
            ok: false,
            error: `input ${outside}: ${input(outside)} is outside the workspace (${workspace}); name a file or folder of the repository`,
        };
    }
    const state = readStateInputs(input, env);
    if (!state.ok)
        return state;
    const runId = env.GITHUB_RUN_ID || crypto.randomUUID();
    const server = env.GITHUB_SERVER_URL || "https://github.com";
    return {
        ok: true,
        settings: {
            workspace,
            workflowPath: inWorkspace(input(Input.workflow) || "workflows"),
            workflowId: input(Input.workflowId) || null,
            endpointsPath: input(Input.endpoints) ? inWorkspace(input(Input.endpoints)) : null,
            params: params.params,
            failOn: failOn.value,
            dryRun: dryRun.value,
            summary: summary.value,
            resultsFile: inWorkspace(input(Input.resultsFile) || external_node_path_default().join(env.RUNNER_TEMP || workspace, "mgmt-results.json")),
            junitFile: input(Input.junitFile) ? inWorkspace(input(Input.junitFile)) : null,
            event: runner.event,
            runId,
            attempt: Number(env.GITHUB_RUN_ATTEMPT) || 1,
            github: runner.github,
            env,
            runUrl: env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
                ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
                : null,
            state: state.value,
            test: test.value,
            failureIssue: failureIssue.value,
            githubToken: input(Input.githubToken) || env.GITHUB_TOKEN || "",
            apiUrl: env.GITHUB_API_URL || "https://api.github.com",
            repository: env.GITHUB_REPOSITORY || "",
            oidcAvailable: Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL),
        },
    };
}
/**
 * Saved state needs a key (the state holds what services answered, and a repository's
 * caches can be restored by pull-request runs): without `state-key` it is off, and so is
 * resuming, which says so.
 */
function readStateInputs(input, env) {
    const mode = input(Input.state) || "cache";
    if (mode !== "cache" && mode !== "off")
        return { ok: false, error: `input state: expected cache or off, got "${mode}"` };
    const resume = parseBoolean(Input.resume, input(Input.resume), false);
    if (!resume.ok)
        return resume;
    const replay = parseBoolean(Input.replay, input(Input.replay), true);
    if (!replay.ok)
        return replay;
    const resumeRun = input(Input.resumeRun) || null;
    const key = input(Input.stateKey);
    const resuming = resume.value || resumeRun !== null;
    if (resuming && (mode === "off" || key === "")) {
        return {
            ok: false,
            error: `input ${resume.value ? Input.resume : Input.resumeRun}: resuming reads the parked run's saved state: set state-key (and state: cache)`,
        };
    }
    if (resumeRun !== null && !/^\d+$/.test(resumeRun))
        return {
            ok: false,
            error: `input resume-run: expected the parked run's id (a number), got "${resumeRun}"`,
        };
    if (mode === "off" || key === "")
        return { ok: true, value: null };
    return {
        ok: true,
        value: {
            key,
            resume: resuming,
            resumeRun,
            replay: replay.value,
            job: env.GITHUB_JOB || "job",
        },
    };
}
/** YAML 1.2 core booleans, as actions/toolkit's getBooleanInput reads them. */
function parseBoolean(name, text, fallback) {
    if (text === "")
        return { ok: true, value: fallback };
    if (["true", "True", "TRUE"].includes(text))
        return { ok: true, value: true };
    if (["false", "False", "FALSE"].includes(text))
        return { ok: true, value: false };
    return { ok: false, error: `input ${name}: expected true or false, got "${text}"` };
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/command.js
var command = __webpack_require__(89635);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/file-command.js
var file_command = __webpack_require__(82902);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/utils.js
var utils = __webpack_require__(4679);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/summary.js
var summary = __webpack_require__(1170);
;// CONCATENATED MODULE: ./src/action/workflow-commands.ts
// The runner's protocol (inputs, log, annotations, masks, outputs, summary) from @actions/core's
// own modules. Its index would also load its OIDC client (@actions/http-client and undici 6)
// and @actions/exec: most of the bundle and about 100 ms of every start, for a token this
// action never asks for. The package's `exports` lists only its index, hence the paths; ncc
// bundles these files, so nothing reads node_modules at run time. An OIDC token, if one is
// ever needed, means importing @actions/core lazily, after a first fetch(): undici 6 takes
// fetch()'s global dispatcher when it loads first.





// Each function below is its namesake in @actions/core 3 (lib/core.js), as the action uses it.
/** `INPUT_<NAME>` as the runner sets it (spaces become `_`), trimmed. */
function getInput(name) {
    return (process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] || "").trim();
}
function info(message) {
    process.stdout.write(message + external_node_os_.EOL);
}
function warning(message, properties = {}) {
    (0,command/* issueCommand */.L)("warning", (0,utils/* toCommandProperties */.k)(properties), message);
}
function error(message, properties = {}) {
    (0,command/* issueCommand */.L)("error", (0,utils/* toCommandProperties */.k)(properties), message);
}
function setSecret(secret) {
    (0,command/* issueCommand */.L)("add-mask", {}, secret);
}
/** To the `GITHUB_OUTPUT` file; a runner without one takes the old `set-output` command. */
function setOutput(name, value) {
    if (process.env.GITHUB_OUTPUT)
        return (0,file_command/* issueFileCommand */.n)("OUTPUT", (0,file_command/* prepareKeyValueMessage */.v)(name, value));
    process.stdout.write(external_node_os_.EOL);
    (0,command/* issueCommand */.L)("set-output", { name }, (0,utils/* toCommandValue */.E)(value));
}
function setFailed(message) {
    process.exitCode = 1;
    error(message);
}

;// CONCATENATED MODULE: ./src/action/runner.ts






/**
 * Runs the action with @actions/core's workflow commands as its I/O: inputs and the event
 * in, outputs, summary and annotations out. A user's mistake fails the step with its own
 * message; anything else is a bug and says so.
 */
async function runOnRunner(signal, core = workflow_commands_namespaceObject) {
    try {
        const event = readEvent(process.env);
        if (!event.ok)
            throw new UserError(event.error);
        const settings = readSettings({
            getInput: (name) => core.getInput(name),
            env: process.env,
            event: event.event,
            github: githubContext(process.env, event.event),
        });
        if (!settings.ok)
            throw new UserError(settings.error);
        // Every line printed may carry text from endpoints or events: none may act as a runner command.
        await runAction(settings.settings, {
            info: (message) => core.info(inertLog(message)),
            warning: (message, at) => core.warning(inertLog(message), at && annotation(at)),
            error: (message, at) => core.error(inertLog(message), at && annotation(at)),
            setSecret: core.setSecret,
            setOutput: core.setOutput,
            setFailed: (message) => core.setFailed(inertLog(message)),
            writeSummary: async (markdown) => {
                // Off a runner (local-action, a plain shell) there is no summary file: say so, and go on.
                if (!process.env.GITHUB_STEP_SUMMARY) {
                    return core.warning("GITHUB_STEP_SUMMARY is not set, so the job summary is not written");
                }
                await core.summary.addRaw(markdown, true).write();
            },
            signal,
        });
    }
    catch (error) {
        if (error instanceof UserError)
            core.setFailed(inertLog(error.message));
        else
            core.setFailed(inertLog(`mgmt-action failed unexpectedly (a bug; please report it): ${error.stack ?? error}`));
    }
}
function annotation(at) {
    return { file: at.file, startLine: at.line, startColumn: at.column, title: at.field };
}


/***/ }),

/***/ 35345:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fh: () => (/* binding */ otlpTarget),
/* harmony export */   Tz: () => (/* binding */ otlpTimeoutMs),
/* harmony export */   j3: () => (/* binding */ otlpHeaderValues),
/* harmony export */   kn: () => (/* binding */ otlpHeaders),
/* harmony export */   zA: () => (/* binding */ shownUrl)
/* harmony export */ });
const set = (env, name) => {
    const value = env[name]?.trim();
    return value ? value : null;
};
/**
 * The OTLP/HTTP target, or null when no endpoint variable is set (nothing is exported, and the
 * SDK is never loaded). The traces' own endpoint is taken as it is; the general one gets
 * `v1/traces` appended, as the OTLP exporter specification says. gRPC is not offered: this
 * action speaks OTLP over HTTP only.
 */
function otlpTarget(env) {
    const own = set(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    const base = set(env, "OTEL_EXPORTER_OTLP_ENDPOINT");
    if (own === null && base === null)
        return null;
    const variable = own !== null ? "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" : "OTEL_EXPORTER_OTLP_ENDPOINT";
    const url = own ?? `${base.replace(/\/+$/, "")}/v1/traces`;
    const protocolVariable = set(env, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
        ? "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"
        : "OTEL_EXPORTER_OTLP_PROTOCOL";
    const protocol = set(env, protocolVariable) ?? "http/protobuf";
    if (protocol === "grpc")
        return {
            ok: false,
            warning: `traces are not exported: ${protocolVariable} is grpc, which this action does not speak; set it to http/protobuf (the default) or http/json, and point ${variable} at the collector's OTLP/HTTP port (usually 4318)`,
        };
    if (protocol !== "http/protobuf" && protocol !== "http/json")
        return {
            ok: false,
            warning: `traces are not exported: ${protocolVariable} is "${protocol}"; set it to http/protobuf (the default) or http/json`,
        };
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
        return { ok: false, warning: `traces are not exported: ${variable} is not an http(s) URL` };
    return { ok: true, url, protocol };
}
/** The URL as it may be shown: without a user or password, which would be a credential. */
function shownUrl(url) {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return parsed.href;
}
/**
 * The headers the collector is sent (`api-key=…,x=…`, values URL-decoded), the traces' own
 * variable over the general one's. Read from the env given, which for the library may not be
 * the process's: the SDK would read only the process's.
 */
function otlpHeaders(env) {
    const headers = {};
    for (const { name, raw } of headerPairs(env))
        if (name)
            headers[name] = decoded(raw);
    return headers;
}
/** Each `name=value` of the headers variables, the general one's first, the value as written. */
function headerPairs(env) {
    const lists = [env["OTEL_EXPORTER_OTLP_HEADERS"], env["OTEL_EXPORTER_OTLP_TRACES_HEADERS"]];
    return lists.flatMap((list) => (list ?? "").split(",").flatMap((pair) => {
        const at = pair.indexOf("=");
        return at < 0 ? [] : [{ name: pair.slice(0, at).trim(), raw: pair.slice(at + 1).trim() }];
    }));
}
function decoded(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}
/** The collector's credentials as they stand in the env and as sent: masked wherever text shows. */
function otlpHeaderValues(env) {
    const raw = headerPairs(env).map((pair) => pair.raw);
    return [...new Set([...raw, ...Object.values(otlpHeaders(env))])].filter((value) => value.length >= 4);
}
/** The export's time limit in ms, from the standard variables; null: the SDK's default (10 s). */
function otlpTimeoutMs(env) {
    // An invalid traces' own value falls back to the general one, as the SDK reads them.
    for (const name of ["OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT"]) {
        const ms = Number(set(env, name) ?? Number.NaN);
        if (Number.isFinite(ms) && ms > 0)
            return ms;
    }
    return null;
}


/***/ })

};
