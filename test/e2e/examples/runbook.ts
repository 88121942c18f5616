/**
 * Reads a runbook (../shared/seeds/NNN_*.txt) for what its observability contract names: the alert
 * rules (name, expression, `for:`), the PromQL of its dashboards and query sections, and the metric
 * listings (`name{label, label}` lines, tables of backticked names). Each expression comes with the
 * series names it reads, its selectors with their label matchers, and the labels it groups by.
 *
 * The seeds are prose with code blocks, not a format: the rules here are the ones those five files
 * follow (fenced blocks; `alert:`/`expr:` keys, `expr: |` blocks; queries split at comment lines and
 * where a line ends a balanced expression that the next line does not continue).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promqlMetricNames } from '@otelkit/mixin';
import { REPO_ROOT } from '../../integration/helpers.js';

/** Where the runbooks are: `OTELKIT_SEEDS_DIR`, else `../shared/seeds` beside the repository. */
export const SEEDS_DIR: string = process.env['OTELKIT_SEEDS_DIR'] ?? resolve(REPO_ROOT, '..', 'shared', 'seeds');

/** The path of runbook `id` (`'001'`), or `id` itself when it is a path. */
export function seedPath(id: string): string {
  if (!/^\d{3}$/.test(id)) return id;
  const file = readdirSync(SEEDS_DIR).find((f) => f.startsWith(`${id}_`));
  if (file === undefined) throw new Error(`no runbook ${id}_*.txt in ${SEEDS_DIR}`);
  return join(SEEDS_DIR, file);
}

export interface PromqlMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** `metric{matchers}` as written in an expression. */
export interface PromqlSelector {
  metric: string;
  matchers: PromqlMatcher[];
  /** The selector as PromQL text, e.g. `http_requests_total{status=~"5.."}`. */
  text: string;
}

export interface PromqlParts {
  /** Series names read (recording-rule names included). */
  metrics: string[];
  selectors: PromqlSelector[];
  /** Labels in `by (...)` clauses. */
  groupBy: string[];
}

export interface RunbookExpression extends PromqlParts {
  expr: string;
  source: 'alert' | 'query';
  /** The alert's name (alerts only). */
  alert?: string;
  /** The alert's `for:` (alerts only, when given). */
  for?: string;
  /** 1-based line of the expression in the runbook. */
  line: number;
}

/** A metric the runbook lists, with the label names it lists for it. */
export interface RunbookMetricDeclaration {
  metric: string;
  labels: string[];
  line: number;
}

export interface RunbookContract {
  file: string;
  alerts: RunbookExpression[];
  queries: RunbookExpression[];
  declared: RunbookMetricDeclaration[];
}

