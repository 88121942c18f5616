import { IncomingMessage } from 'node:http';
import { SpanKind, SpanContext, HrTime, SpanStatus, Attributes, Link, Context, TraceState, Span, TextMapPropagator } from '@opentelemetry/api';
import { InstrumentationConfigMap } from '@opentelemetry/auto-instrumentations-node';
import { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { ConfigurationModel } from '@opentelemetry/configuration';

/** One row of the instrumentation catalog (see catalog.generated.ts). */
interface InstrumentationCatalogEntry {
    /** Short name used by OTEL_NODE_ENABLED_INSTRUMENTATIONS, e.g. `express`. */
    readonly name: string;
    /** The upstream package that implements it. */
    readonly pkg: string;
    /** The exported class to instantiate. */
    readonly className: string;
    /** Module names whose first require/import loads the instrumentation. Empty: loaded at start. */
    readonly modules: readonly string[];
}

/** Every instrumentation otelkit can load, and the modules whose first load triggers it. */
declare const INSTRUMENTATION_CATALOG: readonly InstrumentationCatalogEntry[];
/** The short name of every instrumentation in {@link INSTRUMENTATION_CATALOG}. */
type OtelkitInstrumentationName = "amqplib" | "aws-lambda" | "aws-sdk" | "bunyan" | "cassandra-driver" | "connect" | "cucumber" | "dataloader" | "dns" | "express" | "fs" | "generic-pool" | "graphql" | "grpc" | "hapi" | "host-metrics" | "http" | "ioredis" | "kafkajs" | "knex" | "koa" | "lru-memoizer" | "memcached" | "mongodb" | "mongoose" | "mysql2" | "mysql" | "nestjs-core" | "net" | "openai" | "oracledb" | "pg" | "pino" | "redis" | "restify" | "router" | "runtime-node" | "socket.io" | "tedious" | "undici" | "winston";

/** Public types of @otelkit/node. */

/** A finished span, as processors and exporters receive it (`ReadableSpan` of the SDK). */
/**
 * How otelkit's HTTP and domain metrics are named (the `metricNaming` option; the same as
 * `OTELKIT_METRICS_NAMESPACE`, `_NAMES`, `_LABELS` and `_LABEL_VALUES`). Declared here, not taken from
 * @otelkit/core: core is bundled into this package, so its declarations can't name it.
 */
interface OtelkitMetricNaming {
    /** Prefix of every HTTP and domain instrument: `autonomos` serves `job.queue.depth` as `autonomos_job_queue_depth`. */
    readonly namespace?: string;
    /**
     * Names by catalog instrument, as Prometheus shows them without the type suffix, placed under the
     * namespace: `{ 'job.duration': 'job_duration_seconds' }`. The unit is not appended.
     */
    readonly names?: Readonly<Record<string, string>>;
    /** Label names by attribute, for every instrument (`'queue.name': 'queue'`) or one (`'http_requests:status': 'status_code'`). */
    readonly labels?: Readonly<Record<string, string>>;
    /** Label values by attribute value, for every instrument (`'pool.state:used': 'active'`) or one (`'pool.connections:pool.state:used': 'active'`). */
    readonly labelValues?: Readonly<Record<string, string>>;
}
interface OtelkitReadableSpan {
    readonly name: string;
    readonly kind: SpanKind;
    readonly spanContext: () => SpanContext;
    readonly parentSpanContext?: SpanContext;
    readonly startTime: HrTime;
    readonly endTime: HrTime;
    readonly status: SpanStatus;
    readonly attributes: Attributes;
    readonly links: Link[];
    readonly events: {
        time: HrTime;
        name: string;
        attributes?: Attributes;
        droppedAttributesCount?: number;
    }[];
    readonly duration: HrTime;
    readonly ended: boolean;
    readonly resource: {
        readonly attributes: Attributes;
        readonly schemaUrl?: string;
    };
    readonly instrumentationScope: {
        readonly name: string;
        readonly version?: string;
        readonly schemaUrl?: string;
    };
    readonly droppedAttributesCount: number;
    readonly droppedEventsCount: number;
    readonly droppedLinksCount: number;
}
/** A sampler (`Sampler` of the SDK). `decision`: 0 not recorded, 1 recorded, 2 recorded and sampled. */
interface OtelkitSampler {
    shouldSample(context: Context, traceId: string, spanName: string, spanKind: SpanKind, attributes: Attributes, links: Link[]): {
        decision: 0 | 1 | 2;
        attributes?: Readonly<Attributes>;
        traceState?: TraceState;
    };
    toString(): string;
}
/** A span processor (`SpanProcessor` of the SDK). */
interface OtelkitSpanProcessor {
    forceFlush(): Promise<void>;
    onStart(span: Span & OtelkitReadableSpan, parentContext: Context): void;
    onEnding?(span: Span & OtelkitReadableSpan): void;
    onEnd(span: OtelkitReadableSpan): void;
    shutdown(): Promise<void>;
}
/** A span exporter (`SpanExporter` of the SDK). `code`: 0 success, 1 failed. */
interface OtelkitSpanExporter {
    export(spans: OtelkitReadableSpan[], resultCallback: (result: {
        code: 0 | 1;
        error?: Error;
    }) => void): void;
    shutdown(): Promise<void>;
    forceFlush?(): Promise<void>;
}
/**
 * Instrumentations otelkit implements itself (see start.ts): only the generic options apply, so the
 * upstream ones (pino's `logKeys`, `logHook`, ...) are not offered. Express is not here: its upstream
 * options apply once `ignoreLayersType` loads the upstream instrumentation.
 */
type OtelkitOwnInstrumentation = 'pino' | 'winston' | 'bunyan';
/**
 * The config type of each instrumentation, keyed by short name: the upstream instrumentation's own
 * (`PgInstrumentationConfig` for `pg`, `HttpInstrumentationConfig` for `http`, ...).
 *
 * Taken from `InstrumentationConfigMap` of @opentelemetry/auto-instrumentations-node, a dependency of
 * this package, rather than from each @opentelemetry/instrumentation-* package: those are
 * dependencies of auto-instrumentations-node only, so a consumer's tsc could not resolve them from
 * here under a strict layout (pnpm), while auto-instrumentations-node resolves them from its own.
 * Type-only: nothing is loaded at run time.
 *
 * Names outside the catalog are rejected: the option only configures instrumentations otelkit loads,
 * so `{ pgg: ... }` or a full package name would be ignored at run time. Custom instrumentations are
 * registered and configured by the app itself, not through this option.
 */
type OtelkitInstrumentationConfigMap = {
    readonly [N in OtelkitInstrumentationName]?: N extends OtelkitOwnInstrumentation ? InstrumentationConfig : NonNullable<InstrumentationConfigMap[`@opentelemetry/instrumentation-${N}`]>;
};
/** Span exporter names, as in OTEL_TRACES_EXPORTER. */
type OtelkitTracesExporterName = 'otlp' | 'console' | 'none';
type OtelkitMetricsExporterName = 'otlp' | 'prometheus' | 'console' | 'none';
/** OTLP transports, as in OTEL_EXPORTER_OTLP_PROTOCOL. */
type OtelkitOtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';
/** Sampler names, as in OTEL_TRACES_SAMPLER. */
type OtelkitSamplerName = 'always_on' | 'always_off' | 'traceidratio' | 'parentbased_always_on' | 'parentbased_always_off' | 'parentbased_traceidratio';
/**
 * Trust in the trace context of an incoming HTTP request, as in OTELKIT_TRACE_CONTEXT: `trust`
 * continues the caller's trace; `edge` (public endpoints) starts a new trace, samples locally and
 * keeps the caller's context as a span link.
 */
type OtelkitTraceContextMode = 'trust' | 'edge';
/** Propagator names, as in OTEL_PROPAGATORS. */
type OtelkitPropagatorName = 'tracecontext' | 'baggage' | 'b3' | 'b3multi' | 'jaeger' | 'none';
/** OTLP settings for traces. Each falls back to the OTEL_EXPORTER_OTLP_TRACES_* then OTEL_EXPORTER_OTLP_* variables. */
interface OtelkitOtlpOptions {
    /** Full URL for traces (for HTTP, including `/v1/traces`). */
    endpoint?: string;
    /** @default 'http/protobuf' */
    protocol?: OtelkitOtlpProtocol;
    /** Extra request headers (or gRPC metadata). */
    headers?: Record<string, string>;
    /** @default 10000 */
    timeoutMs?: number;
    /** @default 'none' */
    compression?: 'gzip' | 'none';
}
/** Options for {@link start}. Every field is optional; the environment fills in the rest. */
interface OtelkitStartOptions {
    /** `service.name`. Default: OTEL_SERVICE_NAME, then the app's package.json `name`. */
    serviceName?: string;
    /** `service.version`. Default: the app's package.json `version`. */
    serviceVersion?: string;
    /** `deployment.environment.name`. Default: OTELKIT_DEPLOYMENT_ENVIRONMENT, then NODE_ENV. */
    environment?: string;
    /** Extra resource attributes; they win over OTEL_RESOURCE_ATTRIBUTES. */
    resourceAttributes?: Attributes;
    /** Span exporters. @default ['otlp'] */
    tracesExporter?: readonly OtelkitTracesExporterName[];
    /** OTLP settings for traces. */
    otlp?: OtelkitOtlpOptions;
    /** Replace the configured exporters with this one (tests, custom backends). */
    spanExporter?: OtelkitSpanExporter;
    /** Extra span processors, added after the exporting one. */
    spanProcessors?: readonly OtelkitSpanProcessor[];
    /** A sampler name or a Sampler object. @default 'parentbased_always_on' */
    sampler?: OtelkitSamplerName | OtelkitSampler;
    /** Ratio for the traceidratio samplers. @default 1 */
    samplerRatio?: number;
    /** Propagator names or objects. @default ['tracecontext', 'baggage'] */
    propagators?: readonly (OtelkitPropagatorName | TextMapPropagator)[];
    /**
     * Trust in incoming trace context (`OTELKIT_TRACE_CONTEXT`): `trust` for calls from your own
     * services, `edge` for public endpoints, or a function of the request for an app that serves
     * both. A function that throws gets one warning and the request uses OTELKIT_TRACE_CONTEXT.
     * @default 'trust'
     * @example
     * start({ traceContext: (request) => (request.url?.startsWith('/api/public/') ? 'edge' : 'trust') });
     */
    traceContext?: OtelkitTraceContextMode | ((request: IncomingMessage) => OtelkitTraceContextMode);
    /** Only these instrumentations (short names such as `express`). */
    enabledInstrumentations?: readonly string[];
    /** Instrumentations to leave off. */
    disabledInstrumentations?: readonly string[];
    /**
     * Per-instrumentation config, keyed by short name, merged over otelkit's own; each takes the
     * upstream instrumentation's config type, e.g. `{ pg: { enhancedDatabaseReporting: true } }`.
     */
    instrumentationConfig?: OtelkitInstrumentationConfigMap;
    /** Response header with the trace id; `false` or '' turns it off. @default 'X-Trace-ID' */
    traceResponseHeader?: string | false;
    /** Send `Server-Timing: traceparent`. @default false */
    serverTiming?: boolean;
    /**
     * Request paths never traced or counted, added to the default probe and scrape paths
     * (`/health`, `/healthz`, `/ready`, `/readyz`, `/live`, `/livez`, `/status`, `/metrics`). Exact
     * paths, or patterns where `*` matches any run of characters, `/` included (`/internal/*`).
     */
    ignorePaths?: readonly string[];
    /** Keep the default probe and scrape paths in the ignored list. @default true */
    ignoreDefaultPaths?: boolean;
    /** Milliseconds a flush on SIGTERM, SIGINT or natural exit may take. @default 5000 */
    shutdownTimeoutMs?: number;
    /** Flush on SIGTERM/SIGINT and on natural exit. @default true */
    handleSignals?: boolean;
    /** Also hook ES modules (import-in-the-middle). @default true */
    esm?: boolean;
    /** Metric exporters (`OTEL_METRICS_EXPORTER`). `prometheus` serves `/metrics` on its own port. @default ['otlp'] */
    metricsExporter?: readonly OtelkitMetricsExporterName[];
    /** Metric naming profile (`OTELKIT_METRICS_PROFILE`). @default 'semconv' */
    metricsProfile?: 'semconv' | 'prometheus-classic';
    /**
     * Names, labels and label values of the HTTP and domain metrics, and their namespace
     * (`OTELKIT_METRICS_NAMESPACE`, `_NAMES`, `_LABELS`, `_LABEL_VALUES`; given here, those are not read).
     * Give the mixin the same naming so its rules and dashboards query these names.
     * @example
     * start({ metricNaming: { namespace: 'autonomos', names: { 'job.processed': 'jobs' }, labels: { 'job.status': 'status' } } });
     * @default {} (the catalog's names)
     */
    metricNaming?: OtelkitMetricNaming;
    /** Port of the `/metrics` server (`OTEL_EXPORTER_PROMETHEUS_PORT`). @default 9464 */
    prometheusPort?: number;
    /** Address of the `/metrics` server (`OTEL_EXPORTER_PROMETHEUS_HOST`). @default '127.0.0.1' */
    prometheusHost?: string;
    /** Runtime metrics (`OTELKIT_RUNTIME_METRICS`). @default true */
    runtimeMetrics?: boolean;
    /** Port of the standalone health server (`/health`, `/ready`, `/live`, `/status`); unset: none. Default: OTELKIT_HEALTH_PORT. */
    healthPort?: number;
    /** Interface of the health server. @default '127.0.0.1' (OTELKIT_HEALTH_HOST) */
    healthHost?: string;
}
/** The running SDK, as returned by {@link start}. */
interface OtelkitHandle {
    /** False for the no-op handle (OTEL_SDK_DISABLED=true, or the SDK failed to start). */
    readonly active: boolean;
    /** The effective configuration, frozen. */
    readonly config: OtelkitResolvedConfig;
    /**
     * Export everything finished so far. Export failures never reject (they are reported through
     * diagnostics). During shutdown() it settles with the shutdown. After your shutdown() completed it
     * rejects with `OTELKIT_ERR_ALREADY_SHUT_DOWN`: there is nothing left to flush, and the call is a
     * misuse. After otelkit's own exit-time shutdown it resolves.
     */
    forceFlush(): Promise<void>;
    /** Flush and stop. Idempotent: later calls return the first call's promise. Never rejects. */
    shutdown(): Promise<void>;
    /**
     * Turn a signal off or on while the app runs, e.g. to shed telemetry cost in an emergency; both
     * are on after start(). Nothing is torn down, so turning a signal back on is immediate.
     * - `traces` off: every new span is non-recording, as under the `always_off` sampler: nothing is
     *   exported, `X-Trace-ID` and the log lines' `trace_id` still carry the request's trace id, and
     *   outgoing `traceparent` headers say "not sampled". Spans already started still end and export.
     * - `metrics` off: measurements are dropped and observable callbacks are not called; `/metrics`
     *   and the push exporters keep serving the values recorded so far, so counters continue from
     *   there, without a reset, when metrics come back. HTTP requests already in flight still count.
     *
     * A no-op on the no-op handle. An unknown signal throws `OTELKIT_ERR_INVALID_OPTION`.
     * @example
     * getOtelkit()?.setSignalEnabled('traces', false);
     */
    setSignalEnabled(signal: OtelkitSwitchableSignal, enabled: boolean): void;
    /** Whether a signal is on (see {@link setSignalEnabled}); false on the no-op handle. */
    isSignalEnabled(signal: OtelkitSwitchableSignal): boolean;
}
/** The signals {@link OtelkitHandle.setSignalEnabled} switches. */
type OtelkitSwitchableSignal = 'traces' | 'metrics';
/** The configuration after options, environment and defaults were merged. */
interface OtelkitResolvedConfig {
    readonly disabled: boolean;
    readonly serviceName: string | undefined;
    readonly serviceVersion: string | undefined;
    readonly environment: string | undefined;
    readonly tracesExporter: readonly OtelkitTracesExporterName[];
    readonly otlp: Readonly<Required<Omit<OtelkitOtlpOptions, 'endpoint'>> & {
        endpoint: string;
    }>;
    readonly sampler: OtelkitSamplerName;
    readonly samplerRatio: number;
    readonly propagators: readonly OtelkitPropagatorName[];
    /** The global mode: a `traceContext` string option, else OTELKIT_TRACE_CONTEXT (a predicate falls back to it). */
    readonly traceContext: OtelkitTraceContextMode;
    readonly resourceDetectors: readonly string[];
    readonly enabledInstrumentations: readonly string[] | undefined;
    readonly disabledInstrumentations: readonly string[] | undefined;
    readonly traceResponseHeader: string | false;
    readonly serverTiming: boolean;
    readonly ignorePaths: readonly string[];
    /** Query parameters redacted in `url.query` and `url.full`: otelkit's defaults plus OTELKIT_REDACT_QUERY_PARAMS. */
    readonly redactedQueryParams: readonly string[];
    readonly shutdownTimeoutMs: number;
    readonly handleSignals: boolean;
    readonly esm: boolean;
    readonly metrics: Readonly<{
        exporters: readonly OtelkitMetricsExporterName[];
        profile: 'semconv' | 'prometheus-classic';
        /** The metric naming, checked (options, else OTELKIT_METRICS_NAMESPACE, _NAMES, _LABELS and _LABEL_VALUES). */
        naming: Readonly<OtelkitMetricNaming>;
        cardinalityLimit: number;
        runtime: boolean;
        prometheusHost: string;
        prometheusPort: number;
        exportIntervalMs: number;
        exportTimeoutMs: number;
        /** OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE, for the push exporters. */
        temporality: 'cumulative' | 'delta' | 'lowmemory';
        otlp: Readonly<Required<Omit<OtelkitOtlpOptions, 'endpoint'>> & {
            endpoint: string;
        }>;
    }>;
    readonly healthPort: number | undefined;
    readonly healthHost: string;
    /**
     * Health registry settings from OTELKIT_HEALTH_* (check cache, event-loop stall limit, disk path,
     * warn ratios): applied to the shared registry where the app has not configured them itself.
     */
    readonly healthSettings: Readonly<{
        cacheMs: number;
        eventLoopDelayMaxMs: number;
        diskPath: string | undefined;
        memoryWarnRatio: number;
        diskWarnRatio: number;
    }>;
    readonly batch: Readonly<{
        scheduledDelayMillis: number;
        exportTimeoutMillis: number;
        maxQueueSize: number;
        maxExportBatchSize: number;
    }>;
    readonly spanLimits: Readonly<{
        attributeValueLengthLimit: number;
        attributeCountLimit: number;
        eventCountLimit: number;
        linkCountLimit: number;
        attributePerEventCountLimit: number;
        attributePerLinkCountLimit: number;
    }>;
}

/**
 * Synchronous start, for the preload: hooks must be in place before the app's first require.
 * Bad options throw {@link OtelkitError}; any other failure leaves the app uninstrumented with one warning.
 */
declare function startSync(options?: OtelkitStartOptions): OtelkitHandle;
/**
 * Start otelkit with typed options (merged over the OTEL_* and OTELKIT_* environment).
 * @example
 * const otel = await start({ serviceName: 'api' });
 * process.on('SIGTERM', async () => { await otel.shutdown(); process.exit(0); });
 */
declare function start(options?: OtelkitStartOptions): Promise<OtelkitHandle>;
/** The running handle, if otelkit was started in this process. */
declare function getOtelkit(): OtelkitHandle | undefined;

/** Merge options, environment and defaults into one frozen configuration. */
declare function normalizeConfig(options?: OtelkitStartOptions): OtelkitResolvedConfig;

/** The variables a file stands for, and the fields otelkit could not honour. */
interface OtelkitFileTranslation {
    readonly env: Record<string, string>;
    /** `field: problem` lines, e.g. `tracer_provider.processors[0].simple: not supported, batch used`. */
    readonly problems: readonly string[];
}
/** The variables a parsed file stands for, and what in it otelkit cannot honour. */
declare function translateConfigModel(model: ConfigurationModel): OtelkitFileTranslation;

/** A file that could be used (`problems`: fields otelkit cannot honour), or why it could not. */
type OtelkitConfigFileResult = ({
    readonly ok: true;
    readonly file: string;
} & OtelkitFileTranslation) | {
    readonly ok: false;
    readonly file: string;
    readonly problems: readonly string[];
};
/** Parse and check `file`, then translate it to otelkit's variables. Never throws. */
declare function readConfigFile(file: string): OtelkitConfigFileResult;

/** Environment variables by name. Spelled out (not core's alias): @otelkit/core is bundled, so the declarations can't name it. */
type OtelkitVariables = Readonly<Record<string, string | undefined>>;
/** The variables the readers see for a file result: the file's, over the process's OTELKIT_* ones. */
declare function fileEnvView(result: OtelkitConfigFileResult, env: OtelkitVariables): Record<string, string>;
/** The names whose value comes from the file (for an unusable one: the switch that turns the SDK off). */
declare function fileVariableNames(result: OtelkitConfigFileResult): ReadonlySet<string>;

type Obj = Record<string, unknown>;
/** The configuration `env` gives, as a file_format 1.1 document (plain data, ready for YAML). */
declare function effectiveConfigModel(env: OtelkitVariables): Obj;

export { INSTRUMENTATION_CATALOG, effectiveConfigModel, fileEnvView, fileVariableNames, getOtelkit, normalizeConfig, readConfigFile, start, startSync, translateConfigModel };
export type { InstrumentationCatalogEntry, OtelkitConfigFileResult, OtelkitFileTranslation, OtelkitHandle, OtelkitInstrumentationConfigMap, OtelkitInstrumentationName, OtelkitMetricNaming, OtelkitOtlpOptions, OtelkitOtlpProtocol, OtelkitPropagatorName, OtelkitReadableSpan, OtelkitResolvedConfig, OtelkitSampler, OtelkitSamplerName, OtelkitSpanExporter, OtelkitSpanProcessor, OtelkitStartOptions, OtelkitSwitchableSignal, OtelkitTraceContextMode, OtelkitTracesExporterName };
