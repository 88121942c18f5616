// `npm run bench [-- --quick] [-- --only=hello,express,sampled,startup,pino,scrape]`
// Measures otelkit and the upstream auto-instrumentations register against an uninstrumented
// baseline in the same run, alternating the variants inside every round, and writes bench/RESULTS.md.
// Loopback only: the server is pinned to core 0, wrk and the OTLP sink to core 1.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { join } from 'node:path';
import { here, median, PRELOADS, RESOURCE_DETECTORS, startProcess, wrk } from './lib.mjs';

const root = join(here, '..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const want = (name) => only === undefined || only.includes(name);
const cfg = quick
  ? { rounds: 3, seconds: 3, warmup: 1, connections: 50, startupRuns: 6, pinoLines: 100_000 }
  : { rounds: 5, seconds: 10, warmup: 2, connections: 50, startupRuns: 15, pinoLines: 300_000 };

const VARIANTS = PRELOADS;
const ORDER = ['baseline', 'otelkit', 'upstream'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fmt = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

const wrkRun = (url, seconds) => wrk(url, seconds, cfg.connections);

function peakRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
}

async function sinkStats(sinkUrl) {
  return (await fetch(`${sinkUrl}/stats`)).json();
}

/** One load run of one variant: returns req/s, p99, peak RSS and the spans the sink counted. */
async function loadRun(variant, app, path, sinkUrl, extraEnv) {
  await fetch(`${sinkUrl}/reset`, { method: 'POST' });
  const env = {
    OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
    OTEL_SERVICE_NAME: 'bench',
    // Cloud detectors would probe metadata addresses; keep both SDKs on local detectors.
    OTEL_NODE_RESOURCE_DETECTORS: RESOURCE_DETECTORS,
    ...extraEnv,
  };
  const server = startProcess('taskset', ['-c', '0', process.execPath, ...VARIANTS[variant], join(here, 'apps', app)], env);
  const base = await server.listening;
  wrkRun(base + path, cfg.warmup);
  const before = await sinkStats(sinkUrl);
  const load = wrkRun(base + path, cfg.seconds);
  const rss = peakRssMb(server.child.pid);
  await sleep(variant === 'baseline' ? 0 : 1500);
  // Upstream's register flushes on SIGTERM but leaves the server running, so SIGKILL follows.
  server.child.kill('SIGTERM');
  const killer = setTimeout(() => server.child.kill('SIGKILL'), 3000);
  await server.exited;
  clearTimeout(killer);
  await sleep(200);
  const after = await sinkStats(sinkUrl);
  return { ...load, rss, spans: after.spans - before.spans, sinkErrors: after.errors };
}

async function loadFigure(title, app, path, sinkUrl, extraEnv, expectedSpansPerRequest) {
  const rows = Object.fromEntries(ORDER.map((v) => [v, []]));
  for (let round = 0; round < cfg.rounds; round++) {
    for (const variant of ORDER) {
      const r = await loadRun(variant, app, path, sinkUrl, variant === 'baseline' ? {} : extraEnv);
      rows[variant].push(r);
      process.stdout.write(`  ${title} round ${round + 1} ${variant.padEnd(8)} ${fmt(r.rps, 0)} req/s p99 ${fmt(r.p99)} ms rss ${fmt(r.rss, 1)} MB spans ${r.spans}/${r.requests}\n`);
    }
  }
  return { title, rows, expectedSpansPerRequest };
}

function ratios(rows, variant, key) {
  return rows[variant].map((r, i) => r[key] / rows.baseline[i][key]);
}

async function startupFigure(sinkUrl) {
  const times = Object.fromEntries(ORDER.map((v) => [v, []]));
  for (let i = 0; i < cfg.startupRuns; i++) {
    for (const variant of ORDER) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync('taskset', ['-c', '0', process.execPath, ...VARIANTS[variant], '-e', '0'], {
        cwd: here,
        env: { ...process.env, OTEL_NODE_RESOURCE_DETECTORS: RESOURCE_DETECTORS, OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl },
      });
      if (r.status !== 0) throw new Error(`${variant} -e 0 failed: ${r.stderr}`);
      times[variant].push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  process.stdout.write(`  startup medians: ${ORDER.map((v) => `${v} ${fmt(median(times[v]), 1)} ms`).join(', ')}\n`);
  // `-e 0` loads no module of the app. A real app's start also pays for the instrumentations its
  // requires load and for the hooks on every require: the Express app from spawn to its
  // listening line shows that part.
  const app = Object.fromEntries(ORDER.map((v) => [v, []]));
  for (let i = 0; i < cfg.startupRuns; i++) {
    for (const variant of ORDER) {
      const t0 = process.hrtime.bigint();
      const server = startProcess('taskset', ['-c', '0', process.execPath, ...VARIANTS[variant], join(here, 'apps', 'express-json.cjs')], {
        OTEL_NODE_RESOURCE_DETECTORS: RESOURCE_DETECTORS,
        OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
      });
      await server.listening;
      app[variant].push(Number(process.hrtime.bigint() - t0) / 1e6);
      server.child.kill('SIGKILL');
      await server.exited;
    }
  }
  process.stdout.write(`  Express app start medians: ${ORDER.map((v) => `${v} ${fmt(median(app[v]), 1)} ms`).join(', ')}\n`);
  return Object.assign(times, { app });
}

function pinoFigure(sinkUrl) {
  const sinks = ['object', 'stream'];
  const ns = Object.fromEntries(sinks.map((s) => [s, Object.fromEntries(ORDER.map((v) => [v, []]))]));
  const correlated = {};
  for (let round = 0; round < cfg.rounds; round++) {
    for (const sink of sinks) {
      for (const variant of ORDER) {
        const r = spawnSync('taskset', ['-c', '0', process.execPath, ...VARIANTS[variant], join(here, 'apps', 'pino-line.cjs')], {
          cwd: here,
          encoding: 'utf8',
          env: { ...process.env, SINK: sink, LINES: String(cfg.pinoLines), OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl, OTEL_NODE_RESOURCE_DETECTORS: RESOURCE_DETECTORS },
        });
        const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
        if (!line) throw new Error(`pino run failed for ${variant} (${sink} sink): ${r.stderr}`);
        const parsed = JSON.parse(line);
        ns[sink][variant].push(parsed.nsPerLine);
        correlated[variant] = (correlated[variant] ?? true) && parsed.correlated;
      }
    }
  }
  for (const sink of sinks) process.stdout.write(`  pino medians (${sink} sink): ${ORDER.map((v) => `${v} ${fmt(median(ns[sink][v]), 0)} ns`).join(', ')}\n`);
  return { ns, correlated };
}

function scrapeFigure() {
  const r = spawnSync('taskset', ['-c', '0', process.execPath, join(here, 'apps', 'scrape.mjs')], {
    cwd: here,
    encoding: 'utf8',
    env: { ...process.env, ROUNDS: String(cfg.rounds), SCRAPES: quick ? '10' : '30' },
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
  if (!line) throw new Error(`scrape run failed: ${r.stderr}`);
  const parsed = JSON.parse(line);
  process.stdout.write(`  scrape medians (ms per 1k samples): ${Object.entries(parsed.msPer1k).map(([k, xs]) => `${k} ${fmt(median(xs))}`).join(', ')}\n`);
  return parsed;
}

function versions() {
  const v = (pkg) => {
    try {
      return JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
    } catch {
      return '?';
    }
  };
  const wrkVersion = spawnSync('wrk', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? '?';
  return {
    node: process.version,
    otelkit: v('@otelkit/node'),
    autoInstrumentations: v('@opentelemetry/auto-instrumentations-node'),
    sdkTrace: v('@opentelemetry/sdk-trace'),
    instrumentationHttp: v('@opentelemetry/instrumentation-http'),
    express: v('express'),
    pino: v('pino'),
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
  for (const variant of ORDER) {
    const rows = fig.rows[variant];
    const rps = rows.map((r) => r.rps);
    const p99 = rows.map((r) => r.p99);
    const rr = ratios(fig.rows, variant, 'rps');
    const pr = ratios(fig.rows, variant, 'p99');
    const spans = rows.reduce((a, r) => a + r.spans, 0);
    const requests = rows.reduce((a, r) => a + r.requests, 0);
    const ratioCell = variant === 'baseline' ? '1' : `${fmt(median(rr))} (${fmt(Math.min(...rr))}–${fmt(Math.max(...rr))})`;
    const p99Cell = variant === 'baseline' ? '1' : `${fmt(median(pr))} (${fmt(Math.min(...pr))}–${fmt(Math.max(...pr))})`;
    lines.push(`| ${variant} | ${fmt(median(rps), 0)} (${fmt(Math.min(...rps), 0)}–${fmt(Math.max(...rps), 0)}) | ${ratioCell} | ${fmt(median(p99))} | ${p99Cell} | ${fmt(median(rows.map((r) => r.rss)), 1)} | ${variant === 'baseline' ? '–' : `${spans} / ${requests} (${fmt(spans / requests, 3)})`} |`);
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

async function main() {
  const started = Date.now();
  const sink = startProcess('taskset', ['-c', '1', process.execPath, join(here, 'sink.mjs')], {});
  const sinkUrl = await sink.listening;
  console.log(`bench (${quick ? 'quick' : 'full'}): ${cfg.rounds} rounds, ${cfg.seconds} s per load run, sink ${sinkUrl}`);
  const out = {};
  try {
    if (want('hello')) out.hello = await loadFigure('node:http hello world', 'hello.cjs', '/', sinkUrl, {}, 1);
    if (want('express')) out.express = await loadFigure('Express 5 JSON route', 'express-json.cjs', '/users/42', sinkUrl, {}, 1);
    if (want('sampled')) {
      out.sampled = await loadFigure('Express 5 JSON route, parent-based ratio 0.01', 'express-json.cjs', '/users/42', sinkUrl,
        { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.01' }, 0.01);
    }
    if (want('startup')) out.startup = await startupFigure(sinkUrl);
    if (want('pino')) out.pino = pinoFigure(sinkUrl);
    if (want('scrape')) out.scrape = scrapeFigure();
  } finally {
    sink.child.kill('SIGTERM');
  }

  const v = versions();
  const md = [
    '# Benchmark results',
    '',
    `Generated by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)} in ${Math.round((Date.now() - started) / 1000)} s.`,
    `${cfg.rounds} rounds; in every round the variants run in the order ${ORDER.join(', ')}, so each ratio compares runs made side by side.`,
    `Load: wrk, 1 thread, ${cfg.connections} connections, ${cfg.seconds} s after a ${cfg.warmup} s warm-up, pinned to core 1 with the OTLP sink; the server is pinned to core 0.`,
    'Every variant exports over OTLP http/protobuf to the sink, which counts the spans it receives. Ratios are variant ÷ baseline within a round: median (min–max).',
    '',
    '## Machine and versions',
    '',
    '| | |',
    '|---|---|',
    ...Object.entries(v).map(([k, val]) => `| ${k} | ${val} |`),
    '',
  ];
  const budgets = [];
  if (out.hello) {
    const rr = median(ratios(out.hello.rows, 'otelkit', 'rps'));
    const pr = median(ratios(out.hello.rows, 'otelkit', 'p99'));
    budgets.push(['node:http hello world, req/s ratio', '≥ 0.60', fmt(rr), verdict(rr >= 0.6)]);
    budgets.push(['node:http p99 latency ratio', '≤ 2.0', fmt(pr), verdict(pr <= 2.0)]);
    md.push('## node:http hello world', '', loadTable(out.hello), '');
  }
  if (out.express) {
    const rr = median(ratios(out.express.rows, 'otelkit', 'rps'));
    budgets.push(['Express 5 JSON route, req/s ratio', '≥ 0.75', fmt(rr), verdict(rr >= 0.75)]);
    md.push('## Express 5 JSON route', '', loadTable(out.express), '');
  }
  if (out.sampled) {
    const rr = median(ratios(out.sampled.rows, 'otelkit', 'rps'));
    budgets.push(['Express 5, parent-based ratio 0.01, req/s ratio', '≥ 0.90', fmt(rr), verdict(rr >= 0.9)]);
    md.push('## Express 5 JSON route, sampling ratio 0.01 (parent-based)', '', loadTable(out.sampled), '');
  }
  const rssSource = out.express ?? out.hello;
  if (rssSource) {
    const added = median(rssSource.rows.otelkit.map((r, i) => r.rss - rssSource.rows.baseline[i].rss));
    const addedUp = median(rssSource.rows.upstream.map((r, i) => r.rss - rssSource.rows.baseline[i].rss));
    budgets.push([`RSS under load, added MB (${rssSource.title})`, '≤ +30', `+${fmt(added, 1)} (upstream +${fmt(addedUp, 1)})`, verdict(added <= 30)]);
  }
  if (out.startup) {
    const base = median(out.startup.baseline);
    const added = median(out.startup.otelkit) - base;
    budgets.push(['`node --require <preload> -e 0`, added ms', '≤ +50', `+${fmt(added, 1)} (upstream +${fmt(median(out.startup.upstream) - base, 1)})`, verdict(added <= 50)]);
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
    budgets.push(['pino line inside a span, added ns', '≤ +150', `+${fmt(added('object', 'otelkit'), 0)} (upstream +${fmt(added('object', 'upstream'), 0)}; through a stream Writable +${fmt(added('stream', 'otelkit'), 0)})`, verdict(added('object', 'otelkit') <= 150 && out.pino.correlated.otelkit)]);
    md.push('## pino line inside a span (in-memory sink)', '', `${cfg.pinoLines} lines per run, each sink and variant a process of its own. The budget's sink is pino's minimal destination: an object whose \`write(line)\` keeps the string.`, '', ...table('object'), '',
      'The same lines through a `node:stream` Writable (no budget; for reference). It encodes every string into a Buffer before its `write` runs, so the ~95 bytes a correlated line adds cost more here:', '', ...table('stream'), '');
  }
  if (out.scrape) {
    const m = out.scrape.msPer1k;
    const lines = ['| variant | samples | ms per 1k samples, median (min–max) |', '|---|---|---|'];
    for (const [variant, xs] of Object.entries(m)) lines.push(`| ${variant} | ${out.scrape.samples[variant]} | ${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}) |`);
    const ours = median(m.otelkit);
    const prom = median(m['prom-client']);
    budgets.push(['Prometheus scrape of ~10k samples, ms per 1k samples', '≤ prom-client in the same run', `${fmt(ours)} (prom-client ${fmt(prom)}, upstream ${fmt(median(m.upstream))})`, verdict(ours <= prom)]);
    md.push('## Prometheus scrape (~10k samples: one histogram over 770 label sets, 11 buckets)', '',
      'In one process pinned to core 0: SDK collection plus serialization for otelkit (@otelkit/metrics serializer) and upstream (PrometheusExporter and its serializer), and `registry.metrics()` for prom-client; variants alternate within each round.', '', ...lines, '');
  }
  md.splice(md.indexOf('## Machine and versions'), 0, '## Budgets (otelkit)', '', '| figure | budget | measured (median) | verdict |', '|---|---|---|---|', ...budgets.map((b) => `| ${b.join(' | ')} |`), '');
  // Only a full run of every figure replaces RESULTS.md; quick and partial runs go beside it.
  const file = quick || only !== undefined ? 'RESULTS.partial.md' : 'RESULTS.md';
  writeFileSync(join(here, file), `${md.join('\n')}\n`);
  console.log(`\nwrote bench/${file}\n`);
  for (const b of budgets) console.log(`${b[0]}: ${b[2]} (budget ${b[1]}) ${b[3].replace(/\*/g, '')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
