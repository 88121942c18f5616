// CPU time per request of two or more builds measured at the same time: every variant's server runs
// on the server core at once, each under its own wrk (load core), so the host's noise, which moves
// by tens of per cent from one second to the next here, hits all of them alike. Reports µs/request
// per variant and each variant's per-round ratio to the first.
import { stop } from '../lib/processes.mjs';
import { cpuTicks, median, wrk } from '../lib/measure.mjs';
import { appOptions, range, startServer } from './shared.mjs';

/** @type {import('../lib/command-line.mjs').Mode} */
export const pair = {
  name: 'pair',
  summary: 'CPU time per request of two or more variants running at the same time (A/B of a change)',
  options: {
    ...appOptions('hello.cjs'),
    rounds: { type: 'number', default: 7, help: 'rounds; all variants run together in each' },
    seconds: { type: 'number', default: 5, help: 'length of the measured wrk runs' },
    // Each server gets 1/n of the core: the warm-up grows with n so that JIT warm-up and one-off
    // work (the first export, 5 s after the first span) fall before the measured window.
    warmup: { type: 'number', help: 'wrk seconds before the measured runs (default 3 per variant, at least 6)' },
  },
  variants: { defaults: [], min: 2 },
  async run({ app, path, rounds, seconds, warmup }, variants, { sinkUrl }) {
    const warm = warmup ?? Math.max(6, 3 * variants.length);
    const connections = Math.max(10, Math.round(50 / variants.length));
    // A load run that fails (its server died) counts no request: the round is discarded below.
    const load = (url, secs) => wrk(url, secs, connections).then((r) => r.requests, () => 0);
    const perReq = Object.fromEntries(variants.map((v) => [v.name, []]));
    const ratios = Object.fromEntries(variants.map((v) => [v.name, []]));
    for (let r = 0; r < rounds; r++) {
      const servers = variants.map((v) => startServer(v, app, sinkUrl));
      const urls = (await Promise.all(servers.map((s) => s.listening))).map((u) => u + path);
      await Promise.all(urls.map((u) => load(u, warm)));
      const t0 = servers.map((s) => cpuTicks(s.child.pid));
      const counts = await Promise.all(urls.map((u) => load(u, seconds)));
      const us = servers.map((s, i) => ((cpuTicks(s.child.pid) - t0[i]) * 10_000) / counts[i]);
      await Promise.all(servers.map((s) => stop(s.child)));
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
    if (perReq[variants[0].name].length === 0) throw new Error('every round was discarded');
    for (const v of variants) {
      const xs = perReq[v.name];
      const rs = ratios[v.name];
      process.stdout.write(`${v.name.padEnd(20)} median ${median(xs).toFixed(1)} µs/req ${range(xs, 1)}, ÷ ${variants[0].name}: ${median(rs).toFixed(3)} ${range(rs, 3)}\n`);
    }
  },
};
