// `npm run bench [-- --quick] [-- --only=hello,express,sampled,pgredis,startup,pino,scrape]`
// Measures otelkit and the upstream auto-instrumentations register against an uninstrumented
// baseline in the same run, alternating the variants inside every round, and writes bench/RESULTS.md
// (budgets-report.mjs). Loopback only: the server is pinned to core 0, wrk and the OTLP sink to core 1.
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { here, runToEnd, runToEndSync, SERVER_CORE, startProcess, stop } from '../lib/processes.mjs';
import { cpuTicks, median, openLoad, peakRssMb, wrk } from '../lib/measure.mjs';
import { appFile, PRELOADS, RESOURCE_DETECTORS } from '../lib/variants.mjs';
import { node22, nodeVersion, unsupportedNode } from '../lib/other-node.mjs';
import { fmt, ORDER, report } from './budgets-report.mjs';
import { startServer } from './shared.mjs';

export const FIGURES = ['hello', 'express', 'sampled', 'pgredis', 'startup', 'pino', 'scrape'];
const SAMPLED = { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.01' };
const variant = (name) => ({ name, args: PRELOADS[name], env: {} });

/** The first JSON line a measuring app printed, or an error with its output. */
function jsonLine(r, what) {
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
  if (!line) throw new Error(`${what} failed (${r.signal ?? `code ${r.status}`}): ${r.stderr}`);
  return JSON.parse(line);
}

async function sinkStats(sinkUrl) {
  return (await fetch(`${sinkUrl}/stats`)).json();
}

/**
 * One load run of one variant: returns req/s, p99, peak RSS and the spans the sink counted. `then`,
 * if given, measures more on the same server after wrk (before it stops) and returns more fields,
 * with `requests`, the requests it made, which count towards spans per request.
 */
async function loadRun(cfg, name, app, path, sinkUrl, extraEnv, then) {
  await fetch(`${sinkUrl}/reset`, { method: 'POST' });
  const server = startServer({ ...variant(name), env: extraEnv }, app, sinkUrl, [], cfg.node);
  const url = (await server.listening) + path;
  await wrk(url, cfg.warmup, cfg.connections);
  const before = await sinkStats(sinkUrl);
  const load = await wrk(url, cfg.seconds, cfg.connections);
  const rss = peakRssMb(server.child.pid);
  const more = then === undefined ? undefined : await then(server, url, load);
  await sleep(name === 'baseline' ? 0 : 1500);
  // Upstream's register flushes on SIGTERM but leaves the server running, so SIGKILL follows.
  await stop(server.child, 'SIGTERM', 3000);
  await sleep(200);
  const after = await sinkStats(sinkUrl);
  return { ...load, rss, spans: after.spans - before.spans, sinkErrors: after.errors, spanRequests: load.requests + (more?.requests ?? 0), fixed: more };
}

/**
 * The fixed-rate part of the pg + Redis figure, on the server wrk has just measured: open-model load
 * (lib/open-load.mjs) at half the req/s of the round's baseline, a warm-up at that rate, then the
 * measured run with the server's CPU time around it.
 */
const fixedRate = (cfg, baselineRps) => async (server, url, load) => {
  const rate = Math.max(1, Math.round((baselineRps() ?? load.rps) / 2));
  const warm = await openLoad(url, rate, cfg.warmup);
  const t0 = cpuTicks(server.child.pid);
  const run = await openLoad(url, rate, cfg.fixedSeconds);
  const cpuUs = ((cpuTicks(server.child.pid) - t0) * 10_000) / run.answered;
  return { ...run, cpuUs, requests: warm.answered + run.answered };
};
/**
 * An app that needs services this machine does not offer (express-pg-redis.cjs without PostgreSQL or
 * Redis) exits with this code and a `backend unavailable: ...` line: its figure is skipped.
 */
const UNAVAILABLE = /backend unavailable: .*/;

/** Whether the app runs here: undefined if so, else the app's reason. */
async function unavailable(cfg, app, sinkUrl) {
  const server = startServer(variant('baseline'), app, sinkUrl, [], cfg.node);
  try {
    await server.listening;
    return undefined;
  } catch (error) {
    // 'exit' can come before the last of its output: wait for the pipe to close.
    if (!server.child.stdout.closed) await once(server.child.stdout, 'close');
    const why = UNAVAILABLE.exec(server.output())?.[0];
    if (why === undefined) throw error;
    return why;
  } finally {
    await stop(server.child);
  }
}

/**
 * Load runs of every variant in `order` (ORDER, then the figure's floor if it has one), `cfg.rounds`
 * times; `fixed` adds the fixed-rate runs of fixedRate.
 */
async function loadFigure(cfg, title, app, path, sinkUrl, extraEnv, expectedSpansPerRequest, { fixed = false, order = ORDER } = {}) {
  const skipped = await unavailable(cfg, app, sinkUrl);
  if (skipped !== undefined) {
    process.stdout.write(`  ${title}: skipped, ${skipped}\n`);
    return { title, skipped };
  }
  const rows = Object.fromEntries(order.map((v) => [v, []]));
  for (let round = 0; round < cfg.rounds; round++) {
    for (const name of order) {
      const then = fixed ? fixedRate(cfg, () => rows.baseline[round]?.rps) : undefined;
      // The floors take no sampler settings: each does exactly what its file says.
      const env = name === 'baseline' || name.startsWith('floor') ? {} : extraEnv;
      const r = await loadRun(cfg, name, app, path, sinkUrl, env, then);
      rows[name].push(r);
      process.stdout.write(`  ${title} round ${round + 1} ${name.padEnd(15)} ${fmt(r.rps, 0)} req/s p99 ${fmt(r.p99)} ms rss ${fmt(r.rss, 1)} MB spans ${r.spans}/${r.spanRequests}${r.non2xx ? ` non-2xx ${r.non2xx}` : ''}\n`);
      if (r.fixed) {
        const f = r.fixed;
        process.stdout.write(`    at ${fmt(f.rate, 0)} req/s: p99 ${fmt(f.p99)} ms, CPU ${fmt(f.cpuUs, 1)} µs/req, unanswered ${f.unanswered}, errors ${f.errors + f.non2xx}${f.errors ? ` ${JSON.stringify(f.errorCodes)}` : ''}, generator lag p99 ${fmt(f.lagP99, 1)} ms\n`);
      }
    }
  }
  return { title, rows, expectedSpansPerRequest };
}

async function startupFigure(cfg, sinkUrl) {
  const env = { OTEL_NODE_RESOURCE_DETECTORS: RESOURCE_DETECTORS, OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl };
  const times = Object.fromEntries(ORDER.map((v) => [v, []]));
  for (let i = 0; i < cfg.startupRuns; i++) {
    for (const name of ORDER) {
      const t0 = process.hrtime.bigint();
      const r = runToEndSync(SERVER_CORE, cfg.node, [...PRELOADS[name], '-e', '0'], env);
      if (r.status !== 0) throw new Error(`${name} -e 0 failed: ${r.stderr}`);
      times[name].push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  process.stdout.write(`  startup medians: ${ORDER.map((v) => `${v} ${fmt(median(times[v]), 1)} ms`).join(', ')}\n`);
  // `-e 0` loads no module of the app. A real app's start also pays for the instrumentations its
  // requires load and for the hooks on every require: the Express app from spawn to its
  // listening line shows that part.
  const app = Object.fromEntries(ORDER.map((v) => [v, []]));
  for (let i = 0; i < cfg.startupRuns; i++) {
    for (const name of ORDER) {
      const t0 = process.hrtime.bigint();
      const server = startProcess(SERVER_CORE, cfg.node, [...PRELOADS[name], appFile('express-json.cjs')], env);
      await server.listening;
      app[name].push(Number(process.hrtime.bigint() - t0) / 1e6);
      await stop(server.child);
    }
  }
  process.stdout.write(`  Express app start medians: ${ORDER.map((v) => `${v} ${fmt(median(app[v]), 1)} ms`).join(', ')}\n`);
  return Object.assign(times, { app });
}

async function pinoFigure(cfg, sinkUrl) {
  const sinks = ['object', 'stream'];
  const ns = Object.fromEntries(sinks.map((s) => [s, Object.fromEntries(ORDER.map((v) => [v, []]))]));
  const correlated = {};
  for (let round = 0; round < cfg.rounds; round++) {
    for (const sink of sinks) {
      for (const name of ORDER) {
        const env = { SINK: sink, LINES: String(cfg.pinoLines), OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl, OTEL_NODE_RESOURCE_DETECTORS: RESOURCE_DETECTORS };
        const r = await runToEnd(SERVER_CORE, cfg.node, [...PRELOADS[name], appFile('pino-line.cjs')], env);
        const parsed = jsonLine(r, `pino run for ${name} (${sink} sink)`);
        ns[sink][name].push(parsed.nsPerLine);
        correlated[name] = (correlated[name] ?? true) && parsed.correlated;
      }
    }
  }
  for (const sink of sinks) process.stdout.write(`  pino medians (${sink} sink): ${ORDER.map((v) => `${v} ${fmt(median(ns[sink][v]), 0)} ns`).join(', ')}\n`);
  return { ns, correlated };
}

async function scrapeFigure(cfg) {
  const r = await runToEnd(SERVER_CORE, cfg.node, [appFile('scrape.mjs')], { ROUNDS: String(cfg.rounds), SCRAPES: String(cfg.scrapes) });
  const parsed = jsonLine(r, 'scrape run');
  process.stdout.write(`  scrape medians (ms per 1k samples): ${Object.entries(parsed.msPer1k).map(([k, xs]) => `${k} ${fmt(median(xs))}`).join(', ')}\n`);
  return parsed;
}

/** Every figure wanted, with the measured processes under `cfg.node`. */
async function measureAll(cfg, want, sinkUrl) {
  const out = {};
  // Each request-path figure also runs its floor (variants.mjs): the least a tracer does there.
  const recordingFloor = { order: [...ORDER, 'floor-recording'] };
  if (want('hello')) out.hello = await loadFigure(cfg, 'node:http hello world', 'hello.cjs', '/', sinkUrl, {}, 1, recordingFloor);
  if (want('express')) out.express = await loadFigure(cfg, 'Express 5 JSON route', 'express-json.cjs', '/users/42', sinkUrl, {}, 1, recordingFloor);
  if (want('sampled')) out.sampled = await loadFigure(cfg, 'Express 5 JSON route, parent-based ratio 0.01', 'express-json.cjs', '/users/42', sinkUrl, SAMPLED, 0.01, { order: [...ORDER, 'floor'] });
  if (want('pgredis')) out.pgredis = await loadFigure(cfg, 'Express 5 route with one pg query and one Redis GET', 'express-pg-redis.cjs', '/users/42', sinkUrl, {}, 4, { fixed: true });
  if (want('startup')) out.startup = await startupFigure(cfg, sinkUrl);
  if (want('pino')) out.pino = await pinoFigure(cfg, sinkUrl);
  if (want('scrape')) out.scrape = await scrapeFigure(cfg);
  return out;
}

/** The Node 22 binary of --node22, or the reason there is none. */
function node22Binary(option) {
  try {
    const bin = option === 'install' ? node22() : option;
    const version = nodeVersion(bin);
    if (!version.startsWith('v22.')) return { skipped: `${bin} is ${version}, not Node 22` };
    const unsupported = unsupportedNode(version);
    return unsupported === undefined ? { bin, version } : { skipped: unsupported };
  } catch (error) {
    return { skipped: error instanceof Error ? error.message : String(error) };
  }
}

/** @type {import('../lib/command-line.mjs').Mode} */
export const budgets = {
  name: 'budgets',
  summary: 'the budget figures against baseline and upstream, written to RESULTS.md (npm run bench)',
  options: {
    quick: { type: 'boolean', default: false, help: '3 rounds of 3 s load runs instead of 5 of 10 s' },
    only: { type: 'list', choices: FIGURES, help: `figures to measure: ${FIGURES.join(', ')} (default all)` },
    node: { type: 'string', default: process.execPath, help: 'Node.js binary of the measured processes (the sink and the load generators keep the CLI\'s)' },
    node22: {
      type: 'string',
      default: (o) => (o.quick || o.only !== undefined ? 'none' : 'install'),
      help: 'then every figure again under this Node 22 binary, in 3 rounds; "install" gets node@22 from npm into bench/node_modules/.cache, "none" skips (default: install in a full run, else none)',
    },
  },
  variants: undefined,
  async run({ quick, only, node, node22: second }, _variants, { sinkUrl }) {
    const want = (name) => only === undefined || only.includes(name);
    const cfg = quick
      ? { rounds: 3, seconds: 3, fixedSeconds: 3, warmup: 1, connections: 50, startupRuns: 6, pinoLines: 100_000, scrapes: 10 }
      : { rounds: 5, seconds: 10, fixedSeconds: 10, warmup: 2, connections: 50, startupRuns: 15, pinoLines: 300_000, scrapes: 30 };
    // A path given relative to where the CLI was started (the processes run in bench/).
    cfg.node = node.includes('/') ? resolve(node) : node;
    cfg.nodeVersion = nodeVersion(node);
    const started = Date.now();
    console.log(`bench (${quick ? 'quick' : 'full'}): ${cfg.rounds} rounds, ${cfg.seconds} s per load run, Node ${cfg.nodeVersion}, sink ${sinkUrl}`);
    const out = await measureAll(cfg, want, sinkUrl);
    // The second Node: the same figures in fewer rounds, so that a full run stays near half an hour.
    let other;
    if (second !== 'none') {
      const found = node22Binary(second.includes('/') ? resolve(second) : second);
      if (found.skipped !== undefined) {
        console.log(`Node 22: not measured, ${found.skipped}`);
        other = { skipped: found.skipped };
      } else {
        const cfg22 = { ...cfg, node: found.bin, nodeVersion: found.version, rounds: Math.min(cfg.rounds, 3), startupRuns: Math.min(cfg.startupRuns, 9) };
        console.log(`\nNode ${found.version} (${found.bin}): ${cfg22.rounds} rounds`);
        other = { cfg: cfg22, out: await measureAll(cfg22, want, sinkUrl) };
      }
    }

    const { markdown, budgets: rows } = report(out, cfg, { quick, seconds: Math.round((Date.now() - started) / 1000) }, other);
    // Only a full run of every figure replaces RESULTS.md; quick and partial runs go beside it.
    const file = quick || only !== undefined || node !== process.execPath ? 'RESULTS.partial.md' : 'RESULTS.md';
    writeFileSync(join(here, file), markdown);
    console.log(`\nwrote bench/${file}\n`);
    const plain = (text) => text.replace(/\*/g, '');
    for (const b of rows) console.log(`${b[0]}: ${b[2]} (budget ${b[1]}) ${plain(b[3])}${b[4] === '–' ? '' : `; first round's ${b[4]} ${plain(b[5])}`}`);
  },
};
