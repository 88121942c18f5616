// Test-only preload (node --require <this> ... before otelkit's preload): writes one JSON line per
// PROBE_INTERVAL_MS (default 1000) to the file PROBE_FILE, and a last one at exit:
//   { t, rss, heapUsed, eld: { p50, p99, max } (ms, since the previous line), fds, unhandled, uncaught }
// Unhandled rejections and uncaught exceptions are counted through 'uncaughtExceptionMonitor',
// which sees both (an unhandled rejection is raised as an uncaught exception unless the app handles
// 'unhandledRejection') and does not change how the process behaves. Writes are synchronous so the
// line of a crash is not lost.
'use strict';
const { openSync, writeSync, readdirSync } = require('node:fs');
const { monitorEventLoopDelay } = require('node:perf_hooks');

const file = process.env.PROBE_FILE;
if (file !== undefined && file !== '') {
  const fd = openSync(file, 'a');
  const interval = Number(process.env.PROBE_INTERVAL_MS || 1000);
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  let unhandled = 0;
  let uncaught = 0;
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  const fds = () => {
    try {
      return readdirSync('/proc/self/fd').length;
    } catch {
      return -1;
    }
  };
  const sample = (kind) => {
    const m = process.memoryUsage();
    const line = { kind, t: Date.now(), rss: m.rss, heapUsed: m.heapUsed, eld: { p50: ms(eld.percentile(50)), p99: ms(eld.percentile(99)), max: ms(eld.max) }, fds: fds(), unhandled, uncaught };
    eld.reset();
    writeSync(fd, `${JSON.stringify(line)}\n`);
  };
  // One rejection can reach both places below (strict mode raises it, then emits the event): count it once.
  const seen = new WeakSet();
  const rejection = (reason) => {
    if (typeof reason === 'object' && reason !== null) {
      if (seen.has(reason)) return;
      seen.add(reason);
    }
    unhandled++;
  };
  process.on('uncaughtExceptionMonitor', (error, origin) => {
    if (origin === 'unhandledRejection') rejection(error);
    else uncaught++;
    sample('crash');
  });
  // An app that handles 'unhandledRejection' itself keeps running; count those too, without a
  // listener of our own (one would change what an unhandled rejection does).
  const emit = process.emit;
  process.emit = function (name, ...args) {
    if (name === 'unhandledRejection') rejection(args[0]);
    return emit.call(this, name, ...args);
  };
  sample('start');
  setInterval(() => sample('tick'), interval).unref();
  process.on('exit', () => sample('exit'));
}
