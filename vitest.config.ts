import { defineConfig } from 'vitest/config';

// One vitest run covers the packages' unit tests and the cross-package tests in test/.
// The e2e project (real Prometheus, databases, ../shared) is run by .ci/run only.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'test/vitest.config.ts'],
  },
});
