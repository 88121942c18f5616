// `node bench/cpu.mjs [--app=express-json.cjs] [--path=/users/42] [--rounds=5] [--seconds=5] [variant ...]`
// CPU time of the server process per request (utime + stime from /proc around one wrk run), which
// is much less noisy than req/s on a shared machine. Variants alternate inside every round.
// A variant is a name: baseline, otelkit, upstream, otelkit-sampled (ratio 0.01), or name=ENV=V,ENV=V.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { here, median, PRELOADS, startProcess, wrk } from './lib.mjs';

const argv = process.argv.slice(2);
const opt = (name, fallback) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const app = opt('app', 'express-json.cjs');
const path = opt('path', app.startsWith('express') ? '/users/42' : '/');
const rounds = Number(opt('rounds', '5'));
const seconds = Number(opt('seconds', '5'));
const names = argv.filter((a) => !a.startsWith('--'));
const SAMPLED = { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.01' };

function variant(spec) {
  const eq = spec.indexOf('=');
  const name = eq < 0 ? spec : spec.slice(0, eq);
  const env = Object.fromEntries((eq < 0 ? '' : spec.slice(eq + 1)).split(',').filter(Boolean).map((kv) => kv.split(/=(.*)/s).slice(0, 2)));
  const base = name.replace(/:.*$/, '');
  // ARGS=... in a variant's list is not an environment variable but extra node flags (space separated).
  const flags = env.ARGS === undefined ? [] : env.ARGS.split(' ');
  delete env.ARGS;
  return { name, args: [...flags, ...(PRELOADS[base.replace(/-sampled$/, '')] ?? [])], env: base.endsWith('-sampled') ? { ...SAMPLED, ...env } : env };
}
const variants = (names.length ? names : ['baseline', 'otelkit', 'otelkit-sampled']).map(variant);

const ticks = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (100 Hz)
};
const sink = startProcess('taskset', ['-c', '1', process.execPath, join(here, 'sink.mjs')], {});
const sinkUrl = await sink.listening;

const results = Object.fromEntries(variants.map((v) => [v.name, []]));
for (let r = 0; r < rounds; r++) {
  for (const v of variants) {
    const server = startProcess('taskset', ['-c', '0', process.execPath, ...v.args, join(here, 'apps', app)], {
      OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
      OTEL_SERVICE_NAME: 'bench',
      OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process',
      ...v.env,
    });
    const base = await server.listening;
    const child = server.child;
    wrk(base + path, 2);
    const t0 = ticks(child.pid);
    const n = wrk(base + path, seconds).requests;
    const us = ((ticks(child.pid) - t0) * 10_000) / n;
    results[v.name].push(us);
    child.kill('SIGKILL');
    await server.exited;
    process.stdout.write(`round ${r + 1} ${v.name.padEnd(24)} ${us.toFixed(1)} µs/req (${Math.round(n / seconds)} req/s)\n`);
  }
}
const base = results[variants[0].name];
for (const v of variants) {
  const xs = results[v.name];
  const over = xs.map((x, i) => x - base[i]);
  process.stdout.write(`${v.name.padEnd(24)} median ${median(xs).toFixed(1)} µs/req (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}), added ${median(over).toFixed(1)} µs\n`);
}
sink.child.kill();
