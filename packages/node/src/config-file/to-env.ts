/**
 * Translate a parsed declarative configuration (file_format 1.x) into the variables of otelkit's
 * environment table. The SDK then reads them with the same readers, defaults and checks as the
 * environment, so a file and the equivalent variables give the same pipeline. What the file sets
 * and otelkit cannot honour is reported, one problem each, naming the field: never dropped silently.
 */
import { getEnvDefinition } from '@otelkit/core';
import type { ConfigurationModel } from '@opentelemetry/configuration';

/** The variables a file stands for, and the fields otelkit could not honour. */
export interface OtelkitFileTranslation {
  readonly env: Record<string, string>;
  /** `field: problem` lines, e.g. `tracer_provider.processors[0].simple: not supported, batch used`. */
  readonly problems: readonly string[];
}

type Obj = Record<string, unknown>;
type Signal = 'TRACES' | 'METRICS' | 'LOGS';

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const has = (o: Obj, key: string): boolean => key in o && o[key] !== undefined;

// Settings read before the file can be (the preload's code cache), so the file can't hold them.
const NOT_IN_FILE = new Set(['OTELKIT_COMPILE_CACHE']);
const LOG_LEVELS: Readonly<Record<string, string>> = { trace: 'verbose', debug: 'debug', info: 'info', warn: 'warn', error: 'error', fatal: 'error' };
const PROPAGATORS = new Set(['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger']);
const DETECTORS: Readonly<Record<string, string>> = { container: 'container', host: 'host', process: 'process', service: 'serviceinstance', os: 'os' };

class Translator {
  readonly env: Record<string, string> = {};
  readonly problems: string[] = [];

  set(name: string, value: string | number | boolean | null | undefined): void {
    if (value === undefined || value === null) return;
    this.env[name] = String(value);
  }

  problem(field: string, text: string): void {
    this.problems.push(`${field}: ${text}`);
  }

  /** Report every key of `o` outside `known`. */
  unsupported(o: Obj, known: readonly string[], field: string): void {
    for (const key of Object.keys(o)) if (!known.includes(key) && o[key] !== undefined) this.problem(`${field}.${key}`, 'not supported by otelkit; ignored');
  }

