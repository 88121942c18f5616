/**
 * Build-time fixes to upstream code that is bundled into dist/ (see tsup.config.ts). Each one names
 * the exact text it replaces and fails the build when that text is gone, so an SDK upgrade can't
 * drop a fix silently.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

interface SourcePatch {
  /** Why the change is made, for the build log of a failure. */
  reason: string;
  file: RegExp;
  from: string;
  to: string;
}

const PATCHES: SourcePatch[] = [
  {
    // isAnyValue() creates a WeakSet (for cycle detection) before it looks at the value, so every
    // string or number attribute of every span allocated one: ~1.4 kB per HTTP server span.
    // Only objects and arrays can hold a cycle, so only they get the set.
    reason: 'a WeakSet per attribute value in @opentelemetry/core isAnyValue()',
    file: /[\\/]@opentelemetry[\\/]core[\\/]dist[\\/]common[\\/]attributes\.mjs$/,
    from: 'return isAnyValueInternal(val, /* @__PURE__ */ new WeakSet());',
    to: "return typeof val === 'object' && val !== null ? isAnyValueInternal(val, new WeakSet()) : isAnyValueInternal(val, undefined);",
  },
];

export function sdkPatches(): Plugin {
  return {
    name: 'otelkit-sdk-patches',
    setup(build) {
      for (const patch of PATCHES) {
        build.onLoad({ filter: patch.file }, async (args) => {
          const source = await readFile(args.path, 'utf8');
          if (!source.includes(patch.from)) {
            throw new Error(`sdk-patches: ${args.path} no longer contains the code fixed for ${patch.reason}; review the patch against the new version.`);
          }
          return { contents: source.replace(patch.from, patch.to), loader: 'js' };
        });
      }
    },
  };
}
