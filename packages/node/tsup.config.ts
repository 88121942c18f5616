import type { Options } from 'tsup';
import { packageBuild } from '../../tsup.base';
import { sdkPatches } from './bundle/sdk-patches';

// register.* has side effects by design (it starts the SDK); index must not pull it in.
// The SDK packages and otelkit's own light packages are bundled in: loading one file instead of
// ~200 small ones takes most of the preload's startup cost away. @opentelemetry/api stays
// external (it is a peer and a process-wide singleton), and so do the instrumentations and the
// exporter transports, which are loaded lazily.
const BUNDLED = [/^@opentelemetry\/(sdk-trace|sdk-metrics|core|resources|context-async-hooks|semantic-conventions)(\/|$)/, /^@otelkit\/(core|tracing|health|logs|metrics)$/];

export default packageBuild(['src/index.ts', 'src/register.ts']).map((options): Options => ({ ...options, noExternal: BUNDLED, esbuildPlugins: [sdkPatches()] }));
