import { defineConfig, type Options } from 'tsup';

/** The one build every package shares: ESM and CJS with types, for Node 22+. */
export function packageBuild(entry: string[]): Options | Options[] {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node22',
    platform: 'node',
    // __dirname/__filename in the ESM output and import.meta.url in the CJS output.
    shims: true,
    splitting: true,
  }) as Options | Options[];
}
