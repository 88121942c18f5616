// Bytes that survive each young-generation GC (scavenge) of the server under load, from V8's
// --trace-gc-nvp lines: what V8 grows its young generation with (and so RSS). For each variant, one
// load run (wrk, or open-model load at a fixed rate with --rate): averages over the first third of
// the scavenges (start-up and warm-up, when the route's code is still being compiled) and over the
// rest, of the bytes copied within the young generation and promoted to the old one; the bytes
// allocated per request; the largest new space V8 reached and the peak RSS.
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { exitOf, SERVER_CORE, spawnPinned, stop } from '../lib/processes.mjs';
import { openLoad, peakRssMb, wrk } from '../lib/measure.mjs';
import { appEnv, appFile } from '../lib/variants.mjs';
import { appOptions } from './shared.mjs';

const average = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
const field = (line, name) => Number(new RegExp(`\\b${name}=(\\d+)`).exec(line)?.[1] ?? 0);

/** @type {import('../lib/command-line.mjs').Mode} */
export const survivors = {
  name: 'survivors',
  summary: 'bytes copied and promoted per young-generation GC under load, and bytes allocated per request',
  options: {
    ...appOptions('express-json.cjs'),
    seconds: { type: 'number', default: 6, help: 'length of the load run' },
    rate: { type: 'number', default: 0, help: 'requests a second of open-model load (lib/open-load.mjs) instead of wrk; 0: wrk' },
  },
  variants: { defaults: ['baseline', 'otelkit', 'otelkit-sampled'], min: 1 },
  async run({ app, path, seconds, rate }, variants, { sinkUrl }) {
    const dir = mkdtempSync(join(tmpdir(), 'otelkit-survivors-'));
    try {
      for (const v of variants) {
        // V8 writes its trace to stdout with C stdio: into a pipe, lines are lost when the process
        // is killed, so stdout goes to a file (the app's listening line with it).
        const file = join(dir, `${v.name.replace(/\W/g, '_')}.txt`);
        const fd = openSync(file, 'w');
        const child = spawnPinned(SERVER_CORE, process.execPath, ['--trace-gc-nvp', ...v.args, appFile(app)], {
          stdio: ['ignore', fd, 'ignore'],
          env: { ...process.env, ...appEnv(sinkUrl, v.env) },
        });
        closeSync(fd);
        const exited = exitOf(child);
        let base;
        for (let i = 0; i < 200 && base === undefined; i++) {
          const gone = await Promise.race([exited, sleep(50)]);
          base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(readFileSync(file, 'utf8'))?.[1];
          if (base === undefined && gone) throw new Error(`${v.name}: exited (${gone.signal ?? `code ${gone.code}`}) before listening:\n${readFileSync(file, 'utf8')}`);
        }
        if (base === undefined) throw new Error(`${v.name}: no listening line within 10 s`);
        let requests;
        let rps;
        if (rate > 0) {
          const load = await openLoad(base + path, rate, seconds);
          requests = load.answered;
          rps = load.answered / seconds;
        } else {
          const load = await wrk(base + path, seconds);
          requests = load.requests;
          rps = load.rps;
        }
        const rss = peakRssMb(child.pid);
        // SIGTERM: the preload flushes and exits, and exit flushes stdio; the baseline dies at once.
        await stop(child, 'SIGTERM', 6000);
        const scavenges = readFileSync(file, 'utf8').split('\n').filter((l) => /\bgc=s\b/.test(l));
        const head = scavenges.slice(0, Math.floor(scavenges.length / 3));
        const tail = scavenges.slice(head.length);
        const kB = (lines, name) => (average(lines.map((l) => field(l, name))) / 1024).toFixed(1);
        const allocated = tail.reduce((a, l) => a + field(l, 'allocated'), 0);
        const requestsInTail = (requests * tail.length) / Math.max(scavenges.length, 1);
        const newSpace = Math.max(0, ...scavenges.map((l) => field(l, 'new_space_capacity'))) / 1024 / 1024;
        process.stdout.write(
          `${v.name.padEnd(24)} ${Math.round(rps)} req/s, ${scavenges.length} scavenges; per scavenge, first third / rest: copied ${kB(head, 'new_space_survived')} / ${kB(tail, 'new_space_survived')} kB, promoted ${kB(head, 'promoted')} / ${kB(tail, 'promoted')} kB; allocated ${(allocated / Math.max(requestsInTail, 1) / 1024).toFixed(1)} kB per request; new space up to ${newSpace.toFixed(0)} MB; peak RSS ${rss.toFixed(1)} MB\n`,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
