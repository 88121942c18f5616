// The Markdown of RESULTS.md from the budgets mode's figures: the budgets and their verdicts, the
// machine and versions, and one table per figure. People read it, and runs are compared by it, so
// its layout stays as it is.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { join } from 'node:path';
import { median } from '../lib/measure.mjs';
import { DRAIN_MS } from '../lib/open-load.mjs';
import { here } from '../lib/processes.mjs';

const root = join(here, '..');

/** The variants of every figure, in the order they run inside a round. */
export const ORDER = ['baseline', 'otelkit', 'upstream'];

export const fmt = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

function ratios(rows, variant, key) {
  return rows[variant].map((r, i) => r[key] / rows.baseline[i][key]);
}

function versions(nodeVersion) {
  const v = (pkg) => {
    try {
      return JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
    } catch {
      return '?';
    }
  };
  const wrkVersion = (spawnSync('wrk', ['--version'], { encoding: 'utf8' }).stdout ?? 'not installed').split('\n')[0];
  return {
    node: nodeVersion,
    otelkit: v('@otelkit/node'),
    autoInstrumentations: v('@opentelemetry/auto-instrumentations-node'),
    sdkTrace: v('@opentelemetry/sdk-trace'),
    instrumentationHttp: v('@opentelemetry/instrumentation-http'),
    express: v('express'),
    pino: v('pino'),
    pg: v('pg'),
    ioredis: v('ioredis'),
    wrk: wrkVersion.trim(),
    cpu: `${cpus()[0]?.model ?? '?'} × ${cpus().length}`,
    kernel: release(),
  };
}

function loadTable(fig) {
  const lines = [
    `| variant | req/s median (min–max) | req/s ratio median (min–max) | p99 ms median | p99 ratio median (min–max) | peak RSS MB median | spans received / requests |`,
    '|---|---|---|---|---|---|---|',
  ];
  for (const variant of Object.keys(fig.rows)) {
    const rows = fig.rows[variant];
    const rps = rows.map((r) => r.rps);
    const p99 = rows.map((r) => r.p99);
    const rr = ratios(fig.rows, variant, 'rps');
    const pr = ratios(fig.rows, variant, 'p99');
    const spans = rows.reduce((a, r) => a + r.spans, 0);
    const requests = rows.reduce((a, r) => a + (r.spanRequests ?? r.requests), 0);
    const ratioCell = variant === 'baseline' ? '1' : `${fmt(median(rr))} (${fmt(Math.min(...rr))}–${fmt(Math.max(...rr))})`;
    const p99Cell = variant === 'baseline' ? '1' : `${fmt(median(pr))} (${fmt(Math.min(...pr))}–${fmt(Math.max(...pr))})`;
    lines.push(`| ${variant} | ${fmt(median(rps), 0)} (${fmt(Math.min(...rps), 0)}–${fmt(Math.max(...rps), 0)}) | ${ratioCell} | ${fmt(median(p99))} | ${p99Cell} | ${fmt(median(rows.map((r) => r.rss)), 1)} | ${variant === 'baseline' ? '–' : `${spans} / ${requests} (${fmt(spans / requests, 3)})`} |`);
  }
  return lines.join('\n');
}

