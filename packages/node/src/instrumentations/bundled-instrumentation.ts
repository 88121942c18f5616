/**
 * The upstream instrumentation base, bundled into @otelkit/node from its ES modules and initialised
 * only when an instrumentation of otelkit's own (Express, the log libraries) is first created:
 * files require this module, they do not import it. Loaded from the installed package instead, it
 * cost ~25 ms at the app's first `require('express')`: 76 files, 51 of them a second copy of
 * @opentelemetry/api.
 */
export { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile, isWrapped } from '@opentelemetry/instrumentation';
