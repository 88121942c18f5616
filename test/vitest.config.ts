import { defineProject } from 'vitest/config';

// Cross-package integration tests: real child processes under the preload against a real OTLP
// receiver. Child processes are heavy, so files run one at a time (tests parallelise inside a file).
export default defineProject({
  test: {
    name: 'integration',
    include: ['integration/**/*.test.ts', 'examples/**/*.test.ts', 'types/**/*.test.ts', 'layout/**/*.test.ts', 'packaging/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
  },
});
