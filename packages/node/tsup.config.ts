import type { Options } from 'tsup';
import { packageBuild } from '../../tsup.base';
import { bundledApi } from './bundle/api-plugin';
import { installEsmRegister, installRegisterLoader } from './bundle/register-loader';
import { otlpSource } from './bundle/otlp-source';

// register.* has side effects by design (it starts the SDK); index must not pull it in.
// The SDK packages and otelkit's own light packages are bundled in: loading one file instead of
// ~200 small ones takes most of the preload's startup cost away. So is the export path,
// @otelkit/otlp, from its sources (bundle/otlp-source.ts): its OTLP/HTTP transport and serializers
// run only at the first export (required, not imported, by its exporters.ts). The
// instrumentations (but the two below) and the gRPC exporters stay external and are loaded
// lazily. @opentelemetry/api is a peer and a process-wide singleton: external in the ESM build;
// the CJS bundles carry a copy that they use only when it is the very version installed
// (bundle/api.cjs).
// What is bundled is a devDependency: a user's install does not fetch it again, and the public
// declarations do not import it (src/types.ts).
const BUNDLED = [/^@opentelemetry\/(sdk-trace|sdk-metrics|core|resources|context-async-hooks|semantic-conventions|otlp-exporter-base|otlp-transformer)(\/|$)/, /^@otelkit\/(core|tracing|health|logs|metrics)$/];

// The CommonJS build (the --require preload) also carries the instrumentation base and the HTTP
// client instrumentation (src/instrumentations/bundled-*.ts), which otherwise load ~120 files at
// the app's first require of http or express. The ESM build keeps loading them from the installed
// packages: bundled there, their CommonJS dependencies would need a require() inside ES modules.
const BUNDLED_CJS_ONLY = [/^@opentelemetry\/(instrumentation|instrumentation-http|api-logs)(\/|$)/];
// Process-wide hooks on Node's module loader: one shared copy, never a bundled one. Both, and
// forwarded-parse (which the HTTP instrumentation loads with a runtime require), are therefore
// dependencies of this package: the bundled code resolves them from here.
const EXTERNAL = ['require-in-the-middle', 'import-in-the-middle'];

export default packageBuild(['src/index.ts', 'src/register.ts']).map((options): Options => {
  const cjs = options.format === 'cjs' || (Array.isArray(options.format) && options.format.includes('cjs'));
  return {
    ...options,
    // The ESM register.js is written after the build (installEsmRegister): it runs the CJS preload.
    entry: cjs ? options.entry : ['src/index.ts'],
    noExternal: cjs ? [...BUNDLED, ...BUNDLED_CJS_ONLY, /^@opentelemetry\/api$/] : BUNDLED,
    external: EXTERNAL,
    // Read by src/instrumentations/instrumentation-api.ts; the branch for the other format is dropped.
    define: { 'process.env.OTELKIT_BUILD_FORMAT': cjs ? '"cjs"' : '"esm"' },
    esbuildPlugins: cjs ? [otlpSource(), bundledApi()] : [otlpSource()],
    // The CJS files are what `--require` compiles before the app starts: whitespace and syntax are
    // minified, identifiers are not, so debug lines and stack traces name the SDK's classes and
    // functions as upstream does ("Bundle minification" in docs/performance.md). keepNames alone
    // would fix `constructor.name` but not the names V8 prints in stack frames.
    minifyWhitespace: cjs,
    minifySyntax: cjs,
    // The preload is loaded through a V8 code cache (bundle/register-loader.cjs): the bundle moves
    // to register.bundle.cjs and register.cjs becomes the loader; the ESM register.js runs it.
    onSuccess: () => (cjs ? installRegisterLoader(options.outDir ?? 'dist') : installEsmRegister(options.outDir ?? 'dist')),
  };
});
