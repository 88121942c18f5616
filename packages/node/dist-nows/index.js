import {
  __esm,
  __export,
  __filename,
  __toCommonJS,
  init_esm_shims
} from "./chunk-KUPJGYHE.js";

// ../../node_modules/@opentelemetry/semantic-conventions/dist/stable_attributes.mjs
var ATTR_ERROR_TYPE, ATTR_EXCEPTION_MESSAGE, ATTR_EXCEPTION_STACKTRACE, ATTR_EXCEPTION_TYPE, ATTR_SERVICE_NAME, ATTR_TELEMETRY_SDK_LANGUAGE, TELEMETRY_SDK_LANGUAGE_VALUE_NODEJS, ATTR_TELEMETRY_SDK_NAME, ATTR_TELEMETRY_SDK_VERSION;
var init_stable_attributes = __esm({
  "../../node_modules/@opentelemetry/semantic-conventions/dist/stable_attributes.mjs"() {
    "use strict";
    init_esm_shims();
    ATTR_ERROR_TYPE = "error.type";
    ATTR_EXCEPTION_MESSAGE = "exception.message";
    ATTR_EXCEPTION_STACKTRACE = "exception.stacktrace";
    ATTR_EXCEPTION_TYPE = "exception.type";
    ATTR_SERVICE_NAME = "service.name";
    ATTR_TELEMETRY_SDK_LANGUAGE = "telemetry.sdk.language";
    TELEMETRY_SDK_LANGUAGE_VALUE_NODEJS = "nodejs";
    ATTR_TELEMETRY_SDK_NAME = "telemetry.sdk.name";
    ATTR_TELEMETRY_SDK_VERSION = "telemetry.sdk.version";
  }
});

// ../../node_modules/@opentelemetry/semantic-conventions/dist/index.mjs
var init_dist = __esm({
  "../../node_modules/@opentelemetry/semantic-conventions/dist/index.mjs"() {
    "use strict";
    init_esm_shims();
    init_stable_attributes();
  }
});

// ../../node_modules/@opentelemetry/otlp-exporter-base/dist/types.mjs
var OTLPExporterError;
var init_types = __esm({
  "../../node_modules/@opentelemetry/otlp-exporter-base/dist/types.mjs"() {
    "use strict";
    init_esm_shims();
    OTLPExporterError = class extends Error {
      code;
      name = "OTLPExporterError";
      data;
      constructor(message, code, data) {
        super(message);
        this.data = data;
        this.code = code;
      }
    };
  }
});

// ../../node_modules/@opentelemetry/otlp-exporter-base/dist/bounded-queue-export-promise-handler.mjs
function createBoundedQueueExportPromiseHandler(options3) {
  return new BoundedQueueExportPromiseHandler(options3.concurrencyLimit);
}
var BoundedQueueExportPromiseHandler;
var init_bounded_queue_export_promise_handler = __esm({
  "../../node_modules/@opentelemetry/otlp-exporter-base/dist/bounded-queue-export-promise-handler.mjs"() {
    "use strict";
    init_esm_shims();
    BoundedQueueExportPromiseHandler = class {
      _concurrencyLimit;
      _sendingPromises = [];
      /**
      * @param concurrencyLimit maximum promises allowed in a queue at the same time.
      */
      constructor(concurrencyLimit) {
        this._concurrencyLimit = concurrencyLimit;
      }
      pushPromise(promise) {
        if (this.hasReachedLimit()) throw new Error("Concurrency Limit reached");
        this._sendingPromises.push(promise);
        const popPromise = () => {
          const index = this._sendingPromises.indexOf(promise);
          this._sendingPromises.splice(index, 1);
        };
        promise.then(popPromise, popPromise);
      }
      hasReachedLimit() {
        return this._sendingPromises.length >= this._concurrencyLimit;
      }
      async awaitAll() {
        await Promise.all(this._sendingPromises);
      }
    };
  }
});

// ../../node_modules/@opentelemetry/otlp-exporter-base/dist/logging-response-handler.mjs
import { diag as diag10 } from "@opentelemetry/api";
function isPartialSuccessResponse(response) {
  return Object.prototype.hasOwnProperty.call(response, "partialSuccess");
}
function createLoggingPartialSuccessResponseHandler() {
  return { handleResponse(response) {
    if (response == null || !isPartialSuccessResponse(response) || response.partialSuccess == null || Object.keys(response.partialSuccess).length === 0) return;
    diag10.warn("Received Partial Success response:", JSON.stringify(response.partialSuccess));
  } };
}
var init_logging_response_handler = __esm({
  "../../node_modules/@opentelemetry/otlp-exporter-base/dist/logging-response-handler.mjs"() {
    "use strict";
    init_esm_shims();
  }
});

// ../../node_modules/@opentelemetry/otlp-exporter-base/node_modules/@opentelemetry/core/dist/common/time.mjs
function millisToHrTime2(epochMillis) {
  const epochSeconds = epochMillis / 1e3;
  return [Math.trunc(epochSeconds), Math.round(epochMillis % 1e3 * MILLISECONDS_TO_NANOSECONDS2)];
}
function hrTime2(performanceNow) {
  return addHrTimes2(millisToHrTime2(performance.timeOrigin), millisToHrTime2(typeof performanceNow === "number" ? performanceNow : performance.now()));
}
function hrTimeDuration2(startTime, endTime) {
  let seconds = endTime[0] - startTime[0];
  let nanos = endTime[1] - startTime[1];
  if (nanos < 0) {
    seconds -= 1;
    nanos += SECOND_TO_NANOSECONDS2;
  }
  return [seconds, nanos];
}
function hrTimeToMilliseconds2(time) {
  return time[0] * 1e3 + time[1] / 1e6;
}
function addHrTimes2(time1, time2) {
  const out = [time1[0] + time2[0], time1[1] + time2[1]];
  if (out[1] >= SECOND_TO_NANOSECONDS2) {
    out[1] -= SECOND_TO_NANOSECONDS2;
    out[0] += 1;
  }
  return out;
}
var NANOSECOND_DIGITS2, MILLISECONDS_TO_NANOSECONDS2, SECOND_TO_NANOSECONDS2;
var init_time = __esm({
  "../../node_modules/@opentelemetry/otlp-exporter-base/node_modules/@opentelemetry/core/dist/common/time.mjs"() {
    "use strict";
    init_esm_shims();
    NANOSECOND_DIGITS2 = 9;
    MILLISECONDS_TO_NANOSECONDS2 = Math.pow(10, 6);
    SECOND_TO_NANOSECONDS2 = Math.pow(10, NANOSECOND_DIGITS2);
  }
});

// ../../node_modules/@opentelemetry/otlp-exporter-base/node_modules/@opentelemetry/core/dist/ExportResult.mjs
var ExportResultCode2;
var init_ExportResult = __esm({
  "../../node_modules/@opentelemetry/otlp-exporter-base/node_modules/@opentelemetry/core/dist/ExportResult.mjs"() {
    "use strict";
    init_esm_shims();
    ExportResultCode2 = /* @__PURE__ */ (function(ExportResultCode3) {
      ExportResultCode3[ExportResultCode3["SUCCESS"] = 0] = "SUCCESS";
      ExportResultCode3[ExportResultCode3["FAILED"] = 1] = "FAILED";
      return ExportResultCode3;
    })({});
  }
});

// ../../node_modules/@opentelemetry/otlp-exporter-base/node_modules/@opentelemetry/core/dist/index.mjs
var init_dist2 = __esm({
  "../../node_modules/@opentelemetry/otlp-exporter-base/node_modules/@opentelemetry/core/dist/index.mjs"() {
    "use strict";
    init_esm_shims();
    init_time();
    init_ExportResult();
  }
});

// ../../node_modules/@opentelemetry/otlp-exporter-base/dist/otlp-export-delegate.mjs
import { diag as diag11 } from "@opentelemetry/api";
function createOtlpExportDelegate(components, settings) {
  return new OTLPExportDelegate(components.transport, components.serializer, createLoggingPartialSuccessResponseHandler(), components.promiseHandler, components.metrics, settings.timeout);
}
var OTLPExportDelegate;
var init_otlp_export_delegate = __esm({
  "../../node_modules/@opentelemetry/otlp-exporter-base/dist/otlp-export-delegate.mjs"() {
    "use strict";
    init_esm_shims();
    init_types();
    init_logging_response_handler();
    init_dist2();
    OTLPExportDelegate = class {
      _metrics;
      _diagLogger;
      _transport;
      _serializer;
      _responseHandler;
      _promiseQueue;
      _timeout;
      constructor(transport, serializer, responseHandler, promiseQueue, metrics3, timeout) {
        this._transport = transport;
        this._serializer = serializer;
        this._responseHandler = responseHandler;
        this._promiseQueue = promiseQueue;
        this._timeout = timeout;
        this._diagLogger = diag11.createComponentLogger({ namespace: "OTLPExportDelegate" });
        this._metrics = metrics3;
      }
      export(internalRepresentation, resultCallback) {
        this._diagLogger.debug("items to be sent", internalRepresentation);
        if (this._promiseQueue.hasReachedLimit()) {
          resultCallback({
            code: ExportResultCode2.FAILED,
            error: /* @__PURE__ */ new Error("Concurrent export limit reached")
          });
          return;
        }
        const serializedRequest = this._serializer.serializeRequest(internalRepresentation);
        if (serializedRequest == null) {
          resultCallback({
            code: ExportResultCode2.FAILED,
            error: /* @__PURE__ */ new Error("Nothing to send")
          });
          return;
        }
        const finishExport = this._metrics.startExport(internalRepresentation);
        this._promiseQueue.pushPromise(this._transport.send(serializedRequest, this._timeout).then((response) => {
          if (response.status === "success") {
            finishExport(void 0);
            if (response.data != null) try {
              this._responseHandler.handleResponse(this._serializer.deserializeResponse(response.data));
            } catch (e) {
              this._diagLogger.warn("Export succeeded but could not deserialize response - is the response specification compliant?", e, response.data);
            }
            resultCallback({ code: ExportResultCode2.SUCCESS });
            return;
          } else if (response.status === "failure" && response.error) {
            finishExport(response.error);
            resultCallback({
              code: ExportResultCode2.FAILED,
              error: response.error
            });
            return;
          } else if (response.status === "retryable") {
            finishExport("export_max_retries");
            resultCallback({
              code: ExportResultCode2.FAILED,
              error: response.error ?? new OTLPExporterError("Export failed with retryable status")
            });
          } else {
            finishExport("export_failed");
            resultCallback({
              code: ExportResultCode2.FAILED,
              error: new OTLPExporterError("Export failed with unknown error")
            });
          }
        }, (reason) => {
          finishExport(reason);
          resultCallback({
            code: ExportResultCode2.FAILED,
            error: reason
          });
        }));
      }
      forceFlush() {
        return this._promiseQueue.awaitAll();
      }
      setMetrics(metrics3) {
        this._metrics = metrics3;
      }
      async shutdown() {
        this._diagLogger.debug("shutdown started");
        await this.forceFlush();
        this._transport.shutdown();
      }
    };
  }
});

// ../../node_modules/@opentelemetry/otlp-exporter-base/dist/otlp-network-export-delegate.mjs
function createOtlpNetworkExportDelegate(options3, serializer, metrics3, transport) {
  return createOtlpExportDelegate({
    transport,
    serializer,
    promiseHandler: createBoundedQueueExportPromiseHandler(options3),
    metrics: metrics3
  }, { timeout: options3.timeoutMillis });
}
var init_otlp_network_export_delegate = __esm({
  "../../node_modules/@opentelemetry/otlp-exporter-base/dist/otlp-network-export-delegate.mjs"() {
    "use strict";
    init_esm_shims();
    init_bounded_queue_export_promise_handler();
    init_otlp_export_delegate();
  }
});

// ../../node_modules/@opentelemetry/otlp-exporter-base/dist/semconv.mjs
var ATTR_OTEL_COMPONENT_NAME2, ATTR_OTEL_COMPONENT_TYPE2, ATTR_SERVER_ADDRESS2, ATTR_SERVER_PORT2, ATTR_ERROR_TYPE2;
var init_semconv = __esm({
  "../../node_modules/@opentelemetry/otlp-exporter-base/dist/semconv.mjs"() {
    "use strict";
    init_esm_shims();
    ATTR_OTEL_COMPONENT_NAME2 = "otel.component.name";
    ATTR_OTEL_COMPONENT_TYPE2 = "otel.component.type";
    ATTR_SERVER_ADDRESS2 = "server.address";
    ATTR_SERVER_PORT2 = "server.port";
    ATTR_ERROR_TYPE2 = "error.type";
  }
});

// ../../node_modules/@opentelemetry/otlp-exporter-base/dist/version.mjs
var VERSION3;
var init_version = __esm({
  "../../node_modules/@opentelemetry/otlp-exporter-base/dist/version.mjs"() {
    "use strict";
    init_esm_shims();
    VERSION3 = "0.301.0";
  }
});

// ../../node_modules/@opentelemetry/otlp-exporter-base/dist/ExporterMetrics.mjs
import { createNoopMeter as createNoopMeter3 } from "@opentelemetry/api";
var componentCounter2, ExporterMetrics;
var init_ExporterMetrics = __esm({
  "../../node_modules/@opentelemetry/otlp-exporter-base/dist/ExporterMetrics.mjs"() {
    "use strict";
    init_esm_shims();
    init_semconv();
    init_version();
    init_dist2();
    componentCounter2 = /* @__PURE__ */ new Map();
    ExporterMetrics = class {
      inflight;
      exported;
      duration;
      standardAttrs;
      responseAttributesFromError;
      helper;
      constructor(options3) {
        const { componentType, metricsHelper, meterProvider, url, responseAttributesFromError } = options3;
        this.responseAttributesFromError = responseAttributesFromError;
        const meter = meterProvider ? meterProvider.getMeter("@opentelemetry/otlp-exporter", VERSION3) : createNoopMeter3();
        const counter = componentCounter2.get(componentType) ?? 0;
        componentCounter2.set(componentType, counter + 1);
        this.standardAttrs = {
          [ATTR_OTEL_COMPONENT_TYPE2]: componentType,
          [ATTR_OTEL_COMPONENT_NAME2]: `${componentType}/${counter}`
        };
        if (url) {
          let urlToParse = url;
          if (!url.includes("://")) urlToParse = `http://${url}`;
          try {
            const parsedUrl = new URL(urlToParse);
            this.standardAttrs[ATTR_SERVER_ADDRESS2] = parsedUrl.hostname;
            let port = void 0;
            if (parsedUrl.port) port = Number(parsedUrl.port);
            else if (parsedUrl.protocol === "http:") port = 80;
            else if (parsedUrl.protocol === "https:") port = 443;
            if (typeof port === "number") this.standardAttrs[ATTR_SERVER_PORT2] = port;
          } catch {
          }
        }
        this.helper = metricsHelper;
        this.inflight = meter.createUpDownCounter(`otel.sdk.exporter.${this.helper.name}.inflight`, {
          unit: `{${this.helper.name}}`,
          description: `The number of ${this.helper.name}s which were passed to the exporter, but that have not been exported yet (neither successful, nor failed).`
        });
        this.exported = meter.createCounter(`otel.sdk.exporter.${this.helper.name}.exported`, {
          unit: `{${this.helper.name}}`,
          description: `The number of ${this.helper.name}s for which the export has finished, either successful or failed.`
        });
        this.duration = meter.createHistogram("otel.sdk.exporter.operation.duration", {
          unit: "s",
          description: "The duration of exporting a batch of telemetry records.",
          advice: { explicitBucketBoundaries: [] }
        });
      }
      startExport(request) {
        const numItems = this.helper.countItems(request);
        const startTime = hrTime2();
        this.inflight.add(numItems, this.standardAttrs);
        return (error) => {
          const endTime = hrTime2();
          this.inflight.add(-numItems, this.standardAttrs);
          const exportedAttrs = error ? {
            ...this.standardAttrs,
            [ATTR_ERROR_TYPE2]: error instanceof Error ? error.name : "export_failed"
          } : this.standardAttrs;
          this.exported.add(numItems, exportedAttrs);
          const durationAttrs = {
            ...exportedAttrs,
            ...this.responseAttributesFromError(error)
          };
          const duration = hrTimeToMilliseconds2(hrTimeDuration2(startTime, endTime)) / 1e3;
          this.duration.record(duration, durationAttrs);
        };
      }
    };
  }
});

// ../../node_modules/@opentelemetry/otlp-exporter-base/dist/index.mjs
var init_dist3 = __esm({
  "../../node_modules/@opentelemetry/otlp-exporter-base/dist/index.mjs"() {
    "use strict";
    init_esm_shims();
    init_types();
    init_otlp_network_export_delegate();
    init_ExporterMetrics();
  }
});

// ../otlp/src/export-state.ts
function stopExportRetries() {
  shared[NO_RETRY] = true;
}
function retriesStopped() {
  return shared[NO_RETRY] === true;
}
function inFlightSockets() {
  return shared[IN_FLIGHT] ??= /* @__PURE__ */ new Set();
}
function exportsAbandoned() {
  return shared[ABANDONED] === true;
}
function abandonExports() {
  shared[ABANDONED] = true;
  const sockets = shared[IN_FLIGHT];
  if (sockets === void 0) return;
  for (const socket of [...sockets]) socket.destroy(abandonedError());
}
function abandonedError() {
  return new Error("export abandoned: the exit flush ran out of time (OTELKIT_SHUTDOWN_TIMEOUT)");
}
var NO_RETRY, ABANDONED, IN_FLIGHT, shared;
var init_export_state = __esm({
  "../otlp/src/export-state.ts"() {
    "use strict";
    init_esm_shims();
    NO_RETRY = /* @__PURE__ */ Symbol.for("otelkit.export.no-retry");
    ABANDONED = /* @__PURE__ */ Symbol.for("otelkit.export.abandoned");
    IN_FLIGHT = /* @__PURE__ */ Symbol.for("otelkit.export.in-flight");
    shared = globalThis;
  }
});

// ../otlp/src/export-retry.ts
function timeoutError() {
  return Object.assign(new Error("Request timed out"), { errorType: "timeout" });
}
function isRetryableStatus(status2) {
  return status2 === 429 || status2 === 502 || status2 === 503 || status2 === 504;
}
function isRetryableNetworkError(error) {
  return typeof error.code === "string" && RETRYABLE_NETWORK_CODES.has(error.code);
}
function parseRetryAfter(value, now = Date.now()) {
  if (value === void 0) return void 0;
  const text2 = value.trim();
  if (/^\d+$/.test(text2)) {
    const seconds = Number(text2);
    return seconds > 0 ? seconds * 1e3 : void 0;
  }
  if (!/[a-z]{3}/i.test(text2)) return void 0;
  const at = Date.parse(text2);
  if (Number.isNaN(at) || at <= now) return void 0;
  return at - now;
}
function backoffMs(retry, random = Math.random()) {
  const base = Math.min(INITIAL_BACKOFF_MS * 2 ** (retry - 1), MAX_BACKOFF_MS);
  return base * (1 + BACKOFF_JITTER * random);
}
function retryWaitMs(retry, hintMs, random = Math.random()) {
  if (hintMs === void 0) return backoffMs(retry, random);
  return Math.max(hintMs, INITIAL_BACKOFF_MS) * (1 + HINT_JITTER * random);
}
function giveUp(result, why) {
  const error = result.error ?? new Error("export failed with a retryable answer");
  if (!error.message.includes("gave up")) error.message = `${error.message} (gave up: ${why})`;
  return { status: "failure", error };
}
var INITIAL_BACKOFF_MS, MAX_BACKOFF_MS, BACKOFF_JITTER, HINT_JITTER, RETRYABLE_NETWORK_CODES, RetryingExportTransport;
var init_export_retry = __esm({
  "../otlp/src/export-retry.ts"() {
    "use strict";
    init_esm_shims();
    init_export_state();
    INITIAL_BACKOFF_MS = 1e3;
    MAX_BACKOFF_MS = 8e3;
    BACKOFF_JITTER = 0.2;
    HINT_JITTER = 0.1;
    RETRYABLE_NETWORK_CODES = /* @__PURE__ */ new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN", "ENOTFOUND", "ENETUNREACH", "EHOSTUNREACH"]);
    RetryingExportTransport = class {
      constructor(transport, budgetMs, random = Math.random) {
        this.transport = transport;
        this.budgetMs = budgetMs;
        this.random = random;
      }
      transport;
      budgetMs;
      random;
      async send(data, timeoutMillis) {
        const deadline = Date.now() + this.budgetMs;
        let result = await this.transport.send(data, timeoutMillis);
        for (let retry = 1; result.status === "retryable"; retry++) {
          if (retriesStopped()) return giveUp(result, "no retry while the process exits");
          const hint = result.retryInMillis;
          const wait = retryWaitMs(retry, hint !== void 0 && hint > 0 ? hint : void 0, this.random());
          const left = deadline - Date.now();
          if (wait > left) return giveUp(result, "the next wait would pass the retry budget, OTELKIT_EXPORT_RETRY_BUDGET");
          await new Promise((resolve2) => setTimeout(resolve2, wait).unref());
          if (retriesStopped()) return giveUp(result, "no retry while the process exits");
          result = await this.transport.send(data, timeoutMillis);
        }
        return result;
      }
      shutdown() {
        this.transport.shutdown();
      }
    };
  }
});

// ../otlp/src/otlp-socket-transport.ts
import { connect, isIP } from "net";
function socketTransportApplies(url, compression, headers, env = process.env) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:" || parsed.username !== "" || parsed.password !== "") return false;
  if (compression !== void 0 && compression !== "none" && compression !== "gzip") return false;
  if (env["NODE_USE_ENV_PROXY"] !== void 0 && env["NODE_USE_ENV_PROXY"] !== "" && env["NODE_USE_ENV_PROXY"] !== "0") return false;
  if (process.execArgv.some((a) => a.startsWith("--use-env-proxy"))) return false;
  for (const [name, value] of Object.entries(headers)) if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || INVALID_HEADER.test(String(value))) return false;
  return true;
}
function joined(previous, value) {
  return previous === void 0 ? value : `${previous}, ${value}`;
}
function hasToken(list, token) {
  return list !== void 0 && list.split(",").some((t) => t.trim().toLowerCase() === token);
}
function parseHead(buf, start2) {
  const end = buf.indexOf("\r\n\r\n", start2);
  if (end < 0) return buf.length - start2 > MAX_HEAD_BYTES ? new Error("OTLP export response head too large") : void 0;
  const text2 = buf.toString("latin1", start2, end + 2);
  let lineEnd = text2.indexOf("\r\n");
  const m = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(text2.slice(0, lineEnd));
  if (m === null) return malformed("not an HTTP/1.x status line");
  const head = { status: Number(m[2]), statusText: m[3] ?? "", bodyStart: end + 4, http10: m[1] === "0", contentLength: void 0, transferEncoding: void 0, contentEncoding: void 0, connection: void 0, retryAfter: void 0 };
  let last;
  for (let pos = lineEnd + 2; pos < text2.length; pos = lineEnd + 2) {
    lineEnd = text2.indexOf("\r\n", pos);
    const first = text2.charCodeAt(pos);
    if (first === 32 || first === 9) {
      if (last !== void 0) head[last] += ` ${text2.slice(pos, lineEnd).trim()}`;
      continue;
    }
    last = void 0;
    const colon = text2.indexOf(":", pos);
    if (colon < 0 || colon > lineEnd) continue;
    const n = colon - pos;
    const name = n === 14 || n === 17 || n === 16 || n === 10 || n === 11 ? text2.slice(pos, colon).toLowerCase() : "";
    if (name === "content-length") last = "contentLength";
    else if (name === "transfer-encoding") last = "transferEncoding";
    else if (name === "content-encoding") last = "contentEncoding";
    else if (name === "connection") last = "connection";
    else if (name === "retry-after") last = "retryAfter";
    else continue;
    const value = text2.slice(colon + 1, lineEnd).trim();
    head[last] = last === "retryAfter" ? value : joined(head[last], value);
  }
  return head;
}
function contentLength(value) {
  if (value === void 0) return -1;
  if (/^\d{1,15}$/.test(value)) return Number(value);
  let length = -1;
  for (const part of value.split(",")) {
    const v = part.trim();
    if (!/^\d{1,15}$/.test(v) || length !== -1 && Number(v) !== length) return -2;
    length = Number(v);
  }
  return length;
}
function codingList(value) {
  const list = value.split(",").map((c) => c.trim().toLowerCase()).filter((c) => c !== "" && c !== "identity");
  return list.length > 0 ? list : void 0;
}
function chunkSize(buf, from, to) {
  let size = 0;
  let i = from;
  for (; i < to && i - from < 16; i++) {
    const c = buf[i] | 32;
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (digit < 0) break;
    size = size * 16 + digit;
  }
  if (i === from) return -1;
  while (i < to && (buf[i] === 32 || buf[i] === 9)) i++;
  return i === to || buf[i] === 59 ? size : -1;
}
function gzip(data) {
  zlib ??= process.getBuiltinModule("node:zlib");
  return new Promise((resolve2, reject) => zlib.gzip(data, (error, result) => error === null ? resolve2(result) : reject(error)));
}
async function decodeBody(body, codings) {
  if (body.length === 0) return body;
  zlib ??= process.getBuiltinModule("node:zlib");
  for (let i = codings.length - 1; i >= 0; i--) {
    if (codings[i] !== "gzip" && codings[i] !== "x-gzip") return void 0;
    const input = body;
    const out = await new Promise(
      (resolve2) => zlib.gunzip(input, { maxOutputLength: MAX_RESPONSE_BYTES }, (error, result) => resolve2(error === null ? result : error.code === "ERR_BUFFER_TOO_LARGE" ? tooLarge() : void 0))
    );
    if (!(out instanceof Buffer)) return out;
    body = out;
  }
  return body;
}
function answer(head, body) {
  if (head.status >= 200 && head.status <= 299) return { status: "success", data: body };
  return { status: "failure", error: new OTLPExporterError(statusMessage(head), head.status, body?.toString() ?? "") };
}
function statusMessage(head) {
  return head.statusText === "" ? `HTTP ${head.status}` : `HTTP ${head.status} ${head.statusText}`;
}
var MAX_RESPONSE_BYTES, hangUp, tooLarge, MAX_HEAD_BYTES, IDLE_MS, MAX_IDLE, INVALID_HEADER, EMPTY, malformed, ResponseReader, zlib, SocketExportTransport;
var init_otlp_socket_transport = __esm({
  "../otlp/src/otlp-socket-transport.ts"() {
    "use strict";
    init_esm_shims();
    init_dist3();
    init_export_state();
    init_export_retry();
    MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
    hangUp = () => ({ status: "retryable", error: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) });
    tooLarge = () => Object.assign(new Error(`OTLP export response body exceeded size limit of ${MAX_RESPONSE_BYTES} bytes`), { errorType: "response_too_large" });
    MAX_HEAD_BYTES = 64 * 1024;
    IDLE_MS = 15e3;
    MAX_IDLE = 4;
    INVALID_HEADER = /[\r\n\0]|^$/;
    EMPTY = Buffer.alloc(0);
    malformed = (why) => new Error(`malformed OTLP export response: ${why}`);
    ResponseReader = class {
      buf;
      /** The buffer `buf` grows in once an answer comes in several pieces (see append). */
      backing;
      head;
      /** The next unread byte: the start of a head, then of the body or of the next chunk line. */
      pos = 0;
      /** -1: up to the end of the connection; -2: chunked; else the body's length. */
      length = 0;
      codings;
      keep = false;
      chunks;
      total = 0;
      /** Data bytes of the current chunk not read yet; then whether its closing CRLF is still due. */
      chunkLeft = 0;
      chunkEnd = false;
      /** Takes bytes; returns the answer once whole, an Error when it can't be read, else undefined. */
      push(chunk) {
        this.buf = this.buf === void 0 ? chunk : this.append(this.buf, chunk);
        return this.read(false);
      }
      /**
       * `buf` and then `chunk`, in a backing buffer that doubles when full: an answer read in many
       * pieces (a large or hostile body, up to the 4 MiB limit) costs its size in copies, where a new
       * buffer per piece cost the square (~130 MiB of copies for 4 MiB in 64 KiB pieces). It never
       * grows past what the answer can take: its announced length, else the limit. The bytes already
       * handed out (views of the backing) are never written again.
       */
      append(buf, chunk) {
        const length = buf.length + chunk.length;
        const backing = this.backing;
        if (backing !== void 0 && buf.buffer === backing.buffer && buf.byteOffset === backing.byteOffset && backing.length >= length) {
          chunk.copy(backing, buf.length);
          return backing.subarray(0, length);
        }
        const most = this.head !== void 0 && this.length >= 0 ? this.pos + this.length : MAX_RESPONSE_BYTES + MAX_HEAD_BYTES;
        const grown = Buffer.allocUnsafe(Math.max(length, Math.min(buf.length * 2, most)));
        buf.copy(grown, 0);
        chunk.copy(grown, buf.length);
        this.backing = grown;
        return grown.subarray(0, length);
      }
      /** At the end of the connection: the answer, an Error, or undefined when it was cut short. */
      end() {
        return this.read(true);
      }
      read(ended) {
        if (this.head === void 0) {
          if (this.buf === void 0) return void 0;
          const error = this.readHead(this.buf);
          if (error !== void 0) return error;
          if (this.head === void 0) return void 0;
        }
        const buf = this.buf ?? EMPTY;
        const head = this.head;
        const start2 = this.pos;
        if (this.length === -2) return this.readChunks(buf, head);
        if (this.length === -1) {
          if (buf.length - start2 > MAX_RESPONSE_BYTES) return tooLarge();
          return ended ? { head, body: buf.subarray(start2), keep: false, codings: this.codings } : void 0;
        }
        if (buf.length < start2 + this.length) return void 0;
        const body = this.length === 0 ? EMPTY : buf.subarray(start2, start2 + this.length);
        return { head, body, keep: this.keep && buf.length === start2 + this.length, codings: this.codings };
      }
      /** Reads heads until a final one and sets the framing; an Error when it can't be trusted. */
      readHead(buf) {
        for (; ; ) {
          const head = parseHead(buf, this.pos);
          if (head === void 0 || head instanceof Error) return head;
          if (head.status >= 200) return this.frame(head);
          if (head.status === 101) return malformed("101 Switching Protocols, never asked for");
          this.buf = head.bodyStart === buf.length ? void 0 : buf.subarray(head.bodyStart);
          this.pos = 0;
          if (this.buf === void 0) return void 0;
          buf = this.buf;
        }
      }
      frame(head) {
        this.head = head;
        this.pos = head.bodyStart;
        this.keep = head.http10 ? hasToken(head.connection, "keep-alive") && !hasToken(head.connection, "close") : !hasToken(head.connection, "close");
        if (head.status === 204 || head.status === 304) {
          this.length = 0;
          return void 0;
        }
        if (head.contentEncoding !== void 0) this.codings = codingList(head.contentEncoding);
        if (head.transferEncoding !== void 0) {
          if (head.http10) return malformed("Transfer-Encoding in an HTTP/1.0 answer");
          if (head.contentLength !== void 0) return malformed("both Transfer-Encoding and Content-Length");
          const codings = codingList(head.transferEncoding) ?? [];
          if (codings.at(-1) === "chunked") {
            codings.pop();
            this.length = -2;
          } else {
            this.length = -1;
          }
          if (codings.length > 0) this.codings = [...this.codings ?? [], ...codings];
          return void 0;
        }
        const length = contentLength(head.contentLength);
        if (length === -2) return malformed(`Content-Length ${JSON.stringify(head.contentLength)}`);
        if (length > MAX_RESPONSE_BYTES) return tooLarge();
        this.length = length;
        return void 0;
      }
      /**
       * Keep only the bytes not read yet (none: the next piece of the connection is used as it comes),
       * so that a long chunked answer holds its chunks' data and not every byte of the connection
       * again (RSS stayed ~17 MiB up after a 4 MiB answer).
       */
      unread(buf) {
        if (this.pos >= buf.length) this.buf = void 0;
        else if (this.pos > 0) this.buf = buf.subarray(this.pos);
        this.pos = 0;
        return void 0;
      }
      /**
       * Chunked framing, read as the bytes come: a chunk's data is kept as views of the connection's
       * pieces, whatever piece it starts or ends in; only a size line or a CRLF cut between two pieces
       * is copied.
       */
      readChunks(buf, head) {
        const chunks = this.chunks ??= [];
        for (; ; ) {
          if (this.chunkLeft > 0) {
            const take = Math.min(this.chunkLeft, buf.length - this.pos);
            if (take > 0) chunks.push(buf.subarray(this.pos, this.pos + take));
            this.pos += take;
            this.chunkLeft -= take;
            if (this.chunkLeft > 0) return this.unread(buf);
            this.chunkEnd = true;
          }
          if (this.chunkEnd) {
            if (buf.length < this.pos + 2) return this.unread(buf);
            if (buf[this.pos] !== 13 || buf[this.pos + 1] !== 10) return malformed("chunk longer than its size");
            this.pos += 2;
            this.chunkEnd = false;
          }
          const pos = this.pos;
          const lineEnd = buf.indexOf("\r\n", pos);
          if (lineEnd < 0) return buf.length - pos > MAX_HEAD_BYTES ? malformed("chunk line too long") : this.unread(buf);
          const size = chunkSize(buf, pos, lineEnd);
          if (size < 0) return malformed(`chunk size ${JSON.stringify(buf.toString("latin1", pos, Math.min(lineEnd, pos + 20)))}`);
          if (size === 0) {
            const end = buf.indexOf("\r\n\r\n", lineEnd);
            if (end < 0) return buf.length - lineEnd > MAX_HEAD_BYTES ? malformed("trailers too large") : void 0;
            const body = chunks.length === 1 ? chunks[0] : chunks.length === 0 ? EMPTY : Buffer.concat(chunks, this.total);
            return { head, body, keep: this.keep && buf.length === end + 4, codings: this.codings };
          }
          if (this.total + size > MAX_RESPONSE_BYTES) return tooLarge();
          this.total += size;
          this.chunkLeft = size;
          this.pos = lineEnd + 2;
        }
      }
    };
    SocketExportTransport = class {
      idle = [];
      host;
      port;
      requestHead;
      compress;
      idleMillis;
      /** TLS connection options for an https endpoint; undefined for plain http. */
      tls;
      /** The last TLS session the receiver gave, offered again by the next connection (a shorter handshake). */
      tlsSession;
      closed = false;
      constructor(url, headers, options3 = {}) {
        const u = new URL(url);
        const secure = u.protocol === "https:";
        this.host = u.hostname.startsWith("[") ? u.hostname.slice(1, -1) : u.hostname;
        this.port = u.port === "" ? secure ? 443 : 80 : Number(u.port);
        this.compress = options3.compression === "gzip";
        this.idleMillis = options3.idleMillis ?? IDLE_MS;
        this.tls = secure ? { ...options3.tls, ...isIP(this.host) === 0 ? { servername: this.host } : {} } : void 0;
        let head = `POST ${u.pathname || "/"}${u.search} HTTP/1.1\r
Host: ${u.host}\r
`;
        for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r
`;
        if (this.compress) head += "Content-Encoding: gzip\r\n";
        this.requestHead = head;
      }
      connect() {
        if (this.tls === void 0) return connect({ host: this.host, port: this.port });
        const socket = process.getBuiltinModule("node:tls").connect({ ...this.tls, host: this.host, port: this.port, session: this.tlsSession });
        socket.on("session", (session) => this.tlsSession = session);
        return socket;
      }
      async send(payload, timeoutMillis) {
        try {
          const data = this.compress ? await gzip(payload) : payload;
          if (exportsAbandoned()) return { status: "failure", error: abandonedError() };
          let reused = this.takeIdle();
          while (reused !== void 0 && (reused.destroyed || !reused.writable)) {
            reused.destroy();
            reused = this.takeIdle();
          }
          if (reused !== void 0) {
            const result = await this.attempt(reused, true, data, timeoutMillis);
            if (result !== "stale") return result;
            if (exportsAbandoned()) return { status: "failure", error: abandonedError() };
          }
          return await this.attempt(this.connect(), false, data, timeoutMillis);
        } catch (error) {
          return { status: "failure", error: error instanceof Error ? error : new Error(String(error)) };
        }
      }
      shutdown() {
        this.closed = true;
        for (const { socket, timer } of this.idle.splice(0)) {
          clearTimeout(timer);
          socket.destroy();
        }
      }
      takeIdle() {
        const entry = this.idle.pop();
        if (entry === void 0) return void 0;
        clearTimeout(entry.timer);
        return entry.socket;
      }
      /** One request on a socket; 'stale' when a kept (reused) socket failed before any answer. */
      attempt(socket, reused, data, timeoutMillis) {
        return new Promise((resolve2) => {
          inFlightSockets().add(socket);
          socket.removeAllListeners("close");
          socket.removeAllListeners("error");
          socket.ref();
          const reader = new ResponseReader();
          let received = false;
          let done = false;
          const finish = (result, keep) => {
            if (done) return;
            done = true;
            inFlightSockets().delete(socket);
            clearTimeout(timer);
            socket.removeListener("data", onData);
            socket.removeListener("end", onEnd);
            socket.removeListener("error", onError);
            socket.removeListener("close", onClose);
            if (keep && !this.closed && socket.writableLength === 0 && this.idle.length < MAX_IDLE) this.keepIdle(socket);
            else socket.destroy();
            resolve2(result);
          };
          const settle = (message, ended) => {
            if (message instanceof Error) return finish({ status: "failure", error: message }, false);
            if (message === void 0) {
              if (ended) finish({ status: "retryable", error: new Error("OTLP export response ended early") }, false);
              return;
            }
            const { head, body, keep, codings } = message;
            const status2 = head.status;
            if (isRetryableStatus(status2)) return finish({ status: "retryable", retryInMillis: parseRetryAfter(head.retryAfter), error: new OTLPExporterError(statusMessage(head), status2) }, keep);
            if (codings === void 0) return finish(answer(head, body), keep);
            finish(
              decodeBody(body, codings).then((decoded) => decoded instanceof Error ? { status: "failure", error: decoded } : answer(head, decoded ?? (status2 <= 299 ? void 0 : body))),
              keep
            );
          };
          const onData = (chunk) => {
            received = true;
            settle(reader.push(chunk), false);
          };
          const onEnd = () => {
            if (!received) return finish(reused ? "stale" : hangUp(), false);
            settle(reader.end(), true);
          };
          const onError = (error) => {
            if (!received && reused) return finish("stale", false);
            const retryable = isRetryableNetworkError(error);
            finish(retryable ? { status: "retryable", error } : { status: "failure", error }, false);
          };
          const onClose = () => {
            if (!received && reused) return finish("stale", false);
            finish(hangUp(), false);
          };
          const timer = setTimeout(() => finish({ status: "retryable", error: timeoutError() }, false), timeoutMillis);
          socket.on("data", onData);
          socket.on("end", onEnd);
          socket.on("error", onError);
          socket.on("close", onClose);
          socket.cork();
          socket.write(`${this.requestHead}Content-Length: ${data.byteLength}\r
\r
`, "latin1");
          socket.write(data);
          socket.uncork();
        });
      }
      keepIdle(socket) {
        const drop = () => {
          const i = this.idle.findIndex((e) => e.socket === socket);
          if (i >= 0) clearTimeout(this.idle.splice(i, 1)[0].timer);
          socket.destroy();
        };
        socket.unref();
        socket.on("close", drop);
        socket.on("error", drop);
        const timer = setTimeout(drop, this.idleMillis);
        timer.unref();
        this.idle.push({ socket, timer });
      }
    };
  }
});

// ../otlp/src/otlp-node-http-transport.ts
var MAX_RESPONSE_BYTES2, NodeHttpExportTransport;
var init_otlp_node_http_transport = __esm({
  "../otlp/src/otlp-node-http-transport.ts"() {
    "use strict";
    init_esm_shims();
    init_dist3();
    init_export_retry();
    MAX_RESPONSE_BYTES2 = 4 * 1024 * 1024;
    NodeHttpExportTransport = class {
      /** @param agentOptions keep-alive and, for https, the TLS files (ca, cert, key). */
      constructor(url, headers, agentOptions, compression) {
        this.headers = headers;
        this.compression = compression;
        this.url = new URL(url);
        const https = this.url.protocol === "https:";
        this.client = process.getBuiltinModule(https ? "node:https" : "node:http");
        this.agent = new this.client.Agent(https ? agentOptions : { keepAlive: agentOptions.keepAlive });
      }
      headers;
      compression;
      url;
      client;
      agent;
      async send(data, timeoutMillis) {
        let body = data;
        const headers = { ...this.headers };
        if (this.compression === "gzip") {
          const zlib2 = process.getBuiltinModule("node:zlib");
          body = await new Promise((resolve2, reject) => zlib2.gzip(data, (error, result) => error === null ? resolve2(result) : reject(error)));
          headers["Content-Encoding"] = "gzip";
        }
        return new Promise((resolve2) => {
          let done = false;
          const finish = (result) => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            resolve2(result);
          };
          const req = this.client.request(this.url, { method: "POST", headers, agent: this.agent }, (res) => {
            const chunks = [];
            let size = 0;
            res.on("data", (chunk) => {
              size += chunk.length;
              if (size > MAX_RESPONSE_BYTES2) {
                res.destroy();
                finish({ status: "failure", error: Object.assign(new Error(`OTLP export response body exceeded size limit of ${MAX_RESPONSE_BYTES2} bytes`), { errorType: "response_too_large" }) });
              } else chunks.push(chunk);
            });
            res.on("error", (error) => finish({ status: "retryable", error }));
            res.on("end", () => {
              const status2 = res.statusCode ?? 0;
              const text2 = res.statusMessage === void 0 || res.statusMessage === "" ? `HTTP ${status2}` : `HTTP ${status2} ${res.statusMessage}`;
              const data2 = Buffer.concat(chunks);
              if (status2 >= 200 && status2 <= 299) finish({ status: "success", data: data2 });
              else if (isRetryableStatus(status2)) {
                const retryAfter = res.headers["retry-after"];
                finish({ status: "retryable", retryInMillis: parseRetryAfter(typeof retryAfter === "string" ? retryAfter : retryAfter?.[0]), error: new OTLPExporterError(text2, status2) });
              } else finish({ status: "failure", error: new OTLPExporterError(text2, status2, data2.toString()) });
            });
          });
          const timer = setTimeout(() => {
            req.destroy();
            finish({ status: "retryable", error: timeoutError() });
          }, timeoutMillis);
          req.on("error", (error) => {
            const retryable = isRetryableNetworkError(error);
            finish(retryable ? { status: "retryable", error } : { status: "failure", error });
          });
          req.end(body);
        });
      }
      shutdown() {
        this.agent.destroy();
      }
    };
  }
});

// ../otlp/src/otlp-http-transport.ts
var otlp_http_transport_exports = {};
__export(otlp_http_transport_exports, {
  ExporterMetrics: () => ExporterMetrics,
  NodeHttpExportTransport: () => NodeHttpExportTransport,
  RetryingExportTransport: () => RetryingExportTransport,
  SocketExportTransport: () => SocketExportTransport,
  createOtlpNetworkExportDelegate: () => createOtlpNetworkExportDelegate,
  socketTransportApplies: () => socketTransportApplies
});
var init_otlp_http_transport = __esm({
  "../otlp/src/otlp-http-transport.ts"() {
    "use strict";
    init_esm_shims();
    init_dist3();
    init_otlp_socket_transport();
    init_otlp_node_http_transport();
    init_export_retry();
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/metrics/index.mjs
var MetricsExporterMetricsHelper;
var init_metrics = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/metrics/index.mjs"() {
    "use strict";
    init_esm_shims();
    MetricsExporterMetricsHelper = {
      name: "metric_data_point",
      countItems: (request) => {
        let count2 = 0;
        for (const scopeMetrics of request.scopeMetrics) for (const metric of scopeMetrics.metrics) count2 += metric.dataPoints.length;
        return count2;
      }
    };
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/trace/index.mjs
var TraceExporterMetricsHelper;
var init_trace = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/trace/index.mjs"() {
    "use strict";
    init_esm_shims();
    TraceExporterMetricsHelper = {
      name: "span",
      countItems: (request) => request.length
    };
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/logs/index.mjs
var LogsExporterMetricsHelper;
var init_logs = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/logs/index.mjs"() {
    "use strict";
    init_esm_shims();
    LogsExporterMetricsHelper = {
      name: "log",
      countItems: (request) => request.length
    };
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/common/protobuf/utils.mjs
function estimateVarintSize(v) {
  if (v < 0) return 10;
  if (v < 128) return 1;
  if (v < 16384) return 2;
  if (v < 2097152) return 3;
  if (v < 268435456) return 4;
  if (v < 34359738368) return 5;
  if (v < 4398046511104) return 6;
  if (v < 562949953421312) return 7;
  if (v < 72057594037927940) return 8;
  return 9;
}
var init_utils = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/common/protobuf/utils.mjs"() {
    "use strict";
    init_esm_shims();
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/common/protobuf/protobuf-writer.mjs
import { diag as diag12 } from "@opentelemetry/api";
var GROWING_BUFFER_DEBUG_MESSAGE, RESERVED_LENGTH_BYTES, ProtobufWriter;
var init_protobuf_writer = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/common/protobuf/protobuf-writer.mjs"() {
    "use strict";
    init_esm_shims();
    init_utils();
    GROWING_BUFFER_DEBUG_MESSAGE = "ProtobufWriter: estimated size was too small, growing buffer.";
    RESERVED_LENGTH_BYTES = 1;
    ProtobufWriter = class {
      _buffer;
      _textEncoder;
      _dataView;
      pos = 0;
      constructor(estimatedSize = 65536) {
        this._buffer = new Uint8Array(estimatedSize);
        this._textEncoder = new TextEncoder();
        this._dataView = new DataView(this._buffer.buffer, this._buffer.byteOffset);
      }
      /**
      * Ensure buffer has capacity for at least size more bytes
      */
      _ensureCapacity(size) {
        const needed = this.pos + size;
        if (needed <= this._buffer.length) return;
        diag12.debug(GROWING_BUFFER_DEBUG_MESSAGE);
        let newSize = this._buffer.length * 2;
        while (newSize < needed) newSize *= 2;
        const newBuffer = new Uint8Array(newSize);
        newBuffer.set(this._buffer);
        this._buffer = newBuffer;
        this._dataView = new DataView(this._buffer.buffer, this._buffer.byteOffset);
      }
      /**
      * Get the written bytes as a Uint8Array
      */
      finish() {
        return this._buffer.subarray(0, this.pos);
      }
      /**
      * Insert placeholder for length. Update later with {@link finishLengthDelimited}
      * Returns the position where to write the length.
      */
      startLengthDelimited() {
        const lengthPos = this.pos;
        this._ensureCapacity(RESERVED_LENGTH_BYTES);
        this.pos += RESERVED_LENGTH_BYTES;
        return lengthPos;
      }
      /**
      * Write length varint at placeholder position and shift content forward if needed.
      * Most messages are small (< 128 bytes), so we reserve 1 byte and only shift
      * when the length needs more bytes.
      */
      finishLengthDelimited(pos, length) {
        const v = length >>> 0;
        const varintSize = estimateVarintSize(v);
        if (varintSize > RESERVED_LENGTH_BYTES) {
          const additionalBytes = varintSize - RESERVED_LENGTH_BYTES;
          this._ensureCapacity(additionalBytes);
          this._buffer.copyWithin(pos + varintSize, pos + RESERVED_LENGTH_BYTES, this.pos);
          this.pos += additionalBytes;
        }
        let writePos = pos;
        if (v < 128) this._buffer[writePos] = v;
        else if (v < 16384) {
          this._buffer[writePos++] = v & 127 | 128;
          this._buffer[writePos] = v >>> 7;
        } else if (v < 2097152) {
          this._buffer[writePos++] = v & 127 | 128;
          this._buffer[writePos++] = v >>> 7 & 127 | 128;
          this._buffer[writePos] = v >>> 14;
        } else if (v < 268435456) {
          this._buffer[writePos++] = v & 127 | 128;
          this._buffer[writePos++] = v >>> 7 & 127 | 128;
          this._buffer[writePos++] = v >>> 14 & 127 | 128;
          this._buffer[writePos] = v >>> 21;
        } else {
          this._buffer[writePos++] = v & 127 | 128;
          this._buffer[writePos++] = v >>> 7 & 127 | 128;
          this._buffer[writePos++] = v >>> 14 & 127 | 128;
          this._buffer[writePos++] = v >>> 21 & 127 | 128;
          this._buffer[writePos] = v >>> 28;
        }
      }
      /**
      * Write a sint32 value using zigzag encoding
      */
      writeSint32(value) {
        this.writeVarint((value << 1 ^ value >> 31) >>> 0);
      }
      /**
      * Write a signed 64-bit fixed integer (sfixed64) from a JS number.
      * Handles negative values via two's complement.
      */
      writeSfixed64(value) {
        let low;
        let high;
        if (value >= 0) {
          low = value >>> 0;
          high = value / 4294967296 >>> 0;
        } else {
          const abs = Math.abs(value);
          low = abs >>> 0;
          high = abs / 4294967296 >>> 0;
          low = ~low >>> 0;
          high = ~high >>> 0;
          low = low + 1 >>> 0;
          if (low === 0) high = high + 1 >>> 0;
        }
        this.writeFixed64(low, high);
      }
      /**
      * Write a varint (variable-length integer)
      */
      writeVarint(value) {
        this._ensureCapacity(estimateVarintSize(value));
        if (value >= 0 && value <= 4294967295) {
          let v = value >>> 0;
          while (v > 127) {
            this._buffer[this.pos++] = v & 127 | 128;
            v >>>= 7;
          }
          this._buffer[this.pos++] = v;
        } else {
          let low;
          let high;
          if (value >= 0) {
            low = value >>> 0;
            high = value / 4294967296 >>> 0;
          } else {
            const abs = Math.abs(value);
            low = abs >>> 0;
            high = abs / 4294967296 >>> 0;
            low = ~low >>> 0;
            high = ~high >>> 0;
            low = low + 1 >>> 0;
            if (low === 0) high = high + 1 >>> 0;
          }
          while (high > 0 || low > 127) {
            this._buffer[this.pos++] = low & 127 | 128;
            low = (low >>> 7 | high << 25) >>> 0;
            high >>>= 7;
          }
          this._buffer[this.pos++] = low & 127;
        }
      }
      /**
      * Write a 32-bit fixed integer (little-endian)
      */
      writeFixed32(value) {
        this._ensureCapacity(4);
        const v = value >>> 0;
        this._buffer[this.pos++] = v & 255;
        this._buffer[this.pos++] = v >>> 8 & 255;
        this._buffer[this.pos++] = v >>> 16 & 255;
        this._buffer[this.pos++] = v >>> 24 & 255;
      }
      /**
      * Write a 64-bit fixed integer (little-endian)
      * @param low - Low 32 bits
      * @param high - High 32 bits
      */
      writeFixed64(low, high) {
        this._ensureCapacity(8);
        const l = low >>> 0;
        const h = high >>> 0;
        this._buffer[this.pos++] = l & 255;
        this._buffer[this.pos++] = l >>> 8 & 255;
        this._buffer[this.pos++] = l >>> 16 & 255;
        this._buffer[this.pos++] = l >>> 24 & 255;
        this._buffer[this.pos++] = h & 255;
        this._buffer[this.pos++] = h >>> 8 & 255;
        this._buffer[this.pos++] = h >>> 16 & 255;
        this._buffer[this.pos++] = h >>> 24 & 255;
      }
      /**
      * Write length-delimited data (varint length + bytes)
      */
      writeBytes(bytes) {
        this.writeVarint(bytes.length);
        this._ensureCapacity(bytes.length);
        this._buffer.set(bytes, this.pos);
        this.pos += bytes.length;
      }
      /**
      * Write a field key (field number + wire type)
      */
      writeTag(fieldNumber, wireType) {
        this.writeVarint(fieldNumber << 3 | wireType);
      }
      /**
      * Write a double (64-bit IEEE 754)
      */
      writeDouble(value) {
        this._ensureCapacity(8);
        this._dataView.setFloat64(this.pos, value, true);
        this.pos += 8;
      }
      /**
      * Write a string as UTF-8 bytes (length-delimited)
      */
      writeString(str) {
        let isAscii = true;
        const len = str.length;
        for (let i = 0; i < len; i++) if (str.charCodeAt(i) > 127) {
          isAscii = false;
          break;
        }
        if (isAscii) {
          this.writeVarint(len);
          this._ensureCapacity(len);
          for (let i = 0; i < len; i++) this._buffer[this.pos++] = str.charCodeAt(i);
        } else {
          const bytes = this._textEncoder.encode(str);
          this.writeBytes(bytes);
        }
      }
    };
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/common/hex-to-binary.mjs
function intValue(charCode) {
  if (charCode >= 48 && charCode <= 57) return charCode - 48;
  if (charCode >= 97 && charCode <= 102) return charCode - 87;
  return charCode - 55;
}
function hexToBinary(hexStr) {
  const buf = new Uint8Array(hexStr.length / 2);
  let offset = 0;
  for (let i = 0; i < hexStr.length; i += 2) {
    const hi = intValue(hexStr.charCodeAt(i));
    const lo = intValue(hexStr.charCodeAt(i + 1));
    buf[offset++] = hi << 4 | lo;
  }
  return buf;
}
var init_hex_to_binary = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/common/hex-to-binary.mjs"() {
    "use strict";
    init_esm_shims();
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/common/protobuf/common-serializer.mjs
function writeHrTimeAsFixed64(serializer, hrTime4) {
  const seconds = hrTime4[0];
  const nanos = hrTime4[1];
  const nanosPerSecond = 1e9;
  const secondsLower16Bits = seconds & 65535;
  const secondsUpperBits = seconds / 65536 >>> 0;
  const nanosFromLower16Bits = secondsLower16Bits * nanosPerSecond;
  const nanosFromUpperBits = secondsUpperBits * nanosPerSecond;
  const lower16ContributionLow32 = nanosFromLower16Bits >>> 0;
  const lower16ContributionHigh32 = Math.floor(nanosFromLower16Bits / 4294967296);
  const upperBitsContributionLow32 = (nanosFromUpperBits & 65535) * 65536 >>> 0;
  const upperBitsContributionHigh32 = nanosFromUpperBits / 65536 >>> 0;
  const low32WithCarry = lower16ContributionLow32 + upperBitsContributionLow32 + nanos;
  const totalLow = low32WithCarry >>> 0;
  const carry = Math.floor(low32WithCarry / 4294967296);
  const totalHigh = lower16ContributionHigh32 + upperBitsContributionHigh32 + carry >>> 0;
  serializer.writeFixed64(totalLow, totalHigh);
}
function writeAttributes(writer, attributes2, fieldNumber) {
  for (const key in attributes2) {
    if (!Object.prototype.hasOwnProperty.call(attributes2, key)) continue;
    const value = attributes2[key];
    writer.writeTag(fieldNumber, 2);
    const kvStart = writer.startLengthDelimited();
    const startPos = writer.pos;
    writeKeyValue(writer, key, value);
    writer.finishLengthDelimited(kvStart, writer.pos - startPos);
  }
}
function writeKeyValue(writer, key, value) {
  writer.writeTag(1, 2);
  writer.writeString(key);
  writer.writeTag(2, 2);
  const valueStart = writer.startLengthDelimited();
  const startPos = writer.pos;
  writeAnyValue(writer, value);
  writer.finishLengthDelimited(valueStart, writer.pos - startPos);
}
function writeAnyValue(writer, value) {
  const t = typeof value;
  if (t === "string") {
    writer.writeTag(1, 2);
    writer.writeString(value);
  } else if (t === "boolean") {
    writer.writeTag(2, 0);
    writer.writeVarint(value ? 1 : 0);
  } else if (t === "number") {
    const numValue = value;
    if (Number.isInteger(numValue) && numValue >= MIN_64_BIT_INT && numValue < MAX_64_BIT_INT) {
      writer.writeTag(3, 0);
      writer.writeVarint(numValue);
    } else {
      writer.writeTag(4, 1);
      writer.writeDouble(numValue);
    }
  } else if (value instanceof Uint8Array) {
    writer.writeTag(7, 2);
    writer.writeBytes(value);
  } else if (Array.isArray(value)) {
    writer.writeTag(5, 2);
    const arrayStart = writer.startLengthDelimited();
    const arrayStartPos = writer.pos;
    for (const item of value) {
      writer.writeTag(1, 2);
      const itemStart = writer.startLengthDelimited();
      const itemStartPos = writer.pos;
      writeAnyValue(writer, item);
      writer.finishLengthDelimited(itemStart, writer.pos - itemStartPos);
    }
    writer.finishLengthDelimited(arrayStart, writer.pos - arrayStartPos);
  } else if (t === "object" && value != null) {
    writer.writeTag(6, 2);
    const kvlistStart = writer.startLengthDelimited();
    const kvlistStartPos = writer.pos;
    const obj2 = value;
    for (const k in obj2) {
      if (!Object.prototype.hasOwnProperty.call(obj2, k)) continue;
      const v = obj2[k];
      writer.writeTag(1, 2);
      const kvStart = writer.startLengthDelimited();
      const kvStartPos = writer.pos;
      writer.writeTag(1, 2);
      writer.writeString(k);
      writer.writeTag(2, 2);
      const valueStart = writer.startLengthDelimited();
      const valueStartPos = writer.pos;
      writeAnyValue(writer, v);
      writer.finishLengthDelimited(valueStart, writer.pos - valueStartPos);
      writer.finishLengthDelimited(kvStart, writer.pos - kvStartPos);
    }
    writer.finishLengthDelimited(kvlistStart, writer.pos - kvlistStartPos);
  }
}
function writeInstrumentationScope(writer, scope, fieldNumber) {
  writer.writeTag(fieldNumber, 2);
  const start2 = writer.startLengthDelimited();
  const startPos = writer.pos;
  writer.writeTag(1, 2);
  writer.writeString(scope.name);
  if (scope.version) {
    writer.writeTag(2, 2);
    writer.writeString(scope.version);
  }
  if (scope.attributes) writeAttributes(writer, scope.attributes, 3);
  if (scope.droppedAttributesCount) {
    writer.writeTag(4, 0);
    writer.writeVarint(scope.droppedAttributesCount);
  }
  writer.finishLengthDelimited(start2, writer.pos - startPos);
}
function writeResource(writer, resource2, fieldNumber) {
  writer.writeTag(fieldNumber, 2);
  const resourceStart = writer.startLengthDelimited();
  const resourceStartPos = writer.pos;
  if (resource2.attributes) writeAttributes(writer, resource2.attributes, 1);
  writer.writeTag(2, 0);
  writer.writeVarint(0);
  writer.finishLengthDelimited(resourceStart, writer.pos - resourceStartPos);
}
var MIN_64_BIT_INT, MAX_64_BIT_INT;
var init_common_serializer = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/common/protobuf/common-serializer.mjs"() {
    "use strict";
    init_esm_shims();
    MIN_64_BIT_INT = -(2 ** 63);
    MAX_64_BIT_INT = 2 ** 63;
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/common/protobuf/protobuf-size-estimator.mjs
function utf8ByteLength(str) {
  const len = str.length;
  let byteLen = 0;
  for (let i = 0; i < len; i++) {
    const code = str.charCodeAt(i);
    if (code < 128) byteLen += 1;
    else if (code < 2048) byteLen += 2;
    else if (code < 55296 || code >= 57344) byteLen += 3;
    else {
      i++;
      byteLen += 4;
    }
  }
  return byteLen;
}
var ProtobufSizeEstimator;
var init_protobuf_size_estimator = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/common/protobuf/protobuf-size-estimator.mjs"() {
    "use strict";
    init_esm_shims();
    init_utils();
    ProtobufSizeEstimator = class {
      pos = 0;
      startLengthDelimited() {
        return this.pos;
      }
      finishLengthDelimited(_, length) {
        this.pos += estimateVarintSize(length);
      }
      writeVarint(value) {
        this.pos += estimateVarintSize(value);
      }
      writeSint32(value) {
        this.pos += estimateVarintSize((value << 1 ^ value >> 31) >>> 0);
      }
      writeSfixed64(_value) {
        this.pos += 8;
      }
      writeFixed32(_value) {
        this.pos += 4;
      }
      writeFixed64(_low, _high) {
        this.pos += 8;
      }
      writeBytes(bytes) {
        this.pos += estimateVarintSize(bytes.length);
        this.pos += bytes.length;
      }
      writeTag(fieldNumber, wireType) {
        this.writeVarint(fieldNumber << 3 | wireType);
      }
      writeDouble(_value) {
        this.pos += 8;
      }
      writeString(str) {
        const byteLen = utf8ByteLength(str);
        this.pos += estimateVarintSize(byteLen);
        this.pos += byteLen;
      }
    };
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/logs/protobuf/logs-serializer.mjs
import { SeverityNumber } from "@opentelemetry/api";
function serializeLogRecord(writer, logRecord) {
  const logStart = writer.startLengthDelimited();
  const logStartPos = writer.pos;
  writer.writeTag(1, 1);
  writeHrTimeAsFixed64(writer, logRecord.hrTime);
  if (logRecord.severityNumber !== void 0 && logRecord.severityNumber !== SeverityNumber.UNSPECIFIED) {
    writer.writeTag(2, 0);
    writer.writeVarint(logRecord.severityNumber);
  }
  if (logRecord.severityText) {
    writer.writeTag(3, 2);
    writer.writeString(logRecord.severityText);
  }
  if (logRecord.body !== void 0) {
    writer.writeTag(5, 2);
    const bodyStart = writer.startLengthDelimited();
    const bodyStartPos = writer.pos;
    writeAnyValue(writer, logRecord.body);
    writer.finishLengthDelimited(bodyStart, writer.pos - bodyStartPos);
  }
  if (logRecord.attributes) writeAttributes(writer, logRecord.attributes, 6);
  writer.writeTag(7, 0);
  writer.writeVarint(logRecord.droppedAttributesCount);
  if (logRecord.spanContext?.traceFlags) {
    writer.writeTag(8, 5);
    writer.writeFixed32(logRecord.spanContext.traceFlags);
  }
  if (logRecord.spanContext?.traceId) {
    writer.writeTag(9, 2);
    writer.writeBytes(hexToBinary(logRecord.spanContext.traceId));
  }
  if (logRecord.spanContext?.spanId) {
    writer.writeTag(10, 2);
    writer.writeBytes(hexToBinary(logRecord.spanContext.spanId));
  }
  writer.writeTag(11, 1);
  writeHrTimeAsFixed64(writer, logRecord.hrTimeObserved);
  if (logRecord.eventName) {
    writer.writeTag(12, 2);
    writer.writeString(logRecord.eventName);
  }
  writer.finishLengthDelimited(logStart, writer.pos - logStartPos);
}
function serializeScopeLogs(writer, scope, logRecords) {
  const scopeLogsStart = writer.startLengthDelimited();
  const scopeLogsStartPos = writer.pos;
  writeInstrumentationScope(writer, scope, 1);
  for (const logRecord of logRecords) {
    writer.writeTag(2, 2);
    serializeLogRecord(writer, logRecord);
  }
  if (scope.schemaUrl) {
    writer.writeTag(3, 2);
    writer.writeString(scope.schemaUrl);
  }
  writer.finishLengthDelimited(scopeLogsStart, writer.pos - scopeLogsStartPos);
}
function serializeResourceLogs(writer, resource2, scopeMap) {
  const resourceLogsStart = writer.startLengthDelimited();
  const resourceLogsStartPos = writer.pos;
  writeResource(writer, resource2, 1);
  for (const scopeLogs of scopeMap.values()) {
    writer.writeTag(2, 2);
    const scope = scopeLogs[0].instrumentationScope;
    serializeScopeLogs(writer, scope, scopeLogs);
  }
  if (resource2.schemaUrl) {
    writer.writeTag(3, 2);
    writer.writeString(resource2.schemaUrl);
  }
  writer.finishLengthDelimited(resourceLogsStart, writer.pos - resourceLogsStartPos);
}
function createResourceMap(logRecords) {
  const resourceMap = /* @__PURE__ */ new Map();
  for (const record of logRecords) {
    const resource2 = record.resource;
    const scope = record.instrumentationScope;
    let ismMap = resourceMap.get(resource2);
    if (!ismMap) {
      ismMap = /* @__PURE__ */ new Map();
      resourceMap.set(resource2, ismMap);
    }
    let records = ismMap.get(scope);
    if (!records) {
      records = [];
      ismMap.set(scope, records);
    }
    records.push(record);
  }
  return resourceMap;
}
function serializeLogsExportRequest(logRecords) {
  const resourceMap = createResourceMap(logRecords);
  const estimator = new ProtobufSizeEstimator();
  for (const [resource2, scopeMap] of resourceMap) {
    estimator.writeTag(1, 2);
    serializeResourceLogs(estimator, resource2, scopeMap);
  }
  const writer = new ProtobufWriter(estimator.pos);
  for (const [resource2, scopeMap] of resourceMap) {
    writer.writeTag(1, 2);
    serializeResourceLogs(writer, resource2, scopeMap);
  }
  return writer.finish();
}
var init_logs_serializer = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/logs/protobuf/logs-serializer.mjs"() {
    "use strict";
    init_esm_shims();
    init_protobuf_writer();
    init_hex_to_binary();
    init_common_serializer();
    init_protobuf_size_estimator();
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/common/protobuf/protobuf-reader.mjs
var ProtobufReader;
var init_protobuf_reader = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/common/protobuf/protobuf-reader.mjs"() {
    "use strict";
    init_esm_shims();
    ProtobufReader = class {
      pos = 0;
      _buf;
      _textDecoder;
      constructor(buf) {
        this._buf = buf;
        this._textDecoder = new TextDecoder();
      }
      isAtEnd() {
        return this.pos >= this._buf.length;
      }
      /** Read a varint and decode it as a tag, returning field number and wire type. */
      readTag() {
        const raw2 = this.readVarint();
        return {
          fieldNumber: raw2 >>> 3,
          wireType: raw2 & 7
        };
      }
      /**
      * Read a base-128 varint.
      * Returns a JS `number`; precision above 2^53 is silently lost.
      * Throws if the buffer is truncated mid-varint.
      */
      readVarint() {
        let result = 0;
        let shift = 0;
        let terminated = false;
        while (this.pos < this._buf.length) {
          const b = this._buf[this.pos++];
          result += (b & 127) * Math.pow(2, shift);
          shift += 7;
          if ((b & 128) === 0) {
            terminated = true;
            break;
          }
        }
        if (!terminated) throw new Error("Truncated buffer: unexpected end of data while reading varint");
        return result;
      }
      /** Read a length-delimited byte sequence (bytes field or embedded message). */
      readBytes() {
        const len = this.readVarint();
        if (this.pos + len > this._buf.length) throw new Error(`Truncated buffer: expected ${len} bytes at position ${this.pos}, but only ${this._buf.length - this.pos} available`);
        const slice = this._buf.subarray(this.pos, this.pos + len);
        this.pos += len;
        return slice;
      }
      /** Read a length-delimited UTF-8 string. */
      readString() {
        return this._textDecoder.decode(this.readBytes());
      }
      /**
      * Skip an unknown field.
      * Handles wire types 0 (varint), 1 (64-bit), 2 (length-delimited),
      * and 5 (32-bit).
      *
      * Wire types 3 and 4 (start-group / end-group) are deprecated in proto3
      * and are not used by any OpenTelemetry proto definition. Encountering
      * them is treated as an error.
      */
      skip(wireType) {
        switch (wireType) {
          case 0:
            this.readVarint();
            break;
          case 1:
            this.pos += 8;
            break;
          case 2:
            this.readBytes();
            break;
          case 5:
            this.pos += 4;
            break;
          default:
            throw new Error(`Unknown wire type ${wireType}, cannot safely skip`);
        }
      }
    };
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/logs/protobuf/response-deserializer.mjs
function deserializePartialSuccess(data) {
  const reader = new ProtobufReader(data);
  const result = {};
  while (!reader.isAtEnd()) {
    const { fieldNumber, wireType } = reader.readTag();
    switch (fieldNumber) {
      case 1:
        if (wireType === 0) result.rejectedLogRecords = reader.readVarint();
        else reader.skip(wireType);
        break;
      case 2:
        if (wireType === 2) result.errorMessage = reader.readString();
        else reader.skip(wireType);
        break;
      default:
        reader.skip(wireType);
    }
  }
  return result;
}
function deserializeExportLogsServiceResponse(data) {
  const reader = new ProtobufReader(data);
  const result = {};
  while (!reader.isAtEnd()) {
    const { fieldNumber, wireType } = reader.readTag();
    switch (fieldNumber) {
      case 1:
        if (wireType === 2) result.partialSuccess = deserializePartialSuccess(reader.readBytes());
        else reader.skip(wireType);
        break;
      default:
        reader.skip(wireType);
    }
  }
  return result;
}
var init_response_deserializer = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/logs/protobuf/response-deserializer.mjs"() {
    "use strict";
    init_esm_shims();
    init_protobuf_reader();
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/logs/protobuf/logs.mjs
var ProtobufLogsSerializer;
var init_logs2 = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/logs/protobuf/logs.mjs"() {
    "use strict";
    init_esm_shims();
    init_logs_serializer();
    init_response_deserializer();
    ProtobufLogsSerializer = {
      serializeRequest: (arg) => {
        return serializeLogsExportRequest(arg);
      },
      deserializeResponse: (arg) => {
        return deserializeExportLogsServiceResponse(arg);
      }
    };
  }
});

// ../../node_modules/@opentelemetry/sdk-metrics/dist/export/AggregationTemporality.mjs
var AggregationTemporality;
var init_AggregationTemporality = __esm({
  "../../node_modules/@opentelemetry/sdk-metrics/dist/export/AggregationTemporality.mjs"() {
    "use strict";
    init_esm_shims();
    AggregationTemporality = /* @__PURE__ */ (function(AggregationTemporality3) {
      AggregationTemporality3[AggregationTemporality3["DELTA"] = 0] = "DELTA";
      AggregationTemporality3[AggregationTemporality3["CUMULATIVE"] = 1] = "CUMULATIVE";
      return AggregationTemporality3;
    })({});
  }
});

// ../../node_modules/@opentelemetry/sdk-metrics/dist/export/MetricData.mjs
var DataPointType;
var init_MetricData = __esm({
  "../../node_modules/@opentelemetry/sdk-metrics/dist/export/MetricData.mjs"() {
    "use strict";
    init_esm_shims();
    DataPointType = /* @__PURE__ */ (function(DataPointType3) {
      DataPointType3[DataPointType3["HISTOGRAM"] = 0] = "HISTOGRAM";
      DataPointType3[DataPointType3["EXPONENTIAL_HISTOGRAM"] = 1] = "EXPONENTIAL_HISTOGRAM";
      DataPointType3[DataPointType3["GAUGE"] = 2] = "GAUGE";
      DataPointType3[DataPointType3["SUM"] = 3] = "SUM";
      return DataPointType3;
    })({});
  }
});

// ../../node_modules/@opentelemetry/sdk-metrics/dist/index.mjs
var init_dist4 = __esm({
  "../../node_modules/@opentelemetry/sdk-metrics/dist/index.mjs"() {
    "use strict";
    init_esm_shims();
    init_AggregationTemporality();
    init_MetricData();
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/metrics/protobuf/metrics-serializer.mjs
import { ValueType } from "@opentelemetry/api";
function serializeNumberDataPoint(writer, dataPoint, valueType) {
  const start2 = writer.startLengthDelimited();
  const startPos = writer.pos;
  writer.writeTag(2, 1);
  writeHrTimeAsFixed64(writer, dataPoint.startTime);
  writer.writeTag(3, 1);
  writeHrTimeAsFixed64(writer, dataPoint.endTime);
  if (valueType === ValueType.INT) {
    writer.writeTag(6, 1);
    writer.writeSfixed64(dataPoint.value);
  } else {
    writer.writeTag(4, 1);
    writer.writeDouble(dataPoint.value);
  }
  if (dataPoint.attributes) writeAttributes(writer, dataPoint.attributes, 7);
  writer.finishLengthDelimited(start2, writer.pos - startPos);
}
function serializeHistogramDataPoint(writer, dataPoint) {
  const start2 = writer.startLengthDelimited();
  const startPos = writer.pos;
  const histogram = dataPoint.value;
  writer.writeTag(2, 1);
  writeHrTimeAsFixed64(writer, dataPoint.startTime);
  writer.writeTag(3, 1);
  writeHrTimeAsFixed64(writer, dataPoint.endTime);
  writer.writeTag(4, 1);
  writer.writeFixed64(histogram.count >>> 0, histogram.count / 4294967296 >>> 0);
  if (histogram.sum !== void 0) {
    writer.writeTag(5, 1);
    writer.writeDouble(histogram.sum);
  }
  if (histogram.buckets.counts.length > 0) {
    writer.writeTag(6, 2);
    const countsStart = writer.startLengthDelimited();
    const countsStartPos = writer.pos;
    for (const count2 of histogram.buckets.counts) writer.writeFixed64(count2 >>> 0, count2 / 4294967296 >>> 0);
    writer.finishLengthDelimited(countsStart, writer.pos - countsStartPos);
  }
  if (histogram.buckets.boundaries.length > 0) {
    writer.writeTag(7, 2);
    const boundsStart = writer.startLengthDelimited();
    const boundsStartPos = writer.pos;
    for (const bound of histogram.buckets.boundaries) writer.writeDouble(bound);
    writer.finishLengthDelimited(boundsStart, writer.pos - boundsStartPos);
  }
  if (dataPoint.attributes) writeAttributes(writer, dataPoint.attributes, 9);
  if (histogram.min !== void 0) {
    writer.writeTag(11, 1);
    writer.writeDouble(histogram.min);
  }
  if (histogram.max !== void 0) {
    writer.writeTag(12, 1);
    writer.writeDouble(histogram.max);
  }
  writer.finishLengthDelimited(start2, writer.pos - startPos);
}
function serializeExponentialBuckets(writer, offset, bucketCounts) {
  const start2 = writer.startLengthDelimited();
  const startPos = writer.pos;
  if (offset !== 0) {
    writer.writeTag(1, 0);
    writer.writeSint32(offset);
  }
  if (bucketCounts.length > 0) {
    writer.writeTag(2, 2);
    const bcStart = writer.startLengthDelimited();
    const bcStartPos = writer.pos;
    for (const count2 of bucketCounts) writer.writeVarint(count2);
    writer.finishLengthDelimited(bcStart, writer.pos - bcStartPos);
  }
  writer.finishLengthDelimited(start2, writer.pos - startPos);
}
function serializeExponentialHistogramDataPoint(writer, dataPoint) {
  const start2 = writer.startLengthDelimited();
  const startPos = writer.pos;
  const histogram = dataPoint.value;
  if (dataPoint.attributes) writeAttributes(writer, dataPoint.attributes, 1);
  writer.writeTag(2, 1);
  writeHrTimeAsFixed64(writer, dataPoint.startTime);
  writer.writeTag(3, 1);
  writeHrTimeAsFixed64(writer, dataPoint.endTime);
  writer.writeTag(4, 1);
  writer.writeFixed64(histogram.count >>> 0, histogram.count / 4294967296 >>> 0);
  if (histogram.sum !== void 0) {
    writer.writeTag(5, 1);
    writer.writeDouble(histogram.sum);
  }
  if (histogram.scale !== 0) {
    writer.writeTag(6, 0);
    writer.writeSint32(histogram.scale);
  }
  writer.writeTag(7, 1);
  writer.writeFixed64(histogram.zeroCount >>> 0, histogram.zeroCount / 4294967296 >>> 0);
  writer.writeTag(8, 2);
  serializeExponentialBuckets(writer, histogram.positive.offset, histogram.positive.bucketCounts);
  writer.writeTag(9, 2);
  serializeExponentialBuckets(writer, histogram.negative.offset, histogram.negative.bucketCounts);
  if (histogram.min !== void 0) {
    writer.writeTag(12, 1);
    writer.writeDouble(histogram.min);
  }
  if (histogram.max !== void 0) {
    writer.writeTag(13, 1);
    writer.writeDouble(histogram.max);
  }
  writer.finishLengthDelimited(start2, writer.pos - startPos);
}
function serializeMetric(writer, metricData) {
  const metricStart = writer.startLengthDelimited();
  const metricStartPos = writer.pos;
  writer.writeTag(1, 2);
  writer.writeString(metricData.descriptor.name);
  if (metricData.descriptor.description) {
    writer.writeTag(2, 2);
    writer.writeString(metricData.descriptor.description);
  }
  if (metricData.descriptor.unit) {
    writer.writeTag(3, 2);
    writer.writeString(metricData.descriptor.unit);
  }
  switch (metricData.dataPointType) {
    case DataPointType.GAUGE:
      writer.writeTag(5, 2);
      serializeGauge(writer, metricData);
      break;
    case DataPointType.SUM:
      writer.writeTag(7, 2);
      serializeSum(writer, metricData);
      break;
    case DataPointType.HISTOGRAM:
      writer.writeTag(9, 2);
      serializeHistogramMetric(writer, metricData);
      break;
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      writer.writeTag(10, 2);
      serializeExponentialHistogramMetric(writer, metricData);
  }
  writer.finishLengthDelimited(metricStart, writer.pos - metricStartPos);
}
function serializeGauge(writer, metricData) {
  const start2 = writer.startLengthDelimited();
  const startPos = writer.pos;
  for (const dataPoint of metricData.dataPoints) {
    writer.writeTag(1, 2);
    serializeNumberDataPoint(writer, dataPoint, metricData.descriptor.valueType);
  }
  writer.finishLengthDelimited(start2, writer.pos - startPos);
}
function serializeSum(writer, metricData) {
  const start2 = writer.startLengthDelimited();
  const startPos = writer.pos;
  for (const dataPoint of metricData.dataPoints) {
    writer.writeTag(1, 2);
    serializeNumberDataPoint(writer, dataPoint, metricData.descriptor.valueType);
  }
  const temporality = toProtoAggregationTemporality(metricData.aggregationTemporality);
  if (temporality !== 0) {
    writer.writeTag(2, 0);
    writer.writeVarint(temporality);
  }
  if (metricData.isMonotonic) {
    writer.writeTag(3, 0);
    writer.writeVarint(1);
  }
  writer.finishLengthDelimited(start2, writer.pos - startPos);
}
function serializeHistogramMetric(writer, metricData) {
  const start2 = writer.startLengthDelimited();
  const startPos = writer.pos;
  for (const dataPoint of metricData.dataPoints) {
    writer.writeTag(1, 2);
    serializeHistogramDataPoint(writer, dataPoint);
  }
  const temporality = toProtoAggregationTemporality(metricData.aggregationTemporality);
  if (temporality !== 0) {
    writer.writeTag(2, 0);
    writer.writeVarint(temporality);
  }
  writer.finishLengthDelimited(start2, writer.pos - startPos);
}
function serializeExponentialHistogramMetric(writer, metricData) {
  const start2 = writer.startLengthDelimited();
  const startPos = writer.pos;
  for (const dataPoint of metricData.dataPoints) {
    writer.writeTag(1, 2);
    serializeExponentialHistogramDataPoint(writer, dataPoint);
  }
  const temporality = toProtoAggregationTemporality(metricData.aggregationTemporality);
  if (temporality !== 0) {
    writer.writeTag(2, 0);
    writer.writeVarint(temporality);
  }
  writer.finishLengthDelimited(start2, writer.pos - startPos);
}
function serializeScopeMetrics(writer, scopeMetrics) {
  const scopeStart = writer.startLengthDelimited();
  const scopeStartPos = writer.pos;
  writeInstrumentationScope(writer, scopeMetrics.scope, 1);
  for (const metric of scopeMetrics.metrics) {
    writer.writeTag(2, 2);
    serializeMetric(writer, metric);
  }
  if (scopeMetrics.scope.schemaUrl) {
    writer.writeTag(3, 2);
    writer.writeString(scopeMetrics.scope.schemaUrl);
  }
  writer.finishLengthDelimited(scopeStart, writer.pos - scopeStartPos);
}
function serializeResourceMetrics(writer, resourceMetrics) {
  const start2 = writer.startLengthDelimited();
  const startPos = writer.pos;
  writeResource(writer, resourceMetrics.resource, 1);
  for (const scopeMetrics of resourceMetrics.scopeMetrics) {
    writer.writeTag(2, 2);
    serializeScopeMetrics(writer, scopeMetrics);
  }
  if (resourceMetrics.resource.schemaUrl) {
    writer.writeTag(3, 2);
    writer.writeString(resourceMetrics.resource.schemaUrl);
  }
  writer.finishLengthDelimited(start2, writer.pos - startPos);
}
function toProtoAggregationTemporality(temporality) {
  switch (temporality) {
    case AggregationTemporality.DELTA:
      return 1;
    case AggregationTemporality.CUMULATIVE:
      return 2;
    default:
      return 0;
  }
}
function serializeMetricsExportRequest(resourceMetrics) {
  const estimator = new ProtobufSizeEstimator();
  estimator.writeTag(1, 2);
  serializeResourceMetrics(estimator, resourceMetrics);
  const writer = new ProtobufWriter(estimator.pos);
  writer.writeTag(1, 2);
  serializeResourceMetrics(writer, resourceMetrics);
  return writer.finish();
}
var init_metrics_serializer = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/metrics/protobuf/metrics-serializer.mjs"() {
    "use strict";
    init_esm_shims();
    init_protobuf_writer();
    init_common_serializer();
    init_protobuf_size_estimator();
    init_dist4();
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/metrics/protobuf/response-deserializer.mjs
function deserializePartialSuccess2(data) {
  const reader = new ProtobufReader(data);
  const result = {};
  while (!reader.isAtEnd()) {
    const { fieldNumber, wireType } = reader.readTag();
    switch (fieldNumber) {
      case 1:
        if (wireType === 0) result.rejectedDataPoints = reader.readVarint();
        else reader.skip(wireType);
        break;
      case 2:
        if (wireType === 2) result.errorMessage = reader.readString();
        else reader.skip(wireType);
        break;
      default:
        reader.skip(wireType);
    }
  }
  return result;
}
function deserializeExportMetricsServiceResponse(data) {
  const reader = new ProtobufReader(data);
  const result = {};
  while (!reader.isAtEnd()) {
    const { fieldNumber, wireType } = reader.readTag();
    switch (fieldNumber) {
      case 1:
        if (wireType === 2) result.partialSuccess = deserializePartialSuccess2(reader.readBytes());
        else reader.skip(wireType);
        break;
      default:
        reader.skip(wireType);
    }
  }
  return result;
}
var init_response_deserializer2 = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/metrics/protobuf/response-deserializer.mjs"() {
    "use strict";
    init_esm_shims();
    init_protobuf_reader();
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/metrics/protobuf/metrics.mjs
var ProtobufMetricsSerializer;
var init_metrics2 = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/metrics/protobuf/metrics.mjs"() {
    "use strict";
    init_esm_shims();
    init_metrics_serializer();
    init_response_deserializer2();
    ProtobufMetricsSerializer = {
      serializeRequest: (arg) => {
        return serializeMetricsExportRequest(arg);
      },
      deserializeResponse: (arg) => {
        return deserializeExportMetricsServiceResponse(arg);
      }
    };
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/common/internal.mjs
function createResource(resource2, encoder) {
  const result = {
    attributes: toAttributes(resource2.attributes, encoder),
    droppedAttributesCount: 0
  };
  const schemaUrl = resource2.schemaUrl;
  if (schemaUrl && schemaUrl !== "") result.schemaUrl = schemaUrl;
  return result;
}
function createInstrumentationScope(scope, encoder) {
  const result = {
    name: scope.name,
    version: scope.version
  };
  if (scope.attributes && Object.keys(scope.attributes).length > 0) {
    result.attributes = toAttributes(scope.attributes, encoder);
    result.droppedAttributesCount = scope.droppedAttributesCount ?? 0;
  }
  return result;
}
function toAttributes(attributes2, encoder) {
  return Object.keys(attributes2).map((key) => toKeyValue(key, attributes2[key], encoder));
}
function toKeyValue(key, value, encoder) {
  return {
    key,
    value: toAnyValue(value, encoder)
  };
}
function toAnyValue(value, encoder) {
  const t = typeof value;
  if (t === "string") return { stringValue: value };
  if (t === "number") {
    if (!Number.isInteger(value)) return { doubleValue: value };
    return { intValue: value };
  }
  if (t === "boolean") return { boolValue: value };
  if (value instanceof Uint8Array) return { bytesValue: encoder.encodeUint8Array(value) };
  if (Array.isArray(value)) {
    const values = new Array(value.length);
    for (let i = 0; i < value.length; i++) values[i] = toAnyValue(value[i], encoder);
    return { arrayValue: { values } };
  }
  if (t === "object" && value != null) {
    const keys = Object.keys(value);
    const values = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) values[i] = {
      key: keys[i],
      value: toAnyValue(value[keys[i]], encoder)
    };
    return { kvlistValue: { values } };
  }
  return {};
}
var init_internal = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/common/internal.mjs"() {
    "use strict";
    init_esm_shims();
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/logs/internal.mjs
function createExportLogsServiceRequest(logRecords, encoder) {
  return { resourceLogs: logRecordsToResourceLogs(logRecords, encoder) };
}
function createResourceMap2(logRecords) {
  const resourceMap = /* @__PURE__ */ new Map();
  for (const record of logRecords) {
    const { resource: resource2, instrumentationScope } = record;
    let ismMap = resourceMap.get(resource2);
    if (!ismMap) {
      ismMap = /* @__PURE__ */ new Map();
      resourceMap.set(resource2, ismMap);
    }
    let records = ismMap.get(instrumentationScope);
    if (!records) {
      records = [];
      ismMap.set(instrumentationScope, records);
    }
    records.push(record);
  }
  return resourceMap;
}
function logRecordsToResourceLogs(logRecords, encoder) {
  const resourceMap = createResourceMap2(logRecords);
  return Array.from(resourceMap, ([resource2, ismMap]) => {
    const processedResource = createResource(resource2, encoder);
    return {
      resource: processedResource,
      scopeLogs: Array.from(ismMap, ([, scopeLogs]) => {
        return {
          scope: createInstrumentationScope(scopeLogs[0].instrumentationScope, encoder),
          logRecords: scopeLogs.map((log) => toLogRecord(log, encoder)),
          schemaUrl: scopeLogs[0].instrumentationScope.schemaUrl
        };
      }),
      schemaUrl: processedResource.schemaUrl
    };
  });
}
function toLogRecord(log, encoder) {
  return {
    timeUnixNano: encoder.encodeHrTime(log.hrTime),
    observedTimeUnixNano: encoder.encodeHrTime(log.hrTimeObserved),
    severityNumber: toSeverityNumber(log.severityNumber),
    severityText: log.severityText,
    body: toAnyValue(log.body, encoder),
    eventName: log.eventName,
    attributes: toAttributes(log.attributes, encoder),
    droppedAttributesCount: log.droppedAttributesCount,
    flags: log.spanContext?.traceFlags,
    traceId: encoder.encodeOptionalSpanContext(log.spanContext?.traceId),
    spanId: encoder.encodeOptionalSpanContext(log.spanContext?.spanId)
  };
}
function toSeverityNumber(severityNumber) {
  return severityNumber;
}
var init_internal2 = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/logs/internal.mjs"() {
    "use strict";
    init_esm_shims();
    init_internal();
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/node_modules/@opentelemetry/core/dist/common/time.mjs
function hrTimeToNanoseconds3(time) {
  return time[0] * SECOND_TO_NANOSECONDS3 + time[1];
}
var NANOSECOND_DIGITS3, MILLISECONDS_TO_NANOSECONDS3, SECOND_TO_NANOSECONDS3;
var init_time2 = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/node_modules/@opentelemetry/core/dist/common/time.mjs"() {
    "use strict";
    init_esm_shims();
    NANOSECOND_DIGITS3 = 9;
    MILLISECONDS_TO_NANOSECONDS3 = Math.pow(10, 6);
    SECOND_TO_NANOSECONDS3 = Math.pow(10, NANOSECOND_DIGITS3);
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/node_modules/@opentelemetry/core/dist/index.mjs
var init_dist5 = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/node_modules/@opentelemetry/core/dist/index.mjs"() {
    "use strict";
    init_esm_shims();
    init_time2();
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/platform/node/base64.mjs
function encodeBase64(bytes) {
  return Buffer.from(bytes).toString("base64");
}
var init_base64 = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/platform/node/base64.mjs"() {
    "use strict";
    init_esm_shims();
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/platform/node/index.mjs
var init_node = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/platform/node/index.mjs"() {
    "use strict";
    init_esm_shims();
    init_base64();
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/common/utils.mjs
function hrTimeToNanos(hrTime4) {
  const NANOSECONDS = BigInt(1e9);
  return BigInt(Math.trunc(hrTime4[0])) * NANOSECONDS + BigInt(Math.trunc(hrTime4[1]));
}
function encodeAsString(hrTime4) {
  return hrTimeToNanos(hrTime4).toString();
}
function identity(value) {
  return value;
}
var encodeTimestamp, JSON_ENCODER;
var init_utils2 = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/common/utils.mjs"() {
    "use strict";
    init_esm_shims();
    init_dist5();
    init_node();
    encodeTimestamp = typeof BigInt !== "undefined" ? encodeAsString : hrTimeToNanoseconds3;
    JSON_ENCODER = {
      encodeHrTime: encodeTimestamp,
      encodeSpanContext: identity,
      encodeOptionalSpanContext: identity,
      encodeUint8Array: encodeBase64
    };
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/logs/json/logs.mjs
import { diag as diag13 } from "@opentelemetry/api";
var JsonLogsSerializer;
var init_logs3 = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/logs/json/logs.mjs"() {
    "use strict";
    init_esm_shims();
    init_internal2();
    init_utils2();
    JsonLogsSerializer = {
      serializeRequest: (arg) => {
        const request = createExportLogsServiceRequest(arg, JSON_ENCODER);
        return new TextEncoder().encode(JSON.stringify(request));
      },
      deserializeResponse: (arg) => {
        if (arg.length === 0) return {};
        const decoder2 = new TextDecoder();
        try {
          return JSON.parse(decoder2.decode(arg));
        } catch (err) {
          diag13.warn(`Failed to parse logs export response: ${err.message}. Returning empty response`);
          return {};
        }
      }
    };
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/metrics/internal.mjs
import { ValueType as ValueType2 } from "@opentelemetry/api";
function toResourceMetrics(resourceMetrics, encoder) {
  const processedResource = createResource(resourceMetrics.resource, encoder);
  return {
    resource: processedResource,
    schemaUrl: processedResource.schemaUrl,
    scopeMetrics: toScopeMetrics(resourceMetrics.scopeMetrics, encoder)
  };
}
function toScopeMetrics(scopeMetrics, encoder) {
  return Array.from(scopeMetrics.map((metrics3) => ({
    scope: createInstrumentationScope(metrics3.scope, encoder),
    metrics: metrics3.metrics.map((metricData) => toMetric(metricData, encoder)),
    schemaUrl: metrics3.scope.schemaUrl
  })));
}
function toMetric(metricData, encoder) {
  const out = {
    name: metricData.descriptor.name,
    description: metricData.descriptor.description,
    unit: metricData.descriptor.unit
  };
  const aggregationTemporality = toAggregationTemporality(metricData.aggregationTemporality);
  switch (metricData.dataPointType) {
    case DataPointType.SUM:
      out.sum = {
        aggregationTemporality,
        isMonotonic: metricData.isMonotonic,
        dataPoints: toSingularDataPoints(metricData, encoder)
      };
      break;
    case DataPointType.GAUGE:
      out.gauge = { dataPoints: toSingularDataPoints(metricData, encoder) };
      break;
    case DataPointType.HISTOGRAM:
      out.histogram = {
        aggregationTemporality,
        dataPoints: toHistogramDataPoints(metricData, encoder)
      };
      break;
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      out.exponentialHistogram = {
        aggregationTemporality,
        dataPoints: toExponentialHistogramDataPoints(metricData, encoder)
      };
  }
  return out;
}
function toSingularDataPoint(dataPoint, valueType, encoder) {
  const out = {
    attributes: toAttributes(dataPoint.attributes, encoder),
    startTimeUnixNano: encoder.encodeHrTime(dataPoint.startTime),
    timeUnixNano: encoder.encodeHrTime(dataPoint.endTime)
  };
  switch (valueType) {
    case ValueType2.INT:
      out.asInt = dataPoint.value;
      break;
    case ValueType2.DOUBLE:
      out.asDouble = dataPoint.value;
  }
  return out;
}
function toSingularDataPoints(metricData, encoder) {
  return metricData.dataPoints.map((dataPoint) => {
    return toSingularDataPoint(dataPoint, metricData.descriptor.valueType, encoder);
  });
}
function toHistogramDataPoints(metricData, encoder) {
  return metricData.dataPoints.map((dataPoint) => {
    const histogram = dataPoint.value;
    return {
      attributes: toAttributes(dataPoint.attributes, encoder),
      bucketCounts: histogram.buckets.counts,
      explicitBounds: histogram.buckets.boundaries,
      count: histogram.count,
      sum: histogram.sum,
      min: histogram.min,
      max: histogram.max,
      startTimeUnixNano: encoder.encodeHrTime(dataPoint.startTime),
      timeUnixNano: encoder.encodeHrTime(dataPoint.endTime)
    };
  });
}
function toExponentialHistogramDataPoints(metricData, encoder) {
  return metricData.dataPoints.map((dataPoint) => {
    const histogram = dataPoint.value;
    return {
      attributes: toAttributes(dataPoint.attributes, encoder),
      count: histogram.count,
      min: histogram.min,
      max: histogram.max,
      sum: histogram.sum,
      positive: {
        offset: histogram.positive.offset,
        bucketCounts: histogram.positive.bucketCounts
      },
      negative: {
        offset: histogram.negative.offset,
        bucketCounts: histogram.negative.bucketCounts
      },
      scale: histogram.scale,
      zeroCount: histogram.zeroCount,
      startTimeUnixNano: encoder.encodeHrTime(dataPoint.startTime),
      timeUnixNano: encoder.encodeHrTime(dataPoint.endTime)
    };
  });
}
function toAggregationTemporality(temporality) {
  switch (temporality) {
    case AggregationTemporality.DELTA:
      return 1;
    case AggregationTemporality.CUMULATIVE:
      return 2;
  }
}
function createExportMetricsServiceRequest(resourceMetrics, encoder) {
  return { resourceMetrics: resourceMetrics.map((metrics3) => toResourceMetrics(metrics3, encoder)) };
}
var init_internal3 = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/metrics/internal.mjs"() {
    "use strict";
    init_esm_shims();
    init_internal();
    init_dist4();
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/metrics/json/metrics.mjs
import { diag as diag14 } from "@opentelemetry/api";
var JsonMetricsSerializer;
var init_metrics3 = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/metrics/json/metrics.mjs"() {
    "use strict";
    init_esm_shims();
    init_utils2();
    init_internal3();
    JsonMetricsSerializer = {
      serializeRequest: (arg) => {
        const request = createExportMetricsServiceRequest([arg], JSON_ENCODER);
        return new TextEncoder().encode(JSON.stringify(request));
      },
      deserializeResponse: (arg) => {
        if (arg.length === 0) return {};
        const decoder2 = new TextDecoder();
        try {
          return JSON.parse(decoder2.decode(arg));
        } catch (err) {
          diag14.warn(`Failed to parse metrics export response: ${err.message}. Returning empty response`);
          return {};
        }
      }
    };
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/trace/internal.mjs
function buildSpanFlagsFrom(traceFlags, isRemote) {
  let flags = traceFlags & 255 | SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK;
  if (isRemote) flags |= SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK;
  return flags;
}
function sdkSpanToOtlpSpan(span2, encoder) {
  const ctx = span2.spanContext();
  const status2 = span2.status;
  const parentSpanId = span2.parentSpanContext?.spanId ? encoder.encodeSpanContext(span2.parentSpanContext?.spanId) : void 0;
  return {
    traceId: encoder.encodeSpanContext(ctx.traceId),
    spanId: encoder.encodeSpanContext(ctx.spanId),
    parentSpanId,
    traceState: ctx.traceState?.serialize(),
    name: span2.name,
    kind: span2.kind == null ? 0 : span2.kind + 1,
    startTimeUnixNano: encoder.encodeHrTime(span2.startTime),
    endTimeUnixNano: encoder.encodeHrTime(span2.endTime),
    attributes: toAttributes(span2.attributes, encoder),
    droppedAttributesCount: span2.droppedAttributesCount,
    events: span2.events.map((event2) => toOtlpSpanEvent(event2, encoder)),
    droppedEventsCount: span2.droppedEventsCount,
    status: {
      code: status2.code,
      message: status2.message
    },
    links: span2.links.map((link2) => toOtlpLink(link2, encoder)),
    droppedLinksCount: span2.droppedLinksCount,
    flags: buildSpanFlagsFrom(ctx.traceFlags, span2.parentSpanContext?.isRemote)
  };
}
function toOtlpLink(link2, encoder) {
  return {
    attributes: link2.attributes ? toAttributes(link2.attributes, encoder) : [],
    spanId: encoder.encodeSpanContext(link2.context.spanId),
    traceId: encoder.encodeSpanContext(link2.context.traceId),
    traceState: link2.context.traceState?.serialize(),
    droppedAttributesCount: link2.droppedAttributesCount || 0,
    flags: buildSpanFlagsFrom(link2.context.traceFlags, link2.context.isRemote)
  };
}
function toOtlpSpanEvent(timedEvent, encoder) {
  return {
    attributes: timedEvent.attributes ? toAttributes(timedEvent.attributes, encoder) : [],
    name: timedEvent.name,
    timeUnixNano: encoder.encodeHrTime(timedEvent.time),
    droppedAttributesCount: timedEvent.droppedAttributesCount || 0
  };
}
function createExportTraceServiceRequest(spans, encoder) {
  return { resourceSpans: spanRecordsToResourceSpans(spans, encoder) };
}
function createResourceMap3(readableSpans) {
  const resourceMap = /* @__PURE__ */ new Map();
  for (const record of readableSpans) {
    let ilsMap = resourceMap.get(record.resource);
    if (!ilsMap) {
      ilsMap = /* @__PURE__ */ new Map();
      resourceMap.set(record.resource, ilsMap);
    }
    const instrumentationScopeKey = `${record.instrumentationScope.name}@${record.instrumentationScope.version || ""}:${record.instrumentationScope.schemaUrl || ""}`;
    let records = ilsMap.get(instrumentationScopeKey);
    if (!records) {
      records = [];
      ilsMap.set(instrumentationScopeKey, records);
    }
    records.push(record);
  }
  return resourceMap;
}
function spanRecordsToResourceSpans(readableSpans, encoder) {
  const resourceMap = createResourceMap3(readableSpans);
  const out = [];
  const entryIterator = resourceMap.entries();
  let entry = entryIterator.next();
  while (!entry.done) {
    const [resource2, ilmMap] = entry.value;
    const scopeResourceSpans = [];
    const ilmIterator = ilmMap.values();
    let ilmEntry = ilmIterator.next();
    while (!ilmEntry.done) {
      const scopeSpans = ilmEntry.value;
      if (scopeSpans.length > 0) {
        const spans = scopeSpans.map((readableSpan) => sdkSpanToOtlpSpan(readableSpan, encoder));
        scopeResourceSpans.push({
          scope: createInstrumentationScope(scopeSpans[0].instrumentationScope, encoder),
          spans,
          schemaUrl: scopeSpans[0].instrumentationScope.schemaUrl
        });
      }
      ilmEntry = ilmIterator.next();
    }
    const processedResource = createResource(resource2, encoder);
    const transformedSpans = {
      resource: processedResource,
      scopeSpans: scopeResourceSpans,
      schemaUrl: processedResource.schemaUrl
    };
    out.push(transformedSpans);
    entry = entryIterator.next();
  }
  return out;
}
var SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK, SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK;
var init_internal4 = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/trace/internal.mjs"() {
    "use strict";
    init_esm_shims();
    init_internal();
    SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK = 256;
    SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK = 512;
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/trace/json/trace.mjs
import { diag as diag15 } from "@opentelemetry/api";
var JsonTraceSerializer;
var init_trace2 = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/trace/json/trace.mjs"() {
    "use strict";
    init_esm_shims();
    init_utils2();
    init_internal4();
    JsonTraceSerializer = {
      serializeRequest: (arg) => {
        const request = createExportTraceServiceRequest(arg, JSON_ENCODER);
        return new TextEncoder().encode(JSON.stringify(request));
      },
      deserializeResponse: (arg) => {
        if (arg.length === 0) return {};
        const decoder2 = new TextDecoder();
        try {
          return JSON.parse(decoder2.decode(arg));
        } catch (err) {
          diag15.warn(`Failed to parse trace export response: ${err.message}. Returning empty response`);
          return {};
        }
      }
    };
  }
});

// ../../node_modules/@opentelemetry/otlp-transformer/dist/index.mjs
var init_dist6 = __esm({
  "../../node_modules/@opentelemetry/otlp-transformer/dist/index.mjs"() {
    "use strict";
    init_esm_shims();
    init_metrics();
    init_trace();
    init_logs();
    init_logs2();
    init_metrics2();
    init_logs3();
    init_metrics3();
    init_trace2();
  }
});

// ../otlp/src/otlp-serializers.ts
var otlp_serializers_exports = {};
__export(otlp_serializers_exports, {
  JsonLogsSerializer: () => JsonLogsSerializer,
  JsonMetricsSerializer: () => JsonMetricsSerializer,
  JsonTraceSerializer: () => JsonTraceSerializer,
  LogsExporterMetricsHelper: () => LogsExporterMetricsHelper,
  MetricsExporterMetricsHelper: () => MetricsExporterMetricsHelper,
  ProtobufLogsSerializer: () => ProtobufLogsSerializer,
  ProtobufMetricsSerializer: () => ProtobufMetricsSerializer,
  TraceExporterMetricsHelper: () => TraceExporterMetricsHelper
});
var init_otlp_serializers = __esm({
  "../otlp/src/otlp-serializers.ts"() {
    "use strict";
    init_esm_shims();
    init_dist6();
  }
});

// src/index.ts
init_esm_shims();

// src/start.ts
init_esm_shims();
import { context as context11, propagation as propagation4, trace as trace9 } from "@opentelemetry/api";

// ../../node_modules/@opentelemetry/context-async-hooks/dist/index.mjs
init_esm_shims();

// ../../node_modules/@opentelemetry/context-async-hooks/dist/AsyncLocalStorageContextManager.mjs
init_esm_shims();
import { ROOT_CONTEXT } from "@opentelemetry/api";
import { AsyncLocalStorage } from "async_hooks";
import { EventEmitter } from "events";
var ADD_LISTENER_METHODS = [
  "addListener",
  "on",
  "once",
  "prependListener",
  "prependOnceListener"
];
var DisposeOnceToken = class {
  _isDisposed = false;
  _previousContext;
  _asyncLocalStorage;
  constructor(previousContext, asyncLocalStorage) {
    this._previousContext = previousContext;
    this._asyncLocalStorage = asyncLocalStorage;
  }
  dispose() {
    if (this._isDisposed) return;
    this._asyncLocalStorage.enterWith(this._previousContext);
    this._isDisposed = true;
  }
};
var AsyncLocalStorageContextManager = class {
  _kOtListeners = /* @__PURE__ */ Symbol("OtListeners");
  _wrapped = false;
  _asyncLocalStorage;
  constructor() {
    this._asyncLocalStorage = new AsyncLocalStorage();
  }
  active() {
    return this._asyncLocalStorage.getStore() ?? ROOT_CONTEXT;
  }
  with(context12, fn, thisArg, ...args) {
    const cb = thisArg == null ? fn : fn.bind(thisArg);
    return this._asyncLocalStorage.run(context12, cb, ...args);
  }
  /**
  * Binds a the certain context or the active one to the target function and then returns the target
  * @param context A context (span) to be bind to target
  * @param target a function or event emitter. When target or one of its callbacks is called,
  *  the provided context will be used as the active context for the duration of the call.
  */
  bind(context12, target) {
    if (target instanceof EventEmitter) return this._bindEventEmitter(context12, target);
    if (typeof target === "function") return this._bindFunction(context12, target);
    return target;
  }
  _bindFunction(context12, target) {
    const manager2 = this;
    const contextWrapper = function(...args) {
      return manager2.with(context12, () => target.apply(this, args));
    };
    Object.defineProperty(contextWrapper, "length", {
      enumerable: false,
      configurable: true,
      writable: false,
      value: target.length
    });
    return contextWrapper;
  }
  /**
  * By default, EventEmitter call their callback with their context, which we do
  * not want, instead we will bind a specific context to all callbacks that
  * go through it.
  * @param context the context we want to bind
  * @param ee EventEmitter an instance of EventEmitter to patch
  */
  _bindEventEmitter(context12, ee) {
    if (this._getPatchMap(ee) !== void 0) return ee;
    this._createPatchMap(ee);
    ADD_LISTENER_METHODS.forEach((methodName) => {
      if (ee[methodName] === void 0) return;
      ee[methodName] = this._patchAddListener(ee, ee[methodName], context12);
    });
    if (typeof ee.removeListener === "function") ee.removeListener = this._patchRemoveListener(ee, ee.removeListener);
    if (typeof ee.off === "function") ee.off = this._patchRemoveListener(ee, ee.off);
    if (typeof ee.removeAllListeners === "function") ee.removeAllListeners = this._patchRemoveAllListeners(ee, ee.removeAllListeners);
    return ee;
  }
  /**
  * Patch methods that remove a given listener so that we match the "patched"
  * version of that listener (the one that propagate context).
  * @param ee EventEmitter instance
  * @param original reference to the patched method
  */
  _patchRemoveListener(ee, original2) {
    const contextManager = this;
    return function(event2, listener) {
      const events = contextManager._getPatchMap(ee)?.[event2];
      if (events === void 0) return original2.call(this, event2, listener);
      const patchedListener = events.get(listener);
      return original2.call(this, event2, patchedListener || listener);
    };
  }
  /**
  * Patch methods that remove all listeners so we remove our
  * internal references for a given event.
  * @param ee EventEmitter instance
  * @param original reference to the patched method
  */
  _patchRemoveAllListeners(ee, original2) {
    const contextManager = this;
    return function(event2) {
      const map = contextManager._getPatchMap(ee);
      if (map !== void 0) {
        if (arguments.length === 0) contextManager._createPatchMap(ee);
        else if (map[event2] !== void 0) delete map[event2];
      }
      return original2.apply(this, arguments);
    };
  }
  /**
  * Patch methods on an event emitter instance that can add listeners so we
  * can force them to propagate a given context.
  * @param ee EventEmitter instance
  * @param original reference to the patched method
  * @param [context] context to propagate when calling listeners
  */
  _patchAddListener(ee, original2, context12) {
    const contextManager = this;
    return function(event2, listener) {
      if (contextManager._wrapped) return original2.call(this, event2, listener);
      let map = contextManager._getPatchMap(ee);
      if (map === void 0) map = contextManager._createPatchMap(ee);
      let listeners = map[event2];
      if (listeners === void 0) {
        listeners = /* @__PURE__ */ new WeakMap();
        map[event2] = listeners;
      }
      const patchedListener = contextManager.bind(context12, listener);
      listeners.set(listener, patchedListener);
      contextManager._wrapped = true;
      try {
        return original2.call(this, event2, patchedListener);
      } finally {
        contextManager._wrapped = false;
      }
    };
  }
  _createPatchMap(ee) {
    const map = /* @__PURE__ */ Object.create(null);
    ee[this._kOtListeners] = map;
    return map;
  }
  _getPatchMap(ee) {
    return ee[this._kOtListeners];
  }
  enable() {
    return this;
  }
  disable() {
    this._asyncLocalStorage.disable();
    return this;
  }
  /**
  * Imperatively sets `context` as active for the current async execution chain
  * and operations spawned from it. Returns a {@link ContextManagementToken} whose `dispose()`
  * restores the previous context (see {@link ContextManager.attach}).
  *
  * On Node.js 25.9+, delegates to `AsyncLocalStorage.withScope()` which returns
  * a native `RunScope`. On older Node.js versions, falls back to `enterWith()` with
  * a manual token.
  *
  * **Caveat for async functions:** Both `withScope()` and `enterWith()` affect the
  * entire current async execution chain. If `attach()` is called inside an async
  * function before the first `await`, the context change will leak into the caller's
  * context and remain active there until something else restores it. Prefer `with()`
  * for async code.
  *
  * @experimental This API is experimental and may change in minor releases without prior notice.
  */
  attach(context12) {
    const withScope = this._asyncLocalStorage.withScope;
    if (withScope) return withScope.call(this._asyncLocalStorage, context12);
    const previousContext = this.active();
    this._asyncLocalStorage.enterWith(context12);
    return new DisposeOnceToken(previousContext, this._asyncLocalStorage);
  }
};

// ../../node_modules/@opentelemetry/sdk-trace/dist/index.mjs
init_esm_shims();

// ../../node_modules/@opentelemetry/sdk-trace/dist/Sampler.mjs
init_esm_shims();
var SamplingDecision = /* @__PURE__ */ (function(SamplingDecision3) {
  SamplingDecision3[SamplingDecision3["NOT_RECORD"] = 0] = "NOT_RECORD";
  SamplingDecision3[SamplingDecision3["RECORD"] = 1] = "RECORD";
  SamplingDecision3[SamplingDecision3["RECORD_AND_SAMPLED"] = 2] = "RECORD_AND_SAMPLED";
  return SamplingDecision3;
})({});

// ../../node_modules/@opentelemetry/sdk-trace/dist/sampler/AlwaysOffSampler.mjs
init_esm_shims();
var AlwaysOffSampler = class {
  shouldSample() {
    return { decision: 0 };
  }
  toString() {
    return "AlwaysOffSampler";
  }
};

// ../../node_modules/@opentelemetry/sdk-trace/dist/sampler/AlwaysOnSampler.mjs
init_esm_shims();
var AlwaysOnSampler = class {
  shouldSample() {
    return { decision: 2 };
  }
  toString() {
    return "AlwaysOnSampler";
  }
};

// ../../node_modules/@opentelemetry/sdk-trace/dist/sampler/ParentBasedSampler.mjs
init_esm_shims();
import { TraceFlags, isSpanContextValid, trace } from "@opentelemetry/api";

// ../../node_modules/@opentelemetry/core/dist/index.mjs
init_esm_shims();

// ../../node_modules/@opentelemetry/core/dist/trace/suppress-tracing.mjs
init_esm_shims();
import { createContextKey } from "@opentelemetry/api";
var SUPPRESS_TRACING_KEY = createContextKey("OpenTelemetry SDK Context Key SUPPRESS_TRACING");
function suppressTracing(context12) {
  return context12.setValue(SUPPRESS_TRACING_KEY, true);
}
function isTracingSuppressed(context12) {
  return context12.getValue(SUPPRESS_TRACING_KEY) === true;
}

// ../../node_modules/@opentelemetry/core/dist/baggage/utils.mjs
init_esm_shims();

// ../../node_modules/@opentelemetry/core/dist/baggage/constants.mjs
init_esm_shims();
var BAGGAGE_HEADER = "baggage";
var BAGGAGE_MAX_PER_NAME_VALUE_PAIRS = 4096;

// ../../node_modules/@opentelemetry/core/dist/baggage/utils.mjs
import { baggageEntryMetadataFromString } from "@opentelemetry/api";
function serializeKeyPairs(keyPairs) {
  return keyPairs.reduce((hValue, current) => {
    const value = `${hValue}${hValue !== "" ? "," : ""}${current}`;
    return value.length > 8192 ? hValue : value;
  }, "");
}
function getKeyPairs(baggage) {
  return baggage.getAllEntries().map(([key, value]) => {
    let entry = `${encodeURIComponent(key)}=${encodeURIComponent(value.value)}`;
    if (value.metadata !== void 0) entry += ";" + value.metadata.toString();
    return entry;
  });
}
function parsePairKeyValue(entry) {
  if (!entry) return;
  const metadataSeparatorIndex = entry.indexOf(";");
  const keyPairPart = metadataSeparatorIndex === -1 ? entry : entry.substring(0, metadataSeparatorIndex);
  const separatorIndex = keyPairPart.indexOf("=");
  if (separatorIndex <= 0) return;
  const rawKey = keyPairPart.substring(0, separatorIndex).trim();
  const rawValue = keyPairPart.substring(separatorIndex + 1).trim();
  if (!rawKey || !rawValue) return;
  let key;
  let value;
  try {
    key = decodeURIComponent(rawKey);
    value = decodeURIComponent(rawValue);
  } catch {
    return;
  }
  let metadata;
  if (metadataSeparatorIndex !== -1 && metadataSeparatorIndex < entry.length - 1) {
    const metadataString = entry.substring(metadataSeparatorIndex + 1);
    metadata = baggageEntryMetadataFromString(metadataString);
  }
  return {
    key,
    value,
    metadata
  };
}
function parseBaggageHeaderString(value, baggage, count2, totalSize) {
  let start2 = 0;
  while (start2 < value.length && count2 < 180) {
    const end = value.indexOf(",", start2);
    const entryEnd = end === -1 ? value.length : end;
    const entryLength = entryEnd - start2;
    if (entryLength <= 4096) {
      const keyPair = parsePairKeyValue(value.substring(start2, entryEnd));
      if (keyPair) {
        const entrySize = (count2 === 0 ? 0 : 1) + entryLength;
        if (totalSize + entrySize > 8192) break;
        baggage[keyPair.key] = keyPair.metadata ? {
          value: keyPair.value,
          metadata: keyPair.metadata
        } : { value: keyPair.value };
        count2++;
        totalSize += entrySize;
      }
    }
    if (end === -1) break;
    start2 = end + 1;
  }
  return [count2, totalSize];
}

// ../../node_modules/@opentelemetry/core/dist/baggage/propagation/W3CBaggagePropagator.mjs
init_esm_shims();
import { propagation } from "@opentelemetry/api";
var W3CBaggagePropagator = class {
  inject(context12, carrier, setter) {
    const baggage = propagation.getBaggage(context12);
    if (!baggage || isTracingSuppressed(context12)) return;
    const keyPairs = getKeyPairs(baggage).filter((pair) => {
      return pair.length <= BAGGAGE_MAX_PER_NAME_VALUE_PAIRS;
    }).slice(0, 180);
    const headerValue = serializeKeyPairs(keyPairs);
    if (headerValue.length > 0) setter.set(carrier, BAGGAGE_HEADER, headerValue);
  }
  extract(context12, carrier, getter) {
    const headerValue = getter.get(carrier, BAGGAGE_HEADER);
    if (!headerValue) return context12;
    const baggage = {};
    let count2 = 0;
    let totalSize = 0;
    if (Array.isArray(headerValue)) for (let i = 0; i < headerValue.length; i++) [count2, totalSize] = parseBaggageHeaderString(headerValue[i], baggage, count2, totalSize);
    else [count2] = parseBaggageHeaderString(headerValue, baggage, count2, totalSize);
    if (count2 === 0) return context12;
    return propagation.setBaggage(context12, propagation.createBaggage(baggage));
  }
  fields() {
    return [BAGGAGE_HEADER];
  }
};

// ../../node_modules/@opentelemetry/core/dist/common/attributes.mjs
init_esm_shims();
import { diag } from "@opentelemetry/api";
var AddAttributeDecision = /* @__PURE__ */ (function(AddAttributeDecision2) {
  AddAttributeDecision2[AddAttributeDecision2["DROP_UNDEFINED"] = 0] = "DROP_UNDEFINED";
  AddAttributeDecision2[AddAttributeDecision2["DROP_INVALID"] = 1] = "DROP_INVALID";
  AddAttributeDecision2[AddAttributeDecision2["DROP_LIMIT_REACHED"] = 2] = "DROP_LIMIT_REACHED";
  AddAttributeDecision2[AddAttributeDecision2["ADD_NEW"] = 3] = "ADD_NEW";
  AddAttributeDecision2[AddAttributeDecision2["ADD_OVERWRITE_EXISTING"] = 4] = "ADD_OVERWRITE_EXISTING";
  return AddAttributeDecision2;
})({});
function maybeAddAttribute(opts) {
  return maybeAddAttributeInternal(opts, isAnyValue);
}
function maybeAddAttributeInternal(opts, isValidValue) {
  if (opts.value === void 0) return 0;
  if (opts.key.length === 0) {
    diag.warn(`Invalid attribute key: ${opts.key}`);
    return 1;
  }
  const isNewKey = !Object.hasOwn(opts.attributes, opts.key);
  if (isNewKey && opts.currentAttributesCount >= opts.limits.attributeCountLimit) return 2;
  if (!isValidValue(opts.value)) {
    diag.warn(`Invalid attribute value set for key: ${opts.key}`);
    return 1;
  }
  let attributeValueLengthLimit = opts.limits.attributeValueLengthLimit;
  if (attributeValueLengthLimit <= 0) {
    diag.warn(`Invalid attributeValueLengthLimit: must be positive, got ${attributeValueLengthLimit} (ignoring)`);
    attributeValueLengthLimit = Infinity;
  }
  opts.attributes[opts.key] = copyAndTruncAnyValue(opts.value, attributeValueLengthLimit);
  if (isNewKey) return 3;
  return 4;
}
function cleanAttributes(inAttributes, limits) {
  return cleanAttributesInternal(inAttributes, limits, isAnyValue);
}
function cleanSimpleAttributes(inAttributes, limits) {
  return cleanAttributesInternal(inAttributes, limits, isSimpleAttributeValue);
}
function cleanAttributesInternal(inAttributes, limits, isValidValue) {
  if (typeof inAttributes !== "object" || inAttributes == null) return {};
  const attributes2 = {};
  let droppedAttributesCount = 0;
  let attributeValueLengthLimit = limits.attributeValueLengthLimit;
  if (attributeValueLengthLimit <= 0) {
    diag.warn(`Invalid attributeValueLengthLimit: must be positive, got ${attributeValueLengthLimit} (ignoring)`);
    attributeValueLengthLimit = Infinity;
  }
  let count2 = 0;
  for (const [key, val] of Object.entries(inAttributes)) {
    if (val === void 0) continue;
    if (count2 >= limits.attributeCountLimit) {
      droppedAttributesCount++;
      continue;
    }
    if (key.length === 0) {
      diag.warn(`Invalid attribute key: ${key}`);
      droppedAttributesCount++;
      continue;
    }
    if (!isValidValue(val)) {
      diag.warn(`Invalid attribute value set for key: ${key}`);
      droppedAttributesCount++;
      continue;
    }
    attributes2[key] = copyAndTruncAnyValue(val, attributeValueLengthLimit);
    count2++;
  }
  return {
    attributes: attributes2,
    droppedAttributesCount
  };
}
function isAnyValue(val) {
  return isAnyValueInternal(val, /* @__PURE__ */ new WeakSet());
}
function isAnyValueInternal(val, visited) {
  switch (typeof val) {
    case "undefined":
    case "bigint":
    case "symbol":
    case "function":
      return false;
    case "string":
    case "number":
    case "boolean":
      return true;
    case "object":
      break;
    default:
      return false;
  }
  if (val === null) return true;
  if (val instanceof Uint8Array) return true;
  if (visited.has(val)) return false;
  visited.add(val);
  const isValid = isAnyValueObject(val, visited);
  visited.delete(val);
  return isValid;
}
function isAnyValueObject(val, visited) {
  if (Array.isArray(val)) {
    for (const item of val) if (item !== void 0 && !isAnyValueInternal(item, visited)) return false;
    return true;
  }
  const obj2 = val;
  if (obj2.constructor !== Object && obj2.constructor !== void 0) return false;
  for (const k of Object.keys(obj2)) {
    const v = obj2[k];
    if (v !== void 0 && !isAnyValueInternal(v, visited)) return false;
  }
  return true;
}
function copyAndTruncAnyValue(val, limit) {
  switch (typeof val) {
    case "number":
    case "boolean":
    case "undefined":
    case "bigint":
    case "symbol":
    case "function":
      return val;
    case "string":
      if (val.length <= limit) return val;
      else return val.substring(0, limit);
    case "object":
      break;
    default:
      return val;
  }
  if (val === null) return val;
  if (val instanceof Uint8Array) {
    if (val.length <= limit) return val;
    else return val.slice(0, limit);
  }
  if (Array.isArray(val)) return val.map((elem) => copyAndTruncAnyValue(elem, limit));
  const truncObj = {};
  const obj2 = val;
  for (const k of Object.keys(obj2)) if (obj2[k] !== void 0) truncObj[k] = copyAndTruncAnyValue(obj2[k], limit);
  return truncObj;
}
function isSimpleAttributeValue(val) {
  if (Array.isArray(val)) return isHomogeneousAttributeValueArray(val);
  return isValidPrimitiveAttributeValueType(typeof val);
}
function isHomogeneousAttributeValueArray(arr) {
  let type;
  for (const element of arr) {
    if (element == null) continue;
    const elementType = typeof element;
    if (elementType === type) continue;
    if (!type) {
      if (isValidPrimitiveAttributeValueType(elementType)) {
        type = elementType;
        continue;
      }
      return false;
    }
    return false;
  }
  return true;
}
function isValidPrimitiveAttributeValueType(valType) {
  switch (valType) {
    case "number":
    case "boolean":
    case "string":
      return true;
  }
  return false;
}

// ../../node_modules/@opentelemetry/core/dist/common/logging-error-handler.mjs
init_esm_shims();
import { diag as diag2 } from "@opentelemetry/api";
function loggingErrorHandler() {
  return (ex) => {
    diag2.error(stringifyException(ex));
  };
}
function stringifyException(ex) {
  if (typeof ex === "string") return ex;
  else return JSON.stringify(flattenException(ex));
}
function flattenException(ex) {
  const result = {};
  let current = ex;
  while (current !== null) {
    Object.getOwnPropertyNames(current).forEach((propertyName) => {
      if (result[propertyName]) return;
      const value = current[propertyName];
      if (value) result[propertyName] = String(value);
    });
    current = Object.getPrototypeOf(current);
  }
  return result;
}

// ../../node_modules/@opentelemetry/core/dist/common/global-error-handler.mjs
init_esm_shims();
var delegateHandler = loggingErrorHandler();
function globalErrorHandler(ex) {
  try {
    delegateHandler(ex);
  } catch {
  }
}

// ../../node_modules/@opentelemetry/core/dist/common/time.mjs
init_esm_shims();
var NANOSECOND_DIGITS = 9;
var MILLISECONDS_TO_NANOSECONDS = Math.pow(10, 6);
var SECOND_TO_NANOSECONDS = Math.pow(10, NANOSECOND_DIGITS);
function millisToHrTime(epochMillis) {
  const epochSeconds = epochMillis / 1e3;
  return [Math.trunc(epochSeconds), Math.round(epochMillis % 1e3 * MILLISECONDS_TO_NANOSECONDS)];
}
function hrTime(performanceNow) {
  return addHrTimes(millisToHrTime(performance.timeOrigin), millisToHrTime(typeof performanceNow === "number" ? performanceNow : performance.now()));
}
function hrTimeDuration(startTime, endTime) {
  let seconds = endTime[0] - startTime[0];
  let nanos = endTime[1] - startTime[1];
  if (nanos < 0) {
    seconds -= 1;
    nanos += SECOND_TO_NANOSECONDS;
  }
  return [seconds, nanos];
}
function hrTimeToMicroseconds(time) {
  return time[0] * 1e6 + time[1] / 1e3;
}
function hrTimeToSeconds(time) {
  return time[0] + time[1] / SECOND_TO_NANOSECONDS;
}
function isTimeInputHrTime(value) {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === "number" && typeof value[1] === "number";
}
function isTimeInput(value) {
  return isTimeInputHrTime(value) || typeof value === "number" || value instanceof Date;
}
function addHrTimes(time1, time2) {
  const out = [time1[0] + time2[0], time1[1] + time2[1]];
  if (out[1] >= SECOND_TO_NANOSECONDS) {
    out[1] -= SECOND_TO_NANOSECONDS;
    out[0] += 1;
  }
  return out;
}

// ../../node_modules/@opentelemetry/core/dist/ExportResult.mjs
init_esm_shims();
var ExportResultCode = /* @__PURE__ */ (function(ExportResultCode3) {
  ExportResultCode3[ExportResultCode3["SUCCESS"] = 0] = "SUCCESS";
  ExportResultCode3[ExportResultCode3["FAILED"] = 1] = "FAILED";
  return ExportResultCode3;
})({});

// ../../node_modules/@opentelemetry/core/dist/propagation/composite.mjs
init_esm_shims();
import { diag as diag3 } from "@opentelemetry/api";
var CompositePropagator = class {
  _propagators;
  _fields;
  /**
  * Construct a composite propagator from a list of propagators.
  *
  * @param [config] Configuration object for composite propagator
  */
  constructor(config = {}) {
    this._propagators = config.propagators ?? [];
    const fields = /* @__PURE__ */ new Set();
    for (const propagator of this._propagators) {
      const propagatorFields = typeof propagator.fields === "function" ? propagator.fields() : [];
      for (const field of propagatorFields) fields.add(field);
    }
    this._fields = Array.from(fields);
  }
  /**
  * Run each of the configured propagators with the given context and carrier.
  * Propagators are run in the order they are configured, so if multiple
  * propagators write the same carrier key, the propagator later in the list
  * will "win".
  *
  * @param context Context to inject
  * @param carrier Carrier into which context will be injected
  */
  inject(context12, carrier, setter) {
    for (const propagator of this._propagators) try {
      propagator.inject(context12, carrier, setter);
    } catch (err) {
      diag3.warn(`Failed to inject with ${propagator.constructor.name}. Err: ${err.message}`);
    }
  }
  /**
  * Run each of the configured propagators with the given context and carrier.
  * Propagators are run in the order they are configured, so if multiple
  * propagators write the same context key, the propagator later in the list
  * will "win".
  *
  * @param context Context to add values to
  * @param carrier Carrier from which to extract context
  */
  extract(context12, carrier, getter) {
    return this._propagators.reduce((ctx, propagator) => {
      try {
        return propagator.extract(ctx, carrier, getter);
      } catch (err) {
        diag3.warn(`Failed to extract with ${propagator.constructor.name}. Err: ${err.message}`);
      }
      return ctx;
    }, context12);
  }
  fields() {
    return this._fields.slice();
  }
};

// ../../node_modules/@opentelemetry/core/dist/trace/rpc-metadata.mjs
init_esm_shims();
import { createContextKey as createContextKey2 } from "@opentelemetry/api";
var RPC_METADATA_KEY = createContextKey2("OpenTelemetry SDK Context Key RPC_METADATA");
var RPCType = /* @__PURE__ */ (function(RPCType2) {
  RPCType2["HTTP"] = "http";
  return RPCType2;
})({});
function getRPCMetadata(context12) {
  return context12.getValue(RPC_METADATA_KEY);
}

// ../../node_modules/@opentelemetry/core/dist/utils/callback.mjs
init_esm_shims();

// ../../node_modules/@opentelemetry/core/dist/utils/promise.mjs
init_esm_shims();
var Deferred = class {
  _promise;
  _resolve;
  _reject;
  constructor() {
    this._promise = new Promise((resolve2, reject) => {
      this._resolve = resolve2;
      this._reject = reject;
    });
  }
  get promise() {
    return this._promise;
  }
  resolve(val) {
    this._resolve(val);
  }
  reject(err) {
    this._reject(err);
  }
};

// ../../node_modules/@opentelemetry/core/dist/utils/callback.mjs
var BindOnceFuture = class {
  _isCalled = false;
  _deferred = new Deferred();
  _callback;
  _that;
  constructor(callback, that) {
    this._callback = callback;
    this._that = that;
  }
  get isCalled() {
    return this._isCalled;
  }
  get promise() {
    return this._deferred.promise;
  }
  call(...args) {
    if (!this._isCalled) {
      this._isCalled = true;
      try {
        Promise.resolve(this._callback.call(this._that, ...args)).then((val) => this._deferred.resolve(val), (err) => this._deferred.reject(err));
      } catch (err) {
        this._deferred.reject(err);
      }
    }
    return this._deferred.promise;
  }
};

// ../../node_modules/@opentelemetry/core/dist/internal/exporter.mjs
init_esm_shims();
import { context } from "@opentelemetry/api";
function _export(exporter, arg) {
  return new Promise((resolve2) => {
    context.with(suppressTracing(context.active()), () => {
      exporter.export(arg, resolve2);
    });
  });
}

// ../../node_modules/@opentelemetry/core/dist/platform/node/index.mjs
init_esm_shims();

// ../../node_modules/@opentelemetry/core/dist/platform/node/sdk-info.mjs
init_esm_shims();

// ../../node_modules/@opentelemetry/core/dist/version.mjs
init_esm_shims();
var VERSION = "3.1.1";

// ../../node_modules/@opentelemetry/core/dist/semconv.mjs
init_esm_shims();
var ATTR_PROCESS_RUNTIME_NAME = "process.runtime.name";

// ../../node_modules/@opentelemetry/core/dist/platform/node/sdk-info.mjs
init_dist();
var SDK_INFO = {
  [ATTR_TELEMETRY_SDK_NAME]: "opentelemetry",
  [ATTR_PROCESS_RUNTIME_NAME]: "node",
  [ATTR_TELEMETRY_SDK_LANGUAGE]: TELEMETRY_SDK_LANGUAGE_VALUE_NODEJS,
  [ATTR_TELEMETRY_SDK_VERSION]: VERSION
};

// ../../node_modules/@opentelemetry/core/dist/index.mjs
var internal = { _export };

// ../../node_modules/@opentelemetry/sdk-trace/dist/sampler/ParentBasedSampler.mjs
var ParentBasedSampler = class {
  _root;
  _remoteParentSampled;
  _remoteParentNotSampled;
  _localParentSampled;
  _localParentNotSampled;
  constructor(config) {
    this._root = config.root;
    if (!this._root) {
      globalErrorHandler(/* @__PURE__ */ new Error("ParentBasedSampler must have a root sampler configured"));
      this._root = new AlwaysOnSampler();
    }
    this._remoteParentSampled = config.remoteParentSampled ?? new AlwaysOnSampler();
    this._remoteParentNotSampled = config.remoteParentNotSampled ?? new AlwaysOffSampler();
    this._localParentSampled = config.localParentSampled ?? new AlwaysOnSampler();
    this._localParentNotSampled = config.localParentNotSampled ?? new AlwaysOffSampler();
  }
  shouldSample(context12, traceId, spanName, spanKind, attributes2, links) {
    const parentContext = trace.getSpanContext(context12);
    if (!parentContext || !isSpanContextValid(parentContext)) return this._root.shouldSample(context12, traceId, spanName, spanKind, attributes2, links);
    if (parentContext.isRemote) {
      if (parentContext.traceFlags & TraceFlags.SAMPLED) return this._remoteParentSampled.shouldSample(context12, traceId, spanName, spanKind, attributes2, links);
      return this._remoteParentNotSampled.shouldSample(context12, traceId, spanName, spanKind, attributes2, links);
    }
    if (parentContext.traceFlags & TraceFlags.SAMPLED) return this._localParentSampled.shouldSample(context12, traceId, spanName, spanKind, attributes2, links);
    return this._localParentNotSampled.shouldSample(context12, traceId, spanName, spanKind, attributes2, links);
  }
  toString() {
    return `ParentBased{root=${this._root.toString()}, remoteParentSampled=${this._remoteParentSampled.toString()}, remoteParentNotSampled=${this._remoteParentNotSampled.toString()}, localParentSampled=${this._localParentSampled.toString()}, localParentNotSampled=${this._localParentNotSampled.toString()}}`;
  }
};

// ../../node_modules/@opentelemetry/sdk-trace/dist/TracerProvider.mjs
init_esm_shims();

// ../../node_modules/@opentelemetry/sdk-trace/dist/inspect.mjs
init_esm_shims();
var inspectCustom = /* @__PURE__ */ Symbol.for("nodejs.util.inspect.custom");
function settledResourceAttributes(resource2) {
  const attrs = {};
  for (const [k, v] of resource2.getRawAttributes()) {
    if (typeof v?.then === "function") continue;
    if (v != null) attrs[k] ??= v;
  }
  return attrs;
}
function formatInspect(className, payload, depth, options3, inspect) {
  if (typeof depth === "number" && depth < 0) {
    const tag = `[${className}]`;
    return options3?.stylize ? options3.stylize(tag, "special") : tag;
  }
  if (typeof inspect !== "function" || !options3) return payload;
  return `${className} ${inspect(payload, {
    ...options3,
    depth: options3.depth == null ? options3.depth : options3.depth - 1
  })}`;
}

// ../../node_modules/@opentelemetry/sdk-trace/dist/Tracer.mjs
init_esm_shims();

// ../../node_modules/@opentelemetry/sdk-trace/dist/Span.mjs
init_esm_shims();

// ../../node_modules/@opentelemetry/sdk-trace/dist/enums.mjs
init_esm_shims();
var ExceptionEventName = "exception";

// ../../node_modules/@opentelemetry/sdk-trace/dist/Span.mjs
import { SpanStatusCode, diag as diag4 } from "@opentelemetry/api";
init_dist();
var SpanImpl = class {
  _spanContext;
  kind;
  parentSpanContext;
  attributes;
  links = [];
  events = [];
  startTime;
  resource;
  instrumentationScope;
  _droppedAttributesCount = 0;
  _droppedEventsCount = 0;
  _droppedLinksCount = 0;
  _attributesCount = 0;
  name;
  status = { code: SpanStatusCode.UNSET };
  endTime = [0, 0];
  _ended = false;
  _duration = [-1, -1];
  _spanProcessor;
  _spanLimits;
  _recordEndMetrics;
  _performanceStartTime;
  _performanceOffset;
  _startTimeProvided;
  /**
  * Constructs a new SpanImpl instance.
  *
  * `opts.attributes` must already have been sanitized by caller.
  * `attributes` in `opts.links` must already have been sanitized by caller.
  * These are typically required anyway to pass sanitized details to a
  * *sampler* before span creation.
  */
  constructor(opts) {
    const now = Date.now();
    this._spanContext = opts.spanContext;
    this._performanceStartTime = performance.now();
    this._performanceOffset = now - (this._performanceStartTime + performance.timeOrigin);
    this._startTimeProvided = opts.startTime != null;
    this._spanLimits = opts.spanLimits;
    this._spanProcessor = opts.spanProcessor;
    this.name = opts.name;
    this.parentSpanContext = opts.parentSpanContext;
    this.kind = opts.kind;
    this.startTime = this._getTime(opts.startTime ?? now);
    this.resource = opts.resource;
    this.instrumentationScope = opts.scope;
    this._recordEndMetrics = opts.recordEndMetrics;
    if (opts.links) {
      const { linkCountLimit } = this._spanLimits;
      if (opts.links.length > linkCountLimit) {
        this.links = opts.links.slice(opts.links.length - linkCountLimit, opts.links.length);
        this._droppedLinksCount = opts.links.length - linkCountLimit;
      } else {
        this.links = opts.links;
        this._droppedLinksCount = 0;
      }
    }
    this.attributes = opts.attributes ?? {};
    this._attributesCount = Object.keys(this.attributes).length;
    this._droppedAttributesCount = opts.droppedAttributesCount ?? 0;
    this._spanProcessor.onStart(this, opts.context);
  }
  spanContext() {
    return this._spanContext;
  }
  setAttribute(key, value) {
    if (this._isSpanEnded()) return this;
    const decision = maybeAddAttribute({
      key,
      value,
      attributes: this.attributes,
      limits: this._spanLimits,
      currentAttributesCount: this._attributesCount
    });
    if (decision === AddAttributeDecision.DROP_LIMIT_REACHED) {
      this._droppedAttributesCount++;
      if (this._droppedAttributesCount === 1) diag4.warn("Dropping extra attributes.");
    } else if (decision === AddAttributeDecision.ADD_NEW) this._attributesCount++;
    return this;
  }
  setAttributes(attributes2) {
    for (const key in attributes2) if (Object.prototype.hasOwnProperty.call(attributes2, key)) this.setAttribute(key, attributes2[key]);
    return this;
  }
  /**
  *
  * @param name Span event name
  * @param [attributesOrStartTime] Attributes or start time
  *     if type is {@type TimeInput} and 3rd param is undefined.
  *     Only "simple" value types are supported for span event attributes
  *     (string, number, boolean, homogeneous array of these primitive types).
  *     See OTEP 4485 and `cleanSimpleAttributes()` in `@opentelemetry/core`.
  * @param [timeStamp] Specified time stamp for the event
  */
  addEvent(name, attributesOrStartTime, timeStamp) {
    if (this._isSpanEnded()) return this;
    const { eventCountLimit } = this._spanLimits;
    if (eventCountLimit === 0) {
      diag4.warn("No events allowed.");
      this._droppedEventsCount++;
      return this;
    }
    if (eventCountLimit !== void 0 && this.events.length >= eventCountLimit) {
      if (this._droppedEventsCount === 0) diag4.debug("Dropping extra events.");
      this.events.shift();
      this._droppedEventsCount++;
    }
    if (isTimeInput(attributesOrStartTime)) {
      if (!isTimeInput(timeStamp)) timeStamp = attributesOrStartTime;
      attributesOrStartTime = void 0;
    }
    this.events.push({
      name,
      time: this._getTime(timeStamp),
      ...cleanSimpleAttributes(attributesOrStartTime, {
        attributeCountLimit: this._spanLimits.attributePerEventCountLimit,
        attributeValueLengthLimit: this._spanLimits.attributeValueLengthLimit
      })
    });
    return this;
  }
  addLink(link2) {
    if (this._isSpanEnded()) return this;
    const { linkCountLimit } = this._spanLimits;
    if (linkCountLimit === 0) {
      this._droppedLinksCount++;
      return this;
    }
    if (linkCountLimit !== void 0 && this.links.length >= linkCountLimit) {
      if (this._droppedLinksCount === 0) diag4.debug("Dropping extra links.");
      this.links.shift();
      this._droppedLinksCount++;
    }
    this.links.push({
      context: link2.context,
      ...cleanAttributes(link2.attributes, {
        attributeCountLimit: this._spanLimits.attributePerLinkCountLimit,
        attributeValueLengthLimit: this._spanLimits.attributeValueLengthLimit
      })
    });
    return this;
  }
  addLinks(links) {
    for (const link2 of links) this.addLink(link2);
    return this;
  }
  setStatus(status2) {
    if (this._isSpanEnded()) return this;
    if (status2.code === SpanStatusCode.UNSET) return this;
    if (this.status.code === SpanStatusCode.OK) return this;
    const newStatus = { code: status2.code };
    if (status2.code === SpanStatusCode.ERROR) {
      if (typeof status2.message === "string") newStatus.message = status2.message;
      else if (status2.message != null) diag4.warn(`Dropping invalid status.message of type '${typeof status2.message}', expected 'string'`);
    }
    this.status = newStatus;
    return this;
  }
  updateName(name) {
    if (this._isSpanEnded()) return this;
    this.name = name;
    return this;
  }
  end(endTime) {
    if (this._isSpanEnded()) {
      diag4.error(`${this.name} ${this._spanContext.traceId}-${this._spanContext.spanId} - You can only call end() on a span once.`);
      return;
    }
    this.endTime = this._getTime(endTime);
    this._duration = hrTimeDuration(this.startTime, this.endTime);
    if (this._duration[0] < 0) {
      diag4.warn("Inconsistent start and end time, startTime > endTime. Setting span duration to 0ms.", this.startTime, this.endTime);
      this.endTime = this.startTime.slice();
      this._duration = [0, 0];
    }
    if (this._droppedEventsCount > 0) diag4.warn(`Dropped ${this._droppedEventsCount} events because eventCountLimit reached`);
    if (this._droppedLinksCount > 0) diag4.warn(`Dropped ${this._droppedLinksCount} links because linkCountLimit reached`);
    if (this._spanProcessor.onEnding) this._spanProcessor.onEnding(this);
    this._recordEndMetrics?.();
    this._ended = true;
    this._spanProcessor.onEnd(this);
  }
  _getTime(inp) {
    if (typeof inp === "number" && inp <= performance.now()) return hrTime(inp + this._performanceOffset);
    if (typeof inp === "number") return millisToHrTime(inp);
    if (inp instanceof Date) return millisToHrTime(inp.getTime());
    if (isTimeInputHrTime(inp)) return inp;
    if (this._startTimeProvided) return millisToHrTime(Date.now());
    const msDuration = performance.now() - this._performanceStartTime;
    return addHrTimes(this.startTime, millisToHrTime(msDuration));
  }
  isRecording() {
    return this._ended === false;
  }
  recordException(exception, time) {
    const attributes2 = {};
    if (typeof exception === "string") attributes2[ATTR_EXCEPTION_MESSAGE] = exception;
    else if (exception) {
      if (exception.code) attributes2[ATTR_EXCEPTION_TYPE] = exception.code.toString();
      else if (exception.name) attributes2[ATTR_EXCEPTION_TYPE] = exception.name;
      if (exception.message) attributes2[ATTR_EXCEPTION_MESSAGE] = exception.message;
      if (exception.stack) attributes2[ATTR_EXCEPTION_STACKTRACE] = exception.stack;
    }
    if (attributes2[ATTR_EXCEPTION_TYPE] || attributes2[ATTR_EXCEPTION_MESSAGE]) this.addEvent(ExceptionEventName, attributes2, time);
    else diag4.warn(`Failed to record an exception ${exception}`);
  }
  get duration() {
    return this._duration;
  }
  get ended() {
    return this._ended;
  }
  get droppedAttributesCount() {
    return this._droppedAttributesCount;
  }
  get droppedEventsCount() {
    return this._droppedEventsCount;
  }
  get droppedLinksCount() {
    return this._droppedLinksCount;
  }
  _isSpanEnded() {
    if (this._ended) {
      const error = /* @__PURE__ */ new Error(`Operation attempted on ended Span {traceId: ${this._spanContext.traceId}, spanId: ${this._spanContext.spanId}}`);
      diag4.warn(`Cannot execute the operation on ended Span {traceId: ${this._spanContext.traceId}, spanId: ${this._spanContext.spanId}}`, error);
    }
    return this._ended;
  }
  [inspectCustom](depth, options3, inspect) {
    const payload = {
      name: this.name,
      kind: this.kind,
      spanContext: this._spanContext,
      parentSpanContext: this.parentSpanContext,
      status: this.status,
      startTime: this.startTime,
      endTime: this.endTime,
      duration: this._duration,
      ended: this._ended,
      attributes: this.attributes,
      events: this.events,
      links: this.links,
      droppedAttributesCount: this._droppedAttributesCount,
      droppedEventsCount: this._droppedEventsCount,
      droppedLinksCount: this._droppedLinksCount,
      instrumentationScope: this.instrumentationScope,
      resource: { attributes: settledResourceAttributes(this.resource) }
    };
    return formatInspect("SpanImpl", payload, depth, options3, inspect);
  }
};

// ../../node_modules/@opentelemetry/sdk-trace/dist/TracerMetrics.mjs
init_esm_shims();

// ../../node_modules/@opentelemetry/sdk-trace/dist/semconv.mjs
init_esm_shims();
var ATTR_OTEL_COMPONENT_NAME = "otel.component.name";
var ATTR_OTEL_COMPONENT_TYPE = "otel.component.type";
var ATTR_OTEL_SPAN_PARENT_ORIGIN = "otel.span.parent.origin";
var ATTR_OTEL_SPAN_SAMPLING_RESULT = "otel.span.sampling_result";
var METRIC_OTEL_SDK_PROCESSOR_SPAN_PROCESSED = "otel.sdk.processor.span.processed";
var METRIC_OTEL_SDK_PROCESSOR_SPAN_QUEUE_CAPACITY = "otel.sdk.processor.span.queue.capacity";
var METRIC_OTEL_SDK_PROCESSOR_SPAN_QUEUE_SIZE = "otel.sdk.processor.span.queue.size";
var METRIC_OTEL_SDK_SPAN_LIVE = "otel.sdk.span.live";
var METRIC_OTEL_SDK_SPAN_STARTED = "otel.sdk.span.started";
var OTEL_COMPONENT_TYPE_VALUE_BATCHING_SPAN_PROCESSOR = "batching_span_processor";

// ../../node_modules/@opentelemetry/sdk-trace/dist/TracerMetrics.mjs
var TracerMetrics = class {
  startedSpans;
  liveSpans;
  constructor(meter) {
    this.startedSpans = meter.createCounter(METRIC_OTEL_SDK_SPAN_STARTED, {
      unit: "{span}",
      description: "The number of created spans."
    });
    this.liveSpans = meter.createUpDownCounter(METRIC_OTEL_SDK_SPAN_LIVE, {
      unit: "{span}",
      description: "The number of currently live spans."
    });
  }
  startSpan(parentSpanCtx, samplingDecision) {
    const samplingDecisionStr = samplingDecisionToString(samplingDecision);
    this.startedSpans.add(1, {
      [ATTR_OTEL_SPAN_PARENT_ORIGIN]: parentOrigin(parentSpanCtx),
      [ATTR_OTEL_SPAN_SAMPLING_RESULT]: samplingDecisionStr
    });
    if (samplingDecision === 0) return () => {
    };
    const liveSpanAttributes = { [ATTR_OTEL_SPAN_SAMPLING_RESULT]: samplingDecisionStr };
    this.liveSpans.add(1, liveSpanAttributes);
    return () => {
      this.liveSpans.add(-1, liveSpanAttributes);
    };
  }
};
function parentOrigin(parentSpanContext) {
  if (!parentSpanContext) return "none";
  if (parentSpanContext.isRemote) return "remote";
  return "local";
}
function samplingDecisionToString(decision) {
  switch (decision) {
    case 2:
      return "RECORD_AND_SAMPLE";
    case 1:
      return "RECORD_ONLY";
    case 0:
      return "DROP";
  }
}

// ../../node_modules/@opentelemetry/sdk-trace/dist/version.mjs
init_esm_shims();
var VERSION2 = "3.1.1";

// ../../node_modules/@opentelemetry/sdk-trace/dist/Tracer.mjs
import * as api from "@opentelemetry/api";
var NO_ATTR_LIMITS = {
  attributeCountLimit: Infinity,
  attributeValueLengthLimit: Infinity
};
var Tracer$1 = class {
  _sampler;
  _spanLimits;
  _idGenerator;
  instrumentationScope;
  _resource;
  _spanProcessor;
  _tracerMetrics;
  /**
  * Constructs a new Tracer instance.
  */
  constructor(instrumentationScope, options3) {
    this.instrumentationScope = instrumentationScope;
    this._sampler = options3.sampler;
    this._spanLimits = options3.spanLimits;
    this._resource = options3.resource;
    this._idGenerator = options3.idGenerator;
    this._spanProcessor = options3.spanProcessor;
    const meter = options3.meterProvider.getMeter("@opentelemetry/sdk-trace", VERSION2);
    this._tracerMetrics = new TracerMetrics(meter);
  }
  /**
  * Starts a new Span or returns the default NoopSpan based on the sampling
  * decision.
  */
  startSpan(name, options3 = {}, context12 = api.context.active()) {
    if (options3.root) context12 = api.trace.deleteSpan(context12);
    const parentSpan = api.trace.getSpan(context12);
    if (isTracingSuppressed(context12)) {
      api.diag.debug("Instrumentation suppressed, returning Noop Span");
      return api.trace.wrapSpanContext(api.INVALID_SPAN_CONTEXT);
    }
    const parentSpanContext = parentSpan?.spanContext();
    const spanId = this._idGenerator.generateSpanId();
    let validParentSpanContext;
    let traceId;
    let traceState;
    if (!parentSpanContext || !api.trace.isSpanContextValid(parentSpanContext)) traceId = this._idGenerator.generateTraceId();
    else {
      traceId = parentSpanContext.traceId;
      traceState = parentSpanContext.traceState;
      validParentSpanContext = parentSpanContext;
    }
    const spanKind = options3.kind ?? api.SpanKind.INTERNAL;
    const links = (options3.links ?? []).map((link2) => {
      return {
        context: link2.context,
        ...cleanAttributes(link2.attributes, {
          attributeCountLimit: this._spanLimits.attributePerLinkCountLimit,
          attributeValueLengthLimit: this._spanLimits.attributeValueLengthLimit
        })
      };
    });
    const attrsData1 = cleanAttributes(options3.attributes, NO_ATTR_LIMITS);
    const attributes2 = attrsData1.attributes ?? {};
    const samplingResult = this._sampler.shouldSample(context12, traceId, name, spanKind, attributes2, links);
    const recordEndMetrics = this._tracerMetrics.startSpan(parentSpanContext, samplingResult.decision);
    traceState = samplingResult.traceState ?? traceState;
    const traceFlags = samplingResult.decision === api.SamplingDecision.RECORD_AND_SAMPLED ? api.TraceFlags.SAMPLED : api.TraceFlags.NONE;
    const spanContext = {
      traceId,
      spanId,
      traceFlags,
      traceState
    };
    if (samplingResult.decision === api.SamplingDecision.NOT_RECORD) {
      api.diag.debug("Recording is off, propagating context in a non-recording span");
      return api.trace.wrapSpanContext(spanContext);
    }
    const attrsData2 = cleanAttributes(Object.assign(attributes2, samplingResult.attributes), this._spanLimits);
    return new SpanImpl({
      resource: this._resource,
      scope: this.instrumentationScope,
      context: context12,
      spanContext,
      name,
      kind: spanKind,
      links,
      parentSpanContext: validParentSpanContext,
      attributes: attrsData2.attributes,
      droppedAttributesCount: (attrsData1.droppedAttributesCount ?? 0) + (attrsData2.droppedAttributesCount ?? 0),
      startTime: options3.startTime,
      spanProcessor: this._spanProcessor,
      spanLimits: this._spanLimits,
      recordEndMetrics
    });
  }
  startActiveSpan(name, arg2, arg3, arg4) {
    let opts;
    let ctx;
    let fn;
    if (arguments.length < 2) return;
    else if (arguments.length === 2) fn = arg2;
    else if (arguments.length === 3) {
      opts = arg2;
      fn = arg3;
    } else {
      opts = arg2;
      ctx = arg3;
      fn = arg4;
    }
    const parentContext = ctx ?? api.context.active();
    const span2 = this.startSpan(name, opts, parentContext);
    const contextWithSpanSet = api.trace.setSpan(parentContext, span2);
    return api.context.with(contextWithSpanSet, fn, void 0, span2);
  }
  [inspectCustom](depth, options3, inspect) {
    const payload = {
      instrumentationScope: this.instrumentationScope,
      resource: { attributes: settledResourceAttributes(this._resource) },
      spanLimits: this._spanLimits
    };
    return formatInspect("Tracer", payload, depth, options3, inspect);
  }
};

// ../../node_modules/@opentelemetry/sdk-trace/dist/MultiSpanProcessor.mjs
init_esm_shims();
var MultiSpanProcessor = class {
  _spanProcessors;
  constructor(spanProcessors) {
    this._spanProcessors = spanProcessors;
  }
  forceFlush() {
    const promises = [];
    for (const spanProcessor of this._spanProcessors) promises.push(spanProcessor.forceFlush());
    return new Promise((resolve2) => {
      Promise.all(promises).then(() => {
        resolve2();
      }).catch((error) => {
        globalErrorHandler(error || /* @__PURE__ */ new Error("MultiSpanProcessor: forceFlush failed"));
        resolve2();
      });
    });
  }
  onStart(span2, context12) {
    for (const spanProcessor of this._spanProcessors) spanProcessor.onStart(span2, context12);
  }
  onEnding(span2) {
    for (const spanProcessor of this._spanProcessors) if (spanProcessor.onEnding) spanProcessor.onEnding(span2);
  }
  onEnd(span2) {
    for (const spanProcessor of this._spanProcessors) spanProcessor.onEnd(span2);
  }
  shutdown() {
    const promises = [];
    for (const spanProcessor of this._spanProcessors) promises.push(spanProcessor.shutdown());
    return new Promise((resolve2, reject) => {
      Promise.all(promises).then(() => {
        resolve2();
      }, reject);
    });
  }
};

// ../../node_modules/@opentelemetry/sdk-trace/dist/TracerProvider.mjs
import { createNoopMeter as createNoopMeter2 } from "@opentelemetry/api";

// ../../node_modules/@opentelemetry/resources/dist/index.mjs
init_esm_shims();

// ../../node_modules/@opentelemetry/resources/dist/ResourceImpl.mjs
init_esm_shims();

// ../../node_modules/@opentelemetry/resources/dist/utils.mjs
init_esm_shims();
var isPromiseLike = (val) => {
  return val !== null && typeof val === "object" && typeof val.then === "function";
};

// ../../node_modules/@opentelemetry/resources/dist/ResourceImpl.mjs
import { diag as diag7 } from "@opentelemetry/api";
init_dist();

// ../../node_modules/@opentelemetry/resources/dist/detectors/platform/node/index.mjs
init_esm_shims();

// ../../node_modules/@opentelemetry/resources/dist/detectors/platform/node/HostDetector.mjs
init_esm_shims();

// ../../node_modules/@opentelemetry/resources/dist/semconv.mjs
init_esm_shims();
var ATTR_HOST_ARCH = "host.arch";
var ATTR_HOST_ID = "host.id";
var ATTR_HOST_NAME = "host.name";
var ATTR_OS_TYPE = "os.type";
var ATTR_OS_VERSION = "os.version";
var ATTR_PROCESS_COMMAND = "process.command";
var ATTR_PROCESS_COMMAND_ARGS = "process.command_args";
var ATTR_PROCESS_EXECUTABLE_NAME = "process.executable.name";
var ATTR_PROCESS_EXECUTABLE_PATH = "process.executable.path";
var ATTR_PROCESS_OWNER = "process.owner";
var ATTR_PROCESS_PID = "process.pid";
var ATTR_PROCESS_RUNTIME_DESCRIPTION = "process.runtime.description";
var ATTR_PROCESS_RUNTIME_NAME2 = "process.runtime.name";
var ATTR_PROCESS_RUNTIME_VERSION = "process.runtime.version";

// ../../node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/getMachineId.mjs
init_esm_shims();
import * as process2 from "process";
var getMachineIdImpl;
async function getMachineId() {
  if (!getMachineIdImpl) switch (process2.platform) {
    case "darwin":
      getMachineIdImpl = (await import("./getMachineId-darwin-QXOXG7EC.js")).getMachineId;
      break;
    case "linux":
      getMachineIdImpl = (await import("./getMachineId-linux-VLWHNM63.js")).getMachineId;
      break;
    case "freebsd":
      getMachineIdImpl = (await import("./getMachineId-bsd-BQLLKEF5.js")).getMachineId;
      break;
    case "win32":
      getMachineIdImpl = (await import("./getMachineId-win-T6BR6FMU.js")).getMachineId;
      break;
    default:
      getMachineIdImpl = (await import("./getMachineId-unsupported-RHONMJMD.js")).getMachineId;
  }
  return getMachineIdImpl();
}

// ../../node_modules/@opentelemetry/resources/dist/detectors/platform/node/utils.mjs
init_esm_shims();
var normalizeArch = (nodeArchString) => {
  switch (nodeArchString) {
    case "arm":
      return "arm32";
    case "ppc":
      return "ppc32";
    case "x64":
      return "amd64";
    default:
      return nodeArchString;
  }
};
var normalizeType = (nodePlatform) => {
  switch (nodePlatform) {
    case "sunos":
      return "solaris";
    case "win32":
      return "windows";
    default:
      return nodePlatform;
  }
};

// ../../node_modules/@opentelemetry/resources/dist/detectors/platform/node/HostDetector.mjs
import { arch, hostname } from "os";
var HostDetector = class {
  detect(_config) {
    return { attributes: {
      [ATTR_HOST_NAME]: hostname(),
      [ATTR_HOST_ARCH]: normalizeArch(arch()),
      [ATTR_HOST_ID]: getMachineId()
    } };
  }
};
var hostDetector = new HostDetector();

// ../../node_modules/@opentelemetry/resources/dist/detectors/platform/node/OSDetector.mjs
init_esm_shims();
import { platform as platform2, release } from "os";
var OSDetector = class {
  detect(_config) {
    return { attributes: {
      [ATTR_OS_TYPE]: normalizeType(platform2()),
      [ATTR_OS_VERSION]: release()
    } };
  }
};
var osDetector = new OSDetector();

// ../../node_modules/@opentelemetry/resources/dist/detectors/platform/node/ProcessDetector.mjs
init_esm_shims();
import { diag as diag6 } from "@opentelemetry/api";
import * as os from "os";
var ProcessDetector = class {
  detect(_config) {
    const attributes2 = {
      [ATTR_PROCESS_PID]: process.pid,
      [ATTR_PROCESS_EXECUTABLE_NAME]: process.title,
      [ATTR_PROCESS_EXECUTABLE_PATH]: process.execPath,
      [ATTR_PROCESS_COMMAND_ARGS]: [
        process.argv[0],
        ...process.execArgv,
        ...process.argv.slice(1)
      ],
      [ATTR_PROCESS_RUNTIME_VERSION]: process.versions.node,
      [ATTR_PROCESS_RUNTIME_NAME2]: "nodejs",
      [ATTR_PROCESS_RUNTIME_DESCRIPTION]: "Node.js"
    };
    if (process.argv.length > 1) attributes2[ATTR_PROCESS_COMMAND] = process.argv[1];
    try {
      const userInfo2 = os.userInfo();
      attributes2[ATTR_PROCESS_OWNER] = userInfo2.username;
    } catch (e) {
      diag6.debug(`error obtaining process owner: ${e}`);
    }
    return { attributes: attributes2 };
  }
};
var processDetector = new ProcessDetector();

// ../../node_modules/@opentelemetry/resources/dist/detectors/platform/node/default-service-name.mjs
init_esm_shims();
var serviceName;
function defaultServiceName() {
  if (serviceName === void 0) try {
    const argv0 = globalThis.process.argv0;
    serviceName = argv0 ? `unknown_service:${argv0}` : "unknown_service";
  } catch {
    serviceName = "unknown_service";
  }
  return serviceName;
}

// ../../node_modules/@opentelemetry/resources/dist/ResourceImpl.mjs
var ResourceImpl = class ResourceImpl2 {
  _rawAttributes;
  _asyncAttributesPending = false;
  _schemaUrl;
  _memoizedAttributes;
  static FromAttributeList(attributes2, options3) {
    const res = new ResourceImpl2({}, options3);
    res._rawAttributes = guardedRawAttributes(attributes2);
    res._asyncAttributesPending = attributes2.filter(([_, val]) => isPromiseLike(val)).length > 0;
    return res;
  }
  constructor(resource2, options3) {
    const attributes2 = resource2.attributes ?? {};
    this._rawAttributes = Object.entries(attributes2).map(([k, v]) => {
      if (isPromiseLike(v)) this._asyncAttributesPending = true;
      return [k, v];
    });
    this._rawAttributes = guardedRawAttributes(this._rawAttributes);
    this._schemaUrl = validateSchemaUrl(options3?.schemaUrl);
  }
  get asyncAttributesPending() {
    return this._asyncAttributesPending;
  }
  async waitForAsyncAttributes() {
    if (!this.asyncAttributesPending) return;
    for (let i = 0; i < this._rawAttributes.length; i++) {
      const [k, v] = this._rawAttributes[i];
      this._rawAttributes[i] = [k, isPromiseLike(v) ? await v : v];
    }
    this._asyncAttributesPending = false;
  }
  get attributes() {
    if (this.asyncAttributesPending) diag7.error("Accessing resource attributes before async attributes settled");
    if (this._memoizedAttributes) return this._memoizedAttributes;
    const attrs = {};
    for (const [k, v] of this._rawAttributes) {
      if (isPromiseLike(v)) {
        diag7.debug(`Unsettled resource attribute ${k} skipped`);
        continue;
      }
      if (Object.hasOwn(attrs, k)) {
      } else if (k.length === 0) diag7.warn("dropping invalid resource attribute key: <empty string>");
      else if (!isSimpleAttributeValue(v)) diag7.warn(`dropping invalid resource attribute value for key "${k}"`);
      else attrs[k] = v;
    }
    if (!this._asyncAttributesPending) this._memoizedAttributes = attrs;
    return attrs;
  }
  getRawAttributes() {
    return this._rawAttributes;
  }
  get schemaUrl() {
    return this._schemaUrl;
  }
  merge(resource2) {
    if (resource2 == null) return this;
    const mergedSchemaUrl = mergeSchemaUrl(this, resource2);
    const mergedOptions = mergedSchemaUrl ? { schemaUrl: mergedSchemaUrl } : void 0;
    return ResourceImpl2.FromAttributeList([...resource2.getRawAttributes(), ...this.getRawAttributes()], mergedOptions);
  }
};
function resourceFromAttributes(attributes2, options3) {
  return ResourceImpl.FromAttributeList(Object.entries(attributes2), options3);
}
function resourceFromDetectedResource(detectedResource, options3) {
  return new ResourceImpl(detectedResource, options3);
}
function emptyResource() {
  return resourceFromAttributes({});
}
function defaultResource() {
  return resourceFromAttributes({
    [ATTR_SERVICE_NAME]: defaultServiceName(),
    [ATTR_TELEMETRY_SDK_LANGUAGE]: SDK_INFO[ATTR_TELEMETRY_SDK_LANGUAGE],
    [ATTR_TELEMETRY_SDK_NAME]: SDK_INFO[ATTR_TELEMETRY_SDK_NAME],
    [ATTR_TELEMETRY_SDK_VERSION]: SDK_INFO[ATTR_TELEMETRY_SDK_VERSION]
  });
}
function guardedRawAttributes(attributes2) {
  return attributes2.map(([k, v]) => {
    if (isPromiseLike(v)) return [k, v.then((val) => val, (err) => {
      diag7.debug("promise rejection for resource attribute: %s - %s", k, err);
    })];
    return [k, v];
  });
}
function validateSchemaUrl(schemaUrl) {
  if (typeof schemaUrl === "string" || schemaUrl === void 0) return schemaUrl;
  diag7.warn("Schema URL must be string or undefined, got %s. Schema URL will be ignored.", schemaUrl);
}
function mergeSchemaUrl(old, updating) {
  const oldSchemaUrl = old?.schemaUrl;
  const updatingSchemaUrl = updating?.schemaUrl;
  const isOldEmpty = oldSchemaUrl === void 0 || oldSchemaUrl === "";
  const isUpdatingEmpty = updatingSchemaUrl === void 0 || updatingSchemaUrl === "";
  if (isOldEmpty) return updatingSchemaUrl;
  if (isUpdatingEmpty) return oldSchemaUrl;
  if (oldSchemaUrl === updatingSchemaUrl) return oldSchemaUrl;
  diag7.warn('Schema URL merge conflict: old resource has "%s", updating resource has "%s". Resulting resource will have undefined Schema URL.', oldSchemaUrl, updatingSchemaUrl);
}

// ../../node_modules/@opentelemetry/resources/dist/detect-resources.mjs
init_esm_shims();
import { diag as diag8 } from "@opentelemetry/api";
var detectResources = (config = {}) => {
  return (config.detectors || []).map((d) => {
    try {
      const resource2 = resourceFromDetectedResource(d.detect(config));
      diag8.debug(`${d.constructor.name} found resource.`, resource2);
      return resource2;
    } catch (e) {
      diag8.debug(`${d.constructor.name} failed: ${e.message}`);
      return emptyResource();
    }
  }).reduce((acc, resource2) => acc.merge(resource2), emptyResource());
};

// ../../node_modules/@opentelemetry/resources/dist/detectors/index.mjs
init_esm_shims();

// ../../node_modules/@opentelemetry/sdk-trace/dist/platform/node/index.mjs
init_esm_shims();

// ../../node_modules/@opentelemetry/sdk-trace/dist/platform/node/export/BatchSpanProcessor.mjs
init_esm_shims();

// ../../node_modules/@opentelemetry/sdk-trace/dist/export/BatchSpanProcessorBase.mjs
init_esm_shims();

// ../../node_modules/@opentelemetry/sdk-trace/dist/export/SpanProcessorMetrics.mjs
init_esm_shims();
init_dist();
var componentCounter = /* @__PURE__ */ new Map();
var SpanProcessorMetrics = class {
  processedSpans;
  queueSize;
  queueSizeCallback;
  standardAttrs;
  droppedAttrs;
  constructor(componentType, meter, queueConfig) {
    const counter = componentCounter.get(componentType) ?? 0;
    componentCounter.set(componentType, counter + 1);
    this.standardAttrs = {
      [ATTR_OTEL_COMPONENT_TYPE]: componentType,
      [ATTR_OTEL_COMPONENT_NAME]: `${componentType}/${counter}`
    };
    this.droppedAttrs = {
      ...this.standardAttrs,
      [ATTR_ERROR_TYPE]: "queue_full"
    };
    this.processedSpans = meter.createCounter(METRIC_OTEL_SDK_PROCESSOR_SPAN_PROCESSED, {
      unit: "{span}",
      description: "The number of spans for which the processing has finished, either successful or failed."
    });
    if (queueConfig) {
      const { capacity, getQueueSize } = queueConfig;
      meter.createUpDownCounter(METRIC_OTEL_SDK_PROCESSOR_SPAN_QUEUE_CAPACITY, {
        unit: "{span}",
        description: "The maximum number of spans the queue of a given instance of an SDK span processor can hold."
      }).add(capacity, this.standardAttrs);
      this.queueSize = meter.createObservableUpDownCounter(METRIC_OTEL_SDK_PROCESSOR_SPAN_QUEUE_SIZE, {
        unit: "{span}",
        description: "The number of spans in the queue of a given instance of an SDK span processor."
      });
      this.queueSizeCallback = (result) => result.observe(getQueueSize(), this.standardAttrs);
      this.queueSize.addCallback(this.queueSizeCallback);
    }
  }
  dropSpans(count2) {
    this.processedSpans.add(count2, this.droppedAttrs);
  }
  finishSpans(count2, error) {
    if (!error) {
      this.processedSpans.add(count2, this.standardAttrs);
      return;
    }
    const attrs = {
      ...this.standardAttrs,
      [ATTR_ERROR_TYPE]: error.name
    };
    this.processedSpans.add(count2, attrs);
  }
  shutdown() {
    if (this.queueSize && this.queueSizeCallback) this.queueSize.removeCallback(this.queueSizeCallback);
  }
};

// ../../node_modules/@opentelemetry/sdk-trace/dist/export/BatchSpanProcessorBase.mjs
import { TraceFlags as TraceFlags3, context as context3, createNoopMeter, diag as diag9 } from "@opentelemetry/api";
var BatchSpanProcessorBase = class {
  _maxExportBatchSize;
  _maxQueueSize;
  _scheduledDelayMillis;
  _exportTimeoutMillis;
  _exporter;
  _metrics;
  _isExporting = false;
  _finishedSpans = [];
  _timer;
  _shutdownOnce;
  _droppedSpansCount = 0;
  constructor(options3) {
    this._exporter = options3.exporter;
    this._maxExportBatchSize = options3.maxExportBatchSize ?? 512;
    this._maxQueueSize = options3.maxQueueSize ?? 2048;
    this._scheduledDelayMillis = options3.scheduledDelayMillis ?? 5e3;
    this._exportTimeoutMillis = options3.exportTimeoutMillis ?? 3e4;
    this._shutdownOnce = new BindOnceFuture(this._shutdown, this);
    if (this._maxExportBatchSize > this._maxQueueSize) {
      diag9.warn("BatchSpanProcessor: maxExportBatchSize must be smaller or equal to maxQueueSize, setting maxExportBatchSize to match maxQueueSize");
      this._maxExportBatchSize = this._maxQueueSize;
    }
    const meter = options3.selfObsMeterProvider ? options3.selfObsMeterProvider.getMeter("@opentelemetry/sdk-trace") : createNoopMeter();
    this._metrics = new SpanProcessorMetrics(OTEL_COMPONENT_TYPE_VALUE_BATCHING_SPAN_PROCESSOR, meter, {
      capacity: this._maxQueueSize,
      getQueueSize: () => this._finishedSpans.length
    });
  }
  forceFlush() {
    if (this._shutdownOnce.isCalled) return this._shutdownOnce.promise;
    return this._flushAll();
  }
  onStart(_span, _parentContext) {
  }
  onEnd(span2) {
    if (this._shutdownOnce.isCalled) return;
    if ((span2.spanContext().traceFlags & TraceFlags3.SAMPLED) === 0) return;
    this._addToBuffer(span2);
  }
  shutdown() {
    return this._shutdownOnce.call();
  }
  _shutdown() {
    return Promise.resolve().then(() => {
      return this.onShutdown();
    }).then(() => {
      return this._flushAll();
    }).then(() => {
      this._metrics.shutdown();
      return this._exporter.shutdown();
    });
  }
  /** Add a span in the buffer. */
  _addToBuffer(span2) {
    if (this._finishedSpans.length >= this._maxQueueSize) {
      if (this._droppedSpansCount === 0) diag9.debug("maxQueueSize reached, dropping spans");
      this._droppedSpansCount++;
      this._metrics.dropSpans(1);
      return;
    }
    if (this._droppedSpansCount > 0) {
      diag9.warn(`Dropped ${this._droppedSpansCount} spans because maxQueueSize reached`);
      this._droppedSpansCount = 0;
    }
    this._finishedSpans.push(span2);
    this._maybeStartTimer();
  }
  /**
  * Send all spans to the exporter respecting the batch size limit
  * This function is used only on forceFlush or shutdown,
  * for all other cases _flush should be used
  * */
  _flushAll() {
    return new Promise((resolve2, reject) => {
      const promises = [];
      const count2 = Math.ceil(this._finishedSpans.length / this._maxExportBatchSize);
      for (let i = 0, j = count2; i < j; i++) promises.push(this._flushOneBatch());
      Promise.all(promises).then(() => {
        resolve2();
      }).catch(reject);
    });
  }
  _flushOneBatch() {
    this._clearTimer();
    if (this._finishedSpans.length === 0) return Promise.resolve();
    return new Promise((resolve2, reject) => {
      const timer = setTimeout(() => {
        reject(/* @__PURE__ */ new Error("Timeout"));
      }, this._exportTimeoutMillis);
      context3.with(suppressTracing(context3.active()), () => {
        let spans;
        if (this._finishedSpans.length <= this._maxExportBatchSize) {
          spans = this._finishedSpans;
          this._finishedSpans = [];
        } else spans = this._finishedSpans.splice(0, this._maxExportBatchSize);
        const doExport = () => this._exporter.export(spans, (result) => {
          clearTimeout(timer);
          this._metrics.finishSpans(spans.length, result.error);
          if (result.code === ExportResultCode.SUCCESS) resolve2();
          else reject(result.error ?? /* @__PURE__ */ new Error("BatchSpanProcessor: span export failed"));
        });
        let pendingResources = null;
        for (let i = 0, len = spans.length; i < len; i++) {
          const resource2 = spans[i].resource;
          if (resource2.asyncAttributesPending && resource2.waitForAsyncAttributes) {
            pendingResources ??= /* @__PURE__ */ new Set();
            pendingResources.add(resource2);
          }
        }
        if (pendingResources === null) doExport();
        else Promise.all(Array.from(pendingResources, (resource2) => resource2.waitForAsyncAttributes?.())).then(doExport, (err) => {
          globalErrorHandler(err);
          reject(err);
        });
      });
    });
  }
  _maybeStartTimer() {
    if (this._isExporting) return;
    const flush = () => {
      this._isExporting = true;
      this._flushOneBatch().finally(() => {
        this._isExporting = false;
        if (this._finishedSpans.length > 0) {
          this._clearTimer();
          this._maybeStartTimer();
        }
      }).catch((e) => {
        this._isExporting = false;
        globalErrorHandler(e);
      });
    };
    if (this._finishedSpans.length >= this._maxExportBatchSize) return flush();
    if (this._timer !== void 0) return;
    this._timer = setTimeout(() => flush(), this._scheduledDelayMillis);
    unrefTimer(this._timer);
  }
  _clearTimer() {
    if (this._timer !== void 0) {
      clearTimeout(this._timer);
      this._timer = void 0;
    }
  }
};
function unrefTimer(timer) {
  const handle = timer;
  if (typeof handle !== "number") handle.unref?.();
}

// ../../node_modules/@opentelemetry/sdk-trace/dist/platform/node/export/BatchSpanProcessor.mjs
var BatchSpanProcessor = class extends BatchSpanProcessorBase {
  onShutdown() {
  }
};

// ../../node_modules/@opentelemetry/sdk-trace/dist/platform/node/RandomIdGenerator.mjs
init_esm_shims();
var SPAN_ID_BYTES = 8;
var TRACE_ID_BYTES = 16;
var RandomIdGenerator = class {
  /**
  * Returns a random 16-byte trace ID formatted/encoded as a 32 lowercase hex
  * characters corresponding to 128 bits.
  */
  generateTraceId() {
    return generateId(TRACE_ID_BYTES);
  }
  /**
  * Returns a random 8-byte span ID formatted/encoded as a 16 lowercase hex
  * characters corresponding to 64 bits.
  */
  generateSpanId() {
    return generateId(SPAN_ID_BYTES);
  }
};
var SHARED_BUFFER = Buffer.allocUnsafe(TRACE_ID_BYTES);
function generateId(bytes) {
  for (let i = 0; i < bytes / 4; i++) SHARED_BUFFER.writeUInt32BE(Math.random() * 2 ** 32 >>> 0, i * 4);
  for (let i = 0; i < bytes; i++) if (SHARED_BUFFER[i] > 0) break;
  else if (i === bytes - 1) SHARED_BUFFER[bytes - 1] = 1;
  return SHARED_BUFFER.toString("hex", 0, bytes);
}

// ../../node_modules/@opentelemetry/sdk-trace/dist/TracerProvider.mjs
var TracerProvider$1 = class {
  _resource;
  _activeSpanProcessor;
  _tracerOptions;
  _tracers = /* @__PURE__ */ new Map();
  constructor(options3 = {}) {
    this._resource = options3.resource ?? defaultResource();
    const spanProcessors = options3.spanProcessors ?? [];
    this._activeSpanProcessor = new MultiSpanProcessor(spanProcessors);
    this._tracerOptions = {
      resource: this._resource,
      sampler: options3.sampler ?? new ParentBasedSampler({ root: new AlwaysOnSampler() }),
      spanLimits: {
        attributeCountLimit: options3.spanLimits?.attributeCountLimit ?? 128,
        attributeValueLengthLimit: options3.spanLimits?.attributeValueLengthLimit ?? Infinity,
        eventCountLimit: options3.spanLimits?.eventCountLimit ?? 128,
        linkCountLimit: options3.spanLimits?.linkCountLimit ?? 128,
        attributePerEventCountLimit: options3.spanLimits?.attributePerEventCountLimit ?? 128,
        attributePerLinkCountLimit: options3.spanLimits?.attributePerLinkCountLimit ?? 128
      },
      idGenerator: options3.idGenerator || new RandomIdGenerator(),
      spanProcessor: this._activeSpanProcessor,
      meterProvider: options3.meterProvider ?? { getMeter() {
        return createNoopMeter2();
      } }
    };
  }
  getTracer(name, version, options3) {
    const key = `${name}@${version || ""}:${options3?.schemaUrl || ""}`;
    if (!this._tracers.has(key)) this._tracers.set(key, new Tracer$1({
      name,
      version,
      schemaUrl: options3?.schemaUrl
    }, this._tracerOptions));
    return this._tracers.get(key);
  }
  forceFlush(options3) {
    const timeout = options3?.timeoutMillis ?? 3e4;
    const promises = this._activeSpanProcessor["_spanProcessors"].map((spanProcessor) => {
      return new Promise((resolve2) => {
        let state5;
        const timeoutInterval = setTimeout(() => {
          resolve2(/* @__PURE__ */ new Error(`Span processor did not completed within timeout period of ${timeout} ms`));
          state5 = 1;
        }, timeout);
        spanProcessor.forceFlush().then(() => {
          clearTimeout(timeoutInterval);
          if (state5 !== 1) {
            state5 = 0;
            resolve2(state5);
          }
        }).catch((error) => {
          clearTimeout(timeoutInterval);
          state5 = 2;
          resolve2(error);
        });
      });
    });
    return new Promise((resolve2, reject) => {
      Promise.all(promises).then((results) => {
        const errors = results.filter((result) => result !== 0);
        if (errors.length > 0) reject(errors);
        else resolve2();
      }).catch((error) => reject([error]));
    });
  }
  shutdown() {
    return this._activeSpanProcessor.shutdown();
  }
  [inspectCustom](depth, options3, inspect) {
    const processors2 = this._activeSpanProcessor["_spanProcessors"];
    const payload = {
      resource: { attributes: settledResourceAttributes(this._resource) },
      tracers: Array.from(this._tracers.keys()),
      spanProcessors: processors2.map((p) => p.constructor?.name ?? "SpanProcessor")
    };
    return formatInspect("TracerProvider", payload, depth, options3, inspect);
  }
};

// ../../node_modules/@opentelemetry/sdk-trace/dist/export/ConsoleSpanExporter.mjs
init_esm_shims();
var ConsoleSpanExporter = class {
  /**
  * Export spans.
  * @param spans
  * @param resultCallback
  */
  export(spans, resultCallback) {
    return this._sendSpans(spans, resultCallback);
  }
  /**
  * Shutdown the exporter.
  */
  shutdown() {
    this._sendSpans([]);
    return this.forceFlush();
  }
  /**
  * Exports any pending spans in exporter
  */
  forceFlush() {
    return Promise.resolve();
  }
  /**
  * converts span info into more readable format
  * @param span
  */
  _exportInfo(span2) {
    return {
      resource: { attributes: span2.resource.attributes },
      instrumentationScope: span2.instrumentationScope,
      traceId: span2.spanContext().traceId,
      parentSpanContext: span2.parentSpanContext,
      traceState: span2.spanContext().traceState?.serialize(),
      name: span2.name,
      id: span2.spanContext().spanId,
      kind: span2.kind,
      timestamp: hrTimeToMicroseconds(span2.startTime),
      duration: hrTimeToMicroseconds(span2.duration),
      attributes: span2.attributes,
      status: span2.status,
      events: span2.events,
      links: span2.links
    };
  }
  /**
  * Showing spans in console
  * @param spans
  * @param done
  */
  _sendSpans(spans, done) {
    for (const span2 of spans) console.dir(this._exportInfo(span2), { depth: 3 });
    if (done) return done({ code: ExportResultCode.SUCCESS });
  }
};

// ../../node_modules/@opentelemetry/sdk-trace/dist/sampler/TraceIdRatioBasedSampler.mjs
init_esm_shims();
import { isValidTraceId } from "@opentelemetry/api";
var TraceIdRatioBasedSampler = class {
  _ratio;
  _upperBound;
  constructor(ratio2 = 0) {
    this._ratio = this._normalize(ratio2);
    this._upperBound = this._ratio === 1 ? 4294967296 : Math.floor(this._ratio * 4294967295);
  }
  shouldSample(context12, traceId) {
    return { decision: isValidTraceId(traceId) && this._accumulate(traceId) < this._upperBound ? 2 : 0 };
  }
  toString() {
    return `TraceIdRatioBased{${this._ratio}}`;
  }
  _normalize(ratio2) {
    if (typeof ratio2 !== "number" || isNaN(ratio2)) return 0;
    return ratio2 >= 1 ? 1 : ratio2 <= 0 ? 0 : ratio2;
  }
  _accumulate(traceId) {
    let accumulation = 0;
    for (let i = 0; i < 32; i += 8) {
      let part = 0;
      for (let j = 0; j < 8; j++) {
        const c = traceId.charCodeAt(i + j);
        const v = c < 58 ? c - 48 : c < 71 ? c - 55 : c - 87;
        part = part << 4 | v;
      }
      accumulation = (accumulation ^ part) >>> 0;
    }
    return accumulation;
  }
};

// ../core/dist/index.js
init_esm_shims();
var OTELKIT_VERSION = "0.1.0";
var HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
var HTTP_METHODS = /* @__PURE__ */ new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "QUERY"]);
var UNTRACED_SERVER = /* @__PURE__ */ Symbol.for("otelkit.server.untraced");
var STATE_KEY = /* @__PURE__ */ Symbol.for("otelkit.env-source.v1");
var holder = globalThis;
var state = holder[STATE_KEY] ??= { view: void 0 };
function activeEnv() {
  return state.view?.env ?? process.env;
}
function useConfigFileEnv(view) {
  state.view = view;
}
function configFileEnv() {
  return state.view;
}
var RANK = { none: 0, error: 1, warn: 2, info: 3, debug: 4, verbose: 5, all: 6 };
var LEVEL_RANK = { error: 1, warn: 2, info: 3, debug: 4 };
var REPEAT_INTERVAL_MS = 6e4;
var defaultSink = (_level, line) => {
  try {
    process.stderr.write(`${line}
`);
  } catch {
  }
};
var STATE_KEY2 = /* @__PURE__ */ Symbol.for("otelkit.diag.v1");
var holder2 = globalThis;
var state2 = holder2[STATE_KEY2] ??= { sink: defaultSink, lastPrinted: /* @__PURE__ */ new Map() };
function threshold() {
  const raw2 = activeEnv()["OTEL_LOG_LEVEL"]?.trim().toLowerCase();
  return raw2 !== void 0 && raw2 in RANK ? RANK[raw2] : RANK["info"];
}
function diagEnabled(level) {
  return LEVEL_RANK[level] <= threshold();
}
function diagLog(level, message) {
  if (!diagEnabled(level)) return;
  try {
    state2.sink(level, `otelkit ${level.toUpperCase()} ${message}`);
  } catch {
  }
}
function warnOnce(key, message, level = "warn") {
  const now = Date.now();
  const last = state2.lastPrinted.get(key);
  if (last !== void 0 && now - last < REPEAT_INTERVAL_MS) return false;
  state2.lastPrinted.set(key, now);
  diagLog(level, message);
  return true;
}
function runDetached(work, key, what) {
  try {
    work.then(void 0, (error) => {
      warnOnce(key, `${what}: ${reasonOf(error)}`);
    });
  } catch (error) {
    warnOnce(key, `${what}: ${reasonOf(error)}`);
  }
}
function reasonOf(error) {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return "an unprintable value";
  }
}
var OTELKIT_ERROR_CODES = {
  OTELKIT_ERR_INVALID_OPTION: "An option passed to an otelkit function has the wrong type or an out-of-range value.",
  OTELKIT_ERR_UNKNOWN_OPTION: "An option object contains a key that the function does not know (often a typo).",
  OTELKIT_ERR_INVALID_HEADER_NAME: "A response header name given to otelkit is not a valid HTTP token.",
  OTELKIT_ERR_ALREADY_SHUT_DOWN: "An operation that needs a running SDK was called after shutdown() completed.",
  OTELKIT_ERR_MISSING_PEER: "A function needs an optional peer dependency (such as pino) that is not installed.",
  OTELKIT_ERR_DUPLICATE_CHECK: "A health check with this name is already registered.",
  OTELKIT_ERR_INVALID_SLO: "An SLO spec given to the mixin generator cannot be read, or a field is missing, unknown or out of range."
};
var BRAND = /* @__PURE__ */ Symbol.for("otelkit.error.v1");
var OtelkitError = class extends Error {
  code;
  constructor(code, message, options3 = {}) {
    super(`${code}: ${message}`, options3.cause === void 0 ? void 0 : { cause: options3.cause });
    this.name = "OtelkitError";
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }
  static [Symbol.hasInstance](value) {
    return typeof value === "object" && value !== null && value[BRAND] === true;
  }
};
function invalidOption(name, expected, got) {
  return new OtelkitError("OTELKIT_ERR_INVALID_OPTION", `option "${name}" must be ${expected}, got ${describe(got)}`);
}
function describe(value) {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}\u2026` : value);
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
var DEFAULT_IGNORE_PATHS = Object.freeze(["/health", "/healthz", "/ready", "/readyz", "/live", "/livez", "/status", "/metrics"]);
var MAX_INT = 2147483647;
var SIGNALS = ["TRACES", "METRICS", "LOGS"];
var PROTOCOLS = ["http/protobuf", "http/json", "grpc"];
function otlpRows(prefix, what) {
  return [
    {
      name: `${prefix}_ENDPOINT`,
      type: "url",
      default: void 0,
      section: "OTLP",
      description: prefix === "OTEL_EXPORTER_OTLP" ? "Base URL of the OTLP receiver. For HTTP, `/v1/<signal>` is appended per signal. Default `http://localhost:4318` (HTTP) or `http://localhost:4317` (gRPC). It needs a scheme: `otel-collector:4318` gets one warning (suggesting `http://otel-collector:4318`) and is ignored; only a gRPC target may be `host:port`, where `OTEL_EXPORTER_OTLP_INSECURE` picks plaintext." : `Full URL for ${what}, used as is (no path is appended). A scheme is required, as above.`
    },
    {
      name: `${prefix}_PROTOCOL`,
      type: "enum",
      default: prefix === "OTEL_EXPORTER_OTLP" ? "http/protobuf" : void 0,
      allowedValues: PROTOCOLS,
      section: "OTLP",
      description: `Transport for ${what}.`
    },
    {
      name: `${prefix}_HEADERS`,
      type: "key-value-list",
      default: void 0,
      section: "OTLP",
      description: `Extra request headers for ${what}, as \`key=value,key2=value2\` (values percent-decoded). Invalid pairs are skipped with a warning; values are never printed.`
    },
    {
      name: `${prefix}_TIMEOUT`,
      type: "duration",
      default: prefix === "OTEL_EXPORTER_OTLP" ? 1e4 : void 0,
      min: 1,
      max: 6e5,
      section: "OTLP",
      description: `Time limit in milliseconds for one export request of ${what}.`
    },
    {
      name: `${prefix}_COMPRESSION`,
      type: "enum",
      default: prefix === "OTEL_EXPORTER_OTLP" ? "none" : void 0,
      allowedValues: ["gzip", "none"],
      section: "OTLP",
      description: `Compression of ${what} request bodies.`
    },
    {
      name: `${prefix}_CERTIFICATE`,
      type: "string",
      default: void 0,
      section: "OTLP",
      description: `Path of a PEM file with the CA certificate(s) that verify the receiver's TLS certificate, for ${what} (https endpoints; a relative path is from the working directory; a file that can't be read gets one warning and is left out; likewise the two below).`
    },
    {
      name: `${prefix}_CLIENT_KEY`,
      type: "string",
      default: void 0,
      section: "OTLP",
      description: `Path of a PEM file with the client's private key for mTLS, for ${what}.`
    },
    {
      name: `${prefix}_CLIENT_CERTIFICATE`,
      type: "string",
      default: void 0,
      section: "OTLP",
      description: `Path of a PEM file with the client certificate for mTLS, for ${what}.`
    }
  ];
}
function batchRows(prefix, what, delay) {
  return [
    {
      name: `${prefix}_SCHEDULE_DELAY`,
      type: "duration",
      default: delay,
      min: 1,
      max: 36e5,
      section: "Batching",
      description: `Milliseconds between two exports of ${what}.`
    },
    {
      name: `${prefix}_EXPORT_TIMEOUT`,
      type: "duration",
      default: 3e4,
      min: 1,
      max: 36e5,
      section: "Batching",
      description: `Milliseconds one export of ${what} may take before it is cancelled.`
    },
    {
      name: `${prefix}_MAX_QUEUE_SIZE`,
      type: "integer",
      default: 2048,
      min: 1,
      max: 1e6,
      section: "Batching",
      description: `Most ${what} held in memory; beyond it new ones are dropped and counted.`
    },
    {
      name: `${prefix}_MAX_EXPORT_BATCH_SIZE`,
      type: "integer",
      default: 512,
      min: 1,
      max: 1e6,
      section: "Batching",
      description: `Most ${what} in one export request. Clamped to the queue size.`
    }
  ];
}
function limitRow(name, description, def2) {
  return { name, type: "integer", default: def2, min: 0, max: MAX_INT, section: "Limits", description };
}
var OTELKIT_ENV_DEFINITIONS = Object.freeze([
  // General
  {
    name: "OTEL_SDK_DISABLED",
    type: "boolean",
    default: false,
    section: "General",
    description: "`true` (any case) turns otelkit into no-ops: no SDK, no patches, no listeners. Any other non-empty value keeps it on, with a warning."
  },
  {
    name: "OTEL_LOG_LEVEL",
    type: "enum",
    default: "info",
    allowedValues: ["none", "error", "warn", "info", "debug", "verbose", "all"],
    section: "General",
    description: "Level of otelkit's and the SDK's own diagnostic lines on stderr."
  },
  // Resource
  {
    name: "OTEL_SERVICE_NAME",
    type: "string",
    default: void 0,
    section: "Resource",
    description: "`service.name`. Default: the `name` in the app's package.json, else `unknown_service:node`. Empty means unset."
  },
  {
    name: "OTEL_RESOURCE_ATTRIBUTES",
    type: "key-value-list",
    default: void 0,
    section: "Resource",
    description: "Extra resource attributes, `key=value,...` (values percent-decoded). A malformed value is discarded as a whole, with one warning."
  },
  {
    name: "OTEL_NODE_RESOURCE_DETECTORS",
    type: "enum-list",
    default: ["env", "host", "os", "process", "serviceinstance", "container"],
    allowedValues: ["env", "host", "os", "process", "serviceinstance", "container", "alibaba", "aws", "azure", "gcp", "all", "none"],
    section: "Resource",
    description: "Resource detectors to run. Cloud detectors (which probe metadata servers) run only when named here or with `all`."
  },
  // Propagation and sampling
  {
    name: "OTEL_PROPAGATORS",
    type: "enum-list",
    default: ["tracecontext", "baggage"],
    allowedValues: ["tracecontext", "baggage", "b3", "b3multi", "jaeger", "none"],
    section: "Propagation and sampling",
    description: "Context propagators, in order. Duplicates are removed; unknown names are skipped with a warning."
  },
  {
    name: "OTEL_TRACES_SAMPLER",
    type: "enum",
    default: "parentbased_always_on",
    allowedValues: ["always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio"],
    section: "Propagation and sampling",
    description: "Sampler for new spans."
  },
  {
    name: "OTEL_TRACES_SAMPLER_ARG",
    type: "ratio",
    default: 1,
    min: 0,
    max: 1,
    section: "Propagation and sampling",
    description: "Sampling ratio for the `traceidratio` samplers, from 0 to 1."
  },
  {
    name: "OTELKIT_TRACE_CONTEXT",
    type: "enum",
    default: "trust",
    allowedValues: ["trust", "edge"],
    section: "Propagation and sampling",
    description: "Trust in the trace context of incoming HTTP requests. `trust`: a request continues its caller's trace, sampled flag and baggage included (services behind your own edge). `edge`: for public endpoints; each request starts a new trace, the local sampler decides as for a root span, the caller's context is kept only as a span link (`otelkit.link.reason=untrusted_parent`) and its baggage is dropped. Per route: the start() option `traceContext` (a function of the request)."
  },
  // Exporters
  {
    name: "OTEL_TRACES_EXPORTER",
    type: "enum-list",
    default: ["otlp"],
    allowedValues: ["otlp", "console", "none"],
    section: "Exporters",
    description: "Span exporters. `none` alone turns trace export off (spans still get IDs, so `X-Trace-ID` keeps working)."
  },
  {
    name: "OTEL_METRICS_EXPORTER",
    type: "enum-list",
    default: ["otlp"],
    allowedValues: ["otlp", "prometheus", "console", "none"],
    section: "Exporters",
    description: "Metric exporters (read by the metrics pipeline)."
  },
  {
    name: "OTEL_LOGS_EXPORTER",
    type: "enum-list",
    default: ["none"],
    allowedValues: ["otlp", "console", "none"],
    section: "Exporters",
    description: "Log record exporters (read by the logs pipeline). Default `none`: apps already write their logs to stdout."
  },
  {
    name: "OTEL_METRIC_EXPORT_INTERVAL",
    type: "duration",
    default: 6e4,
    min: 1,
    max: 864e5,
    section: "Exporters",
    description: "Milliseconds between two periodic metric exports."
  },
  {
    name: "OTEL_METRIC_EXPORT_TIMEOUT",
    type: "duration",
    default: 3e4,
    min: 1,
    max: 864e5,
    section: "Exporters",
    description: "Milliseconds one metric export may take."
  },
  {
    name: "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE",
    type: "enum",
    default: "cumulative",
    allowedValues: ["cumulative", "delta", "lowmemory"],
    section: "Exporters",
    description: "Aggregation temporality of pushed metrics (OTLP and console). `delta`: counters, histograms and gauges as deltas (backends that take only deltas); `lowmemory`: synchronous counters and histograms as deltas. Up-down counters stay cumulative, and `/metrics` is always cumulative."
  },
  {
    name: "OTEL_EXPORTER_PROMETHEUS_HOST",
    type: "string",
    default: "127.0.0.1",
    section: "Exporters",
    description: "Address the `/metrics` server binds to when `OTEL_METRICS_EXPORTER` includes `prometheus`. Loopback by default; set `0.0.0.0` to let a remote Prometheus scrape."
  },
  {
    name: "OTEL_EXPORTER_PROMETHEUS_PORT",
    type: "integer",
    default: 9464,
    min: 0,
    max: 65535,
    section: "Exporters",
    description: "Port of the `/metrics` server. Cluster and PM2 workers add their worker index (see docs/metrics.md), so they never share one port."
  },
  {
    name: "OTELKIT_METRICS_PROFILE",
    type: "enum",
    default: "semconv",
    allowedValues: ["semconv", "prometheus-classic"],
    section: "otelkit",
    description: "Metric naming profile: `semconv` (OpenTelemetry semantic conventions, e.g. `http_server_request_duration_seconds`) or `prometheus-classic` (prom-client habits, e.g. `http_requests_total{method,status,route}`)."
  },
  {
    name: "OTELKIT_METRICS_NAMESPACE",
    type: "string",
    default: void 0,
    section: "otelkit",
    description: "Prefix of the HTTP and domain metrics (queues, semaphores, pools, caches, rate limits): `autonomos` serves `job.queue.depth` as `autonomos_job_queue_depth`. Runtime and SDK metrics keep their names. The mixin takes the same naming (`otelkit mixin --namespace`)."
  },
  {
    name: "OTELKIT_METRICS_NAMES",
    type: "key-value-list",
    default: void 0,
    section: "otelkit",
    description: "Names of HTTP and domain metrics, `instrument=name` pairs: the catalog instrument (docs/metrics.md) and the name as Prometheus shows it without `_total` or `_bucket`, under the namespace and with no unit word added (`job.processed=jobs,job.duration=job_duration_seconds`)."
  },
  {
    name: "OTELKIT_METRICS_LABELS",
    type: "key-value-list",
    default: void 0,
    section: "otelkit",
    description: "Label names of HTTP and domain metrics, `attribute=label` for every instrument or `instrument:attribute=label` for one (`queue.name=queue,http_requests:status=status_code`)."
  },
  {
    name: "OTELKIT_METRICS_LABEL_VALUES",
    type: "key-value-list",
    default: void 0,
    section: "otelkit",
    description: "Label values of HTTP and domain metrics, `attribute:value=new` for every instrument or `instrument:attribute:value=new` for one (`pool.state:used=active`)."
  },
  {
    name: "OTELKIT_METRICS_CARDINALITY_LIMIT",
    type: "integer",
    default: 2e3,
    min: 1,
    max: 1e6,
    section: "otelkit",
    description: 'Most series per instrument. Further attribute sets go to one `otel_metric_overflow="true"` series (nothing is lost from sums), with one warning per instrument.'
  },
  {
    name: "OTELKIT_RUNTIME_METRICS",
    type: "boolean",
    default: true,
    section: "otelkit",
    description: "Event-loop, GC, heap, CPU, memory and handle metrics (`nodejs.*`, `v8js.*`, `process.*`)."
  },
  // OTLP
  ...otlpRows("OTEL_EXPORTER_OTLP", "every signal"),
  ...SIGNALS.flatMap((s) => otlpRows(`OTEL_EXPORTER_OTLP_${s}`, `${s.toLowerCase()} (overrides the generic variable)`)),
  {
    name: "OTEL_EXPORTER_OTLP_INSECURE",
    type: "boolean",
    default: false,
    section: "OTLP",
    description: "gRPC only: use a plaintext connection when the endpoint has no scheme."
  },
  // Batching
  ...batchRows("OTEL_BSP", "spans", 5e3),
  ...batchRows("OTEL_BLRP", "log records", 1e3),
  // Limits
  limitRow("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "Longest string attribute value kept (longer ones are truncated). otelkit default 4096, tighter than the spec's unlimited, so one huge value cannot bloat every batch.", 4096),
  limitRow("OTEL_ATTRIBUTE_COUNT_LIMIT", "Most attributes per span, event, link or log record.", 128),
  limitRow("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "Like `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`, for spans only.", void 0),
  limitRow("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "Like `OTEL_ATTRIBUTE_COUNT_LIMIT`, for spans only.", void 0),
  limitRow("OTEL_SPAN_EVENT_COUNT_LIMIT", "Most events per span.", 128),
  limitRow("OTEL_SPAN_LINK_COUNT_LIMIT", "Most links per span.", 128),
  limitRow("OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", "Most attributes per span event.", 128),
  limitRow("OTEL_LINK_ATTRIBUTE_COUNT_LIMIT", "Most attributes per span link.", 128),
  limitRow("OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT", "Like `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`, for log records only.", void 0),
  limitRow("OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT", "Like `OTEL_ATTRIBUTE_COUNT_LIMIT`, for log records only.", void 0),
  // Instrumentation
  {
    name: "OTEL_NODE_ENABLED_INSTRUMENTATIONS",
    type: "list",
    default: void 0,
    section: "Instrumentation",
    description: "Only these instrumentations (short names such as `http,express,pg`). Unknown names get one warning each."
  },
  {
    name: "OTEL_NODE_DISABLED_INSTRUMENTATIONS",
    type: "list",
    default: void 0,
    section: "Instrumentation",
    description: "Instrumentations to leave off; applied after the enabled list. Unknown names get one warning each."
  },
  // otelkit
  {
    name: "OTELKIT_TRACE_RESPONSE_HEADER",
    type: "string",
    default: "X-Trace-ID",
    emptyMeans: "off",
    section: "otelkit",
    description: "Response header that carries the server span's trace id. Set it empty to turn the header off."
  },
  {
    name: "OTELKIT_SERVER_TIMING",
    type: "boolean",
    default: false,
    section: "otelkit",
    description: 'Also send `Server-Timing: traceparent;desc="00-\u2026"` and expose it to browsers with `Access-Control-Expose-Headers`.'
  },
  {
    name: "OTELKIT_SHUTDOWN_TIMEOUT",
    type: "duration",
    default: 5e3,
    min: 1,
    max: 6e5,
    section: "otelkit",
    description: "Milliseconds that a flush on SIGTERM, SIGINT or a natural exit may take."
  },
  {
    name: "OTELKIT_EXPORT_RETRY_BUDGET",
    type: "duration",
    default: 3e4,
    min: 0,
    max: 36e5,
    section: "otelkit",
    description: "Milliseconds an OTLP/HTTP batch may spend waiting between retries (429, 502, 503, 504, connection errors) before it is given up and counted as failed. Retries follow `Retry-After` (seconds or an HTTP date) or back off exponentially from 1 s (with jitter, at most 8 s); a wait that would end past the budget is not started. Each attempt is still bounded by `OTEL_EXPORTER_OTLP_TIMEOUT`. `0`: no retries."
  },
  {
    name: "OTELKIT_IGNORE_PATHS",
    type: "list",
    default: [],
    section: "otelkit",
    description: "Request paths that are never traced or counted, added to the default probe and scrape paths (`/health`, `/healthz`, `/ready`, `/readyz`, `/live`, `/livez`, `/status`, `/metrics`). The query is ignored. An entry is an exact path, or a pattern where `*` matches any run of characters, `/` included (`/internal/*`, `/v1/*/health`)."
  },
  {
    name: "OTELKIT_IGNORE_DEFAULT_PATHS",
    type: "boolean",
    default: true,
    section: "otelkit",
    description: "Keep the default probe and scrape paths in the ignored list. `false`: only `OTELKIT_IGNORE_PATHS` is ignored (probes and `/metrics` are then traced)."
  },
  {
    name: "OTELKIT_REDACT_QUERY_PARAMS",
    type: "list",
    default: [],
    section: "otelkit",
    description: "Query parameters whose values are replaced by `REDACTED` in `url.query` (server spans) and `url.full` (client spans of http and fetch), keys kept. Added to the default list: `sig`, `Signature`, `AWSAccessKeyId`, `X-Goog-Signature`, `X-Goog-Credential`, `X-Amz-Signature`, `X-Amz-Credential`, `X-Amz-Security-Token`, `token`, `access_token`, `refresh_token`, `id_token`, `api_key`, `apikey`, `client_secret`, `password`. Names match exactly (case-sensitive). `instrumentationConfig.http.redactedQueryParamsServer` / `redactedQueryParams` replace the list for server / client spans."
  },
  {
    name: "OTELKIT_DEPLOYMENT_ENVIRONMENT",
    type: "string",
    default: void 0,
    section: "otelkit",
    description: "`deployment.environment.name`. Default: `NODE_ENV` when set. `OTEL_RESOURCE_ATTRIBUTES` wins over both."
  },
  {
    name: "OTELKIT_HEALTH_PORT",
    type: "integer",
    default: void 0,
    min: 0,
    max: 65535,
    section: "otelkit",
    description: "Port of the standalone health server (`/health`, `/ready`, `/live`, `/status`), started by the preload and by `start()`. Unset: no server. `0` picks a free port (printed at info level)."
  },
  {
    name: "OTELKIT_HEALTH_HOST",
    type: "string",
    default: "127.0.0.1",
    section: "otelkit",
    description: "Interface the health server listens on. Set `0.0.0.0` (or the pod IP) for Kubernetes probes, which come from the node, not from localhost."
  },
  {
    name: "OTELKIT_HEALTH_EVENT_LOOP_DELAY_MAX",
    type: "duration",
    default: 2e3,
    min: 1,
    max: 6e5,
    section: "otelkit",
    description: "`/live` fails while the event loop was last seen stalled longer than this many milliseconds. Raise it for apps with long synchronous work."
  },
  {
    name: "OTELKIT_HEALTH_CACHE",
    type: "duration",
    default: 5e3,
    min: 1,
    max: 6e5,
    section: "otelkit",
    description: "Milliseconds one run of the health checks is reused for (concurrent probes share the run in progress)."
  },
  {
    name: "OTELKIT_HEALTH_DISK_PATH",
    type: "string",
    default: void 0,
    section: "otelkit",
    description: "File system that `/health` reports (default: the working directory)."
  },
  {
    name: "OTELKIT_HEALTH_MEMORY_WARN_RATIO",
    type: "ratio",
    default: 0.9,
    min: 0.01,
    max: 1,
    section: "otelkit",
    description: "Heap used over V8's heap limit that makes memory `warn` in `/health`."
  },
  {
    name: "OTELKIT_HEALTH_DISK_WARN_RATIO",
    type: "ratio",
    default: 0.9,
    min: 0.01,
    max: 1,
    section: "otelkit",
    description: "Used space ratio that makes disk `warn` in `/health`."
  },
  {
    name: "OTELKIT_CONSOLE_CORRELATION",
    type: "enum",
    default: "false",
    allowedValues: ["false", "true", "json"],
    section: "otelkit",
    description: "Correlate `console.*` output: `true` appends `trace_id=\u2026 span_id=\u2026 trace_flags=\u2026` to lines written inside a span; `json` writes every console call as one line of the ready JSON log format."
  },
  {
    name: "OTELKIT_LOG_REDACT_KEYS",
    type: "list",
    default: ["authorization", "password", "passwd", "secret", "token", "access_token", "refresh_token", "api_key", "apikey", "cookie", "set-cookie"],
    section: "otelkit",
    description: "Keys whose values the ready JSON log format and exported log records replace by `[REDACTED]` (top level, one level down, and in `req.headers`). The list replaces the default."
  },
  {
    name: "OTELKIT_REQUEST_ID_HEADER",
    type: "string",
    default: "X-Request-ID",
    emptyMeans: "off",
    section: "otelkit",
    description: "Request header read for the `request_id` log field (kept when 1-128 characters of `[A-Za-z0-9._:-]`, else a UUID is generated) and echoed on the response. Set it empty to turn request ids off."
  },
  {
    name: "OTELKIT_COMPILE_CACHE",
    type: "string",
    default: void 0,
    section: "otelkit",
    description: "V8 code cache of the preload (`--require`, and `--import`, which runs the same file), which starts it ~25 ms sooner. Unset: `.cache/` in the `@otelkit/node` package folder, written by the first start (a read-only folder just means no cache). A path: that folder (created if its parent exists). `false`: off. Read by `dist/register.cjs` only (not `start()`)."
  }
]);
var BY_NAME = new Map(OTELKIT_ENV_DEFINITIONS.map((d) => [d.name, d]));
function getEnvDefinition(name) {
  return BY_NAME.get(name);
}
var isKeyToken = (key) => HTTP_TOKEN.test(key) && !key.includes("%");
var HEADER_VALUE = /^[\t\x20-\x7e]*$/;
var MAX_VALUE_LENGTH = 8192;
function parseKeyValueList(text2, asHeaders) {
  const pairs = {};
  const problems = [];
  text2.split(",").forEach((item, index) => {
    if (item.trim() === "") return;
    const eq = item.indexOf("=");
    const where = `pair ${index + 1}`;
    if (eq < 0) {
      problems.push(`${where} has no "="`);
      return;
    }
    const key = item.slice(0, eq).trim();
    if (key === "") {
      problems.push(`${where} has an empty key`);
      return;
    }
    if (asHeaders && !isKeyToken(key)) {
      problems.push(`${where} has an invalid key`);
      return;
    }
    let value;
    try {
      value = decodeURIComponent(item.slice(eq + 1).trim());
    } catch {
      problems.push(`${where} (key ${JSON.stringify(key)}) has invalid percent-encoding`);
      return;
    }
    if (asHeaders && (value === "" || !HEADER_VALUE.test(value) || value.length > MAX_VALUE_LENGTH)) {
      problems.push(`${where} (key ${JSON.stringify(key)}) has an empty, over-long or non-printable value`);
      return;
    }
    pairs[key] = value;
  });
  return { pairs, problems };
}
function definitionOf(name) {
  const def2 = getEnvDefinition(name);
  if (def2 === void 0) throw new Error(`otelkit: ${name} is not in the environment table`);
  return def2;
}
function raw(def2, env) {
  const value = env[def2.name];
  if (value === void 0) return void 0;
  if (value.trim() === "") return def2.emptyMeans === "off" ? "" : void 0;
  return value.trim();
}
function invalid(def2, value, expected) {
  const shown = value.length > 80 ? `${value.slice(0, 80)}\u2026` : value;
  const fallback = def2.default === void 0 ? "unset" : JSON.stringify(def2.default);
  warnOnce(`env:${def2.name}:${value}`, `${def2.name}=${JSON.stringify(shown)} is invalid (${expected}); using the default (${fallback}).`);
}
function getEnvBoolean(name, env = activeEnv()) {
  const def2 = definitionOf(name);
  const value = raw(def2, env);
  if (value === void 0 || value === "") return def2.default === true;
  const lower = value.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  invalid(def2, value, "expected true or false");
  return def2.default === true;
}
function getEnvNumber(name, env = activeEnv()) {
  const def2 = definitionOf(name);
  const value = raw(def2, env);
  const fallback = typeof def2.default === "number" ? def2.default : void 0;
  if (value === void 0 || value === "") return fallback;
  const isRatio = def2.type === "ratio";
  const pattern = isRatio ? /^[+]?(\d+(\.\d*)?|\.\d+)$/ : /^[+]?\d+$/;
  const parsed = pattern.test(value) ? Number(value) : Number.NaN;
  const min = def2.min ?? Number.NEGATIVE_INFINITY;
  const max = def2.max ?? Number.POSITIVE_INFINITY;
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
    const kind = isRatio ? "a number" : "a whole number";
    invalid(def2, value, `expected ${kind} from ${def2.min ?? "-\u221E"} to ${def2.max ?? "\u221E"}`);
    return fallback;
  }
  return parsed;
}
function getEnvString(name, env = activeEnv()) {
  const def2 = definitionOf(name);
  const value = raw(def2, env);
  const fallback = typeof def2.default === "string" ? def2.default : void 0;
  if (value === void 0) return fallback;
  if (def2.type === "enum") {
    const lower = value.toLowerCase();
    if (def2.allowedValues?.includes(lower)) return lower;
    invalid(def2, value, `expected one of ${def2.allowedValues?.join(", ")}`);
    return fallback;
  }
  if (def2.type === "url" && value !== "") {
    const problem = urlProblem(value, false);
    if (problem !== void 0) {
      invalid(def2, value, problem);
      return fallback;
    }
  }
  return value;
}
function missingSchemeFix(value) {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()) ? void 0 : `http://${value.trim()}`;
}
function urlProblem(value, hostPortAllowed) {
  const fix = missingSchemeFix(value);
  if (fix !== void 0) return hostPortAllowed ? void 0 : URL.canParse(fix) ? `no scheme; expected a URL such as ${fix}` : "expected an absolute URL such as http://collector:4318";
  return URL.canParse(value) ? void 0 : "expected an absolute URL such as http://collector:4318";
}
function getEnvEndpoint(name, grpc, env = activeEnv()) {
  const def2 = definitionOf(name);
  const value = raw(def2, env);
  if (value === void 0 || value === "") return void 0;
  const problem = urlProblem(value, grpc);
  if (problem === void 0) return value;
  invalid(def2, value, problem);
  return void 0;
}
function getEnvList(name, env = activeEnv()) {
  const def2 = definitionOf(name);
  const value = raw(def2, env);
  const fallback = Array.isArray(def2.default) ? [...def2.default] : void 0;
  if (value === void 0 || value === "") return fallback;
  const items = value.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (def2.type !== "enum-list") return [...new Set(items)];
  const out = [];
  for (const item of items) {
    const lower = item.toLowerCase();
    if (!def2.allowedValues?.includes(lower)) {
      warnOnce(`env:${def2.name}:item:${lower}`, `${def2.name} contains unknown value ${JSON.stringify(item)} (expected ${def2.allowedValues?.join(", ")}); it is ignored.`);
    } else if (!out.includes(lower)) {
      out.push(lower);
    }
  }
  return out.length > 0 ? out : fallback;
}
function getEnvKeyValues(name, mode, env = activeEnv()) {
  const def2 = definitionOf(name);
  const value = raw(def2, env);
  if (value === void 0 || value === "") return {};
  const { pairs, problems } = parseKeyValueList(value, mode === "skip-invalid");
  if (problems.length === 0) return pairs;
  if (mode === "all-or-nothing") {
    warnOnce(`env:${def2.name}:${value}`, `${def2.name} is malformed (${problems.join("; ")}); the whole value is ignored.`);
    return {};
  }
  warnOnce(`env:${def2.name}:${value}`, `${def2.name}: ${problems.join("; ")}; those pairs are skipped.`);
  return pairs;
}
function otlpProtocolFromEnv(signal, env = activeEnv()) {
  return getEnvString(`OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`, env) ?? getEnvString("OTEL_EXPORTER_OTLP_PROTOCOL", env);
}
function otlpEndpointFromEnv(signal, protocol, env = activeEnv()) {
  const grpc = protocol === "grpc";
  const own = getEnvEndpoint(`OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`, grpc, env);
  if (own !== void 0) return own;
  const base = getEnvEndpoint("OTEL_EXPORTER_OTLP_ENDPOINT", grpc, env);
  if (grpc) return base ?? "http://localhost:4317";
  const path = `v1/${signal.toLowerCase()}`;
  if (base === void 0) return `http://localhost:4318/${path}`;
  return `${base.endsWith("/") ? base : `${base}/`}${path}`;
}
var OTLP_KEYS = ["ENDPOINT", "PROTOCOL", "HEADERS", "TIMEOUT", "COMPRESSION", "CERTIFICATE", "CLIENT_KEY", "CLIENT_CERTIFICATE", "INSECURE"];
var BATCH_KEYS = ["SCHEDULE_DELAY", "EXPORT_TIMEOUT", "MAX_QUEUE_SIZE", "MAX_EXPORT_BATCH_SIZE"];
function specificationNames() {
  return [
    // General SDK configuration, exporter selection, metrics SDK.
    "OTEL_SDK_DISABLED",
    "OTEL_ENTITIES",
    "OTEL_RESOURCE_ATTRIBUTES",
    "OTEL_SERVICE_NAME",
    "OTEL_LOG_LEVEL",
    "OTEL_PROPAGATORS",
    "OTEL_TRACES_SAMPLER",
    "OTEL_TRACES_SAMPLER_ARG",
    "OTEL_TRACES_EXPORTER",
    "OTEL_METRICS_EXPORTER",
    "OTEL_LOGS_EXPORTER",
    "OTEL_METRICS_EXEMPLAR_FILTER",
    "OTEL_METRIC_EXPORT_INTERVAL",
    "OTEL_METRIC_EXPORT_TIMEOUT",
    "OTEL_CONFIG_FILE",
    "OTEL_EXPERIMENTAL_CONFIG_FILE",
    // Batch processors and limits.
    ...BATCH_KEYS.flatMap((k) => [`OTEL_BSP_${k}`, `OTEL_BLRP_${k}`]),
    "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT",
    "OTEL_ATTRIBUTE_COUNT_LIMIT",
    "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT",
    "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT",
    "OTEL_SPAN_EVENT_COUNT_LIMIT",
    "OTEL_SPAN_LINK_COUNT_LIMIT",
    "OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT",
    "OTEL_LINK_ATTRIBUTE_COUNT_LIMIT",
    "OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT",
    "OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT",
    // OTLP exporter, generic and per signal, plus the deprecated per-signal insecure names.
    ...["", "TRACES_", "METRICS_", "LOGS_"].flatMap((s) => OTLP_KEYS.map((k) => `OTEL_EXPORTER_OTLP_${s}${k}`)),
    "OTEL_EXPORTER_OTLP_SPAN_INSECURE",
    "OTEL_EXPORTER_OTLP_METRIC_INSECURE",
    "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE",
    "OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION",
    // Zipkin, Prometheus, and the Jaeger exporter removed from the specification in 2023.
    "OTEL_EXPORTER_ZIPKIN_ENDPOINT",
    "OTEL_EXPORTER_ZIPKIN_TIMEOUT",
    "OTEL_EXPORTER_PROMETHEUS_HOST",
    "OTEL_EXPORTER_PROMETHEUS_PORT",
    "OTEL_EXPORTER_JAEGER_AGENT_HOST",
    "OTEL_EXPORTER_JAEGER_AGENT_PORT",
    "OTEL_EXPORTER_JAEGER_ENDPOINT",
    "OTEL_EXPORTER_JAEGER_TIMEOUT",
    "OTEL_EXPORTER_JAEGER_USER",
    "OTEL_EXPORTER_JAEGER_PASSWORD",
    // Semantic-convention migration, and the upstream Node.js auto-instrumentation.
    "OTEL_SEMCONV_STABILITY_OPT_IN",
    "OTEL_NODE_RESOURCE_DETECTORS",
    "OTEL_NODE_ENABLED_INSTRUMENTATIONS",
    "OTEL_NODE_DISABLED_INSTRUMENTATIONS",
    // Set by the OpenTelemetry Operator for Kubernetes when it injects auto-instrumentation.
    "OTEL_RESOURCE_ATTRIBUTES_POD_NAME",
    "OTEL_RESOURCE_ATTRIBUTES_POD_UID",
    "OTEL_RESOURCE_ATTRIBUTES_NODE_NAME",
    "OTEL_NODE_IP",
    "OTEL_POD_IP"
  ];
}
var known;
function knownEnvNames() {
  known ??= /* @__PURE__ */ new Set([...OTELKIT_ENV_DEFINITIONS.map((d) => d.name), ...specificationNames()]);
  return known;
}
var rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];
function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (rows[0].length <= b.length) rows = [new Int32Array(b.length + 1), new Int32Array(b.length + 1), new Int32Array(b.length + 1)];
  let [prev2, prev, row2] = rows;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row2[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, row2[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) d = Math.min(d, prev2[j - 2] + 1);
      row2[j] = d;
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
    [prev2, prev, row2] = [prev, row2, prev2];
  }
  return prev[b.length];
}
var MAX_EDITS = 3;
function closestEnvName(name) {
  let best;
  let bestDistance = MAX_EDITS + 1;
  for (const candidate of knownEnvNames()) {
    const d = distance(name, candidate, Math.min(MAX_EDITS, bestDistance - 1));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
function findUnknownEnvVariables(env = process.env) {
  const out = [];
  for (const name of Object.keys(env)) {
    if (!name.startsWith("OTEL_") && !name.startsWith("OTELKIT_")) continue;
    if (getEnvDefinition(name) !== void 0 || knownEnvNames().has(name)) continue;
    out.push({ name, suggestion: closestEnvName(name) });
  }
  return out.sort((a, b) => a.name < b.name ? -1 : 1);
}
function warnUnknownEnvVariables(env = process.env) {
  for (const { name, suggestion } of findUnknownEnvVariables(env)) {
    if (suggestion === void 0 && !name.startsWith("OTELKIT_")) continue;
    const hint = suggestion === void 0 ? "see docs/configuration.md for the variables otelkit reads" : `did you mean ${suggestion}?`;
    warnOnce(`env:unknown:${name}`, `${name} is not a variable otelkit or OpenTelemetry knows and is ignored; ${hint}`);
  }
}
var UNIT_WORDS = {
  d: "days",
  h: "hours",
  min: "minutes",
  s: "seconds",
  ms: "milliseconds",
  us: "microseconds",
  ns: "nanoseconds",
  By: "bytes",
  KiBy: "kibibytes",
  MiBy: "mebibytes",
  GiBy: "gibibytes",
  TiBy: "tibibytes",
  KBy: "kilobytes",
  MBy: "megabytes",
  GBy: "gigabytes",
  TBy: "terabytes",
  m: "meters",
  V: "volts",
  A: "amperes",
  J: "joules",
  W: "watts",
  g: "grams",
  Cel: "celsius",
  Hz: "hertz",
  "%": "percent"
};
var PER_WORDS = { s: "second", m: "minute", h: "hour", d: "day", w: "week", mo: "month", y: "year" };
function sanitizePrometheusName(name) {
  let out = name.replace(/[^a-zA-Z0-9_:]/g, "_").replace(/_{2,}/g, "_");
  if (/^[0-9]/.test(out)) out = `_${out}`;
  return out;
}
function sanitizePrometheusLabel(name) {
  let out = name.replace(/[^a-zA-Z0-9_]/g, "_").replace(/_{2,}/g, "_");
  if (/^[0-9]/.test(out)) out = `_${out}`;
  return out;
}
function prometheusUnitSuffix(unit, kind) {
  const bare = unit.replace(/\{[^}]*\}/g, "").trim();
  if (bare === "") return "";
  if (bare === "1") return kind === "gauge" || kind === "updowncounter" ? "ratio" : "";
  const slash = bare.indexOf("/");
  if (slash >= 0) {
    const num = bare.slice(0, slash);
    const den = bare.slice(slash + 1);
    const numWord = num === "" || num === "1" ? "" : UNIT_WORDS[num] ?? num;
    const denWord = PER_WORDS[den] ?? UNIT_WORDS[den] ?? den;
    return sanitizePrometheusName(numWord === "" ? `per_${denWord}` : `${numWord}_per_${denWord}`);
  }
  return sanitizePrometheusName(UNIT_WORDS[bare] ?? bare);
}
var RESERVED_SUFFIXES = [
  ["_count", /* @__PURE__ */ new Set(["histogram"])],
  ["_sum", /* @__PURE__ */ new Set(["histogram"])],
  ["_bucket", /* @__PURE__ */ new Set(["histogram"])],
  ["_total", /* @__PURE__ */ new Set(["counter"])]
];
function withoutReservedSuffix(name, kind) {
  let out = name;
  for (let changed = true; changed; ) {
    changed = false;
    for (const [suffix, owners] of RESERVED_SUFFIXES) {
      if (!owners.has(kind) && out.endsWith(suffix) && out.length > suffix.length && !/^_*$/.test(out.slice(0, -suffix.length))) {
        out = out.slice(0, -suffix.length);
        changed = true;
      }
    }
  }
  return out;
}
function prometheusMetricName(name, unit, kind) {
  let out = sanitizePrometheusName(name);
  if (kind === "counter" && out.endsWith("_total")) out = out.slice(0, -"_total".length);
  const suffix = prometheusUnitSuffix(unit, kind);
  if (suffix !== "" && !out.endsWith(`_${suffix}`)) out = `${out}_${suffix}`;
  out = out.replace(/_{2,}/g, "_");
  return kind === "counter" ? `${out}_total` : withoutReservedSuffix(out, kind);
}
var BOTH = ["semconv", "prometheus-classic"];
var SEMCONV = ["semconv"];
var CLASSIC = ["prometheus-classic"];
var HTTP_DURATION_BUCKETS = [5e-3, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
var JOB_DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];
var GC_DURATION_BUCKETS = [1e-3, 0.01, 0.1, 1, 10];
var HOLD_DURATION_BUCKETS = [0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600];
var HTTP_SERVER_ATTRS = ["http.request.method", "url.scheme", "http.response.status_code", "http.route", "network.protocol.version", "error.type"];
var EL_STATS = ["min", "max", "mean", "stddev", "p50", "p90", "p99"];
var def = (d) => d;
var OTELKIT_METRIC_CATALOG = Object.freeze([
  // HTTP, semantic conventions
  def({
    name: "http.server.request.duration",
    kind: "histogram",
    unit: "s",
    buckets: HTTP_DURATION_BUCKETS,
    group: "http",
    origin: "semconv",
    profiles: SEMCONV,
    description: "Duration of HTTP server requests.",
    attributes: HTTP_SERVER_ATTRS,
    optionalAttributes: ["http.route", "error.type", "http.response.status_code"]
  }),
  def({
    name: "http.server.active_requests",
    kind: "updowncounter",
    unit: "{request}",
    group: "http",
    origin: "semconv",
    profiles: SEMCONV,
    description: "Number of active HTTP server requests.",
    attributes: ["http.request.method", "url.scheme"]
  }),
  def({
    name: "http.client.request.duration",
    kind: "histogram",
    unit: "s",
    buckets: HTTP_DURATION_BUCKETS,
    group: "http",
    origin: "semconv",
    profiles: BOTH,
    recordedBy: "@opentelemetry/instrumentation-http and -undici (outgoing http and fetch)",
    description: "Duration of HTTP client requests.",
    attributes: ["http.request.method", "server.address", "server.port", "url.scheme", "http.response.status_code", "network.protocol.version", "error.type"],
    optionalAttributes: ["http.response.status_code", "error.type", "network.protocol.version"]
  }),
  // HTTP, prometheus-classic
  def({
    name: "http_requests",
    kind: "counter",
    unit: "",
    group: "http",
    origin: "prom-client",
    profiles: CLASSIC,
    description: "Total HTTP requests served.",
    attributes: ["method", "status", "route"],
    optionalAttributes: ["route"]
  }),
  def({
    name: "http_request_duration",
    kind: "histogram",
    unit: "s",
    buckets: HTTP_DURATION_BUCKETS,
    group: "http",
    origin: "prom-client",
    profiles: CLASSIC,
    description: "Duration of HTTP requests served.",
    attributes: ["method", "status", "route"],
    optionalAttributes: ["route"]
  }),
  def({
    name: "http_requests_in_flight",
    kind: "updowncounter",
    unit: "",
    group: "http",
    origin: "prom-client",
    profiles: CLASSIC,
    description: "HTTP requests being served right now.",
    attributes: ["method"]
  }),
  // Runtime, semantic conventions
  ...EL_STATS.map((stat) => def({
    name: `nodejs.eventloop.delay.${stat}`,
    kind: "gauge",
    unit: "s",
    group: "runtime",
    origin: "semconv",
    profiles: SEMCONV,
    description: `Event loop delay, ${stat} since the previous collection.`,
    attributes: []
  })),
  def({
    name: "nodejs.eventloop.utilization",
    kind: "gauge",
    unit: "1",
    group: "runtime",
    origin: "semconv",
    profiles: SEMCONV,
    description: "Share of time the event loop was busy since the previous collection.",
    attributes: []
  }),
  def({
    name: "nodejs.eventloop.time",
    kind: "counter",
    unit: "s",
    group: "runtime",
    origin: "semconv",
    profiles: SEMCONV,
    description: "Time the event loop spent active or idle.",
    attributes: ["nodejs.eventloop.state"]
  }),
  def({
    name: "v8js.gc.duration",
    kind: "histogram",
    unit: "s",
    buckets: GC_DURATION_BUCKETS,
    group: "runtime",
    origin: "semconv",
    profiles: SEMCONV,
    description: "Garbage collection pauses.",
    attributes: ["v8js.gc.type"]
  }),
  def({
    name: "v8js.memory.heap.used",
    kind: "updowncounter",
    unit: "By",
    group: "runtime",
    origin: "semconv",
    profiles: SEMCONV,
    description: "Heap memory used, per heap space.",
    attributes: ["v8js.heap.space.name"]
  }),
  def({
    name: "v8js.memory.heap.limit",
    kind: "updowncounter",
    unit: "By",
    group: "runtime",
    origin: "semconv",
    profiles: SEMCONV,
    description: "Heap memory size, per heap space.",
    attributes: ["v8js.heap.space.name"]
  }),
  def({
    name: "v8js.heap.space.available_size",
    kind: "updowncounter",
    unit: "By",
    group: "runtime",
    origin: "semconv",
    profiles: SEMCONV,
    description: "Heap space available, per heap space.",
    attributes: ["v8js.heap.space.name"]
  }),
  def({
    name: "process.cpu.time",
    kind: "counter",
    unit: "s",
    group: "runtime",
    origin: "semconv",
    profiles: SEMCONV,
    description: "CPU time used by the process.",
    attributes: ["cpu.mode"]
  }),
  def({
    name: "process.cpu.utilization",
    kind: "gauge",
    unit: "1",
    group: "runtime",
    origin: "semconv",
    profiles: SEMCONV,
    description: "CPU used by the process since the previous collection, as a share of one core.",
    attributes: ["cpu.mode"]
  }),
  def({
    name: "process.memory.usage",
    kind: "updowncounter",
    unit: "By",
    group: "runtime",
    origin: "semconv",
    profiles: SEMCONV,
    description: "Resident memory of the process (RSS).",
    attributes: []
  }),
  def({
    name: "process.uptime",
    kind: "gauge",
    unit: "s",
    group: "runtime",
    origin: "semconv",
    profiles: SEMCONV,
    description: "Time since the process started.",
    attributes: []
  }),
  def({
    name: "nodejs.active_handles",
    kind: "updowncounter",
    unit: "{handle}",
    group: "runtime",
    origin: "otelkit",
    profiles: SEMCONV,
    description: "Active libuv handles and requests keeping the process alive, by type.",
    attributes: ["nodejs.handle.type"]
  }),
  // Runtime, prometheus-classic (prom-client's default metric names)
  def({ name: "process_cpu_user", kind: "counter", unit: "s", group: "runtime", origin: "prom-client", profiles: CLASSIC, description: "User CPU time spent.", attributes: [] }),
  def({ name: "process_cpu_system", kind: "counter", unit: "s", group: "runtime", origin: "prom-client", profiles: CLASSIC, description: "System CPU time spent.", attributes: [] }),
  def({ name: "process_cpu", kind: "counter", unit: "s", group: "runtime", origin: "prom-client", profiles: CLASSIC, description: "Total user and system CPU time spent.", attributes: [] }),
  def({ name: "process_resident_memory", kind: "gauge", unit: "By", group: "runtime", origin: "prom-client", profiles: CLASSIC, description: "Resident memory size.", attributes: [] }),
  def({ name: "process_start_time", kind: "gauge", unit: "s", group: "runtime", origin: "prom-client", profiles: CLASSIC, description: "Start time of the process since the Unix epoch.", attributes: [] }),
  def({ name: "nodejs_eventloop_lag", kind: "gauge", unit: "s", group: "runtime", origin: "prom-client", profiles: CLASSIC, description: "Mean event loop lag since the previous collection.", attributes: [] }),
  ...["min", "max", "p50", "p90", "p99"].map((stat) => def({
    name: `nodejs_eventloop_lag_${stat}`,
    kind: "gauge",
    unit: "s",
    group: "runtime",
    origin: "prom-client",
    profiles: CLASSIC,
    description: `Event loop lag, ${stat} since the previous collection.`,
    attributes: []
  })),
  def({ name: "nodejs_eventloop_utilization", kind: "gauge", unit: "1", group: "runtime", origin: "otelkit", profiles: CLASSIC, description: "Share of time the event loop was busy since the previous collection.", attributes: [] }),
  def({ name: "nodejs_heap_size_total", kind: "gauge", unit: "By", group: "runtime", origin: "prom-client", profiles: CLASSIC, description: "Process heap size.", attributes: [] }),
  def({ name: "nodejs_heap_size_used", kind: "gauge", unit: "By", group: "runtime", origin: "prom-client", profiles: CLASSIC, description: "Process heap size used.", attributes: [] }),
  def({ name: "nodejs_external_memory", kind: "gauge", unit: "By", group: "runtime", origin: "prom-client", profiles: CLASSIC, description: "Memory of C++ objects bound to JavaScript objects.", attributes: [] }),
  def({ name: "nodejs_heap_space_size_used", kind: "gauge", unit: "By", group: "runtime", origin: "prom-client", profiles: CLASSIC, description: "Heap space used, per space.", attributes: ["space"] }),
  def({ name: "nodejs_active_handles", kind: "gauge", unit: "", group: "runtime", origin: "prom-client", profiles: CLASSIC, description: "Active libuv handles, by type.", attributes: ["type"] }),
  def({ name: "nodejs_gc_duration", kind: "histogram", unit: "s", buckets: GC_DURATION_BUCKETS, group: "runtime", origin: "prom-client", profiles: CLASSIC, description: "Garbage collection duration, by kind.", attributes: ["kind"] }),
  // Job queues
  def({
    name: "job.enqueued",
    kind: "counter",
    unit: "{job}",
    group: "queue",
    origin: "otelkit",
    profiles: BOTH,
    description: "Jobs added to a queue.",
    attributes: ["queue.name", "tenant.id"],
    optionalAttributes: ["tenant.id"]
  }),
  def({
    name: "job.processed",
    kind: "counter",
    unit: "{job}",
    group: "queue",
    origin: "otelkit",
    profiles: BOTH,
    description: "Jobs finished, by status (`completed`, `failed`); failures carry `error.type`.",
    attributes: ["queue.name", "job.status", "job.type", "error.type", "tenant.id"],
    optionalAttributes: ["job.type", "error.type", "tenant.id"]
  }),
  def({
    name: "job.duration",
    kind: "histogram",
    unit: "s",
    buckets: JOB_DURATION_BUCKETS,
    group: "queue",
    origin: "otelkit",
    profiles: BOTH,
    description: "Time from a job's start to its end, by status.",
    attributes: ["queue.name", "job.status", "job.type", "tenant.id"],
    optionalAttributes: ["job.type", "tenant.id"]
  }),
  def({
    name: "job.queue.wait_time",
    kind: "histogram",
    unit: "s",
    buckets: JOB_DURATION_BUCKETS,
    group: "queue",
    origin: "otelkit",
    profiles: BOTH,
    description: "Time a job waited in the queue before it started.",
    attributes: ["queue.name", "job.type", "tenant.id"],
    optionalAttributes: ["job.type", "tenant.id"]
  }),
  def({
    name: "job.queue.depth",
    kind: "gauge",
    unit: "{job}",
    group: "queue",
    origin: "otelkit",
    profiles: BOTH,
    description: "Jobs waiting in the queue (backlog).",
    attributes: ["queue.name", "tenant.id"],
    optionalAttributes: ["tenant.id"]
  }),
  def({
    name: "job.active",
    kind: "gauge",
    unit: "{job}",
    group: "queue",
    origin: "otelkit",
    profiles: BOTH,
    description: "Jobs running right now.",
    attributes: ["queue.name", "tenant.id"],
    optionalAttributes: ["tenant.id"]
  }),
  // Semaphores
  def({
    name: "semaphore.active_slots",
    kind: "gauge",
    unit: "{slot}",
    group: "semaphore",
    origin: "otelkit",
    profiles: BOTH,
    description: "Slots counted as held.",
    attributes: ["semaphore.name", "tenant.id"],
    optionalAttributes: ["tenant.id"]
  }),
  def({
    name: "semaphore.limit",
    kind: "gauge",
    unit: "{slot}",
    group: "semaphore",
    origin: "otelkit",
    profiles: BOTH,
    description: "Slots the semaphore allows.",
    attributes: ["semaphore.name"]
  }),
  def({
    name: "semaphore.leaked_slots",
    kind: "gauge",
    unit: "{slot}",
    group: "semaphore",
    origin: "otelkit",
    profiles: BOTH,
    description: "Slots counted as held with no live holder, plus slots held longer than the bound. Above 0 means a leak.",
    attributes: ["semaphore.name", "tenant.id"],
    optionalAttributes: ["tenant.id"]
  }),
  def({
    name: "semaphore.acquisitions",
    kind: "counter",
    unit: "{acquisition}",
    group: "semaphore",
    origin: "otelkit",
    profiles: BOTH,
    description: "Acquire attempts, by outcome (`acquired`, `rejected`).",
    attributes: ["semaphore.name", "semaphore.outcome", "tenant.id"],
    optionalAttributes: ["tenant.id"]
  }),
  def({
    name: "semaphore.hold.duration",
    kind: "histogram",
    unit: "s",
    buckets: HOLD_DURATION_BUCKETS,
    group: "semaphore",
    origin: "otelkit",
    profiles: BOTH,
    description: "How long released slots were held.",
    attributes: ["semaphore.name", "tenant.id"],
    optionalAttributes: ["tenant.id"]
  }),
  // Connection pools. The semantic conventions' `db.client.connection.count` would be exposed as
  // `db_client_connection_count`, which Prometheus tooling reads as a histogram part (promtool
  // rejects it), and pools are not only database pools: otelkit uses a `pool.*` namespace.
  def({
    name: "pool.connections",
    kind: "updowncounter",
    unit: "{connection}",
    group: "pool",
    origin: "otelkit",
    profiles: BOTH,
    description: "Connections in the pool, by state (`used`, `idle`).",
    attributes: ["pool.name", "pool.state"]
  }),
  def({
    name: "pool.connections.max",
    kind: "updowncounter",
    unit: "{connection}",
    group: "pool",
    origin: "otelkit",
    profiles: BOTH,
    description: "Most connections the pool allows.",
    attributes: ["pool.name"]
  }),
  def({
    name: "pool.pending_requests",
    kind: "updowncounter",
    unit: "{request}",
    group: "pool",
    origin: "otelkit",
    profiles: BOTH,
    description: "Callers waiting for a connection.",
    attributes: ["pool.name"]
  }),
  def({
    name: "pool.utilization",
    kind: "gauge",
    unit: "1",
    group: "pool",
    origin: "otelkit",
    profiles: BOTH,
    description: "Used connections as a share of the maximum (0 to 1).",
    attributes: ["pool.name"]
  }),
  // Caches and rate limits
  def({
    name: "cache.requests",
    kind: "counter",
    unit: "{request}",
    group: "cache",
    origin: "otelkit",
    profiles: BOTH,
    description: "Cache lookups, by result (`hit`, `miss`).",
    attributes: ["cache.name", "cache.result"]
  }),
  def({
    name: "rate_limit.requests",
    kind: "counter",
    unit: "{request}",
    group: "rate-limit",
    origin: "otelkit",
    profiles: BOTH,
    description: "Requests checked by a rate limiter, by outcome (`allowed`, `rejected`).",
    attributes: ["rate_limit.name", "rate_limit.outcome", "tenant.id"],
    optionalAttributes: ["tenant.id"]
  }),
  def({
    name: "rate_limit.utilization",
    kind: "gauge",
    unit: "1",
    group: "rate-limit",
    origin: "otelkit",
    profiles: BOTH,
    description: "Share of the limit used in the current window (0 to 1).",
    attributes: ["rate_limit.name", "tenant.id"],
    optionalAttributes: ["tenant.id"]
  }),
  def({
    name: "rate_limit.queue.depth",
    kind: "gauge",
    unit: "{request}",
    group: "rate-limit",
    origin: "otelkit",
    profiles: BOTH,
    description: "Requests waiting for the rate limiter to admit them (for limiters that queue instead of rejecting).",
    attributes: ["rate_limit.name", "tenant.id"],
    optionalAttributes: ["tenant.id"]
  }),
  // The SDK's own pipeline
  ...["span", "log"].flatMap((item) => [
    def({
      name: `otel.sdk.processor.${item}.queue.size`,
      kind: "updowncounter",
      unit: `{${item}}`,
      group: "sdk",
      origin: "semconv",
      profiles: BOTH,
      description: `${item === "span" ? "Spans" : "Log records"} waiting in the batch processor's queue.`,
      attributes: ["otel.component.type"]
    }),
    def({
      name: `otel.sdk.processor.${item}.queue.capacity`,
      kind: "updowncounter",
      unit: `{${item}}`,
      group: "sdk",
      origin: "semconv",
      profiles: BOTH,
      description: `Bound of the ${item} queue.`,
      attributes: ["otel.component.type"]
    }),
    def({
      name: `otel.sdk.processor.${item}.processed`,
      kind: "counter",
      unit: `{${item}}`,
      group: "sdk",
      origin: "semconv",
      profiles: BOTH,
      description: `${item === "span" ? "Spans" : "Log records"} the processor handled; those dropped before export carry \`error.type\` (e.g. \`queue_full\`).`,
      attributes: ["otel.component.type", "error.type"],
      optionalAttributes: ["error.type"]
    }),
    def({
      name: `otel.sdk.exporter.${item}.exported`,
      kind: "counter",
      unit: `{${item}}`,
      group: "sdk",
      origin: "semconv",
      profiles: BOTH,
      description: `${item === "span" ? "Spans" : "Log records"} each exporter tried to send; failures carry \`error.type\`. \`otel.component.type\` names the exporter: \`otlp_http_${item}_exporter\` (http/protobuf), \`otlp_http_json_${item}_exporter\`, \`otlp_grpc_${item}_exporter\`, \`${item === "span" ? "ConsoleSpanExporter" : "ConsoleLogRecordExporter"}\`${item === "span" ? ", or the class name of a `spanExporter` given to `start()`" : ""}.`,
      attributes: ["otel.component.type", "error.type"],
      optionalAttributes: ["error.type"]
    })
  ]),
  def({
    name: "otel.sdk.exporter.metric_data_point.exported",
    kind: "counter",
    unit: "{data_point}",
    group: "sdk",
    origin: "semconv",
    profiles: BOTH,
    description: "Metric data points each push exporter tried to send; failures carry `error.type`. `otel.component.type` names the exporter: `otlp_http_metric_exporter` (http/protobuf), `otlp_http_json_metric_exporter`, `otlp_grpc_metric_exporter`, `ConsoleMetricExporter`.",
    attributes: ["otel.component.type", "error.type"],
    optionalAttributes: ["error.type"]
  })
]);
var BY_NAME2 = new Map(OTELKIT_METRIC_CATALOG.map((d) => [d.name, d]));
function getMetricDefinition(name) {
  return BY_NAME2.get(name);
}
function metricDefinition(name) {
  const found = BY_NAME2.get(name);
  if (found === void 0) throw new Error(`metric ${name} is not in the otelkit metric catalog`);
  return found;
}
var RENAMEABLE_METRIC_GROUPS = Object.freeze(["http", "queue", "semaphore", "pool", "cache", "rate-limit"]);
var RENAMEABLE = new Set(RENAMEABLE_METRIC_GROUPS);
var NAME = /^[a-zA-Z_:][a-zA-Z0-9_:.]*$/;
var LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
var isRenameable = (d) => RENAMEABLE.has(d.group) && d.recordedBy === void 0;
function renameable(instrument) {
  const d = getMetricDefinition(instrument);
  return d !== void 0 && isRenameable(d) ? d : void 0;
}
var ATTRIBUTES = new Set(OTELKIT_METRIC_CATALOG.filter(isRenameable).flatMap((d) => d.attributes));
function scopedAttribute(key) {
  const colon = key.indexOf(":");
  if (colon < 0) return ATTRIBUTES.has(key) ? { attribute: key } : `no HTTP or domain instrument has the attribute ${JSON.stringify(key)}`;
  const instrument = key.slice(0, colon);
  const attribute = key.slice(colon + 1);
  const d = renameable(instrument);
  if (d === void 0) return `${JSON.stringify(instrument)} is not an HTTP or domain instrument of the catalog`;
  return d.attributes.includes(attribute) ? { instrument, attribute } : `${instrument} has no attribute ${JSON.stringify(attribute)}`;
}
function normalizeMetricNaming(naming) {
  const problems = [];
  const out = { names: {}, labels: {}, labelValues: {} };
  if (naming === void 0 || naming === null) return { naming: Object.freeze(out), problems };
  if (typeof naming !== "object") return { naming: Object.freeze(out), problems: [{ field: "naming", message: "must be an object" }] };
  const { namespace } = naming;
  if (namespace !== void 0 && namespace !== "") {
    if (typeof namespace === "string" && NAME.test(namespace)) out.namespace = namespace;
    else problems.push({ field: "namespace", message: `must be a metric name prefix ([a-zA-Z_:][a-zA-Z0-9_:.]*), got ${JSON.stringify(namespace)}` });
  }
  const entries = (field, value) => {
    if (value === void 0 || value === null) return [];
    if (typeof value !== "object" || Array.isArray(value)) {
      problems.push({ field, message: "must be an object of strings" });
      return [];
    }
    return Object.entries(value);
  };
  const taken = /* @__PURE__ */ new Map();
  for (const [instrument, name] of entries("names", naming.names)) {
    const field = `names.${instrument}`;
    if (renameable(instrument) === void 0) problems.push({ field, message: "not an HTTP or domain instrument of the catalog" });
    else if (typeof name !== "string" || !NAME.test(name)) problems.push({ field, message: `must be a metric name ([a-zA-Z_:][a-zA-Z0-9_:.]*), got ${JSON.stringify(name)}` });
    else if (taken.has(sanitizePrometheusName(name))) problems.push({ field, message: `${JSON.stringify(name)} is already the name of ${taken.get(sanitizePrometheusName(name))}` });
    else {
      taken.set(sanitizePrometheusName(name), instrument);
      out.names[instrument] = name;
    }
  }
  for (const [key, label] of entries("labels", naming.labels)) {
    const field = `labels.${key}`;
    const scoped = scopedAttribute(key);
    if (typeof scoped === "string") problems.push({ field, message: scoped });
    else if (typeof label !== "string" || !LABEL.test(label) || label.startsWith("__")) problems.push({ field, message: `must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __), got ${JSON.stringify(label)}` });
    else out.labels[key] = label;
  }
  for (const [key, value] of entries("labelValues", naming.labelValues)) {
    const field = `labelValues.${key}`;
    const cut = key.lastIndexOf(":");
    const scoped = cut < 0 ? "must be attribute:value or instrument:attribute:value" : scopedAttribute(key.slice(0, cut));
    if (typeof scoped === "string") problems.push({ field, message: scoped });
    else if (typeof value !== "string" || value === "") problems.push({ field, message: `must be a non-empty string, got ${JSON.stringify(value)}` });
    else out.labelValues[key] = value;
  }
  dropCollisions(out, problems);
  return { naming: Object.freeze({ ...out, names: Object.freeze(out.names), labels: Object.freeze(out.labels), labelValues: Object.freeze(out.labelValues) }), problems };
}
function assertMetricNaming(naming, option) {
  const { naming: checked, problems } = normalizeMetricNaming(naming);
  const first = problems[0];
  if (first !== void 0) throw new OtelkitError("OTELKIT_ERR_INVALID_OPTION", `option "${option}.${first.field}": ${first.message}`);
  return checked;
}
function joinNamespace(namespace, name, separator) {
  return namespace === void 0 ? name : `${namespace}${separator}${name}`;
}
function createMetricNamer(naming) {
  return namerOf(normalizeMetricNaming(naming).naming);
}
function dropCollisions(out, problems) {
  if (Object.keys(out.names).length + Object.keys(out.labels).length === 0) return;
  for (; ; ) {
    const culprit = firstCollision(out);
    if (culprit === void 0) return;
    problems.push({ field: culprit.field, message: culprit.message });
    culprit.drop();
  }
}
function firstCollision(out) {
  const namer = namerOf(out);
  const owners = /* @__PURE__ */ new Map();
  for (const d of OTELKIT_METRIC_CATALOG) {
    const named2 = namer.instrument(d);
    for (const profile2 of d.profiles) {
      const other = owners.get(`${profile2} ${named2.prometheusName}`);
      const key = [d.name, other].find((k) => k !== void 0 && out.names[k] !== void 0);
      if (other !== void 0 && key !== void 0) return { field: `names.${key}`, message: `gives ${named2.prometheusName} to both ${other} and ${d.name}`, drop: () => delete out.names[key] };
      owners.set(`${profile2} ${named2.prometheusName}`, d.name);
    }
    const labels = /* @__PURE__ */ new Map();
    for (const a of d.attributes) {
      const label = named2.label(a);
      const first = labels.get(label);
      const renames = (k, attribute) => out.labels[k] !== void 0 && out.labels[k] !== sanitizePrometheusLabel(attribute);
      const key = first === void 0 ? void 0 : [[`${d.name}:${a}`, a], [a, a], [`${d.name}:${first}`, first], [first, first]].find(([k, attribute]) => renames(k, attribute))?.[0];
      if (key !== void 0) return { field: `labels.${key}`, message: `gives ${d.name} two ${label} labels (${first} and ${a})`, drop: () => delete out.labels[key] };
      labels.set(label, a);
    }
  }
  return void 0;
}
function namerOf(normalized) {
  const { namespace } = normalized;
  const names = normalized.names ?? {};
  const labels = normalized.labels ?? {};
  const labelValues = normalized.labelValues ?? {};
  const identity2 = namespace === void 0 && Object.keys(names).length + Object.keys(labels).length + Object.keys(labelValues).length === 0;
  const cache = /* @__PURE__ */ new Map();
  const build2 = (d) => {
    const renamed = isRenameable(d);
    const chosen = renamed ? names[d.name] : void 0;
    let name = d.name;
    let unit = d.unit;
    if (chosen !== void 0) {
      name = joinNamespace(namespace, chosen, "_");
      if (prometheusMetricName(name, unit, d.kind) !== prometheusMetricName(name, "", d.kind)) unit = "";
    } else if (renamed) name = joinNamespace(namespace, d.name, ".");
    const keyOf = (attribute) => (renamed ? labels[`${d.name}:${attribute}`] ?? labels[attribute] : void 0) ?? attribute;
    const label = (attribute) => sanitizePrometheusLabel(keyOf(attribute));
    const valueMaps = /* @__PURE__ */ new Map();
    if (renamed) {
      for (const [key, v] of Object.entries(labelValues)) {
        const cut = key.lastIndexOf(":");
        const scope = key.slice(0, cut);
        const colon = scope.indexOf(":");
        const instrument = colon < 0 ? void 0 : scope.slice(0, colon);
        const attribute = colon < 0 ? scope : scope.slice(colon + 1);
        if (instrument !== void 0 && instrument !== d.name || !d.attributes.includes(attribute)) continue;
        const map = valueMaps.get(attribute) ?? /* @__PURE__ */ new Map();
        if (instrument !== void 0 || !map.has(key.slice(cut + 1))) map.set(key.slice(cut + 1), v);
        valueMaps.set(attribute, map);
      }
    }
    const value = (attribute, v) => valueMaps.get(attribute)?.get(v) ?? v;
    const keysChange = d.attributes.some((a) => keyOf(a) !== a);
    const mapAttributes = !keysChange && valueMaps.size === 0 ? void 0 : (attributes2) => {
      const out = {};
      for (const key in attributes2) {
        let v = attributes2[key];
        const map = valueMaps.get(key);
        if (map !== void 0 && typeof v === "string") v = map.get(v) ?? v;
        out[keyOf(key)] = v;
      }
      return out;
    };
    return { definition: d, name, unit, prometheusName: prometheusMetricName(name, unit, d.kind), mapAttributes, label, value };
  };
  return {
    naming: normalized,
    identity: identity2,
    instrument(definition) {
      let found = cache.get(definition);
      if (found === void 0) cache.set(definition, found = build2(definition));
      return found;
    }
  };
}
var DEFAULT_METRIC_NAMER = createMetricNamer();
var VARIABLE = {
  namespace: "OTELKIT_METRICS_NAMESPACE",
  names: "OTELKIT_METRICS_NAMES",
  labels: "OTELKIT_METRICS_LABELS",
  labelValues: "OTELKIT_METRICS_LABEL_VALUES"
};
function metricNamingFromEnv(env) {
  return {
    namespace: getEnvString("OTELKIT_METRICS_NAMESPACE", env),
    names: getEnvKeyValues("OTELKIT_METRICS_NAMES", "all-or-nothing", env),
    labels: getEnvKeyValues("OTELKIT_METRICS_LABELS", "all-or-nothing", env),
    labelValues: getEnvKeyValues("OTELKIT_METRICS_LABEL_VALUES", "all-or-nothing", env)
  };
}
function readMetricNaming(env) {
  const { naming, problems } = normalizeMetricNaming(metricNamingFromEnv(env));
  for (const p of problems) {
    const dot = p.field.indexOf(".");
    const variable = VARIABLE[dot < 0 ? p.field : p.field.slice(0, dot)] ?? p.field;
    const entry = dot < 0 ? "" : ` entry ${JSON.stringify(p.field.slice(dot + 1))}`;
    warnOnce(`env:${variable}:${p.field}`, `${variable}${entry}: ${p.message}; it is ignored and the catalog's name is used.`);
  }
  return naming;
}
var FLAGS_HEX = ["00", "01", "02", "03"];
function traceFlagsHex(traceFlags) {
  return FLAGS_HEX[traceFlags & 3];
}
function redactUrl(value) {
  try {
    const url = new URL(value);
    if (url.username !== "") url.username = "REDACTED";
    if (url.password !== "") url.password = "REDACTED";
    for (const key of [...new Set(url.searchParams.keys())]) url.searchParams.set(key, "REDACTED");
    return url.toString();
  } catch {
    return "[unparsable]";
  }
}
var RANDOM_POOL_BYTES = 65536;
var randomFillSync;
var RandomBytePool = class {
  constructor(size = RANDOM_POOL_BYTES) {
    this.size = size;
    this.offset = size;
  }
  size;
  /** The pool. Read it after {@link take}, which may replace it at the first refill. */
  bytes = Buffer.alloc(0);
  offset;
  /** Offset in {@link bytes} of `count` fresh random bytes (`count` at most {@link size}). */
  take(count2) {
    if (this.offset + count2 > this.size) {
      if (this.bytes.length !== this.size) this.bytes = Buffer.allocUnsafe(this.size);
      (randomFillSync ??= process.getBuiltinModule("node:crypto").randomFillSync)(this.bytes);
      this.offset = 0;
    }
    const at = this.offset;
    this.offset = at + count2;
    return at;
  }
};
var Lazy = class {
  /**
   * `create` runs at the first {@link get}. If it throws, `onFailure` is called with the error,
   * once, and every later {@link get} returns undefined without trying again.
   */
  constructor(create, onFailure) {
    this.create = create;
    this.onFailure = onFailure;
  }
  create;
  onFailure;
  value;
  failed = false;
  /** The value, made now if this is the first use; undefined when making it failed. */
  get() {
    if (this.value === void 0 && !this.failed) {
      try {
        this.value = this.create();
      } catch (error) {
        this.failed = true;
        this.onFailure(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return this.value;
  }
  /** The value if it was made already; never makes it (for flush and shutdown). */
  peek() {
    return this.value;
  }
};

// ../otlp/src/index.ts
init_esm_shims();

// ../otlp/src/exporters.ts
init_esm_shims();

// ../otlp/src/counting-batch-processor.ts
init_esm_shims();
import { TraceFlags as TraceFlags4 } from "@opentelemetry/api";

// ../otlp/src/stats.ts
init_esm_shims();
function empty() {
  return { queued: 0, queueCapacity: 0, exported: 0, failed: {}, dropped: {}, byExporter: {}, inFlight: 0, inFlightMax: 0 };
}
var STATS = { traces: empty(), metrics: empty(), logs: empty() };
function signalStats(signal) {
  return STATS[signal];
}
function pipelineStats() {
  const snapshot = (signal) => ({ ...structuredClone(STATS[signal]), queued: queueLength(signal) });
  return { traces: snapshot("traces"), metrics: snapshot("metrics"), logs: snapshot("logs") };
}
var queueReaders = {};
function registerQueue(signal, read, capacity) {
  (queueReaders[signal] ??= []).push(read);
  STATS[signal].queueCapacity += capacity;
}
var CountedQueue = class {
  constructor(signal, capacity) {
    this.capacity = capacity;
    registerQueue(signal, () => this.accepted - this.taken, capacity);
  }
  capacity;
  accepted = 0;
  taken = 0;
  /** True while the queue can take one more item. */
  hasRoom() {
    return this.accepted - this.taken < this.capacity;
  }
  /** One item went into the processor. */
  accept() {
    this.accepted++;
  }
  /** The exporter took `count` items off the queue. */
  take(count2) {
    this.taken += count2;
  }
};
function queueLength(signal) {
  const readers = queueReaders[signal];
  if (readers === void 0) return 0;
  let length = 0;
  for (const read of readers) length += read();
  return length;
}
function recordInFlight(signal, delta) {
  const s = STATS[signal];
  s.inFlight += delta;
  if (s.inFlight > s.inFlightMax) s.inFlightMax = s.inFlight;
}
function exportErrorType(error) {
  const own = error?.errorType;
  if (typeof own === "string") return own;
  const code = error?.code;
  if (typeof code === "number" && Number.isInteger(code)) return String(code);
  if (typeof code === "string" && /^[A-Z0-9_]{1,32}$/.test(code)) return code;
  const name = error?.name;
  return typeof name === "string" && name !== "" && name !== "Error" ? name : "export_failed";
}
function exporterStats(s, exporter) {
  return s.byExporter[exporter] ??= { exported: 0, failed: {} };
}
function recordExported(signal, count2, exporter) {
  const s = STATS[signal];
  s.exported += count2;
  exporterStats(s, exporter).exported += count2;
  s.lastSuccessAt = Date.now();
}
function recordFailed(signal, count2, exporter, errorType, message) {
  const s = STATS[signal];
  s.failed[errorType] = (s.failed[errorType] ?? 0) + count2;
  const e = exporterStats(s, exporter);
  e.failed[errorType] = (e.failed[errorType] ?? 0) + count2;
  s.lastFailureAt = Date.now();
  if (message !== void 0) s.lastError = message;
}
function recordDelivered(signal, count2, exporter, rejected, message) {
  const refused = Math.min(Math.max(rejected ?? 0, 0), count2);
  if (refused > 0) recordFailed(signal, refused, exporter, "rejected", message);
  recordExported(signal, count2 - refused, exporter);
}
function recordDropped(signal, count2, reason) {
  const s = STATS[signal];
  s.dropped[reason] = (s.dropped[reason] ?? 0) + count2;
}
function exporterState(signal) {
  const s = STATS[signal];
  return s.lastFailureAt !== void 0 && (s.lastSuccessAt === void 0 || s.lastFailureAt > s.lastSuccessAt) ? "degraded" : "ok";
}

// ../otlp/src/counting-batch-processor.ts
function containedExport(exporter, spans, done) {
  let called = false;
  const once = (result) => {
    if (called) return;
    called = true;
    done(result);
  };
  const failed = (error) => once({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
  try {
    const returned = exporter.export(spans, once);
    if (typeof returned?.then === "function") returned.then(void 0, failed);
  } catch (error) {
    failed(error);
  }
}
var CountingBatchSpanProcessor = class {
  inner;
  queue;
  /** Spans dropped because the queue was full. */
  droppedSpans = 0;
  /**
   * @param countAs count exported and failed spans too, under this `otel.component.type`: for an
   *   exporter that does not report to the pipeline stats itself (console, an app's own `spanExporter`).
   */
  constructor(exporter, settings, countAs) {
    const queue = this.queue = new CountedQueue("traces", settings.maxQueueSize);
    const counted = {
      export: (spans, done) => {
        queue.take(spans.length);
        containedExport(exporter, spans, (result) => {
          if (countAs !== void 0) {
            if (result.code === ExportResultCode.SUCCESS) recordExported("traces", spans.length, countAs);
            else {
              recordFailed("traces", spans.length, countAs, exportErrorType(result.error), result.error?.message);
              const reason = result.error?.message ?? "unknown error";
              warnOnce(`export:failed:${reason.slice(0, 80)}`, `export of ${spans.length} spans failed: ${reason.slice(0, 300)}`);
            }
          }
          done(result);
        });
      },
      shutdown: () => exporter.shutdown(),
      forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve()
    };
    this.inner = new BatchSpanProcessor({ exporter: counted, ...settings });
  }
  onStart(span2, parentContext) {
    this.inner.onStart(span2, parentContext);
  }
  onEnd(span2) {
    if ((span2.spanContext().traceFlags & TraceFlags4.SAMPLED) === 0) return;
    if (!this.queue.hasRoom()) {
      this.droppedSpans++;
      recordDropped("traces", 1, "queue_full");
      warnOnce("export:queue-full", `span queue full (${this.queue.capacity} spans, OTEL_BSP_MAX_QUEUE_SIZE): spans are dropped until the exporter catches up; ${this.droppedSpans} dropped so far.`);
      return;
    }
    this.queue.accept();
    this.inner.onEnd(span2);
  }
  forceFlush() {
    return this.inner.forceFlush();
  }
  shutdown() {
    return this.inner.shutdown();
  }
};

// ../otlp/src/encoding-processor.ts
init_esm_shims();
import { context as context4, TraceFlags as TraceFlags5 } from "@opentelemetry/api";

// ../otlp/src/otlp-encoder.ts
init_esm_shims();
var SHORT_STRING = 64;
var HEX = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < 10; i++) table[48 + i] = i;
  for (let i = 0; i < 6; i++) {
    table[97 + i] = 10 + i;
    table[65 + i] = 10 + i;
  }
  return table;
})();
var TWO_32 = 4294967296;
var Writer = class {
  buf;
  pos = 0;
  /** A new buffer of `size` bytes, or writing over the start of a given one. */
  constructor(sizeOrBuffer) {
    this.buf = typeof sizeOrBuffer === "number" ? Buffer.allocUnsafe(sizeOrBuffer) : sizeOrBuffer;
  }
  ensure(extra) {
    const need = this.pos + extra;
    if (need <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  /** Unsigned varint of a non-negative integer up to 2^53. */
  varint(value) {
    this.ensure(10);
    const buf = this.buf;
    let v = value;
    while (v > 127) {
      buf[this.pos++] = v % 128 | 128;
      v = Math.floor(v / 128);
    }
    buf[this.pos++] = v;
  }
  /** int64 varint: negative values are written as their 10-byte two's complement. */
  int64(value) {
    if (value >= 0) return this.varint(value);
    let v = BigInt.asUintN(64, BigInt(value));
    this.ensure(10);
    while (v > 0x7fn) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 128;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }
  tag(field, wire) {
    const key = field * 8 + wire;
    if (key < 128) {
      this.ensure(1);
      this.buf[this.pos++] = key;
    } else {
      this.varint(key);
    }
  }
  fixed32(value) {
    this.ensure(4);
    this.buf.writeUInt32LE(value >>> 0, this.pos);
    this.pos += 4;
  }
  fixed64(low, high) {
    this.ensure(8);
    const buf = this.buf;
    const at = this.pos;
    const lo = low >>> 0;
    const hi = high >>> 0;
    buf[at] = lo & 255;
    buf[at + 1] = lo >>> 8 & 255;
    buf[at + 2] = lo >>> 16 & 255;
    buf[at + 3] = lo >>> 24;
    buf[at + 4] = hi & 255;
    buf[at + 5] = hi >>> 8 & 255;
    buf[at + 6] = hi >>> 16 & 255;
    buf[at + 7] = hi >>> 24;
    this.pos = at + 8;
  }
  double(value) {
    this.ensure(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }
  /** Opens a length-delimited field body; returns the position of its one reserved length byte. */
  begin() {
    this.ensure(1);
    return this.pos++;
  }
  /** Closes a body opened by begin(), writing its length and shifting the body if it needs more bytes. */
  end(start2) {
    const length = this.pos - start2 - 1;
    if (length < 128) {
      this.buf[start2] = length;
      return;
    }
    let size = 1;
    for (let v2 = length; v2 > 127; v2 = Math.floor(v2 / 128)) size++;
    this.ensure(size - 1);
    this.buf.copyWithin(start2 + size, start2 + 1, this.pos);
    this.pos += size - 1;
    let v = length;
    let at = start2;
    while (v > 127) {
      this.buf[at++] = v % 128 | 128;
      v = Math.floor(v / 128);
    }
    this.buf[at] = v;
  }
  string(value) {
    const n = value.length;
    this.ensure(n * 3 + 1);
    if (n < SHORT_STRING) {
      const buf = this.buf;
      let at = this.pos;
      buf[at++] = n;
      let i = 0;
      for (; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c >= 128) break;
        buf[at++] = c;
      }
      if (i === n) {
        this.pos = at;
        return;
      }
    }
    const start2 = this.begin();
    this.pos += this.buf.write(value, this.pos, "utf8");
    this.end(start2);
  }
  bytes(value) {
    this.varint(value.length);
    this.ensure(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }
  /** A hex id (trace or span id) as raw bytes. */
  hexBytes(hex) {
    const n = hex.length >> 1;
    this.varint(n);
    this.ensure(n);
    const buf = this.buf;
    for (let i = 0; i < n; i++) {
      const hi = HEX[hex.charCodeAt(2 * i) & 127] ?? 0;
      const lo = HEX[hex.charCodeAt(2 * i + 1) & 127] ?? 0;
      buf[this.pos++] = (hi < 0 ? 0 : hi) << 4 | (lo < 0 ? 0 : lo);
    }
  }
  /** HrTime as fixed64 nanoseconds, split so no intermediate exceeds 2^53. */
  hrTime(time) {
    const seconds = time[0];
    const sHi = Math.floor(seconds / 65536);
    const b = sHi * 1e9;
    const bHi = Math.floor(b / 65536);
    const x = (b - bHi * 65536) * 65536 + (seconds - sHi * 65536) * 1e9 + time[1];
    const xHi = Math.floor(x / TWO_32);
    this.fixed64(x - xHi * TWO_32, bHi + xHi);
  }
};
function anyValue(w, value) {
  switch (typeof value) {
    case "string":
      w.tag(1, 2);
      w.string(value);
      return;
    case "boolean":
      w.tag(2, 0);
      w.varint(value ? 1 : 0);
      return;
    case "number":
      if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63) {
        w.tag(3, 0);
        w.int64(value);
      } else {
        w.tag(4, 1);
        w.double(value);
      }
      return;
    default:
  }
  if (value instanceof Uint8Array) {
    w.tag(7, 2);
    w.bytes(value);
  } else if (Array.isArray(value)) {
    w.tag(5, 2);
    const array = w.begin();
    for (const item of value) {
      w.tag(1, 2);
      const start2 = w.begin();
      anyValue(w, item);
      w.end(start2);
    }
    w.end(array);
  } else if (typeof value === "object" && value !== null) {
    w.tag(6, 2);
    const list = w.begin();
    const record = value;
    for (const key in record) {
      if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
      w.tag(1, 2);
      keyValue(w, key, record[key]);
    }
    w.end(list);
  }
}
function keyValue(w, key, value) {
  const kv = w.begin();
  w.tag(1, 2);
  w.string(key);
  w.tag(2, 2);
  const v = w.begin();
  anyValue(w, value);
  w.end(v);
  w.end(kv);
}
function attributes(w, attrs, field) {
  for (const key in attrs) {
    if (!Object.prototype.hasOwnProperty.call(attrs, key)) continue;
    w.tag(field, 2);
    keyValue(w, key, attrs[key]);
  }
}
function spanFlags(traceFlags, isRemote) {
  return traceFlags & 255 | 256 | (isRemote === true ? 512 : 0);
}
function status(w, s) {
  const start2 = w.begin();
  if (s.message) {
    w.tag(2, 2);
    w.string(s.message);
  }
  w.tag(3, 0);
  w.varint(s.code);
  w.end(start2);
}
function event(w, e) {
  const start2 = w.begin();
  w.tag(1, 1);
  w.hrTime(e.time);
  w.tag(2, 2);
  w.string(e.name);
  if (e.attributes) attributes(w, e.attributes, 3);
  w.tag(4, 0);
  w.varint(e.droppedAttributesCount ?? 0);
  w.end(start2);
}
function link(w, l) {
  const start2 = w.begin();
  const ctx = l.context;
  w.tag(1, 2);
  w.hexBytes(ctx.traceId);
  w.tag(2, 2);
  w.hexBytes(ctx.spanId);
  const traceState = ctx.traceState?.serialize();
  if (traceState) {
    w.tag(3, 2);
    w.string(traceState);
  }
  if (l.attributes) attributes(w, l.attributes, 4);
  w.tag(5, 0);
  w.varint(l.droppedAttributesCount ?? 0);
  w.tag(6, 5);
  w.fixed32(spanFlags(ctx.traceFlags, ctx.isRemote));
  w.end(start2);
}
function span(w, s) {
  const start2 = w.begin();
  const ctx = s.spanContext();
  w.tag(1, 2);
  w.hexBytes(ctx.traceId);
  w.tag(2, 2);
  w.hexBytes(ctx.spanId);
  const traceState = ctx.traceState?.serialize();
  if (traceState) {
    w.tag(3, 2);
    w.string(traceState);
  }
  const parent = s.parentSpanContext;
  if (parent?.spanId) {
    w.tag(4, 2);
    w.hexBytes(parent.spanId);
  }
  w.tag(5, 2);
  w.string(s.name);
  const kind = s.kind == null ? 0 : s.kind + 1;
  if (kind !== 0) {
    w.tag(6, 0);
    w.varint(kind);
  }
  w.tag(7, 1);
  w.hrTime(s.startTime);
  w.tag(8, 1);
  w.hrTime(s.endTime);
  if (s.attributes) attributes(w, s.attributes, 9);
  w.tag(10, 0);
  w.varint(s.droppedAttributesCount);
  for (const e of s.events) {
    w.tag(11, 2);
    event(w, e);
  }
  w.tag(12, 0);
  w.varint(s.droppedEventsCount);
  for (const l of s.links) {
    w.tag(13, 2);
    link(w, l);
  }
  w.tag(14, 0);
  w.varint(s.droppedLinksCount);
  w.tag(15, 2);
  status(w, s.status);
  w.tag(16, 5);
  w.fixed32(spanFlags(ctx.traceFlags, parent?.isRemote));
  w.end(start2);
}
function resourceField(w, resource2) {
  w.tag(1, 2);
  const res = w.begin();
  attributes(w, resource2.attributes, 1);
  w.tag(2, 0);
  w.varint(0);
  w.end(res);
}
function scopeField(w, scope) {
  w.tag(1, 2);
  const sc = w.begin();
  w.tag(1, 2);
  w.string(scope.name);
  if (scope.version) {
    w.tag(2, 2);
    w.string(scope.version);
  }
  if (scope.attributes) attributes(w, scope.attributes, 3);
  if (scope.droppedAttributesCount) {
    w.tag(4, 0);
    w.varint(scope.droppedAttributesCount);
  }
  w.end(sc);
}
function resourceSpans(w, resource2, scopes) {
  w.tag(1, 2);
  const rs = w.begin();
  resourceField(w, resource2);
  for (const [scope, writeSpans] of scopes) {
    w.tag(2, 2);
    const ss = w.begin();
    scopeField(w, scope);
    writeSpans();
    if (scope.schemaUrl) {
      w.tag(3, 2);
      w.string(scope.schemaUrl);
    }
    w.end(ss);
  }
  if (resource2.schemaUrl) {
    w.tag(3, 2);
    w.string(resource2.schemaUrl);
  }
  w.end(rs);
}

// ../otlp/src/encoding-processor.ts
var ENCODE_RUN = 8;
var SPARE_BUFFERS = 2;
var EncodingSpanProcessor = class {
  constructor(exporter, options3) {
    this.exporter = exporter;
    this.options = options3;
    registerQueue("traces", () => this.pending, options3.maxQueueSize);
  }
  exporter;
  options;
  scopes = /* @__PURE__ */ new Map();
  resource;
  pending = 0;
  timer;
  immediate;
  inflight = /* @__PURE__ */ new Set();
  spare = [];
  /** Spans ended since the last encoding (see encodeEnded). */
  ended = [];
  shutdownPromise;
  /** Spans dropped because the queue was full or a span could not be encoded. */
  droppedSpans = 0;
  onStart(_span) {
  }
  onEnd(span2) {
    if (this.shutdownPromise !== void 0 || (span2.spanContext().traceFlags & TraceFlags5.SAMPLED) === 0) return;
    if (this.pending >= this.options.maxQueueSize) {
      this.droppedSpans++;
      recordDropped("traces", 1, "queue_full");
      warnOnce("export:queue-full", `span queue full (${this.options.maxQueueSize} spans, OTEL_BSP_MAX_QUEUE_SIZE): spans are dropped until the exporter catches up; ${this.droppedSpans} dropped so far.`);
      return;
    }
    this.resource ??= span2.resource;
    this.ended.push(span2);
    this.pending++;
    if (this.ended.length >= ENCODE_RUN) this.encodeEnded();
    if (this.pending >= this.options.maxExportBatchSize) {
      this.immediate ??= setImmediate(() => {
        this.immediate = void 0;
        runDetached(this.flush(), "export:flush", "span export failed");
      });
    } else if (this.timer === void 0) {
      this.timer = setTimeout(() => {
        this.timer = void 0;
        runDetached(this.flush(), "export:flush", "span export failed");
      }, this.options.scheduledDelayMillis);
      this.timer.unref();
    }
  }
  /** Encode the spans ended since the last run, one after the other. */
  encodeEnded() {
    const spans = this.ended;
    if (spans.length === 0) return;
    this.ended = [];
    for (const span2 of spans) this.encode(span2);
  }
  encode(span2) {
    const scope = span2.instrumentationScope;
    let writer = this.scopes.get(scope);
    if (writer === void 0) this.scopes.set(scope, writer = new Writer(16 * 1024));
    const mark = writer.pos;
    try {
      writer.tag(2, 2);
      span(writer, span2);
    } catch (error) {
      writer.pos = mark;
      this.pending--;
      this.droppedSpans++;
      recordDropped("traces", 1, "encode_error");
      warnOnce("export:encode", `a span could not be encoded and was dropped (${error.message}).`);
    }
  }
  /**
   * Encode what is queued into one request, or undefined when nothing is queued.
   *
   * The request's buffer (tens of kB, outside the JS heap) is reused once the exporter has reported
   * on the batch that used it. A new one per batch is often still in flight at the next scavenge, so
   * its small JS object is promoted, and what it holds outside the heap stays until the next full
   * GC: under load that grew RSS by about 1.4 MB a second (15 MB in the bench's Express run).
   */
  takeBatch() {
    const resource2 = this.resource;
    this.encodeEnded();
    if (this.pending === 0 || resource2 === void 0) return void 0;
    let size = 256;
    for (const writer of this.scopes.values()) size += writer.pos + 256;
    const spare = this.spare.pop();
    const w = spare !== void 0 && spare.length >= size ? new Writer(spare) : new Writer(size + (size >> 2));
    const scopes = [...this.scopes].filter(([, writer]) => writer.pos > 0);
    resourceSpans(w, resource2, scopes.map(([scope, writer]) => [scope, () => {
      w.ensure(writer.pos);
      writer.buf.copy(w.buf, w.pos, 0, writer.pos);
      w.pos += writer.pos;
      writer.pos = 0;
    }]));
    const length = this.pending;
    this.pending = 0;
    return { length, bytes: w.buf.subarray(0, w.pos), buffer: w.buf };
  }
  /** Send what is queued now. Never rejects. */
  async flush() {
    if (this.timer !== void 0) {
      clearTimeout(this.timer);
      this.timer = void 0;
    }
    const resource2 = this.resource;
    if (resource2?.asyncAttributesPending === true) {
      try {
        await resource2.waitForAsyncAttributes?.();
      } catch {
      }
    }
    const batch = this.takeBatch();
    if (batch === void 0) return Promise.resolve();
    const done = new Promise((resolve2) => {
      const timeout = setTimeout(() => {
        warnOnce("export:timeout", `an export of ${batch.length} spans took longer than ${this.options.exportTimeoutMillis} ms (OTEL_BSP_EXPORT_TIMEOUT); not waiting for it.`);
        resolve2();
      }, this.options.exportTimeoutMillis);
      timeout.unref();
      const finish = (result) => {
        clearTimeout(timeout);
        if (this.spare.length < SPARE_BUFFERS) this.spare.push(batch.buffer);
        if (result.code !== ExportResultCode.SUCCESS) {
          const reason = result.error?.message ?? "unknown error";
          warnOnce(`export:failed:${reason.slice(0, 80)}`, `export of ${batch.length} spans failed: ${reason.slice(0, 300)}`);
        }
        resolve2();
      };
      context4.with(suppressTracing(context4.active()), () => {
        try {
          this.exporter.export({ length: batch.length, bytes: batch.bytes }, finish);
        } catch (error) {
          finish({ code: ExportResultCode.FAILED, error });
        }
      });
    });
    this.inflight.add(done);
    void done.then(() => this.inflight.delete(done));
    await done;
  }
  async forceFlush() {
    if (this.immediate !== void 0) {
      clearImmediate(this.immediate);
      this.immediate = void 0;
    }
    await this.flush();
    await Promise.all([...this.inflight]);
    await this.exporter.forceFlush?.();
  }
  shutdown() {
    this.shutdownPromise ??= (async () => {
      await this.forceFlush();
      await this.exporter.shutdown();
    })();
    return this.shutdownPromise;
  }
};

// ../otlp/src/otlp-response.ts
init_esm_shims();
var decoder = new TextDecoder();
var Reader = class {
  constructor(data) {
    this.data = data;
  }
  data;
  pos = 0;
  get done() {
    return this.pos >= this.data.length;
  }
  varint() {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const byte = this.byte();
      value += (byte & 127) * scale;
      if (byte < 128) return value;
      scale *= 128;
    }
    throw new RangeError("varint longer than 10 bytes");
  }
  bytes() {
    const length = this.varint();
    const end = this.pos + length;
    if (end > this.data.length) throw new RangeError("length past the end");
    const out = this.data.subarray(this.pos, end);
    this.pos = end;
    return out;
  }
  skip(wireType) {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.advance(8);
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.advance(4);
    else throw new RangeError(`unsupported wire type ${wireType}`);
  }
  advance(n) {
    if (this.pos + n > this.data.length) throw new RangeError("field past the end");
    this.pos += n;
  }
  byte() {
    if (this.pos >= this.data.length) throw new RangeError("varint past the end");
    return this.data[this.pos++];
  }
};
function partialSuccess(data) {
  const r = new Reader(data);
  const out = {};
  while (!r.done) {
    const key = r.varint();
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (field === 1 && wireType === 0) out.rejectedSpans = r.varint();
    else if (field === 2 && wireType === 2) out.errorMessage = decoder.decode(r.bytes());
    else r.skip(wireType);
  }
  return out;
}
function decodeTraceExportResponse(data) {
  if (data === void 0 || data.length === 0) return {};
  try {
    const r = new Reader(data);
    const response = {};
    while (!r.done) {
      const key = r.varint();
      if (key === (1 << 3) + 2) response.partialSuccess = partialSuccess(r.bytes());
      else r.skip(key % 8);
    }
    return response;
  } catch {
    return {};
  }
}

// ../otlp/src/component-type.ts
init_esm_shims();
var CONSOLE = { span: "ConsoleSpanExporter", metric: "ConsoleMetricExporter", log: "ConsoleLogRecordExporter" };
var OTLP_TRANSPORT = { "http/protobuf": "otlp_http", "http/json": "otlp_http_json", grpc: "otlp_grpc" };
function otlpExporterType(item, protocol) {
  return `${OTLP_TRANSPORT[protocol] ?? "otlp_http"}_${item}_exporter`;
}
function consoleExporterType(item) {
  return CONSOLE[item];
}
function customExporterType(exporter, item) {
  const name = exporter.constructor?.name;
  return typeof name === "string" && name !== "" && name !== "Object" ? name : `${item}_exporter`;
}

// ../otlp/src/grpc.ts
init_esm_shims();
import { createRequire } from "module";

// ../otlp/src/tls-files.ts
init_esm_shims();
import { readFileSync } from "fs";
import { resolve } from "path";
var FILES = [
  ["ca", "CERTIFICATE"],
  ["cert", "CLIENT_CERTIFICATE"],
  ["key", "CLIENT_KEY"]
];
function otlpTlsFiles(signal, endpoint, env = activeEnv()) {
  return /^https:/i.test(endpoint) ? readOtlpTlsFiles(signal, env) : {};
}
function readOtlpTlsFiles(signal, env = activeEnv()) {
  const files = {};
  for (const [option, suffix] of FILES) {
    const specific = `OTEL_EXPORTER_OTLP_${signal}_${suffix}`;
    const name = getEnvString(specific, env) !== void 0 ? specific : `OTEL_EXPORTER_OTLP_${suffix}`;
    const path = getEnvString(name, env)?.trim();
    if (path === void 0 || path === "") continue;
    try {
      files[option] = readFileSync(resolve(process.cwd(), path));
    } catch (error) {
      const code = error.code ?? error.message;
      warnOnce(`otlp-tls:${name}`, `${name}: cannot read "${path}" (${code}); ${signal.toLowerCase()} are exported over https without it.`);
    }
  }
  return files;
}

// ../otlp/src/grpc.ts
var GRPC_EXPORTERS = {
  traces: ["@opentelemetry/exporter-trace-otlp-grpc", "OTLPTraceExporter", "TRACES"],
  metrics: ["@opentelemetry/exporter-metrics-otlp-grpc", "OTLPMetricExporter", "METRICS"],
  logs: ["@opentelemetry/exporter-logs-otlp-grpc", "OTLPLogExporter", "LOGS"]
};
function grpcExporter(signal, otlp, extra = {}) {
  const [packageName, className, envSignal] = GRPC_EXPORTERS[signal];
  const req = createRequire(__filename);
  const Exporter = req(packageName)[className];
  const grpc = req(req.resolve("@grpc/grpc-js", { paths: [req.resolve(packageName)] }));
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(otlp.headers)) metadata.set(key, value);
  const credentials = grpcCredentials(grpc, envSignal, otlp.endpoint);
  return withoutProcessHeaders(envSignal, () => new Exporter({ url: otlp.endpoint, metadata, credentials, timeoutMillis: otlp.timeoutMs, compression: otlp.compression, ...extra }));
}
function grpcCredentials(grpc, signal, endpoint) {
  if (/^http:/i.test(endpoint)) return grpc.credentials.createInsecure();
  if (!/^https:/i.test(endpoint) && insecureFlag(signal)) return grpc.credentials.createInsecure();
  const { ca, key, cert } = readOtlpTlsFiles(signal);
  return key !== void 0 && cert !== void 0 ? grpc.credentials.createSsl(ca ?? null, key, cert) : grpc.credentials.createSsl(ca ?? null);
}
function insecureFlag(signal) {
  const specific = activeEnv()[`OTEL_EXPORTER_OTLP_${signal}_INSECURE`]?.trim().toLowerCase();
  return specific !== void 0 && specific !== "" ? specific === "true" : getEnvBoolean("OTEL_EXPORTER_OTLP_INSECURE");
}
function withoutProcessHeaders(signal, construct) {
  const names = ["OTEL_EXPORTER_OTLP_HEADERS", `OTEL_EXPORTER_OTLP_${signal}_HEADERS`];
  const saved = names.filter((name) => process.env[name] !== void 0).map((name) => [name, process.env[name]]);
  for (const [name] of saved) delete process.env[name];
  try {
    return construct();
  } finally {
    for (const [name, value] of saved) process.env[name] = value;
  }
}

// ../otlp/src/exporters.ts
var DeferredExporter = class {
  constructor(name, componentType, create) {
    this.name = name;
    this.componentType = componentType;
    this.inner = new Lazy(create, (error) => warnOnce(`exporter:${name}`, `trace exporter ${name} could not be created (${error.message}); spans are not exported there.`));
  }
  name;
  componentType;
  inner;
  export(items, resultCallback) {
    const count2 = items.length ?? 0;
    const inner = this.inner.get();
    if (inner === void 0) {
      recordFailed("traces", count2, this.componentType, "unavailable", `exporter ${this.name} unavailable`);
      resultCallback({ code: ExportResultCode.FAILED, error: new Error(`exporter ${this.name} unavailable`) });
      return;
    }
    inner.export(items, (result) => {
      if (result.code !== ExportResultCode.SUCCESS) recordFailed("traces", count2, this.componentType, exportErrorType(result.error), result.error?.message);
      else recordDelivered("traces", count2, this.componentType, result.rejected, result.rejectedMessage);
      resultCallback(result);
    });
  }
  async shutdown() {
    await this.inner.peek()?.shutdown();
  }
  async forceFlush() {
    await this.inner.peek()?.forceFlush?.();
  }
};
function rejectedOf(partial) {
  if (partial === void 0 || partial === null) return void 0;
  const rejected = Number(partial.rejectedSpans ?? partial.rejectedDataPoints ?? partial.rejectedLogRecords ?? 0);
  const message = typeof partial.errorMessage === "string" ? partial.errorMessage : "";
  return Number.isFinite(rejected) && rejected > 0 || message !== "" ? { rejected: Number.isFinite(rejected) ? rejected : 0, message } : void 0;
}
var MAX_EXPORTS_IN_FLIGHT = 30;
var PIPELINE_SIGNALS = { TRACES: "traces", METRICS: "metrics", LOGS: "logs" };
function httpExporter(otlp, signal, serializer, componentType, helper) {
  const t = (init_otlp_http_transport(), __toCommonJS(otlp_http_transport_exports));
  const userAgent = `otelkit/${OTELKIT_VERSION}`;
  const headers = { ...otlp.headers, "Content-Type": otlp.protocol === "http/json" ? "application/json" : "application/x-protobuf", "User-Agent": userAgent };
  const tls = otlpTlsFiles(signal, otlp.endpoint);
  const compression = otlp.compression === "gzip" ? "gzip" : "none";
  const sender = t.socketTransportApplies(otlp.endpoint, otlp.compression, headers) ? new t.SocketExportTransport(otlp.endpoint, headers, { compression: otlp.compression, tls }) : new t.NodeHttpExportTransport(otlp.endpoint, headers, { keepAlive: true, ...tls }, compression);
  const budget = getEnvNumber("OTELKIT_EXPORT_RETRY_BUDGET");
  let partial;
  const reading = {
    serializeRequest: (items) => serializer.serializeRequest(items),
    deserializeResponse(data) {
      const response = serializer.deserializeResponse(data);
      partial = rejectedOf(response?.partialSuccess);
      return {};
    }
  };
  const metrics3 = new t.ExporterMetrics({ componentType, metricsHelper: helper, url: otlp.endpoint, meterProvider: void 0, responseAttributesFromError: () => ({}) });
  const delegate = t.createOtlpNetworkExportDelegate({ timeoutMillis: otlp.timeoutMs, concurrencyLimit: MAX_EXPORTS_IN_FLIGHT, compression }, reading, metrics3, new t.RetryingExportTransport(sender, budget));
  const item = helper.name;
  const pipeline = PIPELINE_SIGNALS[signal];
  let inFlight = 0;
  return {
    export(items, resultCallback) {
      if (inFlight >= MAX_EXPORTS_IN_FLIGHT) {
        const error = Object.assign(new Error(`${MAX_EXPORTS_IN_FLIGHT} exports already in flight (the collector is slow or unreachable); the batch was dropped`), { errorType: "inflight_limit" });
        resultCallback({ code: ExportResultCode.FAILED, error });
        return;
      }
      inFlight++;
      recordInFlight(pipeline, 1);
      delegate.export(items, (result) => {
        inFlight--;
        recordInFlight(pipeline, -1);
        const got = partial;
        partial = void 0;
        if (result.code !== ExportResultCode.SUCCESS || got === void 0) return resultCallback(result);
        warnOnce(`export:partial:${item}`, `the collector rejected ${got.rejected} ${item}s of an export (partial success)${got.message === "" ? "" : `: ${got.message.slice(0, 300)}`}`);
        resultCallback({ ...result, rejected: got.rejected, rejectedMessage: got.message });
      });
    },
    forceFlush: () => delegate.forceFlush(),
    shutdown: () => delegate.shutdown()
  };
}
function otlpHttpExporter(otlp) {
  if (otlp.protocol === "http/json") {
    const { JsonTraceSerializer: JsonTraceSerializer2, TraceExporterMetricsHelper: TraceExporterMetricsHelper2 } = (init_otlp_serializers(), __toCommonJS(otlp_serializers_exports));
    return httpExporter(otlp, "TRACES", JsonTraceSerializer2, otlpExporterType("span", otlp.protocol), TraceExporterMetricsHelper2);
  }
  const serializer = { serializeRequest: (batch) => batch.bytes, deserializeResponse: decodeTraceExportResponse };
  const helper = { name: "span", countItems: (batch) => batch.length };
  return httpExporter(otlp, "TRACES", serializer, otlpExporterType("span", otlp.protocol), helper);
}
function otlpHttpSignalExporter(otlp, signal) {
  const t = (init_otlp_serializers(), __toCommonJS(otlp_serializers_exports));
  const json2 = otlp.protocol === "http/json";
  if (signal === "metrics") return httpExporter(otlp, "METRICS", json2 ? t.JsonMetricsSerializer : t.ProtobufMetricsSerializer, otlpExporterType("metric", otlp.protocol), t.MetricsExporterMetricsHelper);
  return httpExporter(otlp, "LOGS", json2 ? t.JsonLogsSerializer : t.ProtobufLogsSerializer, otlpExporterType("log", otlp.protocol), t.LogsExporterMetricsHelper);
}
function createSpanProcessors(config) {
  const processors2 = [];
  const otlp = config.otlp;
  for (const name of new Set(config.tracesExporter)) {
    try {
      if (name === "otlp" && otlp.protocol === "http/protobuf") {
        const exporter = new DeferredExporter(`otlp ${otlp.protocol}`, otlpExporterType("span", otlp.protocol), () => otlpHttpExporter(otlp));
        processors2.push(new EncodingSpanProcessor(exporter, config.batch));
      } else if (name === "otlp") {
        const exporter = new DeferredExporter(`otlp ${otlp.protocol}`, otlpExporterType("span", otlp.protocol), () => otlp.protocol === "grpc" ? grpcExporter("traces", otlp) : otlpHttpExporter(otlp));
        processors2.push(new CountingBatchSpanProcessor(exporter, config.batch));
      } else if (name === "console") {
        processors2.push(new CountingBatchSpanProcessor(new ConsoleSpanExporter(), config.batch, consoleExporterType("span")));
      }
    } catch (error) {
      warnOnce(`exporter:${name}`, `trace exporter ${name} could not be created (${error.message}); spans are not exported there.`);
    }
  }
  return processors2;
}

// ../otlp/src/index.ts
init_export_state();

// src/config.ts
init_esm_shims();

// src/instrumentations/redact-query.ts
init_esm_shims();
var DEFAULT_REDACTED_QUERY_PARAMS = Object.freeze([
  "sig",
  "Signature",
  "AWSAccessKeyId",
  "X-Goog-Signature",
  "X-Goog-Credential",
  "X-Amz-Signature",
  "X-Amz-Credential",
  "X-Amz-Security-Token",
  "token",
  "access_token",
  "refresh_token",
  "id_token",
  "api_key",
  "apikey",
  "client_secret",
  "password"
]);
var escape = (name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
function createQueryRedactor(names) {
  const wanted = names.filter((name) => name !== "");
  if (wanted.length === 0) return (query) => query;
  const pattern = new RegExp(`(^|&)(${wanted.map(escape).join("|")})=[^&]*`, "g");
  return (query) => query.replace(pattern, "$1$2=REDACTED");
}

// src/config.ts
var SAMPLERS = ["always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio"];
var PROTOCOLS2 = ["http/protobuf", "http/json", "grpc"];
var EXPORTERS = ["otlp", "console", "none"];
var METRICS_EXPORTERS = ["otlp", "prometheus", "console", "none"];
var PROPAGATORS = ["tracecontext", "baggage", "b3", "b3multi", "jaeger", "none"];
var KNOWN_OPTIONS = /* @__PURE__ */ new Set([
  "serviceName",
  "serviceVersion",
  "environment",
  "resourceAttributes",
  "tracesExporter",
  "otlp",
  "spanExporter",
  "spanProcessors",
  "sampler",
  "samplerRatio",
  "propagators",
  "traceContext",
  "enabledInstrumentations",
  "disabledInstrumentations",
  "instrumentationConfig",
  "traceResponseHeader",
  "serverTiming",
  "ignorePaths",
  "ignoreDefaultPaths",
  "shutdownTimeoutMs",
  "handleSignals",
  "esm",
  "healthPort",
  "healthHost",
  "metricsExporter",
  "metricsProfile",
  "metricNaming",
  "prometheusPort",
  "prometheusHost",
  "runtimeMetrics"
]);
function checkOptions(options3) {
  if (typeof options3 !== "object" || options3 === null) throw invalidOption("options", "an object", options3);
  for (const key of Object.keys(options3)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new OtelkitError("OTELKIT_ERR_UNKNOWN_OPTION", `start() does not know option "${key}"`);
    }
  }
  const positive = (name, value) => {
    if (value !== void 0 && (typeof value !== "number" || !Number.isFinite(value) || value <= 0)) throw invalidOption(name, "a positive number", value);
  };
  positive("shutdownTimeoutMs", options3.shutdownTimeoutMs);
  positive("otlp.timeoutMs", options3.otlp?.timeoutMs);
  const r = options3.samplerRatio;
  if (r !== void 0 && (typeof r !== "number" || !(r >= 0 && r <= 1))) throw invalidOption("samplerRatio", "a number from 0 to 1", r);
  if (typeof options3.sampler === "string" && !SAMPLERS.includes(options3.sampler)) throw invalidOption("sampler", `one of ${SAMPLERS.join(", ")}`, options3.sampler);
  const p = options3.otlp?.protocol;
  if (p !== void 0 && !PROTOCOLS2.includes(p)) throw invalidOption("otlp.protocol", `one of ${PROTOCOLS2.join(", ")}`, p);
  for (const e of options3.tracesExporter ?? []) if (!EXPORTERS.includes(e)) throw invalidOption("tracesExporter", `a list of ${EXPORTERS.join(", ")}`, e);
  for (const e of options3.propagators ?? []) {
    if (typeof e === "string" && !PROPAGATORS.includes(e)) throw invalidOption("propagators", `names from ${PROPAGATORS.join(", ")} or propagator objects`, e);
  }
  const tc = options3.traceContext;
  if (tc !== void 0 && tc !== "trust" && tc !== "edge" && typeof tc !== "function") throw invalidOption("traceContext", '"trust", "edge" or a function of the request', tc);
  const h = options3.traceResponseHeader;
  if (typeof h === "string" && h !== "" && !HTTP_TOKEN.test(h)) {
    throw new OtelkitError("OTELKIT_ERR_INVALID_HEADER_NAME", `traceResponseHeader ${JSON.stringify(h)} is not a valid header name (${OTELKIT_ERROR_CODES.OTELKIT_ERR_INVALID_HEADER_NAME})`);
  }
  if (options3.otlp?.endpoint !== void 0 && !URL.canParse(options3.otlp.endpoint)) throw invalidOption("otlp.endpoint", "an absolute URL", options3.otlp.endpoint);
  const pp = options3.prometheusPort;
  if (pp !== void 0 && (typeof pp !== "number" || !Number.isInteger(pp) || pp < 0 || pp > 65535)) throw invalidOption("prometheusPort", "an integer from 0 to 65535", pp);
  if (options3.prometheusHost !== void 0 && (typeof options3.prometheusHost !== "string" || options3.prometheusHost === "")) throw invalidOption("prometheusHost", "a non-empty string", options3.prometheusHost);
  if (options3.metricsProfile !== void 0 && options3.metricsProfile !== "semconv" && options3.metricsProfile !== "prometheus-classic") throw invalidOption("metricsProfile", '"semconv" or "prometheus-classic"', options3.metricsProfile);
  if (options3.metricNaming !== void 0) assertMetricNaming(options3.metricNaming, "metricNaming");
  const me = options3.metricsExporter;
  if (me !== void 0 && (!Array.isArray(me) || me.some((e) => !METRICS_EXPORTERS.includes(e)))) throw invalidOption("metricsExporter", `a list of ${METRICS_EXPORTERS.join(", ")}`, me);
  const hp = options3.healthPort;
  if (hp !== void 0 && (typeof hp !== "number" || !Number.isInteger(hp) || hp < 0 || hp > 65535)) throw invalidOption("healthPort", "an integer from 0 to 65535", hp);
  if (options3.healthHost !== void 0 && (typeof options3.healthHost !== "string" || options3.healthHost === "")) throw invalidOption("healthHost", "a non-empty string", options3.healthHost);
}
function signalEndpoint(signal, protocol, explicit) {
  return explicit ?? otlpEndpointFromEnv(signal, protocol);
}
function signalOtlpOptions(signal, options3 = {}) {
  const protocol = options3.otlp?.protocol ?? otlpProtocolFromEnv(signal);
  return Object.freeze({
    endpoint: signalEndpoint(signal, protocol, void 0),
    protocol,
    headers: Object.freeze({
      ...getEnvKeyValues("OTEL_EXPORTER_OTLP_HEADERS", "skip-invalid"),
      ...getEnvKeyValues(`OTEL_EXPORTER_OTLP_${signal}_HEADERS`, "skip-invalid"),
      ...options3.otlp?.headers
    }),
    timeoutMs: options3.otlp?.timeoutMs ?? getEnvNumber(`OTEL_EXPORTER_OTLP_${signal}_TIMEOUT`) ?? getEnvNumber("OTEL_EXPORTER_OTLP_TIMEOUT"),
    compression: options3.otlp?.compression ?? getEnvString(`OTEL_EXPORTER_OTLP_${signal}_COMPRESSION`) ?? getEnvString("OTEL_EXPORTER_OTLP_COMPRESSION")
  });
}
function propagatorNames(list) {
  if (list === void 0) return void 0;
  return list.filter((p) => typeof p === "string");
}
function customPropagators(options3) {
  return (options3.propagators ?? []).filter((p) => typeof p !== "string");
}
function normalizeConfig(options3 = {}) {
  checkOptions(options3);
  const protocol = options3.otlp?.protocol ?? otlpProtocolFromEnv("TRACES");
  const headers = {
    ...getEnvKeyValues("OTEL_EXPORTER_OTLP_HEADERS", "skip-invalid"),
    ...getEnvKeyValues("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "skip-invalid"),
    ...options3.otlp?.headers
  };
  const envHeader = getEnvString("OTELKIT_TRACE_RESPONSE_HEADER");
  let traceResponseHeader = options3.traceResponseHeader ?? envHeader ?? "X-Trace-ID";
  if (traceResponseHeader === "") traceResponseHeader = false;
  else if (traceResponseHeader !== false && !HTTP_TOKEN.test(traceResponseHeader)) {
    warnOnce(`env:OTELKIT_TRACE_RESPONSE_HEADER:${traceResponseHeader}`, `OTELKIT_TRACE_RESPONSE_HEADER=${JSON.stringify(traceResponseHeader.slice(0, 80))} is invalid (expected an HTTP header name); using the default ("X-Trace-ID").`);
    traceResponseHeader = "X-Trace-ID";
  }
  const queue = getEnvNumber("OTEL_BSP_MAX_QUEUE_SIZE");
  const attributeLimit = getEnvNumber("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT");
  const countLimit = getEnvNumber("OTEL_ATTRIBUTE_COUNT_LIMIT");
  const sampler2 = typeof options3.sampler === "string" ? options3.sampler : getEnvString("OTEL_TRACES_SAMPLER");
  const config = {
    disabled: getEnvBoolean("OTEL_SDK_DISABLED"),
    serviceName: options3.serviceName ?? getEnvString("OTEL_SERVICE_NAME"),
    serviceVersion: options3.serviceVersion,
    environment: options3.environment ?? getEnvString("OTELKIT_DEPLOYMENT_ENVIRONMENT") ?? nonEmpty(process.env["NODE_ENV"]),
    tracesExporter: options3.tracesExporter ?? getEnvList("OTEL_TRACES_EXPORTER"),
    otlp: Object.freeze({
      endpoint: signalEndpoint("TRACES", protocol, options3.otlp?.endpoint),
      protocol,
      headers: Object.freeze(headers),
      timeoutMs: options3.otlp?.timeoutMs ?? getEnvNumber("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT") ?? getEnvNumber("OTEL_EXPORTER_OTLP_TIMEOUT"),
      compression: options3.otlp?.compression ?? getEnvString("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION") ?? getEnvString("OTEL_EXPORTER_OTLP_COMPRESSION")
    }),
    sampler: sampler2,
    samplerRatio: options3.samplerRatio ?? samplerArg(sampler2),
    propagators: propagatorNames(options3.propagators) ?? getEnvList("OTEL_PROPAGATORS"),
    traceContext: typeof options3.traceContext === "string" ? options3.traceContext : getEnvString("OTELKIT_TRACE_CONTEXT"),
    resourceDetectors: getEnvList("OTEL_NODE_RESOURCE_DETECTORS"),
    enabledInstrumentations: options3.enabledInstrumentations ?? getEnvList("OTEL_NODE_ENABLED_INSTRUMENTATIONS"),
    disabledInstrumentations: options3.disabledInstrumentations ?? getEnvList("OTEL_NODE_DISABLED_INSTRUMENTATIONS"),
    traceResponseHeader,
    serverTiming: options3.serverTiming ?? getEnvBoolean("OTELKIT_SERVER_TIMING"),
    ignorePaths: Object.freeze([
      .../* @__PURE__ */ new Set([
        ...options3.ignoreDefaultPaths ?? getEnvBoolean("OTELKIT_IGNORE_DEFAULT_PATHS") ? DEFAULT_IGNORE_PATHS : [],
        ...options3.ignorePaths ?? getEnvList("OTELKIT_IGNORE_PATHS")
      ])
    ]),
    redactedQueryParams: Object.freeze([.../* @__PURE__ */ new Set([...DEFAULT_REDACTED_QUERY_PARAMS, ...getEnvList("OTELKIT_REDACT_QUERY_PARAMS")])]),
    shutdownTimeoutMs: options3.shutdownTimeoutMs ?? getEnvNumber("OTELKIT_SHUTDOWN_TIMEOUT"),
    handleSignals: options3.handleSignals ?? true,
    esm: options3.esm ?? true,
    metrics: Object.freeze({
      exporters: Object.freeze([...options3.metricsExporter ?? getEnvList("OTEL_METRICS_EXPORTER")]),
      profile: options3.metricsProfile ?? getEnvString("OTELKIT_METRICS_PROFILE"),
      naming: options3.metricNaming === void 0 ? readMetricNaming() : assertMetricNaming(options3.metricNaming, "metricNaming"),
      cardinalityLimit: getEnvNumber("OTELKIT_METRICS_CARDINALITY_LIMIT"),
      runtime: options3.runtimeMetrics ?? getEnvBoolean("OTELKIT_RUNTIME_METRICS"),
      prometheusHost: options3.prometheusHost ?? getEnvString("OTEL_EXPORTER_PROMETHEUS_HOST"),
      prometheusPort: options3.prometheusPort ?? getEnvNumber("OTEL_EXPORTER_PROMETHEUS_PORT"),
      exportIntervalMs: getEnvNumber("OTEL_METRIC_EXPORT_INTERVAL"),
      exportTimeoutMs: getEnvNumber("OTEL_METRIC_EXPORT_TIMEOUT"),
      temporality: getEnvString("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE"),
      otlp: signalOtlpOptions("METRICS", options3)
    }),
    healthPort: options3.healthPort ?? getEnvNumber("OTELKIT_HEALTH_PORT"),
    healthHost: options3.healthHost ?? getEnvString("OTELKIT_HEALTH_HOST"),
    healthSettings: Object.freeze({
      cacheMs: getEnvNumber("OTELKIT_HEALTH_CACHE"),
      eventLoopDelayMaxMs: getEnvNumber("OTELKIT_HEALTH_EVENT_LOOP_DELAY_MAX"),
      diskPath: getEnvString("OTELKIT_HEALTH_DISK_PATH") || void 0,
      memoryWarnRatio: getEnvNumber("OTELKIT_HEALTH_MEMORY_WARN_RATIO"),
      diskWarnRatio: getEnvNumber("OTELKIT_HEALTH_DISK_WARN_RATIO")
    }),
    batch: Object.freeze({
      scheduledDelayMillis: getEnvNumber("OTEL_BSP_SCHEDULE_DELAY"),
      exportTimeoutMillis: getEnvNumber("OTEL_BSP_EXPORT_TIMEOUT"),
      maxQueueSize: queue,
      // The spec requires batch ≤ queue; clamp instead of failing.
      maxExportBatchSize: Math.min(getEnvNumber("OTEL_BSP_MAX_EXPORT_BATCH_SIZE"), queue)
    }),
    spanLimits: Object.freeze({
      attributeValueLengthLimit: getEnvNumber("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT") ?? attributeLimit,
      attributeCountLimit: getEnvNumber("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT") ?? countLimit,
      eventCountLimit: getEnvNumber("OTEL_SPAN_EVENT_COUNT_LIMIT"),
      linkCountLimit: getEnvNumber("OTEL_SPAN_LINK_COUNT_LIMIT"),
      attributePerEventCountLimit: getEnvNumber("OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT"),
      attributePerLinkCountLimit: getEnvNumber("OTEL_LINK_ATTRIBUTE_COUNT_LIMIT")
    })
  };
  return Object.freeze(config);
}
function samplerArg(sampler2) {
  if (sampler2 !== "traceidratio" && sampler2 !== "parentbased_traceidratio") return 1;
  return getEnvNumber("OTEL_TRACES_SAMPLER_ARG");
}
function nonEmpty(value) {
  return value === void 0 || value.trim() === "" ? void 0 : value.trim();
}

// src/config-file/apply.ts
init_esm_shims();

// src/config-file/load.ts
init_esm_shims();
import { readFileSync as readFileSync2 } from "fs";
import { createRequire as createRequire2 } from "module";

// src/config-file/to-env.ts
init_esm_shims();
var isObj = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var obj = (v) => isObj(v) ? v : {};
var has = (o, key) => key in o && o[key] !== void 0;
var NOT_IN_FILE = /* @__PURE__ */ new Set(["OTELKIT_COMPILE_CACHE"]);
var LOG_LEVELS = { trace: "verbose", debug: "debug", info: "info", warn: "warn", error: "error", fatal: "error" };
var PROPAGATORS2 = /* @__PURE__ */ new Set(["tracecontext", "baggage", "b3", "b3multi", "jaeger"]);
var DETECTORS = { container: "container", host: "host", process: "process", service: "serviceinstance", os: "os" };
var Translator = class {
  env = {};
  problems = [];
  set(name, value) {
    if (value === void 0 || value === null) return;
    this.env[name] = String(value);
  }
  problem(field, text2) {
    this.problems.push(`${field}: ${text2}`);
  }
  /** Report every key of `o` outside `known`. */
  unsupported(o, known2, field) {
    for (const key of Object.keys(o)) if (!known2.includes(key) && o[key] !== void 0) this.problem(`${field}.${key}`, "not supported by otelkit; ignored");
  }
  headers(o, name, field) {
    const pairs = [];
    for (const [i, h] of (Array.isArray(o["headers"]) ? o["headers"] : []).entries()) {
      const { name: key, value } = obj(h);
      if (typeof key !== "string" || value === null || value === void 0) continue;
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) this.problem(`${field}.headers[${i}].name`, "not a valid header name; skipped");
      else pairs.push(`${key}=${encodeURIComponent(value)}`);
    }
    const list = typeof o["headers_list"] === "string" ? o["headers_list"] : "";
    const joined2 = [list, ...pairs].filter((s) => s.trim() !== "").join(",");
    if (joined2 !== "") this.env[name] = joined2;
  }
  /** One OTLP exporter of a signal: its endpoint, protocol, headers, timeout, compression and TLS files. */
  otlp(kind, exporter, signal, field) {
    const prefix = `OTEL_EXPORTER_OTLP_${signal}`;
    const f = `${field}.${kind}`;
    this.set(`${prefix}_ENDPOINT`, exporter["endpoint"]);
    this.set(`${prefix}_PROTOCOL`, kind === "otlp_grpc" ? "grpc" : exporter["encoding"] === "json" ? "http/json" : "http/protobuf");
    this.headers(exporter, `${prefix}_HEADERS`, f);
    this.set(`${prefix}_TIMEOUT`, exporter["timeout"]);
    const compression = exporter["compression"];
    if (compression === "gzip" || compression === "none") this.set(`${prefix}_COMPRESSION`, compression);
    else if (compression !== void 0 && compression !== null) this.problem(`${f}.compression`, `${JSON.stringify(compression)} is not supported (gzip or none); none used`);
    const tls = obj(exporter["tls"]);
    this.set(`${prefix}_CERTIFICATE`, tls["ca_file"]);
    this.set(`${prefix}_CLIENT_KEY`, tls["key_file"]);
    this.set(`${prefix}_CLIENT_CERTIFICATE`, tls["cert_file"]);
    if (kind === "otlp_grpc" && typeof tls["insecure"] === "boolean") this.set("OTEL_EXPORTER_OTLP_INSECURE", tls["insecure"]);
    const known2 = ["endpoint", "encoding", "headers", "headers_list", "timeout", "compression", "tls"];
    if (signal === "METRICS") {
      const t = exporter["temporality_preference"];
      if (typeof t === "string") this.set("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", t === "low_memory" ? "lowmemory" : t);
      known2.push("temporality_preference");
      if (exporter["default_histogram_aggregation"] === "base2_exponential_bucket_histogram") {
        this.problem(`${f}.default_histogram_aggregation`, "base2_exponential_bucket_histogram is not supported; explicit_bucket_histogram used");
      }
      known2.push("default_histogram_aggregation");
    }
    this.unsupported(exporter, known2, f);
  }
  /**
   * The exporters of one signal's processors or readers. otelkit runs one OTLP exporter per signal
   * (plus console): a second OTLP one is reported and left out.
   */
  exporters(list, signal) {
    const names = [];
    for (const { exporter, field } of list) {
      for (const [kind, value] of Object.entries(exporter)) {
        if (kind === "otlp_http" || kind === "otlp_grpc") {
          if (names.includes("otlp")) {
            this.problem(`${field}.${kind}`, `a second OTLP exporter is not supported (otelkit exports each signal to one OTLP endpoint); ignored`);
            continue;
          }
          names.push("otlp");
          this.otlp(kind, obj(value), signal, field);
        } else if (kind === "console") {
          if (!names.includes("console")) names.push("console");
        } else {
          this.problem(`${field}.${kind}`, "exporter not supported by otelkit; ignored");
        }
      }
    }
    return names;
  }
  batch(processor, prefix, field) {
    this.set(`${prefix}_SCHEDULE_DELAY`, processor["schedule_delay"]);
    this.set(`${prefix}_EXPORT_TIMEOUT`, processor["export_timeout"]);
    this.set(`${prefix}_MAX_QUEUE_SIZE`, processor["max_queue_size"]);
    this.set(`${prefix}_MAX_EXPORT_BATCH_SIZE`, processor["max_export_batch_size"]);
    this.unsupported(processor, ["schedule_delay", "export_timeout", "max_queue_size", "max_export_batch_size", "exporter"], field);
  }
  /** Span or log record processors: batch (otelkit's only kind) or simple (run as batch). */
  processors(list, signal, field) {
    const exporters = [];
    let batched = false;
    for (const [i, p] of (Array.isArray(list) ? list : []).entries()) {
      const f = `${field}.processors[${i}]`;
      for (const [kind, value] of Object.entries(obj(p))) {
        if (kind !== "batch" && kind !== "simple") {
          this.problem(`${f}.${kind}`, "processor not supported by otelkit; ignored");
          continue;
        }
        if (kind === "simple") this.problem(`${f}.simple`, "not supported, batch used");
        const processor = obj(value);
        if (kind === "batch") {
          const settings = ["schedule_delay", "export_timeout", "max_queue_size", "max_export_batch_size"].some((k) => has(processor, k));
          if (!batched) this.batch(processor, signal === "TRACES" ? "OTEL_BSP" : "OTEL_BLRP", `${f}.batch`);
          else if (settings) this.problem(`${f}.batch`, "one set of batch settings per signal; the first processor's are used");
          batched = true;
        }
        exporters.push({ exporter: obj(processor["exporter"]), field: `${f}.${kind}.exporter` });
      }
    }
    const names = this.exporters(exporters, signal);
    this.set(signal === "TRACES" ? "OTEL_TRACES_EXPORTER" : "OTEL_LOGS_EXPORTER", names.length === 0 ? "none" : names.join(","));
  }
  /** The root sampler of parent_based, or a sampler on its own: always_on, always_off, trace_id_ratio_based. */
  simpleSampler(sampler2, field) {
    if (has(sampler2, "always_on")) return { name: "always_on" };
    if (has(sampler2, "always_off")) return { name: "always_off" };
    if (has(sampler2, "trace_id_ratio_based")) {
      const ratio2 = obj(sampler2["trace_id_ratio_based"])["ratio"];
      return { name: "traceidratio", ratio: typeof ratio2 === "number" ? ratio2 : 1 };
    }
    const kind = Object.keys(sampler2)[0];
    this.problem(kind === void 0 ? field : `${field}.${kind}`, "sampler not supported by otelkit; parent_based with always_on used");
    return void 0;
  }
  sampler(sampler2, field) {
    let name = "parentbased_always_on";
    let ratio2;
    if (has(sampler2, "parent_based")) {
      const pb = obj(sampler2["parent_based"]);
      const root = has(pb, "root") ? this.simpleSampler(obj(pb["root"]), `${field}.parent_based.root`) : { name: "always_on" };
      if (root !== void 0) {
        name = `parentbased_${root.name}`;
        ratio2 = root.ratio;
      }
      const defaults = { remote_parent_sampled: "always_on", remote_parent_not_sampled: "always_off", local_parent_sampled: "always_on", local_parent_not_sampled: "always_off" };
      for (const [child, expected] of Object.entries(defaults)) {
        if (!has(pb, child)) continue;
        const given = Object.keys(obj(pb[child]))[0];
        if (given !== expected) this.problem(`${field}.parent_based.${child}`, `only ${expected} is supported (the parent's decision); ${expected} used`);
      }
      this.unsupported(pb, ["root", ...Object.keys(defaults)], `${field}.parent_based`);
    } else if (Object.keys(sampler2).length > 0) {
      const s = this.simpleSampler(sampler2, field);
      if (s !== void 0) {
        name = s.name;
        ratio2 = s.ratio;
      }
    }
    this.set("OTEL_TRACES_SAMPLER", name);
    this.set("OTEL_TRACES_SAMPLER_ARG", ratio2);
  }
  tracerProvider(tp) {
    if (tp === void 0) {
      this.set("OTEL_TRACES_EXPORTER", "none");
      return;
    }
    this.processors(tp["processors"], "TRACES", "tracer_provider");
    this.sampler(obj(tp["sampler"]), "tracer_provider.sampler");
    const limits = obj(tp["limits"]);
    this.set("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", limits["attribute_value_length_limit"]);
    this.set("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", limits["attribute_count_limit"]);
    this.set("OTEL_SPAN_EVENT_COUNT_LIMIT", limits["event_count_limit"]);
    this.set("OTEL_SPAN_LINK_COUNT_LIMIT", limits["link_count_limit"]);
    this.set("OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", limits["event_attribute_count_limit"]);
    this.set("OTEL_LINK_ATTRIBUTE_COUNT_LIMIT", limits["link_attribute_count_limit"]);
    this.unsupported(tp, ["processors", "sampler", "limits"], "tracer_provider");
  }
  meterProvider(mp) {
    if (mp === void 0) {
      this.set("OTEL_METRICS_EXPORTER", "none");
      return;
    }
    const push = [];
    let prometheus = false;
    let periodic = false;
    for (const [i, r] of (Array.isArray(mp["readers"]) ? mp["readers"] : []).entries()) {
      const f = `meter_provider.readers[${i}]`;
      const reader = obj(r);
      if (has(reader, "periodic")) {
        const p = obj(reader["periodic"]);
        if (periodic) this.problem(`${f}.periodic`, "one export interval for all periodic readers; the first reader's is used");
        else {
          this.set("OTEL_METRIC_EXPORT_INTERVAL", p["interval"]);
          this.set("OTEL_METRIC_EXPORT_TIMEOUT", p["timeout"]);
        }
        periodic = true;
        this.cardinality(obj(p["cardinality_limits"]), `${f}.periodic.cardinality_limits`);
        this.unsupported(p, ["interval", "timeout", "exporter", "cardinality_limits"], `${f}.periodic`);
        push.push({ exporter: obj(p["exporter"]), field: `${f}.periodic.exporter` });
      } else if (has(reader, "pull")) {
        const p = obj(reader["pull"]);
        const exporter = obj(p["exporter"]);
        this.cardinality(obj(p["cardinality_limits"]), `${f}.pull.cardinality_limits`);
        this.unsupported(p, ["exporter", "cardinality_limits"], `${f}.pull`);
        if (!has(exporter, "prometheus/development")) {
          this.problem(`${f}.pull.exporter`, "only prometheus/development is supported; ignored");
          continue;
        }
        if (prometheus) {
          this.problem(`${f}.pull`, "otelkit serves one /metrics endpoint; this second one is ignored");
          continue;
        }
        prometheus = true;
        const prom = obj(exporter["prometheus/development"]);
        this.set("OTEL_EXPORTER_PROMETHEUS_HOST", prom["host"]);
        this.set("OTEL_EXPORTER_PROMETHEUS_PORT", prom["port"]);
        this.unsupported(prom, ["host", "port"], `${f}.pull.exporter.prometheus/development`);
      }
    }
    const names = this.exporters(push, "METRICS");
    if (prometheus) names.push("prometheus");
    this.set("OTEL_METRICS_EXPORTER", names.length === 0 ? "none" : names.join(","));
    this.unsupported(mp, ["readers"], "meter_provider");
  }
  cardinality(limits, field) {
    if (typeof limits["default"] === "number") this.set("OTELKIT_METRICS_CARDINALITY_LIMIT", limits["default"]);
    this.unsupported(limits, ["default"], field);
  }
  loggerProvider(lp) {
    if (lp === void 0) {
      this.set("OTEL_LOGS_EXPORTER", "none");
      return;
    }
    this.processors(lp["processors"], "LOGS", "logger_provider");
    const limits = obj(lp["limits"]);
    this.set("OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT", limits["attribute_value_length_limit"]);
    this.set("OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT", limits["attribute_count_limit"]);
    this.unsupported(lp, ["processors", "limits"], "logger_provider");
  }
  propagator(p) {
    const names = [];
    const add = (name, field) => {
      if (!PROPAGATORS2.has(name)) this.problem(field, `propagator ${JSON.stringify(name)} is not supported by otelkit; ignored`);
      else if (!names.includes(name)) names.push(name);
    };
    for (const [i, entry] of (Array.isArray(p?.["composite"]) ? p["composite"] : []).entries()) {
      for (const name of Object.keys(obj(entry))) add(name, `propagator.composite[${i}].${name}`);
    }
    const list = p?.["composite_list"];
    if (typeof list === "string") for (const name of list.split(",").map((s) => s.trim()).filter(Boolean)) add(name, "propagator.composite_list");
    this.set("OTEL_PROPAGATORS", names.length === 0 ? "none" : names.join(","));
  }
  resource(r) {
    if (r === void 0) return;
    const pairs = [];
    const seen2 = /* @__PURE__ */ new Set();
    for (const [i, a] of (Array.isArray(r["attributes"]) ? r["attributes"] : []).entries()) {
      const { name, value } = obj(a);
      if (Array.isArray(value)) {
        this.problem(`resource.attributes[${i}].value`, "array values are not supported by otelkit; attribute skipped");
        continue;
      }
      if (value === null || value === void 0) continue;
      seen2.add(name);
      if (name === "service.name") this.set("OTEL_SERVICE_NAME", String(value));
      pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
    }
    const list = typeof r["attributes_list"] === "string" ? r["attributes_list"] : "";
    for (const item of list.split(",")) {
      const key = item.split("=")[0]?.trim() ?? "";
      if (key === "" || seen2.has(decodeURIComponentSafe(key))) continue;
      pairs.unshift(item.trim());
      if (decodeURIComponentSafe(key) === "service.name") this.set("OTEL_SERVICE_NAME", decodeURIComponentSafe(item.slice(item.indexOf("=") + 1).trim()));
    }
    if (pairs.length > 0) this.set("OTEL_RESOURCE_ATTRIBUTES", pairs.join(","));
    const detection = r["detection/development"];
    if (isObj(detection)) {
      const detectors = ["env"];
      for (const [i, d] of (Array.isArray(detection["detectors"]) ? detection["detectors"] : []).entries()) {
        for (const name of Object.keys(obj(d))) {
          const mapped = DETECTORS[name];
          if (mapped === void 0) this.problem(`resource.detection/development.detectors[${i}].${name}`, "detector not supported by otelkit; ignored");
          else if (!detectors.includes(mapped)) detectors.push(mapped);
        }
      }
      this.set("OTEL_NODE_RESOURCE_DETECTORS", detectors.join(","));
      this.unsupported(detection, ["detectors"], "resource.detection/development");
    }
    this.unsupported(r, ["attributes", "attributes_list", "detection/development", "schema_url"], "resource");
  }
  instrumentation(i) {
    if (i === void 0) return;
    const general = obj(i["general"]);
    const sensitive = obj(obj(obj(general["sanitization"])["url"]))["sensitive_query_parameters"];
    if (Array.isArray(sensitive)) this.set("OTELKIT_REDACT_QUERY_PARAMS", sensitive.join(","));
    for (const key of Object.keys(general)) {
      if (key !== "sanitization") this.problem(`instrumentation/development.general.${key}`, "not supported by otelkit; ignored");
    }
    const enabled2 = [];
    const disabled = [];
    for (const [name, value] of Object.entries(obj(i["js"]))) {
      const settings = obj(value);
      if (settings["enabled"] === false) disabled.push(name);
      if (settings["enabled"] === true) enabled2.push(name);
      this.unsupported(settings, ["enabled"], `instrumentation/development.js.${name}`);
    }
    if (enabled2.length > 0) this.set("OTEL_NODE_ENABLED_INSTRUMENTATIONS", enabled2.join(","));
    if (disabled.length > 0) this.set("OTEL_NODE_DISABLED_INSTRUMENTATIONS", disabled.join(","));
    for (const key of Object.keys(i)) {
      if (key !== "general" && key !== "js") this.problem(`instrumentation/development.${key}`, "settings for another language; ignored");
    }
  }
  /** `distribution.otelkit`: otelkit's own settings, each named as its OTELKIT_* variable without the prefix. */
  distribution(d) {
    if (d === void 0) return;
    for (const [key, value] of Object.entries(obj(d["otelkit"]))) {
      const name = `OTELKIT_${key.toUpperCase()}`;
      const field = `distribution.otelkit.${key}`;
      if (getEnvDefinition(name) === void 0 || NOT_IN_FILE.has(name)) {
        this.problem(field, NOT_IN_FILE.has(name) ? `read before the file; set ${name} in the environment` : "not an otelkit setting; ignored");
      } else if (Array.isArray(value)) this.set(name, value.map(String).join(","));
      else if (isObj(value) && getEnvDefinition(name)?.type === "key-value-list") {
        this.set(name, Object.entries(value).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join(","));
      } else if (value === null || ["string", "number", "boolean"].includes(typeof value)) this.set(name, value === null ? "" : value);
      else this.problem(field, "expected a string, number, boolean, list, or a mapping for key=value settings; ignored");
    }
    for (const key of Object.keys(d)) if (key !== "otelkit") this.problem(`distribution.${key}`, "settings of another distribution; ignored");
  }
};
function decodeURIComponentSafe(text2) {
  try {
    return decodeURIComponent(text2);
  } catch {
    return text2;
  }
}
function translateConfigModel(model) {
  const t = new Translator();
  const m = model;
  if (typeof m["disabled"] === "boolean") t.set("OTEL_SDK_DISABLED", m["disabled"]);
  if (typeof m["log_level"] === "string") t.set("OTEL_LOG_LEVEL", LOG_LEVELS[m["log_level"].replace(/\d$/, "")]);
  const limits = obj(m["attribute_limits"]);
  t.set("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", limits["attribute_value_length_limit"]);
  t.set("OTEL_ATTRIBUTE_COUNT_LIMIT", limits["attribute_count_limit"]);
  const section = (key) => isObj(m[key]) ? m[key] : void 0;
  t.resource(section("resource"));
  t.propagator(section("propagator"));
  t.tracerProvider(section("tracer_provider"));
  t.meterProvider(section("meter_provider"));
  t.loggerProvider(section("logger_provider"));
  t.instrumentation(section("instrumentation/development"));
  t.distribution(section("distribution"));
  const known2 = ["file_format", "disabled", "log_level", "attribute_limits", "resource", "propagator", "tracer_provider", "meter_provider", "logger_provider", "instrumentation/development", "distribution"];
  for (const key of Object.keys(m)) if (!known2.includes(key)) t.problem(key, "not a field of file_format 1.x that otelkit knows; ignored");
  return { env: t.env, problems: t.problems };
}

// src/config-file/load.ts
var load = (id) => createRequire2(__filename)(id);
function fieldOf(pointer) {
  const parts = pointer.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  return parts.reduce((out, p) => /^\d+$/.test(p) ? `${out}[${p}]` : out === "" ? p : `${out}.${p}`, "") || "(top level)";
}
function schemaProblems(message, file) {
  const body = message.replace(/^Invalid OpenTelemetry config file: /, "").replace(`${file}: `, "");
  const lines = body.split("\n").map((l) => l.trim()).filter(Boolean);
  return lines.map((line) => {
    const m = /^(\/\S*)? ?(.*)$/.exec(line);
    return m?.[1] === void 0 ? line : `${fieldOf(m[1])}: ${m[2]}`;
  });
}
function readConfigFile(file) {
  let text2;
  try {
    text2 = readFileSync2(file, "utf8");
  } catch (error) {
    return { ok: false, file, problems: [`cannot be read (${error.code ?? error.message})`] };
  }
  try {
    const yaml = load("yaml");
    const doc = yaml.parseDocument(text2, { version: "1.2" });
    const syntax = doc.errors[0];
    if (syntax !== void 0) return { ok: false, file, problems: [`YAML syntax error: ${syntax.message.split("\n")[0]}`] };
    const upstream = load("@opentelemetry/configuration");
    const model = upstream.parseConfigFile(file);
    return { ok: true, file, ...translateConfigModel(model) };
  } catch (error) {
    return { ok: false, file, problems: schemaProblems(error.message, file) };
  }
}

// src/config-file/apply.ts
function otelkitVariables(env) {
  const out = {};
  for (const [name, value] of Object.entries(env)) if (name.startsWith("OTELKIT_") && value !== void 0) out[name] = value;
  return out;
}
function fileEnvView(result, env) {
  const fromFile = result.ok ? result.env : { OTEL_SDK_DISABLED: "true" };
  return { ...otelkitVariables(env), ...fromFile };
}
function fileVariableNames(result) {
  return new Set(Object.keys(result.ok ? result.env : { OTEL_SDK_DISABLED: "" }));
}
function applyConfigFile(env = process.env) {
  const file = env["OTEL_CONFIG_FILE"]?.trim();
  if (file === void 0 || file === "" || configFileEnv()?.file === file) return;
  const result = readConfigFile(file);
  if (result.ok) {
    for (const problem of result.problems) warnOnce(`config-file:${problem}`, `OTEL_CONFIG_FILE ${file}: ${problem}.`);
  } else {
    warnOnce("config-file:invalid", `OTEL_CONFIG_FILE ${file} is invalid: ${result.problems.join("; ")}. The app runs uninstrumented.`);
  }
  useConfigFileEnv({ file, env: fileEnvView(result, env), fromFile: fileVariableNames(result) });
}

// src/diag-bridge.ts
init_esm_shims();
import { diag as diag16, DiagLogLevel } from "@opentelemetry/api";
var LEVELS = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL
};
var SECRET_KEY = /header|authori[sz]ation|cookie|token|secret|password|api[-_]?key|credential/i;
var PART_LIMIT = 300;
var LINE_LIMIT = 700;
function clip(text2, limit) {
  const oneLine = text2.replace(/[\r\n\u2028\u2029]+/g, " ");
  return oneLine.length > limit ? `${oneLine.slice(0, limit)}\u2026` : oneLine;
}
function formatDiagArgument(value) {
  if (typeof value === "string") return clip(value, PART_LIMIT);
  if (value instanceof Error) {
    const code = value.code;
    return clip(`${value.name}: ${value.message}${code !== void 0 ? ` (${String(code)})` : ""}`, PART_LIMIT);
  }
  if (typeof value !== "object" || value === null) return String(value);
  try {
    const json2 = JSON.stringify(value, (key, v) => key !== "" && SECRET_KEY.test(key) ? "[redacted]" : v);
    return clip(json2 ?? String(value), PART_LIMIT);
  } catch {
    return "[unprintable]";
  }
}
function installDiagBridge() {
  const raw2 = activeEnv()["OTEL_LOG_LEVEL"] === void 0 ? void 0 : getEnvString("OTEL_LOG_LEVEL");
  const level = raw2 !== void 0 && raw2 in LEVELS ? LEVELS[raw2] : DiagLogLevel.WARN;
  const forward = (lvl) => (message, ...args) => {
    const first = formatDiagArgument(message);
    const text2 = [first, ...args.map(formatDiagArgument)].join(" ");
    warnOnce(`sdk:${lvl}:${first.slice(0, 120)}`, `sdk: ${clip(text2, LINE_LIMIT)}`, lvl);
  };
  const logger = { error: forward("error"), warn: forward("warn"), info: forward("info"), debug: forward("debug"), verbose: forward("debug") };
  diag16.setLogger(logger, { logLevel: level, suppressOverrideMessage: true });
}

// src/instrumentations/http.ts
init_esm_shims();
function exporterTargets(config) {
  const targets = /* @__PURE__ */ new Set();
  try {
    const url = new URL(config.otlp.endpoint);
    const port = url.port || (url.protocol === "https:" ? "443" : "80");
    targets.add(`${url.hostname}:${port}`);
  } catch {
  }
  return targets;
}
function httpInstrumentationConfig(config) {
  const exporters = exporterTargets(config);
  return {
    disableIncomingRequestInstrumentation: true,
    // url.full of client spans: otelkit's list (upstream's, plus tokens and keys). The user's own
    // `redactedQueryParams` in instrumentationConfig.http replaces it (mergeHttpClientConfig).
    redactedQueryParams: [...config.redactedQueryParams],
    ignoreOutgoingRequestHook: (options3) => {
      if (exporters.size === 0) return false;
      const host = options3.hostname ?? options3.host ?? "localhost";
      return exporters.has(`${host}:${options3.port ?? 80}`);
    }
  };
}
function undiciInstrumentationConfig(config) {
  const redact = createQueryRedactor(config.redactedQueryParams);
  return {
    startSpanHook: (request) => {
      if (!request.path.includes("?")) return void 0;
      const url = new URL(request.path, request.origin);
      const query = url.search.slice(1);
      const redacted = redact(query);
      if (redacted === query) return void 0;
      return { "url.full": `${url.origin}${url.pathname}?${redacted}`, "url.query": `?${redacted}` };
    }
  };
}
function traceHeaderOptions(config) {
  return config.traceResponseHeader === false && !config.serverTiming ? void 0 : { headerName: config.traceResponseHeader, serverTiming: config.serverTiming };
}

// src/instrumentations/http-server.ts
init_esm_shims();
import { subscribe as subscribe3, unsubscribe as unsubscribe3 } from "diagnostics_channel";
import { context as context7, isSpanContextValid as isSpanContextValid6, propagation as propagation3, ROOT_CONTEXT as ROOT_CONTEXT2, SpanKind as SpanKind2, SpanStatusCode as SpanStatusCode4, trace as trace7, TraceFlags as TraceFlags7 } from "@opentelemetry/api";

// ../logs/dist/index.js
init_esm_shims();
import { AsyncLocalStorage as AsyncLocalStorage2 } from "async_hooks";
import { context as context6 } from "@opentelemetry/api";
import { context as context22, isSpanContextValid as isSpanContextValid5, trace as trace5 } from "@opentelemetry/api";

// ../tracing/dist/index.js
init_esm_shims();
import { isSpanContextValid as isSpanContextValid2, trace as trace3 } from "@opentelemetry/api";
import {
  INVALID_SPAN_CONTEXT as INVALID_SPAN_CONTEXT2,
  SpanStatusCode as SpanStatusCode2,
  isSpanContextValid as isSpanContextValid22,
  trace as trace22
} from "@opentelemetry/api";
import {
  isSpanContextValid as isSpanContextValid3,
  trace as trace32
} from "@opentelemetry/api";
import { createContextKey as createContextKey3 } from "@opentelemetry/api";
import {
  TraceFlags as TraceFlags6,
  isSpanContextValid as isSpanContextValid4,
  propagation as propagation2,
  trace as trace4
} from "@opentelemetry/api";
import { context as context5, createContextKey as createContextKey22 } from "@opentelemetry/api";
function isLowerHex(value, start2, end) {
  if (end <= start2 || end > value.length) return false;
  for (let i = start2; i < end; i++) {
    const c = value.charCodeAt(i);
    if (!(c >= 48 && c <= 57 || c >= 97 && c <= 102)) return false;
  }
  return true;
}
function isAllZero(value, start2, end) {
  for (let i = start2; i < end; i++) {
    if (value.charCodeAt(i) !== 48) return false;
  }
  return true;
}
function isW3cTraceId(id) {
  return id.length === 32 && isLowerHex(id, 0, 32) && !isAllZero(id, 0, 32);
}
function isW3cSpanId(id) {
  return id.length === 16 && isLowerHex(id, 0, 16) && !isAllZero(id, 0, 16);
}
function errorMessage(err) {
  try {
    return err instanceof Error ? err.message : String(err);
  } catch {
    return "unprintable error";
  }
}
function trimOws(value) {
  let start2 = 0;
  let end = value.length;
  while (start2 < end && isOws(value.charCodeAt(start2))) start2++;
  while (end > start2 && isOws(value.charCodeAt(end - 1))) end--;
  return start2 === 0 && end === value.length ? value : value.slice(start2, end);
}
function isOws(code) {
  return code === 32 || code === 9;
}
var SERVER_TIMING = "Server-Timing";
var EXPOSE_HEADERS = "Access-Control-Expose-Headers";
function setTraceResponseHeaders(res, spanContext, options3) {
  try {
    if (spanContext === void 0) return;
    const w3c = isW3cTraceId(spanContext.traceId) && isW3cSpanId(spanContext.spanId);
    if (!w3c && !isSpanContextValid2(spanContext)) return;
    const headerName = options3.headerName;
    const serverTiming = options3.serverTiming;
    if (!headerName && !serverTiming) return;
    if (res.headersSent === true) {
      warnOnce("tracing.headers-sent", "trace response headers skipped: the response head was already sent (register the trace header middleware earlier)");
      return;
    }
    let traceId = spanContext.traceId;
    if (!w3c) traceId = traceId.toLowerCase();
    if (headerName) res.setHeader(headerName, traceId);
    if (!serverTiming) return;
    let spanId = spanContext.spanId;
    if (!w3c) spanId = spanId.toLowerCase();
    const timing = `traceparent;desc="00-${traceId}-${spanId}-${traceFlagsHex(spanContext.traceFlags)}"`;
    setServerTiming(res, timing);
    setExposeHeaders(res, headerName);
  } catch (err) {
    warnOnce("tracing.set-header-failed", `trace response headers not set: ${errorMessage(err)}`);
  }
}
function setServerTiming(res, timing) {
  const existing = res.getHeader?.(SERVER_TIMING);
  if (existing === void 0 || existing === null || existing === "") {
    res.setHeader(SERVER_TIMING, timing);
  } else if (Array.isArray(existing)) {
    if (!existing.includes(timing)) res.setHeader(SERVER_TIMING, [...existing.map(String), timing]);
  } else {
    const text2 = String(existing);
    if (!text2.includes(timing)) res.setHeader(SERVER_TIMING, `${text2}, ${timing}`);
  }
}
function setExposeHeaders(res, headerName) {
  const existing = res.getHeader?.(EXPOSE_HEADERS);
  let value = Array.isArray(existing) ? existing.join(", ") : existing === void 0 || existing === null ? "" : String(existing);
  const before = value;
  if (headerName && !hasListToken(value, headerName)) value = value === "" ? headerName : `${value}, ${headerName}`;
  if (!hasListToken(value, SERVER_TIMING)) value = value === "" ? SERVER_TIMING : `${value}, ${SERVER_TIMING}`;
  if (value !== before) res.setHeader(EXPOSE_HEADERS, value);
}
function hasListToken(list, token) {
  if (list === "") return false;
  const wanted = token.toLowerCase();
  for (const part of list.split(",")) {
    if (part.trim().toLowerCase() === wanted) return true;
  }
  return false;
}
var NO_OPTIONS = Object.freeze({});
var TRACEPARENT_LENGTH = 55;
var DASH = 45;
function parseTraceparent(value) {
  if (typeof value !== "string") return void 0;
  const v = trimOws(value);
  const length = v.length;
  if (length < TRACEPARENT_LENGTH || !isLowerHex(v, 0, 2)) return void 0;
  if (v.charCodeAt(0) === 102 && v.charCodeAt(1) === 102) return void 0;
  if (v.charCodeAt(0) === 48 && v.charCodeAt(1) === 48) {
    if (length !== TRACEPARENT_LENGTH) return void 0;
  } else if (length > TRACEPARENT_LENGTH && (v.charCodeAt(TRACEPARENT_LENGTH) !== DASH || length === TRACEPARENT_LENGTH + 1)) {
    return void 0;
  }
  if (v.charCodeAt(2) !== DASH || v.charCodeAt(35) !== DASH || v.charCodeAt(52) !== DASH) return void 0;
  if (!isLowerHex(v, 3, 35) || isAllZero(v, 3, 35)) return void 0;
  if (!isLowerHex(v, 36, 52) || isAllZero(v, 36, 52)) return void 0;
  if (!isLowerHex(v, 53, 55)) return void 0;
  const traceFlags = hexValue(v.charCodeAt(53)) * 16 + hexValue(v.charCodeAt(54)) & 3;
  return { traceId: v.slice(3, 35), spanId: v.slice(36, 52), traceFlags };
}
function hexValue(code) {
  return code <= 57 ? code - 48 : code - 87;
}
var MAX_MEMBERS = 32;
var MAX_LENGTH = 512;
var LONG_MEMBER = 128;
var KEY = /^[a-z0-9][a-z0-9_\-*/@]{0,255}$/;
var VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;
var trustedEntries;
var fromEntries;
function isValidTraceStateKey(key) {
  return typeof key === "string" && KEY.test(key);
}
function isValidTraceStateValue(value) {
  return typeof value === "string" && VALUE.test(value);
}
var OtelkitTraceState = class _OtelkitTraceState {
  #entries;
  #serialized;
  /**
   * Parse a raw `tracestate` header (see {@link parseTraceState}); empty when omitted.
   */
  constructor(raw2) {
    this.#entries = trustedEntries ?? (raw2 === void 0 ? [] : parseEntries(raw2, true));
  }
  /**
   * A copy with `key` set and moved to the front. An invalid key or value returns this list
   * unchanged; members beyond the limits are dropped from the end.
   */
  set(key, value) {
    if (!isValidTraceStateKey(key) || !isValidTraceStateValue(value)) return this;
    if (key.length + 1 + value.length > MAX_LENGTH) return this;
    const next = [[key, value]];
    for (const entry of this.#entries) if (entry[0] !== key) next.push(entry);
    return _OtelkitTraceState.#of(fitLimits(next, 1));
  }
  /** A copy without `key` (this list when the key is absent). */
  unset(key) {
    if (this.get(key) === void 0) return this;
    return _OtelkitTraceState.#of(this.#entries.filter((entry) => entry[0] !== key));
  }
  /** The value for `key`, if present. */
  get(key) {
    for (const entry of this.#entries) if (entry[0] === key) return entry[1];
    return void 0;
  }
  /** The header value: `key=value` members joined by `,`, most recent first. */
  serialize() {
    return this.#serialized ??= this.#entries.map((entry) => `${entry[0]}=${entry[1]}`).join(",");
  }
  /** Number of members. */
  get size() {
    return this.#entries.length;
  }
  static {
    fromEntries = (entries) => _OtelkitTraceState.#of(entries);
  }
  /** A list from entries already validated (set, unset, sanitizeTraceState). */
  static #of(entries) {
    trustedEntries = entries;
    try {
      return new _OtelkitTraceState();
    } finally {
      trustedEntries = void 0;
    }
  }
};
function parseTraceState(raw2) {
  return new OtelkitTraceState(raw2 ?? []);
}
function sanitizeTraceState(serialized) {
  return fromEntries(parseEntries(serialized, false));
}
function parseEntries(raw2, strict) {
  const text2 = Array.isArray(raw2) ? raw2.join(",") : raw2;
  const entries = [];
  if (typeof text2 !== "string") return entries;
  let start2 = 0;
  let members = 0;
  while (start2 <= text2.length) {
    let end = text2.indexOf(",", start2);
    if (end === -1) end = text2.length;
    const member = trimOws(text2.slice(start2, end));
    start2 = end + 1;
    if (member === "") continue;
    if (++members > MAX_MEMBERS) {
      if (strict) return [];
      break;
    }
    const eq = member.indexOf("=");
    const key = eq <= 0 ? "" : member.slice(0, eq);
    const value = member.slice(eq + 1);
    if (!isValidTraceStateKey(key) || !isValidTraceStateValue(value)) {
      if (strict) return [];
      members--;
      continue;
    }
    if (entries.some((entry) => entry[0] === key)) continue;
    entries.push([key, value]);
  }
  return fitLimits(entries, 0);
}
function fitLimits(entries, keep) {
  if (entries.length > MAX_MEMBERS) entries.length = MAX_MEMBERS;
  let total = entries.length - 1;
  for (const entry of entries) total += memberLength(entry);
  while (total > MAX_LENGTH && entries.length > keep) {
    let drop = entries.length - 1;
    for (let i = entries.length - 1; i >= keep; i--) {
      if (memberLength(entries[i]) > LONG_MEMBER) {
        drop = i;
        break;
      }
    }
    total -= memberLength(entries[drop]) + 1;
    entries.splice(drop, 1);
  }
  return entries;
}
function memberLength(entry) {
  return entry[0].length + 1 + entry[1].length;
}
var SUPPRESS_TRACING_KEY2 = createContextKey3("OpenTelemetry SDK Context Key SUPPRESS_TRACING");
function isTracingSuppressed2(ctx) {
  return ctx.getValue(SUPPRESS_TRACING_KEY2) === true;
}
var TRACEPARENT = "traceparent";
var TRACESTATE = "tracestate";
var OtelkitTraceContextPropagator = class {
  /** Write `traceparent` (and `tracestate` when non-empty) for a valid span context. */
  inject(context23, carrier, setter) {
    try {
      const spanContext = trace32.getSpanContext(context23);
      if (spanContext === void 0 || !isSpanContextValid3(spanContext) || isTracingSuppressed2(context23)) return;
      const traceId = isW3cTraceId(spanContext.traceId) ? spanContext.traceId : spanContext.traceId.toLowerCase();
      const spanId = isW3cSpanId(spanContext.spanId) ? spanContext.spanId : spanContext.spanId.toLowerCase();
      setter.set(carrier, TRACEPARENT, `00-${traceId}-${spanId}-${traceFlagsHex(spanContext.traceFlags)}`);
      const traceState = spanContext.traceState;
      if (traceState !== void 0) {
        const serialized = traceState instanceof OtelkitTraceState ? traceState.serialize() : sanitizeTraceState(traceState.serialize()).serialize();
        if (serialized !== "") setter.set(carrier, TRACESTATE, serialized);
      }
    } catch (err) {
      warnOnce("tracing.w3c-inject-failed", `traceparent not injected: ${errorMessage(err)}`);
    }
  }
  /** Read `traceparent`/`tracestate` into a remote span context; returns `context` when invalid. */
  extract(context23, carrier, getter) {
    try {
      const raw2 = getter.get(carrier, TRACEPARENT);
      const value = typeof raw2 === "string" ? raw2 : Array.isArray(raw2) && raw2.length === 1 ? raw2[0] : void 0;
      if (typeof value !== "string") return context23;
      const parsed = parseTraceparent(value);
      if (parsed === void 0) return context23;
      const spanContext = { ...parsed, isRemote: true };
      const rawState = getter.get(carrier, TRACESTATE);
      if (rawState !== void 0) {
        const traceState = parseTraceState(rawState);
        if (traceState.size > 0) spanContext.traceState = traceState;
      }
      return trace32.setSpanContext(context23, spanContext);
    } catch (err) {
      warnOnce("tracing.w3c-extract-failed", `traceparent not extracted: ${errorMessage(err)}`);
      return context23;
    }
  }
  /** The header names this propagator reads and writes. */
  fields() {
    return [TRACEPARENT, TRACESTATE];
  }
};
var DEFAULT_TRACE_HEADER = "uber-trace-id";
var DEFAULT_BAGGAGE_PREFIX = "uberctx-";
var KNOWN_KEYS2 = /* @__PURE__ */ new Set(["traceHeader", "baggagePrefix"]);
var TRACE_ID = /^[0-9a-fA-F]{1,32}$/;
var SPAN_ID = /^[0-9a-fA-F]{1,16}$/;
var FLAGS = /^[0-9a-fA-F]{1,2}$/;
var MAX_UBER_TRACE_ID = 128;
var MAX_BAGGAGE_ENTRIES = 180;
var MAX_BAGGAGE_CHARS = 8192;
var JaegerPropagator = class {
  #traceHeader;
  #baggagePrefix;
  /**
   * @throws OtelkitError `OTELKIT_ERR_INVALID_HEADER_NAME` for a header name or prefix that is not
   *   an HTTP token, `OTELKIT_ERR_UNKNOWN_OPTION` for an unknown option.
   */
  constructor(options3) {
    if (options3 !== void 0 && (typeof options3 !== "object" || options3 === null || Array.isArray(options3))) {
      throw invalidOption("options", "an object", options3);
    }
    for (const key of Object.keys(options3 ?? {})) {
      if (!KNOWN_KEYS2.has(key)) throw new OtelkitError("OTELKIT_ERR_UNKNOWN_OPTION", `unknown Jaeger propagator option "${key}"`);
    }
    this.#traceHeader = headerOption("traceHeader", options3?.traceHeader, DEFAULT_TRACE_HEADER);
    this.#baggagePrefix = headerOption("baggagePrefix", options3?.baggagePrefix, DEFAULT_BAGGAGE_PREFIX);
  }
  /** Write `uber-trace-id` (parent 0, flags 1 or 0) and one `uberctx-*` header per baggage entry. */
  inject(context23, carrier, setter) {
    try {
      if (isTracingSuppressed2(context23)) return;
      const spanContext = trace4.getSpanContext(context23);
      if (spanContext !== void 0 && isSpanContextValid4(spanContext)) {
        const sampled = (spanContext.traceFlags & TraceFlags6.SAMPLED) === TraceFlags6.SAMPLED ? "1" : "0";
        setter.set(carrier, this.#traceHeader, `${spanContext.traceId.toLowerCase()}:${spanContext.spanId.toLowerCase()}:0:${sampled}`);
      }
      const baggage = propagation2.getBaggage(context23);
      if (baggage === void 0) return;
      let count2 = 0;
      for (const [key, entry] of baggage.getAllEntries()) {
        if (!HTTP_TOKEN.test(key)) continue;
        if (++count2 > MAX_BAGGAGE_ENTRIES) break;
        setter.set(carrier, `${this.#baggagePrefix}${key}`, encodeURIComponent(entry.value));
      }
    } catch (err) {
      warnOnce("tracing.jaeger-inject-failed", `uber-trace-id not injected: ${errorMessage(err)}`);
    }
  }
  /** Read `uber-trace-id` into a remote span context and `uberctx-*` headers into baggage. */
  extract(context23, carrier, getter) {
    try {
      let result = context23;
      const raw2 = single(getter.get(carrier, this.#traceHeader));
      const spanContext = raw2 === void 0 ? void 0 : parseUberTraceId(raw2);
      if (spanContext !== void 0) result = trace4.setSpanContext(result, spanContext);
      const baggage = this.#extractBaggage(carrier, getter, propagation2.getBaggage(result));
      return baggage === void 0 ? result : propagation2.setBaggage(result, baggage);
    } catch (err) {
      warnOnce("tracing.jaeger-extract-failed", `uber-trace-id not extracted: ${errorMessage(err)}`);
      return context23;
    }
  }
  /** The trace header name (baggage headers have dynamic names and are not listed). */
  fields() {
    return [this.#traceHeader];
  }
  #extractBaggage(carrier, getter, existing) {
    const prefix = this.#baggagePrefix;
    let baggage;
    let count2 = 0;
    let chars = 0;
    for (const key of getter.keys(carrier)) {
      if (key.length <= prefix.length || key.slice(0, prefix.length).toLowerCase() !== prefix) continue;
      const raw2 = single(getter.get(carrier, key));
      const value = raw2 === void 0 ? void 0 : decode(raw2);
      if (value === void 0) continue;
      const name = key.slice(prefix.length);
      chars += name.length + value.length;
      if (++count2 > MAX_BAGGAGE_ENTRIES || chars > MAX_BAGGAGE_CHARS) break;
      baggage = (baggage ?? existing ?? propagation2.createBaggage()).setEntry(name, { value });
    }
    return baggage;
  }
};
function parseUberTraceId(raw2) {
  if (raw2.length > MAX_UBER_TRACE_ID) return void 0;
  const decoded = raw2.includes("%") ? decode(raw2) : raw2;
  if (decoded === void 0) return void 0;
  const parts = trimOws(decoded).split(":");
  if (parts.length !== 4) return void 0;
  const [traceId, spanId, parentId, flags] = parts;
  if (!TRACE_ID.test(traceId) || !SPAN_ID.test(spanId) || !SPAN_ID.test(parentId) || !FLAGS.test(flags)) return void 0;
  const spanContext = {
    traceId: traceId.toLowerCase().padStart(32, "0"),
    spanId: spanId.toLowerCase().padStart(16, "0"),
    // Sampled is the low bit. Read as hex or as decimal, the last digit decides it alike.
    traceFlags: (Number.parseInt(flags, 16) & 1) === 1 ? TraceFlags6.SAMPLED : TraceFlags6.NONE,
    isRemote: true
  };
  return isSpanContextValid4(spanContext) ? spanContext : void 0;
}
function headerOption(name, value, fallback) {
  if (value === void 0) return fallback;
  if (typeof value !== "string") throw invalidOption(name, "a string", value);
  if (!HTTP_TOKEN.test(value)) {
    throw new OtelkitError("OTELKIT_ERR_INVALID_HEADER_NAME", `${name} "${value.slice(0, 60)}" is not a valid HTTP header name`);
  }
  return value.toLowerCase();
}
function single(value) {
  if (typeof value === "string") return value;
  return Array.isArray(value) && value.length === 1 && typeof value[0] === "string" ? value[0] : void 0;
}
function decode(value) {
  try {
    return decodeURIComponent(value);
  } catch {
    return void 0;
  }
}
var MAX_LENGTH2 = 128;
var pool = /* @__PURE__ */ new RandomBytePool();
var HEX_DIGITS = new TextEncoder().encode("0123456789abcdef");
var text = Buffer.alloc(36);
var REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
function resolveRequestId(value) {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (typeof candidate === "string" && candidate.length <= MAX_LENGTH2 && REQUEST_ID.test(candidate)) {
    return { id: candidate, generated: false };
  }
  if (candidate !== void 0 && candidate !== "") {
    warnOnce("tracing.request-id-invalid", "ignored an incoming request id that is not 1-128 characters of [A-Za-z0-9._:-]; generated one instead", "debug");
  }
  return { id: uuidV4(), generated: true };
}
function uuidV4() {
  const at = pool.take(16);
  const bytes = pool.bytes;
  let j = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text[j++] = 45;
    let b = bytes[at + i];
    if (i === 6) b = b & 15 | 64;
    else if (i === 8) b = b & 63 | 128;
    text[j++] = HEX_DIGITS[b >> 4];
    text[j++] = HEX_DIGITS[b & 15];
  }
  return text.toString("latin1", 0, 36);
}
var RPC_METADATA_KEY2 = createContextKey22("OpenTelemetry SDK Context Key RPC_METADATA");

// ../logs/dist/index.js
import { isSpanContextValid as isSpanContextValid23, trace as trace23, context as context42 } from "@opentelemetry/api";
import { context as context32, createContextKey as createContextKey4, logs } from "@opentelemetry/api";
import { format } from "util";
var ScopeStore = class extends AsyncLocalStorage2 {
  constructor(owner) {
    super();
    this.owner = owner;
  }
  owner;
  run(store, callback, ...args) {
    this.owner.scopes = true;
    return super.run(store, callback, ...args);
  }
  enterWith(store) {
    this.owner.scopes = true;
    super.enterWith(store);
  }
};
function createState() {
  const owner = { scopes: false };
  return Object.assign(owner, { fields: new ScopeStore(owner), settings: { sendToOtel: false } });
}
var STATE_KEY3 = /* @__PURE__ */ Symbol.for("otelkit.logs.v1");
var holder3 = globalThis;
var state3 = holder3[STATE_KEY3] ??= createState();
function ownScope() {
  return state3.scopes === false ? void 0 : state3.fields.getStore();
}
var LOG_FIELDS_CONTEXT_KEY = /* @__PURE__ */ Symbol.for("otelkit.logs.fields");
function scopedFields(active) {
  return ownScope() ?? (active ?? context6.active()).getValue(LOG_FIELDS_CONTEXT_KEY);
}
function configureLogs(settings) {
  state3.settings = { ...state3.settings, ...settings };
}
function serviceFields(options3) {
  const s = state3.settings;
  const name = options3.serviceName ?? s.serviceName ?? getEnvString("OTEL_SERVICE_NAME") ?? "unknown_service:node";
  const version = options3.serviceVersion ?? s.serviceVersion;
  const nodeEnv = process.env["NODE_ENV"]?.trim();
  const environment = options3.environment ?? s.environment ?? getEnvString("OTELKIT_DEPLOYMENT_ENVIRONMENT") ?? (nodeEnv === "" ? void 0 : nodeEnv);
  const out = { "service.name": name };
  if (version !== void 0) out["service.version"] = version;
  if (environment !== void 0) out["deployment.environment.name"] = environment;
  return out;
}
function activeSpanContext() {
  const span2 = trace5.getSpan(context22.active());
  if (span2 === void 0) return void 0;
  const sc = span2.spanContext();
  return isSpanContextValid5(sc) ? sc : void 0;
}
function addCorrelationFields(target) {
  try {
    const extra = scopedFields();
    if (extra !== void 0) {
      for (const key in extra) if (!(key in target)) target[key] = extra[key];
    }
    const sc = activeSpanContext();
    if (sc !== void 0) {
      const t = target;
      t["trace_id"] = sc.traceId;
      t["span_id"] = sc.spanId;
      t["trace_flags"] = traceFlagsHex(sc.traceFlags);
    }
  } catch {
  }
  return target;
}
var lastHeaderName = "X-Request-ID";
var lastHeaderKey = "x-request-id";
function requestLogFields(req, res, headerName = "X-Request-ID") {
  if (headerName !== lastHeaderName) {
    lastHeaderName = headerName;
    lastHeaderKey = headerName.toLowerCase();
  }
  const { id } = resolveRequestId(req.headers[lastHeaderKey]);
  try {
    if (res !== void 0 && res.headersSent !== true) res.setHeader(headerName, id);
  } catch (error) {
    warnOnce("logs:request-id-header", `could not set the ${headerName} response header (${error.message})`, "debug");
  }
  return { request_id: id };
}
var REDACTED = "[REDACTED]";
var DEFAULT_REDACT_KEYS = Object.freeze([
  "authorization",
  "password",
  "passwd",
  "secret",
  "token",
  "access_token",
  "refresh_token",
  "api_key",
  "apikey",
  "cookie",
  "set-cookie"
]);
function redactKeys(option) {
  return [...option ?? getEnvList("OTELKIT_LOG_REDACT_KEYS") ?? DEFAULT_REDACT_KEYS];
}
var envSet;
function redactSet(option) {
  if (option !== void 0) return new Set(option.map((k) => k.toLowerCase()));
  envSet ??= new Set(redactKeys(void 0).map((k) => k.toLowerCase()));
  return envSet;
}
var CORRELATION_KEYS = /* @__PURE__ */ new Set(["trace_id", "span_id", "trace_flags"]);
var MAX_STRING = 8192;
var SUPPRESS_TRACING_KEY3 = createContextKey4("OpenTelemetry SDK Context Key SUPPRESS_TRACING");
var cached;
var emitting = false;
function otelLogger() {
  const provider = logs.getLoggerProvider();
  if (cached?.provider !== provider) cached = { provider, logger: provider.getLogger("@otelkit/logs", OTELKIT_VERSION) };
  return cached.logger;
}
function toAnyValue2(value) {
  switch (typeof value) {
    case "string":
      return value.length > MAX_STRING ? value.slice(0, MAX_STRING) : value;
    case "number":
    case "boolean":
      return value;
    case "bigint":
      return value.toString();
    case "object": {
      if (value === null) return null;
      if (value instanceof Error) return `${value.name}: ${value.message}`;
      try {
        const json2 = JSON.stringify(value);
        return json2 === void 0 ? void 0 : json2.length > MAX_STRING ? json2.slice(0, MAX_STRING) : json2;
      } catch {
        return "[unserializable]";
      }
    }
    default:
      return void 0;
  }
}
function sendingEnabled() {
  return state3.settings.sendToOtel && !emitting && context32.active().getValue(SUPPRESS_TRACING_KEY3) !== true;
}
function emitLogRecord(severityNumber, severityText, body, fields, redacted, bindings) {
  if (emitting) return;
  emitting = true;
  try {
    const admit = state3.settings.admit;
    if (admit !== void 0 && !admit()) return;
    const attributes2 = {};
    const scoped = scopedFields();
    for (const source of [scoped, bindings, fields]) {
      if (source === void 0 || source === null || typeof source !== "object") continue;
      for (const key of Object.keys(source)) {
        if (CORRELATION_KEYS.has(key)) continue;
        if (redacted.has(key.toLowerCase())) {
          attributes2[key] = REDACTED;
          continue;
        }
        const value = toAnyValue2(source[key]);
        if (value !== void 0) attributes2[key] = value;
      }
    }
    const error = fields?.["err"] ?? fields?.["error"];
    if (error instanceof Error) {
      attributes2["exception.type"] = error.name;
      attributes2["exception.message"] = error.message;
      if (error.stack !== void 0) attributes2["exception.stacktrace"] = error.stack;
    }
    otelLogger().emit({ severityNumber, severityText, body: toAnyValue2(body) ?? "", attributes: attributes2, timestamp: Date.now() });
  } catch {
  } finally {
    emitting = false;
  }
}
function severityFromPinoLevel(level) {
  if (level >= 60) return 21;
  if (level >= 50) return 17;
  if (level >= 40) return 13;
  if (level >= 30) return 9;
  if (level >= 20) return 5;
  return 1;
}
var WINSTON_SEVERITY = {
  emerg: 24,
  alert: 23,
  crit: 22,
  error: 17,
  warning: 13,
  warn: 13,
  notice: 10,
  info: 9,
  http: 7,
  verbose: 6,
  debug: 5,
  silly: 1
};
function severityFromWinstonLevel(level) {
  return WINSTON_SEVERITY[level] ?? 9;
}
var SEPARATORS = /[\u2028\u2029]/g;
var HAS_SEPARATOR = /[\u2028\u2029]/;
function hasLineSeparator(text2) {
  if (text2.length > 32) return HAS_SEPARATOR.test(text2);
  for (let i = 0; i < text2.length; i++) if ((text2.charCodeAt(i) | 1) === 8233) return true;
  return false;
}
function escapeLineSeparators(line) {
  return HAS_SEPARATOR.test(line) ? line.replace(SEPARATORS, (c) => c === "\u2028" ? "\\u2028" : "\\u2029") : line;
}
var OTELKIT_PINO_MIXIN = /* @__PURE__ */ Symbol.for("otelkit.logs.pino-mixin");
var NOTHING = Object.freeze({});
function isOtelkitPinoMixin(mixin) {
  return typeof mixin === "function" && mixin[OTELKIT_PINO_MIXIN] === true;
}
var parsedBindings = /* @__PURE__ */ new WeakMap();
function childBindings(logger, chindingsSym) {
  if (typeof logger.bindings !== "function") return void 0;
  const text2 = chindingsSym === void 0 ? void 0 : logger[chindingsSym];
  const cached22 = text2 === void 0 ? void 0 : parsedBindings.get(logger);
  if (cached22 !== void 0 && cached22.text === text2) return cached22.bindings;
  let bindings;
  try {
    const parsed = logger.bindings();
    bindings = parsed !== null && typeof parsed === "object" && Object.keys(parsed).length > 0 ? parsed : void 0;
  } catch {
    bindings = void 0;
  }
  if (text2 !== void 0) parsedBindings.set(logger, { text: text2, bindings });
  return bindings;
}
function wrapPinoWrite(original2, redact, chindingsSym) {
  const keys = redactSet(redact);
  return function otelkitPinoWrite(obj2, msg, num) {
    if (sendingEnabled()) {
      let body = msg;
      if (body === void 0 && obj2 !== null && typeof obj2 === "object") {
        body = obj2 instanceof Error ? obj2.message : obj2["msg"] ?? (obj2["err"] instanceof Error ? obj2["err"].message : void 0);
      }
      const fields = obj2 instanceof Error ? { err: obj2 } : obj2;
      emitLogRecord(severityFromPinoLevel(num), (this.levels?.labels?.[num] ?? String(num)).toUpperCase(), body ?? "", fields, keys, childBindings(this, chindingsSym));
    }
    return original2.call(this, obj2, msg, num);
  };
}
var lastSpanContext;
var lastSpanFragment = "";
var lastScope;
var lastScopeFragment = "";
function scopeFragment(scope) {
  let out = "";
  for (const key of Object.keys(scope)) {
    try {
      const value = JSON.stringify(scope[key]);
      if (value !== void 0) out += `,${JSON.stringify(key)}:${value}`;
    } catch {
    }
  }
  return out;
}
var lastActive;
var lastActiveFragment = "";
var lastActiveScope;
var fragmentScope;
function spanFragment(active) {
  const span2 = trace23.getSpan(active);
  if (span2 === void 0) return "";
  const sc = span2.spanContext();
  if (sc !== lastSpanContext) {
    lastSpanFragment = isSpanContextValid23(sc) ? `,"trace_id":"${sc.traceId}","span_id":"${sc.spanId}","trace_flags":"${traceFlagsHex(sc.traceFlags)}"` : "";
    lastSpanContext = sc;
  }
  return lastSpanFragment;
}
function correlationFragment() {
  try {
    const active = context42.active();
    const ownScope2 = ownScope();
    if (ownScope2 === void 0 && active === lastActive) {
      fragmentScope = lastActiveScope;
      return lastActiveFragment;
    }
    let out = spanFragment(active);
    const scope = ownScope2 ?? active.getValue(LOG_FIELDS_CONTEXT_KEY);
    if (scope !== void 0) {
      if (scope !== lastScope) {
        lastScopeFragment = scopeFragment(scope);
        lastScope = scope;
      }
      out += lastScopeFragment;
    }
    fragmentScope = scope;
    if (ownScope2 === void 0) {
      lastActive = active;
      lastActiveFragment = out;
      lastActiveScope = scope;
    }
    return out;
  } catch {
    fragmentScope = void 0;
    return "";
  }
}
function fragmentWithout(fields, scope) {
  try {
    const kept = {};
    for (const key of Object.keys(scope)) if (!Object.prototype.hasOwnProperty.call(fields, key)) kept[key] = scope[key];
    return spanFragment(context42.active()) + scopeFragment(kept);
  } catch {
    return "";
  }
}
function sharesKey(fields, scope) {
  for (const key in scope) if (Object.prototype.hasOwnProperty.call(fields, key)) return true;
  return false;
}
var CORRELATED = /* @__PURE__ */ Symbol.for("otelkit.logs.pino-correlated");
function lineShapers(symbols) {
  const { formattersSym, serializersSym, stringifiersSym, wildcardFirstSym, chindingsSym, errorKeySym, messageKeySym } = symbols;
  if (formattersSym === void 0 || serializersSym === void 0 || stringifiersSym === void 0 || wildcardFirstSym === void 0 || chindingsSym === void 0 || errorKeySym === void 0 || messageKeySym === void 0) return void 0;
  return { formatters: formattersSym, serializers: serializersSym, stringifiers: stringifiersSym, wildcard: wildcardFirstSym, chindings: chindingsSym, errorKey: errorKeySym, messageKey: messageKeySym };
}
var shapes = /* @__PURE__ */ new WeakMap();
var lastLogger;
var lastShape;
function readShape(logger, s, chindings) {
  const formatters = logger[s.formatters];
  const serializers = logger[s.serializers] ?? {};
  const stringifiers = logger[s.stringifiers] ?? {};
  const rewritten = /* @__PURE__ */ new Set([...Object.keys(serializers), ...Object.keys(stringifiers)]);
  const errorKey = logger[s.errorKey];
  if (serializers["err"] !== void 0 && typeof errorKey === "string") rewritten.add(errorKey);
  const messageKey = logger[s.messageKey];
  return {
    chindings,
    alwaysScan: formatters?.log !== void 0 || stringifiers[s.wildcard] !== void 0 || typeof chindings === "string" && hasLineSeparator(chindings),
    rewrittenKeys: [...rewritten],
    messageRewritten: typeof messageKey !== "string" || rewritten.has(messageKey)
  };
}
function shapeOf(logger, s) {
  const chindings = logger[s.chindings];
  if (logger === lastLogger && lastShape !== void 0 && lastShape.chindings === chindings) return lastShape;
  let shape = shapes.get(logger);
  if (shape === void 0 || shape.chindings !== chindings) {
    shape = readShape(logger, s, chindings);
    shapes.set(logger, shape);
  }
  lastLogger = logger;
  lastShape = shape;
  return shape;
}
var lastCleanFragment = "";
var lastCleanMessage = "";
var CLEAN_KEYS = 8;
var cleanKeys = new Array(CLEAN_KEYS).fill("");
var nextCleanKey = 0;
function cleanKey(key) {
  for (let i = 0; i < CLEAN_KEYS; i++) if (cleanKeys[i] === key) return true;
  if (hasLineSeparator(key)) return false;
  cleanKeys[nextCleanKey] = key;
  nextCleanKey = (nextCleanKey + 1) % CLEAN_KEYS;
  return true;
}
function separatorFree(logger, s, obj2, msg, fragment) {
  const shape = shapeOf(logger, s);
  if (shape.alwaysScan) return false;
  if (msg !== void 0) {
    if (shape.messageRewritten) return false;
    if (typeof msg === "string") {
      if (msg !== lastCleanMessage) {
        if (hasLineSeparator(msg)) return false;
        lastCleanMessage = msg;
      }
    } else if (typeof msg !== "number" && typeof msg !== "boolean") return false;
  }
  if (fragment !== lastCleanFragment) {
    if (hasLineSeparator(fragment)) return false;
    lastCleanFragment = fragment;
  }
  const rewritten = shape.rewrittenKeys;
  const records = obj2;
  for (const key in records) {
    const value = records[key];
    const type = typeof value;
    if (type === "string") {
      if (hasLineSeparator(value)) return false;
    } else if (type !== "number" && type !== "boolean" && type !== "undefined" && type !== "function" && value !== null) return false;
    for (let i = 0; i < rewritten.length; i++) if (rewritten[i] === key) return false;
    if (!cleanKey(key)) return false;
  }
  return true;
}
function correlatePinoLogger(pinoLogger, pino, redact) {
  const logger = pinoLogger;
  const { mixinSym, asJsonSym, writeSym, chindingsSym } = pino.symbols;
  if (logger[CORRELATED] === true || mixinSym !== void 0 && isOtelkitPinoMixin(logger[mixinSym])) return;
  if (asJsonSym === void 0 || writeSym === void 0 || typeof logger[asJsonSym] !== "function") return;
  const asJson = logger[asJsonSym];
  const shapers = lineShapers(pino.symbols);
  logger[asJsonSym] = function otelkitAsJson(obj2, msg, num, time) {
    let fragment = correlationFragment();
    const scope = fragmentScope;
    if (scope !== void 0 && obj2 !== null && typeof obj2 === "object" && sharesKey(obj2, scope)) fragment = fragmentWithout(obj2, scope);
    const line = asJson.call(this, obj2, msg, num, time + fragment);
    return shapers !== void 0 && separatorFree(this, shapers, obj2, msg, fragment) ? line : escapeLineSeparators(line);
  };
  logger[CORRELATED] = true;
  if (state3.settings.sendToOtel) logger[writeSym] = wrapPinoWrite(logger[writeSym], redact, chindingsSym);
}
var MESSAGE_KEYS = /* @__PURE__ */ new Set(["level", "message"]);
function sendWinstonInfo(info, redact) {
  if (!sendingEnabled()) return;
  try {
    const fields = {};
    for (const key of Object.keys(info)) if (!MESSAGE_KEYS.has(key)) fields[key] = info[key];
    const level = typeof info["level"] === "string" ? info["level"] : "info";
    emitLogRecord(severityFromWinstonLevel(level), level.toUpperCase(), info["message"] ?? "", fields, redactSet(redact));
  } catch {
  }
}
var MESSAGE = /* @__PURE__ */ Symbol.for("message");
var ESCAPING = /* @__PURE__ */ Symbol.for("otelkit.logs.winston-escaping");
function escapeFormatOf(logger) {
  const format2 = logger.format;
  if (format2 === void 0 || format2 === null || format2[ESCAPING] === true || typeof format2.transform !== "function") return;
  logger.format = {
    [ESCAPING]: true,
    get options() {
      return format2.options;
    },
    transform(info, options3) {
      const out = format2.transform(info, options3);
      if (out && typeof out[MESSAGE] === "string") out[MESSAGE] = escapeLineSeparators(out[MESSAGE]);
      return out;
    }
  };
}
function wrapWinstonWrite(original2) {
  return function otelkitWinstonWrite(info, ...rest) {
    if (info !== null && typeof info === "object") {
      addCorrelationFields(info);
      sendWinstonInfo(info);
    }
    if (this !== null && typeof this === "object") {
      try {
        escapeFormatOf(this);
      } catch {
      }
    }
    return original2.call(this, info, ...rest);
  };
}
var RECORD_KEYS = /* @__PURE__ */ new Set(["name", "hostname", "pid", "level", "msg", "time", "v", "src"]);
var LEVEL_NAMES = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };
function sendBunyanRecord(rec, redact) {
  if (!sendingEnabled()) return;
  try {
    const fields = {};
    for (const key of Object.keys(rec)) if (!RECORD_KEYS.has(key)) fields[key] = rec[key];
    const level = typeof rec["level"] === "number" ? rec["level"] : 30;
    emitLogRecord(severityFromPinoLevel(level), LEVEL_NAMES[level] ?? String(level), rec["msg"] ?? "", fields, redactSet(redact));
  } catch {
  }
}
function emitEscaped(original2, logger, rec) {
  const streams = logger.streams;
  if (logger.haveNonRawStreams === false || streams === void 0) return original2.call(logger, rec);
  const str = original2.call(logger, rec, true);
  if (typeof str !== "string") return original2.call(logger, rec);
  const line = escapeLineSeparators(str);
  const level = rec["level"];
  for (const s of streams) if (s.level <= level) s.stream.write(s.raw === true ? rec : line);
  return line;
}
function wrapBunyanEmit(original2) {
  return function otelkitBunyanEmit(rec, noemit) {
    if (rec === null || typeof rec !== "object") return original2.call(this, rec, noemit);
    if (noemit === true) {
      const str = original2.call(this, rec, noemit);
      return typeof str === "string" ? escapeLineSeparators(str) : str;
    }
    addCorrelationFields(rec);
    sendBunyanRecord(rec);
    return emitEscaped(original2, this, rec);
  };
}
var METHODS = { log: "INFO", info: "INFO", warn: "WARN", error: "ERROR", debug: "DEBUG", trace: "TRACE" };
function jsonLine(level, args, service, redacted) {
  const record = { timestamp: (/* @__PURE__ */ new Date()).toISOString(), level, logger: "console", message: format(...args) };
  const sc = activeSpanContext();
  if (sc !== void 0) {
    record["trace_id"] = sc.traceId;
    record["span_id"] = sc.spanId;
    record["trace_flags"] = traceFlagsHex(sc.traceFlags);
  }
  Object.assign(record, service);
  const scoped = scopedFields();
  if (scoped !== void 0) {
    for (const key of Object.keys(scoped)) if (!(key in record)) record[key] = redacted.has(key.toLowerCase()) ? REDACTED : scoped[key];
  }
  return escapeLineSeparators(JSON.stringify(record));
}
function correlateConsole(mode, redacted = /* @__PURE__ */ new Set()) {
  const target = console;
  const restores = [];
  const service = mode === "json" ? serviceFields({}) : {};
  for (const method of Object.keys(METHODS)) {
    const original2 = target[method];
    if (typeof original2 !== "function") continue;
    const level = METHODS[method];
    const wrapped = function otelkitConsole(...args) {
      if (mode === "json" && method !== "trace") {
        let line;
        try {
          line = jsonLine(level, args, service, redacted);
        } catch {
          original2.apply(this, args);
          return;
        }
        original2.call(this, line);
        return;
      }
      const sc = activeSpanContext();
      if (sc === void 0) original2.apply(this, args);
      else original2.call(this, ...args, `trace_id=${sc.traceId} span_id=${sc.spanId} trace_flags=${traceFlagsHex(sc.traceFlags)}`);
    };
    target[method] = wrapped;
    restores.push(() => {
      if (target[method] === wrapped) target[method] = original2;
    });
  }
  return () => {
    for (const restore of restores) restore();
  };
}

// src/instrumentations/bind-emitter.ts
init_esm_shims();
import { EventEmitter as EventEmitter2 } from "events";
var kContext = /* @__PURE__ */ Symbol("otelkit.emitter.context");
var kEmit = /* @__PURE__ */ Symbol("otelkit.emitter.emit");
var EE_EMIT = EventEmitter2.prototype.emit;
var manager;
function applyEmit(target, emit, args) {
  return Reflect.apply(emit, target, args);
}
function callEmit(target, emit, count2, event2, a, b) {
  switch (count2) {
    case 0:
      return emit.call(target);
    case 1:
      return emit.call(target, event2);
    case 2:
      return emit.call(target, event2, a);
    default:
      return emit.call(target, event2, a, b);
  }
}
function emitIn(target, emit, count2, event2, a, b) {
  const ctx = target[kContext];
  const m = manager;
  if (m === void 0 || ctx === void 0 || m.active() === ctx) return callEmit(target, emit, count2, event2, a, b);
  return m.with(ctx, callEmit, void 0, target, emit, count2, event2, a, b);
}
function emitMany(target, emit, args) {
  const ctx = target[kContext];
  const m = manager;
  if (m === void 0 || ctx === void 0 || m.active() === ctx) return applyEmit(target, emit, args);
  return m.with(ctx, applyEmit, void 0, target, emit, args);
}
var EE_LISTENER_COUNT = EventEmitter2.prototype.listenerCount;
function emitInContext(event2, a, b) {
  if (arguments.length > 3) return emitMany(this, EE_EMIT, arguments);
  if (EE_LISTENER_COUNT.call(this, event2) === 0) return callEmit(this, EE_EMIT, arguments.length, event2, a, b);
  return emitIn(this, EE_EMIT, arguments.length, event2, a, b);
}
function emitOwnInContext(event2, a, b) {
  const emit = this[kEmit] ?? EE_EMIT;
  if (arguments.length > 3) return emitMany(this, emit, arguments);
  return emitIn(this, emit, arguments.length, event2, a, b);
}
function setEmitterContextManager(contextManager) {
  manager = contextManager;
}
function bindEmitter(emitter, ctx) {
  const target = emitter;
  target[kContext] = ctx;
  const current = target.emit;
  if (current === emitInContext || current === emitOwnInContext) return;
  if (current === EE_EMIT) {
    target.emit = emitInContext;
  } else {
    target[kEmit] = current;
    target.emit = emitOwnInContext;
  }
}

// src/instrumentations/request-context.ts
init_esm_shims();
import { createContextKey as createContextKey5, trace as trace6 } from "@opentelemetry/api";
var SPAN_KEY = createContextKey5("OpenTelemetry Context Key SPAN");
var RPC_METADATA_KEY3 = createContextKey5("OpenTelemetry SDK Context Key RPC_METADATA");
var RequestContext = class {
  constructor(parent, span2, rpc, fieldsKey, fields) {
    this.parent = parent;
    this.span = span2;
    this.rpc = rpc;
    this.fieldsKey = fieldsKey;
    this.fields = fields;
  }
  parent;
  span;
  rpc;
  fieldsKey;
  fields;
  derived;
  /**
   * Called once the request's span has ended: the context keeps answering with the same trace and
   * span ids, but no longer holds the span object. Async resources that outlive the request (a
   * keep-alive socket's timers, for one) keep the last context they saw reachable, so without this
   * every idle connection held its last span with all its attributes, and under load those copies
   * survived garbage collection and grew the young generation (and RSS) by tens of MB.
   */
  release() {
    const light = trace6.wrapSpanContext(this.span.spanContext());
    this.span = light;
    this.rpc.span = light;
    this.derived = void 0;
  }
  getValue(key) {
    if (key === SPAN_KEY) return this.span;
    if (key === RPC_METADATA_KEY3) return this.rpc;
    if (key === this.fieldsKey && this.fields !== void 0) return this.fields;
    return this.parent.getValue(key);
  }
  setValue(key, value) {
    return this.asContext().setValue(key, value);
  }
  deleteValue(key) {
    return this.asContext().deleteValue(key);
  }
  /** The same values as an ordinary API context, built once. */
  asContext() {
    if (this.derived === void 0) {
      let ctx = this.parent.setValue(SPAN_KEY, this.span).setValue(RPC_METADATA_KEY3, this.rpc);
      if (this.fields !== void 0) ctx = ctx.setValue(this.fieldsKey, this.fields);
      this.derived = ctx;
    }
    return this.derived;
  }
};

// src/instrumentations/server-exception.ts
init_esm_shims();
import { subscribe, unsubscribe } from "diagnostics_channel";
import { SpanStatusCode as SpanStatusCode3 } from "@opentelemetry/api";
var kExceptions = /* @__PURE__ */ Symbol("otelkit.server.exceptions");
var MAX_EXCEPTIONS = 4;
var MAX_TEXT = 1024;
function noteServerException(request, error) {
  if (typeof request !== "object" || request === null || error === void 0 || error === null) return;
  try {
    const carrier = request;
    const list = carrier[kExceptions];
    const noted = { error, time: performance.now() };
    if (list === void 0) carrier[kExceptions] = [noted];
    else if (list.length < MAX_EXCEPTIONS && !list.some((n) => n.error === error)) list.push(noted);
  } catch {
  }
}
function recordServerExceptions(request, span2) {
  const carrier = request;
  const list = carrier[kExceptions];
  if (list === void 0) return;
  carrier[kExceptions] = void 0;
  try {
    let message = "";
    for (const { error, time } of list) {
      const exception = asException(error);
      span2.recordException(exception, time);
      message = typeof exception === "string" ? exception : String(exception.message ?? "");
    }
    if (message !== "") span2.setStatus({ code: SpanStatusCode3.ERROR, message });
  } catch {
  }
}
function asException(value) {
  if (value instanceof Error) return value;
  if (typeof value === "object" && value !== null) {
    const { message, name } = value;
    if (typeof message === "string" || typeof name === "string") return value;
  }
  const text2 = textOf(value);
  return text2 === "" ? `non-error value thrown (${typeof value})` : text2.length > MAX_TEXT ? text2.slice(0, MAX_TEXT) : text2;
}
function textOf(value) {
  if (typeof value === "string") return value;
  if (typeof value !== "object" && typeof value !== "function") return String(value);
  try {
    const json2 = JSON.stringify(value);
    if (typeof json2 === "string" && json2 !== "{}") return json2;
  } catch {
  }
  return Object.prototype.toString.call(value);
}
var FASTIFY_HANDLER_ERROR = "tracing:fastify.request.handler:error";
function onFastifyHandlerError(message) {
  const store = message;
  noteServerException(store.request?.raw, store.error);
}
var subscribed = false;
function enableServerExceptionChannels() {
  if (subscribed) return;
  subscribed = true;
  subscribe(FASTIFY_HANDLER_ERROR, onFastifyHandlerError);
}
function disableServerExceptionChannels() {
  if (!subscribed) return;
  subscribed = false;
  unsubscribe(FASTIFY_HANDLER_ERROR, onFastifyHandlerError);
}

// src/instrumentations/keep-alive-timer.ts
init_esm_shims();
import { AsyncLocalStorage as AsyncLocalStorage3 } from "async_hooks";
import { subscribe as subscribe2, unsubscribe as unsubscribe2 } from "diagnostics_channel";
import { Socket } from "net";
var KEEP_ALIVE_MARGIN_MS = 1e3;
var enabled = false;
var original;
var wrapper;
var inStartFrame;
var finishedSocket;
var keepAliveMs = 0;
function onResponseFinish(message) {
  const { socket, server } = message;
  const timeout = server?.keepAliveTimeout;
  if (socket === void 0 || typeof timeout !== "number" || !(timeout > 0)) return;
  finishedSocket = socket;
  keepAliveMs = timeout;
}
function makeWrapper(setTimeoutOf) {
  return function otelkitSetTimeout(msecs, callback) {
    if (finishedSocket === this) {
      finishedSocket = void 0;
      if (enabled && callback === void 0 && arguments.length === 1 && (msecs === keepAliveMs + KEEP_ALIVE_MARGIN_MS || msecs === keepAliveMs)) {
        return inStartFrame(() => setTimeoutOf.call(this, msecs));
      }
    }
    return setTimeoutOf.apply(this, arguments);
  };
}
function enableKeepAliveTimers() {
  if (enabled) return;
  if (typeof Socket.prototype.setTimeout !== "function" || typeof AsyncLocalStorage3.snapshot !== "function") return;
  inStartFrame = AsyncLocalStorage3.snapshot();
  if (wrapper === void 0 || Socket.prototype.setTimeout !== wrapper) {
    original = Socket.prototype.setTimeout;
    wrapper = makeWrapper(original);
    Socket.prototype.setTimeout = wrapper;
  }
  subscribe2("http.server.response.finish", onResponseFinish);
  enabled = true;
}
function disableKeepAliveTimers() {
  if (!enabled) return;
  enabled = false;
  unsubscribe2("http.server.response.finish", onResponseFinish);
  finishedSocket = void 0;
  if (Socket.prototype.setTimeout === wrapper && original !== void 0) {
    Socket.prototype.setTimeout = original;
    wrapper = void 0;
    original = void 0;
  }
}

// src/instrumentations/http-server.ts
var kState = /* @__PURE__ */ Symbol("otelkit.http.server");
var redactQuery = createQueryRedactor(DEFAULT_REDACTED_QUERY_PARAMS);
var tracer;
var options;
var SUPPRESSED = suppressTracing(ROOT_CONTEXT2);
function methodOf(raw2) {
  if (raw2 === void 0) return "GET";
  if (HTTP_METHODS.has(raw2)) return raw2;
  const upper = raw2.toUpperCase();
  return HTTP_METHODS.has(upper) ? upper : "_OTHER";
}
function firstHeader(value) {
  return Array.isArray(value) ? value[0] : value;
}
function serverAddress(request, attributes2) {
  const host = firstHeader(request.headers["x-forwarded-host"]) ?? request.headers.host;
  if (host === void 0 || host === "") return;
  const bracket = host.startsWith("[") ? host.indexOf("]") : -1;
  const colon = host.indexOf(":", bracket < 0 ? 0 : bracket);
  if (colon < 0) {
    attributes2["server.address"] = host;
    return;
  }
  attributes2["server.address"] = host.slice(0, colon);
  const port = Number(host.slice(colon + 1));
  if (Number.isInteger(port)) attributes2["server.port"] = port;
}
function clientAddress(request) {
  const forwarded = firstHeader(request.headers["x-forwarded-for"]);
  if (forwarded !== void 0) {
    const comma = forwarded.indexOf(",");
    return (comma < 0 ? forwarded : forwarded.slice(0, comma)).trim();
  }
  return request.socket.remoteAddress;
}
function onRequestStart(message) {
  const o = options;
  const t = tracer;
  if (o === void 0 || t === void 0) return;
  const { request, response, server } = message;
  try {
    if (server?.[UNTRACED_SERVER] === true) {
      enter(o, SUPPRESSED, request, response);
      return;
    }
    const fields = o.requestIdHeader === void 0 ? void 0 : requestLogFields(request, response, o.requestIdHeader);
    const target = request.url ?? "/";
    const q = target.indexOf("?");
    const path = q < 0 ? target : target.slice(0, q);
    if (o.ignorePath(path)) {
      enter(o, fields === void 0 ? SUPPRESSED : SUPPRESSED.setValue(LOG_FIELDS_CONTEXT_KEY, fields), request, response);
      return;
    }
    const method = methodOf(request.method);
    const socket = request.socket;
    const scheme = socket.encrypted === true ? "https" : "http";
    const headers = request.headers;
    const untrusted = o.untrusted;
    let parent;
    let links;
    if (untrusted !== void 0 && untrusted(request)) {
      parent = ROOT_CONTEXT2;
      links = untrustedLinks(o, headers);
    } else {
      parent = o.w3cPropagationOnly === true && headers.traceparent === void 0 && headers.baggage === void 0 ? ROOT_CONTEXT2 : propagation3.extract(ROOT_CONTEXT2, headers);
    }
    const hooks = o.hooks;
    if (hooks !== void 0 && hooks.ignore(request, parent)) {
      enter(o, fields === void 0 ? SUPPRESSED : SUPPRESSED.setValue(LOG_FIELDS_CONTEXT_KEY, fields), request, response);
      return;
    }
    const sampling = o.sampling;
    let span2;
    if (sampling === void 0) {
      span2 = t.startSpan(method, { kind: SpanKind2.SERVER, attributes: startAttributes(request, method, scheme, path, target, q, hooks), links }, parent);
    } else {
      span2 = dropped(sampling, method, parent);
      if (span2 === void 0) span2 = recordingSpan(t, sampling, method, parent, startAttributes(request, method, scheme, path, target, q, hooks), links);
    }
    const rpc = { type: RPCType.HTTP, span: span2 };
    const requestContext = new RequestContext(parent, span2, rpc, LOG_FIELDS_CONTEXT_KEY, fields);
    request[kState] = { span: span2, rpc, context: requestContext, method, scheme, startedAt: performance.now(), metrics: o.metrics, routeOf: o.routeOf, hooks };
    o.metrics?.requestStarted(method, scheme);
    enter(o, requestContext, request, response);
    if (o.headers !== void 0) setTraceResponseHeaders(response, span2.spanContext(), o.headers);
    response.on("close", onResponseClose);
    if (hooks !== void 0 && span2.isRecording()) hooks.started(span2, request, response);
  } catch {
  }
}
function enter(o, ctx, request, response) {
  o.attach(ctx);
  bindEmitter(request, ctx);
  bindEmitter(response, ctx);
}
var UNTRUSTED_LINK_ATTRIBUTES = Object.freeze({ "otelkit.link.reason": "untrusted_parent" });
function untrustedLinks(o, headers) {
  if (o.w3cPropagationOnly === true && headers.traceparent === void 0) return void 0;
  const remote = trace7.getSpanContext(propagation3.extract(ROOT_CONTEXT2, headers));
  return remote !== void 0 && isSpanContextValid6(remote) ? [{ context: remote, attributes: UNTRUSTED_LINK_ATTRIBUTES }] : void 0;
}
var NO_ATTRIBUTES = Object.freeze({});
var NO_LINKS = Object.freeze([]);
var decidedRootTraceId;
function dropped(sampling, method, parent) {
  const parentSpan = trace7.getSpanContext(parent);
  const valid = parentSpan !== void 0 && isSpanContextValid6(parentSpan);
  const traceId = valid ? parentSpan.traceId : sampling.ids.generateTraceId();
  const result = sampling.sampler.shouldSample(parent, traceId, method, SpanKind2.SERVER, NO_ATTRIBUTES, NO_LINKS);
  if (result.decision !== SamplingDecision.NOT_RECORD) {
    decidedRootTraceId = valid ? void 0 : traceId;
    return void 0;
  }
  const traceState = result.traceState ?? (valid ? parentSpan.traceState : void 0);
  return trace7.wrapSpanContext({ traceId, spanId: sampling.ids.generateSpanId(), traceFlags: TraceFlags7.NONE, traceState });
}
function recordingSpan(t, sampling, method, parent, attributes2, links) {
  const root = decidedRootTraceId;
  decidedRootTraceId = void 0;
  if (root !== void 0) sampling.ids.prime(root);
  const after = sampling.attributesAfterStart;
  const span2 = t.startSpan(method, { kind: SpanKind2.SERVER, attributes: after ? void 0 : attributes2, links }, parent);
  sampling.ids.prime(void 0);
  return after ? span2.setAttributes(attributes2) : span2;
}
function startAttributes(request, method, scheme, path, target, q, hooks) {
  const socket = request.socket;
  const attributes2 = { "http.request.method": method, "url.scheme": scheme };
  if (socket.remoteAddress !== void 0) attributes2["network.peer.address"] = socket.remoteAddress;
  if (socket.remotePort !== void 0) attributes2["network.peer.port"] = socket.remotePort;
  attributes2["network.protocol.version"] = request.httpVersion;
  const agent = request.headers["user-agent"];
  if (agent !== void 0) attributes2["user_agent.original"] = agent;
  attributes2["url.path"] = path;
  serverAddress(request, attributes2);
  if (q >= 0 && q < target.length - 1) attributes2["url.query"] = redactQuery(target.slice(q + 1));
  const client = clientAddress(request);
  if (client !== void 0) attributes2["client.address"] = client;
  if (method === "_OTHER") attributes2["http.request.method_original"] = request.method;
  if (hooks !== void 0) hooks.startAttributes(request, attributes2);
  return attributes2;
}
function onResponseClose() {
  try {
    endRequest(this);
  } catch (error) {
    warnOnce("http-server:end", `ending a server span failed; the request was not affected (${error?.message ?? String(error)}).`);
  }
}
function endRequest(response) {
  const request = response.req;
  const state5 = request?.[kState];
  if (state5 === void 0) return;
  request[kState] = void 0;
  const { span: span2, rpc, context: requestContext, method, scheme, startedAt, metrics: metrics3, routeOf, hooks } = state5;
  const status2 = response.statusCode;
  span2.setAttribute("http.response.status_code", status2);
  let route = rpc.route;
  if (route === void 0 && routeOf !== void 0) {
    try {
      route = routeOf(request);
    } catch {
    }
  }
  if (route !== void 0) {
    span2.setAttribute("http.route", route);
    span2.updateName(`${method} ${route}`);
  }
  let errorType;
  if (status2 >= 500) {
    errorType = String(status2);
    span2.setAttribute("error.type", errorType);
    span2.setStatus({ code: SpanStatusCode4.ERROR });
    recordServerExceptions(request, span2);
  } else if (!response.writableFinished) {
    errorType = "response_aborted";
    span2.setAttribute("error.type", errorType);
  }
  const recording = span2.isRecording();
  if (hooks !== void 0 && recording) hooks.ended(span2, request, response);
  try {
    span2.end();
  } catch (error) {
    warnOnce("http-server:end", `ending a server span failed; the request was not affected (${error?.message ?? String(error)}).`);
  }
  if (recording) requestContext.release();
  if (metrics3 !== void 0) {
    try {
      metrics3.requestEnded({ method, scheme, status: status2, route, protocolVersion: request.httpVersion, errorType, durationSeconds: (performance.now() - startedAt) / 1e3 });
    } catch {
    }
  }
}
function onFastifyHandler(message) {
  const route = message.route?.url;
  if (typeof route !== "string") return;
  const metadata = getRPCMetadata(context7.active());
  if (metadata?.type === RPCType.HTTP) metadata.route = route;
}
var CHANNELS = [
  ["http.server.request.start", onRequestStart],
  ["tracing:fastify.request.handler:start", onFastifyHandler]
];
var ownHeaderNames = [];
function ownResponseHeaders(response) {
  let found;
  for (const name of ownHeaderNames) {
    const value = response.getHeader(name);
    if (value !== void 0) (found ??= {})[name] = value;
  }
  return found;
}
function enableHttpServerInstrumentation(opts) {
  if (options === void 0) {
    for (const [name, fn] of CHANNELS) subscribe3(name, fn);
    enableKeepAliveTimers();
  }
  options = opts;
  redactQuery = createQueryRedactor(opts.redactedQueryParams ?? DEFAULT_REDACTED_QUERY_PARAMS);
  const names = [];
  if (opts.headers !== void 0) {
    if (opts.headers.headerName !== false && opts.headers.headerName !== void 0) names.push(opts.headers.headerName.toLowerCase());
    if (opts.headers.serverTiming === true) names.push("server-timing");
    names.push("access-control-expose-headers");
  }
  if (opts.requestIdHeader !== void 0) names.push(opts.requestIdHeader.toLowerCase());
  ownHeaderNames = names;
  setEmitterContextManager(opts.contextManager);
  tracer = trace7.getTracer("@otelkit/node/http-server", OTELKIT_VERSION);
}
function disableHttpServerInstrumentation() {
  if (options === void 0) return;
  for (const [name, fn] of CHANNELS) unsubscribe3(name, fn);
  disableKeepAliveTimers();
  setEmitterContextManager(void 0);
  ownHeaderNames = [];
  options = void 0;
  tracer = void 0;
}

// src/instrumentations/ignore-paths.ts
init_esm_shims();
var escape2 = (text2) => text2.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
function createPathMatcher(entries) {
  const exact = /* @__PURE__ */ new Set();
  const patterns = [];
  for (const entry of entries) {
    if (!entry.startsWith("/") && !entry.startsWith("*")) {
      warnOnce(`ignore-paths:${entry}`, `OTELKIT_IGNORE_PATHS: "${entry}" does not start with "/" and matches no request path; write it as "/${entry}".`);
    }
    if (entry.includes("*")) patterns.push(entry.split("*").map(escape2).join(".*"));
    else exact.add(entry);
  }
  if (patterns.length === 0) return (path) => exact.has(path);
  const pattern = new RegExp(`^(?:${patterns.join("|")})$`, "s");
  return (path) => exact.has(path) || pattern.test(path);
}

// src/instrumentations/trace-context.ts
init_esm_shims();
var EVERY_REQUEST = () => true;
function untrustedRequests(option, global) {
  if (typeof option !== "function") return global === "edge" ? EVERY_REQUEST : void 0;
  const fallback = global === "edge";
  return (request) => {
    try {
      const mode = option(request);
      if (mode === "edge") return true;
      if (mode === "trust") return false;
      warnOnce("trace-context:value", `the traceContext function returned ${JSON.stringify(String(mode)).slice(0, 40)} instead of "trust" or "edge"; such requests use OTELKIT_TRACE_CONTEXT (${global}).`);
    } catch (error) {
      warnOnce("trace-context:throw", `the traceContext function threw (${error?.message ?? String(error)}); such requests use OTELKIT_TRACE_CONTEXT (${global}).`);
    }
    return fallback;
  };
}

// src/instrumentations/catalog.generated.ts
init_esm_shims();
var INSTRUMENTATION_CATALOG = [
  { name: "amqplib", pkg: "@opentelemetry/instrumentation-amqplib", className: "AmqplibInstrumentation", modules: ["amqplib"] },
  { name: "aws-lambda", pkg: "@opentelemetry/instrumentation-aws-lambda", className: "AwsLambdaInstrumentation", modules: [] },
  { name: "aws-sdk", pkg: "@opentelemetry/instrumentation-aws-sdk", className: "AwsInstrumentation", modules: ["@aws-sdk/middleware-stack", "@aws-sdk/smithy-client", "@smithy/core", "@smithy/middleware-stack", "@smithy/smithy-client"] },
  { name: "bunyan", pkg: "@opentelemetry/instrumentation-bunyan", className: "BunyanInstrumentation", modules: ["bunyan"] },
  { name: "cassandra-driver", pkg: "@opentelemetry/instrumentation-cassandra-driver", className: "CassandraDriverInstrumentation", modules: ["cassandra-driver"] },
  { name: "connect", pkg: "@opentelemetry/instrumentation-connect", className: "ConnectInstrumentation", modules: ["connect"] },
  { name: "cucumber", pkg: "@opentelemetry/instrumentation-cucumber", className: "CucumberInstrumentation", modules: ["@cucumber/cucumber"] },
  { name: "dataloader", pkg: "@opentelemetry/instrumentation-dataloader", className: "DataloaderInstrumentation", modules: ["dataloader"] },
  { name: "dns", pkg: "@opentelemetry/instrumentation-dns", className: "DnsInstrumentation", modules: ["dns", "dns/promises"] },
  { name: "express", pkg: "@opentelemetry/instrumentation-express", className: "ExpressInstrumentation", modules: ["express"] },
  { name: "fs", pkg: "@opentelemetry/instrumentation-fs", className: "FsInstrumentation", modules: ["fs", "fs/promises"] },
  { name: "generic-pool", pkg: "@opentelemetry/instrumentation-generic-pool", className: "GenericPoolInstrumentation", modules: ["generic-pool"] },
  { name: "graphql", pkg: "@opentelemetry/instrumentation-graphql", className: "GraphQLInstrumentation", modules: ["graphql"] },
  { name: "grpc", pkg: "@opentelemetry/instrumentation-grpc", className: "GrpcInstrumentation", modules: ["@grpc/grpc-js"] },
  { name: "hapi", pkg: "@opentelemetry/instrumentation-hapi", className: "HapiInstrumentation", modules: ["@hapi/hapi"] },
  { name: "host-metrics", pkg: "@opentelemetry/instrumentation-host-metrics", className: "HostMetricsInstrumentation", modules: [] },
  { name: "http", pkg: "@opentelemetry/instrumentation-http", className: "HttpInstrumentation", modules: ["http", "https"] },
  { name: "ioredis", pkg: "@opentelemetry/instrumentation-ioredis", className: "IORedisInstrumentation", modules: ["ioredis"] },
  { name: "kafkajs", pkg: "@opentelemetry/instrumentation-kafkajs", className: "KafkaJsInstrumentation", modules: ["kafkajs"] },
  { name: "knex", pkg: "@opentelemetry/instrumentation-knex", className: "KnexInstrumentation", modules: ["knex"] },
  { name: "koa", pkg: "@opentelemetry/instrumentation-koa", className: "KoaInstrumentation", modules: ["koa"] },
  { name: "lru-memoizer", pkg: "@opentelemetry/instrumentation-lru-memoizer", className: "LruMemoizerInstrumentation", modules: ["lru-memoizer"] },
  { name: "memcached", pkg: "@opentelemetry/instrumentation-memcached", className: "MemcachedInstrumentation", modules: ["memcached"] },
  { name: "mongodb", pkg: "@opentelemetry/instrumentation-mongodb", className: "MongoDBInstrumentation", modules: ["mongodb"] },
  { name: "mongoose", pkg: "@opentelemetry/instrumentation-mongoose", className: "MongooseInstrumentation", modules: ["mongoose"] },
  { name: "mysql2", pkg: "@opentelemetry/instrumentation-mysql2", className: "MySQL2Instrumentation", modules: ["mysql2"] },
  { name: "mysql", pkg: "@opentelemetry/instrumentation-mysql", className: "MySQLInstrumentation", modules: ["mysql"] },
  { name: "nestjs-core", pkg: "@opentelemetry/instrumentation-nestjs-core", className: "NestInstrumentation", modules: ["@nestjs/core"] },
  { name: "net", pkg: "@opentelemetry/instrumentation-net", className: "NetInstrumentation", modules: ["net"] },
  { name: "openai", pkg: "@opentelemetry/instrumentation-openai", className: "OpenAIInstrumentation", modules: ["openai"] },
  { name: "oracledb", pkg: "@opentelemetry/instrumentation-oracledb", className: "OracleInstrumentation", modules: ["oracledb"] },
  { name: "pg", pkg: "@opentelemetry/instrumentation-pg", className: "PgInstrumentation", modules: ["pg", "pg-pool"] },
  { name: "pino", pkg: "@opentelemetry/instrumentation-pino", className: "PinoInstrumentation", modules: ["pino"] },
  { name: "redis", pkg: "@opentelemetry/instrumentation-redis", className: "RedisInstrumentation", modules: ["@node-redis/client", "@redis/client", "redis"] },
  { name: "restify", pkg: "@opentelemetry/instrumentation-restify", className: "RestifyInstrumentation", modules: ["restify"] },
  { name: "router", pkg: "@opentelemetry/instrumentation-router", className: "RouterInstrumentation", modules: ["router"] },
  { name: "runtime-node", pkg: "@opentelemetry/instrumentation-runtime-node", className: "RuntimeNodeInstrumentation", modules: [] },
  { name: "socket.io", pkg: "@opentelemetry/instrumentation-socket.io", className: "SocketIoInstrumentation", modules: ["socket.io"] },
  { name: "tedious", pkg: "@opentelemetry/instrumentation-tedious", className: "TediousInstrumentation", modules: ["tedious"] },
  { name: "undici", pkg: "@opentelemetry/instrumentation-undici", className: "UndiciInstrumentation", modules: [] },
  { name: "winston", pkg: "@opentelemetry/instrumentation-winston", className: "WinstonInstrumentation", modules: ["winston"] }
];

// src/instrumentations/http-server-hooks.ts
init_esm_shims();
import { isSpanContextValid as isSpanContextValid7, trace as trace8 } from "@opentelemetry/api";
function guarded(name, fn, fallback) {
  if (typeof fn !== "function") return () => fallback;
  return (...args) => {
    try {
      return fn(...args);
    } catch (error) {
      warnOnce(`http-hook:${name}`, `instrumentationConfig.http.${name} threw (${error?.message ?? String(error)}); the request goes on without it.`);
      return fallback;
    }
  };
}
var SECRET_HEADERS = /* @__PURE__ */ new Set(["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-auth-token", "x-csrf-token", "x-xsrf-token"]);
function headerNames(list, side, name) {
  if (list === void 0) return [];
  const option = `instrumentationConfig.http.headersToSpanAttributes.${side}.${name}`;
  if (!Array.isArray(list) || list.some((h) => typeof h !== "string")) {
    warnOnce(`http-hook:${side}:${name}`, `${option} must be a list of header names; it is ignored.`);
    return [];
  }
  const names = [...new Set(list.map((h) => h.toLowerCase()))];
  const denied = names.filter((h) => SECRET_HEADERS.has(h));
  if (denied.length > 0) {
    warnOnce(`http-hook:${side}:${name}:secret`, `${option}: ${denied.join(", ")} carry credentials and are never recorded.`);
  }
  return names.filter((h) => !SECRET_HEADERS.has(h));
}
function captureHeaders(kind, names, read, into) {
  for (const name of names) {
    const value = read(name);
    if (value === void 0) continue;
    into[`http.${kind}.header.${name}`] = Array.isArray(value) ? value.map(String) : [String(value)];
  }
}
function redactor(params) {
  if (params === void 0) return void 0;
  if (!Array.isArray(params) || params.some((p) => typeof p !== "string")) {
    warnOnce("http-hook:redactedQueryParamsServer", "instrumentationConfig.http.redactedQueryParamsServer must be a list of parameter names; the default list is used.");
    return void 0;
  }
  const redacted = new Set(params);
  return (query) => query.split("&").map((pair) => {
    const eq = pair.indexOf("=");
    return eq > 0 && redacted.has(pair.slice(0, eq)) ? `${pair.slice(0, eq)}=REDACTED` : pair;
  }).join("&");
}
function createHttpServerHooks(config) {
  if (config === void 0 || config === null || typeof config !== "object") return void 0;
  if (config.enableSyntheticSourceDetection === true) {
    warnOnce("http-hook:enableSyntheticSourceDetection", "instrumentationConfig.http.enableSyntheticSourceDetection is not supported on server spans; it is ignored there.");
  }
  const requestHeaders = headerNames(config.headersToSpanAttributes?.server?.requestHeaders, "server", "requestHeaders");
  const responseHeaders = headerNames(config.headersToSpanAttributes?.server?.responseHeaders, "server", "responseHeaders");
  const redact = redactor(config.redactedQueryParamsServer);
  const disabled = config.disableIncomingRequestInstrumentation === true;
  const requireParent = config.requireParentforIncomingSpans === true;
  const hasIgnore = typeof config.ignoreIncomingRequestHook === "function";
  const hasStartHook = typeof config.startIncomingSpanHook === "function";
  const hasStarted = typeof config.requestHook === "function" || typeof config.responseHook === "function";
  const hasEnded = typeof config.applyCustomAttributesOnSpan === "function" || responseHeaders.length > 0;
  if (!disabled && !requireParent && !hasIgnore && !hasStartHook && !hasStarted && !hasEnded && requestHeaders.length === 0 && redact === void 0) return void 0;
  const ignoreHook = guarded("ignoreIncomingRequestHook", config.ignoreIncomingRequestHook, false);
  const startHook = guarded("startIncomingSpanHook", config.startIncomingSpanHook, void 0);
  const requestHook = guarded("requestHook", config.requestHook, void 0);
  const responseHook = guarded("responseHook", config.responseHook, void 0);
  const customHook = guarded("applyCustomAttributesOnSpan", config.applyCustomAttributesOnSpan, void 0);
  return {
    ignore(request, parent) {
      if (disabled) return true;
      if (requireParent) {
        const parentSpan = trace8.getSpanContext(parent);
        if (parentSpan === void 0 || !isSpanContextValid7(parentSpan)) return true;
      }
      return hasIgnore && ignoreHook(request) === true;
    },
    startAttributes(request, attributes2) {
      if (redact !== void 0) {
        const target = request.url ?? "";
        const q = target.indexOf("?");
        if (q >= 0 && q < target.length - 1) attributes2["url.query"] = redact(target.slice(q + 1));
      }
      if (hasStartHook) {
        const added = startHook(request);
        if (added !== null && typeof added === "object") Object.assign(attributes2, added);
      }
      if (requestHeaders.length > 0) captureHeaders("request", requestHeaders, (name) => request.headers[name], attributes2);
    },
    started(span2, request, response) {
      if (!hasStarted) return;
      requestHook(span2, request);
      responseHook(span2, response);
    },
    ended(span2, request, response) {
      if (!hasEnded) return;
      if (responseHeaders.length > 0) {
        const attributes2 = {};
        captureHeaders("response", responseHeaders, (name) => response.getHeader(name), attributes2);
        span2.setAttributes(attributes2);
      }
      customHook(span2, request, response);
    }
  };
}
function mergeHttpClientConfig(own, user) {
  if (user === void 0) return own;
  const merged = { ...own, ...user, disableIncomingRequestInstrumentation: true };
  const client = merged.headersToSpanAttributes?.client;
  if (client !== void 0 && client !== null && typeof client === "object") {
    merged.headersToSpanAttributes = {
      ...merged.headersToSpanAttributes,
      client: { requestHeaders: headerNames(client.requestHeaders, "client", "requestHeaders"), responseHeaders: headerNames(client.responseHeaders, "client", "responseHeaders") }
    };
  }
  const ours = own.ignoreOutgoingRequestHook;
  const theirs = guarded("ignoreOutgoingRequestHook", user.ignoreOutgoingRequestHook, false);
  if (ours !== void 0 && user.ignoreOutgoingRequestHook !== void 0) {
    merged.ignoreOutgoingRequestHook = (options3) => ours(options3) || theirs(options3) === true;
  }
  return merged;
}
function mergeUndiciConfig(own, user) {
  if (user === void 0) return own;
  const merged = { ...own, ...user };
  const ours = own.startSpanHook;
  const userHook = user.startSpanHook;
  if (ours !== void 0 && typeof userHook === "function") {
    const theirs = guarded("startSpanHook", userHook, void 0);
    merged.startSpanHook = (request) => {
      const added = theirs(request);
      const base = ours(request);
      return base === void 0 ? added : { ...base, ...added !== null && typeof added === "object" ? added : {} };
    };
  }
  return merged;
}

// src/instrumentations/lazy.ts
init_esm_shims();
import Module, { createRequire as createRequire3 } from "module";
var state4;
function packageOf(request) {
  const first = request.charCodeAt(0);
  if (first === 46 || first === 47) return void 0;
  const id = request.startsWith("node:") ? request.slice(5) : request;
  const slash = id.indexOf("/");
  if (slash < 0) return id;
  if (id.charCodeAt(0) === 64) {
    const second = id.indexOf("/", slash + 1);
    return second < 0 ? id : id.slice(0, second);
  }
  return state4?.pending.has(id) === true ? id : id.slice(0, slash);
}
function activateEntry(s, entry, trigger) {
  let waiting = false;
  for (const name of [...entry.modules, ...EXTRA_MODULE_TRIGGERS[entry.name] ?? []]) {
    const list = s.pending.get(name);
    if (list === void 0 || !list.includes(entry)) continue;
    waiting = true;
    const rest = list.filter((e) => e !== entry);
    if (rest.length === 0) s.pending.delete(name);
    else s.pending.set(name, rest);
  }
  if (!waiting) return;
  if (addActive(s, s.factory(entry))) diagLog("debug", `loaded instrumentation ${entry.name} on first use of ${trigger}`);
}
function addActive(s, made) {
  if (made === void 0) return false;
  const list = Array.isArray(made) ? made : [made];
  for (const instrumentation of list) guardPatches(instrumentation);
  s.active.push(...list);
  return true;
}
function guardPatches(instrumentation) {
  const definitions = instrumentation._modules;
  if (!Array.isArray(definitions)) return;
  const name = instrumentation.instrumentationName;
  const guard = (target, moduleName) => {
    const patch = target.patch;
    if (typeof patch !== "function") return;
    target.patch = function otelkitGuardedPatch(exports, version) {
      try {
        return patch.call(this, exports, version);
      } catch (error) {
        warnOnce(`patch:${name}:${moduleName}`, `${name} could not instrument ${moduleName}${version === void 0 ? "" : `@${version}`} (${error?.message ?? String(error)}); it is used un-instrumented.`);
        return exports;
      }
    };
  };
  for (const definition of definitions) {
    const moduleName = definition.name ?? "a module";
    guard(definition, moduleName);
    for (const file of definition.files ?? []) guard(file, moduleName);
  }
}
function activate(moduleName) {
  const s = state4;
  const entries = s?.pending.get(moduleName);
  if (s === void 0 || entries === void 0) return;
  for (const entry of [...entries]) activateEntry(s, entry, moduleName);
}
function installRequireHook() {
  const proto = Module.prototype;
  const original2 = proto.require;
  const wrapper2 = function lazyInstrumentationRequire(id) {
    const s = state4;
    if (s !== void 0 && s.pending.size > 0 && typeof id === "string") {
      const name = packageOf(id);
      if (name !== void 0 && s.pending.has(name)) {
        activate(name);
        if (proto.require !== wrapper2) return proto.require.call(this, id);
      }
    }
    return original2.call(this, id);
  };
  proto.require = wrapper2;
  return () => {
    if (proto.require === wrapper2) proto.require = original2;
  };
}
function packageOfUrl(loadUrl) {
  if (loadUrl.startsWith("node:")) return loadUrl.slice(5);
  const at = loadUrl.lastIndexOf("/node_modules/");
  if (at < 0) return loadUrl.includes(":") ? void 0 : loadUrl;
  const rest = loadUrl.slice(at + 14).split("/");
  return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
}
function installEsmHook() {
  try {
    const req = createRequire3(__filename);
    const iitm = req("import-in-the-middle");
    const { importHooks } = req("import-in-the-middle/lib/register.js");
    const hook = (loadUrl, namespace, specifier, format2) => {
      const s = state4;
      if (s === void 0 || s.pending.size === 0) return;
      const name = packageOfUrl(loadUrl);
      if (name === void 0 || !s.pending.has(name)) return;
      const before = importHooks.length;
      activate(name);
      for (const added of importHooks.slice(before)) added(loadUrl, namespace, specifier, format2);
    };
    iitm.addHook(hook);
    return { unhook: () => iitm.removeHook(hook) };
  } catch (error) {
    warnOnce("lazy:esm", `ESM instrumentation is unavailable (${error.message}); CommonJS modules are still instrumented.`);
    return void 0;
  }
}
var GLOBAL_TRIGGERS = { undici: "fetch" };
var EXTRA_MODULE_TRIGGERS = { undici: ["undici"], express: ["finalhandler"] };
function installGlobalTrigger(name, entry, s) {
  const holder8 = globalThis;
  const original2 = Object.getOwnPropertyDescriptor(holder8, name);
  if (original2 === void 0 || !("value" in original2) || original2.configurable !== true) return false;
  const restore = () => {
    Object.defineProperty(holder8, name, original2);
  };
  Object.defineProperty(holder8, name, {
    configurable: true,
    enumerable: original2.enumerable ?? false,
    get() {
      restore();
      if (state4 === s) activateEntry(s, entry, name);
      return original2.value;
    },
    set(value) {
      restore();
      holder8[name] = value;
    }
  });
  s.restoreGlobals.push(() => {
    const current = Object.getOwnPropertyDescriptor(holder8, name);
    if (current !== void 0 && "get" in current) restore();
  });
  return true;
}
function startLazyInstrumentations(entries, factory, options3) {
  stopLazyInstrumentations();
  const s = { pending: /* @__PURE__ */ new Map(), active: [], factory, restoreRequire: void 0, esmHook: void 0, restoreGlobals: [] };
  state4 = s;
  for (const entry of entries) {
    const triggers = [...entry.modules, ...EXTRA_MODULE_TRIGGERS[entry.name] ?? []];
    const global = GLOBAL_TRIGGERS[entry.name];
    const lazyGlobal = global !== void 0 && installGlobalTrigger(global, entry, s);
    if (!lazyGlobal && entry.modules.length === 0) {
      addActive(s, factory(entry));
      continue;
    }
    for (const name of triggers) {
      const list = s.pending.get(name);
      if (list === void 0) s.pending.set(name, [entry]);
      else list.push(entry);
    }
  }
  if (s.pending.size > 0) {
    s.restoreRequire = installRequireHook();
    if (options3.esm) s.esmHook = installEsmHook();
  }
  return s.active;
}
function stopLazyInstrumentations() {
  const s = state4;
  if (s === void 0) return;
  state4 = void 0;
  s.restoreRequire?.();
  s.esmHook?.unhook();
  for (const restore of s.restoreGlobals) restore();
  for (const instrumentation of s.active) {
    try {
      instrumentation.disable();
    } catch {
    }
  }
}
function pendingInstrumentationModules() {
  return state4 === void 0 ? [] : [...state4.pending.keys()];
}

// src/instrumentations/select.ts
init_esm_shims();
import { createRequire as createRequire5 } from "module";

// src/instrumentations/instrumentation-api.ts
init_esm_shims();
import { createRequire as createRequire4 } from "module";
function instrumentationApi() {
  if (false) return null;
  return createRequire4(__filename)("@opentelemetry/instrumentation");
}
function bundledHttpInstrumentation() {
  if (false) return null;
  return void 0;
}

// src/instrumentations/select.ts
var OFF_BY_DEFAULT = /* @__PURE__ */ new Set(["fs", "host-metrics", "runtime-node", "aws-lambda", "net", "dns", "router"]);
function shortName(name) {
  return name.trim().replace(/^@opentelemetry\/instrumentation-/, "");
}
function selectInstrumentations(enabled2, disabled, source) {
  const known2 = new Set(INSTRUMENTATION_CATALOG.map((e) => e.name));
  const check = (list, variable) => {
    if (list === void 0) return void 0;
    const names = /* @__PURE__ */ new Set();
    for (const raw2 of list) {
      const name = shortName(raw2);
      if (known2.has(name)) names.add(name);
      else warnOnce(`instr:unknown:${variable}:${name}`, `${variable} names unknown instrumentation ${JSON.stringify(raw2)}; it is ignored.`);
    }
    return names;
  };
  const on = check(enabled2, source.enabled);
  const off = check(disabled, source.disabled) ?? /* @__PURE__ */ new Set();
  const inLambda = process.env["AWS_LAMBDA_FUNCTION_NAME"] !== void 0;
  return INSTRUMENTATION_CATALOG.filter((entry) => {
    if (off.has(entry.name)) return false;
    if (on !== void 0) return on.has(entry.name);
    if (entry.name === "aws-lambda") return inLambda;
    return !OFF_BY_DEFAULT.has(entry.name);
  });
}
var fromCatalog;
function catalogRequire() {
  if (fromCatalog === void 0) {
    const local = createRequire5(__filename);
    fromCatalog = createRequire5(local.resolve("@opentelemetry/auto-instrumentations-node"));
  }
  return fromCatalog;
}
function createInstrumentation(entry, config) {
  try {
    const exported = (entry.name === "http" ? bundledHttpInstrumentation() : void 0) ?? catalogRequire()(entry.pkg);
    const Klass = exported[entry.className];
    if (typeof Klass !== "function") throw new Error(`${entry.pkg} has no export ${entry.className}`);
    return new Klass(config);
  } catch (error) {
    warnOnce(`instr:load:${entry.name}`, `instrumentation ${entry.name} could not be loaded (${error.message}); ${entry.modules.join(", ") || "its target"} runs uninstrumented.`);
    return void 0;
  }
}

// src/instrumentations/logs/index.ts
init_esm_shims();
var NAMES = /* @__PURE__ */ new Set(["pino", "winston", "bunyan"]);
function isLogInstrumentation(name) {
  return NAMES.has(name);
}
function isEsm(moduleExports) {
  return moduleExports[Symbol.toStringTag] === "Module";
}
function patchPino(moduleExports) {
  const original2 = isEsm(moduleExports) ? moduleExports["default"] : moduleExports;
  if (typeof original2 !== "function" || typeof original2.symbols !== "object") return moduleExports;
  const patched = Object.assign(function otelkitPino(...args) {
    const logger = original2.apply(this, args);
    try {
      correlatePinoLogger(logger, original2);
    } catch (error) {
      warnOnce("logs:pino", `pino logger left uncorrelated (${error.message})`);
    }
    return logger;
  }, original2);
  if (typeof patched["pino"] === "function") patched["pino"] = patched;
  if (typeof patched["default"] === "function") patched["default"] = patched;
  if (isEsm(moduleExports)) {
    if (moduleExports["pino"] !== void 0) moduleExports["pino"] = patched;
    moduleExports["default"] = patched;
    return moduleExports;
  }
  return patched;
}
function prototypeOf(moduleExports, key) {
  const root = isEsm(moduleExports) ? moduleExports["default"] : moduleExports;
  const klass = key === void 0 ? root : root?.[key];
  const proto = klass?.prototype;
  return typeof proto === "object" && proto !== null ? proto : void 0;
}
var TARGETS = {
  pino: { versions: [">=8 <11"], method: void 0, classKey: void 0 },
  winston: { versions: [">=3 <4"], method: "write", classKey: "Logger" },
  bunyan: { versions: [">=1.8 <3"], method: "_emit", classKey: void 0 }
};
var WRAPPERS = { write: wrapWinstonWrite, _emit: wrapBunyanEmit };
function createLogInstrumentation(name, config = {}) {
  const target = TARGETS[name];
  if (target === void 0) return void 0;
  try {
    const api6 = instrumentationApi();
    class OtelkitLogInstrumentation extends api6.InstrumentationBase {
      constructor() {
        super(`@otelkit/logs/${name}`, OTELKIT_VERSION, config);
      }
      init() {
        const method = target.method;
        const patch = (moduleExports) => {
          if (method === void 0) return patchPino(moduleExports);
          const proto = prototypeOf(moduleExports, target.classKey);
          if (proto === void 0 || typeof proto[method] !== "function") {
            warnOnce(`logs:${name}:shape`, `${name} has an unexpected shape; its log lines are not correlated.`);
            return moduleExports;
          }
          if (!api6.isWrapped(proto[method])) this._wrap(proto, method, WRAPPERS[method]);
          return moduleExports;
        };
        const unpatch = (moduleExports) => {
          if (method === void 0) return;
          const proto = prototypeOf(moduleExports, target.classKey);
          if (proto !== void 0 && api6.isWrapped(proto[method])) this._unwrap(proto, method);
        };
        return [new api6.InstrumentationNodeModuleDefinition(name, [...target.versions], patch, unpatch)];
      }
    }
    return new OtelkitLogInstrumentation();
  } catch (error) {
    warnOnce(`instr:load:${name}`, `instrumentation ${name} could not be loaded (${error.message}); ${name} runs uncorrelated.`);
    return void 0;
  }
}

// src/instrumentations/express.ts
init_esm_shims();
var kMount = /* @__PURE__ */ Symbol("otelkit.express.mount");
var kWrapped = /* @__PURE__ */ Symbol("otelkit.express.wrapped");
function pathText(path) {
  if (typeof path === "string") return path;
  if (path instanceof RegExp) return path.toString();
  if (Array.isArray(path)) {
    const parts = path.map(pathText);
    return parts.every((p) => p !== void 0) ? parts.join(",") : void 0;
  }
  return void 0;
}
function join(prefix, path) {
  if (prefix === void 0 || prefix === "") return path;
  if (path === "/" || path === "/*" || path === "") return prefix;
  return prefix.endsWith("/") && path.startsWith("/") ? prefix + path.slice(1) : prefix + path;
}
function expressRoute(request) {
  const route = request.route;
  if (typeof route !== "object" || route === null) return void 0;
  const path = pathText(route.path);
  if (path === void 0) return void 0;
  return join(request[kMount], path);
}
function mountPath(args) {
  let first = args[0];
  while (Array.isArray(first) && first.length > 0) first = first[0];
  if (typeof first === "function") return void 0;
  const text2 = pathText(args[0]);
  return text2 === "/" || text2 === "" ? void 0 : text2;
}
function markMounted(layer, template) {
  const handle = layer.handle;
  if (typeof handle !== "function" || handle.length > 3 || layer[kWrapped] === true) return;
  layer[kWrapped] = true;
  layer.handle = function otelkitMounted(req, res, next) {
    const outer = req[kMount];
    req[kMount] = join(outer, template);
    return handle.call(this, req, res, (err) => {
      req[kMount] = outer;
      return next(err);
    });
  };
}
function wrapUse(original2) {
  return function otelkitUse(...args) {
    const before = Array.isArray(this?.stack) ? this.stack.length : -1;
    const result = original2.apply(this, args);
    try {
      const template = mountPath(args);
      if (template !== void 0 && before >= 0 && Array.isArray(this.stack)) {
        for (const layer of this.stack.slice(before)) markMounted(layer, template);
      }
    } catch (error) {
      warnOnce("express:mount", `an Express mount path is not traced (${error.message}); routes under it lack the mount template.`);
    }
    return result;
  };
}
function routerProto(moduleExports) {
  const root = moduleExports[Symbol.toStringTag] === "Module" ? moduleExports["default"] : moduleExports;
  const Router = root?.["Router"];
  if (typeof Router !== "function") return void 0;
  const proto = Router.prototype;
  if (typeof proto?.["use"] === "function") return proto;
  if (typeof Router["use"] === "function") return Router;
  return void 0;
}
function createExpressInstrumentation(config = {}) {
  try {
    const api6 = instrumentationApi();
    class OtelkitExpressInstrumentation extends api6.InstrumentationBase {
      constructor() {
        super("@otelkit/node/express", OTELKIT_VERSION, config);
      }
      init() {
        const patch = (moduleExports) => {
          const proto = routerProto(moduleExports);
          if (proto === void 0) {
            warnOnce("express:shape", "express has an unexpected shape; routes of mounted routers lack their mount template.");
          } else if (!api6.isWrapped(proto["use"])) {
            this._wrap(proto, "use", wrapUse);
          }
          return moduleExports;
        };
        const unpatch = (moduleExports) => {
          const proto = routerProto(moduleExports);
          if (proto !== void 0 && api6.isWrapped(proto["use"])) this._unwrap(proto, "use");
        };
        return [new api6.InstrumentationNodeModuleDefinition("express", [">=4 <6"], patch, unpatch)];
      }
    }
    return new OtelkitExpressInstrumentation();
  } catch (error) {
    warnOnce("instr:load:express", `instrumentation express could not be loaded (${error.message}); Express routes are not named.`);
    return void 0;
  }
}

// src/instrumentations/pg-pool-tracker.ts
init_esm_shims();

// src/wiring/pg-pool-metrics.ts
init_esm_shims();
var PG_INSTRUMENTATION_SCOPE = "@opentelemetry/instrumentation-pg";
var CONNECTION_COUNT = "db.client.connection.count";
var PENDING_REQUESTS = "db.client.connection.pending_requests";
var STATE = "db.client.connection.state";
var POOL_NAME = "db.client.connection.pool.name";
var seen = /* @__PURE__ */ new WeakSet();
var pools = [];
function trackPool(pool2) {
  if (typeof pool2 !== "object" || pool2 === null || seen.has(pool2)) return;
  seen.add(pool2);
  pools.push(new WeakRef(pool2));
}
function poolName(pool2) {
  const o = pool2.options;
  const part = (value, unknown) => value ? String(value) : unknown;
  return `${part(o?.host, "unknown_host")}:${part(o?.port, "unknown_port")}/${part(o?.database, "unknown_database")}`.trim();
}
function count(value) {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}
function readPools() {
  const byName2 = /* @__PURE__ */ new Map();
  const live = [];
  for (const ref of pools) {
    const pool2 = ref.deref();
    if (pool2 === void 0) continue;
    let total;
    let idle;
    let pending;
    let name;
    try {
      total = count(pool2.totalCount);
      idle = Math.min(count(pool2.idleCount), total);
      pending = count(pool2.waitingCount);
      if (pool2.ended === true && total === 0 && pending === 0) continue;
      name = poolName(pool2);
    } catch (error) {
      warnOnce("pg-pool-metrics:read", `a pg pool could not be read for db.client.connection.count (${error?.message ?? String(error)}); it is left out.`);
      continue;
    }
    live.push(ref);
    const figures = byName2.get(name);
    if (figures === void 0) byName2.set(name, { used: total - idle, idle, pending });
    else {
      figures.used += total - idle;
      figures.idle += idle;
      figures.pending += pending;
    }
  }
  pools = live;
  return byName2;
}
var INERT = { add: () => void 0 };
function pgPoolMetricsMeter(meter) {
  const wrapped = Object.create(meter);
  let registered = false;
  let connections;
  let pending;
  const register2 = () => {
    if (registered || connections === void 0 || pending === void 0) return;
    registered = true;
    const countObs = connections;
    const pendingObs = pending;
    meter.addBatchObservableCallback((result) => {
      for (const [name, figures] of readPools()) {
        const used = { [STATE]: "used", [POOL_NAME]: name };
        const idle = { [STATE]: "idle", [POOL_NAME]: name };
        result.observe(countObs, figures.used, used);
        result.observe(countObs, figures.idle, idle);
        result.observe(pendingObs, figures.pending, { [POOL_NAME]: name });
      }
    }, [countObs, pendingObs]);
  };
  wrapped.createUpDownCounter = (name, options3) => {
    if (name === CONNECTION_COUNT) {
      connections ??= meter.createObservableUpDownCounter(name, options3);
      register2();
      return INERT;
    }
    if (name === PENDING_REQUESTS) {
      pending ??= meter.createObservableUpDownCounter(name, options3);
      register2();
      return INERT;
    }
    return meter.createUpDownCounter(name, options3);
  };
  return wrapped;
}

// src/instrumentations/module-exports.ts
init_esm_shims();
function exportedPrototype(moduleExports) {
  const klass = moduleExports[Symbol.toStringTag] === "Module" ? moduleExports["default"] : moduleExports;
  const proto = typeof klass === "function" ? klass.prototype : void 0;
  return typeof proto === "object" && proto !== null ? proto : void 0;
}

// src/instrumentations/pg-pool-tracker.ts
var TRACKER = /* @__PURE__ */ Symbol("otelkit.pg-pool-tracker");
var tracking = false;
function hasTracker(fn) {
  let f = fn;
  for (let depth = 0; typeof f === "function" && depth < 16; depth++, f = f.__original) {
    if (f[TRACKER] === true) return true;
  }
  return false;
}
function define(target, name, value) {
  Object.defineProperty(target, name, { configurable: true, enumerable: false, writable: true, value });
}
function wrapConnect(proto) {
  const original2 = proto["connect"];
  if (typeof original2 !== "function" || hasTracker(original2)) return;
  const wrapper2 = function otelkitPoolConnect() {
    if (tracking) trackPool(this);
    return original2.apply(this, arguments);
  };
  define(wrapper2, TRACKER, true);
  define(wrapper2, "__original", original2);
  define(wrapper2, "__unwrap", () => {
    if (proto["connect"] === wrapper2) define(proto, "connect", original2);
  });
  define(wrapper2, "__wrapped", true);
  define(proto, "connect", wrapper2);
}
function unwrapConnect(proto) {
  const current = proto["connect"];
  if (typeof current === "function" && current[TRACKER] === true) current.__unwrap?.();
}
function createPgPoolTracker() {
  try {
    const api6 = instrumentationApi();
    class OtelkitPgPoolTracker extends api6.InstrumentationBase {
      constructor() {
        super("@otelkit/node/pg-pool-metrics", OTELKIT_VERSION, {});
      }
      enable() {
        tracking = true;
        super.enable();
      }
      disable() {
        tracking = false;
        super.disable();
      }
      init() {
        const patch = (moduleExports) => {
          const proto = exportedPrototype(moduleExports);
          if (proto === void 0 || typeof proto["connect"] !== "function") {
            warnOnce("pg-pool-metrics:shape", "pg-pool has an unexpected shape; db.client.connection.count is not reported.");
            return moduleExports;
          }
          wrapConnect(proto);
          queueMicrotask(() => {
            if (tracking) wrapConnect(proto);
          });
          return moduleExports;
        };
        const unpatch = (moduleExports) => {
          const proto = exportedPrototype(moduleExports);
          if (proto !== void 0) unwrapConnect(proto);
        };
        return [new api6.InstrumentationNodeModuleDefinition("pg-pool", [">=2 <4"], patch, unpatch)];
      }
    }
    return new OtelkitPgPoolTracker();
  } catch (error) {
    warnOnce("instr:load:pg-pool-metrics", `db.client.connection.count is not reported (${error.message}).`);
    return void 0;
  }
}

// src/instrumentations/framework-exceptions.ts
init_esm_shims();
var FRAMEWORKS = /* @__PURE__ */ new Set(["express", "koa"]);
function isExpressError(error) {
  return Boolean(error) && error !== "route" && error !== "router";
}
function wrapHandleError(original2) {
  return function otelkitHandleError(error, req) {
    if (isExpressError(error)) noteServerException(req, error);
    return original2.apply(this, arguments);
  };
}
var finalhandlerEnabled = false;
function wrapFinalhandler(original2) {
  return function otelkitFinalhandler(req, res, options3) {
    const done = original2.call(this, req, res, options3);
    if (!finalhandlerEnabled || typeof done !== "function") return done;
    return function otelkitFinalDone(error) {
      if (isExpressError(error)) noteServerException(req, error);
      return done.apply(this, arguments);
    };
  };
}
function keepOwnHeaders(error, ctx) {
  const res = ctx?.res;
  if (res === void 0 || res.headersSent || error === null || typeof error !== "object") return;
  const own = ownResponseHeaders(res);
  if (own === void 0) return;
  try {
    const target = error;
    const existing = target.headers !== null && typeof target.headers === "object" ? target.headers : {};
    target.headers = { ...own, ...existing };
  } catch {
  }
}
function wrapKoaEmit(original2) {
  return function otelkitKoaEmit(event2, error, ctx) {
    if (event2 === "error") {
      noteServerException(ctx?.req, error);
      keepOwnHeaders(error, ctx);
    }
    return original2.apply(this, arguments);
  };
}
function createFrameworkExceptionInstrumentation(framework) {
  if (!FRAMEWORKS.has(framework)) return void 0;
  try {
    const api6 = instrumentationApi();
    class OtelkitFrameworkExceptions extends api6.InstrumentationBase {
      constructor() {
        super(`@otelkit/node/${framework}-exceptions`, OTELKIT_VERSION, {});
      }
      enable() {
        if (framework === "express") finalhandlerEnabled = true;
        super.enable();
      }
      disable() {
        if (framework === "express") finalhandlerEnabled = false;
        super.disable();
      }
      init() {
        const { InstrumentationNodeModuleDefinition: Definition, InstrumentationNodeModuleFile: File } = api6;
        const method = (name, wrapper2) => ({
          patch: (moduleExports) => {
            const proto = exportedPrototype(moduleExports);
            if (proto === void 0 || typeof proto[name] !== "function") {
              warnOnce(`exceptions:${framework}:${name}`, `${framework} has an unexpected shape; its handler exceptions are not recorded on server spans.`);
            } else if (!api6.isWrapped(proto[name])) {
              this._wrap(proto, name, wrapper2);
            }
            return moduleExports;
          },
          unpatch: (moduleExports) => {
            const proto = exportedPrototype(moduleExports);
            if (proto !== void 0 && api6.isWrapped(proto[name])) this._unwrap(proto, name);
          }
        });
        if (framework === "koa") {
          const emit = method("emit", wrapKoaEmit);
          return [new Definition("koa", [">=2 <4"], emit.patch, emit.unpatch)];
        }
        const express4 = method("handle_error", wrapHandleError);
        const router2 = method("handleError", wrapHandleError);
        return [
          new Definition("express", [">=4 <5"], void 0, void 0, [new File("express/lib/router/layer.js", [">=4 <5"], express4.patch, express4.unpatch)]),
          new Definition("router", [">=2 <3"], void 0, void 0, [new File("router/lib/layer.js", [">=2 <3"], router2.patch, router2.unpatch)]),
          new Definition("finalhandler", [">=1 <3"], (moduleExports) => typeof moduleExports === "function" ? wrapFinalhandler(moduleExports) : moduleExports)
        ];
      }
    }
    return new OtelkitFrameworkExceptions();
  } catch (error) {
    warnOnce(`instr:load:${framework}-exceptions`, `${framework} handler exceptions are not recorded on server spans (${error.message}).`);
    return void 0;
  }
}

// src/sdk/ids.ts
init_esm_shims();
var INVALID_TRACE_ID = "0".repeat(32);
var INVALID_SPAN_ID = "0".repeat(16);
var PooledIdGenerator = class {
  pool = new RandomBytePool();
  primed;
  /** The last trace id drawn from the pool (not a primed one), and {@link lastTraceIdWords} of it. */
  lastTraceId;
  /**
   * XOR of the four big-endian 32-bit words of {@link lastTraceId}: the figure the trace id ratio
   * sampler computes from the 32 hex characters, taken here from the bytes (see RatioSampler).
   */
  lastTraceIdWords = 0;
  /**
   * The next generateTraceId() returns this id. The server instrumentation draws a root span's trace
   * id itself to take the sampling decision without the SDK; when it samples, the SDK must start the
   * span on that same id, or a ratio sampler would decide twice on two ids (sampling ratio²).
   * Why: docs/performance.md, "Sampling decision before the span start".
   */
  prime(traceId) {
    this.primed = traceId;
  }
  generateTraceId() {
    const primed = this.primed;
    if (primed !== void 0) {
      this.primed = void 0;
      return primed;
    }
    const pool2 = this.pool;
    for (; ; ) {
      const at = pool2.take(16);
      const bytes = pool2.bytes;
      const id = bytes.toString("hex", at, at + 16);
      if (id === INVALID_TRACE_ID) continue;
      this.lastTraceId = id;
      this.lastTraceIdWords = (bytes.readUInt32BE(at) ^ bytes.readUInt32BE(at + 4) ^ bytes.readUInt32BE(at + 8) ^ bytes.readUInt32BE(at + 12)) >>> 0;
      return id;
    }
  }
  generateSpanId() {
    const pool2 = this.pool;
    for (; ; ) {
      const at = pool2.take(8);
      const id = pool2.bytes.toString("hex", at, at + 8);
      if (id !== INVALID_SPAN_ID) return id;
    }
  }
};

// src/lifecycle/esm-loader.ts
init_esm_shims();
import { createRequire as createRequire6, register } from "module";
import { pathToFileURL } from "url";
var REGISTERED = /* @__PURE__ */ Symbol.for("otelkit.esm-loader.v1");
var holder4 = globalThis;
function registerEsmLoader(include) {
  if (holder4[REGISTERED] === true) return true;
  const req = createRequire6(__filename);
  try {
    const { supportsSyncHooks } = req("import-in-the-middle/supports-sync-hooks.mjs");
    if (supportsSyncHooks()) {
      const hooks = req("import-in-the-middle/register-hooks.mjs");
      hooks.register({ include: [...include] });
      diagLog("debug", "ESM instrumentation: synchronous loader hooks registered");
    } else {
      const hookUrl = pathToFileURL(req.resolve("import-in-the-middle/hook.mjs"));
      register(hookUrl, pathToFileURL(__filename), { data: { include: [...include] } });
      diagLog("debug", "ESM instrumentation: loader thread registered");
    }
    holder4[REGISTERED] = true;
    return true;
  } catch (error) {
    warnOnce("esm-loader", `ESM modules will not be instrumented: the loader hook could not be registered (${error.message}).`);
    return false;
  }
}

// src/lifecycle/signals.ts
init_esm_shims();
var SIGNALS2 = ["SIGTERM", "SIGINT"];
function bounded(work, ms) {
  return new Promise((resolve2) => {
    const timer = setTimeout(() => resolve2("timeout"), ms);
    timer.unref();
    work.then(
      (outcome) => {
        clearTimeout(timer);
        resolve2(outcome === "timeout" ? "timeout" : "done");
      },
      () => {
        clearTimeout(timer);
        resolve2("done");
      }
    );
  });
}
async function flushUntilQuiet(target) {
  for (let round2 = 0; round2 < 20; round2++) {
    const before = target.endedSpans();
    await target.forceFlush();
    if (target.endedSpans() === before) return;
  }
}
function installLifecycle(target, timeoutMs) {
  const handlers = /* @__PURE__ */ new Map();
  let exiting = false;
  for (const signal of SIGNALS2) {
    const handler = () => {
      target.beginShutdown?.();
      const appHandlers = process.listenerCount(signal) - 1;
      if (appHandlers > 0) {
        runDetached(target.forceFlush(), "lifecycle:flush", `${signal}: flush failed`);
        return;
      }
      if (exiting) {
        remove();
        process.kill(process.pid, signal);
        return;
      }
      exiting = true;
      diagLog("debug", `${signal} received: flushing telemetry (at most ${timeoutMs} ms) before exiting`);
      const keepAlive = setInterval(() => void 0, 1e3);
      const flushed = bounded(flushUntilQuiet(target), timeoutMs).then((outcome) => {
        clearInterval(keepAlive);
        if (outcome === "timeout") warnOnce("lifecycle:timeout", `${signal}: the flush did not finish within OTELKIT_SHUTDOWN_TIMEOUT (${timeoutMs} ms); telemetry not yet exported is abandoned.`);
        remove();
        process.kill(process.pid, signal);
      });
      runDetached(flushed, "lifecycle:signal", `${signal}: exit after the flush failed`);
    };
    handlers.set(signal, handler);
    process.prependListener(signal, handler);
  }
  const onBeforeExit = () => {
    if (exiting) return;
    exiting = true;
    target.beginExit?.();
    const keepAlive = setTimeout(() => void 0, timeoutMs);
    const shutDown = bounded(target.shutdown(), timeoutMs).then((outcome) => {
      clearTimeout(keepAlive);
      if (outcome !== "timeout") return;
      target.abandon?.();
      setTimeout(() => process.exit(), timeoutMs).unref();
    });
    runDetached(shutDown, "lifecycle:exit", "shutdown at exit failed");
  };
  process.once("beforeExit", onBeforeExit);
  function remove() {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
    handlers.clear();
    process.removeListener("beforeExit", onBeforeExit);
  }
  return remove;
}

// src/lifecycle/node-version.ts
init_esm_shims();
var MIN_NODE = [22, 15];
function isSupportedNode(version) {
  const [major = 0, minor = 0] = version.split(".").map((part) => Number.parseInt(part, 10));
  return major > MIN_NODE[0] || major === MIN_NODE[0] && minor >= MIN_NODE[1];
}

// src/lifecycle/settle.ts
init_esm_shims();
function settleWithin(what, parts, ms, failed) {
  const pending = /* @__PURE__ */ new Set();
  let firstError;
  let failedAny = false;
  const works = [];
  for (const [name, work] of parts) {
    if (work === void 0) continue;
    pending.add(name);
    works.push(
      work.then(
        () => void pending.delete(name),
        (error) => {
          pending.delete(name);
          if (!failedAny) firstError = error;
          failedAny = true;
        }
      )
    );
  }
  let timedOut = false;
  return new Promise((resolve2) => {
    const timer = setTimeout(() => {
      timedOut = true;
      warnOnce(`${what}:timeout`, `${what} did not finish within OTELKIT_SHUTDOWN_TIMEOUT (${ms} ms); stopped waiting for ${[...pending].join(", ")}, whose unexported telemetry is abandoned.`);
      resolve2("timeout");
    }, ms);
    void Promise.all(works).then(() => {
      clearTimeout(timer);
      if (failedAny && !timedOut) warnOnce(what, `${failed}: ${firstError?.message ?? String(firstError)}`);
      resolve2("done");
    });
  });
}

// src/sdk/guarded-processor.ts
init_esm_shims();
function report(index, method, error) {
  warnOnce(`span-processor:${index}:${method}`, `spanProcessors[${index}].${method}() threw (${error?.message ?? String(error)}); the app goes on.`);
}
function guardSpanProcessor(processor, index) {
  return {
    onStart(span2, parentContext) {
      try {
        processor.onStart(span2, parentContext);
      } catch (error) {
        report(index, "onStart", error);
      }
    },
    onEnd(span2) {
      try {
        processor.onEnd(span2);
      } catch (error) {
        report(index, "onEnd", error);
      }
    },
    async forceFlush() {
      try {
        await processor.forceFlush();
      } catch (error) {
        report(index, "forceFlush", error);
      }
    },
    async shutdown() {
      try {
        await processor.shutdown();
      } catch (error) {
        report(index, "shutdown", error);
      }
    }
  };
}

// src/wiring/metrics.ts
init_esm_shims();
import { createRequire as createRequire7 } from "module";
import { context as context10, metrics as metrics2 } from "@opentelemetry/api";

// node_modules/@opentelemetry/sdk-metrics/dist/index.mjs
init_esm_shims();

// node_modules/@opentelemetry/sdk-metrics/dist/export/AggregationTemporality.mjs
init_esm_shims();
var AggregationTemporality2 = /* @__PURE__ */ (function(AggregationTemporality3) {
  AggregationTemporality3[AggregationTemporality3["DELTA"] = 0] = "DELTA";
  AggregationTemporality3[AggregationTemporality3["CUMULATIVE"] = 1] = "CUMULATIVE";
  return AggregationTemporality3;
})({});

// node_modules/@opentelemetry/sdk-metrics/dist/export/MetricData.mjs
init_esm_shims();
var InstrumentType2 = /* @__PURE__ */ (function(InstrumentType3) {
  InstrumentType3["COUNTER"] = "COUNTER";
  InstrumentType3["GAUGE"] = "GAUGE";
  InstrumentType3["HISTOGRAM"] = "HISTOGRAM";
  InstrumentType3["UP_DOWN_COUNTER"] = "UP_DOWN_COUNTER";
  InstrumentType3["OBSERVABLE_COUNTER"] = "OBSERVABLE_COUNTER";
  InstrumentType3["OBSERVABLE_GAUGE"] = "OBSERVABLE_GAUGE";
  InstrumentType3["OBSERVABLE_UP_DOWN_COUNTER"] = "OBSERVABLE_UP_DOWN_COUNTER";
  return InstrumentType3;
})({});

// node_modules/@opentelemetry/sdk-metrics/dist/utils.mjs
init_esm_shims();
function hashAttributes(attributes2) {
  let keys = Object.keys(attributes2);
  if (keys.length === 0) return "";
  keys = keys.sort();
  return JSON.stringify(keys.map((key) => [key, attributes2[key]]));
}
function instrumentationScopeId(instrumentationScope) {
  return `${instrumentationScope.name}:${instrumentationScope.version ?? ""}:${instrumentationScope.schemaUrl ?? ""}`;
}
var TimeoutError = class TimeoutError2 extends Error {
  constructor(message) {
    super(message);
    Object.setPrototypeOf(this, TimeoutError2.prototype);
  }
};
function callWithTimeout(promise, timeout) {
  let timeoutHandle;
  const timeoutPromise = new Promise(function timeoutFunction(_resolve, reject) {
    timeoutHandle = setTimeout(function timeoutHandler() {
      reject(new TimeoutError("Operation timed out."));
    }, timeout);
  });
  return Promise.race([promise, timeoutPromise]).then((result) => {
    clearTimeout(timeoutHandle);
    return result;
  }, (reason) => {
    clearTimeout(timeoutHandle);
    throw reason;
  });
}
function setEquals(lhs, rhs) {
  if (lhs.size !== rhs.size) return false;
  for (const item of lhs) if (!rhs.has(item)) return false;
  return true;
}
function binarySearchUB(arr, value) {
  let lo = 0;
  let hi = arr.length - 1;
  let ret = arr.length;
  while (hi >= lo) {
    const mid = lo + Math.trunc((hi - lo) / 2);
    if (arr[mid] < value) lo = mid + 1;
    else {
      ret = mid;
      hi = mid - 1;
    }
  }
  return ret;
}
function equalsCaseInsensitive(lhs, rhs) {
  return lhs.toLowerCase() === rhs.toLowerCase();
}

// node_modules/@opentelemetry/sdk-metrics/dist/view/AggregationOption.mjs
init_esm_shims();

// node_modules/@opentelemetry/sdk-metrics/dist/view/Aggregation.mjs
init_esm_shims();

// node_modules/@opentelemetry/sdk-metrics/dist/aggregator/Drop.mjs
init_esm_shims();
var DropAggregator = class {
  kind = 0;
  createAccumulation() {
  }
  merge(_previous, _delta) {
  }
  diff(_previous, _current) {
  }
  toMetricData(_descriptor, _aggregationTemporality, _accumulationByAttributes, _endTime) {
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/aggregator/Histogram.mjs
init_esm_shims();
function createNewEmptyCheckpoint(boundaries) {
  const counts = boundaries.map(() => 0);
  counts.push(0);
  return {
    buckets: {
      boundaries,
      counts
    },
    sum: 0,
    count: 0,
    hasMinMax: false,
    min: Infinity,
    max: -Infinity
  };
}
var HistogramAccumulation = class {
  startTime;
  _boundaries;
  _recordMinMax;
  _current;
  constructor(startTime, boundaries, recordMinMax = true, current = createNewEmptyCheckpoint(boundaries)) {
    this.startTime = startTime;
    this._boundaries = boundaries;
    this._recordMinMax = recordMinMax;
    this._current = current;
  }
  record(value) {
    if (Number.isNaN(value)) return;
    this._current.count += 1;
    this._current.sum += value;
    if (this._recordMinMax) {
      this._current.min = Math.min(value, this._current.min);
      this._current.max = Math.max(value, this._current.max);
      this._current.hasMinMax = true;
    }
    const idx = binarySearchUB(this._boundaries, value);
    this._current.buckets.counts[idx] += 1;
  }
  setStartTime(startTime) {
    this.startTime = startTime;
  }
  toPointValue() {
    return this._current;
  }
};
var HistogramAggregator = class {
  kind = 3;
  _boundaries;
  _recordMinMax;
  /**
  * @param _boundaries sorted upper bounds of recorded values.
  * @param _recordMinMax If set to true, min and max will be recorded. Otherwise, min and max will not be recorded.
  */
  constructor(boundaries, recordMinMax) {
    this._boundaries = boundaries;
    this._recordMinMax = recordMinMax;
  }
  createAccumulation(startTime) {
    return new HistogramAccumulation(startTime, this._boundaries, this._recordMinMax);
  }
  /**
  * Return the result of the merge of two histogram accumulations. As long as one Aggregator
  * instance produces all Accumulations with constant boundaries we don't need to worry about
  * merging accumulations with different boundaries.
  */
  merge(previous, delta) {
    const previousValue = previous.toPointValue();
    const deltaValue = delta.toPointValue();
    const previousCounts = previousValue.buckets.counts;
    const deltaCounts = deltaValue.buckets.counts;
    const mergedCounts = new Array(previousCounts.length);
    for (let idx = 0; idx < previousCounts.length; idx++) mergedCounts[idx] = previousCounts[idx] + deltaCounts[idx];
    let min = Infinity;
    let max = -Infinity;
    if (this._recordMinMax) {
      if (previousValue.hasMinMax && deltaValue.hasMinMax) {
        min = Math.min(previousValue.min, deltaValue.min);
        max = Math.max(previousValue.max, deltaValue.max);
      } else if (previousValue.hasMinMax) {
        min = previousValue.min;
        max = previousValue.max;
      } else if (deltaValue.hasMinMax) {
        min = deltaValue.min;
        max = deltaValue.max;
      }
    }
    return new HistogramAccumulation(previous.startTime, previousValue.buckets.boundaries, this._recordMinMax, {
      buckets: {
        boundaries: previousValue.buckets.boundaries,
        counts: mergedCounts
      },
      count: previousValue.count + deltaValue.count,
      sum: previousValue.sum + deltaValue.sum,
      hasMinMax: this._recordMinMax && (previousValue.hasMinMax || deltaValue.hasMinMax),
      min,
      max
    });
  }
  /**
  * Returns a new DELTA aggregation by comparing two cumulative measurements.
  */
  diff(previous, current) {
    const previousValue = previous.toPointValue();
    const currentValue = current.toPointValue();
    const previousCounts = previousValue.buckets.counts;
    const currentCounts = currentValue.buckets.counts;
    const diffedCounts = new Array(previousCounts.length);
    for (let idx = 0; idx < previousCounts.length; idx++) diffedCounts[idx] = currentCounts[idx] - previousCounts[idx];
    return new HistogramAccumulation(current.startTime, previousValue.buckets.boundaries, this._recordMinMax, {
      buckets: {
        boundaries: previousValue.buckets.boundaries,
        counts: diffedCounts
      },
      count: currentValue.count - previousValue.count,
      sum: currentValue.sum - previousValue.sum,
      hasMinMax: false,
      min: Infinity,
      max: -Infinity
    });
  }
  toMetricData(descriptor2, aggregationTemporality, accumulationByAttributes, endTime) {
    return {
      descriptor: descriptor2,
      aggregationTemporality,
      dataPointType: 0,
      dataPoints: accumulationByAttributes.map(([attributes2, accumulation]) => {
        const pointValue = accumulation.toPointValue();
        const allowsNegativeValues = descriptor2.type === "GAUGE" || descriptor2.type === "UP_DOWN_COUNTER" || descriptor2.type === "OBSERVABLE_GAUGE" || descriptor2.type === "OBSERVABLE_UP_DOWN_COUNTER";
        return {
          attributes: attributes2,
          startTime: accumulation.startTime,
          endTime,
          value: {
            min: pointValue.hasMinMax ? pointValue.min : void 0,
            max: pointValue.hasMinMax ? pointValue.max : void 0,
            sum: !allowsNegativeValues ? pointValue.sum : void 0,
            buckets: pointValue.buckets,
            count: pointValue.count
          }
        };
      })
    };
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/aggregator/ExponentialHistogram.mjs
init_esm_shims();

// node_modules/@opentelemetry/sdk-metrics/dist/aggregator/exponential-histogram/Buckets.mjs
init_esm_shims();
var Buckets = class Buckets2 {
  backing;
  indexBase;
  indexStart;
  indexEnd;
  /**
  * The term index refers to the number of the exponential histogram bucket
  * used to determine its boundaries. The lower boundary of a bucket is
  * determined by base ** index and the upper boundary of a bucket is
  * determined by base ** (index + 1). index values are signed to account
  * for values less than or equal to 1.
  *
  * indexBase is the index of the 0th position in the
  * backing array, i.e., backing[0] is the count
  * in the bucket with index `indexBase`.
  *
  * indexStart is the smallest index value represented
  * in the backing array.
  *
  * indexEnd is the largest index value represented in
  * the backing array.
  */
  constructor(backing = new BucketsBacking(), indexBase = 0, indexStart = 0, indexEnd = 0) {
    this.backing = backing;
    this.indexBase = indexBase;
    this.indexStart = indexStart;
    this.indexEnd = indexEnd;
  }
  /**
  * Offset is the bucket index of the smallest entry in the counts array
  * @returns {number}
  */
  get offset() {
    return this.indexStart;
  }
  /**
  * Buckets is a view into the backing array.
  * @returns {number}
  */
  get length() {
    if (this.backing.length === 0) return 0;
    if (this.indexEnd === this.indexStart && this.at(0) === 0) return 0;
    return this.indexEnd - this.indexStart + 1;
  }
  /**
  * An array of counts, where count[i] carries the count
  * of the bucket at index (offset+i).  count[i] is the count of
  * values greater than base^(offset+i) and less than or equal to
  * base^(offset+i+1).
  * @returns {number} The logical counts based on the backing array
  */
  counts() {
    return Array.from({ length: this.length }, (_, i) => this.at(i));
  }
  /**
  * At returns the count of the bucket at a position in the logical
  * array of counts.
  * @param position
  * @returns {number}
  */
  at(position) {
    const bias = this.indexBase - this.indexStart;
    if (position < bias) position += this.backing.length;
    position -= bias;
    return this.backing.countAt(position);
  }
  /**
  * incrementBucket increments the backing array index by `increment`
  * @param bucketIndex
  * @param increment
  */
  incrementBucket(bucketIndex, increment) {
    this.backing.increment(bucketIndex, increment);
  }
  /**
  * decrementBucket decrements the backing array index by `decrement`
  * if decrement is greater than the current value, it's set to 0.
  * @param bucketIndex
  * @param decrement
  */
  decrementBucket(bucketIndex, decrement) {
    this.backing.decrement(bucketIndex, decrement);
  }
  /**
  * trim removes leading and / or trailing zero buckets (which can occur
  * after diffing two histos) and rotates the backing array so that the
  * smallest non-zero index is in the 0th position of the backing array
  */
  trim() {
    for (let i = 0; i < this.length; i++) if (this.at(i) !== 0) {
      this.indexStart += i;
      break;
    } else if (i === this.length - 1) {
      this.indexStart = this.indexEnd = this.indexBase = 0;
      return;
    }
    for (let i = this.length - 1; i >= 0; i--) if (this.at(i) !== 0) {
      this.indexEnd -= this.length - i - 1;
      break;
    }
    this._rotate();
  }
  /**
  * downscale first rotates, then collapses 2**`by`-to-1 buckets.
  * @param by
  */
  downscale(by) {
    this._rotate();
    const size = 1 + this.indexEnd - this.indexStart;
    const each = 1 << by;
    let inpos = 0;
    let outpos = 0;
    for (let pos = this.indexStart; pos <= this.indexEnd; ) {
      let mod = pos % each;
      if (mod < 0) mod += each;
      for (let i = mod; i < each && inpos < size; i++) {
        this._relocateBucket(outpos, inpos);
        inpos++;
        pos++;
      }
      outpos++;
    }
    this.indexStart >>= by;
    this.indexEnd >>= by;
    this.indexBase = this.indexStart;
  }
  /**
  * Clone returns a deep copy of Buckets
  * @returns {Buckets}
  */
  clone() {
    return new Buckets2(this.backing.clone(), this.indexBase, this.indexStart, this.indexEnd);
  }
  /**
  * _rotate shifts the backing array contents so that indexStart ==
  * indexBase to simplify the downscale logic.
  */
  _rotate() {
    const bias = this.indexBase - this.indexStart;
    if (bias === 0) return;
    else if (bias > 0) {
      this.backing.reverse(0, this.backing.length);
      this.backing.reverse(0, bias);
      this.backing.reverse(bias, this.backing.length);
    } else {
      this.backing.reverse(0, this.backing.length);
      this.backing.reverse(0, this.backing.length + bias);
    }
    this.indexBase = this.indexStart;
  }
  /**
  * _relocateBucket adds the count in counts[src] to counts[dest] and
  * resets count[src] to zero.
  */
  _relocateBucket(dest, src) {
    if (dest === src) return;
    this.incrementBucket(dest, this.backing.emptyBucket(src));
  }
};
var BucketsBacking = class BucketsBacking2 {
  _counts;
  constructor(counts = [0]) {
    this._counts = counts;
  }
  /**
  * length returns the physical size of the backing array, which
  * is >= buckets.length()
  */
  get length() {
    return this._counts.length;
  }
  /**
  * countAt returns the count in a specific bucket
  */
  countAt(pos) {
    return this._counts[pos];
  }
  /**
  * growTo grows a backing array and copies old entries
  * into their correct new positions.
  */
  growTo(newSize, oldPositiveLimit, newPositiveLimit) {
    const tmp = new Array(newSize).fill(0);
    tmp.splice(newPositiveLimit, this._counts.length - oldPositiveLimit, ...this._counts.slice(oldPositiveLimit));
    tmp.splice(0, oldPositiveLimit, ...this._counts.slice(0, oldPositiveLimit));
    this._counts = tmp;
  }
  /**
  * reverse the items in the backing array in the range [from, limit).
  */
  reverse(from, limit) {
    const num = Math.floor((from + limit) / 2) - from;
    for (let i = 0; i < num; i++) {
      const tmp = this._counts[from + i];
      this._counts[from + i] = this._counts[limit - i - 1];
      this._counts[limit - i - 1] = tmp;
    }
  }
  /**
  * emptyBucket empties the count from a bucket, for
  * moving into another.
  */
  emptyBucket(src) {
    const tmp = this._counts[src];
    this._counts[src] = 0;
    return tmp;
  }
  /**
  * increments a bucket by `increment`
  */
  increment(bucketIndex, increment) {
    this._counts[bucketIndex] += increment;
  }
  /**
  * decrements a bucket by `decrement`
  */
  decrement(bucketIndex, decrement) {
    if (this._counts[bucketIndex] >= decrement) this._counts[bucketIndex] -= decrement;
    else this._counts[bucketIndex] = 0;
  }
  /**
  * clone returns a deep copy of BucketsBacking
  */
  clone() {
    return new BucketsBacking2([...this._counts]);
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/aggregator/exponential-histogram/util.mjs
init_esm_shims();
function ldexp(frac, exp) {
  if (frac === 0 || frac === Number.POSITIVE_INFINITY || frac === Number.NEGATIVE_INFINITY || Number.isNaN(frac)) return frac;
  return frac * Math.pow(2, exp);
}
function nextGreaterSquare(v) {
  v--;
  v |= v >> 1;
  v |= v >> 2;
  v |= v >> 4;
  v |= v >> 8;
  v |= v >> 16;
  v++;
  return v;
}

// node_modules/@opentelemetry/sdk-metrics/dist/aggregator/exponential-histogram/mapping/getMapping.mjs
init_esm_shims();

// node_modules/@opentelemetry/sdk-metrics/dist/aggregator/exponential-histogram/mapping/types.mjs
init_esm_shims();
var MappingError = class extends Error {
};

// node_modules/@opentelemetry/sdk-metrics/dist/aggregator/exponential-histogram/mapping/ExponentMapping.mjs
init_esm_shims();

// node_modules/@opentelemetry/sdk-metrics/dist/aggregator/exponential-histogram/mapping/ieee754.mjs
init_esm_shims();
var EXPONENT_MASK = 2146435072;
var SIGNIFICAND_MASK = 1048575;
var EXPONENT_BIAS = 1023;
var MIN_NORMAL_EXPONENT = -1022;
var MAX_NORMAL_EXPONENT = EXPONENT_BIAS;
var MIN_VALUE = Math.pow(2, -1022);
var dv = /* @__PURE__ */ new DataView(/* @__PURE__ */ new ArrayBuffer(8));
function floatBits(value) {
  dv.setFloat64(0, value);
  return {
    hi: dv.getUint32(0),
    lo: dv.getUint32(4)
  };
}
function getNormalBase2(value) {
  const { hi } = floatBits(value);
  return ((hi & EXPONENT_MASK) >> 20) - EXPONENT_BIAS;
}
function isPowerOfTwo(value) {
  const { hi, lo } = floatBits(value);
  return (hi & SIGNIFICAND_MASK) === 0 && lo === 0;
}

// node_modules/@opentelemetry/sdk-metrics/dist/aggregator/exponential-histogram/mapping/ExponentMapping.mjs
var ExponentMapping = class {
  _shift;
  constructor(scale) {
    this._shift = -scale;
  }
  /**
  * Maps positive floating point values to indexes corresponding to scale
  * @param value
  * @returns {number} index for provided value at the current scale
  */
  mapToIndex(value) {
    if (value < MIN_VALUE) return this._minNormalLowerBoundaryIndex();
    return getNormalBase2(value) + (isPowerOfTwo(value) ? -1 : 0) >> this._shift;
  }
  /**
  * Returns the lower bucket boundary for the given index for scale
  *
  * @param index
  * @returns {number}
  */
  lowerBoundary(index) {
    const minIndex = this._minNormalLowerBoundaryIndex();
    if (index < minIndex) throw new MappingError(`underflow: ${index} is < minimum lower boundary: ${minIndex}`);
    const maxIndex = this._maxNormalLowerBoundaryIndex();
    if (index > maxIndex) throw new MappingError(`overflow: ${index} is > maximum lower boundary: ${maxIndex}`);
    return ldexp(1, index << this._shift);
  }
  /**
  * The scale used by this mapping
  * @returns {number}
  */
  get scale() {
    if (this._shift === 0) return 0;
    return -this._shift;
  }
  _minNormalLowerBoundaryIndex() {
    let index = MIN_NORMAL_EXPONENT >> this._shift;
    if (this._shift < 2) index--;
    return index;
  }
  _maxNormalLowerBoundaryIndex() {
    return MAX_NORMAL_EXPONENT >> this._shift;
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/aggregator/exponential-histogram/mapping/LogarithmMapping.mjs
init_esm_shims();
var LogarithmMapping = class {
  _scale;
  _scaleFactor;
  _inverseFactor;
  constructor(scale) {
    this._scale = scale;
    this._scaleFactor = ldexp(Math.LOG2E, scale);
    this._inverseFactor = ldexp(Math.LN2, -scale);
  }
  /**
  * Maps positive floating point values to indexes corresponding to scale
  * @param value
  * @returns {number} index for provided value at the current scale
  */
  mapToIndex(value) {
    if (value <= MIN_VALUE) return this._minNormalLowerBoundaryIndex() - 1;
    if (isPowerOfTwo(value)) return (getNormalBase2(value) << this._scale) - 1;
    const index = Math.floor(Math.log(value) * this._scaleFactor);
    const maxIndex = this._maxNormalLowerBoundaryIndex();
    if (index >= maxIndex) return maxIndex;
    return index;
  }
  /**
  * Returns the lower bucket boundary for the given index for scale
  *
  * @param index
  * @returns {number}
  */
  lowerBoundary(index) {
    const maxIndex = this._maxNormalLowerBoundaryIndex();
    if (index >= maxIndex) {
      if (index === maxIndex) return 2 * Math.exp((index - (1 << this._scale)) / this._scaleFactor);
      throw new MappingError(`overflow: ${index} is > maximum lower boundary: ${maxIndex}`);
    }
    const minIndex = this._minNormalLowerBoundaryIndex();
    if (index <= minIndex) {
      if (index === minIndex) return MIN_VALUE;
      else if (index === minIndex - 1) return Math.exp((index + (1 << this._scale)) / this._scaleFactor) / 2;
      throw new MappingError(`overflow: ${index} is < minimum lower boundary: ${minIndex}`);
    }
    return Math.exp(index * this._inverseFactor);
  }
  /**
  * The scale used by this mapping
  * @returns {number}
  */
  get scale() {
    return this._scale;
  }
  _minNormalLowerBoundaryIndex() {
    return MIN_NORMAL_EXPONENT << this._scale;
  }
  _maxNormalLowerBoundaryIndex() {
    return (MAX_NORMAL_EXPONENT + 1 << this._scale) - 1;
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/aggregator/exponential-histogram/mapping/getMapping.mjs
var MIN_SCALE = -10;
var MAX_SCALE = 20;
var PREBUILT_MAPPINGS = Array.from({ length: 31 }, (_, i) => {
  if (i > 10) return new LogarithmMapping(i - 10);
  return new ExponentMapping(i - 10);
});
function getMapping(scale) {
  if (scale > MAX_SCALE || scale < MIN_SCALE) throw new MappingError(`expected scale >= ${MIN_SCALE} && <= ${MAX_SCALE}, got: ${scale}`);
  return PREBUILT_MAPPINGS[scale + 10];
}

// node_modules/@opentelemetry/sdk-metrics/dist/aggregator/ExponentialHistogram.mjs
import { diag as diag17 } from "@opentelemetry/api";
var HighLow = class HighLow2 {
  static combine(h1, h2) {
    return new HighLow2(Math.min(h1.low, h2.low), Math.max(h1.high, h2.high));
  }
  low;
  high;
  constructor(low, high) {
    this.low = low;
    this.high = high;
  }
};
var MAX_SCALE2 = 20;
var DEFAULT_MAX_SIZE = 160;
var MIN_MAX_SIZE = 2;
var ExponentialHistogramAccumulation = class ExponentialHistogramAccumulation2 {
  startTime;
  _maxSize;
  _recordMinMax;
  _sum;
  _count;
  _zeroCount;
  _min;
  _max;
  _positive;
  _negative;
  _mapping;
  constructor(startTime, maxSize = DEFAULT_MAX_SIZE, recordMinMax = true, sum2 = 0, count2 = 0, zeroCount = 0, min = Number.POSITIVE_INFINITY, max = Number.NEGATIVE_INFINITY, positive = new Buckets(), negative = new Buckets(), mapping = getMapping(MAX_SCALE2)) {
    this.startTime = startTime;
    this._maxSize = maxSize;
    this._recordMinMax = recordMinMax;
    this._sum = sum2;
    this._count = count2;
    this._zeroCount = zeroCount;
    this._min = min;
    this._max = max;
    this._positive = positive;
    this._negative = negative;
    this._mapping = mapping;
    if (this._maxSize < MIN_MAX_SIZE) {
      diag17.warn(`Exponential Histogram Max Size set to ${this._maxSize},                 changing to the minimum size of: ${MIN_MAX_SIZE}`);
      this._maxSize = MIN_MAX_SIZE;
    }
  }
  /**
  * record updates a histogram with a single count
  * @param {Number} value
  */
  record(value) {
    this.updateByIncrement(value, 1);
  }
  /**
  * Sets the start time for this accumulation
  * @param {HrTime} startTime
  */
  setStartTime(startTime) {
    this.startTime = startTime;
  }
  /**
  * Returns the datapoint representation of this accumulation
  * @param {HrTime} startTime
  */
  toPointValue() {
    return {
      hasMinMax: this._recordMinMax,
      min: this.min,
      max: this.max,
      sum: this.sum,
      positive: {
        offset: this.positive.offset,
        bucketCounts: this.positive.counts()
      },
      negative: {
        offset: this.negative.offset,
        bucketCounts: this.negative.counts()
      },
      count: this.count,
      scale: this.scale,
      zeroCount: this.zeroCount
    };
  }
  /**
  * @returns {Number} The sum of values recorded by this accumulation
  */
  get sum() {
    return this._sum;
  }
  /**
  * @returns {Number} The minimum value recorded by this accumulation
  */
  get min() {
    return this._min;
  }
  /**
  * @returns {Number} The maximum value recorded by this accumulation
  */
  get max() {
    return this._max;
  }
  /**
  * @returns {Number} The count of values recorded by this accumulation
  */
  get count() {
    return this._count;
  }
  /**
  * @returns {Number} The number of 0 values recorded by this accumulation
  */
  get zeroCount() {
    return this._zeroCount;
  }
  /**
  * @returns {Number} The scale used by this accumulation
  */
  get scale() {
    if (this._count === this._zeroCount) return 0;
    return this._mapping.scale;
  }
  /**
  * positive holds the positive values
  * @returns {Buckets}
  */
  get positive() {
    return this._positive;
  }
  /**
  * negative holds the negative values by their absolute value
  * @returns {Buckets}
  */
  get negative() {
    return this._negative;
  }
  /**
  * updateByIncr supports updating a histogram with a non-negative
  * increment.
  * @param value
  * @param increment
  */
  updateByIncrement(value, increment) {
    if (!Number.isFinite(value)) return;
    if (value > this._max) this._max = value;
    if (value < this._min) this._min = value;
    this._count += increment;
    if (value === 0) {
      this._zeroCount += increment;
      return;
    }
    this._sum += value * increment;
    if (value > 0) this._updateBuckets(this._positive, value, increment);
    else this._updateBuckets(this._negative, -value, increment);
  }
  /**
  * merge combines data from previous value into self
  * @param {ExponentialHistogramAccumulation} previous
  */
  merge(previous) {
    if (this._count === 0) {
      this._min = previous.min;
      this._max = previous.max;
    } else if (previous.count !== 0) {
      if (previous.min < this.min) this._min = previous.min;
      if (previous.max > this.max) this._max = previous.max;
    }
    this.startTime = previous.startTime;
    this._sum += previous.sum;
    this._count += previous.count;
    this._zeroCount += previous.zeroCount;
    const minScale = this._minScale(previous);
    this._downscale(this.scale - minScale);
    this._mergeBuckets(this.positive, previous, previous.positive, minScale);
    this._mergeBuckets(this.negative, previous, previous.negative, minScale);
  }
  /**
  * diff subtracts other from self
  * @param {ExponentialHistogramAccumulation} other
  */
  diff(other) {
    this._min = Infinity;
    this._max = -Infinity;
    this._sum -= other.sum;
    this._count -= other.count;
    this._zeroCount -= other.zeroCount;
    const minScale = this._minScale(other);
    this._downscale(this.scale - minScale);
    this._diffBuckets(this.positive, other, other.positive, minScale);
    this._diffBuckets(this.negative, other, other.negative, minScale);
  }
  /**
  * clone returns a deep copy of self
  * @returns {ExponentialHistogramAccumulation}
  */
  clone() {
    return new ExponentialHistogramAccumulation2(this.startTime, this._maxSize, this._recordMinMax, this._sum, this._count, this._zeroCount, this._min, this._max, this.positive.clone(), this.negative.clone(), this._mapping);
  }
  /**
  * _updateBuckets maps the incoming value to a bucket index for the current
  * scale. If the bucket index is outside of the range of the backing array,
  * it will rescale the backing array and update the mapping for the new scale.
  */
  _updateBuckets(buckets, value, increment) {
    let index = this._mapping.mapToIndex(value);
    let rescalingNeeded = false;
    let high = 0;
    let low = 0;
    if (buckets.length === 0) {
      buckets.indexStart = index;
      buckets.indexEnd = buckets.indexStart;
      buckets.indexBase = buckets.indexStart;
    } else if (index < buckets.indexStart && buckets.indexEnd - index >= this._maxSize) {
      rescalingNeeded = true;
      low = index;
      high = buckets.indexEnd;
    } else if (index > buckets.indexEnd && index - buckets.indexStart >= this._maxSize) {
      rescalingNeeded = true;
      low = buckets.indexStart;
      high = index;
    }
    if (rescalingNeeded) {
      const change = this._changeScale(high, low);
      this._downscale(change);
      index = this._mapping.mapToIndex(value);
    }
    this._incrementIndexBy(buckets, index, increment);
  }
  /**
  * _incrementIndexBy increments the count of the bucket specified by `index`.
  * If the index is outside of the range [buckets.indexStart, buckets.indexEnd]
  * the boundaries of the backing array will be adjusted and more buckets will
  * be added if needed.
  */
  _incrementIndexBy(buckets, index, increment) {
    if (increment === 0) return;
    if (buckets.length === 0) buckets.indexStart = buckets.indexEnd = buckets.indexBase = index;
    if (index < buckets.indexStart) {
      const span2 = buckets.indexEnd - index;
      if (span2 >= buckets.backing.length) this._grow(buckets, span2 + 1);
      buckets.indexStart = index;
    } else if (index > buckets.indexEnd) {
      const span2 = index - buckets.indexStart;
      if (span2 >= buckets.backing.length) this._grow(buckets, span2 + 1);
      buckets.indexEnd = index;
    }
    let bucketIndex = index - buckets.indexBase;
    if (bucketIndex < 0) bucketIndex += buckets.backing.length;
    buckets.incrementBucket(bucketIndex, increment);
  }
  /**
  * grow resizes the backing array by doubling in size up to maxSize.
  * This extends the array with a bunch of zeros and copies the
  * existing counts to the same position.
  */
  _grow(buckets, needed) {
    const size = buckets.backing.length;
    const bias = buckets.indexBase - buckets.indexStart;
    const oldPositiveLimit = size - bias;
    let newSize = nextGreaterSquare(needed);
    if (newSize > this._maxSize) newSize = this._maxSize;
    const newPositiveLimit = newSize - bias;
    buckets.backing.growTo(newSize, oldPositiveLimit, newPositiveLimit);
  }
  /**
  * _changeScale computes how much downscaling is needed by shifting the
  * high and low values until they are separated by no more than size.
  */
  _changeScale(high, low) {
    let change = 0;
    while (high - low >= this._maxSize) {
      high >>= 1;
      low >>= 1;
      change++;
    }
    return change;
  }
  /**
  * _downscale subtracts `change` from the current mapping scale.
  */
  _downscale(change) {
    if (change === 0) return;
    if (change < 0) throw new Error(`impossible change of scale: ${this.scale}`);
    const newScale = this._mapping.scale - change;
    this._positive.downscale(change);
    this._negative.downscale(change);
    this._mapping = getMapping(newScale);
  }
  /**
  * _minScale is used by diff and merge to compute an ideal combined scale
  */
  _minScale(other) {
    const minScale = Math.min(this.scale, other.scale);
    const highLowPos = HighLow.combine(this._highLowAtScale(this.positive, this.scale, minScale), this._highLowAtScale(other.positive, other.scale, minScale));
    const highLowNeg = HighLow.combine(this._highLowAtScale(this.negative, this.scale, minScale), this._highLowAtScale(other.negative, other.scale, minScale));
    return Math.min(minScale - this._changeScale(highLowPos.high, highLowPos.low), minScale - this._changeScale(highLowNeg.high, highLowNeg.low));
  }
  /**
  * _highLowAtScale is used by diff and merge to compute an ideal combined scale.
  */
  _highLowAtScale(buckets, currentScale, newScale) {
    if (buckets.length === 0) return new HighLow(0, -1);
    const shift = currentScale - newScale;
    return new HighLow(buckets.indexStart >> shift, buckets.indexEnd >> shift);
  }
  /**
  * _mergeBuckets translates index values from another histogram and
  * adds the values into the corresponding buckets of this histogram.
  */
  _mergeBuckets(ours, other, theirs, scale) {
    const theirOffset = theirs.offset;
    const theirChange = other.scale - scale;
    for (let i = 0; i < theirs.length; i++) this._incrementIndexBy(ours, theirOffset + i >> theirChange, theirs.at(i));
  }
  /**
  * _diffBuckets translates index values from another histogram and
  * subtracts the values in the corresponding buckets of this histogram.
  */
  _diffBuckets(ours, other, theirs, scale) {
    const theirOffset = theirs.offset;
    const theirChange = other.scale - scale;
    for (let i = 0; i < theirs.length; i++) {
      let bucketIndex = (theirOffset + i >> theirChange) - ours.indexBase;
      if (bucketIndex < 0) bucketIndex += ours.backing.length;
      ours.decrementBucket(bucketIndex, theirs.at(i));
    }
    ours.trim();
  }
};
var ExponentialHistogramAggregator = class {
  kind = 4;
  _maxSize;
  _recordMinMax;
  /**
  * @param _maxSize Maximum number of buckets for each of the positive
  *    and negative ranges, exclusive of the zero-bucket.
  * @param _recordMinMax If set to true, min and max will be recorded.
  *    Otherwise, min and max will not be recorded.
  */
  constructor(maxSize, recordMinMax) {
    this._maxSize = maxSize;
    this._recordMinMax = recordMinMax;
  }
  createAccumulation(startTime) {
    return new ExponentialHistogramAccumulation(startTime, this._maxSize, this._recordMinMax);
  }
  /**
  * Return the result of the merge of two exponential histogram accumulations.
  */
  merge(previous, delta) {
    const result = delta.clone();
    result.merge(previous);
    return result;
  }
  /**
  * Returns a new DELTA aggregation by comparing two cumulative measurements.
  */
  diff(previous, current) {
    const result = current.clone();
    result.diff(previous);
    return result;
  }
  toMetricData(descriptor2, aggregationTemporality, accumulationByAttributes, endTime) {
    return {
      descriptor: descriptor2,
      aggregationTemporality,
      dataPointType: 1,
      dataPoints: accumulationByAttributes.map(([attributes2, accumulation]) => {
        const pointValue = accumulation.toPointValue();
        const allowsNegativeValues = descriptor2.type === "GAUGE" || descriptor2.type === "UP_DOWN_COUNTER" || descriptor2.type === "OBSERVABLE_GAUGE" || descriptor2.type === "OBSERVABLE_UP_DOWN_COUNTER";
        return {
          attributes: attributes2,
          startTime: accumulation.startTime,
          endTime,
          value: {
            min: pointValue.hasMinMax ? pointValue.min : void 0,
            max: pointValue.hasMinMax ? pointValue.max : void 0,
            sum: !allowsNegativeValues ? pointValue.sum : void 0,
            positive: {
              offset: pointValue.positive.offset,
              bucketCounts: pointValue.positive.bucketCounts
            },
            negative: {
              offset: pointValue.negative.offset,
              bucketCounts: pointValue.negative.bucketCounts
            },
            count: pointValue.count,
            scale: pointValue.scale,
            zeroCount: pointValue.zeroCount
          }
        };
      })
    };
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/aggregator/LastValue.mjs
init_esm_shims();
var LastValueAccumulation = class {
  startTime;
  _current;
  sampleTime;
  constructor(startTime, current = 0, sampleTime = [0, 0]) {
    this.startTime = startTime;
    this._current = current;
    this.sampleTime = sampleTime;
  }
  record(value) {
    this._current = value;
    this.sampleTime = millisToHrTime(Date.now());
  }
  setStartTime(startTime) {
    this.startTime = startTime;
  }
  toPointValue() {
    return this._current;
  }
};
var LastValueAggregator = class {
  kind = 2;
  createAccumulation(startTime) {
    return new LastValueAccumulation(startTime);
  }
  /**
  * Returns the result of the merge of the given accumulations.
  *
  * Return the newly captured (delta) accumulation for LastValueAggregator.
  */
  merge(previous, delta) {
    const latestAccumulation = hrTimeToMicroseconds(delta.sampleTime) >= hrTimeToMicroseconds(previous.sampleTime) ? delta : previous;
    return new LastValueAccumulation(previous.startTime, latestAccumulation.toPointValue(), latestAccumulation.sampleTime);
  }
  /**
  * Returns a new DELTA aggregation by comparing two cumulative measurements.
  *
  * A delta aggregation is not meaningful to LastValueAggregator, just return
  * the newly captured (delta) accumulation for LastValueAggregator.
  */
  diff(previous, current) {
    const latestAccumulation = hrTimeToMicroseconds(current.sampleTime) >= hrTimeToMicroseconds(previous.sampleTime) ? current : previous;
    return new LastValueAccumulation(current.startTime, latestAccumulation.toPointValue(), latestAccumulation.sampleTime);
  }
  toMetricData(descriptor2, aggregationTemporality, accumulationByAttributes, endTime) {
    return {
      descriptor: descriptor2,
      aggregationTemporality,
      dataPointType: 2,
      dataPoints: accumulationByAttributes.map(([attributes2, accumulation]) => {
        return {
          attributes: attributes2,
          startTime: accumulation.startTime,
          endTime,
          value: accumulation.toPointValue()
        };
      })
    };
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/aggregator/Sum.mjs
init_esm_shims();
var SumAccumulation = class {
  startTime;
  monotonic;
  _current;
  reset;
  constructor(startTime, monotonic, current = 0, reset = false) {
    this.startTime = startTime;
    this.monotonic = monotonic;
    this._current = current;
    this.reset = reset;
  }
  record(value) {
    if (this.monotonic && value < 0) return;
    this._current += value;
  }
  setStartTime(startTime) {
    this.startTime = startTime;
  }
  toPointValue() {
    return this._current;
  }
};
var SumAggregator = class {
  kind = 1;
  monotonic;
  constructor(monotonic) {
    this.monotonic = monotonic;
  }
  createAccumulation(startTime) {
    return new SumAccumulation(startTime, this.monotonic);
  }
  /**
  * Returns the result of the merge of the given accumulations.
  */
  merge(previous, delta) {
    const prevPv = previous.toPointValue();
    const deltaPv = delta.toPointValue();
    if (delta.reset) return new SumAccumulation(delta.startTime, this.monotonic, deltaPv, delta.reset);
    return new SumAccumulation(previous.startTime, this.monotonic, prevPv + deltaPv);
  }
  /**
  * Returns a new DELTA aggregation by comparing two cumulative measurements.
  */
  diff(previous, current) {
    const prevPv = previous.toPointValue();
    const currPv = current.toPointValue();
    if (this.monotonic && prevPv > currPv) return new SumAccumulation(current.startTime, this.monotonic, currPv, true);
    return new SumAccumulation(current.startTime, this.monotonic, currPv - prevPv);
  }
  toMetricData(descriptor2, aggregationTemporality, accumulationByAttributes, endTime) {
    return {
      descriptor: descriptor2,
      aggregationTemporality,
      dataPointType: 3,
      dataPoints: accumulationByAttributes.map(([attributes2, accumulation]) => {
        return {
          attributes: attributes2,
          startTime: accumulation.startTime,
          endTime,
          value: accumulation.toPointValue()
        };
      }),
      isMonotonic: this.monotonic
    };
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/view/Aggregation.mjs
import * as api2 from "@opentelemetry/api";
var DropAggregation = class DropAggregation2 {
  static DEFAULT_INSTANCE = new DropAggregator();
  createAggregator(_instrument) {
    return DropAggregation2.DEFAULT_INSTANCE;
  }
};
var SumAggregation = class SumAggregation2 {
  static MONOTONIC_INSTANCE = new SumAggregator(true);
  static NON_MONOTONIC_INSTANCE = new SumAggregator(false);
  createAggregator(instrument) {
    switch (instrument.type) {
      case "COUNTER":
      case "OBSERVABLE_COUNTER":
      case "HISTOGRAM":
        return SumAggregation2.MONOTONIC_INSTANCE;
      default:
        return SumAggregation2.NON_MONOTONIC_INSTANCE;
    }
  }
};
var LastValueAggregation = class LastValueAggregation2 {
  static DEFAULT_INSTANCE = new LastValueAggregator();
  createAggregator(_instrument) {
    return LastValueAggregation2.DEFAULT_INSTANCE;
  }
};
var HistogramAggregation = class HistogramAggregation2 {
  static DEFAULT_INSTANCE = new HistogramAggregator([
    0,
    5,
    10,
    25,
    50,
    75,
    100,
    250,
    500,
    750,
    1e3,
    2500,
    5e3,
    7500,
    1e4
  ], true);
  createAggregator(_instrument) {
    return HistogramAggregation2.DEFAULT_INSTANCE;
  }
};
var ExplicitBucketHistogramAggregation = class {
  _boundaries;
  _recordMinMax;
  /**
  * @param boundaries the bucket boundaries of the histogram aggregation
  * @param _recordMinMax If set to true, min and max will be recorded. Otherwise, min and max will not be recorded.
  */
  constructor(boundaries, recordMinMax = true) {
    if (boundaries == null) throw new Error("ExplicitBucketHistogramAggregation should be created with explicit boundaries, if a single bucket histogram is required, please pass an empty array");
    boundaries = boundaries.concat();
    boundaries = boundaries.sort((a, b) => a - b);
    const minusInfinityIndex = boundaries.lastIndexOf(-Infinity);
    let infinityIndex = boundaries.indexOf(Infinity);
    if (infinityIndex === -1) infinityIndex = void 0;
    this._boundaries = boundaries.slice(minusInfinityIndex + 1, infinityIndex);
    this._recordMinMax = recordMinMax;
  }
  createAggregator(_instrument) {
    return new HistogramAggregator(this._boundaries, this._recordMinMax);
  }
};
var ExponentialHistogramAggregation = class {
  _maxSize;
  _recordMinMax;
  constructor(maxSize = 160, recordMinMax = true) {
    this._maxSize = maxSize;
    this._recordMinMax = recordMinMax;
  }
  createAggregator(_instrument) {
    return new ExponentialHistogramAggregator(this._maxSize, this._recordMinMax);
  }
};
var DefaultAggregation = class {
  _resolve(instrument) {
    switch (instrument.type) {
      case "COUNTER":
      case "UP_DOWN_COUNTER":
      case "OBSERVABLE_COUNTER":
      case "OBSERVABLE_UP_DOWN_COUNTER":
        return SUM_AGGREGATION;
      case "GAUGE":
      case "OBSERVABLE_GAUGE":
        return LAST_VALUE_AGGREGATION;
      case "HISTOGRAM":
        if (instrument.advice.explicitBucketBoundaries) return new ExplicitBucketHistogramAggregation(instrument.advice.explicitBucketBoundaries);
        return HISTOGRAM_AGGREGATION;
    }
    api2.diag.warn(`Unable to recognize instrument type: ${instrument.type}`);
    return DROP_AGGREGATION;
  }
  createAggregator(instrument) {
    return this._resolve(instrument).createAggregator(instrument);
  }
};
var DROP_AGGREGATION = new DropAggregation();
var SUM_AGGREGATION = new SumAggregation();
var LAST_VALUE_AGGREGATION = new LastValueAggregation();
var HISTOGRAM_AGGREGATION = new HistogramAggregation();
new ExponentialHistogramAggregation();
var DEFAULT_AGGREGATION = new DefaultAggregation();

// node_modules/@opentelemetry/sdk-metrics/dist/view/AggregationOption.mjs
function toAggregation(option) {
  switch (option.type) {
    case 0:
      return DEFAULT_AGGREGATION;
    case 1:
      return DROP_AGGREGATION;
    case 2:
      return SUM_AGGREGATION;
    case 3:
      return LAST_VALUE_AGGREGATION;
    case 5: {
      const expOption = option;
      return new ExponentialHistogramAggregation(expOption.options?.maxSize, expOption.options?.recordMinMax);
    }
    case 4: {
      const expOption = option;
      if (expOption.options == null) return HISTOGRAM_AGGREGATION;
      else return new ExplicitBucketHistogramAggregation(expOption.options?.boundaries, expOption.options?.recordMinMax);
    }
    default:
      throw new Error("Unsupported Aggregation");
  }
}

// node_modules/@opentelemetry/sdk-metrics/dist/export/MetricReader.mjs
init_esm_shims();

// node_modules/@opentelemetry/sdk-metrics/dist/export/AggregationSelector.mjs
init_esm_shims();
var DEFAULT_AGGREGATION_SELECTOR = (_instrumentType) => {
  return { type: 0 };
};
var DEFAULT_AGGREGATION_TEMPORALITY_SELECTOR = (_instrumentType) => 1;

// node_modules/@opentelemetry/sdk-metrics/dist/export/MetricReaderMetrics.mjs
init_esm_shims();

// node_modules/@opentelemetry/sdk-metrics/dist/semconv.mjs
init_esm_shims();
var ATTR_OTEL_COMPONENT_NAME3 = "otel.component.name";
var ATTR_OTEL_COMPONENT_TYPE3 = "otel.component.type";
var OTEL_COMPONENT_TYPE_VALUE_PERIODIC_METRIC_READER = "periodic_metric_reader";
var METRIC_OTEL_SDK_METRIC_READER_COLLECTION_DURATION = "otel.sdk.metric_reader.collection.duration";
var ATTR_ERROR_TYPE3 = "error.type";

// node_modules/@opentelemetry/sdk-metrics/dist/export/MetricReaderMetrics.mjs
var componentCounter3 = /* @__PURE__ */ new Map();
var MetricReaderMetrics = class {
  collectionDuration;
  standardAttrs;
  constructor(componentType, meter) {
    const counter = componentCounter3.get(componentType) ?? 0;
    componentCounter3.set(componentType, counter + 1);
    this.standardAttrs = {
      [ATTR_OTEL_COMPONENT_TYPE3]: componentType,
      [ATTR_OTEL_COMPONENT_NAME3]: `${componentType}/${counter}`
    };
    this.collectionDuration = meter.createHistogram(METRIC_OTEL_SDK_METRIC_READER_COLLECTION_DURATION, {
      unit: "s",
      description: "The duration of the collect operation of the metric reader.",
      advice: { explicitBucketBoundaries: [] }
    });
  }
  recordCollection(durationSecs, error) {
    const attrs = error ? {
      ...this.standardAttrs,
      [ATTR_ERROR_TYPE3]: error
    } : this.standardAttrs;
    this.collectionDuration.record(durationSecs, attrs);
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/version.mjs
init_esm_shims();
var VERSION4 = "3.1.1";

// node_modules/@opentelemetry/sdk-metrics/dist/export/MetricReader.mjs
import * as api3 from "@opentelemetry/api";
var MetricReader = class {
  _shutdown = false;
  _metricProducers;
  _sdkMetricProducer;
  _selfObsMetrics;
  _aggregationTemporalitySelector;
  _aggregationSelector;
  _cardinalitySelector;
  _otelComponentType;
  constructor(options3) {
    this._aggregationSelector = options3?.aggregationSelector ?? DEFAULT_AGGREGATION_SELECTOR;
    this._aggregationTemporalitySelector = options3?.aggregationTemporalitySelector ?? DEFAULT_AGGREGATION_TEMPORALITY_SELECTOR;
    this._metricProducers = options3?.metricProducers ?? [];
    this._cardinalitySelector = options3?.cardinalitySelector;
    this._otelComponentType = options3?.otelComponentType ?? this.constructor.name;
    this._selfObsMetrics = new MetricReaderMetrics(this._otelComponentType, api3.createNoopMeter());
  }
  setMetricProducer(metricProducer) {
    if (this._sdkMetricProducer) throw new Error("MetricReader can not be bound to a MeterProvider again.");
    this._sdkMetricProducer = metricProducer;
    this.onInitialized();
  }
  _setSelfObsMeterProvider(meterProvider) {
    const meter = meterProvider.getMeter("@opentelemetry/sdk-metrics", VERSION4);
    this._selfObsMetrics = new MetricReaderMetrics(this._otelComponentType, meter);
  }
  selectAggregation(instrumentType) {
    return this._aggregationSelector(instrumentType);
  }
  selectAggregationTemporality(instrumentType) {
    return this._aggregationTemporalitySelector(instrumentType);
  }
  selectCardinalityLimit(instrumentType) {
    return this._cardinalitySelector ? this._cardinalitySelector(instrumentType) : 2e3;
  }
  /**
  * Handle once the SDK has initialized this {@link MetricReader}
  * Overriding this method is optional.
  */
  onInitialized() {
  }
  async collect(options3) {
    if (this._sdkMetricProducer === void 0) throw new Error("MetricReader is not bound to a MetricProducer");
    if (this._shutdown) throw new Error("MetricReader is shutdown");
    const startTime = hrTime();
    const [sdkCollectionResults, ...additionalCollectionResults] = await Promise.all([this._sdkMetricProducer.collect({ timeoutMillis: options3?.timeoutMillis }), ...this._metricProducers.map((producer) => producer.collect({ timeoutMillis: options3?.timeoutMillis }))]);
    const endTime = hrTime();
    const errors = sdkCollectionResults.errors.concat(additionalCollectionResults.flatMap((result) => result.errors));
    const collectDuration = hrTimeToSeconds(hrTimeDuration(startTime, endTime));
    this._selfObsMetrics.recordCollection(collectDuration, errors.length > 0 ? errors[0].name ?? "collect_error" : void 0);
    return {
      resourceMetrics: {
        resource: sdkCollectionResults.resourceMetrics.resource,
        scopeMetrics: sdkCollectionResults.resourceMetrics.scopeMetrics.concat(additionalCollectionResults.flatMap((result) => result.resourceMetrics.scopeMetrics))
      },
      errors
    };
  }
  async shutdown(options3) {
    if (this._shutdown) {
      api3.diag.error("Cannot call shutdown twice.");
      return;
    }
    if (options3?.timeoutMillis == null) await this.onShutdown();
    else await callWithTimeout(this.onShutdown(), options3.timeoutMillis);
    this._shutdown = true;
  }
  async forceFlush(options3) {
    if (this._shutdown) {
      api3.diag.warn("Cannot forceFlush on already shutdown MetricReader.");
      return;
    }
    if (options3?.timeoutMillis == null) {
      await this.onForceFlush();
      return;
    }
    await callWithTimeout(this.onForceFlush(), options3.timeoutMillis);
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/export/PeriodicExportingMetricReader.mjs
init_esm_shims();

// node_modules/@opentelemetry/sdk-metrics/dist/export/MetricDataSplitter.mjs
init_esm_shims();
function splitMetricData(resourceMetrics, maxExportBatchSize) {
  if (!Number.isInteger(maxExportBatchSize) || maxExportBatchSize <= 0) throw new Error("maxExportBatchSize must be a positive integer");
  const batches = [];
  let currentBatchPoints = 0;
  let currentScopeMetrics = [];
  function flush() {
    if (currentScopeMetrics.length > 0) {
      batches.push({
        resource: resourceMetrics.resource,
        scopeMetrics: currentScopeMetrics
      });
      currentScopeMetrics = [];
      currentBatchPoints = 0;
    }
  }
  for (const scopeMetric of resourceMetrics.scopeMetrics) {
    let scopeMetricCopy = null;
    for (const metric of scopeMetric.metrics) {
      const dataPoints = metric.dataPoints;
      if (dataPoints.length === 0) {
        if (!scopeMetricCopy) {
          scopeMetricCopy = {
            scope: scopeMetric.scope,
            metrics: []
          };
          currentScopeMetrics.push(scopeMetricCopy);
        }
        scopeMetricCopy.metrics.push(metric);
        continue;
      }
      let offset = 0;
      while (offset < dataPoints.length) {
        const spaceLeft = maxExportBatchSize - currentBatchPoints;
        const take = Math.min(spaceLeft, dataPoints.length - offset);
        if (!scopeMetricCopy) {
          scopeMetricCopy = {
            scope: scopeMetric.scope,
            metrics: []
          };
          currentScopeMetrics.push(scopeMetricCopy);
        }
        const metricCopy = {
          ...metric,
          dataPoints: dataPoints.slice(offset, offset + take)
        };
        scopeMetricCopy.metrics.push(metricCopy);
        offset += take;
        currentBatchPoints += take;
        if (currentBatchPoints === maxExportBatchSize) {
          flush();
          scopeMetricCopy = null;
        }
      }
    }
  }
  flush();
  return batches;
}

// node_modules/@opentelemetry/sdk-metrics/dist/export/PeriodicExportingMetricReader.mjs
import * as api4 from "@opentelemetry/api";
var PeriodicExportingMetricReader = class extends MetricReader {
  _interval;
  _exporter;
  _exportInterval;
  _exportTimeout;
  _maxExportBatchSize;
  _ongoingExportPromise = null;
  constructor(options3) {
    const { exporter, exportIntervalMillis = 6e4, metricProducers, cardinalityLimits, maxExportBatchSize } = options3;
    let { exportTimeoutMillis = 3e4 } = options3;
    super({
      aggregationSelector: exporter.selectAggregation?.bind(exporter),
      aggregationTemporalitySelector: exporter.selectAggregationTemporality?.bind(exporter),
      otelComponentType: OTEL_COMPONENT_TYPE_VALUE_PERIODIC_METRIC_READER,
      metricProducers,
      cardinalitySelector: (instrumentType) => {
        const limits = {
          default: 2e3,
          ...cardinalityLimits
        };
        switch (instrumentType) {
          case "COUNTER":
            return limits.counter ?? limits.default;
          case "GAUGE":
            return limits.gauge ?? limits.default;
          case "HISTOGRAM":
            return limits.histogram ?? limits.default;
          case "OBSERVABLE_COUNTER":
            return limits.observableCounter ?? limits.default;
          case "OBSERVABLE_UP_DOWN_COUNTER":
            return limits.observableUpDownCounter ?? limits.default;
          case "OBSERVABLE_GAUGE":
            return limits.observableGauge ?? limits.default;
          case "UP_DOWN_COUNTER":
            return limits.upDownCounter ?? limits.default;
          default:
            return limits.default;
        }
      }
    });
    if (exportIntervalMillis <= 0) throw Error("exportIntervalMillis must be greater than 0");
    if (exportTimeoutMillis <= 0) throw Error("exportTimeoutMillis must be greater than 0");
    if (maxExportBatchSize !== void 0 && (!Number.isInteger(maxExportBatchSize) || maxExportBatchSize <= 0)) throw Error("maxExportBatchSize must be a positive integer");
    if (exportIntervalMillis < exportTimeoutMillis) {
      if ("exportIntervalMillis" in options3 && "exportTimeoutMillis" in options3) throw Error("exportIntervalMillis must be greater than or equal to exportTimeoutMillis");
      else {
        api4.diag.info(`Timeout of ${exportTimeoutMillis} exceeds the interval of ${exportIntervalMillis}. Clamping timeout to interval duration.`);
        exportTimeoutMillis = exportIntervalMillis;
      }
    }
    this._exportInterval = exportIntervalMillis;
    this._exportTimeout = exportTimeoutMillis;
    this._exporter = exporter;
    this._maxExportBatchSize = maxExportBatchSize;
  }
  async _runOnce() {
    try {
      await this._doRun();
    } catch (err) {
      globalErrorHandler(err);
    }
  }
  async _doRun() {
    if (this._ongoingExportPromise) {
      api4.diag.debug("PeriodicExportingMetricReader: export already in progress, skipping");
      return;
    }
    const currentRun = async () => {
      const { resourceMetrics, errors } = await this.collect({ timeoutMillis: this._exportTimeout });
      if (errors.length > 0) api4.diag.error("PeriodicExportingMetricReader: metrics collection errors", ...errors);
      if (resourceMetrics.resource.asyncAttributesPending) try {
        await resourceMetrics.resource.waitForAsyncAttributes?.();
      } catch (e) {
        api4.diag.debug("Error while resolving async portion of resource: ", e);
        globalErrorHandler(e);
      }
      if (resourceMetrics.scopeMetrics.length === 0) return;
      const batches = this._maxExportBatchSize ? splitMetricData(resourceMetrics, this._maxExportBatchSize) : [resourceMetrics];
      let anyErr = null;
      for (const batch of batches) try {
        const result = await callWithTimeout(internal._export(this._exporter, batch), this._exportTimeout);
        if (result.code !== ExportResultCode.SUCCESS) anyErr = /* @__PURE__ */ new Error(`PeriodicExportingMetricReader: metrics export failed (error ${result.error})`);
      } catch (e) {
        if (e instanceof TimeoutError) {
          api4.diag.error(`PeriodicExportingMetricReader: metrics export timed out after ${this._exportTimeout}ms`);
          break;
        } else {
          api4.diag.error("PeriodicExportingMetricReader: metrics export threw error", e);
          anyErr = e instanceof Error ? e : new Error(String(e));
        }
      }
      if (anyErr) throw anyErr;
    };
    this._ongoingExportPromise = currentRun();
    try {
      await this._ongoingExportPromise;
    } finally {
      this._ongoingExportPromise = null;
    }
  }
  onInitialized() {
    this._interval = setInterval(() => {
      this._runOnce();
    }, this._exportInterval);
    unrefTimer2(this._interval);
  }
  async onForceFlush() {
    await this._awaitOngoingExport();
    if (this._ongoingExportPromise) await this._awaitOngoingExport();
    else await this._runOnce();
    await this._exporter.forceFlush();
  }
  /**
  * Helper function to wait for an ongoing export to complete.
  * Errors are swallowed and handled by the original _runOnce().
  */
  async _awaitOngoingExport() {
    if (this._ongoingExportPromise) {
      api4.diag.debug("PeriodicExportingMetricReader: export already in progress, awaiting ongoing export");
      try {
        await this._ongoingExportPromise;
      } catch {
      }
    }
  }
  async onShutdown() {
    if (this._interval) clearInterval(this._interval);
    await this.onForceFlush();
    await this._exporter.shutdown();
  }
};
function unrefTimer2(timer) {
  const handle = timer;
  if (typeof handle !== "number") handle.unref?.();
}

// node_modules/@opentelemetry/sdk-metrics/dist/export/ConsoleMetricExporter.mjs
init_esm_shims();
var ConsoleMetricExporter = class ConsoleMetricExporter2 {
  _shutdown = false;
  _temporalitySelector;
  constructor(options3) {
    this._temporalitySelector = options3?.temporalitySelector ?? DEFAULT_AGGREGATION_TEMPORALITY_SELECTOR;
  }
  export(metrics3, resultCallback) {
    if (this._shutdown) {
      resultCallback({ code: ExportResultCode.FAILED });
      return;
    }
    return ConsoleMetricExporter2._sendMetrics(metrics3, resultCallback);
  }
  forceFlush() {
    return Promise.resolve();
  }
  selectAggregationTemporality(_instrumentType) {
    return this._temporalitySelector(_instrumentType);
  }
  shutdown() {
    this._shutdown = true;
    return Promise.resolve();
  }
  static _sendMetrics(metrics3, done) {
    for (const scopeMetrics of metrics3.scopeMetrics) for (const metric of scopeMetrics.metrics) console.dir({
      descriptor: metric.descriptor,
      dataPointType: metric.dataPointType,
      dataPoints: metric.dataPoints
    }, { depth: null });
    done({ code: ExportResultCode.SUCCESS });
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/view/AttributesProcessor.mjs
init_esm_shims();
var NoopAttributesProcessor = class {
  process(incoming, _context) {
    return incoming;
  }
};
var MultiAttributesProcessor = class {
  _processors;
  constructor(processors2) {
    this._processors = processors2;
  }
  process(incoming, context12) {
    let filteredAttributes = incoming;
    for (const processor of this._processors) filteredAttributes = processor.process(filteredAttributes, context12);
    return filteredAttributes;
  }
};
function createNoopAttributesProcessor() {
  return NOOP;
}
function createMultiAttributesProcessor(processors2) {
  return new MultiAttributesProcessor(processors2);
}
var NOOP = new NoopAttributesProcessor();

// node_modules/@opentelemetry/sdk-metrics/dist/MeterProvider.mjs
init_esm_shims();

// node_modules/@opentelemetry/sdk-metrics/dist/state/MeterProviderSharedState.mjs
init_esm_shims();

// node_modules/@opentelemetry/sdk-metrics/dist/view/ViewRegistry.mjs
init_esm_shims();
var ViewRegistry = class {
  _registeredViews = [];
  addView(view) {
    this._registeredViews.push(view);
  }
  findViews(instrument, meter) {
    return this._registeredViews.filter((registeredView) => {
      return this._matchInstrument(registeredView.instrumentSelector, instrument) && this._matchMeter(registeredView.meterSelector, meter);
    });
  }
  _matchInstrument(selector, instrument) {
    return (selector.getType() === void 0 || instrument.type === selector.getType()) && selector.getNameFilter().match(instrument.name) && selector.getUnitFilter().match(instrument.unit);
  }
  _matchMeter(selector, meter) {
    return selector.getNameFilter().match(meter.name) && (meter.version === void 0 || selector.getVersionFilter().match(meter.version)) && (meter.schemaUrl === void 0 || selector.getSchemaUrlFilter().match(meter.schemaUrl));
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/state/MeterSharedState.mjs
init_esm_shims();

// node_modules/@opentelemetry/sdk-metrics/dist/InstrumentDescriptor.mjs
init_esm_shims();
import { ValueType as ValueType3, diag as diag21 } from "@opentelemetry/api";
function createInstrumentDescriptor(name, type, options3) {
  if (!isValidName(name)) diag21.warn(`Invalid metric name: "${name}". The metric name should be a ASCII string with a length no greater than 255 characters.`);
  return {
    name,
    type,
    description: options3?.description ?? "",
    unit: options3?.unit ?? "",
    valueType: options3?.valueType ?? ValueType3.DOUBLE,
    advice: options3?.advice ?? {}
  };
}
function createInstrumentDescriptorWithView(view, instrument) {
  return {
    name: view.name ?? instrument.name,
    description: view.description ?? instrument.description,
    type: instrument.type,
    unit: instrument.unit,
    valueType: instrument.valueType,
    advice: instrument.advice
  };
}
function isDescriptorCompatibleWith(descriptor2, otherDescriptor) {
  return equalsCaseInsensitive(descriptor2.name, otherDescriptor.name) && descriptor2.unit === otherDescriptor.unit && descriptor2.type === otherDescriptor.type && descriptor2.valueType === otherDescriptor.valueType;
}
var NAME_REGEXP = /^[a-z][a-z0-9_.\-/]{0,254}$/i;
function isValidName(name) {
  return NAME_REGEXP.test(name);
}

// node_modules/@opentelemetry/sdk-metrics/dist/Meter.mjs
init_esm_shims();

// node_modules/@opentelemetry/sdk-metrics/dist/Instruments.mjs
init_esm_shims();
import { ValueType as ValueType4, diag as diag22 } from "@opentelemetry/api";
var SyncInstrument = class {
  _writableMetricStorage;
  _descriptor;
  constructor(writableMetricStorage, descriptor2) {
    this._writableMetricStorage = writableMetricStorage;
    this._descriptor = descriptor2;
  }
  _record(value, attributes2 = {}, context12) {
    if (typeof value !== "number") {
      diag22.warn(`non-number value provided to metric ${this._descriptor.name}: ${value}`);
      return;
    }
    if (this._descriptor.valueType === ValueType4.INT && !Number.isInteger(value)) {
      diag22.warn(`INT value type cannot accept a floating-point value for ${this._descriptor.name}, ignoring the fractional digits.`);
      value = Math.trunc(value);
      if (!Number.isInteger(value)) return;
    }
    this._writableMetricStorage.record(value, attributes2, context12, Date.now());
  }
};
var UpDownCounterInstrument = class extends SyncInstrument {
  /**
  * Increment value of counter by the input. Inputs may be negative.
  */
  add(value, attributes2, ctx) {
    this._record(value, attributes2, ctx);
  }
};
var CounterInstrument = class extends SyncInstrument {
  /**
  * Increment value of counter by the input. Inputs may not be negative.
  */
  add(value, attributes2, ctx) {
    if (value < 0) {
      diag22.warn(`negative value provided to counter ${this._descriptor.name}: ${value}`);
      return;
    }
    this._record(value, attributes2, ctx);
  }
};
var GaugeInstrument = class extends SyncInstrument {
  /**
  * Records a measurement.
  */
  record(value, attributes2, ctx) {
    this._record(value, attributes2, ctx);
  }
};
var HistogramInstrument = class extends SyncInstrument {
  /**
  * Records a measurement. Value of the measurement must not be negative.
  */
  record(value, attributes2, ctx) {
    if (value < 0) {
      diag22.warn(`negative value provided to histogram ${this._descriptor.name}: ${value}`);
      return;
    }
    this._record(value, attributes2, ctx);
  }
};
var ObservableInstrument = class {
  /** @internal */
  _metricStorages;
  /** @internal */
  _descriptor;
  _observableRegistry;
  constructor(descriptor2, metricStorages, observableRegistry) {
    this._descriptor = descriptor2;
    this._metricStorages = metricStorages;
    this._observableRegistry = observableRegistry;
  }
  /**
  * @see {Observable.addCallback}
  */
  addCallback(callback) {
    this._observableRegistry.addCallback(callback, this);
  }
  /**
  * @see {Observable.removeCallback}
  */
  removeCallback(callback) {
    this._observableRegistry.removeCallback(callback, this);
  }
};
var ObservableCounterInstrument = class extends ObservableInstrument {
};
var ObservableGaugeInstrument = class extends ObservableInstrument {
};
var ObservableUpDownCounterInstrument = class extends ObservableInstrument {
};
function isObservableInstrument(it) {
  return it instanceof ObservableInstrument;
}

// node_modules/@opentelemetry/sdk-metrics/dist/Meter.mjs
var Meter = class {
  _meterSharedState;
  constructor(meterSharedState) {
    this._meterSharedState = meterSharedState;
  }
  /**
  * Create a {@link Gauge} instrument.
  */
  createGauge(name, options3) {
    const descriptor2 = createInstrumentDescriptor(name, "GAUGE", options3);
    const storage = this._meterSharedState.registerMetricStorage(descriptor2);
    return new GaugeInstrument(storage, descriptor2);
  }
  /**
  * Create a {@link Histogram} instrument.
  */
  createHistogram(name, options3) {
    const descriptor2 = createInstrumentDescriptor(name, "HISTOGRAM", options3);
    const storage = this._meterSharedState.registerMetricStorage(descriptor2);
    return new HistogramInstrument(storage, descriptor2);
  }
  /**
  * Create a {@link Counter} instrument.
  */
  createCounter(name, options3) {
    const descriptor2 = createInstrumentDescriptor(name, "COUNTER", options3);
    const storage = this._meterSharedState.registerMetricStorage(descriptor2);
    return new CounterInstrument(storage, descriptor2);
  }
  /**
  * Create a {@link UpDownCounter} instrument.
  */
  createUpDownCounter(name, options3) {
    const descriptor2 = createInstrumentDescriptor(name, "UP_DOWN_COUNTER", options3);
    const storage = this._meterSharedState.registerMetricStorage(descriptor2);
    return new UpDownCounterInstrument(storage, descriptor2);
  }
  /**
  * Create a {@link ObservableGauge} instrument.
  */
  createObservableGauge(name, options3) {
    const descriptor2 = createInstrumentDescriptor(name, "OBSERVABLE_GAUGE", options3);
    const storages = this._meterSharedState.registerAsyncMetricStorage(descriptor2);
    return new ObservableGaugeInstrument(descriptor2, storages, this._meterSharedState.observableRegistry);
  }
  /**
  * Create a {@link ObservableCounter} instrument.
  */
  createObservableCounter(name, options3) {
    const descriptor2 = createInstrumentDescriptor(name, "OBSERVABLE_COUNTER", options3);
    const storages = this._meterSharedState.registerAsyncMetricStorage(descriptor2);
    return new ObservableCounterInstrument(descriptor2, storages, this._meterSharedState.observableRegistry);
  }
  /**
  * Create a {@link ObservableUpDownCounter} instrument.
  */
  createObservableUpDownCounter(name, options3) {
    const descriptor2 = createInstrumentDescriptor(name, "OBSERVABLE_UP_DOWN_COUNTER", options3);
    const storages = this._meterSharedState.registerAsyncMetricStorage(descriptor2);
    return new ObservableUpDownCounterInstrument(descriptor2, storages, this._meterSharedState.observableRegistry);
  }
  /**
  * @see {@link Meter.addBatchObservableCallback}
  */
  addBatchObservableCallback(callback, observables) {
    this._meterSharedState.observableRegistry.addBatchCallback(callback, observables);
  }
  /**
  * @see {@link Meter.removeBatchObservableCallback}
  */
  removeBatchObservableCallback(callback, observables) {
    this._meterSharedState.observableRegistry.removeBatchCallback(callback, observables);
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/state/AsyncMetricStorage.mjs
init_esm_shims();

// node_modules/@opentelemetry/sdk-metrics/dist/state/MetricStorage.mjs
init_esm_shims();
var MetricStorage = class {
  _instrumentDescriptor;
  constructor(instrumentDescriptor) {
    this._instrumentDescriptor = instrumentDescriptor;
  }
  getInstrumentDescriptor() {
    return this._instrumentDescriptor;
  }
  updateDescription(description) {
    this._instrumentDescriptor = createInstrumentDescriptor(this._instrumentDescriptor.name, this._instrumentDescriptor.type, {
      description,
      valueType: this._instrumentDescriptor.valueType,
      unit: this._instrumentDescriptor.unit,
      advice: this._instrumentDescriptor.advice
    });
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/state/HashMap.mjs
init_esm_shims();
var HashMap = class {
  _valueMap = /* @__PURE__ */ new Map();
  _keyMap = /* @__PURE__ */ new Map();
  _hash;
  constructor(hash) {
    this._hash = hash;
  }
  get(key, hashCode) {
    hashCode ??= this._hash(key);
    return this._valueMap.get(hashCode);
  }
  getOrDefault(key, defaultFactory) {
    const hash = this._hash(key);
    if (this._valueMap.has(hash)) return this._valueMap.get(hash);
    const val = defaultFactory();
    if (!this._keyMap.has(hash)) this._keyMap.set(hash, key);
    this._valueMap.set(hash, val);
    return val;
  }
  set(key, value, hashCode) {
    hashCode ??= this._hash(key);
    if (!this._keyMap.has(hashCode)) this._keyMap.set(hashCode, key);
    this._valueMap.set(hashCode, value);
  }
  has(key, hashCode) {
    hashCode ??= this._hash(key);
    return this._valueMap.has(hashCode);
  }
  *keys() {
    const keyIterator = this._keyMap.entries();
    let next = keyIterator.next();
    while (next.done !== true) {
      yield [next.value[1], next.value[0]];
      next = keyIterator.next();
    }
  }
  *entries() {
    const valueIterator = this._valueMap.entries();
    let next = valueIterator.next();
    while (next.done !== true) {
      yield [
        this._keyMap.get(next.value[0]),
        next.value[1],
        next.value[0]
      ];
      next = valueIterator.next();
    }
  }
  get size() {
    return this._valueMap.size;
  }
};
var AttributeHashMap = class extends HashMap {
  constructor() {
    super(hashAttributes);
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/state/DeltaMetricProcessor.mjs
init_esm_shims();
var DeltaMetricProcessor = class {
  _activeCollectionStorage = new AttributeHashMap();
  _cumulativeMemoStorage = new AttributeHashMap();
  _cardinalityLimit;
  _overflowAttributes = { "otel.metric.overflow": true };
  _overflowHashCode;
  _aggregator;
  constructor(aggregator, aggregationCardinalityLimit) {
    this._aggregator = aggregator;
    this._cardinalityLimit = (aggregationCardinalityLimit ?? 2e3) - 1;
    this._overflowHashCode = hashAttributes(this._overflowAttributes);
  }
  record(value, attributes2, collectionTime) {
    let accumulation = this._activeCollectionStorage.get(attributes2);
    if (!accumulation) {
      const hrTime4 = millisToHrTime(collectionTime);
      if (this._activeCollectionStorage.size >= this._cardinalityLimit) {
        this._activeCollectionStorage.getOrDefault(this._overflowAttributes, () => this._aggregator.createAccumulation(hrTime4))?.record(value);
        return;
      }
      accumulation = this._aggregator.createAccumulation(hrTime4);
      this._activeCollectionStorage.set(attributes2, accumulation);
    }
    accumulation?.record(value);
  }
  batchCumulate(measurements, collectionTime) {
    for (const [originalAttributes, value, originalHashCode] of measurements.entries()) {
      let attributes2 = originalAttributes;
      let hashCode = originalHashCode;
      const accumulation = this._aggregator.createAccumulation(collectionTime);
      accumulation?.record(value);
      let delta = accumulation;
      if (this._cumulativeMemoStorage.has(attributes2, hashCode)) {
        const previous = this._cumulativeMemoStorage.get(attributes2, hashCode);
        delta = this._aggregator.diff(previous, accumulation);
      } else if (this._cumulativeMemoStorage.size >= this._cardinalityLimit) {
        attributes2 = this._overflowAttributes;
        hashCode = this._overflowHashCode;
        if (this._cumulativeMemoStorage.has(attributes2, hashCode)) {
          const previous = this._cumulativeMemoStorage.get(attributes2, hashCode);
          delta = this._aggregator.diff(previous, accumulation);
        }
      }
      if (this._activeCollectionStorage.has(attributes2, hashCode)) {
        const active = this._activeCollectionStorage.get(attributes2, hashCode);
        delta = this._aggregator.merge(active, delta);
      }
      this._cumulativeMemoStorage.set(attributes2, accumulation, hashCode);
      this._activeCollectionStorage.set(attributes2, delta, hashCode);
    }
  }
  /**
  * Returns a collection of delta metrics. Start time is the when first
  * time event collected.
  */
  collect() {
    const unreportedDelta = this._activeCollectionStorage;
    this._activeCollectionStorage = new AttributeHashMap();
    return unreportedDelta;
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/state/TemporalMetricProcessor.mjs
init_esm_shims();
var TemporalMetricProcessor = class TemporalMetricProcessor2 {
  _aggregator;
  _unreportedAccumulations = /* @__PURE__ */ new Map();
  _reportHistory = /* @__PURE__ */ new Map();
  constructor(aggregator, collectorHandles) {
    this._aggregator = aggregator;
    collectorHandles.forEach((handle) => {
      this._unreportedAccumulations.set(handle, []);
    });
  }
  /**
  * Builds the {@link MetricData} streams to report against a specific MetricCollector.
  * @param collector The information of the MetricCollector.
  * @param collectors The registered collectors.
  * @param instrumentDescriptor The instrumentation descriptor that these metrics generated with.
  * @param currentAccumulations The current accumulation of metric data from instruments.
  * @param collectionTime The current collection timestamp.
  * @returns The {@link MetricData} points or `null`.
  */
  buildMetrics(collector, instrumentDescriptor, currentAccumulations, collectionTime) {
    this._stashAccumulations(currentAccumulations);
    const unreportedAccumulations = this._getMergedUnreportedAccumulations(collector);
    let result = unreportedAccumulations;
    let aggregationTemporality;
    if (this._reportHistory.has(collector)) {
      const last = this._reportHistory.get(collector);
      const lastCollectionTime = last.collectionTime;
      aggregationTemporality = last.aggregationTemporality;
      if (aggregationTemporality === 1) result = TemporalMetricProcessor2.merge(last.accumulations, unreportedAccumulations, this._aggregator);
      else result = TemporalMetricProcessor2.calibrateStartTime(last.accumulations, unreportedAccumulations, lastCollectionTime);
    } else aggregationTemporality = collector.selectAggregationTemporality(instrumentDescriptor.type);
    this._reportHistory.set(collector, {
      accumulations: result,
      collectionTime,
      aggregationTemporality
    });
    const accumulationRecords = AttributesMapToAccumulationRecords(result);
    if (accumulationRecords.length === 0) return;
    return this._aggregator.toMetricData(instrumentDescriptor, aggregationTemporality, accumulationRecords, collectionTime);
  }
  _stashAccumulations(currentAccumulation) {
    const registeredCollectors = this._unreportedAccumulations.keys();
    for (const collector of registeredCollectors) {
      let stash = this._unreportedAccumulations.get(collector);
      if (stash === void 0) {
        stash = [];
        this._unreportedAccumulations.set(collector, stash);
      }
      stash.push(currentAccumulation);
    }
  }
  _getMergedUnreportedAccumulations(collector) {
    let result = new AttributeHashMap();
    const unreportedList = this._unreportedAccumulations.get(collector);
    this._unreportedAccumulations.set(collector, []);
    if (unreportedList === void 0) return result;
    for (const it of unreportedList) result = TemporalMetricProcessor2.merge(result, it, this._aggregator);
    return result;
  }
  static merge(last, current, aggregator) {
    const result = last;
    const iterator = current.entries();
    let next = iterator.next();
    while (next.done !== true) {
      const [key, record, hash] = next.value;
      if (last.has(key, hash)) {
        const lastAccumulation = last.get(key, hash);
        const accumulation = aggregator.merge(lastAccumulation, record);
        result.set(key, accumulation, hash);
      } else result.set(key, record, hash);
      next = iterator.next();
    }
    return result;
  }
  /**
  * Calibrate the reported metric streams' startTime to lastCollectionTime. Leaves
  * the new stream to be the initial observation time unchanged.
  */
  static calibrateStartTime(last, current, lastCollectionTime) {
    for (const [key, hash] of last.keys()) current.get(key, hash)?.setStartTime(lastCollectionTime);
    return current;
  }
};
function AttributesMapToAccumulationRecords(map) {
  return Array.from(map.entries());
}

// node_modules/@opentelemetry/sdk-metrics/dist/state/AsyncMetricStorage.mjs
var AsyncMetricStorage = class extends MetricStorage {
  _aggregationCardinalityLimit;
  _deltaMetricStorage;
  _temporalMetricStorage;
  _attributesProcessor;
  constructor(_instrumentDescriptor, aggregator, attributesProcessor, collectorHandles, aggregationCardinalityLimit) {
    super(_instrumentDescriptor);
    this._aggregationCardinalityLimit = aggregationCardinalityLimit;
    this._deltaMetricStorage = new DeltaMetricProcessor(aggregator, this._aggregationCardinalityLimit);
    this._temporalMetricStorage = new TemporalMetricProcessor(aggregator, collectorHandles);
    this._attributesProcessor = attributesProcessor;
  }
  record(measurements, observationTime) {
    if (this._attributesProcessor === void 0) {
      this._deltaMetricStorage.batchCumulate(measurements, observationTime);
      return;
    }
    const processed = new AttributeHashMap();
    for (const [attributes2, value] of measurements.entries()) processed.set(this._attributesProcessor.process(attributes2), value);
    this._deltaMetricStorage.batchCumulate(processed, observationTime);
  }
  /**
  * Collects the metrics from this storage. The ObservableCallback is invoked
  * during the collection.
  *
  * Note: This is a stateful operation and may reset any interval-related
  * state for the MetricCollector.
  */
  collect(collector, collectionTime) {
    const accumulations = this._deltaMetricStorage.collect();
    return this._temporalMetricStorage.buildMetrics(collector, this._instrumentDescriptor, accumulations, collectionTime);
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/state/MetricStorageRegistry.mjs
init_esm_shims();

// node_modules/@opentelemetry/sdk-metrics/dist/view/RegistrationConflicts.mjs
init_esm_shims();
function getIncompatibilityDetails(existing, otherDescriptor) {
  let incompatibility = "";
  if (existing.unit !== otherDescriptor.unit) incompatibility += `	- Unit '${existing.unit}' does not match '${otherDescriptor.unit}'
`;
  if (existing.type !== otherDescriptor.type) incompatibility += `	- Type '${existing.type}' does not match '${otherDescriptor.type}'
`;
  if (existing.valueType !== otherDescriptor.valueType) incompatibility += `	- Value Type '${existing.valueType}' does not match '${otherDescriptor.valueType}'
`;
  if (existing.description !== otherDescriptor.description) incompatibility += `	- Description '${existing.description}' does not match '${otherDescriptor.description}'
`;
  return incompatibility;
}
function getValueTypeConflictResolutionRecipe(existing, otherDescriptor) {
  return `	- use valueType '${existing.valueType}' on instrument creation or use an instrument name other than '${otherDescriptor.name}'`;
}
function getUnitConflictResolutionRecipe(existing, otherDescriptor) {
  return `	- use unit '${existing.unit}' on instrument creation or use an instrument name other than '${otherDescriptor.name}'`;
}
function getTypeConflictResolutionRecipe(existing, otherDescriptor) {
  const selector = {
    name: otherDescriptor.name,
    type: otherDescriptor.type,
    unit: otherDescriptor.unit
  };
  const selectorString = JSON.stringify(selector);
  return `	- create a new view with a name other than '${existing.name}' and InstrumentSelector '${selectorString}'`;
}
function getDescriptionResolutionRecipe(existing, otherDescriptor) {
  const selector = {
    name: otherDescriptor.name,
    type: otherDescriptor.type,
    unit: otherDescriptor.unit
  };
  const selectorString = JSON.stringify(selector);
  return `	- create a new view with a name other than '${existing.name}' and InstrumentSelector '${selectorString}'
    	- OR - create a new view with the name ${existing.name} and description '${existing.description}' and InstrumentSelector ${selectorString}
    	- OR - create a new view with the name ${otherDescriptor.name} and description '${existing.description}' and InstrumentSelector ${selectorString}`;
}
function getConflictResolutionRecipe(existing, otherDescriptor) {
  if (existing.valueType !== otherDescriptor.valueType) return getValueTypeConflictResolutionRecipe(existing, otherDescriptor);
  if (existing.unit !== otherDescriptor.unit) return getUnitConflictResolutionRecipe(existing, otherDescriptor);
  if (existing.type !== otherDescriptor.type) return getTypeConflictResolutionRecipe(existing, otherDescriptor);
  if (existing.description !== otherDescriptor.description) return getDescriptionResolutionRecipe(existing, otherDescriptor);
  return "";
}

// node_modules/@opentelemetry/sdk-metrics/dist/state/MetricStorageRegistry.mjs
import * as api5 from "@opentelemetry/api";
var MetricStorageRegistry = class MetricStorageRegistry2 {
  _sharedRegistry = /* @__PURE__ */ new Map();
  _perCollectorRegistry = /* @__PURE__ */ new Map();
  static create() {
    return new MetricStorageRegistry2();
  }
  getStorages(collector) {
    let storages = [];
    for (const metricStorages of this._sharedRegistry.values()) storages = storages.concat(metricStorages);
    const perCollectorStorages = this._perCollectorRegistry.get(collector);
    if (perCollectorStorages != null) for (const metricStorages of perCollectorStorages.values()) storages = storages.concat(metricStorages);
    return storages;
  }
  register(storage) {
    this._registerStorage(storage, this._sharedRegistry);
  }
  registerForCollector(collector, storage) {
    let storageMap = this._perCollectorRegistry.get(collector);
    if (storageMap == null) {
      storageMap = /* @__PURE__ */ new Map();
      this._perCollectorRegistry.set(collector, storageMap);
    }
    this._registerStorage(storage, storageMap);
  }
  findOrUpdateCompatibleStorage(expectedDescriptor) {
    const storages = this._sharedRegistry.get(expectedDescriptor.name);
    if (storages === void 0) return null;
    return this._findOrUpdateCompatibleStorage(expectedDescriptor, storages);
  }
  findOrUpdateCompatibleCollectorStorage(collector, expectedDescriptor) {
    const storageMap = this._perCollectorRegistry.get(collector);
    if (storageMap === void 0) return null;
    const storages = storageMap.get(expectedDescriptor.name);
    if (storages === void 0) return null;
    return this._findOrUpdateCompatibleStorage(expectedDescriptor, storages);
  }
  _registerStorage(storage, storageMap) {
    const descriptor2 = storage.getInstrumentDescriptor();
    const storages = storageMap.get(descriptor2.name);
    if (storages === void 0) {
      storageMap.set(descriptor2.name, [storage]);
      return;
    }
    storages.push(storage);
  }
  _findOrUpdateCompatibleStorage(expectedDescriptor, existingStorages) {
    let compatibleStorage = null;
    for (const existingStorage of existingStorages) {
      const existingDescriptor = existingStorage.getInstrumentDescriptor();
      if (isDescriptorCompatibleWith(existingDescriptor, expectedDescriptor)) {
        if (existingDescriptor.description !== expectedDescriptor.description) {
          if (expectedDescriptor.description.length > existingDescriptor.description.length) existingStorage.updateDescription(expectedDescriptor.description);
          api5.diag.warn("A view or instrument with the name ", expectedDescriptor.name, " has already been registered, but has a different description and is incompatible with another registered view.\n", "Details:\n", getIncompatibilityDetails(existingDescriptor, expectedDescriptor), "The longer description will be used.\nTo resolve the conflict:", getConflictResolutionRecipe(existingDescriptor, expectedDescriptor));
        }
        compatibleStorage = existingStorage;
      } else api5.diag.warn("A view or instrument with the name ", expectedDescriptor.name, " has already been registered and is incompatible with another registered view.\n", "Details:\n", getIncompatibilityDetails(existingDescriptor, expectedDescriptor), "To resolve the conflict:\n", getConflictResolutionRecipe(existingDescriptor, expectedDescriptor));
    }
    return compatibleStorage;
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/state/MultiWritableMetricStorage.mjs
init_esm_shims();
import { context as context8 } from "@opentelemetry/api";
var MultiMetricStorage = class {
  _backingStorages;
  hasAttributeProcessor;
  constructor(backingStorages) {
    this._backingStorages = backingStorages;
    this.hasAttributeProcessor = backingStorages.some((s) => s.hasAttributeProcessor);
  }
  record(value, attributes2, context$1, recordTime) {
    if (this.hasAttributeProcessor && context$1 === void 0) context$1 = context8.active();
    const storages = this._backingStorages;
    for (let i = 0; i < storages.length; i++) storages[i].record(value, attributes2, context$1, recordTime);
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/state/ObservableRegistry.mjs
init_esm_shims();

// node_modules/@opentelemetry/sdk-metrics/dist/ObservableResult.mjs
init_esm_shims();
import { ValueType as ValueType5, diag as diag24 } from "@opentelemetry/api";
var ObservableResultImpl = class {
  /**
  * @internal
  */
  _buffer = new AttributeHashMap();
  _instrumentName;
  _valueType;
  constructor(instrumentName, valueType) {
    this._instrumentName = instrumentName;
    this._valueType = valueType;
  }
  /**
  * Observe a measurement of the value associated with the given attributes.
  */
  observe(value, attributes2 = {}) {
    if (typeof value !== "number") {
      diag24.warn(`non-number value provided to metric ${this._instrumentName}: ${value}`);
      return;
    }
    if (this._valueType === ValueType5.INT && !Number.isInteger(value)) {
      diag24.warn(`INT value type cannot accept a floating-point value for ${this._instrumentName}, ignoring the fractional digits.`);
      value = Math.trunc(value);
      if (!Number.isInteger(value)) return;
    }
    this._buffer.set(attributes2, value);
  }
};
var BatchObservableResultImpl = class {
  /**
  * @internal
  */
  _buffer = /* @__PURE__ */ new Map();
  /**
  * Observe a measurement of the value associated with the given attributes.
  */
  observe(metric, value, attributes2 = {}) {
    if (!isObservableInstrument(metric)) return;
    let map = this._buffer.get(metric);
    if (map == null) {
      map = new AttributeHashMap();
      this._buffer.set(metric, map);
    }
    if (typeof value !== "number") {
      diag24.warn(`non-number value provided to metric ${metric._descriptor.name}: ${value}`);
      return;
    }
    if (metric._descriptor.valueType === ValueType5.INT && !Number.isInteger(value)) {
      diag24.warn(`INT value type cannot accept a floating-point value for ${metric._descriptor.name}, ignoring the fractional digits.`);
      value = Math.trunc(value);
      if (!Number.isInteger(value)) return;
    }
    map.set(attributes2, value);
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/state/ObservableRegistry.mjs
import { diag as diag25 } from "@opentelemetry/api";
var ObservableRegistry = class {
  _callbacks = [];
  _batchCallbacks = [];
  addCallback(callback, instrument) {
    if (this._findCallback(callback, instrument) >= 0) return;
    this._callbacks.push({
      callback,
      instrument
    });
  }
  removeCallback(callback, instrument) {
    const idx = this._findCallback(callback, instrument);
    if (idx < 0) return;
    this._callbacks.splice(idx, 1);
  }
  addBatchCallback(callback, instruments) {
    const observableInstruments = new Set(instruments.filter(isObservableInstrument));
    if (observableInstruments.size === 0) {
      diag25.error("BatchObservableCallback is not associated with valid instruments", instruments);
      return;
    }
    if (this._findBatchCallback(callback, observableInstruments) >= 0) return;
    this._batchCallbacks.push({
      callback,
      instruments: observableInstruments
    });
  }
  removeBatchCallback(callback, instruments) {
    const observableInstruments = new Set(instruments.filter(isObservableInstrument));
    const idx = this._findBatchCallback(callback, observableInstruments);
    if (idx < 0) return;
    this._batchCallbacks.splice(idx, 1);
  }
  /**
  * @returns a promise of rejected reasons for invoking callbacks.
  */
  async observe(collectionTime, timeoutMillis) {
    const callbackFutures = this._observeCallbacks(collectionTime, timeoutMillis);
    const batchCallbackFutures = this._observeBatchCallbacks(collectionTime, timeoutMillis);
    return (await Promise.allSettled([...callbackFutures, ...batchCallbackFutures])).filter((result) => result.status === "rejected").map((result) => result.reason);
  }
  _observeCallbacks(observationTime, timeoutMillis) {
    return this._callbacks.map(async ({ callback, instrument }) => {
      const observableResult = new ObservableResultImpl(instrument._descriptor.name, instrument._descriptor.valueType);
      let callPromise = Promise.resolve(callback(observableResult));
      if (timeoutMillis != null) callPromise = callWithTimeout(callPromise, timeoutMillis);
      await callPromise;
      instrument._metricStorages.forEach((metricStorage) => {
        metricStorage.record(observableResult._buffer, observationTime);
      });
    });
  }
  _observeBatchCallbacks(observationTime, timeoutMillis) {
    return this._batchCallbacks.map(async ({ callback, instruments }) => {
      const observableResult = new BatchObservableResultImpl();
      let callPromise = Promise.resolve(callback(observableResult));
      if (timeoutMillis != null) callPromise = callWithTimeout(callPromise, timeoutMillis);
      await callPromise;
      instruments.forEach((instrument) => {
        const buffer = observableResult._buffer.get(instrument);
        if (buffer == null) return;
        instrument._metricStorages.forEach((metricStorage) => {
          metricStorage.record(buffer, observationTime);
        });
      });
    });
  }
  _findCallback(callback, instrument) {
    return this._callbacks.findIndex((record) => {
      return record.callback === callback && record.instrument === instrument;
    });
  }
  _findBatchCallback(callback, instruments) {
    return this._batchCallbacks.findIndex((record) => {
      return record.callback === callback && setEquals(record.instruments, instruments);
    });
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/state/SyncMetricStorage.mjs
init_esm_shims();
import { context as context9 } from "@opentelemetry/api";
var SyncMetricStorage = class extends MetricStorage {
  _aggregationCardinalityLimit;
  _deltaMetricStorage;
  _temporalMetricStorage;
  _attributesProcessor;
  constructor(instrumentDescriptor, aggregator, attributesProcessor, collectorHandles, aggregationCardinalityLimit) {
    super(instrumentDescriptor);
    this._aggregationCardinalityLimit = aggregationCardinalityLimit;
    this._deltaMetricStorage = new DeltaMetricProcessor(aggregator, this._aggregationCardinalityLimit);
    this._temporalMetricStorage = new TemporalMetricProcessor(aggregator, collectorHandles);
    this._attributesProcessor = attributesProcessor;
    this.hasAttributeProcessor = attributesProcessor !== void 0;
  }
  hasAttributeProcessor;
  record(value, attributes2, context$1, recordTime) {
    if (this._attributesProcessor !== void 0) attributes2 = this._attributesProcessor.process(attributes2, context$1 ?? context9.active());
    this._deltaMetricStorage.record(value, attributes2, recordTime);
  }
  /**
  * Collects the metrics from this storage.
  *
  * Note: This is a stateful operation and may reset any interval-related
  * state for the MetricCollector.
  */
  collect(collector, collectionTime) {
    const accumulations = this._deltaMetricStorage.collect();
    return this._temporalMetricStorage.buildMetrics(collector, this._instrumentDescriptor, accumulations, collectionTime);
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/state/MeterSharedState.mjs
var MeterSharedState = class {
  metricStorageRegistry = new MetricStorageRegistry();
  observableRegistry = new ObservableRegistry();
  meter;
  _meterProviderSharedState;
  _instrumentationScope;
  constructor(meterProviderSharedState, instrumentationScope) {
    this.meter = new Meter(this);
    this._meterProviderSharedState = meterProviderSharedState;
    this._instrumentationScope = instrumentationScope;
  }
  registerMetricStorage(descriptor2) {
    const storages = this._registerMetricStorage(descriptor2, SyncMetricStorage);
    if (storages.length === 1) return storages[0];
    return new MultiMetricStorage(storages);
  }
  registerAsyncMetricStorage(descriptor2) {
    return this._registerMetricStorage(descriptor2, AsyncMetricStorage);
  }
  /**
  * @param collector opaque handle of {@link MetricCollector} which initiated the collection.
  * @param collectionTime the HrTime at which the collection was initiated.
  * @param options options for collection.
  * @returns the list of metric data collected.
  */
  async collect(collector, collectionTime, options3) {
    const errors = await this.observableRegistry.observe(collectionTime, options3?.timeoutMillis);
    const storages = this.metricStorageRegistry.getStorages(collector);
    if (storages.length === 0) return null;
    const metricDataList = [];
    storages.forEach((metricStorage) => {
      const metricData = metricStorage.collect(collector, collectionTime);
      if (metricData != null) metricDataList.push(metricData);
    });
    if (metricDataList.length === 0) return { errors };
    return {
      scopeMetrics: {
        scope: this._instrumentationScope,
        metrics: metricDataList
      },
      errors
    };
  }
  _registerMetricStorage(descriptor2, MetricStorageType) {
    let storages = this._meterProviderSharedState.viewRegistry.findViews(descriptor2, this._instrumentationScope).map((view) => {
      const viewDescriptor = createInstrumentDescriptorWithView(view, descriptor2);
      const compatibleStorage = this.metricStorageRegistry.findOrUpdateCompatibleStorage(viewDescriptor);
      if (compatibleStorage != null) return compatibleStorage;
      const viewStorage = new MetricStorageType(viewDescriptor, view.aggregation.createAggregator(viewDescriptor), view.attributesProcessor, this._meterProviderSharedState.metricCollectors, view.aggregationCardinalityLimit);
      this.metricStorageRegistry.register(viewStorage);
      return viewStorage;
    });
    if (storages.length === 0) {
      const collectorStorages = this._meterProviderSharedState.selectAggregations(descriptor2.type).map(([collector, aggregation]) => {
        const compatibleStorage = this.metricStorageRegistry.findOrUpdateCompatibleCollectorStorage(collector, descriptor2);
        if (compatibleStorage != null) return compatibleStorage;
        const aggregator = aggregation.createAggregator(descriptor2);
        const cardinalityLimit = collector.selectCardinalityLimit(descriptor2.type);
        const storage = new MetricStorageType(descriptor2, aggregator, void 0, [collector], cardinalityLimit);
        this.metricStorageRegistry.registerForCollector(collector, storage);
        return storage;
      });
      storages = storages.concat(collectorStorages);
    }
    return storages;
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/state/MeterProviderSharedState.mjs
var MeterProviderSharedState = class {
  viewRegistry = new ViewRegistry();
  metricCollectors = [];
  meterSharedStates = /* @__PURE__ */ new Map();
  resource;
  constructor(resource2) {
    this.resource = resource2;
  }
  getMeterSharedState(instrumentationScope) {
    const id = instrumentationScopeId(instrumentationScope);
    let meterSharedState = this.meterSharedStates.get(id);
    if (meterSharedState == null) {
      meterSharedState = new MeterSharedState(this, instrumentationScope);
      this.meterSharedStates.set(id, meterSharedState);
    }
    return meterSharedState;
  }
  selectAggregations(instrumentType) {
    const result = [];
    for (const collector of this.metricCollectors) result.push([collector, toAggregation(collector.selectAggregation(instrumentType))]);
    return result;
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/state/MetricCollector.mjs
init_esm_shims();
var MetricCollector = class {
  _sharedState;
  _metricReader;
  constructor(sharedState, metricReader) {
    this._sharedState = sharedState;
    this._metricReader = metricReader;
  }
  async collect(options3) {
    const collectionTime = millisToHrTime(Date.now());
    const scopeMetrics = [];
    const errors = [];
    const meterCollectionPromises = Array.from(this._sharedState.meterSharedStates.values()).map(async (meterSharedState) => {
      const current = await meterSharedState.collect(this, collectionTime, options3);
      if (current?.scopeMetrics != null) scopeMetrics.push(current.scopeMetrics);
      if (current?.errors != null) errors.push(...current.errors);
    });
    await Promise.all(meterCollectionPromises);
    return {
      resourceMetrics: {
        resource: this._sharedState.resource,
        scopeMetrics
      },
      errors
    };
  }
  /**
  * Delegates for MetricReader.forceFlush.
  */
  async forceFlush(options3) {
    await this._metricReader.forceFlush(options3);
  }
  /**
  * Delegates for MetricReader.shutdown.
  */
  async shutdown(options3) {
    await this._metricReader.shutdown(options3);
  }
  selectAggregationTemporality(instrumentType) {
    return this._metricReader.selectAggregationTemporality(instrumentType);
  }
  selectAggregation(instrumentType) {
    return this._metricReader.selectAggregation(instrumentType);
  }
  /**
  * Select the cardinality limit for the given {@link InstrumentType} for this
  * collector.
  */
  selectCardinalityLimit(instrumentType) {
    return this._metricReader.selectCardinalityLimit?.(instrumentType) ?? 2e3;
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/view/View.mjs
init_esm_shims();

// node_modules/@opentelemetry/sdk-metrics/dist/view/Predicate.mjs
init_esm_shims();
var ESCAPE = /[\^$\\.+?()[\]{}|]/g;
var PatternPredicate = class PatternPredicate2 {
  _matchAll;
  _regexp;
  constructor(pattern) {
    if (pattern === "*") {
      this._matchAll = true;
      this._regexp = /.*/;
    } else {
      this._matchAll = false;
      this._regexp = new RegExp(PatternPredicate2.escapePattern(pattern));
    }
  }
  match(str) {
    if (this._matchAll) return true;
    return this._regexp.test(str);
  }
  static escapePattern(pattern) {
    return `^${pattern.replace(ESCAPE, "\\$&").replace("*", ".*")}$`;
  }
  static hasWildcard(pattern) {
    return pattern.includes("*");
  }
};
var ExactPredicate = class {
  _matchAll;
  _pattern;
  constructor(pattern) {
    this._matchAll = pattern === void 0;
    this._pattern = pattern;
  }
  match(str) {
    if (this._matchAll) return true;
    if (str === this._pattern) return true;
    return false;
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/view/InstrumentSelector.mjs
init_esm_shims();
var InstrumentSelector = class {
  _nameFilter;
  _type;
  _unitFilter;
  constructor(criteria) {
    this._nameFilter = new PatternPredicate(criteria?.name ?? "*");
    this._type = criteria?.type;
    this._unitFilter = new ExactPredicate(criteria?.unit);
  }
  getType() {
    return this._type;
  }
  getNameFilter() {
    return this._nameFilter;
  }
  getUnitFilter() {
    return this._unitFilter;
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/view/MeterSelector.mjs
init_esm_shims();
var MeterSelector = class {
  _nameFilter;
  _versionFilter;
  _schemaUrlFilter;
  constructor(criteria) {
    this._nameFilter = new ExactPredicate(criteria?.name);
    this._versionFilter = new ExactPredicate(criteria?.version);
    this._schemaUrlFilter = new ExactPredicate(criteria?.schemaUrl);
  }
  getNameFilter() {
    return this._nameFilter;
  }
  /**
  * TODO: semver filter? no spec yet.
  */
  getVersionFilter() {
    return this._versionFilter;
  }
  getSchemaUrlFilter() {
    return this._schemaUrlFilter;
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/view/View.mjs
function isSelectorNotProvided(options3) {
  return options3.instrumentName == null && options3.instrumentType == null && options3.instrumentUnit == null && options3.meterName == null && options3.meterVersion == null && options3.meterSchemaUrl == null;
}
function validateViewOptions(viewOptions) {
  if (isSelectorNotProvided(viewOptions)) throw new Error("Cannot create view with no selector arguments supplied");
  if (viewOptions.name != null && (viewOptions?.instrumentName == null || PatternPredicate.hasWildcard(viewOptions.instrumentName))) throw new Error("Views with a specified name must be declared with an instrument selector that selects at most one instrument per meter.");
}
var View = class {
  name;
  description;
  aggregation;
  attributesProcessor;
  instrumentSelector;
  meterSelector;
  aggregationCardinalityLimit;
  /**
  * Create a new {@link View} instance.
  *
  * Parameters can be categorized as two types:
  *  Instrument selection criteria: Used to describe the instrument(s) this view will be applied to.
  *  Will be treated as additive (the Instrument has to meet all the provided criteria to be selected).
  *
  *  Metric stream altering: Alter the metric stream of instruments selected by instrument selection criteria.
  *
  * @param viewOptions {@link ViewOptions} for altering the metric stream and instrument selection.
  * @param viewOptions.name
  * Alters the metric stream:
  *  This will be used as the name of the metrics stream.
  *  If not provided, the original Instrument name will be used.
  * @param viewOptions.description
  * Alters the metric stream:
  *  This will be used as the description of the metrics stream.
  *  If not provided, the original Instrument description will be used by default.
  * @param viewOptions.attributesProcessors
  * Alters the metric stream:
  *  If provided, the attributes will be modified as defined by the added processors.
  *  If not provided, all attribute keys will be used by default.
  * @param viewOptions.aggregationCardinalityLimit
  * Alters the metric stream:
  *  Sets a limit on the number of unique attribute combinations (cardinality) that can be aggregated.
  *  If not provided, the default limit of 2000 will be used.
  * @param viewOptions.aggregation
  * Alters the metric stream:
  *  Alters the {@link Aggregation} of the metric stream.
  * @param viewOptions.instrumentName
  * Instrument selection criteria:
  *  Original name of the Instrument(s) with wildcard support.
  * @param viewOptions.instrumentType
  * Instrument selection criteria:
  *  The original type of the Instrument(s).
  * @param viewOptions.instrumentUnit
  * Instrument selection criteria:
  *  The unit of the Instrument(s).
  * @param viewOptions.meterName
  * Instrument selection criteria:
  *  The name of the Meter. No wildcard support, name must match the meter exactly.
  * @param viewOptions.meterVersion
  * Instrument selection criteria:
  *  The version of the Meter. No wildcard support, version must match exactly.
  * @param viewOptions.meterSchemaUrl
  * Instrument selection criteria:
  *  The schema URL of the Meter. No wildcard support, schema URL must match exactly.
  *
  * @example
  * // Create a view that changes the Instrument 'my.instrument' to use to an
  * // ExplicitBucketHistogramAggregation with the boundaries [20, 30, 40]
  * new View({
  *   aggregation: new ExplicitBucketHistogramAggregation([20, 30, 40]),
  *   instrumentName: 'my.instrument'
  * })
  */
  constructor(viewOptions) {
    validateViewOptions(viewOptions);
    if (viewOptions.attributesProcessors != null) this.attributesProcessor = createMultiAttributesProcessor(viewOptions.attributesProcessors);
    else this.attributesProcessor = createNoopAttributesProcessor();
    this.name = viewOptions.name;
    this.description = viewOptions.description;
    this.aggregation = toAggregation(viewOptions.aggregation ?? { type: 0 });
    this.instrumentSelector = new InstrumentSelector({
      name: viewOptions.instrumentName,
      type: viewOptions.instrumentType,
      unit: viewOptions.instrumentUnit
    });
    this.meterSelector = new MeterSelector({
      name: viewOptions.meterName,
      version: viewOptions.meterVersion,
      schemaUrl: viewOptions.meterSchemaUrl
    });
    this.aggregationCardinalityLimit = viewOptions.aggregationCardinalityLimit;
  }
};

// node_modules/@opentelemetry/sdk-metrics/dist/MeterProvider.mjs
import { createNoopMeter as createNoopMeter5, diag as diag26 } from "@opentelemetry/api";
var MeterProvider$1 = class {
  _sharedState;
  _shutdown = false;
  constructor(options3) {
    this._sharedState = new MeterProviderSharedState(options3?.resource ?? defaultResource());
    if (options3?.views != null && options3.views.length > 0) for (const viewOption of options3.views) this._sharedState.viewRegistry.addView(new View(viewOption));
    if (options3?.readers != null && options3.readers.length > 0) for (const metricReader of options3.readers) {
      const collector = new MetricCollector(this._sharedState, metricReader);
      metricReader.setMetricProducer(collector);
      this._sharedState.metricCollectors.push(collector);
      if (options3.sdkMetricsEnabled && metricReader instanceof MetricReader) metricReader._setSelfObsMeterProvider(this);
    }
  }
  /**
  * Get a meter with the configuration of the MeterProvider.
  */
  getMeter(name, version = "", options3 = {}) {
    if (this._shutdown) {
      diag26.warn("A shutdown MeterProvider cannot provide a Meter");
      return createNoopMeter5();
    }
    if (typeof name !== "string" || name.length === 0) {
      diag26.warn("Invalid MeterProvider instrumentation scope name, using empty string");
      name = "";
    }
    return this._sharedState.getMeterSharedState({
      name,
      version,
      schemaUrl: options3.schemaUrl
    }).meter;
  }
  /**
  * Shut down the MeterProvider and all registered
  * MetricReaders.
  *
  * Returns a promise which is resolved when all flushes are complete.
  */
  async shutdown(options3) {
    if (this._shutdown) {
      diag26.warn("shutdown may only be called once per MeterProvider");
      return;
    }
    this._shutdown = true;
    await Promise.all(this._sharedState.metricCollectors.map((collector) => {
      return collector.shutdown(options3);
    }));
  }
  /**
  * Notifies all registered MetricReaders to flush any buffered data.
  *
  * Returns a promise which is resolved when all flushes are complete.
  */
  async forceFlush(options3) {
    if (this._shutdown) {
      diag26.warn("invalid attempt to force flush after MeterProvider shutdown");
      return;
    }
    await Promise.all(this._sharedState.metricCollectors.map((collector) => {
      return collector.forceFlush(options3);
    }));
  }
};

// ../metrics/dist/index.js
init_esm_shims();
import { metrics, ValueType as ValueType6 } from "@opentelemetry/api";
import { monitorEventLoopDelay, performance as performance2, PerformanceObserver } from "perf_hooks";
var METER_NAME = "@otelkit/metrics";
var profile;
function metricsProfile() {
  profile ??= getEnvString("OTELKIT_METRICS_PROFILE");
  return profile;
}
function setMetricsProfile(value) {
  profile = value;
}
var NAMING_KEY = /* @__PURE__ */ Symbol.for("otelkit.metrics.naming.v1");
var shared2 = globalThis[NAMING_KEY] ??= { naming: void 0 };
var fromEnv;
var cached2;
function metricNamer() {
  const { naming } = shared2;
  if (naming === void 0) return fromEnv ??= createMetricNamer(readMetricNaming());
  if (cached2?.naming !== naming) cached2 = { naming, namer: createMetricNamer(naming) };
  return cached2.namer;
}
function setMetricNaming(naming) {
  shared2.naming = naming;
  fromEnv = void 0;
}
function namedInstrument(name) {
  return metricNamer().instrument(metricDefinition(name));
}
function options2(def2, unit) {
  return {
    description: def2.description,
    unit,
    valueType: ValueType6.DOUBLE,
    ...def2.buckets === void 0 ? {} : { advice: { explicitBucketBoundaries: [...def2.buckets] } }
  };
}
function createInstrument(meter, name) {
  const named2 = namedInstrument(name);
  const def2 = named2.definition;
  const opts = options2(def2, named2.unit);
  let write;
  switch (def2.kind) {
    case "counter": {
      const c = meter.createCounter(named2.name, opts);
      write = (v, a) => c.add(v, a);
      break;
    }
    case "updowncounter": {
      const c = meter.createUpDownCounter(named2.name, opts);
      write = (v, a) => c.add(v, a);
      break;
    }
    case "histogram": {
      const h = meter.createHistogram(named2.name, opts);
      write = (v, a) => h.record(v, a);
      break;
    }
    case "gauge": {
      const g = meter.createGauge(named2.name, opts);
      write = (v, a) => g.record(v, a);
      break;
    }
  }
  const map = named2.mapAttributes;
  if (map !== void 0) {
    const plain = write;
    write = (v, a) => plain(v, a === void 0 ? a : map(a));
  }
  return { add: write, record: write };
}
function createObservable(meter, name) {
  const named2 = namedInstrument(name);
  const def2 = named2.definition;
  const opts = options2(def2, named2.unit);
  let observable;
  switch (def2.kind) {
    case "counter":
      observable = meter.createObservableCounter(named2.name, opts);
      break;
    case "updowncounter":
      observable = meter.createObservableUpDownCounter(named2.name, opts);
      break;
    case "gauge":
      observable = meter.createObservableGauge(named2.name, opts);
      break;
    case "histogram":
      throw new Error(`${name} is a histogram and cannot be observed`);
  }
  const map = named2.mapAttributes;
  return {
    observable,
    observe: map === void 0 ? (r, v, a) => r.observe(observable, v, a) : (r, v, a) => r.observe(observable, v, map(a))
  };
}
var ProviderBound = class {
  constructor(build2, dispose) {
    this.build = build2;
    this.dispose = dispose;
  }
  build;
  dispose;
  provider;
  value;
  get() {
    const current = metrics.getMeterProvider();
    if (current !== this.provider || this.value === void 0) {
      if (this.value !== void 0) this.dispose?.(this.value);
      this.provider = current;
      this.value = this.build(current.getMeter(METER_NAME, OTELKIT_VERSION));
    }
    return this.value;
  }
  /** Drop the instruments (and their callbacks). */
  close() {
    if (this.value !== void 0) this.dispose?.(this.value);
    this.value = void 0;
    this.provider = void 0;
  }
};
function validValue(instrument, value, allowNegative = true) {
  if (typeof value === "number" && Number.isFinite(value) && (allowNegative || value >= 0)) return true;
  warnOnce(`metrics:value:${instrument}`, `${instrument}: dropped the invalid value ${String(value)} (must be a finite number${allowNegative ? "" : ", not negative"}).`);
  return false;
}
var HISTOGRAM = 0;
var GAUGE = 2;
var SUM = 3;
var DELTA = 0;
var CUMULATIVE = 1;
var DOUBLE = 1;
var OVERFLOW = Object.freeze({ "otel.metric.overflow": true });
function hrNow() {
  const ms = performance.timeOrigin + performance.now();
  const seconds = Math.floor(ms / 1e3);
  return [seconds, Math.round((ms - seconds * 1e3) * 1e6)];
}
var SeriesMap = class {
  constructor(limit, create) {
    this.limit = limit;
    this.create = create;
  }
  limit;
  create;
  map = /* @__PURE__ */ new Map();
  size = 0;
  overflow;
  find(text2, code) {
    return this.map.get(text2)?.get(code);
  }
  add(text2, code, attributes2) {
    if (this.size >= this.limit - 1) return this.overflow ??= this.create(OVERFLOW);
    let inner = this.map.get(text2);
    if (inner === void 0) this.map.set(text2, inner = /* @__PURE__ */ new Map());
    const s = this.create(attributes2);
    inner.set(code, s);
    this.size++;
    return s;
  }
  get count() {
    return this.size + (this.overflow === void 0 ? 0 : 1);
  }
  all() {
    const out = [];
    for (const inner of this.map.values()) for (const s of inner.values()) out.push(s);
    if (this.overflow !== void 0) out.push(this.overflow);
    return out;
  }
};
var METHODS2 = [...HTTP_METHODS, "_OTHER"];
var METHOD_CODE = new Map(METHODS2.map((m, i) => [m, i]));
var PROTOCOL_CODE = /* @__PURE__ */ new Map([[void 0, 0], ["1.0", 1], ["1.1", 2], ["2", 3], ["2.0", 4], ["3", 5]]);
function packCode(o) {
  const m = METHOD_CODE.get(o.method);
  const p = PROTOCOL_CODE.get(o.protocolVersion);
  if (m === void 0 || p === void 0 || !Number.isInteger(o.status) || o.status < 0 || o.status > 999) return -1;
  let e;
  if (o.errorType === void 0) e = 0;
  else if (o.errorType === "response_aborted") e = 1;
  else if (o.status >= 500 && o.errorType === String(o.status)) e = 2;
  else return -1;
  return (((o.status * 16 + m) * 2 + (o.scheme === "https" ? 1 : 0)) * 8 + p) * 4 + e;
}
function descriptor(named2) {
  return { name: named2.name, description: named2.definition.description, unit: named2.unit, valueType: DOUBLE };
}
function named(instrument, create) {
  const map = instrument.mapAttributes;
  return map === void 0 ? create : (attributes2) => create(map(attributes2));
}
function createHttpServerMetrics(options22 = {}) {
  const profile2 = options22.profile ?? metricsProfile();
  const limit = Math.max(2, options22.cardinalityLimit ?? 2e3);
  const classic = profile2 === "prometheus-classic";
  const durationName = classic ? "http_request_duration" : "http.server.request.duration";
  const activeName = classic ? "http_requests_in_flight" : "http.server.active_requests";
  const namer = options22.namer ?? metricNamer();
  const durationInstrument = namer.instrument(metricDefinition(durationName));
  const activeInstrument = namer.instrument(metricDefinition(activeName));
  const totalInstrument = namer.instrument(metricDefinition("http_requests"));
  const boundaries = [...metricDefinition(durationName).buckets ?? []];
  const nb = boundaries.length;
  const histogram = (attributes2) => ({ attributes: attributes2, start: hrNow(), counts: new Array(nb + 1).fill(0), sum: 0, count: 0, min: Infinity, max: -Infinity });
  const sum2 = (attributes2) => ({ attributes: attributes2, start: hrNow(), value: 0 });
  const durations = new SeriesMap(limit, named(durationInstrument, histogram));
  const active = new SeriesMap(limit, named(activeInstrument, sum2));
  const totals = classic ? new SeriesMap(limit, named(totalInstrument, sum2)) : void 0;
  const activeAttrs = (method, scheme) => classic ? { method } : { "http.request.method": method, "url.scheme": scheme };
  const requestAttrs = (o) => {
    if (classic) return o.route === void 0 ? { method: o.method, status: String(o.status) } : { method: o.method, status: String(o.status), route: o.route };
    const a = { "http.request.method": o.method, "url.scheme": o.scheme };
    if (o.status > 0) a["http.response.status_code"] = o.status;
    if (o.route !== void 0) a["http.route"] = o.route;
    if (o.protocolVersion !== void 0) a["network.protocol.version"] = o.protocolVersion;
    if (o.errorType !== void 0) a["error.type"] = o.errorType;
    return a;
  };
  const sumPoints = (series, end) => series.all().map((s) => ({ attributes: s.attributes, startTime: s.start, endTime: end, value: s.value }));
  const pushActive = (out, end) => {
    const points = sumPoints(active, end);
    if (points.length > 0) out.push({ descriptor: descriptor(activeInstrument), aggregationTemporality: CUMULATIVE, dataPointType: SUM, isMonotonic: false, dataPoints: points });
  };
  const collected = (out) => {
    const scopeMetrics = out.length === 0 ? [] : [{ scope: { name: METER_NAME, version: OTELKIT_VERSION }, metrics: out }];
    return Promise.resolve({ resourceMetrics: { resource: void 0, scopeMetrics }, errors: [] });
  };
  const producer = {
    collect: () => {
      const end = hrNow();
      const histogramPoints = durations.all().map((s) => ({
        attributes: s.attributes,
        startTime: s.start,
        endTime: end,
        value: { buckets: { boundaries, counts: [...s.counts] }, sum: s.sum, count: s.count, min: s.count > 0 ? s.min : void 0, max: s.count > 0 ? s.max : void 0 }
      }));
      const out = [];
      if (histogramPoints.length > 0) out.push({ descriptor: descriptor(durationInstrument), aggregationTemporality: CUMULATIVE, dataPointType: HISTOGRAM, dataPoints: histogramPoints });
      pushActive(out, end);
      if (totals !== void 0) {
        const totalPoints = sumPoints(totals, end);
        if (totalPoints.length > 0) out.push({ descriptor: descriptor(totalInstrument), aggregationTemporality: CUMULATIVE, dataPointType: SUM, isMonotonic: true, dataPoints: totalPoints });
      }
      return collected(out);
    }
  };
  const activeSeries = (method, scheme) => {
    const code = classic ? 0 : scheme === "https" ? 1 : 0;
    return active.find(method, code) ?? active.add(method, code, activeAttrs(method, scheme));
  };
  const seriesOf = (map, o) => {
    let text2;
    let code;
    if (classic) {
      text2 = o.route ?? "";
      code = METHOD_CODE.get(o.method) ?? -1;
      if (code < 0 || !Number.isInteger(o.status)) {
        text2 = `${o.method} ${o.status} ${text2}`;
        code = -1;
      } else code = code * 1e3 + o.status;
    } else {
      code = packCode(o);
      text2 = code < 0 ? `${o.method} ${o.scheme} ${o.status} ${o.protocolVersion ?? ""} ${o.errorType ?? ""} ${o.route ?? ""}` : o.route ?? "";
    }
    return map.find(text2, code) ?? map.add(text2, code, requestAttrs(o));
  };
  const deltaProducer = () => {
    const lastHistogram = /* @__PURE__ */ new WeakMap();
    const lastSum = /* @__PURE__ */ new WeakMap();
    return {
      collect: () => {
        const end = hrNow();
        const histogramPoints = [];
        for (const s of durations.all()) {
          const last = lastHistogram.get(s);
          const count2 = s.count - (last?.count ?? 0);
          if (count2 === 0) continue;
          const counts = last === void 0 ? [...s.counts] : s.counts.map((n, i) => n - last.counts[i]);
          histogramPoints.push({ attributes: s.attributes, startTime: last?.time ?? s.start, endTime: end, value: { buckets: { boundaries, counts }, sum: s.sum - (last?.sum ?? 0), count: count2 } });
          lastHistogram.set(s, { counts: [...s.counts], sum: s.sum, count: s.count, time: end });
        }
        const out = [];
        if (histogramPoints.length > 0) out.push({ descriptor: descriptor(durationInstrument), aggregationTemporality: DELTA, dataPointType: HISTOGRAM, dataPoints: histogramPoints });
        pushActive(out, end);
        if (totals !== void 0) {
          const totalPoints = [];
          for (const s of totals.all()) {
            const last = lastSum.get(s);
            const value = s.value - (last?.value ?? 0);
            if (value === 0) continue;
            totalPoints.push({ attributes: s.attributes, startTime: last?.time ?? s.start, endTime: end, value });
            lastSum.set(s, { value: s.value, time: end });
          }
          if (totalPoints.length > 0) out.push({ descriptor: descriptor(totalInstrument), aggregationTemporality: DELTA, dataPointType: SUM, isMonotonic: true, dataPoints: totalPoints });
        }
        return collected(out);
      }
    };
  };
  return {
    producer,
    deltaProducer,
    served: () => active.count > 0,
    requestStarted(method, scheme) {
      activeSeries(method, scheme).value++;
    },
    requestEnded(o) {
      activeSeries(o.method, o.scheme).value--;
      if (totals !== void 0) seriesOf(totals, o).value++;
      const d = o.durationSeconds;
      if (!(d >= 0) || d === Infinity) return;
      const s = seriesOf(durations, o);
      let i = 0;
      while (i < nb && d > boundaries[i]) i++;
      s.counts[i]++;
      s.sum += d;
      s.count++;
      if (d < s.min) s.min = d;
      if (d > s.max) s.max = d;
    }
  };
}
var heapSpaces = () => process.getBuiltinModule("node:v8").getHeapSpaceStatistics();
var GC_KIND = { 1: "minor", 2: "minor", 4: "major", 8: "incremental", 16: "weakcb" };
var EL_STATS2 = ["min", "max", "mean", "stddev", "p50", "p90", "p99"];
function delayStats(h) {
  const empty2 = h.count === 0;
  const s = (ns) => empty2 || !Number.isFinite(ns) ? 0 : ns / 1e9;
  return { min: s(h.min), max: s(h.max), mean: s(h.mean), stddev: s(h.stddev), p50: s(h.percentile(50)), p90: s(h.percentile(90)), p99: s(h.percentile(99)) };
}
function handleCounts() {
  const counts = /* @__PURE__ */ new Map();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}
function startRuntimeMetrics(options22 = {}) {
  const profile2 = options22.profile ?? metricsProfile();
  const delay = monitorEventLoopDelay({ resolution: options22.eventLoopResolutionMs ?? 20 });
  delay.enable();
  let lastElu = performance2.eventLoopUtilization();
  let lastCpu = process.cpuUsage();
  let lastWall = performance2.now();
  const classic = profile2 === "prometheus-classic";
  const gcName = classic ? "nodejs_gc_duration" : "v8js.gc.duration";
  const gcBound = new ProviderBound((meter) => createInstrument(meter, gcName));
  const gcObserver = new PerformanceObserver((list) => {
    try {
      const gc = gcBound.get();
      for (const entry of list.getEntries()) {
        const kind = GC_KIND[entry.detail?.kind ?? 0] ?? "major";
        gc.record(entry.duration / 1e3, classic ? { kind } : { "v8js.gc.type": kind });
      }
    } catch (error) {
      warnOnce("metrics:gc", `GC metrics failed: ${error.message}`);
    }
  });
  gcObserver.observe({ entryTypes: ["gc"] });
  const bound = new ProviderBound(
    (meter) => {
      const names = classic ? [
        "process_cpu_user",
        "process_cpu_system",
        "process_cpu",
        "process_resident_memory",
        "process_start_time",
        "nodejs_eventloop_lag",
        "nodejs_eventloop_lag_min",
        "nodejs_eventloop_lag_max",
        "nodejs_eventloop_lag_p50",
        "nodejs_eventloop_lag_p90",
        "nodejs_eventloop_lag_p99",
        "nodejs_eventloop_utilization",
        "nodejs_heap_size_total",
        "nodejs_heap_size_used",
        "nodejs_external_memory",
        "nodejs_heap_space_size_used",
        "nodejs_active_handles"
      ] : [
        ...EL_STATS2.map((s) => `nodejs.eventloop.delay.${s}`),
        "nodejs.eventloop.utilization",
        "nodejs.eventloop.time",
        "v8js.memory.heap.used",
        "v8js.memory.heap.limit",
        "v8js.heap.space.available_size",
        "process.cpu.time",
        "process.cpu.utilization",
        "process.memory.usage",
        "process.uptime",
        "nodejs.active_handles"
      ];
      const o = new Map(names.map((n) => [n, createObservable(meter, n).observable]));
      const get = (n) => o.get(n);
      const callback = (result) => {
        const stats = delayStats(delay);
        delay.reset();
        const elu = performance2.eventLoopUtilization();
        const window = performance2.eventLoopUtilization(elu, lastElu);
        lastElu = elu;
        const cpu = process.cpuUsage();
        const wall = performance2.now();
        const wallSeconds = (wall - lastWall) / 1e3;
        const userShare = wallSeconds > 0 ? (cpu.user - lastCpu.user) / 1e6 / wallSeconds : 0;
        const systemShare = wallSeconds > 0 ? (cpu.system - lastCpu.system) / 1e6 / wallSeconds : 0;
        lastCpu = cpu;
        lastWall = wall;
        const memory = process.memoryUsage();
        const handles = handleCounts();
        if (classic) {
          result.observe(get("process_cpu_user"), cpu.user / 1e6);
          result.observe(get("process_cpu_system"), cpu.system / 1e6);
          result.observe(get("process_cpu"), (cpu.user + cpu.system) / 1e6);
          result.observe(get("process_resident_memory"), memory.rss);
          result.observe(get("process_start_time"), Math.round((Date.now() - process.uptime() * 1e3) / 1e3));
          result.observe(get("nodejs_eventloop_lag"), stats.mean);
          for (const s of ["min", "max", "p50", "p90", "p99"]) result.observe(get(`nodejs_eventloop_lag_${s}`), stats[s]);
          result.observe(get("nodejs_eventloop_utilization"), window.utilization);
          result.observe(get("nodejs_heap_size_total"), memory.heapTotal);
          result.observe(get("nodejs_heap_size_used"), memory.heapUsed);
          result.observe(get("nodejs_external_memory"), memory.external);
          for (const space of heapSpaces()) result.observe(get("nodejs_heap_space_size_used"), space.space_used_size, { space: space.space_name });
          for (const [type, n] of handles) result.observe(get("nodejs_active_handles"), n, { type });
          return;
        }
        for (const s of EL_STATS2) result.observe(get(`nodejs.eventloop.delay.${s}`), stats[s]);
        result.observe(get("nodejs.eventloop.utilization"), window.utilization);
        result.observe(get("nodejs.eventloop.time"), elu.active / 1e3, { "nodejs.eventloop.state": "active" });
        result.observe(get("nodejs.eventloop.time"), elu.idle / 1e3, { "nodejs.eventloop.state": "idle" });
        for (const space of heapSpaces()) {
          const a = { "v8js.heap.space.name": space.space_name };
          result.observe(get("v8js.memory.heap.used"), space.space_used_size, a);
          result.observe(get("v8js.memory.heap.limit"), space.space_size, a);
          result.observe(get("v8js.heap.space.available_size"), space.space_available_size, a);
        }
        result.observe(get("process.cpu.time"), cpu.user / 1e6, { "cpu.mode": "user" });
        result.observe(get("process.cpu.time"), cpu.system / 1e6, { "cpu.mode": "system" });
        result.observe(get("process.cpu.utilization"), userShare, { "cpu.mode": "user" });
        result.observe(get("process.cpu.utilization"), systemShare, { "cpu.mode": "system" });
        result.observe(get("process.memory.usage"), memory.rss);
        result.observe(get("process.uptime"), process.uptime());
        for (const [type, n] of handles) result.observe(get("nodejs.active_handles"), n, { "nodejs.handle.type": type });
      };
      const observables = [...o.values()];
      meter.addBatchObservableCallback(callback, observables);
      return { meter, callback, observables };
    },
    (v) => v.meter.removeBatchObservableCallback(v.callback, v.observables)
  );
  bound.get();
  const timer = setInterval(() => {
    try {
      bound.get();
    } catch (error) {
      warnOnce("metrics:runtime", `runtime metrics failed: ${error.message}`);
    }
  }, 1e4);
  timer.unref();
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    gcObserver.disconnect();
    delay.disable();
    bound.close();
    gcBound.close();
  };
}
var SLICE_MS = 0.5;
var sliceStart;
function endSlice() {
  sliceStart = void 0;
}
function nextTurn() {
  return new Promise((resolve2) => setImmediate(resolve2));
}
function pauseIfDue(budgetMs = SLICE_MS) {
  const now = performance.now();
  if (sliceStart === void 0) {
    sliceStart = now;
    setImmediate(endSlice);
    return void 0;
  }
  return now - sliceStart < budgetMs ? void 0 : nextTurn();
}
var PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
var PROM_TYPE = { counter: "counter", updowncounter: "gauge", gauge: "gauge", histogram: "histogram" };
function kindOf(metric) {
  switch (metric.dataPointType) {
    case SUM:
      return metric.isMonotonic === false ? "updowncounter" : "counter";
    case GAUGE:
      return "gauge";
    case HISTOGRAM:
      return "histogram";
    default:
      return void 0;
  }
}
function escapeHelp(text2) {
  return text2.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}
function escapeLabel(value) {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}
function labelValue2(value) {
  if (value === void 0 || value === null) return "";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}
function formatNumber(n) {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "+Inf";
  if (n === -Infinity) return "-Inf";
  return String(n);
}
var labelNames = /* @__PURE__ */ new Map();
function labelName(key) {
  let out = labelNames.get(key);
  if (out === void 0) {
    out = sanitizePrometheusLabel(key);
    if (labelNames.size < 1e4) labelNames.set(key, out);
  }
  return out;
}
var SCOPE_PREFIX = "otel_scope_";
var SCOPE_RESERVED = /* @__PURE__ */ new Set(["otel_scope_name", "otel_scope_version", "otel_scope_schema_url"]);
function isScopeLabel(scoped, key, name) {
  if (!scoped || !name.startsWith(SCOPE_PREFIX)) return false;
  warnOnce(`prometheus:scope-attribute:${name}`, `attribute ${key} would become the label ${name}, which /metrics keeps for the instrumentation scope; it is left out of the series.`);
  return true;
}
function labelPairs(attributes2, scoped = false) {
  let out = "";
  const keys = Object.keys(attributes2);
  for (const key of keys) {
    const name = labelName(key);
    if (name !== key) return mergedLabelPairs(attributes2, keys, scoped);
    if (isScopeLabel(scoped, key, name)) continue;
    out += `${out === "" ? "" : ","}${name}="${escapeLabel(labelValue2(attributes2[key]))}"`;
  }
  return out;
}
function mergedLabelPairs(attributes2, keys, scoped) {
  const groups = /* @__PURE__ */ new Map();
  for (const key of keys) {
    const name = labelName(key);
    if (isScopeLabel(scoped, key, name)) continue;
    const group = groups.get(name);
    if (group === void 0) groups.set(name, [key]);
    else group.push(key);
  }
  let out = "";
  for (const [name, group] of groups) {
    const value = group.length === 1 ? labelValue2(attributes2[group[0]]) : group.sort().map((k) => labelValue2(attributes2[k])).join(";");
    out += `${out === "" ? "" : ","}${name}="${escapeLabel(value)}"`;
  }
  return out;
}
function scopeLabelPairs(scope) {
  let out = `otel_scope_name="${escapeLabel(scope.name)}"`;
  if (scope.version) out += `,otel_scope_version="${escapeLabel(scope.version)}"`;
  if (scope.schemaUrl) out += `,otel_scope_schema_url="${escapeLabel(scope.schemaUrl)}"`;
  if (scope.attributes !== void 0) {
    const prefixed = {};
    for (const key of Object.keys(scope.attributes)) {
      if (!SCOPE_RESERVED.has(labelName(`${SCOPE_PREFIX}${key}`))) prefixed[`${SCOPE_PREFIX}${key}`] = scope.attributes[key];
    }
    const attributes2 = labelPairs(prefixed);
    if (attributes2 !== "") out += `,${attributes2}`;
  }
  return out;
}
function joinLabels(point, scope) {
  if (scope === "") return point;
  return point === "" ? scope : `${point},${scope}`;
}
var PIECE_LINES = 128;
function addLine(family, line) {
  family.lines.push(line);
  if (family.lines.length >= PIECE_LINES) flushLines(family);
}
function flushLines(family) {
  if (family.lines.length === 0) return;
  family.text.push(`${family.lines.join("\n")}
`);
  family.lines = [];
}
function* serializeSteps(collected, options22) {
  const families = /* @__PURE__ */ new Map();
  const scoped = options22.scopeLabels !== false;
  for (const { scope, metrics: metrics22 } of collected.scopeMetrics) {
    let scopeLabels;
    for (const metric of metrics22) {
      const kind = kindOf(metric);
      if (kind === void 0) {
        warnOnce(`prometheus:type:${metric.descriptor.name}`, `${metric.descriptor.name}: exponential histograms have no Prometheus text form; left out of /metrics.`);
        continue;
      }
      const name = prometheusMetricName(metric.descriptor.name, metric.descriptor.unit, kind);
      const type = PROM_TYPE[kind];
      scopeLabels ??= scoped ? scopeLabelPairs(scope) : "";
      const description = metric.descriptor.description;
      let family = families.get(name);
      if (family === void 0 && name === "target_info" && options22.targetInfo !== false) {
        warnOnce("prometheus:target_info", `${metric.descriptor.name} of scope "${scope.name}" would print a second target_info family; it is left out of /metrics.`);
        continue;
      } else if (family === void 0) {
        family = { name, type, help: description, text: [], lines: [], scopes: [scopeLabels] };
        families.set(name, family);
      } else if (family.type !== type) {
        warnOnce(`prometheus:conflict:${name}`, `${name}: two instruments map to this Prometheus name with different types (${family.type}, ${type}); ${metric.descriptor.name} of scope "${scope.name}" is left out of /metrics.`);
        continue;
      } else if (family.scopes.includes(scopeLabels)) {
        warnOnce(`prometheus:duplicate:${name}`, `${name}: two instruments of scope "${scope.name}" map to this Prometheus name; ${metric.descriptor.name} is left out of /metrics.`);
        continue;
      } else {
        family.scopes.push(scopeLabels);
        if (family.help === "") family.help = description;
        else if (description !== "" && description !== family.help) warnOnce(`prometheus:help:${name}`, `${name}: scopes describe this metric differently; /metrics shows the first description.`);
      }
      if (kind === "histogram") {
        const base = `${name}_bucket{`;
        for (const point of metric.dataPoints) {
          const v = point.value;
          const labels = joinLabels(labelPairs(point.attributes, scoped), scopeLabels);
          const prefix = labels === "" ? base : `${base}${labels},`;
          const { boundaries, counts } = v.buckets;
          let cumulative = 0;
          for (let i = 0; i < boundaries.length; i++) {
            cumulative += counts[i] ?? 0;
            addLine(family, `${prefix}le="${formatNumber(boundaries[i])}"} ${cumulative}`);
          }
          addLine(family, `${prefix}le="+Inf"} ${v.count}`);
          const braces = labels === "" ? "" : `{${labels}}`;
          if (v.sum !== void 0) addLine(family, `${name}_sum${braces} ${formatNumber(v.sum)}`);
          addLine(family, `${name}_count${braces} ${v.count}`);
          yield void 0;
        }
      } else {
        for (const point of metric.dataPoints) {
          const labels = joinLabels(labelPairs(point.attributes, scoped), scopeLabels);
          addLine(family, `${name}${labels === "" ? "" : `{${labels}}`} ${formatNumber(point.value)}`);
          yield void 0;
        }
      }
    }
  }
  if (options22.targetInfo !== false) {
    const labels = labelPairs(collected.resource.attributes);
    yield `# HELP target_info Target metadata
# TYPE target_info gauge
target_info${labels === "" ? "" : `{${labels}}`} 1
`;
  }
  for (const family of families.values()) {
    yield `# HELP ${family.name} ${escapeHelp(family.help)}
# TYPE ${family.name} ${family.type}
`;
    flushLines(family);
    yield* family.text;
  }
}
async function serializePrometheusChunks(collected, options22 = {}) {
  const chunks = [];
  for (const step of serializeSteps(collected, options22)) {
    if (step !== void 0) chunks.push(Buffer.from(step));
    const pause = pauseIfDue();
    if (pause !== void 0) await pause;
  }
  return chunks;
}
var KEY2 = /* @__PURE__ */ Symbol.for("otelkit.metrics.prometheus.v1");
var holder5 = globalThis;
function registerPrometheusCollector(collector) {
  holder5[KEY2] = collector;
}
function getPrometheusCollector() {
  return holder5[KEY2];
}
function coalesce(collect) {
  let inFlight;
  return () => {
    inFlight ??= collect().finally(() => {
      inFlight = void 0;
    });
    return inFlight;
  };
}
var lastText;
var lastBytes;
function encoded(text2) {
  if (text2 === lastText && lastBytes !== void 0) return lastBytes;
  const bytes = [Buffer.from(text2)];
  if (lastText === void 0) {
    setImmediate(() => {
      lastText = void 0;
      lastBytes = void 0;
    }).unref();
  }
  lastText = text2;
  lastBytes = bytes;
  return bytes;
}
var WRITE_BYTES = 32 * 1024;
function writable(res) {
  return new Promise((resolve2) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve2();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
function* writeGroups(body) {
  let group = [];
  let size = 0;
  for (const chunk of body) {
    for (let at = 0; at < chunk.length; at += WRITE_BYTES) {
      const part = at === 0 && chunk.length <= WRITE_BYTES ? chunk : chunk.subarray(at, at + WRITE_BYTES);
      if (size > 0 && size + part.length > WRITE_BYTES) {
        yield group;
        group = [];
        size = 0;
      }
      group.push(part);
      size += part.length;
    }
  }
  if (size > 0) yield group;
}
async function writeBody(res, body) {
  for (const group of writeGroups(body)) {
    const pause = pauseIfDue();
    if (pause !== void 0) await pause;
    if (res.destroyed) return;
    res.cork();
    let more = true;
    for (const part of group) more = res.write(part);
    res.uncork();
    if (!more) await writable(res);
  }
  if (!res.destroyed) res.end();
}
function byteLength(body) {
  let n = 0;
  for (const chunk of body) n += chunk.length;
  return n;
}
async function writeMetricsResponse(req, res) {
  try {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" }).end("method not allowed\n");
      return;
    }
    const collector = getPrometheusCollector();
    if (collector === void 0) {
      res.writeHead(503, { "content-type": "text/plain; charset=utf-8" }).end("no metrics pipeline is running (OTEL_SDK_DISABLED, OTEL_METRICS_EXPORTER=none, or otelkit not started)\n");
      return;
    }
    const body = collector.collectBody !== void 0 ? await collector.collectBody() : encoded(await collector.collect());
    res.writeHead(200, { "content-type": PROMETHEUS_CONTENT_TYPE, "content-length": byteLength(body), "cache-control": "no-store" });
    if (req.method === "HEAD") res.end();
    else await writeBody(res, body);
  } catch (error) {
    warnOnce("prometheus:scrape", `a /metrics scrape failed: ${error.message}`);
    if (res.headersSent) res.destroy();
    else res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("metrics collection failed\n");
  }
}
function metricsHandler(options22 = {}) {
  const path = options22.path ?? "/metrics";
  return (req, res, next) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    if ((q < 0 ? url : url.slice(0, q)) !== path) {
      next?.();
      return false;
    }
    writeMetricsResponse(req, res).catch((error) => diagLog("debug", `metrics response: ${String(error)}`));
    return true;
  };
}

// src/wiring/metric-guard.ts
init_esm_shims();
function finiteAttributes(attributes2) {
  if (attributes2 === void 0) return void 0;
  let copy;
  for (const key in attributes2) {
    const value = attributes2[key];
    if (typeof value === "number" && !Number.isFinite(value)) (copy ??= { ...attributes2 })[key] = String(value);
  }
  return copy ?? attributes2;
}
var ALWAYS_ON = { metrics: true };
function guardSync(inner, name, method, allowNegative, on) {
  const call = inner[method].bind(inner);
  const guarded2 = Object.create(inner);
  guarded2[method] = (value, attributes2, context12) => {
    if (on.metrics && validValue(name, value, allowNegative)) call(value, finiteAttributes(attributes2), context12);
  };
  return guarded2;
}
function guardResult(result, name, allowNegative) {
  return {
    observe: (value, attributes2) => {
      if (validValue(name, value, allowNegative)) result.observe(value, finiteAttributes(attributes2));
    }
  };
}
function guardObservable(inner, name, allowNegative, on) {
  const wrapped = /* @__PURE__ */ new WeakMap();
  const guarded2 = Object.create(inner);
  guarded2.addCallback = (callback) => {
    if (typeof callback !== "function") return inner.addCallback(callback);
    let wrapper2 = wrapped.get(callback);
    if (wrapper2 === void 0) {
      wrapper2 = (result) => on.metrics ? callback(guardResult(result, name, allowNegative)) : void 0;
      wrapped.set(callback, wrapper2);
    }
    inner.addCallback(wrapper2);
  };
  guarded2.removeCallback = (callback) => inner.removeCallback(wrapped.get(callback) ?? callback);
  return guarded2;
}
var OBSERVABLE_RULES = /* @__PURE__ */ new WeakMap();
function guardMeter(meter, onCreate, on = ALWAYS_ON) {
  const guarded2 = Object.create(meter);
  const observable = (make, name, allowNegative) => {
    const made = guardObservable(make(), name, allowNegative, on);
    OBSERVABLE_RULES.set(made, [name, allowNegative]);
    return made;
  };
  guarded2.createCounter = (name, options3) => (onCreate(name), guardSync(meter.createCounter(name, options3), name, "add", false, on));
  guarded2.createUpDownCounter = (name, options3) => (onCreate(name), guardSync(meter.createUpDownCounter(name, options3), name, "add", true, on));
  guarded2.createHistogram = (name, options3) => (onCreate(name), guardSync(meter.createHistogram(name, options3), name, "record", false, on));
  guarded2.createGauge = (name, options3) => (onCreate(name), guardSync(meter.createGauge(name, options3), name, "record", true, on));
  guarded2.createObservableCounter = (name, options3) => (onCreate(name), observable(() => meter.createObservableCounter(name, options3), name, false));
  guarded2.createObservableUpDownCounter = (name, options3) => (onCreate(name), observable(() => meter.createObservableUpDownCounter(name, options3), name, true));
  guarded2.createObservableGauge = (name, options3) => (onCreate(name), observable(() => meter.createObservableGauge(name, options3), name, true));
  const batches = /* @__PURE__ */ new WeakMap();
  guarded2.addBatchObservableCallback = (callback, observables) => {
    if (typeof callback !== "function") return meter.addBatchObservableCallback(callback, observables);
    let wrapper2 = batches.get(callback);
    if (wrapper2 === void 0) {
      wrapper2 = (result) => {
        if (!on.metrics) return void 0;
        return callback({
          observe: (instrument, value, attributes2) => {
            const [name, allowNegative] = OBSERVABLE_RULES.get(instrument) ?? ["an observable instrument", true];
            if (validValue(name, value, allowNegative)) result.observe(instrument, value, finiteAttributes(attributes2));
          }
        });
      };
      batches.set(callback, wrapper2);
    }
    meter.addBatchObservableCallback(wrapper2, observables);
  };
  guarded2.removeBatchObservableCallback = (callback, observables) => meter.removeBatchObservableCallback(batches.get(callback) ?? callback, observables);
  return guarded2;
}

// src/wiring/metrics.ts
var OVERFLOW2 = "otel.metric.overflow";
var overflowWarned = /* @__PURE__ */ new Set();
function checkOverflow(collected, limit) {
  for (const scope of collected.scopeMetrics) {
    for (const metric of scope.metrics) {
      const name = metric.descriptor.name;
      if (overflowWarned.has(name)) continue;
      if (metric.dataPoints.some((p) => p.attributes[OVERFLOW2] === true)) {
        overflowWarned.add(name);
        warnOnce(`metrics:overflow:${name}`, `${name}: more than ${limit} attribute sets (OTELKIT_METRICS_CARDINALITY_LIMIT); further ones are summed into one otel_metric_overflow="true" series. Usually an id or raw path in an attribute.`);
      }
    }
  }
}
var BACKGROUND_GROUPS = /* @__PURE__ */ new Set(["runtime", "sdk"]);
function onlyBackgroundMetrics(collected) {
  for (const scope of collected.scopeMetrics) {
    for (const metric of scope.metrics) {
      const group = getMetricDefinition(metric.descriptor.name)?.group;
      if (group === void 0 || !BACKGROUND_GROUPS.has(group)) return false;
    }
  }
  return true;
}
function countPoints(collected) {
  let n = 0;
  for (const scope of collected.scopeMetrics) for (const metric of scope.metrics) n += metric.dataPoints.length;
  return n;
}
var PrometheusPullReader = class extends MetricReader {
  /** The exposition, encoded in pieces; concurrent scrapes share one collection and its bytes (M3). */
  collectBody;
  collectText = async () => Buffer.concat(await this.collectBody()).toString("utf8");
  constructor(limit, producers) {
    super({ aggregationTemporalitySelector: () => AggregationTemporality2.CUMULATIVE, cardinalitySelector: () => limit, metricProducers: producers });
    this.collectBody = coalesce(async () => {
      const { resourceMetrics, errors } = await this.collect({ timeoutMillis: 5e3 });
      for (const error of errors) warnOnce("metrics:callback", `a metric callback failed during collection: ${String(error?.message ?? error)}`);
      checkOverflow(resourceMetrics, limit);
      return serializePrometheusChunks(resourceMetrics);
    });
  }
  onForceFlush() {
    return Promise.resolve();
  }
  onShutdown() {
    return Promise.resolve();
  }
};
function deltaFor(preference, type) {
  if (preference === "delta") return type !== InstrumentType2.UP_DOWN_COUNTER && type !== InstrumentType2.OBSERVABLE_UP_DOWN_COUNTER;
  if (preference === "lowmemory") return type === InstrumentType2.COUNTER || type === InstrumentType2.HISTOGRAM;
  return false;
}
var LazyMetricExporter = class {
  constructor(name, componentType, create, limit, temporality = "cumulative") {
    this.componentType = componentType;
    this.limit = limit;
    this.temporality = temporality;
    this.inner = new Lazy(create, (error) => warnOnce(`metrics:exporter:${name}`, `metric exporter ${name} could not be created (${error.message}); metrics are not exported there.`));
  }
  componentType;
  limit;
  temporality;
  inner;
  exportedOnce = false;
  /** Set when the pipeline shuts down: the next export is the last one. */
  final = false;
  /** OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE, with the specification's choices per instrument kind. */
  selectAggregationTemporality(type) {
    return deltaFor(this.temporality, type) ? AggregationTemporality2.DELTA : AggregationTemporality2.CUMULATIVE;
  }
  export(collected, resultCallback) {
    if (this.final && !this.exportedOnce && onlyBackgroundMetrics(collected)) {
      resultCallback({ code: ExportResultCode.SUCCESS });
      return;
    }
    this.exportedOnce = true;
    checkOverflow(collected, this.limit);
    const points = countPoints(collected);
    const inner = this.inner.get();
    if (inner === void 0) {
      recordFailed("metrics", points, this.componentType, "unavailable");
      resultCallback({ code: ExportResultCode.SUCCESS });
      return;
    }
    context10.with(suppressTracing(context10.active()), () => {
      inner.export(collected, (result) => {
        if (result.code === ExportResultCode.SUCCESS) recordDelivered("metrics", points, this.componentType, result.rejected, result.rejectedMessage);
        else {
          const reason = String(result.error?.message ?? "unknown error");
          recordFailed("metrics", points, this.componentType, exportErrorType(result.error), reason);
          warnOnce(`export:failed:${reason.slice(0, 80)}`, `export of ${points} metric data points failed: ${reason.slice(0, 300)}`);
        }
        resultCallback({ code: ExportResultCode.SUCCESS });
      });
    });
  }
  forceFlush() {
    return this.inner.peek()?.forceFlush() ?? Promise.resolve();
  }
  shutdown() {
    return this.inner.peek()?.shutdown() ?? Promise.resolve();
  }
};
var TEMPORALITY_PREFERENCE = { delta: 0, cumulative: 1, lowmemory: 2 };
function otlpMetricExporter(otlp, temporality) {
  if (otlp.protocol === "grpc") {
    const temporalityPreference = TEMPORALITY_PREFERENCE[temporality] ?? TEMPORALITY_PREFERENCE.cumulative;
    return grpcExporter("metrics", otlp, { temporalityPreference });
  }
  const inner = otlpHttpSignalExporter(otlp, "metrics");
  return { export: (m, cb) => inner.export(m, cb), forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(), shutdown: () => inner.shutdown() };
}
function prometheusPortFor(base, env = process.env, workerId = clusterWorkerId()) {
  if (base === 0) return 0;
  const pm2 = env["NODE_APP_INSTANCE"];
  if (pm2 !== void 0 && /^\d+$/.test(pm2)) return base + Number(pm2);
  if (workerId !== void 0) return base + workerId;
  return base;
}
function clusterWorkerId() {
  const cluster = createRequire7(__filename)("node:cluster");
  return cluster.isWorker ? cluster.worker?.id : void 0;
}
function startPrometheusServer(config, onListening) {
  const handle = metricsHandler();
  const server = process.getBuiltinModule("node:http").createServer((req, res) => {
    if (handle(req, res)) return;
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found: metrics are served on /metrics\n");
  });
  server[UNTRACED_SERVER] = true;
  const port = prometheusPortFor(config.prometheusPort);
  server.on("error", (error) => {
    warnOnce("metrics:listen", `the /metrics server could not listen on ${config.prometheusHost}:${port} (${error.code ?? error.message}); metrics are not served there. Set OTEL_EXPORTER_PROMETHEUS_PORT to a free port.`);
  });
  server.listen({ host: config.prometheusHost, port, exclusive: true }, () => {
    const address = server.address();
    if (address !== null && typeof address === "object") {
      onListening({ host: address.address, port: address.port });
      diagLog("debug", `metrics served on http://${address.address}:${address.port}/metrics`);
    }
  });
  server.unref();
  return server;
}
var PushReader = class extends PeriodicExportingMetricReader {
  constructor(options3, nothingToSend) {
    super(options3);
    this.nothingToSend = nothingToSend;
  }
  nothingToSend;
  onForceFlush() {
    return this.nothingToSend() ? Promise.resolve() : super.onForceFlush();
  }
};
function feedFromPull(reader, pull) {
  try {
    if (typeof reader.setMetricProducer !== "function") return false;
    reader.setMetricProducer({ collect: (options3) => pull.collect(options3) });
    return true;
  } catch {
    return false;
  }
}
var SIGNAL_ITEM = { traces: "span", logs: "log" };
function registerSelfMetrics(meter) {
  const gauge = (name) => {
    const d = metricDefinition(name);
    const opts = { description: d.description, unit: d.unit };
    return d.kind === "counter" ? meter.createObservableCounter(name, opts) : meter.createObservableUpDownCounter(name, opts);
  };
  const component = { traces: { "otel.component.type": "batching_span_processor" }, logs: { "otel.component.type": "batching_log_processor" } };
  const observeExporters = (r, counter, s) => {
    for (const [type, e] of Object.entries(s.byExporter)) {
      r.observe(counter, e.exported, { "otel.component.type": type });
      for (const [errorType, n] of Object.entries(e.failed)) r.observe(counter, n, { "otel.component.type": type, "error.type": errorType });
    }
  };
  for (const signal of ["traces", "logs"]) {
    const item = SIGNAL_ITEM[signal];
    const queueSize = gauge(`otel.sdk.processor.${item}.queue.size`);
    const capacity = gauge(`otel.sdk.processor.${item}.queue.capacity`);
    const processed = gauge(`otel.sdk.processor.${item}.processed`);
    const exported = gauge(`otel.sdk.exporter.${item}.exported`);
    meter.addBatchObservableCallback((r) => {
      const s = signalStats(signal);
      if (s.queueCapacity === 0 && s.exported === 0 && Object.keys(s.failed).length === 0) return;
      r.observe(queueSize, queueLength(signal), component[signal]);
      r.observe(capacity, s.queueCapacity, component[signal]);
      let failed = 0;
      for (const n of Object.values(s.failed)) failed += n;
      observeExporters(r, exported, s);
      r.observe(processed, s.exported + failed, component[signal]);
      for (const [reason, n] of Object.entries(s.dropped)) r.observe(processed, n, { ...component[signal], "error.type": reason });
    }, [queueSize, capacity, processed, exported]);
  }
  const points = gauge("otel.sdk.exporter.metric_data_point.exported");
  meter.addBatchObservableCallback((r) => {
    const s = signalStats("metrics");
    if (s.exported === 0 && Object.keys(s.failed).length === 0) return;
    observeExporters(r, points, s);
  }, [points]);
}
function createMetricsPipeline(config, resource2, switches = { metrics: true }) {
  const exporters = config.exporters.filter((e) => e !== "none");
  if (exporters.length === 0) return void 0;
  setMetricsProfile(config.profile);
  setMetricNaming(config.naming);
  const limit = config.cardinalityLimit;
  const httpMetrics = createHttpServerMetrics({ profile: config.profile, cardinalityLimit: limit });
  const producers = [httpMetrics.producer];
  const pull = new PrometheusPullReader(limit, producers);
  const readers = [pull];
  const pushExporters = [];
  const fed = [];
  let otherInstruments = false;
  const nothingToSend = () => !otherInstruments && !httpMetrics.served() && pushExporters.every((e) => e.final && !e.exportedOnce);
  for (const name of exporters) {
    if (name === "otlp" || name === "console") {
      const componentType = name === "otlp" ? otlpExporterType("metric", config.otlp.protocol) : consoleExporterType("metric");
      const exporter = new LazyMetricExporter(name, componentType, () => name === "otlp" ? otlpMetricExporter(config.otlp, config.temporality) : new ConsoleMetricExporter(), limit, config.temporality);
      pushExporters.push(exporter);
      const pushReader = (metricProducers) => new PushReader({ exporter, exportIntervalMillis: config.exportIntervalMs, exportTimeoutMillis: Math.min(config.exportTimeoutMs, config.exportIntervalMs), cardinalityLimits: { default: limit }, metricProducers }, nothingToSend);
      if (config.temporality !== "cumulative") readers.push(pushReader([httpMetrics.deltaProducer()]));
      else {
        const reader = pushReader([]);
        if (feedFromPull(reader, pull)) fed.push(reader);
        else readers.push(pushReader(producers));
      }
    }
  }
  const provider = new MeterProvider$1({ resource: resource2, readers });
  const getMeter = provider.getMeter.bind(provider);
  const guarded2 = /* @__PURE__ */ new WeakMap();
  const onCreate = (name) => {
    if (otherInstruments) return;
    const group = getMetricDefinition(name)?.group;
    if (group === void 0 || !BACKGROUND_GROUPS.has(group)) otherInstruments = true;
  };
  provider.getMeter = (name, version, options3) => {
    const meter = getMeter(name, version, options3);
    let wrapped = guarded2.get(meter);
    if (wrapped === void 0) {
      wrapped = guardMeter(meter, onCreate, switches);
      if (name === PG_INSTRUMENTATION_SCOPE) wrapped = pgPoolMetricsMeter(wrapped);
      guarded2.set(meter, wrapped);
    }
    return wrapped;
  };
  metrics2.setGlobalMeterProvider(provider);
  registerPrometheusCollector({ collect: pull.collectText, collectBody: pull.collectBody });
  registerSelfMetrics(provider.getMeter("@otelkit/node", OTELKIT_VERSION));
  const stopRuntime = config.runtime ? startRuntimeMetrics({ profile: config.profile }) : void 0;
  let address;
  const server = exporters.includes("prometheus") ? startPrometheusServer(config, (a) => address = a) : void 0;
  let closed = false;
  return {
    provider,
    httpMetrics,
    prometheusAddress: () => address,
    forceFlush: async () => {
      if (closed) return;
      await Promise.all([provider.forceFlush(), ...fed.map((reader) => reader.forceFlush())]);
    },
    async shutdown() {
      if (closed) return;
      closed = true;
      stopRuntime?.();
      registerPrometheusCollector(void 0);
      server?.close();
      server?.closeAllConnections();
      metrics2.disable();
      for (const exporter of pushExporters) exporter.final = true;
      await Promise.allSettled(fed.map((reader) => reader.shutdown()));
      await provider.shutdown();
    }
  };
}

// src/sdk/propagation.ts
init_esm_shims();
import { createRequire as createRequire8 } from "module";
function b3(multi) {
  const { B3InjectEncoding, B3Propagator } = createRequire8(__filename)("@opentelemetry/propagator-b3");
  return new B3Propagator({ injectEncoding: multi ? B3InjectEncoding.MULTI_HEADER : B3InjectEncoding.SINGLE_HEADER });
}
function byName(name) {
  switch (name) {
    // otelkit's own W3C propagator enforces tracestate limits and clears reserved flag bits.
    case "tracecontext":
      return new OtelkitTraceContextPropagator();
    case "baggage":
      return new W3CBaggagePropagator();
    case "b3":
      return b3(false);
    case "b3multi":
      return b3(true);
    case "jaeger":
      return new JaegerPropagator();
    default:
      return void 0;
  }
}
function createPropagator(names, custom) {
  const propagators = [...new Set(names)].map(byName).filter((p) => p !== void 0);
  return new CompositePropagator({ propagators: [...propagators, ...custom] });
}

// src/sdk/resource.ts
init_esm_shims();
import { closeSync, openSync, readFileSync as readFileSync3, readSync } from "fs";
import { createRequire as createRequire9 } from "module";
import { basename, dirname, join as join2 } from "path";
var appPackages = /* @__PURE__ */ new Map();
function findAppPackage(start2 = process.argv[1]) {
  if (start2 === void 0) return {};
  let found = appPackages.get(start2);
  if (found === void 0) appPackages.set(start2, found = walkToPackage(start2));
  return found;
}
function walkToPackage(start2) {
  let dir = dirname(start2);
  for (let i = 0; i < 32; i++) {
    if (!dir.includes(`${"/"}node_modules${"/"}`)) {
      try {
        const parsed = JSON.parse(readFileSync3(join2(dir, "package.json"), "utf8"));
        return { name: typeof parsed.name === "string" ? parsed.name : void 0, version: typeof parsed.version === "string" ? parsed.version : void 0 };
      } catch {
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return {};
}
var OPTIONAL = {
  aws: { pkg: "@opentelemetry/resource-detector-aws", exports: ["awsEc2Detector", "awsEcsDetector", "awsEksDetector", "awsBeanstalkDetector", "awsLambdaDetector"] },
  gcp: { pkg: "@opentelemetry/resource-detector-gcp", exports: ["gcpDetector"] },
  azure: { pkg: "@opentelemetry/resource-detector-azure", exports: ["azureAppServiceDetector", "azureFunctionsDetector", "azureVmDetector", "azureAksDetector", "azureContainerAppsDetector"] },
  alibaba: { pkg: "@opentelemetry/resource-detector-alibaba-cloud", exports: ["alibabaCloudEcsDetector"] }
};
function optionalDetectors(name) {
  const spec = OPTIONAL[name];
  if (spec === void 0) return [];
  try {
    const local = createRequire9(__filename);
    const fromCatalog2 = createRequire9(local.resolve("@opentelemetry/auto-instrumentations-node"));
    const mod = fromCatalog2(spec.pkg);
    return spec.exports.map((e) => mod[e]).filter((d) => d !== void 0);
  } catch (error) {
    warnOnce(`resource:${name}`, `resource detector ${name} could not be loaded (${error.message}).`);
    return [];
  }
}
function detectContainerId(read = (path) => readFileSync3(path, "utf8")) {
  try {
    const ids = read("/proc/self/cgroup").match(/[0-9a-f]{64}/g);
    if (ids !== null) return ids[ids.length - 1];
  } catch {
  }
  try {
    const match = /\/containers\/([0-9a-f]{64})\//.exec(read("/proc/self/mountinfo"));
    if (match !== null) return match[1];
  } catch {
  }
  return void 0;
}
var ARCH = { arm: "arm32", ppc: "ppc32", x64: "amd64" };
function detectLinuxHost(read = (path) => readFileSync3(path, "utf8")) {
  const os2 = process.getBuiltinModule("node:os");
  const arch2 = os2.arch();
  const attributes2 = { "host.name": os2.hostname(), "host.arch": ARCH[arch2] ?? arch2 };
  for (const path of ["/etc/machine-id", "/var/lib/dbus/machine-id"]) {
    try {
      attributes2["host.id"] = read(path).trim();
      break;
    } catch {
    }
  }
  return attributes2;
}
var LinuxHostDetector = class {
  detect() {
    return { attributes: detectLinuxHost() };
  }
};
var linuxHostDetector = new LinuxHostDetector();
function osRandomBytes() {
  const bytes = Buffer.alloc(16);
  const fd = openSync("/dev/urandom", "r");
  try {
    if (readSync(fd, bytes, 0, 16, null) !== 16) throw new Error("short read from /dev/urandom");
  } finally {
    closeSync(fd);
  }
  return bytes;
}
function randomInstanceId(random = osRandomBytes) {
  let bytes;
  try {
    bytes = random();
  } catch {
    return process.getBuiltinModule("node:crypto").randomUUID();
  }
  bytes[6] = bytes[6] & 15 | 64;
  bytes[8] = bytes[8] & 63 | 128;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
var ServiceInstanceIdDetector = class {
  detect() {
    return { attributes: { "service.instance.id": randomInstanceId() } };
  }
};
var serviceInstanceIdDetector2 = new ServiceInstanceIdDetector();
var ContainerIdDetector = class {
  detect() {
    const id = detectContainerId();
    return { attributes: id === void 0 ? {} : { "container.id": id } };
  }
};
var containerDetector = new ContainerIdDetector();
function detectorsFor(names) {
  const all = names.includes("all");
  const want = (n) => all || names.includes(n);
  if (names.includes("none") && !all) return [];
  const list = [];
  if (want("host")) list.push(process.platform === "linux" ? linuxHostDetector : hostDetector);
  if (want("os")) list.push(osDetector);
  if (want("process")) list.push(processDetector);
  if (want("serviceinstance")) list.push(serviceInstanceIdDetector2);
  if (want("container")) list.push(containerDetector);
  for (const name of ["aws", "gcp", "azure", "alibaba"]) if (want(name)) list.push(...optionalDetectors(name));
  return list;
}
function defaultServiceName2(argv0 = process.argv0) {
  const name = basename(argv0 ?? "");
  return name === "" ? "unknown_service" : `unknown_service:${name}`;
}
function buildResource(config, extra) {
  const resource2 = defaultResource().merge(detectResources({ detectors: detectorsFor(config.resourceDetectors) }));
  const useEnv = config.resourceDetectors.includes("env") || config.resourceDetectors.includes("all");
  const fromEnv2 = useEnv ? getEnvKeyValues("OTEL_RESOURCE_ATTRIBUTES", "all-or-nothing") : {};
  const app = findAppPackage();
  const own = { "telemetry.distro.name": "otelkit", "telemetry.distro.version": OTELKIT_VERSION };
  const serviceName2 = config.serviceName ?? fromEnv2["service.name"] ?? app.name;
  own["service.name"] = serviceName2 === void 0 || serviceName2 === "" ? defaultServiceName2() : serviceName2;
  const version = config.serviceVersion ?? fromEnv2["service.version"] ?? app.version;
  if (version !== void 0) own["service.version"] = version;
  const environment = fromEnv2["deployment.environment.name"] ?? config.environment;
  if (environment !== void 0) own["deployment.environment.name"] = environment;
  return resource2.merge(resourceFromAttributes({ ...fromEnv2, ...own, ...extra }));
}

// src/sdk/sampler.ts
init_esm_shims();
var SAMPLED = Object.freeze({ decision: SamplingDecision.RECORD_AND_SAMPLED });
var DROPPED = Object.freeze({ decision: SamplingDecision.NOT_RECORD });
var RatioSampler = class extends TraceIdRatioBasedSampler {
  constructor(ratio2, ids) {
    super(ratio2);
    this.ids = ids;
    const r = typeof ratio2 !== "number" || Number.isNaN(ratio2) || ratio2 <= 0 ? 0 : ratio2 >= 1 ? 1 : ratio2;
    this.bound = r === 1 ? 2 ** 32 : Math.floor(r * 4294967295);
  }
  ids;
  bound;
  shouldSample(context12, traceId) {
    const ids = this.ids;
    if (traceId === ids.lastTraceId) return ids.lastTraceIdWords < this.bound ? SAMPLED : DROPPED;
    return super.shouldSample(context12, traceId);
  }
};
function createSampler(name, ratio2, ids) {
  const ratioSampler = () => ids === void 0 ? new TraceIdRatioBasedSampler(ratio2) : new RatioSampler(ratio2, ids);
  switch (name) {
    case "always_on":
      return new AlwaysOnSampler();
    case "always_off":
      return new AlwaysOffSampler();
    case "traceidratio":
      return ratioSampler();
    case "parentbased_always_off":
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case "parentbased_traceidratio":
      return new ParentBasedSampler({ root: ratioSampler() });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

// src/sdk/signal-switch.ts
init_esm_shims();
var SIGNALS3 = ["traces", "metrics"];
function createSignalSwitches() {
  return { traces: true, metrics: true };
}
function switchableSignal(signal) {
  if (!SIGNALS3.includes(signal)) throw invalidOption("signal", `one of ${SIGNALS3.map((s) => `"${s}"`).join(", ")}`, signal);
  return signal;
}
var DROPPED2 = Object.freeze({ decision: SamplingDecision.NOT_RECORD });
var SwitchableSampler = class {
  constructor(inner, switches) {
    this.inner = inner;
    this.switches = switches;
  }
  inner;
  switches;
  // Parameters spelled out, not spread: this runs on every span start.
  shouldSample(context12, traceId, spanName, spanKind, attributes2, links) {
    return this.switches.traces ? this.inner.shouldSample(context12, traceId, spanName, spanKind, attributes2, links) : DROPPED2;
  }
  toString() {
    return this.inner.toString();
  }
};

// src/wiring/logs.ts
init_esm_shims();

// src/wiring/logs-export.ts
init_esm_shims();
import { logs as logs2 } from "@opentelemetry/api";
import { createRequire as createRequire10 } from "module";
function otlpExporter(o) {
  if (o.protocol !== "grpc") return otlpHttpSignalExporter(o, "logs");
  return grpcExporter("logs", o);
}
var CountingExporter = class {
  constructor(inner, queue, componentType) {
    this.inner = inner;
    this.queue = queue;
    this.componentType = componentType;
  }
  inner;
  queue;
  componentType;
  export(records, done) {
    this.queue.take(records.length);
    try {
      this.inner.export(records, (result) => {
        if (result.code === 0) recordDelivered("logs", records.length, this.componentType, result.rejected, result.rejectedMessage);
        else recordFailed("logs", records.length, this.componentType, exportErrorType(result.error), result.error?.message);
        done(result);
      });
    } catch (error) {
      recordFailed("logs", records.length, this.componentType, exportErrorType(error), error.message);
      done({ code: 1, error });
    }
  }
  shutdown() {
    return this.inner.shutdown();
  }
  forceFlush() {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
};
var CountingProcessor = class {
  constructor(inner, queue) {
    this.inner = inner;
    this.queue = queue;
  }
  inner;
  queue;
  onEmit(record, ctx) {
    if (!this.queue.hasRoom()) {
      dropped2(this.queue.capacity);
      return;
    }
    this.queue.accept();
    this.inner.onEmit(record, ctx);
  }
  forceFlush() {
    return this.inner.forceFlush();
  }
  shutdown() {
    return this.inner.shutdown();
  }
};
function dropped2(capacity) {
  recordDropped("logs", 1, "queue_full");
  warnOnce("logs:queue-full", `log record queue is full (OTEL_BLRP_MAX_QUEUE_SIZE=${capacity}); records are dropped and counted until the exporter catches up.`);
}
function summarize() {
  const s = signalStats("logs");
  const dropped3 = Object.values(s.dropped).reduce((a, b) => a + b, 0);
  const failed = Object.values(s.failed).reduce((a, b) => a + b, 0);
  const line = `logs: ${s.exported} log records exported, ${dropped3} dropped (queue full), ${failed} failed to export`;
  diagLog(dropped3 > 0 || failed > 0 ? "warn" : "debug", line);
}
function startLogsExport(exporters, resource2) {
  try {
    const req = createRequire10(__filename);
    const sdk = req("@opentelemetry/sdk-logs");
    const queue = getEnvNumber("OTEL_BLRP_MAX_QUEUE_SIZE");
    const batch = {
      maxQueueSize: queue,
      maxExportBatchSize: Math.min(getEnvNumber("OTEL_BLRP_MAX_EXPORT_BATCH_SIZE"), queue),
      scheduledDelayMillis: getEnvNumber("OTEL_BLRP_SCHEDULE_DELAY"),
      exportTimeoutMillis: getEnvNumber("OTEL_BLRP_EXPORT_TIMEOUT")
    };
    const processors2 = [];
    for (const name of exporters) {
      const otlp = name === "otlp" ? signalOtlpOptions("LOGS") : void 0;
      const inner = otlp !== void 0 ? otlpExporter(otlp) : name === "console" ? new sdk.ConsoleLogRecordExporter() : void 0;
      if (inner === void 0) continue;
      const counted = new CountedQueue("logs", queue);
      const exporter = new CountingExporter(inner, counted, otlp !== void 0 ? otlpExporterType("log", otlp.protocol) : consoleExporterType("log"));
      processors2.push(new CountingProcessor(new sdk.BatchLogRecordProcessor({ exporter, ...batch }), counted));
    }
    if (processors2.length === 0) return void 0;
    const attributeLimit = getEnvNumber("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT");
    const countLimit = getEnvNumber("OTEL_ATTRIBUTE_COUNT_LIMIT");
    const provider = new sdk.LoggerProvider({
      resource: resource2,
      processors: processors2,
      logRecordLimits: {
        attributeValueLengthLimit: getEnvNumber("OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT") ?? attributeLimit,
        attributeCountLimit: getEnvNumber("OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT") ?? countLimit
      }
    });
    logs2.setGlobalLoggerProvider(provider);
    return {
      admit: () => {
        if (processors2.some((p) => p.queue.hasRoom())) return true;
        dropped2(queue);
        return false;
      },
      forceFlush: async () => {
        try {
          await provider.forceFlush();
        } catch (error) {
          warnOnce("logs:flush", `log flush failed: ${error.message}`);
        }
      },
      shutdown: async () => {
        try {
          await provider.shutdown();
        } catch (error) {
          warnOnce("logs:shutdown", `shutdown could not export every log record: ${error.message}`);
        } finally {
          logs2.disable();
          summarize();
        }
      }
    };
  } catch (error) {
    warnOnce("logs:start", `log export could not start (${error.message}); log lines are still written and correlated.`);
    return void 0;
  }
}

// src/wiring/logs.ts
function serviceFields2(config) {
  const useEnv = config.resourceDetectors.includes("env") || config.resourceDetectors.includes("all");
  const fromEnv2 = useEnv ? getEnvKeyValues("OTEL_RESOURCE_ATTRIBUTES", "all-or-nothing") : {};
  const app = findAppPackage();
  const out = {};
  const name = config.serviceName ?? fromEnv2["service.name"] ?? app.name;
  const version = config.serviceVersion ?? fromEnv2["service.version"] ?? app.version;
  const environment = fromEnv2["deployment.environment.name"] ?? config.environment;
  if (name !== void 0) out.serviceName = name;
  if (version !== void 0) out.serviceVersion = version;
  if (environment !== void 0) out.environment = environment;
  return out;
}
function wireLogs(config, resource2) {
  const exporters = (getEnvList("OTEL_LOGS_EXPORTER") ?? ["none"]).filter((e) => e !== "none");
  const exported = exporters.length > 0 ? startLogsExport(exporters, resource2) : void 0;
  configureLogs({ sendToOtel: exported !== void 0, admit: exported?.admit, ...serviceFields2(config) });
  const consoleMode = getEnvString("OTELKIT_CONSOLE_CORRELATION");
  const restoreConsole = consoleMode === "true" || consoleMode === "json" ? correlateConsole(consoleMode === "json" ? "json" : "text", redactSet()) : void 0;
  const header = getEnvString("OTELKIT_REQUEST_ID_HEADER");
  return {
    requestIdHeader: header === void 0 || header === "" ? void 0 : header,
    forceFlush: async () => {
      await exported?.forceFlush();
    },
    shutdown: async () => {
      restoreConsole?.();
      configureLogs({ sendToOtel: false, admit: void 0 });
      await exported?.shutdown();
    }
  };
}

// src/wiring/health.ts
init_esm_shims();

// ../health/dist/index.js
init_esm_shims();
var MAX_MESSAGE = 200;
function shorten(text2) {
  const oneLine = text2.replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_MESSAGE ? `${oneLine.slice(0, MAX_MESSAGE)}\u2026` : oneLine;
}
function fromValue(value) {
  if (value === false) return { status: "fail", message: "check returned false" };
  if (typeof value === "object" && value !== null && "status" in value) {
    const { status: status2, message } = value;
    const s = status2 === "fail" || status2 === "warn" ? status2 : "ok";
    return typeof message === "string" && s !== "ok" ? { status: s, message: shorten(message) } : { status: s };
  }
  return { status: "ok" };
}
function errorMessage2(error) {
  if (error instanceof Error) return shorten(error.message || error.name);
  return shorten(String(error));
}
async function runCheck(check) {
  const startedAt = Date.now();
  const started = performance.now();
  const base = { name: check.name, critical: check.critical, checkedAt: new Date(startedAt).toISOString() };
  const latency = () => Math.round((performance.now() - started) * 10) / 10;
  if (check.pending !== void 0) {
    return { ...base, status: "fail", latencyMs: 0, timedOut: true, message: `still running after its ${check.timeoutMs} ms timeout` };
  }
  let call;
  try {
    call = Promise.resolve(check.fn());
  } catch (error) {
    return { ...base, status: "fail", latencyMs: latency(), message: errorMessage2(error) };
  }
  let timer;
  const timeout = new Promise((resolve2) => {
    timer = setTimeout(() => resolve2("timeout"), check.timeoutMs);
    timer.unref();
  });
  try {
    const outcome = await Promise.race([call.then((value) => ({ value })), timeout]);
    if (outcome === "timeout") {
      check.pending = call;
      const clear = () => {
        if (check.pending === call) check.pending = void 0;
      };
      call.then(clear, clear);
      return { ...base, status: "fail", latencyMs: check.timeoutMs, timedOut: true, message: `timed out after ${check.timeoutMs} ms` };
    }
    return { ...base, ...fromValue(outcome.value), latencyMs: latency() };
  } catch (error) {
    return { ...base, status: "fail", latencyMs: latency(), message: errorMessage2(error) };
  } finally {
    clearTimeout(timer);
  }
}
var TICK_MS = 250;
var EventLoopMonitor = class {
  timer;
  expected = 0;
  lastDelay = 0;
  /** Delay seen at the latest tick, or how overdue the next tick already is, whichever is larger. */
  delayMs() {
    this.ensureStarted();
    const overdue = Date.now() - this.expected;
    return Math.max(this.lastDelay, overdue > 0 ? overdue : 0);
  }
  stop() {
    if (this.timer !== void 0) clearInterval(this.timer);
    this.timer = void 0;
  }
  ensureStarted() {
    if (this.timer !== void 0) return;
    this.expected = Date.now() + TICK_MS;
    this.timer = setInterval(() => {
      const now = Date.now();
      this.lastDelay = Math.max(0, now - this.expected);
      this.expected = now + TICK_MS;
    }, TICK_MS);
    this.timer.unref();
  }
};
function checkKnown(where, options3, known2) {
  if (typeof options3 !== "object" || options3 === null) throw invalidOption(where, "an object", options3);
  for (const key of Object.keys(options3)) {
    if (!known2.includes(key)) throw new OtelkitError("OTELKIT_ERR_UNKNOWN_OPTION", `${where} does not know option "${key}"`);
  }
}
function positiveNumber(name, value, max = Number.MAX_SAFE_INTEGER) {
  if (value !== void 0 && (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > max)) {
    throw invalidOption(name, `a positive number up to ${max}`, value);
  }
}
function ratio(name, value) {
  if (value !== void 0 && (typeof value !== "number" || !(value > 0 && value <= 1))) throw invalidOption(name, "a number above 0 and at most 1", value);
}
function optionalString(name, value) {
  if (value !== void 0 && typeof value !== "string") throw invalidOption(name, "a string", value);
}
var round = (n) => Math.round(n * 1e3) / 1e3;
function readMemory(warnRatio) {
  const usage = process.memoryUsage();
  const limit = process.getBuiltinModule("node:v8").getHeapStatistics().heap_size_limit;
  const ratio2 = limit > 0 ? usage.heapUsed / limit : 0;
  return {
    status: ratio2 >= warnRatio ? "warn" : "ok",
    rssBytes: usage.rss,
    heapUsedBytes: usage.heapUsed,
    heapLimitBytes: limit,
    heapUsedRatio: round(ratio2)
  };
}
async function readDisk(path, warnRatio) {
  try {
    const s = await process.getBuiltinModule("node:fs/promises").statfs(path);
    const total = s.blocks * s.bsize;
    const available = s.bavail * s.bsize;
    const ratio2 = total > 0 ? 1 - available / total : 0;
    return { status: ratio2 >= warnRatio ? "warn" : "ok", path, totalBytes: total, availableBytes: available, usedRatio: round(ratio2) };
  } catch (error) {
    return { status: "warn", path, message: `statfs failed: ${error.code ?? error.message}` };
  }
}
var HEALTH_DEFAULTS = Object.freeze({ cacheMs: 5e3, eventLoopDelayMaxMs: 2e3, memoryWarnRatio: 0.9, diskWarnRatio: 0.9, checkTimeoutMs: 2e3 });
var DEFAULTS = HEALTH_DEFAULTS;
var REGISTRY_OPTIONS = ["cacheMs", "eventLoopDelayMaxMs", "diskPath", "memoryWarnRatio", "diskWarnRatio", "version", "serviceName"];
var CHECK_OPTIONS = ["critical", "timeout"];
var CHECK_NAME = /^[A-Za-z0-9._:-]{1,64}$/;
var MAX_TIMEOUT_MS = 6e5;
function validate(options3) {
  checkKnown("health options", options3, REGISTRY_OPTIONS);
  positiveNumber("cacheMs", options3.cacheMs, 36e5);
  positiveNumber("eventLoopDelayMaxMs", options3.eventLoopDelayMaxMs, MAX_TIMEOUT_MS);
  ratio("memoryWarnRatio", options3.memoryWarnRatio);
  ratio("diskWarnRatio", options3.diskWarnRatio);
  optionalString("diskPath", options3.diskPath);
  optionalString("version", options3.version);
  optionalString("serviceName", options3.serviceName);
}
function worst(statuses) {
  let out = "ok";
  for (const s of statuses) {
    if (s === "fail") return "fail";
    if (s === "warn") out = "warn";
  }
  return out;
}
var HealthRegistry = class {
  options = {};
  checks = /* @__PURE__ */ new Map();
  sources = /* @__PURE__ */ new Map();
  loop = new EventLoopMonitor();
  inFlight;
  cached;
  started = true;
  shuttingDown = false;
  runs = 0;
  createdAt = Date.now();
  constructor(options3 = {}) {
    this.configure(options3);
  }
  /** Merge options into the current ones. Invalid values throw {@link OtelkitError}. */
  configure(options3) {
    validate(options3);
    this.options = { ...this.options, ...Object.fromEntries(Object.entries(options3).filter(([, v]) => v !== void 0)) };
    this.cached = void 0;
    return this;
  }
  /** The options in effect, defaults filled in. */
  settings() {
    const o = this.options;
    return {
      cacheMs: o.cacheMs ?? DEFAULTS.cacheMs,
      eventLoopDelayMaxMs: o.eventLoopDelayMaxMs ?? DEFAULTS.eventLoopDelayMaxMs,
      diskPath: o.diskPath ?? process.cwd(),
      memoryWarnRatio: o.memoryWarnRatio ?? DEFAULTS.memoryWarnRatio,
      diskWarnRatio: o.diskWarnRatio ?? DEFAULTS.diskWarnRatio,
      version: o.version,
      serviceName: o.serviceName
    };
  }
  /**
   * Register a dependency check. Returns a function that removes it.
   * @example
   * health.addCheck('db', async () => { await pool.query('SELECT 1'); }, { critical: true, timeout: 2000 });
   */
  addCheck(name, fn, options3 = {}) {
    if (typeof name !== "string" || !CHECK_NAME.test(name)) throw invalidOption("name", "1 to 64 characters of A-Z a-z 0-9 . _ : -", name);
    if (typeof fn !== "function") throw invalidOption("check", "a function", fn);
    checkKnown("addCheck()", options3, CHECK_OPTIONS);
    positiveNumber("timeout", options3.timeout, MAX_TIMEOUT_MS);
    if (options3.critical !== void 0 && typeof options3.critical !== "boolean") throw invalidOption("critical", "a boolean", options3.critical);
    if (this.checks.has(name)) throw new OtelkitError("OTELKIT_ERR_DUPLICATE_CHECK", `a health check named "${name}" is already registered`);
    const check = { name, fn, critical: options3.critical ?? true, timeoutMs: options3.timeout ?? DEFAULTS.checkTimeoutMs };
    this.checks.set(name, check);
    this.cached = void 0;
    return () => {
      if (this.checks.get(name) === check) this.removeCheck(name);
    };
  }
  /** Remove a check by name. Returns false when there was none. */
  removeCheck(name) {
    const removed = this.checks.delete(name);
    if (removed) this.cached = void 0;
    return removed;
  }
  /** Names of the registered checks. */
  checkNames() {
    return [...this.checks.keys()];
  }
  /** Declare whether startup is complete; `/ready` is 503 until it is. Starting again clears the shutdown state. */
  setStarted(started = true) {
    this.started = started;
    if (started) this.shuttingDown = false;
  }
  /** From now on `/ready` answers 503, so load balancers drain the instance before it exits. */
  setShuttingDown(shuttingDown = true) {
    this.shuttingDown = shuttingDown;
  }
  isShuttingDown() {
    return this.shuttingDown;
  }
  /** Add (or with `undefined`, remove) a named section of `/status`. The function must return JSON-safe data. */
  setStatusSource(name, source) {
    if (source === void 0) this.sources.delete(name);
    else this.sources.set(name, source);
  }
  /** How many times the dependency checks actually ran (cache misses). */
  checkRuns() {
    return this.runs;
  }
  /**
   * Results of every check. A run is reused for `cacheMs` after it finished, and callers that come
   * while a run is in progress share it. Never rejects.
   */
  runChecks() {
    const cached3 = this.cached;
    if (cached3 !== void 0 && Date.now() - cached3.at < this.settings().cacheMs) return Promise.resolve(cached3.results);
    this.inFlight ??= this.runAll();
    return this.inFlight;
  }
  async runAll() {
    this.runs++;
    try {
      const checks = [...this.checks.values()];
      const results = await Promise.all(checks.map((c) => runCheck(c)));
      checks.forEach((c, i) => c.last = results[i]);
      this.cached = { at: Date.now(), results };
      return results;
    } finally {
      this.inFlight = void 0;
    }
  }
  /** `/live`: the process answers and its event loop is not stalled. Runs no dependency check. */
  live() {
    const max = this.settings().eventLoopDelayMaxMs;
    const delay = Math.round(this.loop.delayMs());
    return { status: delay <= max ? "ok" : "fail", eventLoopDelayMs: delay, eventLoopDelayMaxMs: max };
  }
  /** `/ready`: started, not shutting down, and every critical check passing. */
  async ready() {
    if (this.shuttingDown) return { status: "not_ready", reason: "shutting_down" };
    if (!this.started) return { status: "not_ready", reason: "starting" };
    const results = await this.runChecks();
    if (this.shuttingDown) return { status: "not_ready", reason: "shutting_down" };
    const failed = results.filter((r) => r.critical && r.status === "fail").map((r) => r.name);
    return failed.length === 0 ? { status: "ready" } : { status: "not_ready", reason: "checks_failed", failed };
  }
  /** `/health`: memory, disk and dependencies, summed up as healthy, degraded or unhealthy. */
  async health() {
    const s = this.settings();
    const [results, disk] = await Promise.all([this.runChecks(), readDisk(s.diskPath, s.diskWarnRatio)]);
    const memory = readMemory(s.memoryWarnRatio);
    const dependencies = Object.fromEntries(results.map((r) => [r.name, r.status]));
    const depStatus = worst(results.map((r) => r.status));
    return {
      status: overall(results, [memory.status, disk.status]),
      timestamp: (/* @__PURE__ */ new Date()).toISOString(),
      version: s.version,
      checks: { memory: memory.status, disk: disk.status, dependencies: depStatus },
      dependencies
    };
  }
  /** `/status`: everything an on-call human wants on one page. */
  async status() {
    const s = this.settings();
    const [results, disk] = await Promise.all([this.runChecks(), readDisk(s.diskPath, s.diskWarnRatio)]);
    const memory = readMemory(s.memoryWarnRatio);
    const ready = await this.ready();
    const report2 = {
      status: overall(results, [memory.status, disk.status]),
      timestamp: (/* @__PURE__ */ new Date()).toISOString(),
      service: { name: s.serviceName, version: s.version },
      uptimeSeconds: Math.round(process.uptime() * 10) / 10,
      startedAt: new Date(Date.now() - process.uptime() * 1e3).toISOString(),
      versions: { node: process.version, v8: process.versions.v8, otelkit: OTELKIT_VERSION },
      lifecycle: { started: this.started, shuttingDown: this.shuttingDown, ready: ready.status === "ready" },
      live: this.live(),
      memory,
      disk,
      cache: { intervalMs: s.cacheMs, runs: this.runs, registryAgeSeconds: Math.round((Date.now() - this.createdAt) / 1e3) },
      checks: results.map((r) => ({ ...r, timeoutMs: this.checks.get(r.name)?.timeoutMs }))
    };
    for (const [name, source] of this.sources) {
      try {
        report2[name] = source();
      } catch (error) {
        report2[name] = { error: error?.message ?? String(error) };
      }
    }
    return report2;
  }
};
function overall(results, system) {
  if (results.some((r) => r.critical && r.status === "fail")) return "unhealthy";
  if (results.some((r) => r.status !== "ok") || system.some((st) => st !== "ok")) return "degraded";
  return "healthy";
}
var REGISTRY_KEY = /* @__PURE__ */ Symbol.for("otelkit.health.v1");
var holder6 = globalThis;
var health = holder6[REGISTRY_KEY] ??= new HealthRegistry();
var DEFAULT_HEALTH_PATHS = Object.freeze({ health: "/health", ready: "/ready", live: "/live", status: "/status" });
function resolveHandlerOptions(options3, where, extra = []) {
  checkKnown(where, options3, ["registry", "paths", ...extra]);
  const paths = { ...DEFAULT_HEALTH_PATHS, ...options3.paths };
  checkKnown("paths", paths, Object.keys(DEFAULT_HEALTH_PATHS));
  const byPath = /* @__PURE__ */ new Map();
  for (const [endpoint, path] of Object.entries(paths)) {
    if (typeof path !== "string" || !path.startsWith("/")) {
      throw new OtelkitError("OTELKIT_ERR_INVALID_OPTION", `option "paths.${endpoint}" must be a path starting with "/", got ${JSON.stringify(path)}`);
    }
    byPath.set(path, endpoint);
  }
  return { registry: options3.registry ?? health, byPath };
}
var HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };
function json(statusCode, body) {
  return { statusCode, headers: { ...HEADERS }, body: `${JSON.stringify(body, null, 2)}
` };
}
async function renderEndpoint(registry, endpoint) {
  try {
    switch (endpoint) {
      case "live": {
        const report2 = registry.live();
        return json(report2.status === "ok" ? 200 : 503, report2);
      }
      case "ready": {
        const report2 = await registry.ready();
        return json(report2.status === "ready" ? 200 : 503, report2);
      }
      case "health": {
        const report2 = await registry.health();
        return json(report2.status === "unhealthy" ? 503 : 200, report2);
      }
      case "status": {
        const report2 = await registry.status();
        return json(200, report2);
      }
    }
  } catch (error) {
    warnOnce(`health:render:${endpoint}`, `health endpoint /${endpoint} failed: ${error?.message ?? String(error)}`);
    return json(500, { status: "error" });
  }
}
function endpointFor(byPath, url) {
  if (url === void 0) return void 0;
  const q = url.indexOf("?");
  return byPath.get(q < 0 ? url : url.slice(0, q));
}
function sendHealthResponse(res, response, head) {
  try {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(response.statusCode, { ...response.headers, "content-length": String(Buffer.byteLength(response.body)) });
    res.end(head ? void 0 : response.body);
  } catch (error) {
    warnOnce("health:send", `health response could not be written: ${error.message}`);
  }
}
function createHealthHandler(options3 = {}) {
  const { registry, byPath } = resolveHandlerOptions(options3, "createHealthHandler()");
  return (req, res) => {
    const endpoint = endpointFor(byPath, req.url);
    if (endpoint === void 0) return false;
    const method = req.method ?? "GET";
    if (method !== "GET" && method !== "HEAD") {
      sendHealthResponse(res, { statusCode: 405, headers: { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" }, body: "method not allowed\n" }, false);
      return true;
    }
    runDetached(renderEndpoint(registry, endpoint).then((response) => sendHealthResponse(res, response, method === "HEAD")), "health:request", "health request failed");
    return true;
  };
}
var CLOSE_GRACE_MS = 1e3;
function validate2(options3) {
  if (typeof options3 !== "object" || options3 === null) throw invalidOption("options", "an object", options3);
  const { port, host } = options3;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) throw invalidOption("port", "an integer from 0 to 65535", port);
  if (host !== void 0 && (typeof host !== "string" || host === "")) throw invalidOption("host", "a non-empty string", host);
  if (options3.unref !== void 0 && typeof options3.unref !== "boolean") throw invalidOption("unref", "a boolean", options3.unref);
}
function startHealthServer(options3) {
  validate2(options3);
  const host = options3.host ?? "127.0.0.1";
  checkKnown("startHealthServer()", options3, ["registry", "paths", "port", "host", "unref"]);
  const handle = createHealthHandler({ registry: options3.registry, paths: options3.paths });
  const server = process.getBuiltinModule("node:http").createServer((req, res) => {
    try {
      if (handle(req, res)) return;
      sendHealthResponse(res, { statusCode: 404, headers: { "content-type": "text/plain; charset=utf-8" }, body: "not found\n" }, req.method === "HEAD");
    } catch {
      res.destroy();
    }
  });
  server.requestTimeout = 1e4;
  server.headersTimeout = 5e3;
  server.keepAliveTimeout = 5e3;
  server.on("clientError", (_error, socket) => socket.destroy());
  Object.defineProperty(server, UNTRACED_SERVER, { value: true });
  if (options3.unref ?? true) server.unref();
  let bound;
  const listening = new Promise((resolve2) => {
    server.once("error", (error) => {
      warnOnce(
        `health:listen:${host}:${options3.port}`,
        `health server could not listen on ${host}:${options3.port} (${error.code ?? error.message}); the health endpoints are off and the app keeps running.`
      );
      resolve2(void 0);
    });
    server.listen(options3.port, host, () => {
      const address = server.address();
      bound = { host: address.address, port: address.port };
      server.on("error", (error) => warnOnce("health:server", `health server error: ${error.message}`));
      diagLog("info", `health endpoints on http://${host.includes(":") ? `[${host}]` : host}:${address.port} (/health /ready /live /status)`);
      resolve2(bound);
    });
  });
  let closing;
  return {
    listening,
    address: () => bound,
    close: () => {
      closing ??= listening.then(
        () => new Promise((resolve2) => {
          if (!server.listening) {
            resolve2();
            return;
          }
          const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
          force.unref();
          server.close(() => {
            clearTimeout(force);
            resolve2();
          });
          server.closeIdleConnections();
        })
      );
      return closing;
    }
  };
}

// src/wiring/config-sources.ts
init_esm_shims();
var otlpEnv = (key) => [`OTEL_EXPORTER_OTLP_TRACES_${key}`, `OTEL_EXPORTER_OTLP_${key}`];
var ROWS = [
  ["serviceName", (o) => o.serviceName, ["OTEL_SERVICE_NAME"]],
  ["serviceVersion", (o) => o.serviceVersion, []],
  ["environment", (o) => o.environment, ["OTELKIT_DEPLOYMENT_ENVIRONMENT", "NODE_ENV"]],
  ["tracesExporter", (o) => o.tracesExporter ?? o.spanExporter, ["OTEL_TRACES_EXPORTER"]],
  ["otlp.endpoint", (o) => o.otlp?.endpoint, otlpEnv("ENDPOINT")],
  ["otlp.protocol", (o) => o.otlp?.protocol, otlpEnv("PROTOCOL")],
  ["otlp.compression", (o) => o.otlp?.compression, otlpEnv("COMPRESSION")],
  ["otlp.timeoutMs", (o) => o.otlp?.timeoutMs, otlpEnv("TIMEOUT")],
  ["otlp.headers", (o) => o.otlp?.headers, otlpEnv("HEADERS")],
  ["sampler", (o) => o.sampler, ["OTEL_TRACES_SAMPLER"]],
  ["samplerRatio", (o) => o.samplerRatio, ["OTEL_TRACES_SAMPLER_ARG"]],
  ["propagators", (o) => o.propagators, ["OTEL_PROPAGATORS"]],
  ["enabledInstrumentations", (o) => o.enabledInstrumentations, ["OTEL_NODE_ENABLED_INSTRUMENTATIONS"]],
  ["disabledInstrumentations", (o) => o.disabledInstrumentations, ["OTEL_NODE_DISABLED_INSTRUMENTATIONS"]],
  ["traceResponseHeader", (o) => o.traceResponseHeader, ["OTELKIT_TRACE_RESPONSE_HEADER"]],
  ["serverTiming", (o) => o.serverTiming, ["OTELKIT_SERVER_TIMING"]],
  ["ignorePaths", (o) => o.ignorePaths ?? o.ignoreDefaultPaths, ["OTELKIT_IGNORE_PATHS", "OTELKIT_IGNORE_DEFAULT_PATHS"]],
  ["shutdownTimeoutMs", (o) => o.shutdownTimeoutMs, ["OTELKIT_SHUTDOWN_TIMEOUT"]],
  ["health.port", (o) => o.healthPort, ["OTELKIT_HEALTH_PORT"]],
  ["health.host", (o) => o.healthHost, ["OTELKIT_HEALTH_HOST"]]
];
function configSources(options3, env = configFileEnv()?.env ?? process.env) {
  const out = {};
  const fromFile = configFileEnv()?.fromFile;
  const set = (name) => (env[name] ?? "").trim() !== "";
  for (const [key, option, names] of ROWS) {
    if (option(options3) !== void 0) out[key] = "code";
    else if (fromFile !== void 0 && names.some((name) => fromFile.has(name) && set(name))) out[key] = "file";
    else out[key] = names.some(set) ? "env" : "default";
  }
  return out;
}

// src/wiring/health.ts
var SIGNALS4 = ["traces", "metrics", "logs"];
var running;
var sum = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
var iso = (ms) => ms === void 0 ? void 0 : new Date(ms).toISOString();
function exporterSection() {
  const stats = pipelineStats();
  const out = {};
  for (const signal of SIGNALS4) {
    const s = stats[signal];
    out[signal] = {
      state: exporterState(signal),
      queued: s.queued,
      queueCapacity: s.queueCapacity,
      exported: s.exported,
      dropped: sum(s.dropped),
      droppedByReason: s.dropped,
      failed: sum(s.failed),
      failedByType: s.failed,
      inFlight: s.inFlight,
      inFlightMax: s.inFlightMax,
      byExporter: Object.fromEntries(Object.entries(s.byExporter).map(([type, e]) => [type, { exported: e.exported, failed: sum(e.failed) }])),
      lastError: s.lastError,
      lastSuccessAt: iso(s.lastSuccessAt),
      lastFailureAt: iso(s.lastFailureAt)
    };
  }
  return out;
}
function configSummary(config, sources) {
  return {
    sources,
    serviceName: config.serviceName,
    serviceVersion: config.serviceVersion,
    environment: config.environment,
    tracesExporter: config.tracesExporter,
    otlp: {
      endpoint: redactUrl(config.otlp.endpoint),
      protocol: config.otlp.protocol,
      compression: config.otlp.compression,
      timeoutMs: config.otlp.timeoutMs,
      headers: Object.keys(config.otlp.headers)
    },
    sampler: config.sampler,
    samplerRatio: config.samplerRatio,
    propagators: config.propagators,
    enabledInstrumentations: config.enabledInstrumentations,
    disabledInstrumentations: config.disabledInstrumentations,
    traceResponseHeader: config.traceResponseHeader,
    serverTiming: config.serverTiming,
    ignorePaths: config.ignorePaths,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    batch: config.batch,
    health: (() => {
      const { cacheMs, eventLoopDelayMaxMs, diskPath, memoryWarnRatio, diskWarnRatio } = health.settings();
      return { host: config.healthHost, port: config.healthPort, cacheMs, eventLoopDelayMaxMs, diskPath, memoryWarnRatio, diskWarnRatio };
    })()
  };
}
var TUNABLE = ["cacheMs", "eventLoopDelayMaxMs", "memoryWarnRatio", "diskWarnRatio"];
function applyEnvSettings(settings) {
  const current = health.settings();
  const changes = {};
  for (const key of TUNABLE) {
    if (settings[key] !== HEALTH_DEFAULTS[key] && current[key] === HEALTH_DEFAULTS[key]) changes[key] = settings[key];
  }
  if (settings.diskPath !== void 0 && current.diskPath === process.cwd()) changes.diskPath = settings.diskPath;
  if (Object.keys(changes).length > 0) health.configure(changes);
}
function wireHealth(config, sdkActive = true, options3 = {}) {
  const drain = () => health.setShuttingDown();
  try {
    const current = health.settings();
    if (current.serviceName === void 0 || current.version === void 0) {
      const app = findAppPackage();
      health.configure({
        serviceName: current.serviceName ?? config.serviceName ?? app.name,
        version: current.version ?? config.serviceVersion ?? app.version
      });
    }
    applyEnvSettings(config.healthSettings);
    health.setStatusSource("sdk", () => ({ active: sdkActive, shuttingDown: health.isShuttingDown() }));
    health.setStatusSource("exporters", exporterSection);
    const sources = configSources(options3);
    health.setStatusSource("config", () => configSummary(config, sources));
    health.setStarted();
    if (config.healthPort !== void 0) {
      const key = `${config.healthHost}:${config.healthPort}`;
      if (running?.key !== key) {
        if (running !== void 0) runDetached(running.server.close(), "health:close", "closing the previous health server failed");
        running = { key, server: startHealthServer({ port: config.healthPort, host: config.healthHost }) };
      }
    }
  } catch (error) {
    warnOnce("health:wire", `health endpoints could not be set up: ${error.message}`);
  }
  return { drain };
}

// src/start.ts
var GLOBAL_KEY = /* @__PURE__ */ Symbol.for("otelkit.sdk.v1");
var holder7 = globalThis;
function noopHandle(config) {
  const done = Promise.resolve();
  return Object.freeze({
    active: false,
    config,
    forceFlush: () => done,
    shutdown: () => done,
    setSignalEnabled: (signal) => void switchableSignal(signal),
    isSignalEnabled: (signal) => (switchableSignal(signal), false)
  });
}
function wantsExpressLayerSpans(config) {
  return config !== void 0 && config.ignoreLayersType !== void 0;
}
function warnUnknownInstrumentationConfig(map) {
  if (map === void 0 || map === null) return;
  const known2 = new Set(INSTRUMENTATION_CATALOG.map((entry) => entry.name));
  for (const key of Object.keys(map)) {
    if (!known2.has(key)) warnOnce(`instrumentation-config:${key}`, `instrumentationConfig.${key} names no instrumentation (use the short names of docs/configuration.md, e.g. "pg"); it is ignored.`);
  }
}
function build(options3, config) {
  installDiagBridge();
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context11.setGlobalContextManager(contextManager);
  propagation4.setGlobalPropagator(createPropagator(config.propagators, customPropagators(options3)));
  const processors2 = options3.spanExporter !== void 0 ? [new CountingBatchSpanProcessor(options3.spanExporter, config.batch, customExporterType(options3.spanExporter, "span"))] : createSpanProcessors(config);
  processors2.push(...(options3.spanProcessors ?? []).map((processor, index) => guardSpanProcessor(processor, index)));
  let ended = 0;
  processors2.push({ onStart: () => void 0, onEnd: () => void ended++, forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() });
  const resource2 = buildResource(config, options3.resourceAttributes);
  const ids = new PooledIdGenerator();
  const switches = createSignalSwitches();
  const builtInSampler = typeof options3.sampler === "object" ? void 0 : new SwitchableSampler(createSampler(config.sampler, config.samplerRatio, ids), switches);
  const provider = new TracerProvider$1({
    resource: resource2,
    sampler: builtInSampler ?? new SwitchableSampler(options3.sampler, switches),
    spanLimits: config.spanLimits,
    spanProcessors: processors2,
    idGenerator: ids
  });
  trace9.setGlobalTracerProvider(provider);
  let metricsPipeline;
  try {
    metricsPipeline = createMetricsPipeline(config.metrics, resource2, switches);
  } catch (error) {
    warnOnce("metrics:start", `the metrics pipeline could not start; traces are unaffected (${error.message}).`);
  }
  const httpConfig = httpInstrumentationConfig(config);
  const instrumentationConfigFor = (name, userConfig) => {
    if (name === "http") return mergeHttpClientConfig(httpConfig, userConfig);
    if (name === "undici") return mergeUndiciConfig(undiciInstrumentationConfig(config), userConfig);
    return userConfig ?? {};
  };
  const esm = config.esm && process.argv[1] !== void 0;
  const entries = selectInstrumentations(config.enabledInstrumentations, config.disabledInstrumentations, {
    enabled: options3.enabledInstrumentations ? "enabledInstrumentations" : "OTEL_NODE_ENABLED_INSTRUMENTATIONS",
    disabled: options3.disabledInstrumentations ? "disabledInstrumentations" : "OTEL_NODE_DISABLED_INSTRUMENTATIONS"
  });
  warnUnknownInstrumentationConfig(options3.instrumentationConfig);
  const logsWiring = wireLogs(config, resource2);
  if (entries.some((e) => e.name === "http")) {
    enableHttpServerInstrumentation({
      attach: (ctx) => void contextManager.attach(ctx),
      contextManager,
      ignorePath: createPathMatcher(config.ignorePaths),
      headers: traceHeaderOptions(config),
      // Read at each request's start: while metrics are off a new request is not counted.
      get metrics() {
        return switches.metrics ? metricsPipeline?.httpMetrics : void 0;
      },
      sampling: builtInSampler === void 0 ? void 0 : { sampler: builtInSampler, ids, attributesAfterStart: (options3.spanProcessors ?? []).length === 0 },
      w3cPropagationOnly: customPropagators(options3).length === 0 && config.propagators.every((name) => name === "tracecontext" || name === "baggage" || name === "none"),
      routeOf: entries.some((e) => e.name === "express") ? expressRoute : void 0,
      requestIdHeader: logsWiring.requestIdHeader,
      redactedQueryParams: config.redactedQueryParams,
      hooks: createHttpServerHooks(options3.instrumentationConfig?.["http"]),
      untrusted: untrustedRequests(options3.traceContext, config.traceContext)
    });
    enableServerExceptionChannels();
  }
  startLazyInstrumentations(
    entries,
    (entry) => {
      const userConfig = options3.instrumentationConfig?.[entry.name];
      if (isLogInstrumentation(entry.name)) return createLogInstrumentation(entry.name, userConfig);
      const made = entry.name === "express" && !wantsExpressLayerSpans(userConfig) ? createExpressInstrumentation(userConfig) : createInstrumentation(entry, instrumentationConfigFor(entry.name, userConfig));
      const extra = entry.name === "pg" ? made === void 0 ? void 0 : createPgPoolTracker() : createFrameworkExceptionInstrumentation(entry.name);
      return extra === void 0 ? made : made === void 0 ? extra : [made, extra];
    },
    { esm }
  );
  if (esm) registerEsmLoader(pendingInstrumentationModules());
  const healthWiring = wireHealth(config, true, options3);
  let removeLifecycle;
  let stopping;
  let shutdownPromise;
  let stopped = false;
  let appAskedShutdown = false;
  const timeoutMs = config.shutdownTimeoutMs;
  const parts = (kind) => [
    ["traces", kind === "forceFlush" ? provider.forceFlush() : provider.shutdown()],
    ["logs", kind === "forceFlush" ? logsWiring.forceFlush() : logsWiring.shutdown()],
    ["metrics", kind === "forceFlush" ? metricsPipeline?.forceFlush() : metricsPipeline?.shutdown()]
  ];
  const flush = async () => {
    try {
      await Promise.all(parts("forceFlush").flatMap(([, work]) => work === void 0 ? [] : [work]));
    } catch (error) {
      warnOnce("flush", `flush failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const stop = () => {
    stopping ??= (async () => {
      healthWiring.drain();
      removeLifecycle?.();
      try {
        return await settleWithin("shutdown", parts("shutdown"), timeoutMs, "shutdown could not export everything");
      } finally {
        stopLazyInstrumentations();
        disableHttpServerInstrumentation();
        disableServerExceptionChannels();
        trace9.disable();
        propagation4.disable();
        context11.disable();
        if (holder7[GLOBAL_KEY] === handle) holder7[GLOBAL_KEY] = void 0;
        stopped = true;
      }
    })();
    shutdownPromise ??= stopping.then(() => void 0);
    return stopping;
  };
  const handle = Object.freeze({
    active: true,
    config,
    forceFlush: () => {
      if (shutdownPromise === void 0) return settleWithin("forceFlush", parts("forceFlush"), timeoutMs, "flush failed").then(() => void 0);
      if (stopped && appAskedShutdown) {
        return Promise.reject(new OtelkitError("OTELKIT_ERR_ALREADY_SHUT_DOWN", "forceFlush() was called after shutdown() completed; shutdown() already exported everything it could"));
      }
      return shutdownPromise;
    },
    shutdown: () => {
      appAskedShutdown = true;
      void stop();
      return shutdownPromise;
    },
    setSignalEnabled: (signal, enabled2) => {
      switches[switchableSignal(signal)] = enabled2 === true;
    },
    isSignalEnabled: (signal) => switches[switchableSignal(signal)]
  });
  if (config.handleSignals) removeLifecycle = installLifecycle({ shutdown: stop, forceFlush: flush, endedSpans: () => ended, beginShutdown: healthWiring.drain, beginExit: stopExportRetries, abandon: abandonExports }, timeoutMs);
  return handle;
}
function startSync(options3 = {}) {
  const existing = holder7[GLOBAL_KEY];
  if (existing !== void 0) {
    warnOnce("start:twice", "otelkit is already started in this process (preload, a second copy, or a second start()); the running pipeline is kept.");
    return existing;
  }
  warnUnknownEnvVariables();
  applyConfigFile();
  const config = normalizeConfig(options3);
  if (!isSupportedNode(process.versions.node)) {
    warnOnce("start:node-version", `otelkit needs Node.js ${MIN_NODE.join(".")} or newer and this is ${process.version}: the app runs uninstrumented. Upgrade Node.js to trace it.`);
    if (config.healthPort !== void 0) wireHealth(config, false, options3);
    return noopHandle(config);
  }
  if (config.disabled) {
    diagLog("debug", "OTEL_SDK_DISABLED=true: otelkit runs as a no-op");
    if (config.healthPort !== void 0) wireHealth(config, false, options3);
    return noopHandle(config);
  }
  try {
    const handle = build(options3, config);
    holder7[GLOBAL_KEY] = handle;
    return handle;
  } catch (error) {
    if (error instanceof OtelkitError) throw error;
    warnOnce("start:failed", `otelkit could not start; the app runs uninstrumented (${error.message}).`);
    wireHealth(config, false, options3);
    return noopHandle(config);
  }
}
async function start(options3 = {}) {
  return startSync(options3);
}
function getOtelkit() {
  return holder7[GLOBAL_KEY];
}

// src/config-file/from-env.ts
init_esm_shims();
var CREDENTIAL = /authorization|api[-_]?key|token|secret|password|passwd|cookie|signature|credential/i;
var NOT_IN_DISTRIBUTION = /* @__PURE__ */ new Set(["OTELKIT_COMPILE_CACHE", "OTELKIT_REDACT_QUERY_PARAMS"]);
var LOG_LEVELS2 = { none: "fatal", error: "error", warn: "warn", info: "info", debug: "debug", verbose: "trace", all: "trace" };
var DETECTORS2 = { container: "container", host: "host", process: "process", serviceinstance: "service", os: "os" };
function otlpExporter2(signal, env) {
  const protocol = otlpProtocolFromEnv(signal, env);
  const headers = {
    ...getEnvKeyValues("OTEL_EXPORTER_OTLP_HEADERS", "skip-invalid", env),
    ...getEnvKeyValues(`OTEL_EXPORTER_OTLP_${signal}_HEADERS`, "skip-invalid", env)
  };
  const pick = (suffix) => getEnvString(`OTEL_EXPORTER_OTLP_${signal}_${suffix}`, env) ?? getEnvString(`OTEL_EXPORTER_OTLP_${suffix}`, env);
  const tls = {};
  for (const [key, suffix] of [["ca_file", "CERTIFICATE"], ["key_file", "CLIENT_KEY"], ["cert_file", "CLIENT_CERTIFICATE"]]) {
    const value = pick(suffix);
    if (value !== void 0) tls[key] = value;
  }
  if (protocol === "grpc" && getEnvBoolean("OTEL_EXPORTER_OTLP_INSECURE", env)) tls["insecure"] = true;
  const out = { endpoint: otlpEndpointFromEnv(signal, protocol, env) };
  if (protocol !== "grpc") out["encoding"] = protocol === "http/json" ? "json" : "protobuf";
  const names = Object.keys(headers);
  if (names.length > 0) out["headers"] = names.map((name) => ({ name, value: CREDENTIAL.test(name) ? "[REDACTED]" : headers[name] }));
  out["timeout"] = getEnvNumber(`OTEL_EXPORTER_OTLP_${signal}_TIMEOUT`, env) ?? getEnvNumber("OTEL_EXPORTER_OTLP_TIMEOUT", env);
  out["compression"] = pick("COMPRESSION");
  if (Object.keys(tls).length > 0) out["tls"] = tls;
  if (signal === "METRICS") {
    const t = getEnvString("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", env);
    out["temporality_preference"] = t === "lowmemory" ? "low_memory" : t;
  }
  return { [protocol === "grpc" ? "otlp_grpc" : "otlp_http"]: out };
}
function batchSettings(prefix, env) {
  return {
    schedule_delay: getEnvNumber(`${prefix}_SCHEDULE_DELAY`, env),
    export_timeout: getEnvNumber(`${prefix}_EXPORT_TIMEOUT`, env),
    max_queue_size: getEnvNumber(`${prefix}_MAX_QUEUE_SIZE`, env),
    max_export_batch_size: getEnvNumber(`${prefix}_MAX_EXPORT_BATCH_SIZE`, env)
  };
}
function processors(exporters, signal, env) {
  const settings = batchSettings(signal === "TRACES" ? "OTEL_BSP" : "OTEL_BLRP", env);
  const out = [];
  if (exporters.includes("otlp")) out.push({ batch: { ...settings, exporter: otlpExporter2(signal, env) } });
  if (exporters.includes("console")) out.push({ batch: { ...out.length === 0 ? settings : {}, exporter: { console: null } } });
  return out;
}
function sampler(env) {
  const name = getEnvString("OTEL_TRACES_SAMPLER", env);
  const base = name.replace(/^parentbased_/, "");
  const root = base === "traceidratio" ? { trace_id_ratio_based: { ratio: getEnvNumber("OTEL_TRACES_SAMPLER_ARG", env) } } : { [base]: null };
  return name.startsWith("parentbased_") ? { parent_based: { root } } : root;
}
function resource(env) {
  const attributes2 = getEnvKeyValues("OTEL_RESOURCE_ATTRIBUTES", "all-or-nothing", env);
  const service = getEnvString("OTEL_SERVICE_NAME", env);
  const list = Object.entries({ ...attributes2, ...service === void 0 ? {} : { "service.name": service } }).map(([name, value]) => ({ name, value }));
  const detectors = (getEnvList("OTEL_NODE_RESOURCE_DETECTORS", env) ?? []).flatMap((d) => DETECTORS2[d] === void 0 ? [] : [{ [DETECTORS2[d]]: null }]);
  const out = {};
  if (list.length > 0) out["attributes"] = list;
  out["detection/development"] = { detectors };
  return out;
}
function distribution(env) {
  const out = {};
  for (const def2 of OTELKIT_ENV_DEFINITIONS) {
    if (!def2.name.startsWith("OTELKIT_") || NOT_IN_DISTRIBUTION.has(def2.name)) continue;
    const key = def2.name.slice("OTELKIT_".length).toLowerCase();
    let value;
    if (def2.type === "boolean") value = getEnvBoolean(def2.name, env);
    else if (def2.type === "integer" || def2.type === "duration" || def2.type === "ratio") value = getEnvNumber(def2.name, env);
    else if (def2.type === "list" || def2.type === "enum-list") value = getEnvList(def2.name, env);
    else value = getEnvString(def2.name, env);
    if (value !== void 0) out[key] = value;
  }
  return out;
}
function effectiveConfigModel(env) {
  const doc = { file_format: "1.1", disabled: getEnvBoolean("OTEL_SDK_DISABLED", env) };
  const level = env["OTEL_LOG_LEVEL"] === void 0 ? void 0 : getEnvString("OTEL_LOG_LEVEL", env);
  if (level !== void 0) doc["log_level"] = LOG_LEVELS2[level];
  doc["attribute_limits"] = {
    attribute_value_length_limit: getEnvNumber("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", env),
    attribute_count_limit: getEnvNumber("OTEL_ATTRIBUTE_COUNT_LIMIT", env)
  };
  doc["resource"] = resource(env);
  const propagators = (getEnvList("OTEL_PROPAGATORS", env) ?? []).filter((p) => p !== "none");
  if (propagators.length > 0) doc["propagator"] = { composite: propagators.map((p) => ({ [p]: null })) };
  const traces = getEnvList("OTEL_TRACES_EXPORTER", env) ?? [];
  if (!traces.every((e) => e === "none")) {
    const limits = {
      attribute_value_length_limit: getEnvNumber("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", env),
      attribute_count_limit: getEnvNumber("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", env),
      event_count_limit: getEnvNumber("OTEL_SPAN_EVENT_COUNT_LIMIT", env),
      link_count_limit: getEnvNumber("OTEL_SPAN_LINK_COUNT_LIMIT", env),
      event_attribute_count_limit: getEnvNumber("OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", env),
      link_attribute_count_limit: getEnvNumber("OTEL_LINK_ATTRIBUTE_COUNT_LIMIT", env)
    };
    doc["tracer_provider"] = { processors: processors(traces, "TRACES", env), limits, sampler: sampler(env) };
  }
  const metrics3 = getEnvList("OTEL_METRICS_EXPORTER", env) ?? [];
  const readers = [];
  const periodic = { interval: getEnvNumber("OTEL_METRIC_EXPORT_INTERVAL", env), timeout: getEnvNumber("OTEL_METRIC_EXPORT_TIMEOUT", env) };
  if (metrics3.includes("otlp")) readers.push({ periodic: { ...periodic, exporter: otlpExporter2("METRICS", env) } });
  if (metrics3.includes("console")) readers.push({ periodic: { ...readers.length === 0 ? periodic : {}, exporter: { console: null } } });
  if (metrics3.includes("prometheus")) {
    readers.push({ pull: { exporter: { "prometheus/development": { host: getEnvString("OTEL_EXPORTER_PROMETHEUS_HOST", env), port: getEnvNumber("OTEL_EXPORTER_PROMETHEUS_PORT", env) } } } });
  }
  if (readers.length > 0) doc["meter_provider"] = { readers };
  const logs3 = getEnvList("OTEL_LOGS_EXPORTER", env) ?? [];
  if (!logs3.every((e) => e === "none")) {
    doc["logger_provider"] = {
      processors: processors(logs3, "LOGS", env),
      limits: {
        attribute_value_length_limit: getEnvNumber("OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT", env),
        attribute_count_limit: getEnvNumber("OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT", env)
      }
    };
  }
  const js = {};
  for (const name of getEnvList("OTEL_NODE_ENABLED_INSTRUMENTATIONS", env) ?? []) js[name] = { enabled: true };
  for (const name of getEnvList("OTEL_NODE_DISABLED_INSTRUMENTATIONS", env) ?? []) js[name] = { enabled: false };
  const sensitive = getEnvList("OTELKIT_REDACT_QUERY_PARAMS", env) ?? [];
  const instrumentation = {};
  if (sensitive.length > 0) instrumentation["general"] = { sanitization: { url: { sensitive_query_parameters: sensitive } } };
  if (Object.keys(js).length > 0) instrumentation["js"] = js;
  if (Object.keys(instrumentation).length > 0) doc["instrumentation/development"] = instrumentation;
  doc["distribution"] = { otelkit: distribution(env) };
  return dropUndefined(doc);
}
function dropUndefined(value) {
  if (Array.isArray(value)) return value.map(dropUndefined);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== void 0).map(([k, v]) => [k, dropUndefined(v)]));
}
export {
  INSTRUMENTATION_CATALOG,
  effectiveConfigModel,
  fileEnvView,
  fileVariableNames,
  getOtelkit,
  normalizeConfig,
  readConfigFile,
  start,
  startSync,
  translateConfigModel
};
//# sourceMappingURL=index.js.map