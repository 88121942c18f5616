import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * After the CJS build: dist/register.cjs (the bundle) becomes dist/register.bundle.cjs, and the
 * loader (register-loader.cjs, with the bundle's hash filled in) takes its name. The hash names the
 * code cache file, so a cache written for other bytes is never offered to V8.
 */
export async function installRegisterLoader(outDir: string): Promise<void> {
  const bundle = join(outDir, 'register.cjs');
  const moved = join(outDir, 'register.bundle.cjs');
  const source = (await readFile(bundle, 'utf8')).replace(/\/\/# sourceMappingURL=register\.cjs\.map\s*$/, '//# sourceMappingURL=register.bundle.cjs.map\n');
  const map = JSON.parse(await readFile(`${bundle}.map`, 'utf8')) as { file?: string };
  map.file = 'register.bundle.cjs';
  await writeFile(moved, source);
  await writeFile(`${moved}.map`, JSON.stringify(map));
  const hash = createHash('sha256').update(await readFile(moved)).digest('hex').slice(0, 16);
  // tsup runs in the package folder (it finds its config there); the config is bundled elsewhere.
  const loader = await readFile(join(process.cwd(), 'bundle', 'register-loader.cjs'), 'utf8');
  await writeFile(`${bundle}.tmp`, loader.replace('__OTELKIT_BUNDLE_HASH__', hash));
  await rename(`${bundle}.tmp`, bundle);
  await rm(`${bundle}.map`, { force: true });
}

/**
 * After the ESM build: dist/register.js (the `--import` preload) runs the `--require` one. It is
 * the same code, and the CJS bundle starts through its V8 code cache with the instrumentation base
 * and HTTP instrumentation bundled, where the ESM build compiled its chunks and loaded those from
 * the installed packages at every start (`-e 0`: +81 against +31 ms on the same host). ES modules
 * are instrumented as before: the bundle registers the same import-in-the-middle loader hooks.
 */
export async function installEsmRegister(outDir: string): Promise<void> {
  const shim = [
    '// The --import preload runs the --require one (bundle/register-loader.ts, installEsmRegister).',
    "import { createRequire } from 'node:module';",
    "createRequire(import.meta.url)('./register.cjs');",
    '',
  ].join('\n');
  await writeFile(join(outDir, 'register.js'), shim);
  // The ESM build does not compile src/register.ts, so its (empty) declaration is written here.
  await writeFile(join(outDir, 'register.d.ts'), 'export { };\n');
}
