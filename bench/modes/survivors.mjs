// Bytes that survive each young-generation GC (scavenge) of the server under load, from V8's
// --trace-gc-nvp lines: what V8 grows its young generation with (and so RSS). For each variant,
// the averages over the last two thirds of the scavenges of one wrk run (the first third covers
// start-up and warm-up): bytes copied within the young generation, bytes promoted to the old one,
// the number of scavenges and the bytes allocated per request.
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { exitOf, SERVER_CORE, spawnPinned, stop } from '../lib/processes.mjs';
import { wrk } from '../lib/measure.mjs';
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
    seconds: { type: 'number', default: 6, help: 'length of the wrk run' },
  },
  variants: { defaults: ['baseline', 'otelkit', 'otelkit-sampled'], min: 1 },
  async run({ app, path, seconds }, variants, { sinkUrl }) {
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
        const run = await wrk(base + path, seconds);
        // SIGTERM: the preload flushes and exits, and exit flushes stdio; the baseline dies at once.
        await stop(child, 'SIGTERM', 6000);
        const scavenges = readFileSync(file, 'utf8').split('\n').filter((l) => /\bgc=s\b/.test(l));
        const tail = scavenges.slice(Math.floor(scavenges.length / 3));
        const copied = average(tail.map((l) => field(l, 'new_space_survived')));
        const promoted = average(tail.map((l) => field(l, 'promoted')));
        const allocated = tail.reduce((a, l) => a + field(l, 'allocated'), 0);
        const requestsInTail = (run.requests * tail.length) / Math.max(scavenges.length, 1);
        process.stdout.write(
          `${v.name.padEnd(24)} ${Math.round(run.rps)} req/s, ${scavenges.length} scavenges; per scavenge: copied ${(copied / 1024).toFixed(1)} kB, promoted ${(promoted / 1024).toFixed(1)} kB; allocated ${(allocated / requestsInTail / 1024).toFixed(1)} kB per request\n`,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
