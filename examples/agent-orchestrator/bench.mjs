#!/usr/bin/env node
// The observability overhead of the orchestrator, measured: the same app run twice side by side,
// without otelkit (`node app.js`: the OpenTelemetry API is a no-op) and under the preload with
// everything on (traces exported over OTLP to a local sink, Prometheus metrics scraped every 5 s,
// correlated JSON logs). Rounds alternate between the two so that drift on the host hits both.
// Each round keeps --concurrency tasks in flight for --seconds, with the traffic script's task mix
// (without failures), and reads each app's CPU time from /status.
//
// It passes (exit 0) when the instrumented app's median throughput is within 5 % of the baseline's
// and its median task latency within 5 % too: the impact on the work the orchestrator does, most of
// which waits on its agents. CPU time per task is printed as well: it is the cost in the process
// itself, and a larger share of it (the agents' waiting costs no CPU).
//   npm run bench -w examples/agent-orchestrator -- [--rounds 5] [--seconds 10] [--concurrency 8]
// Run it on a quiet machine: it measures, it does not simulate.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '200' },
  },
});
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const warmup = Number(values.warmup);
const BUDGET_PERCENT = 5;

// An OTLP/HTTP endpoint that accepts everything: an empty protobuf response is a full success.
const sink = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
});
await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
const sinkUrl = `http://127.0.0.1:${sink.address().port}`;

function startApp(name, instrumented) {
  const args = instrumented ? ['--env-file=metrics-naming.env', '--require', '@otelkit/node/register', 'app.js'] : ['app.js'];
  const env = {
    ...process.env,
    PORT: '0',
    OTEL_SERVICE_NAME: 'agent-orchestrator-bench',
    ...(instrumented
      ? { OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl, OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: '0' }
      : { OTEL_SDK_DISABLED: 'true' }),
  };
  const child = spawn(process.execPath, args, { cwd: here, env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk) => {
      buffered += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(buffered);
      if (match === null) return;
      // From here on the app's JSON lines are read and dropped, as a log shipper would.
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve({ name, child, url: match[1] });
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before listening`)));
  });
}

const TYPES = ['feature', 'feature', 'feature', 'feature', 'bugfix', 'bugfix', 'bugfix', 'review', 'review', 'docs'];
async function task(url) {
  const started = performance.now();
  const res = await fetch(`${url}/tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: TYPES[Math.floor(Math.random() * TYPES.length)] }) });
  await res.text();
  if (res.status !== 200) throw new Error(`task answered ${res.status}`);
  return performance.now() - started;
}

async function cpuMs(url) {
  const status = await (await fetch(`${url}/status`)).json();
  return status.process.cpu_user_ms + status.process.cpu_system_ms;
}

/** Keep `concurrency` tasks in flight for `seconds`; Prometheus-like scrapes of the instrumented app. */
async function round(app) {
  const latencies = [];
  const cpuBefore = await cpuMs(app.url);
  const end = performance.now() + seconds * 1000;
  const scrape = app.name === 'otelkit' ? setInterval(() => void fetch(`${app.url}/metrics`).then((r) => r.text()), 5000) : undefined;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) latencies.push(await task(app.url));
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(scrape);
  const cpu = (await cpuMs(app.url)) - cpuBefore;
  latencies.sort((a, b) => a - b);
  return { throughput: latencies.length / elapsed, p50: latencies[Math.floor(latencies.length / 2)], cpuPerTask: cpu / latencies.length };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const apps = [await startApp('baseline', false), await startApp('otelkit', true)];
try {
  for (const app of apps) for (let i = 0; i < warmup; i++) await task(app.url);
  const results = { baseline: [], otelkit: [] };
  for (let r = 0; r < rounds; r++) {
    // Alternate which app goes first.
    for (const app of r % 2 === 0 ? apps : [...apps].reverse()) results[app.name].push(await round(app));
    process.stderr.write(`round ${r + 1}/${rounds} done\n`);
  }
  const summary = Object.fromEntries(
    Object.entries(results).map(([name, rs]) => [name, { throughput: median(rs.map((x) => x.throughput)), p50: median(rs.map((x) => x.p50)), cpuPerTask: median(rs.map((x) => x.cpuPerTask)) }]),
  );
  const b = summary.baseline;
  const o = summary.otelkit;
  const overhead = {
    throughput_percent: (1 - o.throughput / b.throughput) * 100,
    latency_p50_percent: (o.p50 / b.p50 - 1) * 100,
    cpu_per_task_percent: (o.cpuPerTask / b.cpuPerTask - 1) * 100,
  };
  const f = (n, d = 2) => n.toFixed(d);
  console.log(`rounds ${rounds} x ${seconds} s, ${concurrency} tasks in flight (medians)`);
  console.log('| | baseline | otelkit | overhead |');
  console.log('| --- | --- | --- | --- |');
  console.log(`| tasks/s | ${f(b.throughput, 1)} | ${f(o.throughput, 1)} | ${f(overhead.throughput_percent)} % |`);
  console.log(`| task latency p50 (ms) | ${f(b.p50)} | ${f(o.p50)} | ${f(overhead.latency_p50_percent)} % |`);
  console.log(`| CPU per task (ms) | ${f(b.cpuPerTask, 3)} | ${f(o.cpuPerTask, 3)} | ${f(overhead.cpu_per_task_percent)} % (information) |`);
  const pass = overhead.throughput_percent < BUDGET_PERCENT && overhead.latency_p50_percent < BUDGET_PERCENT;
  console.log(pass ? `PASS: throughput and latency within ${BUDGET_PERCENT} % of the baseline` : `FAIL: over the ${BUDGET_PERCENT} % budget`);
  process.exitCode = pass ? 0 : 1;
} finally {
  for (const app of apps) app.child.kill('SIGTERM');
  sink.close();
}