const MATCHER = /([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g;
const SELECTOR = /([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{([^}]*)\}/g;
const GROUP_BY = /\b(?:by|without)\s*\(([^)]*)\)/g;

/** The names, selectors (bare names too, with no matchers) and grouping labels of one expression. */
export function parsePromql(expr: string): PromqlParts {
  const metrics = promqlMetricNames(expr);
  const selectors: PromqlSelector[] = [];
  const withMatchers = new Set<string>();
  const seen = new Set<string>();
  for (const m of expr.matchAll(SELECTOR)) {
    const metric = m[1]!;
    if (!metrics.includes(metric)) continue; // `sum by (x) {` never happens, but a label list might look like one
    const matchers = [...m[2]!.matchAll(MATCHER)].map((x) => ({ label: x[1]!, op: x[2] as PromqlMatcher['op'], value: x[3]! }));
    const text = `${metric}{${matchers.map((x) => `${x.label}${x.op}"${x.value}"`).join(',')}}`;
    withMatchers.add(metric);
    if (seen.has(text)) continue;
    seen.add(text);
    selectors.push({ metric, matchers, text });
  }
  // A name used without matchers too (`a{x="1"} / a`) is a selector of its own.
  const unquoted = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  for (const metric of metrics) {
    const bare = new RegExp(`(?<![a-zA-Z0-9_:])${metric}(?![a-zA-Z0-9_:])(?!\\s*\\{)`);
    if (!withMatchers.has(metric) || bare.test(unquoted)) selectors.push({ metric, matchers: [], text: metric });
  }
  const groupBy = [...new Set([...expr.matchAll(GROUP_BY)].flatMap((m) => m[1]!.split(',').map((s) => s.trim()).filter((s) => s !== '')))];
  return { metrics, selectors, groupBy };
}

interface Block {
  lang: string;
  /** 1-based line of the first line inside the fence. */
  start: number;
  lines: string[];
}

function codeBlocks(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let open: Block | undefined;
  lines.forEach((line, i) => {
    const fence = /^\s*```\s*([a-zA-Z]*)\s*$/.exec(line);
    if (fence === null) {
      open?.lines.push(line);
      return;
    }
    if (open === undefined) open = { lang: fence[1]!.toLowerCase(), start: i + 2, lines: [] };
    else {
      blocks.push(open);
      open = undefined;
    }
  });
  return blocks;
}

const indentOf = (line: string): number => /^\s*/.exec(line)![0].length;
const balanced = (text: string): boolean => {
  let depth = 0;
  for (const c of text.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth--;
  }
  return depth <= 0;
};
const CONTINUES = /^\s*(?:[-+*/^%<>]|==|!=|and\b|or\b|unless\b|by\b|without\b|on\b|ignoring\b|group_left\b|group_right\b|offset\b|\))/;
const ENDS_OPEN = /(?:[-+*/^%<>=(,]|\band|\bor|\bunless)\s*$/;

/** Split a PromQL block into its expressions. */
function promqlStatements(block: Block): Array<{ expr: string; line: number }> {
  const out: Array<{ expr: string; line: number }> = [];
  let current: string[] = [];
  let startLine = 0;
  const flush = (): void => {
    const expr = current.join('\n').trim();
    if (expr !== '') out.push({ expr, line: startLine });
    current = [];
  };
  block.lines.forEach((raw, i) => {
    const line = raw.replace(/\s+#.*$/, '').trimEnd();
    if (/^\s*#/.test(line) || line.trim() === '') {
      flush();
      return;
    }
    if (current.length > 0) {
      const soFar = current.join('\n');
      if (balanced(soFar) && !ENDS_OPEN.test(soFar) && !CONTINUES.test(line)) flush();
    }
    if (current.length === 0) startLine = block.start + i;
    current.push(line);
  });
  flush();
  return out;
}

/** `alert:` / `expr:` / `for:` entries of YAML-ish blocks. */
function alertRules(block: Block): RunbookExpression[] {
  const out: RunbookExpression[] = [];
  let alert: string | undefined;
  let pending: RunbookExpression | undefined;
  for (let i = 0; i < block.lines.length; i++) {
    const line = block.lines[i]!;
    const name = /^\s*(?:-\s*)?alert:\s*["']?([A-Za-z0-9_:-]+)/.exec(line);
    if (name !== null) {
      alert = name[1]!;
      pending = undefined;
      continue;
    }
    const forMatch = /^\s*for:\s*(\S+)/.exec(line);
    if (forMatch !== null && pending !== undefined) {
      pending.for = forMatch[1]!;
      continue;
    }
    const exprMatch = /^(\s*)expr:\s*(.*)$/.exec(line);
    if (exprMatch === null || alert === undefined) continue;
    let expr = exprMatch[2]!.trim();
    if (expr === '|' || expr === '>' || expr === '|-' || expr === '>-') {
      const keyIndent = exprMatch[1]!.length;
      const body: string[] = [];
      while (i + 1 < block.lines.length && (block.lines[i + 1]!.trim() === '' || indentOf(block.lines[i + 1]!) > keyIndent)) body.push(block.lines[++i]!);
      expr = body.map((l) => l.trim()).filter((l) => l !== '').join('\n');
    } else expr = expr.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
    pending = { expr, source: 'alert', alert, line: block.start + i, ...parsePromql(expr) };
    out.push(pending);
    alert = undefined;
  }
  return out;
}

const METRIC_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;

/** `name{label, label}` or `name  # comment` lines in code blocks, and tables whose first cell is a backticked name. */
function declarations(lines: readonly string[], blocks: readonly Block[]): RunbookMetricDeclaration[] {
  const out: RunbookMetricDeclaration[] = [];
  for (const block of blocks) {
    if (block.lang !== '' && block.lang !== 'yaml' && block.lang !== 'text') continue;
    block.lines.forEach((line, i) => {
      const m = /^\s*([a-z][a-z0-9_]*)(?:\{([a-z0-9_,\s]*)\})?\s*(?:#.*)?$/.exec(line);
      if (m === null || !METRIC_NAME.test(m[1]!)) return;
      out.push({ metric: m[1]!, labels: (m[2] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''), line: block.start + i });
    });
  }
  lines.forEach((line, i) => {
    const m = /^\|\s*`([a-z][a-z0-9_]*)`\s*\|/.exec(line);
    if (m !== null && METRIC_NAME.test(m[1]!)) out.push({ metric: m[1]!, labels: [], line: i + 1 });
  });
  return out;
}

/** The observability contract of a runbook (`'001'` or a path). */
export function readRunbook(id: string): RunbookContract {
  const file = seedPath(id);
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks = codeBlocks(lines);
  const alerts = blocks.filter((b) => b.lang === 'yaml' || b.lang === '').flatMap(alertRules);
  const queries = blocks
    .filter((b) => b.lang === 'promql')
    .flatMap(promqlStatements)
    .map(({ expr, line }) => ({ expr, line, source: 'query' as const, ...parsePromql(expr) }));
  return { file, alerts, queries, declared: declarations(lines, blocks) };
}

/** Every series a contract's expressions read, with the labels its matchers and `by` clauses use. */
export function contractMetrics(contract: RunbookContract): Map<string, { matchers: Set<string>; groupBy: Set<string> }> {
  const out = new Map<string, { matchers: Set<string>; groupBy: Set<string> }>();
  for (const e of [...contract.alerts, ...contract.queries]) {
    for (const s of e.selectors) {
      const entry = out.get(s.metric) ?? { matchers: new Set<string>(), groupBy: new Set<string>() };
      for (const m of s.matchers) entry.matchers.add(m.label);
      out.set(s.metric, entry);
    }
    // A `by` label belongs to the series of its expression; it is checked on each of them.
    for (const metric of e.metrics) for (const label of e.groupBy) out.get(metric)?.groupBy.add(label);
  }
  return out;
}
