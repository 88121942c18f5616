// `npm start`: the API and the worker, each its own process under the otelkit preload, with the
// worker started again when it crashes (as a process manager would). Options:
//   --fresh        delete the example's Redis keys first (queue, semaphores, crash count)
//   --traffic N    once both are up, run traffic.mjs for N seconds, print what it did, and stop
// Ports: PORT (API and its /metrics, default 5000), OTEL_EXPORTER_PROMETHEUS_PORT (the API's
// preload /metrics server, default 9464) and WORKER_METRICS_PORT (the worker's, default 9465).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Redis from 'ioredis';
import { namingEnv } from './lib/naming.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({ options: { fresh: { type: 'boolean', default: false }, traffic: { type: 'string' } }, strict: true });
const env = process.env;
const prefix = env.JOB_PLATFORM_PREFIX || 'autonomos';
const port = env.PORT ?? '5000';
// The runbook's names (monitoring/naming.json) and prom-client's runtime names (its CPU and memory panel).
const common = {
  ...namingEnv(),
  OTEL_METRICS_EXPORTER: env.OTEL_METRICS_EXPORTER ?? 'prometheus',
  JOB_PLATFORM_PREFIX: prefix,
};

if (args.fresh) {
  const redis = new Redis({ host: env.REDIS_HOST || '127.0.0.1', port: Number(env.REDIS_PORT ?? 6379), lazyConnect: true });
  await redis.connect();
  let removed = 0;
  for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) {
    if (keys.length > 0) removed += await redis.unlink(...keys);
  }
  await redis.quit();
  console.log(`job-platform: removed ${removed} Redis keys under ${prefix}:`);
}

const children = new Map();
let stopping = false;

function run(name, script, extraEnv) {
  const child = spawn(process.execPath, ['--require', '@otelkit/node/register', script], {
    cwd: here,
    env: { ...env, ...common, ...extraEnv },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (stopping) return;
    console.error(`job-platform: ${name} exited (${signal ?? `code ${code}`})`);
    // A worker that died (not one that was stopped) is started again, as a process manager would.
    const died = code !== 0 && signal !== 'SIGTERM' && signal !== 'SIGINT';
    if (name === 'worker' && died) setTimeout(() => !stopping && run(name, script, extraEnv), 500);
    else void stop(died ? 1 : 0);
  });
  return child;
}

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  const exits = [...children.values()].map((child) => new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  }));
  await Promise.all(exits);
  process.exit(code);
}
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());

run('api', 'api.js', { PORT: port, OTEL_SERVICE_NAME: env.OTEL_SERVICE_NAME ?? 'autonomos' });
const workerMetricsPort = env.WORKER_METRICS_PORT ?? '9465';
run('worker', 'worker.js', {
  OTEL_SERVICE_NAME: env.WORKER_SERVICE_NAME ?? 'autonomos-worker',
  OTEL_EXPORTER_PROMETHEUS_PORT: workerMetricsPort,
});

if (args.traffic !== undefined) {
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while ((await fetch(`${base}/health`).then((r) => r.status, () => 0)) !== 200) {
    if (Date.now() > deadline) {
      console.error(`job-platform: the API did not answer on ${base}/health within 30 s`);
      await stop(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const traffic = spawn(process.execPath, [join(here, 'traffic.mjs'), '--seconds', args.traffic, '--url', base], { stdio: 'inherit' });
  traffic.on('exit', (code) => {
    void summary(base, `http://127.0.0.1:${workerMetricsPort}`).finally(() => stop(code ?? 1));
  });
}

// What the runbook's alerts read, as both processes serve it after the traffic.
async function summary(api, worker) {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const WATCHED = /^autonomos_(jobs_total|queue_depth|semaphore_active_jobs|semaphore_leaked_slots|worker_crashes_total|db_connections|redis_memory_bytes)\{/;
  console.log('\njob-platform: what the runbook\'s alerts read now');
  for (const [name, url] of [['api', api], ['worker', worker]]) {
    const text = await fetch(`${url}/metrics`).then((r) => r.text(), (error) => `# ${error.message}`);
    const families = new Set(text.split('\n').filter((l) => l.startsWith('autonomos_')).map((l) => l.replace(/(_bucket|_sum|_count)?\{.*$/, '')));
    console.log(`  ${name} (${url}/metrics): ${[...families].sort().join(', ')}`);
    for (const line of text.split('\n').filter((l) => WATCHED.test(l))) console.log(`    ${line.replace(/,?otel_scope_[a-z]+="[^"]*"/g, '').replace('{}', '')}`);
  }
}