  headers(o: Obj, name: string, field: string): void {
    const pairs: string[] = [];
    for (const [i, h] of (Array.isArray(o['headers']) ? o['headers'] : []).entries()) {
      const { name: key, value } = obj(h) as { name?: string; value?: string | null };
      if (typeof key !== 'string' || value === null || value === undefined) continue;
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) this.problem(`${field}.headers[${i}].name`, 'not a valid header name; skipped');
      else pairs.push(`${key}=${encodeURIComponent(value)}`);
    }
    // headers_list has the environment variable's syntax already; `headers` entries win.
    const list = typeof o['headers_list'] === 'string' ? o['headers_list'] : '';
    const joined = [list, ...pairs].filter((s) => s.trim() !== '').join(',');
    if (joined !== '') this.env[name] = joined;
  }

  /** One OTLP exporter of a signal: its endpoint, protocol, headers, timeout, compression and TLS files. */
  otlp(kind: 'otlp_http' | 'otlp_grpc', exporter: Obj, signal: Signal, field: string): void {
    const prefix = `OTEL_EXPORTER_OTLP_${signal}`;
    const f = `${field}.${kind}`;
    this.set(`${prefix}_ENDPOINT`, exporter['endpoint'] as string | undefined);
    this.set(`${prefix}_PROTOCOL`, kind === 'otlp_grpc' ? 'grpc' : exporter['encoding'] === 'json' ? 'http/json' : 'http/protobuf');
    this.headers(exporter, `${prefix}_HEADERS`, f);
    this.set(`${prefix}_TIMEOUT`, exporter['timeout'] as number | undefined);
    const compression = exporter['compression'];
    if (compression === 'gzip' || compression === 'none') this.set(`${prefix}_COMPRESSION`, compression);
    else if (compression !== undefined && compression !== null) this.problem(`${f}.compression`, `${JSON.stringify(compression)} is not supported (gzip or none); none used`);
    const tls = obj(exporter['tls']);
    this.set(`${prefix}_CERTIFICATE`, tls['ca_file'] as string | undefined);
    this.set(`${prefix}_CLIENT_KEY`, tls['key_file'] as string | undefined);
    this.set(`${prefix}_CLIENT_CERTIFICATE`, tls['cert_file'] as string | undefined);
    if (kind === 'otlp_grpc' && typeof tls['insecure'] === 'boolean') this.set('OTEL_EXPORTER_OTLP_INSECURE', tls['insecure']);
    const known = ['endpoint', 'encoding', 'headers', 'headers_list', 'timeout', 'compression', 'tls'];
    if (signal === 'METRICS') {
      const t = exporter['temporality_preference'];
      if (typeof t === 'string') this.set('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', t === 'low_memory' ? 'lowmemory' : t);
      known.push('temporality_preference');
      if (exporter['default_histogram_aggregation'] === 'base2_exponential_bucket_histogram') {
        this.problem(`${f}.default_histogram_aggregation`, 'base2_exponential_bucket_histogram is not supported; explicit_bucket_histogram used');
      }
      known.push('default_histogram_aggregation');
    }
    this.unsupported(exporter, known, f);
  }

  /**
   * The exporters of one signal's processors or readers. otelkit runs one OTLP exporter per signal
   * (plus console): a second OTLP one is reported and left out.
   */
  exporters(list: readonly { exporter: Obj; field: string }[], signal: Signal): string[] {
    const names: string[] = [];
    for (const { exporter, field } of list) {
      for (const [kind, value] of Object.entries(exporter)) {
        if (kind === 'otlp_http' || kind === 'otlp_grpc') {
          if (names.includes('otlp')) {
            this.problem(`${field}.${kind}`, `a second OTLP exporter is not supported (otelkit exports each signal to one OTLP endpoint); ignored`);
            continue;
          }
          names.push('otlp');
          this.otlp(kind, obj(value), signal, field);
        } else if (kind === 'console') {
          if (!names.includes('console')) names.push('console');
        } else {
          this.problem(`${field}.${kind}`, 'exporter not supported by otelkit; ignored');
        }
      }
    }
    return names;
  }

  batch(processor: Obj, prefix: 'OTEL_BSP' | 'OTEL_BLRP', field: string): void {
    this.set(`${prefix}_SCHEDULE_DELAY`, processor['schedule_delay'] as number | undefined);
    this.set(`${prefix}_EXPORT_TIMEOUT`, processor['export_timeout'] as number | undefined);
    this.set(`${prefix}_MAX_QUEUE_SIZE`, processor['max_queue_size'] as number | undefined);
    this.set(`${prefix}_MAX_EXPORT_BATCH_SIZE`, processor['max_export_batch_size'] as number | undefined);
    this.unsupported(processor, ['schedule_delay', 'export_timeout', 'max_queue_size', 'max_export_batch_size', 'exporter'], field);
  }

  /** Span or log record processors: batch (otelkit's only kind) or simple (run as batch). */
  processors(list: unknown, signal: 'TRACES' | 'LOGS', field: string): void {
    const exporters: { exporter: Obj; field: string }[] = [];
    let batched = false;
    for (const [i, p] of (Array.isArray(list) ? list : []).entries()) {
      const f = `${field}.processors[${i}]`;
      for (const [kind, value] of Object.entries(obj(p))) {
        if (kind !== 'batch' && kind !== 'simple') {
          this.problem(`${f}.${kind}`, 'processor not supported by otelkit; ignored');
          continue;
        }
        if (kind === 'simple') this.problem(`${f}.simple`, 'not supported, batch used');
        const processor = obj(value);
        if (kind === 'batch') {
          const settings = ['schedule_delay', 'export_timeout', 'max_queue_size', 'max_export_batch_size'].some((k) => has(processor, k));
          if (!batched) this.batch(processor, signal === 'TRACES' ? 'OTEL_BSP' : 'OTEL_BLRP', `${f}.batch`);
          else if (settings) this.problem(`${f}.batch`, 'one set of batch settings per signal; the first processor\'s are used');
          batched = true;
        }
        exporters.push({ exporter: obj(processor['exporter']), field: `${f}.${kind}.exporter` });
      }
    }
    const names = this.exporters(exporters, signal);
    this.set(signal === 'TRACES' ? 'OTEL_TRACES_EXPORTER' : 'OTEL_LOGS_EXPORTER', names.length === 0 ? 'none' : names.join(','));
  }

  /** The root sampler of parent_based, or a sampler on its own: always_on, always_off, trace_id_ratio_based. */
  simpleSampler(sampler: Obj, field: string): { name: 'always_on' | 'always_off' | 'traceidratio'; ratio?: number } | undefined {
    if (has(sampler, 'always_on')) return { name: 'always_on' };
    if (has(sampler, 'always_off')) return { name: 'always_off' };
    if (has(sampler, 'trace_id_ratio_based')) {
      const ratio = obj(sampler['trace_id_ratio_based'])['ratio'];
      return { name: 'traceidratio', ratio: typeof ratio === 'number' ? ratio : 1 };
    }
    const kind = Object.keys(sampler)[0];
    this.problem(kind === undefined ? field : `${field}.${kind}`, 'sampler not supported by otelkit; parent_based with always_on used');
    return undefined;
  }

  sampler(sampler: Obj, field: string): void {
    let name = 'parentbased_always_on';
    let ratio: number | undefined;
    if (has(sampler, 'parent_based')) {
      const pb = obj(sampler['parent_based']);
      const root = has(pb, 'root') ? this.simpleSampler(obj(pb['root']), `${field}.parent_based.root`) : { name: 'always_on' as const };
      if (root !== undefined) {
        name = `parentbased_${root.name}`;
        ratio = root.ratio;
      }
      // otelkit's parent-based samplers follow the parent's decision, as the spec's defaults do.
      const defaults: Readonly<Record<string, string>> = { remote_parent_sampled: 'always_on', remote_parent_not_sampled: 'always_off', local_parent_sampled: 'always_on', local_parent_not_sampled: 'always_off' };
      for (const [child, expected] of Object.entries(defaults)) {
        if (!has(pb, child)) continue;
        const given = Object.keys(obj(pb[child]))[0];
        if (given !== expected) this.problem(`${field}.parent_based.${child}`, `only ${expected} is supported (the parent's decision); ${expected} used`);
      }
      this.unsupported(pb, ['root', ...Object.keys(defaults)], `${field}.parent_based`);
    } else if (Object.keys(sampler).length > 0) {
      const s = this.simpleSampler(sampler, field);
      if (s !== undefined) {
        name = s.name;
        ratio = s.ratio;
      }
    }
    this.set('OTEL_TRACES_SAMPLER', name);
    this.set('OTEL_TRACES_SAMPLER_ARG', ratio);
  }

  tracerProvider(tp: Obj | undefined): void {
    if (tp === undefined) {
      // No tracer provider in the file: nothing is exported, but spans keep their ids for X-Trace-ID.
      this.set('OTEL_TRACES_EXPORTER', 'none');
      return;
    }
    this.processors(tp['processors'], 'TRACES', 'tracer_provider');
    this.sampler(obj(tp['sampler']), 'tracer_provider.sampler');
    const limits = obj(tp['limits']);
    this.set('OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', limits['attribute_value_length_limit'] as number | undefined);
    this.set('OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', limits['attribute_count_limit'] as number | undefined);
    this.set('OTEL_SPAN_EVENT_COUNT_LIMIT', limits['event_count_limit'] as number | undefined);
    this.set('OTEL_SPAN_LINK_COUNT_LIMIT', limits['link_count_limit'] as number | undefined);
    this.set('OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT', limits['event_attribute_count_limit'] as number | undefined);
    this.set('OTEL_LINK_ATTRIBUTE_COUNT_LIMIT', limits['link_attribute_count_limit'] as number | undefined);
    this.unsupported(tp, ['processors', 'sampler', 'limits'], 'tracer_provider');
  }

  meterProvider(mp: Obj | undefined): void {
    if (mp === undefined) {
      this.set('OTEL_METRICS_EXPORTER', 'none');
      return;
    }
    const push: { exporter: Obj; field: string }[] = [];
    let prometheus = false;
    let periodic = false;
    for (const [i, r] of (Array.isArray(mp['readers']) ? mp['readers'] : []).entries()) {
      const f = `meter_provider.readers[${i}]`;
      const reader = obj(r);
      if (has(reader, 'periodic')) {
        const p = obj(reader['periodic']);
        if (periodic) this.problem(`${f}.periodic`, 'one export interval for all periodic readers; the first reader\'s is used');
        else {
          this.set('OTEL_METRIC_EXPORT_INTERVAL', p['interval'] as number | undefined);
          this.set('OTEL_METRIC_EXPORT_TIMEOUT', p['timeout'] as number | undefined);
        }
        periodic = true;
        this.cardinality(obj(p['cardinality_limits']), `${f}.periodic.cardinality_limits`);
        this.unsupported(p, ['interval', 'timeout', 'exporter', 'cardinality_limits'], `${f}.periodic`);
        push.push({ exporter: obj(p['exporter']), field: `${f}.periodic.exporter` });
      } else if (has(reader, 'pull')) {
        const p = obj(reader['pull']);
        const exporter = obj(p['exporter']);
        this.cardinality(obj(p['cardinality_limits']), `${f}.pull.cardinality_limits`);
        this.unsupported(p, ['exporter', 'cardinality_limits'], `${f}.pull`);
        if (!has(exporter, 'prometheus/development')) {
          this.problem(`${f}.pull.exporter`, 'only prometheus/development is supported; ignored');
          continue;
        }
        if (prometheus) {
          this.problem(`${f}.pull`, 'otelkit serves one /metrics endpoint; this second one is ignored');
          continue;
        }
        prometheus = true;
        const prom = obj(exporter['prometheus/development']);
        this.set('OTEL_EXPORTER_PROMETHEUS_HOST', prom['host'] as string | undefined);
        this.set('OTEL_EXPORTER_PROMETHEUS_PORT', prom['port'] as number | undefined);
        this.unsupported(prom, ['host', 'port'], `${f}.pull.exporter.prometheus/development`);
      }
    }
    const names = this.exporters(push, 'METRICS');
    if (prometheus) names.push('prometheus');
    this.set('OTEL_METRICS_EXPORTER', names.length === 0 ? 'none' : names.join(','));
    this.unsupported(mp, ['readers'], 'meter_provider');
  }

  cardinality(limits: Obj, field: string): void {
    if (typeof limits['default'] === 'number') this.set('OTELKIT_METRICS_CARDINALITY_LIMIT', limits['default']);
    this.unsupported(limits, ['default'], field);
  }

  loggerProvider(lp: Obj | undefined): void {
    if (lp === undefined) {
      this.set('OTEL_LOGS_EXPORTER', 'none');
      return;
    }
    this.processors(lp['processors'], 'LOGS', 'logger_provider');
    const limits = obj(lp['limits']);
    this.set('OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT', limits['attribute_value_length_limit'] as number | undefined);
    this.set('OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT', limits['attribute_count_limit'] as number | undefined);
    this.unsupported(lp, ['processors', 'limits'], 'logger_provider');
  }

  propagator(p: Obj | undefined): void {
    const names: string[] = [];
    const add = (name: string, field: string): void => {
      if (!PROPAGATORS.has(name)) this.problem(field, `propagator ${JSON.stringify(name)} is not supported by otelkit; ignored`);
      else if (!names.includes(name)) names.push(name);
    };
    for (const [i, entry] of (Array.isArray(p?.['composite']) ? (p['composite'] as unknown[]) : []).entries()) {
      for (const name of Object.keys(obj(entry))) add(name, `propagator.composite[${i}].${name}`);
    }
    const list = p?.['composite_list'];
    if (typeof list === 'string') for (const name of list.split(',').map((s) => s.trim()).filter(Boolean)) add(name, 'propagator.composite_list');
    // No propagator in the file means none (the specification's default for a file), not otelkit's default.
    this.set('OTEL_PROPAGATORS', names.length === 0 ? 'none' : names.join(','));
  }

  resource(r: Obj | undefined): void {
    if (r === undefined) return;
    const pairs: string[] = [];
    const seen = new Set<string>();
    for (const [i, a] of (Array.isArray(r['attributes']) ? r['attributes'] : []).entries()) {
      const { name, value } = obj(a) as { name: string; value: unknown };
      if (Array.isArray(value)) {
        this.problem(`resource.attributes[${i}].value`, 'array values are not supported by otelkit; attribute skipped');
        continue;
      }
      if (value === null || value === undefined) continue;
      seen.add(name);
      if (name === 'service.name') this.set('OTEL_SERVICE_NAME', String(value));
      pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
    }
    // attributes_list has the environment variable's syntax; `attributes` entries win.
    const list = typeof r['attributes_list'] === 'string' ? r['attributes_list'] : '';
    for (const item of list.split(',')) {
      const key = item.split('=')[0]?.trim() ?? '';
      if (key === '' || seen.has(decodeURIComponentSafe(key))) continue;
      pairs.unshift(item.trim());
      if (decodeURIComponentSafe(key) === 'service.name') this.set('OTEL_SERVICE_NAME', decodeURIComponentSafe(item.slice(item.indexOf('=') + 1).trim()));
    }
    if (pairs.length > 0) this.set('OTEL_RESOURCE_ATTRIBUTES', pairs.join(','));
    const detection = r['detection/development'];
    if (isObj(detection)) {
      // The env detector carries the file's own attributes (above), so it always runs.
      const detectors = ['env'];
      for (const [i, d] of (Array.isArray(detection['detectors']) ? detection['detectors'] : []).entries()) {
        for (const name of Object.keys(obj(d))) {
          const mapped = DETECTORS[name];
          if (mapped === undefined) this.problem(`resource.detection/development.detectors[${i}].${name}`, 'detector not supported by otelkit; ignored');
          else if (!detectors.includes(mapped)) detectors.push(mapped);
        }
      }
      this.set('OTEL_NODE_RESOURCE_DETECTORS', detectors.join(','));
      this.unsupported(detection, ['detectors'], 'resource.detection/development');
    }
    this.unsupported(r, ['attributes', 'attributes_list', 'detection/development', 'schema_url'], 'resource');
  }

  instrumentation(i: Obj | undefined): void {
    if (i === undefined) return;
    const general = obj(i['general']);
    const sensitive = obj(obj(obj(general['sanitization'])['url']))['sensitive_query_parameters'];
    if (Array.isArray(sensitive)) this.set('OTELKIT_REDACT_QUERY_PARAMS', sensitive.join(','));
    for (const key of Object.keys(general)) {
      if (key !== 'sanitization') this.problem(`instrumentation/development.general.${key}`, 'not supported by otelkit; ignored');
    }
    // js.<name>.enabled: true entries make an allow-list (only those load), false ones a deny-list.
    const enabled: string[] = [];
    const disabled: string[] = [];
    for (const [name, value] of Object.entries(obj(i['js']))) {
      const settings = obj(value);
      if (settings['enabled'] === false) disabled.push(name);
      if (settings['enabled'] === true) enabled.push(name);
      this.unsupported(settings, ['enabled'], `instrumentation/development.js.${name}`);
    }
    if (enabled.length > 0) this.set('OTEL_NODE_ENABLED_INSTRUMENTATIONS', enabled.join(','));
    if (disabled.length > 0) this.set('OTEL_NODE_DISABLED_INSTRUMENTATIONS', disabled.join(','));
    for (const key of Object.keys(i)) {
      if (key !== 'general' && key !== 'js') this.problem(`instrumentation/development.${key}`, 'settings for another language; ignored');
    }
  }

  /** `distribution.otelkit`: otelkit's own settings, each named as its OTELKIT_* variable without the prefix. */
  distribution(d: Obj | undefined): void {
    if (d === undefined) return;
    for (const [key, value] of Object.entries(obj(d['otelkit']))) {
      const name = `OTELKIT_${key.toUpperCase()}`;
      const field = `distribution.otelkit.${key}`;
      if (getEnvDefinition(name) === undefined || NOT_IN_FILE.has(name)) {
        this.problem(field, NOT_IN_FILE.has(name) ? `read before the file; set ${name} in the environment` : 'not an otelkit setting; ignored');
      } else if (Array.isArray(value)) this.set(name, value.map(String).join(','));
      else if (isObj(value) && getEnvDefinition(name)?.type === 'key-value-list') {
        // A mapping for a `key=value,...` variable (the metric naming): written in the variable's syntax.
        this.set(name, Object.entries(value).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join(','));
      }
      else if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) this.set(name, value === null ? '' : (value as string));
      else this.problem(field, 'expected a string, number, boolean, list, or a mapping for key=value settings; ignored');
    }
    for (const key of Object.keys(d)) if (key !== 'otelkit') this.problem(`distribution.${key}`, 'settings of another distribution; ignored');
  }
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The variables a parsed file stands for, and what in it otelkit cannot honour. */
export function translateConfigModel(model: ConfigurationModel): OtelkitFileTranslation {
  const t = new Translator();
  const m = model as Obj;
  if (typeof m['disabled'] === 'boolean') t.set('OTEL_SDK_DISABLED', m['disabled']);
  if (typeof m['log_level'] === 'string') t.set('OTEL_LOG_LEVEL', LOG_LEVELS[m['log_level'].replace(/\d$/, '')]);
  const limits = obj(m['attribute_limits']);
  t.set('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', limits['attribute_value_length_limit'] as number | undefined);
  t.set('OTEL_ATTRIBUTE_COUNT_LIMIT', limits['attribute_count_limit'] as number | undefined);
  const section = (key: string): Obj | undefined => (isObj(m[key]) ? m[key] : undefined);
  t.resource(section('resource'));
  t.propagator(section('propagator'));
  t.tracerProvider(section('tracer_provider'));
  t.meterProvider(section('meter_provider'));
  t.loggerProvider(section('logger_provider'));
  t.instrumentation(section('instrumentation/development'));
  t.distribution(section('distribution'));
  const known = ['file_format', 'disabled', 'log_level', 'attribute_limits', 'resource', 'propagator', 'tracer_provider', 'meter_provider', 'logger_provider', 'instrumentation/development', 'distribution'];
  for (const key of Object.keys(m)) if (!known.includes(key)) t.problem(key, 'not a field of file_format 1.x that otelkit knows; ignored');
  return { env: t.env, problems: t.problems };
}
