import { packageBuild } from '../../tsup.base';

export default packageBuild(['src/index.ts', 'src/metrics.ts', 'src/prometheus.ts', 'src/otlp-http.ts']);
