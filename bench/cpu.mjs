// `node bench/cpu.mjs [--app=express-json.cjs] [--path=/users/42] [--rounds=5] [--seconds=5] [--warmup=2] [variant ...]`
// CPU time of the server process per request (utime + stime from /proc around one wrk run), which
// is much less noisy than req/s on a shared machine. Variants alternate inside every round.
// A variant is a name: baseline, otelkit, upstream, otelkit-sampled (ratio 0.01), or name=ENV=V,ENV=V.
import { join } from 'node:path';
import { cpuTicks, here, median, option, parseVariant, RESOURCE_DETECTORS, startProcess, wrk } from './lib.mjs';

const argv = process.argv.slice(2);
const app = option(argv, 'app', 'express-json.cjs');
const path = option(argv, 'path', app.startsWith('express') ? '/users/42' : '/');
const rounds = Number(option(argv, 'rounds', '5'));
const seconds = Number(option(argv, 'seconds', '5'));
const warmup = Number(option(argv, 'warmup', '2'));
const names = argv.filter((a) => !a.startsWith('--'));
const variants = (names.length ? names : ['baseline', 'otelkit', 'otelkit-sampled']).map(parseVariant);

const sink = startProcess('taskset', ['-c', '1', process.execPath, join(here, 'sink.mjs')], {});
const sinkUrl = await sink.listening;

const results = Object.fromEntries(variants.map((v) => [v.name, []]));
const rates = Object.fromEntries(variants.map((v) => [v.name, []]));
for (let r = 0; r < rounds; r++) {
  for (const v of variants) {
    const server = startProcess('taskset', ['-c', '0', process.execPath, ...v.args, join(here, 'apps', app)], {
      OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
      OTEL_SERVICE_NAME: 'bench',
      OTEL_NODE_RESOURCE_DETECTORS: RESOURCE_DETECTORS,
      ...v.env,
    });
    const base = await server.listening;
    const child = server.child;
    wrk(base + path, warmup);
    const t0 = cpuTicks(child.pid);
    const n = wrk(base + path, seconds).requests;
    const us = ((cpuTicks(child.pid) - t0) * 10_000) / n;
    results[v.name].push(us);
    rates[v.name].push(n / seconds);
    child.kill('SIGKILL');
    await server.exited;
    process.stdout.write(`round ${r + 1} ${v.name.padEnd(24)} ${us.toFixed(1)} µs/req (${Math.round(n / seconds)} req/s)\n`);
  }
}
const base = results[variants[0].name];
for (const v of variants) {
  const xs = results[v.name];
  const over = xs.map((x, i) => x - base[i]);
  // The budgets' own measure: req/s against the baseline's of the same round.
  const ratio = rates[v.name].map((x, i) => x / rates[variants[0].name][i]);
  process.stdout.write(
    `${v.name.padEnd(24)} median ${median(xs).toFixed(1)} µs/req (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}), added ${median(over).toFixed(1)} µs, ` +
      `req/s ÷ baseline ${median(ratio).toFixed(3)} (${Math.min(...ratio).toFixed(2)}–${Math.max(...ratio).toFixed(2)})\n`,
  );
}
sink.child.kill();
