// `node bench/pair.mjs [--app=hello.cjs] [--path=/] [--rounds=7] [--seconds=5] [--warmup=S] variant variant ...`
// CPU time per request of two or more builds measured at the same time: every variant's server runs
// pinned to core 0 at once, each under its own wrk (core 1), so the host's noise, which moves by
// tens of per cent from one second to the next here, hits all of them alike. Reports µs/request per
// variant and each variant's per-round ratio to the first. Variants as in cpu.mjs.
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { cpuTicks, here, median, option, parseVariant, RESOURCE_DETECTORS, startProcess } from './lib.mjs';

const argv = process.argv.slice(2);
const app = option(argv, 'app', 'hello.cjs');
const path = option(argv, 'path', app.startsWith('express') ? '/users/42' : '/');
const rounds = Number(option(argv, 'rounds', '7'));
const seconds = Number(option(argv, 'seconds', '5'));
const variants = argv.filter((a) => !a.startsWith('--')).map(parseVariant);
// Each server gets 1/n of the core: the warm-up grows with n so that JIT warm-up and one-off work
// (the first export, 5 s after the first span) fall before the measured window, not inside it.
const warmup = Number(option(argv, 'warmup', String(Math.max(6, 3 * variants.length))));
if (variants.length < 2) throw new Error('give two or more variants');

const runWrk = (url, secs, connections) =>
  new Promise((resolve) => {
    const child = spawn('taskset', ['-c', '1', 'wrk', '-t1', `-c${connections}`, `-d${secs}s`, url], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', () => resolve(Number(/(\d+) requests in/.exec(out)?.[1] ?? 0)));
  });

const sink = startProcess('taskset', ['-c', '1', process.execPath, join(here, 'sink.mjs')], {});
const sinkUrl = await sink.listening;
const perReq = Object.fromEntries(variants.map((v) => [v.name, []]));
const ratios = Object.fromEntries(variants.map((v) => [v.name, []]));
const connections = Math.max(10, Math.round(50 / variants.length));
for (let r = 0; r < rounds; r++) {
  const servers = variants.map((v) =>
    startProcess('taskset', ['-c', '0', process.execPath, ...v.args, join(here, 'apps', app)], {
      OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
      OTEL_SERVICE_NAME: 'bench',
      OTEL_NODE_RESOURCE_DETECTORS: RESOURCE_DETECTORS,
      ...v.env,
    }),
  );
  const urls = await Promise.all(servers.map((s) => s.listening));
  await Promise.all(urls.map((u) => runWrk(u + path, warmup, connections)));
  const t0 = servers.map((s) => cpuTicks(s.child.pid));
  const counts = await Promise.all(urls.map((u) => runWrk(u + path, seconds, connections)));
  const us = servers.map((s, i) => ((cpuTicks(s.child.pid) - t0[i]) * 10_000) / counts[i]);
  for (const s of servers) s.child.kill('SIGKILL');
  await Promise.all(servers.map((s) => s.exited));
  if (counts.some((n) => n === 0)) {
    process.stdout.write(`round ${r + 1} discarded: a load run completed no request\n`);
    continue;
  }
  variants.forEach((v, i) => {
    perReq[v.name].push(us[i]);
    ratios[v.name].push(us[i] / us[0]);
  });
  process.stdout.write(`round ${r + 1} ${variants.map((v, i) => `${v.name} ${us[i].toFixed(1)}`).join('  ')} µs/req\n`);
}
for (const v of variants) {
  const xs = perReq[v.name];
  const rs = ratios[v.name];
  process.stdout.write(`${v.name.padEnd(20)} median ${median(xs).toFixed(1)} µs/req (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}), ÷ ${variants[0].name}: ${median(rs).toFixed(3)} (${Math.min(...rs).toFixed(3)}–${Math.max(...rs).toFixed(3)})\n`);
}
sink.child.kill();
