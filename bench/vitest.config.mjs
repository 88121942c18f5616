import { defineProject } from 'vitest/config';

// The bench CLI's own tests: argument parsing and cleanup, without load runs.
export default defineProject({
  test: { name: 'bench', include: ['test/**/*.test.mjs'], environment: 'node', testTimeout: 30_000 },
});
