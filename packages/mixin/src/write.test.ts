import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateMixin } from './generate.js';
import { listGeneratedFiles, writeMixin } from './write.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeMixin', () => {
  it('writes every file, removes generated files the output no longer has, and leaves other files alone', () => {
    dir = mkdtempSync(join(tmpdir(), 'otelkit-mixin-write-'));
    mkdirSync(join(dir, 'dashboards'), { recursive: true });
    writeFileSync(join(dir, 'dashboards', 'renamed.json'), '{}');
    writeFileSync(join(dir, 'NOTES.md'), 'mine');
    const output = generateMixin({});
    const written = writeMixin(dir, output);
    expect(written.sort()).toEqual([...output.files.keys()].sort());
    for (const [path, content] of output.files) expect(readFileSync(join(dir, path), 'utf8')).toBe(content);
    expect(existsSync(join(dir, 'dashboards', 'renamed.json'))).toBe(false);
    expect(readFileSync(join(dir, 'NOTES.md'), 'utf8')).toBe('mine');
    expect(listGeneratedFiles(dir)).toEqual([...output.files.keys()].sort());
    expect(listGeneratedFiles(join(dir, 'missing'))).toEqual([]);
  });
});
