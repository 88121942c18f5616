import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'integration', include: ['integration/**/*.test.ts'], testTimeout: 30_000, fileParallelism: false },
});
