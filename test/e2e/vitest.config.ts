import { defineConfig } from 'vitest/config';

// Run by .ci/run (npm run test:e2e): needs ../shared beside the repository.
export default defineConfig({
  test: { name: 'e2e', root: __dirname, include: ['**/*.test.ts'], testTimeout: 60_000, fileParallelism: false },
});
