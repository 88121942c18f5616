import { defineProject } from 'vitest/config';

// The reliability scenarios of ../shared/RELIABILITY.md that need no local service: real child apps
// under the preload (or starting otelkit themselves) against a fault-injecting OTLP receiver. In
// `npm test` at shortened scales; `npm run test:soak` (RELIABILITY_SOAK=1) runs them at the table's
// scale. Children are heavy on small machines: one file at a time, and after the other projects
// (groupOrder 1), so that their load does not blur this project's memory and latency figures.
export default defineProject({
  test: {
    name: 'reliability',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 30_000,
    fileParallelism: false,
    sequence: { groupOrder: 1 },
  },
});
