export const id = 466;
export const ids = [466];
export const modules = {

/***/ 44466:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   exportSpans: () => (/* binding */ exportSpans)
/* harmony export */ });
/* harmony import */ var _opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(63914);
/* harmony import */ var _opentelemetry_resources__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(75647);
/* harmony import */ var _opentelemetry_sdk_trace__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(16410);
/* harmony import */ var _otlp_target_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(35345);




/**
 * Exports one trace's spans with OpenTelemetry's own SDK over OTLP/HTTP, once, after the run:
 * its spans are rebuilt from what the run recorded, with the ids its calls already sent in
 * their traceparent. Resolves to the warnings to show (none when all went well); never throws.
 */
async function exportSpans(target, traceId, specs, env) {
    const where = (0,_otlp_target_js__WEBPACK_IMPORTED_MODULE_0__/* .shownUrl */ .zA)(target.url);
    try {
        const spans = await buildSpans(traceId, specs, env);
        const { OTLPTraceExporter } = target.protocol === "http/json"
            ? await Promise.all(/* import() */[__webpack_require__.e(488), __webpack_require__.e(4)]).then(__webpack_require__.bind(__webpack_require__, 86004))
            : await Promise.all(/* import() */[__webpack_require__.e(488), __webpack_require__.e(358)]).then(__webpack_require__.bind(__webpack_require__, 57358));
        // Headers and timeout from the env the run was given; compression and certificates the SDK reads itself.
        const timeoutMs = (0,_otlp_target_js__WEBPACK_IMPORTED_MODULE_0__/* .otlpTimeoutMs */ .Tz)(env);
        const exporter = new OTLPTraceExporter({
            url: target.url,
            headers: (0,_otlp_target_js__WEBPACK_IMPORTED_MODULE_0__/* .otlpHeaders */ .kn)(env),
            ...(timeoutMs === null ? {} : { timeoutMillis: timeoutMs }),
        });
        const result = await new Promise((resolve) => exporter.export(spans, resolve));
        await exporter.shutdown().catch(() => { });
        if (result.code === 0)
            return [];
        return [`the trace was not exported to ${where}: ${reasonOf(result.error)}`];
    }
    catch (error) {
        return [`the trace was not exported to ${where}: ${reasonOf(error)}`];
    }
}
/** The SDK may fail with an empty message (a collector's bare 4xx); its HTTP status is then the reason. */
function reasonOf(error) {
    const message = error instanceof Error ? error.message.trim() : String(error ?? "").trim();
    const code = error?.code;
    if (typeof code === "number") {
        const said = message && !message.includes(String(code)) ? `: ${message}` : "";
        return `the collector answered HTTP ${code}${said}${code === 401 || code === 403 ? " (check OTEL_EXPORTER_OTLP_HEADERS)" : ""}`;
    }
    // The SDK's words for a collector that answered 429, 502, 503 or 504 to every retry.
    if (/retryable status/i.test(message))
        return "the collector stayed busy (HTTP 429, 502, 503 or 504) until the export's time ran out";
    return message || "the exporter gave no reason; check that a collector takes OTLP over HTTP at that URL";
}
/** Starts and ends each span parents first, with the given ids and times, and collects them ended. */
async function buildSpans(traceId, specs, env) {
    const ended = [];
    // The SDK asks its id generator for each span's id as the span starts: it hands out the next one.
    let nextSpanId = "";
    const provider = new _opentelemetry_sdk_trace__WEBPACK_IMPORTED_MODULE_1__/* .TracerProvider */ .dq({
        resource: (0,_opentelemetry_resources__WEBPACK_IMPORTED_MODULE_2__.resourceFromAttributes)({ "service.name": env["OTEL_SERVICE_NAME"]?.trim() || "mgmt" }),
        sampler: new _opentelemetry_sdk_trace__WEBPACK_IMPORTED_MODULE_1__/* .AlwaysOnSampler */ .f4(),
        idGenerator: { generateTraceId: () => traceId, generateSpanId: () => nextSpanId },
        spanProcessors: [
            {
                onStart: () => { },
                onEnd: (span) => void ended.push(span),
                forceFlush: async () => { },
                shutdown: async () => { },
            },
        ],
    });
    const tracer = provider.getTracer("mgmt-action");
    const started = new Map();
    for (const spec of specs) {
        nextSpanId = spec.spanId;
        const parent = spec.parentId === null ? undefined : started.get(spec.parentId);
        const context = parent ? _opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__.trace.setSpan(_opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__.ROOT_CONTEXT, parent) : _opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__.ROOT_CONTEXT;
        const kind = spec.kind === "client" ? _opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__.SpanKind.CLIENT : _opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__.SpanKind.INTERNAL;
        // Dates, not numbers: the SDK reads a number below the process's start as a performance.now() time.
        const span = tracer.startSpan(spec.name, { kind, startTime: new Date(spec.start), attributes: spec.attributes }, context);
        if (spec.error !== null)
            span.setStatus({ code: _opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__.SpanStatusCode.ERROR, message: spec.error });
        started.set(spec.spanId, span);
    }
    for (const spec of specs)
        started.get(spec.spanId)?.end(new Date(spec.end));
    await provider.shutdown();
    return ended;
}


/***/ })

};
