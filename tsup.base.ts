import { rmSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

/**
 * The one build every package shares: ESM and CJS with types, for Node 22+.
 *
 * ESM is code-split (entries share chunks). CJS is not: tsup splits CJS by converting the ESM
 * chunks with a second transpiler that lowers `?.` and `??` into helper calls allocating an array
 * and closures at every use, hot paths included. Unsplit, esbuild writes the CJS itself and keeps
 * the syntax Node 22 runs natively; each CJS entry is then a self-contained file.
 */
export function packageBuild(entry: string[]): Options[] {
  // dist/ is emptied once, here, before both builds start. With `clean` on one of the two configs,
  // which tsup runs in parallel, that config's declaration build removes every .d.ts and .d.cts in
  // dist/ when it starts, at times after the other config had written its own: now and then a
  // build came out without index.d.cts.
  rmSync('dist', { recursive: true, force: true });
  const common: Options = {
    entry,
    dts: true,
    sourcemap: true,
    target: 'node22',
    platform: 'node',
    // __dirname/__filename in the ESM output and import.meta.url in the CJS output.
    shims: true,
  };
  return defineConfig([
    { ...common, format: ['esm'], splitting: true, clean: false },
    { ...common, format: ['cjs'], splitting: false, clean: false },
  ]) as Options[];
}
