/**
 * Where the upstream instrumentation base and HTTP client instrumentation come from. The CommonJS
 * build replaces `process.env.OTELKIT_BUILD_FORMAT` with "cjs" and carries both bundled
 * (bundled-*.ts), initialised here at first use; the ESM build and the sources under test load the
 * installed packages, as lazily.
 */
import { createRequire } from 'node:module';
import type * as InstrumentationApi from '@opentelemetry/instrumentation';
import type * as HttpInstrumentationModule from '@opentelemetry/instrumentation-http';

export function instrumentationApi(): Pick<typeof InstrumentationApi, 'InstrumentationBase' | 'InstrumentationNodeModuleDefinition' | 'InstrumentationNodeModuleFile' | 'isWrapped'> {
  if (process.env.OTELKIT_BUILD_FORMAT === 'cjs') return require('./bundled-instrumentation.js') as typeof InstrumentationApi;
  return createRequire(__filename)('@opentelemetry/instrumentation') as typeof InstrumentationApi;
}

/** The bundled HTTP client instrumentation, or undefined where the installed package is used. */
export function bundledHttpInstrumentation(): typeof HttpInstrumentationModule | undefined {
  if (process.env.OTELKIT_BUILD_FORMAT === 'cjs') return require('./bundled-http.js') as typeof HttpInstrumentationModule;
  return undefined;
}
