import { defineConfig } from 'vitest/config';

// One vitest run covers the packages' unit tests, the cross-package tests in test/ and the bench
// CLI's tests, and the reliability scenarios at shortened scales (test/reliability).
// The e2e project (real Prometheus, databases, ../shared) is run by .ci/run only.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'test/vitest.config.ts', 'test/reliability/vitest.config.ts', 'bench/vitest.config.mjs'],
  },
});
