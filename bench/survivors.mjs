// `node bench/survivors.mjs [--app=express-json.cjs] [--path=/users/42] [--seconds=6] [variant ...]`
// Bytes that survive each young-generation GC (scavenge) of the server under load, from V8's
// --trace-gc-nvp lines: what V8 grows its young generation with (and so RSS). For each variant,
// the averages over the last two thirds of the scavenges of one wrk run (the first third covers
// start-up and warm-up): bytes copied within the young generation, bytes promoted to the old one,
// the number of scavenges and the bytes allocated per request. Variants as in cpu.mjs.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { here, option, parseVariant, RESOURCE_DETECTORS, startProcess, wrk } from './lib.mjs';

const argv = process.argv.slice(2);
const app = option(argv, 'app', 'express-json.cjs');
const path = option(argv, 'path', app.startsWith('express') ? '/users/42' : '/');
const seconds = Number(option(argv, 'seconds', '6'));
const names = argv.filter((a) => !a.startsWith('--'));
const variants = (names.length ? names : ['baseline', 'otelkit', 'otelkit-sampled']).map(parseVariant);

const sink = startProcess('taskset', ['-c', '1', process.execPath, join(here, 'sink.mjs')], {});
const sinkUrl = await sink.listening;
const dir = mkdtempSync(join(tmpdir(), 'otelkit-survivors-'));
const average = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
const field = (line, name) => Number(new RegExp(`\\b${name}=(\\d+)`).exec(line)?.[1] ?? 0);

try {
  for (const v of variants) {
    // V8 writes its trace to stdout with C stdio: into a pipe, lines are lost when the process is
    // killed, so stdout goes to a file (the app's listening line with it).
    const file = join(dir, `${v.name.replace(/\W/g, '_')}.txt`);
    const child = spawn('taskset', ['-c', '0', process.execPath, '--trace-gc-nvp', ...v.args, join(here, 'apps', app)], {
      cwd: here,
      stdio: ['ignore', openSync(file, 'w'), 'ignore'],
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl, OTEL_SERVICE_NAME: 'bench', OTEL_NODE_RESOURCE_DETECTORS: RESOURCE_DETECTORS, ...v.env },
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    let base;
    for (let i = 0; i < 200 && base === undefined; i++) {
      await sleep(50);
      base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(readFileSync(file, 'utf8'))?.[1];
    }
    if (base === undefined) throw new Error(`${v.name}: no listening line`);
    const run = wrk(base + path, seconds);
    // SIGTERM: the preload flushes and exits, and exit flushes stdio; the baseline dies at once.
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(6000)]);
    child.kill('SIGKILL');
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
  sink.child.kill();
  rmSync(dir, { recursive: true, force: true });
}
