/**
 * Writing an output to disk. The directory is the generator's: files it holds that the output no
 * longer has are removed (a renamed dashboard must not linger), anything else is left alone.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { MixinOutput } from './options.js';

/** Paths (relative, `/` separated) of the generated files under `dir`: rule, config and dashboard files. */
export function listGeneratedFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
  return entries
    .map((path) => relative(dir, path).split(sep).join('/'))
    .filter((path) => /^(?:prometheus|alertmanager|dashboards)\//.test(path))
    .sort();
}

/** Write every file of the output under `dir`, and remove generated files the output no longer has. Returns the paths written. */
export function writeMixin(dir: string, output: MixinOutput): string[] {
  for (const stale of listGeneratedFiles(dir)) if (!output.files.has(stale)) rmSync(join(dir, stale));
  const written: string[] = [];
  for (const [path, content] of [...output.files].sort(([a], [b]) => a.localeCompare(b))) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    let current: string | undefined;
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== content) writeFileSync(target, content);
    written.push(path);
  }
  return written;
}
