import { transform } from 'esbuild';
import { defineProject } from 'vitest/config';

export default defineProject({
  // Vite's own transform leaves TC39 decorators untouched and Node cannot parse them yet; esbuild
  // lowers them. Only the decorator syntax test goes through it.
  plugins: [
    {
      name: 'otelkit-lower-decorators',
      enforce: 'pre',
      async transform(code: string, id: string) {
        if (!id.endsWith('.decorators.test.ts')) return undefined;
        const result = await transform(code, { loader: 'ts', target: 'es2022', format: 'esm', keepNames: true, sourcemap: true, sourcefile: id });
        return { code: result.code, map: result.map };
      },
    },
  ],
  test: { name: 'tracing', include: ['src/**/*.test.ts'], environment: 'node', testTimeout: 20_000 },
});
