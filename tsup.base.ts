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
    { ...common, format: ['esm'], splitting: true, clean: true },
    { ...common, format: ['cjs'], splitting: false, clean: false },
  ]) as Options[];
}
