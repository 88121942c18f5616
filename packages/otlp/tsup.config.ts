import { packageBuild } from '../../tsup.base';

// This build serves the tests and type checks of the packages that use the export path.
// @otelkit/node bundles the sources instead (its tsup.config.ts): otlp-http-transport.ts and
// otlp-serializers.ts are required at the first export, and only a bundle of the sources keeps
// them, with the upstream modules they import, out of the preload's start.
export default packageBuild(['src/index.ts']);
