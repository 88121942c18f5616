// What is compared: the preloads, the variants given on the command line and the environment every
// measured app runs with.
import { isAbsolute, join } from 'node:path';
import { here } from './processes.mjs';

/**
 * otelkit's default resource detectors, which are also upstream's default ('all') without the
 * cloud ones: those probe metadata addresses outside this machine.
 */
export const RESOURCE_DETECTORS = 'env,host,os,process,serviceinstance,container';

/**
 * Node flags of each named variant. The two floors are not tracers but lower bounds the budgets are
 * read against: `floor` only sets the header and records the RED histogram (the sampled route's
 * floor), `floor-recording` also records and exports a span per request (apps/floor-*.cjs).
 */
export const PRELOADS = {
  baseline: [],
  otelkit: ['--require', '@otelkit/node/register'],
  upstream: ['--require', '@opentelemetry/auto-instrumentations-node/register'],
  floor: ['--require', join(here, 'apps', 'floor-preload.cjs')],
  'floor-recording': ['--require', join(here, 'apps', 'floor-recording.cjs')],
};

const SAMPLED = { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.01' };

/**
 * A variant from the command line: `baseline`, `otelkit`, `upstream`, `otelkit-sampled` (ratio 0.01),
 * optionally with a `:label` suffix, then `=VAR=value,...` for environment variables; `ARGS=...`
 * in that list adds node flags (space separated) instead. Any other name has no preload, so
 * `old=ARGS=--require /path/register.cjs` is another build.
 */
export function parseVariant(spec) {
  const eq = spec.indexOf('=');
  const name = eq < 0 ? spec : spec.slice(0, eq);
  if (name === '') throw new Error(`variant "${spec}" has no name`);
  const pairs = (eq < 0 ? '' : spec.slice(eq + 1)).split(',').filter(Boolean);
  const env = {};
  for (const kv of pairs) {
    const at = kv.indexOf('=');
    if (at <= 0) throw new Error(`variant "${spec}": "${kv}" is not VAR=value`);
    env[kv.slice(0, at)] = kv.slice(at + 1);
  }
  const base = name.replace(/:.*$/, '');
  const flags = env.ARGS === undefined ? [] : env.ARGS.split(' ').filter(Boolean);
  delete env.ARGS;
  const sampled = base.endsWith('-sampled');
  return {
    name,
    args: [...flags, ...(PRELOADS[sampled ? base.slice(0, -'-sampled'.length) : base] ?? [])],
    env: sampled ? { ...SAMPLED, ...env } : env,
  };
}

/** An app's file: a name in bench/apps/, or a path. */
export const appFile = (app) => (isAbsolute(app) ? app : join(here, 'apps', app));

/** The request path an app is loaded on when none is given. */
export const defaultPath = (app) => (app.startsWith('express') ? '/users/42' : '/');

/** Environment of a measured app: export to the sink, local resource detectors, then the variant's. */
export const appEnv = (sinkUrl, env = {}) => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
  OTEL_SERVICE_NAME: 'bench',
  OTEL_NODE_RESOURCE_DETECTORS: RESOURCE_DETECTORS,
  ...env,
});
