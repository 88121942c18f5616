/**
 * README code blocks as consumer modules. Every ```ts / ```js block of the root README and of
 * packages/*\/README.md is compiled, once as an ES module (.mts) and once as CommonJS (.cts), against
 * the built packages. Two HTML comments (invisible once rendered) may sit right above a block:
 *
 *   <!-- snippet: skip (why: not meant to compile, e.g. pseudo-code) -->
 *   <!-- snippet: prelude
 *   declare const app: { use(handler: unknown): void };    // what the surrounding app provides
 *   -->
 *
 * A prelude is TypeScript placed before the block (imports and `declare`s of the app's own values),
 * so fragments are checked against the real API instead of being skipped.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Snippet {
  /** README path relative to the repository root. */
  readonly file: string;
  /** 1-based line of the first code line in the README. */
  readonly line: number;
  readonly lang: string;
  readonly code: string;
  readonly prelude: string;
  /** The skip reason; undefined when the block is compiled. */
  readonly skip: string | undefined;
}

const CODE_LANGS = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs', 'cjs', 'mts', 'cts']);
const SKIP = /^<!--\s*snippet:\s*skip\b\s*(.*?)\s*-->$/;
const PRELUDE_OPEN = /^<!--\s*snippet:\s*prelude\s*$/;

/** The TypeScript and JavaScript blocks of one README, with their markers. */
export function extractSnippets(root: string, readme: string): Snippet[] {
  const lines = readFileSync(readme, 'utf8').split('\n');
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\S*)\s*$/.exec(lines[i]!);
    if (fence === null) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) throw new Error(`${readme}:${i + 1}: unclosed code block`);
    const lang = fence[1]!;
    if (CODE_LANGS.has(lang)) {
      const { skip, prelude } = markersAbove(lines, i, readme);
      out.push({ file: relative(root, readme), line: i + 2, lang, code: lines.slice(i + 1, end).join('\n'), prelude, skip });
    }
    i = end;
  }
  return out;
}

/** The skip and prelude comments directly above line `fenceIndex` (blank lines between are allowed). */
function markersAbove(lines: string[], fenceIndex: number, readme: string): { skip: string | undefined; prelude: string } {
  let skip: string | undefined;
  let prelude = '';
  let j = fenceIndex - 1;
  while (j >= 0) {
    const line = lines[j]!.trim();
    if (line === '') {
      j--;
      continue;
    }
    const s = SKIP.exec(line);
    if (s !== null) {
      if (s[1] === '') throw new Error(`${readme}:${j + 1}: a skip marker must say why`);
      skip = s[1];
      j--;
      continue;
    }
    if (line === '-->') {
      const open = findPreludeOpen(lines, j);
      if (open < 0) break;
      prelude = lines.slice(open + 1, j).join('\n');
      j = open - 1;
      continue;
    }
    break;
  }
  return { skip, prelude };
}

function findPreludeOpen(lines: string[], close: number): number {
  for (let k = close - 1; k >= 0; k--) {
    if (PRELUDE_OPEN.test(lines[k]!.trim())) return k;
    if (lines[k]!.includes('-->') || lines[k]!.includes('```')) return -1;
  }
  return -1;
}

/** One generated consumer module and, per generated line, the README line it came from (0: generated). */
export interface SnippetModule {
  readonly name: string;
  readonly text: string;
  readonly origin: readonly number[];
}

const IMPORT = /^import\s[\s\S]*?\sfrom\s+['"][^'"]+['"];?[ \t]*$|^import\s+['"][^'"]+['"];?[ \t]*$/gm;
const REQUIRE = /^const\s+(\{[^}]*\}|[A-Za-z_$][\w$]*)\s*=\s*require\((['"][^'"]+['"])\);?[ \t]*$/gm;

/** `const { a, b: c } = require('x')` as `import { a, b as c } from 'x'`: a TypeScript consumer's spelling. */
function requireAsImport(binding: string, specifier: string): string {
  if (!binding.startsWith('{')) return `import * as ${binding} from ${specifier};`;
  const names = binding.slice(1, -1).split(',').map((n) => n.trim()).filter(Boolean).map((n) => n.replace(/\s*:\s*/, ' as '));
  return `import { ${names.join(', ')} } from ${specifier};`;
}

/**
 * The snippet as an ES module (top-level await allowed) or as CommonJS, where the statements go
 * into an async function since CommonJS has no top-level await. Imports and requires are hoisted,
 * keeping their README lines for error messages.
 */
export function toModule(snippet: Snippet, kind: 'esm' | 'cjs'): SnippetModule {
  const base = `${snippet.file.replace(/[/.]/g, '_')}_L${snippet.line}`;
  const codeLines = snippet.code.split('\n');
  const imports: { text: string; line: number }[] = [];
  const body = codeLines.map((text, i) => ({ text, line: snippet.line + i }));
  const lineOf = (offset: number): number => snippet.line + snippet.code.slice(0, offset).split('\n').length - 1;
  const blank = (offset: number, length: number): void => {
    const first = lineOf(offset) - snippet.line;
    const count = snippet.code.slice(offset, offset + length).split('\n').length;
    for (let k = first; k < first + count; k++) body[k] = { text: '', line: body[k]!.line };
  };
  for (const m of snippet.code.matchAll(IMPORT)) {
    imports.push({ text: m[0].replace(/\s*\n\s*/g, ' '), line: lineOf(m.index) });
    blank(m.index, m[0].length);
  }
  for (const m of snippet.code.matchAll(REQUIRE)) {
    imports.push({ text: requireAsImport(m[1]!, m[2]!), line: lineOf(m.index) });
    blank(m.index, m[0].length);
  }
  imports.sort((a, b) => a.line - b.line);

  const out: { text: string; line: number }[] = [];
  for (const text of snippet.prelude.split('\n')) out.push({ text, line: 0 });
  out.push(...imports);
  if (kind === 'esm') {
    out.push(...body, { text: 'export {};', line: 0 });
  } else {
    out.push({ text: 'export async function snippet(): Promise<void> {', line: 0 }, ...body, { text: '}', line: 0 });
  }
  return { name: `${base}.${kind === 'esm' ? 'mts' : 'cts'}`, text: `${out.map((l) => l.text).join('\n')}\n`, origin: out.map((l) => l.line) };
}

/** Root README and every package README. */
export function readmePaths(root: string, packages: readonly string[]): string[] {
  return [join(root, 'README.md'), ...packages.map((p) => join(root, 'packages', p, 'README.md'))];
}
