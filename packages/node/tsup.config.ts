import type { Options } from 'tsup';
import { packageBuild } from '../../tsup.base';
import { bundledApi } from './bundle/api-plugin';
import { sdkPatches } from './bundle/sdk-patches';

// register.* has side effects by design (it starts the SDK); index must not pull it in.
// The SDK packages and otelkit's own light packages are bundled in: loading one file instead of
// ~200 small ones takes most of the preload's startup cost away. The OTLP/HTTP transport and
// serializers are bundled too but run only at the first export (required, not imported, by
// src/pipeline/exporters.ts); the instrumentations and the gRPC exporters stay external and are
// loaded lazily. @opentelemetry/api is a peer and a
// process-wide singleton: external in the ESM build; the CJS bundles carry a copy that they use only
// when it is the very version installed (bundle/api.cjs).
const BUNDLED = [/^@opentelemetry\/(sdk-trace|sdk-metrics|core|resources|context-async-hooks|semantic-conventions|otlp-exporter-base|otlp-transformer)(\/|$)/, /^@otelkit\/(core|tracing|health|logs|metrics)$/];

export default packageBuild(['src/index.ts', 'src/register.ts']).map((options): Options => {
  const cjs = options.format === 'cjs' || (Array.isArray(options.format) && options.format.includes('cjs'));
  return {
    ...options,
    noExternal: cjs ? [...BUNDLED, /^@opentelemetry\/api$/] : BUNDLED,
    esbuildPlugins: cjs ? [sdkPatches(), bundledApi()] : [sdkPatches()],
  };
});
