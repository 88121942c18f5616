import { rmSync } from 'node:fs';
import { defineConfig } from 'tsup';

// A command line, not a library: one ES module entry (commander is ESM only), no declarations.
// esbuild keeps the entry's `#!/usr/bin/env node` line and tsup marks the file executable.
rmSync('dist', { recursive: true, force: true });

export default defineConfig({
  entry: ['src/cli.ts'],
  format: ['esm'],
  target: 'node22',
  platform: 'node',
  sourcemap: true,
  dts: false,
  clean: false,
});
