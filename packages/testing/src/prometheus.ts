/**
 * A strict reader of the Prometheus text exposition format (0.0.4) for tests: it turns a scrape into
 * families and samples, and lists what a Prometheus scrape or `promtool check metrics` would reject,
 * so tests can compare two serializers by meaning rather than by bytes. Imported from
 * `@otelkit/testing/prometheus`.
 */

/** One sample line. `labels` holds non-empty label values only: Prometheus treats `l=""` as no label. */
export interface ExpositionSample {
  /** The family the sample belongs to (the histogram name for its `_bucket`, `_sum` and `_count`). */
  family: string;
  /** The family's `# TYPE`, or `untyped` without one. */
  type: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
}

export interface ExpositionFamily {
  type: string;
  help: string | undefined;
}

export interface Exposition {
  families: ReadonlyMap<string, ExpositionFamily>;
  samples: readonly ExpositionSample[];
  /** What a scrape or the lint would reject: bad lines and names, duplicate series, labels or metadata, split families. */
  problems: readonly string[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const SUFFIXES: Readonly<Record<string, readonly string[]>> = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count'] };

/** `name{a="x",b="y"}` with the labels sorted by name: a series' identity. */
export function seriesKey(sample: Pick<ExpositionSample, 'name' | 'labels'>): string {
  const names = Object.keys(sample.labels).sort();
  return `${sample.name}{${names.map((n) => `${n}=${JSON.stringify(sample.labels[n])}`).join(',')}}`;
}

function parseValue(raw: string): number | undefined {
  if (raw === '+Inf' || raw === 'Inf') return Number.POSITIVE_INFINITY;
  if (raw === '-Inf') return Number.NEGATIVE_INFINITY;
  if (raw === 'NaN') return Number.NaN;
  const n = Number(raw);
  return raw.trim() === '' || Number.isNaN(n) ? undefined : n;
}

/** Reads `{...}` starting at `text[start] === '{'`; returns the labels and the index after `}`, or an error. */
function parseLabels(text: string, start: number): { labels: Map<string, string>; end: number; duplicate?: string } | string {
  const labels = new Map<string, string>();
  let duplicate: string | undefined;
  let i = start + 1;
  for (;;) {
    if (text[i] === '}') return { labels, end: i + 1, ...(duplicate === undefined ? {} : { duplicate }) };
    const eq = text.indexOf('=', i);
    if (eq < 0) return 'label without "="';
    const name = text.slice(i, eq).trim();
    if (!LABEL_NAME.test(name)) return `invalid label name ${JSON.stringify(name)}`;
    if (text[eq + 1] !== '"') return `label ${name} has an unquoted value`;
    let value = '';
    let j = eq + 2;
    for (;;) {
      const c = text[j];
      if (c === undefined) return `label ${name} has an unterminated value`;
      if (c === '"') break;
      if (c === '\\') {
        const next = text[j + 1];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else return `label ${name} has an invalid escape \\${next ?? ''}`;
        j += 2;
        continue;
      }
      if (c === '\n') return `label ${name} has a raw newline`;
      value += c;
      j++;
    }
    if (labels.has(name)) duplicate ??= name;
    labels.set(name, value);
    i = j + 1;
    if (text[i] === ',') i++;
    else if (text[i] !== '}') return `unexpected ${JSON.stringify(text[i] ?? 'end of line')} after label ${name}`;
  }
}

/** Parse one scrape. Never throws: what it cannot read goes to `problems`. */
export function parseExposition(text: string): Exposition {
  const families = new Map<string, ExpositionFamily>();
  const samples: ExpositionSample[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const closed = new Set<string>(); // families whose group of lines has ended
  let current: string | undefined;
  const enter = (family: string, line: number): void => {
    if (family === current) return;
    if (current !== undefined) closed.add(current);
    if (closed.has(family)) problems.push(`line ${line}: ${family} continues after other families (its lines must be one group)`);
    current = family;
  };
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  else problems.push('the text does not end with a newline');
  lines.forEach((line, index) => {
    const n = index + 1;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
      if (m === null) return; // other comments are allowed and ignored
      const [, kind, name, rest = ''] = m as unknown as [string, 'HELP' | 'TYPE', string, string | undefined];
      if (!METRIC_NAME.test(name)) problems.push(`line ${n}: invalid metric name ${JSON.stringify(name)}`);
      enter(name, n);
      const family = families.get(name) ?? { type: 'untyped', help: undefined };
      if (kind === 'HELP') {
        if (family.help !== undefined) problems.push(`line ${n}: second HELP for ${name}`);
        family.help = rest.replace(/\\(n|\\)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
      } else {
        if (families.get(name)?.type !== undefined && families.get(name)!.type !== 'untyped') problems.push(`line ${n}: second TYPE for ${name}`);
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) problems.push(`line ${n}: unknown type ${JSON.stringify(rest)}`);
        if (samples.some((s) => s.family === name)) problems.push(`line ${n}: TYPE for ${name} after its samples`);
        family.type = rest;
      }
      families.set(name, family);
      return;
    }
    const brace = line.search(/[{ ]/);
    if (brace < 0) {
      problems.push(`line ${n}: no value: ${line}`);
      return;
    }
    const name = line.slice(0, brace);
    if (!METRIC_NAME.test(name)) problems.push(`line ${n}: invalid metric name ${JSON.stringify(name)}`);
    let labels = new Map<string, string>();
    let rest = line.slice(brace);
    if (line[brace] === '{') {
      const parsed = parseLabels(line, brace);
      if (typeof parsed === 'string') {
        problems.push(`line ${n}: ${parsed}: ${line}`);
        return;
      }
      if (parsed.duplicate !== undefined) problems.push(`line ${n}: label ${parsed.duplicate} twice: ${line}`);
      labels = parsed.labels;
      rest = line.slice(parsed.end);
    }
    const fields = rest.trim().split(/\s+/);
    const value = fields.length >= 1 && fields.length <= 2 ? parseValue(fields[0]!) : undefined;
    if (value === undefined) {
      problems.push(`line ${n}: bad value: ${line}`);
      return;
    }
    // The family is the one whose metadata came last, when this sample is one of its names.
    let family = name;
    const meta = current === undefined ? undefined : families.get(current);
    if (current !== undefined && meta !== undefined && (name === current || (SUFFIXES[meta.type] ?? []).some((s) => name === current + s))) family = current;
    enter(family, n);
    const type = families.get(family)?.type ?? 'untyped';
    if (type === 'histogram' && name === family) problems.push(`line ${n}: histogram ${family} has a sample without _bucket/_sum/_count`);
    if (type === 'histogram' && name === `${family}_bucket` && !labels.has('le')) problems.push(`line ${n}: bucket without le: ${line}`);
    const nonEmpty: Record<string, string> = {};
    for (const [k, v] of labels) if (v !== '') nonEmpty[k] = v;
    const sample: ExpositionSample = { family, type, name, labels: nonEmpty, value };
    const key = seriesKey(sample);
    if (seen.has(key)) problems.push(`line ${n}: duplicate series ${key}`);
    seen.add(key);
    samples.push(sample);
  });
  return { families, samples, problems };
}
