// CPU time of the server process per request (utime + stime from /proc around one wrk run), which
// is much less noisy than req/s on a shared machine, and req/s ÷ the baseline of the same round
// (the budgets' own measure). One server at a time; variants alternate inside every round.
import { stop } from '../lib/processes.mjs';
import { cpuTicks, median, wrk } from '../lib/measure.mjs';
import { appOptions, range, startServer } from './shared.mjs';

/** @type {import('../lib/command-line.mjs').Mode} */
export const cpu = {
  name: 'cpu',
  summary: 'server CPU time per request and req/s ÷ baseline, one server at a time, variants alternating',
  options: {
    ...appOptions('express-json.cjs'),
    rounds: { type: 'number', default: 5, help: 'rounds; every variant runs once per round' },
    seconds: { type: 'number', default: 5, help: 'length of the measured wrk run' },
    warmup: { type: 'number', default: 2, help: 'wrk seconds before the measured run' },
  },
  variants: { defaults: ['baseline', 'otelkit', 'otelkit-sampled'], min: 1 },
  async run({ app, path, rounds, seconds, warmup }, variants, { sinkUrl }) {
    const results = Object.fromEntries(variants.map((v) => [v.name, []]));
    const rates = Object.fromEntries(variants.map((v) => [v.name, []]));
    for (let r = 0; r < rounds; r++) {
      for (const v of variants) {
        const server = startServer(v, app, sinkUrl);
        const url = (await server.listening) + path;
        await wrk(url, warmup);
        const t0 = cpuTicks(server.child.pid);
        const n = (await wrk(url, seconds)).requests;
        const us = ((cpuTicks(server.child.pid) - t0) * 10_000) / n;
        results[v.name].push(us);
        rates[v.name].push(n / seconds);
        await stop(server.child);
        process.stdout.write(`round ${r + 1} ${v.name.padEnd(24)} ${us.toFixed(1)} µs/req (${Math.round(n / seconds)} req/s)\n`);
      }
    }
    const first = variants[0].name;
    for (const v of variants) {
      const xs = results[v.name];
      const over = xs.map((x, i) => x - results[first][i]);
      const ratio = rates[v.name].map((x, i) => x / rates[first][i]);
      process.stdout.write(
        `${v.name.padEnd(24)} median ${median(xs).toFixed(1)} µs/req ${range(xs, 1)}, added ${median(over).toFixed(1)} µs, ` +
          `req/s ÷ ${first} ${median(ratio).toFixed(3)} ${range(ratio, 2)}\n`,
      );
    }
  },
};
