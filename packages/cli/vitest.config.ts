import { defineProject } from 'vitest/config';

// The tests run the built binary (dist/cli.js) as a child process, as a user would.
export default defineProject({
  test: { name: 'cli', include: ['src/**/*.test.ts'], environment: 'node', testTimeout: 30_000 },
});