/** The fixed-rate runs of a figure (rows[variant][round].fixed): latency and CPU per request. */
function fixedTable(fig) {
  const lines = [
    '| variant | rate req/s median | rate ÷ the variant\'s own wrk req/s, median | p99 ms median (min–max) | p99 ratio median (min–max) | server CPU µs per request median | CPU ratio median (min–max) | unanswered + errors | generator lag p99 ms, max |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const cell = (xs, digits = 2) => `${fmt(median(xs), digits)} (${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)})`;
  for (const variant of Object.keys(fig.rows)) {
    const f = fig.rows[variant].map((r) => r.fixed);
    const ratio = (key) => f.map((x, i) => x[key] / fig.rows.baseline[i].fixed[key]);
    const failed = f.reduce((a, x) => a + x.unanswered + x.errors + x.non2xx, 0);
    const scheduled = f.reduce((a, x) => a + x.scheduled, 0);
    const load = fig.rows[variant].map((r) => r.fixed.rate / r.rps);
    lines.push(`| ${variant} | ${fmt(median(f.map((x) => x.rate)), 0)} | ${fmt(median(load))} | ${cell(f.map((x) => x.p99))} | ${variant === 'baseline' ? '1' : cell(ratio('p99'))} | ${fmt(median(f.map((x) => x.cpuUs)), 1)} | ${variant === 'baseline' ? '1' : cell(ratio('cpuUs'))} | ${failed} / ${scheduled} | ${fmt(Math.max(...f.map((x) => x.lagP99)), 1)} |`);
  }
  return lines.join('\n');
}

const verdict = (ok) => (ok ? '**met**' : '**not met**');

/** Markdown rows of per-variant milliseconds: median (min–max) and added over the baseline. */
function msTable(times) {
  const base = median(times.baseline);
  const lines = ['| variant | median ms (min–max) | added ms |', '|---|---|---|'];
  for (const variant of ORDER) {
    const t = times[variant];
    lines.push(`| ${variant} | ${fmt(median(t), 1)} (${fmt(Math.min(...t), 1)}–${fmt(Math.max(...t), 1)}) | ${variant === 'baseline' ? '–' : `+${fmt(median(t) - base, 1)}`} |`);
  }
  return lines;
}

/**
 * A budget row: figure, budget, measured, verdict, then the first round's budget and its verdict
 * (the budgets before the current ones, which the maintainability work must still hold), or dashes
 * where the figure had none.
 */
const row = (figure, budget, measured, ok, first) => [figure, budget, measured, verdict(ok), first?.[0] ?? '–', first === undefined ? '–' : verdict(first[1])];

/** The floor's req/s ratio in a figure that ran one, as text for the measured cell. */
const floorNote = (fig, name, label) => (fig.rows[name] ? ` (${label} ${fmt(median(ratios(fig.rows, name, 'rps')))})` : '');

/** A figure's floors, described under its table. */
const FLOOR_TEXT = {
  'floor-recording': '`floor-recording` is [apps/floor-recording.cjs](apps/floor-recording.cjs), not a tracer but the least one can do here at 100 % sampling: a span per request with the same attributes, exported over OTLP to the sink, the request in its own context, the `X-Trace-ID` header and the RED histogram, with no SDK.',
  floor: '`floor` is [apps/floor-preload.cjs](apps/floor-preload.cjs), the floor the sampled route\'s budget is measured against: a trace id with a ratio decision on it, the `X-Trace-ID` header and the RED histogram, with no span, context or export.',
};
const floorText = (fig) => Object.keys(fig.rows).filter((v) => FLOOR_TEXT[v]).map((v) => FLOOR_TEXT[v]);

/** The budget rows and the Markdown sections of the figures in `out` (those measured). */
function figures(out, cfg) {
  const md = [];
  const budgets = [];
  const section = (title, fig) => md.push(title, '', loadTable(fig), '', ...floorText(fig).flatMap((t) => [t, '']));
  if (out.hello) {
    const rr = median(ratios(out.hello.rows, 'otelkit', 'rps'));
    const pr = median(ratios(out.hello.rows, 'otelkit', 'p99'));
    budgets.push(row('node:http hello world, req/s ratio', '≥ 0.80', `${fmt(rr)}${floorNote(out.hello, 'floor-recording', 'recording floor')}`, rr >= 0.8, ['≥ 0.60', rr >= 0.6]));
    budgets.push(row('node:http p99 latency ratio', '≤ 1.40', fmt(pr), pr <= 1.4, ['≤ 2.0', pr <= 2.0]));
    section('## node:http hello world', out.hello);
  }
  if (out.express) {
    const rr = median(ratios(out.express.rows, 'otelkit', 'rps'));
    budgets.push(row('Express 5 JSON route, req/s ratio', '≥ 0.85', `${fmt(rr)}${floorNote(out.express, 'floor-recording', 'recording floor')}`, rr >= 0.85, ['≥ 0.75', rr >= 0.75]));
    section('## Express 5 JSON route', out.express);
  }
  if (out.sampled) {
    const rr = median(ratios(out.sampled.rows, 'otelkit', 'rps'));
    const floor = out.sampled.rows.floor ? median(ratios(out.sampled.rows, 'floor', 'rps')) : Number.NaN;
    const measured = Number.isFinite(floor) ? `${fmt(rr)} (floor ${fmt(floor)}, so ${fmt(rr / floor)} × the floor)` : `${fmt(rr)} (floor not measured)`;
    budgets.push(row('Express 5, parent-based ratio 0.01, req/s ratio', '≥ 0.95 × the floor preload\'s, same run', measured, rr >= 0.95 * floor, ['≥ 0.90', rr >= 0.9]));
    section('## Express 5 JSON route, sampling ratio 0.01 (parent-based)', out.sampled);
  }
  const pgTitle = '## Express 5 route with one pg query and one Redis GET';
  const pgRows = ['Express 5 + pg + Redis route, req/s ratio', 'Express 5 + pg + Redis at half the baseline\'s req/s, p99 ratio', 'Express 5 + pg + Redis at half the baseline\'s req/s, server CPU per request ratio'];
  const pgBudgets = ['≥ 0.85', '≤ 1.10', '≤ 1.15'];
  if (out.pgredis?.skipped) {
    pgRows.forEach((figure, i) => budgets.push([figure, pgBudgets[i], `skipped (${out.pgredis.skipped})`, '**not measured**', '–', '–']));
    md.push(pgTitle, '', `Skipped: ${out.pgredis.skipped}.`, '');
  } else if (out.pgredis) {
    const rows = out.pgredis.rows;
    const fixedRatio = (variant, key) => median(rows[variant].map((r, i) => r.fixed[key] / rows.baseline[i].fixed[key]));
    const rr = median(ratios(rows, 'otelkit', 'rps'));
    const p99 = fixedRatio('otelkit', 'p99');
    const cpu = fixedRatio('otelkit', 'cpuUs');
    budgets.push(row(pgRows[0], pgBudgets[0], `${fmt(rr)} (upstream ${fmt(median(ratios(rows, 'upstream', 'rps')))})`, rr >= 0.85));
    budgets.push(row(pgRows[1], pgBudgets[1], `${fmt(p99)} (upstream ${fmt(fixedRatio('upstream', 'p99'))})`, p99 <= 1.1));
    budgets.push(row(pgRows[2], pgBudgets[2], `${fmt(cpu)} (upstream ${fmt(fixedRatio('upstream', 'cpuUs'))})`, cpu <= 1.15));
    md.push(pgTitle, '',
      '`GET /users/:id` of [express-pg-redis.cjs](apps/express-pg-redis.cjs): `SELECT $1::int AS id, now()` through a `pg` Pool (10 connections), one ioredis GET, a JSON answer. PostgreSQL and Redis run on this machine, not pinned (they share both cores with the rest). Spans per request count every request the server answered (wrk and the fixed-rate runs).', '',
      'At full load (wrk):', '', loadTable(out.pgredis), '',
      `At a fixed rate, half the baseline's req/s of the same round, on the same server right after wrk: open-model load (bench/lib/open-load.mjs, 64 connections, pinned to core 1), ${cfg.warmup} s at the rate, then ${cfg.fixedSeconds} s measured. Latency runs from each request's intended send time, so a server that falls behind shows as latency, not as a lower rate; server CPU time from \`/proc\` around the measured run, per request answered. A request unanswered ${DRAIN_MS / 1000} s after the last send counts with the time it had waited. Where the rate is above a variant's own wrk req/s (the third column over 1), that variant cannot keep up and its p99 is mostly queueing.`, '',
      fixedTable(out.pgredis), '');
  }
  const rssSource = out.express ?? out.hello;
  if (rssSource) {
    const added = median(rssSource.rows.otelkit.map((r, i) => r.rss - rssSource.rows.baseline[i].rss));
    const addedUp = median(rssSource.rows.upstream.map((r, i) => r.rss - rssSource.rows.baseline[i].rss));
    budgets.push(row(`RSS under load, added MB (${rssSource.title})`, '≤ +20', `+${fmt(added, 1)} (upstream +${fmt(addedUp, 1)})`, added <= 20, ['≤ +30', added <= 30]));
  }
  if (out.startup) {
    const base = median(out.startup.baseline);
    const added = median(out.startup.otelkit) - base;
    budgets.push(row('`node --require <preload> -e 0`, added ms', '≤ +30', `+${fmt(added, 1)} (upstream +${fmt(median(out.startup.upstream) - base, 1)})`, added <= 30, ['≤ +50', added <= 50]));
    md.push('## Startup: `node --require <preload> -e 0`', '', `${cfg.startupRuns} runs per variant, alternating.`, '', ...msTable(out.startup), '');
    md.push('## Startup of the Express app: spawn to its listening line (no budget; for reference)', '', `${cfg.startupRuns} runs per variant, alternating. Unlike \`-e 0\`, this includes loading the instrumentations the app's requires trigger and the module hooks on every require.`, '', ...msTable(out.startup.app), '');
  }
  if (out.pino) {
    const table = (sink) => {
      const base = median(out.pino.ns[sink].baseline);
      const lines = ['| variant | ns per line median (min–max) | added ns | line carries trace_id |', '|---|---|---|---|'];
      for (const variant of ORDER) {
        const t = out.pino.ns[sink][variant];
        lines.push(`| ${variant} | ${fmt(median(t), 0)} (${fmt(Math.min(...t), 0)}–${fmt(Math.max(...t), 0)}) | ${variant === 'baseline' ? '–' : `+${fmt(median(t) - base, 0)}`} | ${out.pino.correlated[variant] ? 'yes' : 'no'} |`);
      }
      return lines;
    };
    const added = (sink, variant) => median(out.pino.ns[sink][variant]) - median(out.pino.ns[sink].baseline);
    const ns = added('object', 'otelkit');
    const correlated = out.pino.correlated.otelkit;
    budgets.push(row('pino line inside a span, added ns', '≤ +50', `+${fmt(ns, 0)} (upstream +${fmt(added('object', 'upstream'), 0)}; through a stream Writable +${fmt(added('stream', 'otelkit'), 0)})`, ns <= 50 && correlated, ['≤ +150', ns <= 150 && correlated]));
    md.push('## pino line inside a span (in-memory sink)', '', `${cfg.pinoLines} lines per run, each sink and variant a process of its own. The budget's sink is pino's minimal destination: an object whose \`write(line)\` keeps the string.`, '', ...table('object'), '',
      'The same lines through a `node:stream` Writable (no budget; for reference). It encodes every string into a Buffer before its `write` runs, so the ~95 bytes a correlated line adds cost more here:', '', ...table('stream'), '');
  }
  if (out.scrape) {
    const m = out.scrape.msPer1k;
    const lines = ['| variant | samples | ms per 1k samples, median (min–max) |', '|---|---|---|'];
    for (const [variant, xs] of Object.entries(m)) lines.push(`| ${variant} | ${out.scrape.samples[variant]} | ${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}) |`);
    const ours = median(m.otelkit);
    const prom = median(m['prom-client']);
    budgets.push(row('Prometheus scrape of ~10k samples, ms per 1k samples', '≤ 0.5 × prom-client, same run', `${fmt(ours)} (prom-client ${fmt(prom)}, so ${fmt(ours / prom)} ×; upstream ${fmt(median(m.upstream))})`, ours <= 0.5 * prom, ['≤ prom-client', ours <= prom]));
    md.push('## Prometheus scrape (~10k samples: one histogram over 770 label sets, 11 buckets)', '',
      'In one process pinned to core 0: SDK collection plus serialization for otelkit and upstream (PrometheusExporter and its serializer), and `registry.metrics()` for prom-client; variants alternate within each round. The otelkit row is what its `/metrics` serves, `serializePrometheusChunks()`: the text already UTF-8 encoded, in the pieces the handler writes (prom-client\'s and upstream\'s strings are encoded later, by the socket write). `otelkit (one string)` is `serializePrometheus()`, for reference.', '', ...lines, '');
  }
  return { md, budgets };
}

const budgetTable = (budgets) => ['| figure | budget | measured (median) | verdict | first round\'s budget | verdict |', '|---|---|---|---|---|---|', ...budgets.map((b) => `| ${b.join(' | ')} |`)];

/**
 * RESULTS.md's text for the figures in `out` (those measured), and the budget rows
 * (figure, budget, measured, verdict). `other`: the same figures under a second Node
 * (`{ cfg, out }`, cfg.nodeVersion its version), or why they were not measured (`{ skipped }`).
 */
export function report(out, cfg, { quick, seconds }, other) {
  const v = versions(cfg.nodeVersion);
  const first = figures(out, cfg);
  const md = [
    '# Benchmark results',
    '',
    `Generated by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)} in ${seconds} s.`,
    `${cfg.rounds} rounds; in every round the variants run in the order ${ORDER.join(', ')}, then the figure's floor where it has one, so each ratio compares runs made side by side.`,
    'The budgets are the current ones; the last two columns hold the first round\'s, which they replaced and which every change must still keep.',
    `Load: wrk, 1 thread, ${cfg.connections} connections, ${cfg.seconds} s after a ${cfg.warmup} s warm-up, pinned to core 1 with the OTLP sink; the server is pinned to core 0.`,
    'Every variant exports over OTLP http/protobuf to the sink, which counts the spans it receives. Ratios are variant ÷ baseline within a round: median (min–max).',
    ...(other?.cfg ? [`Every figure is measured under Node ${cfg.nodeVersion}, then again under Node ${other.cfg.nodeVersion} in ${other.cfg.rounds} rounds (the last part).`] : []),
    '',
    `## Budgets (otelkit, Node ${cfg.nodeVersion})`,
    '',
    ...budgetTable(first.budgets),
    '',
    '## Machine and versions',
    '',
    '| | |',
    '|---|---|',
    ...Object.entries(v).map(([k, val]) => `| ${k} | ${val} |`),
    '',
    ...first.md,
  ];
  if (other?.skipped !== undefined) md.push('## Node 22', '', `Not measured: ${other.skipped}.`, '');
  if (other?.cfg) {
    const second = figures(other.out, other.cfg);
    md.push(`## Node ${other.cfg.nodeVersion}`, '', `The same figures with the measured processes under Node ${other.cfg.nodeVersion} (the sink and the load generators as above), ${other.cfg.rounds} rounds, ${other.cfg.startupRuns} startup runs.`, '',
      `### Budgets (otelkit, Node ${other.cfg.nodeVersion})`, '', ...budgetTable(second.budgets), '',
      ...second.md.map((line) => (line.startsWith('## ') ? `#${line}` : line)));
    first.budgets.push(...second.budgets.map(([figure, ...rest]) => [`${figure} (Node ${other.cfg.nodeVersion})`, ...rest]));
  }
  return { markdown: `${md.join('\n')}\n`, budgets: first.budgets };
}
