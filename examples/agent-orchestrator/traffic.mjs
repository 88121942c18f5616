#!/usr/bin/env node
// Drives the orchestrator with a realistic mix of tasks for --seconds N (default 60):
// feature, bugfix, review and docs tasks at --rate per second (default 20), a background of agent
// failures (2 %) and slow agents (2 %), and every --incident-every seconds (default 30) an incident of
// 10 s where a quarter of the tasks fail and a tenth run slow: the failure rate and latency the
// runbook's alerts watch for. It also reads tasks back, lists agents and polls the health endpoints,
// as a dashboard and a load balancer would.
//   npm run traffic -w examples/agent-orchestrator -- --seconds 60 [--url http://127.0.0.1:5001] [--rate 20]
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    url: { type: 'string', default: process.env.BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 5001}` },
    rate: { type: 'string', default: '20' },
    'incident-every': { type: 'string', default: '30' },
  },
});
const seconds = Number(values.seconds);
const rate = Number(values.rate);
const incidentEvery = Number(values['incident-every']);
const base = values.url.replace(/\/$/, '');
if (!(seconds > 0) || !(rate > 0) || !(incidentEvery > 0)) {
  console.error('usage: traffic.mjs --seconds N [--url URL] [--rate R] [--incident-every S]');
  process.exit(2);
}

const MIX = [
  ['feature', 0.4, ['architect', 'developer', 'reviewer']],
  ['bugfix', 0.3, ['developer', 'tester']],
  ['review', 0.2, ['reviewer']],
  ['docs', 0.1, ['writer']],
];
const pick = (items) => items[Math.floor(Math.random() * items.length)];
function taskType() {
  let r = Math.random();
  for (const entry of MIX) if ((r -= entry[1]) <= 0) return entry;
  return MIX[0];
}

const counts = { requests: 0, byStatus: {}, errors: 0 };
const taskIds = [];
const count = (status) => (counts.byStatus[status] = (counts.byStatus[status] ?? 0) + 1);

async function call(method, path, body) {
  counts.requests++;
  try {
    const res = await fetch(`${base}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
    count(res.status);
    const text = await res.text();
    return { status: res.status, text };
  } catch {
    counts.errors++;
    return undefined;
  }
}

async function oneTask(incident) {
  const [type, , agents] = taskType();
  const body = { type };
  if (Math.random() < (incident ? 0.25 : 0.02)) body.fail_agent = pick(agents);
  if (Math.random() < (incident ? 0.1 : 0.02)) body.slow_ms = 1500 + Math.floor(Math.random() * 1500);
  const res = await call('POST', '/tasks', body);
  if (res !== undefined && res.text.startsWith('{')) {
    const id = JSON.parse(res.text).task_id;
    if (id !== undefined && taskIds.push(id) > 1000) taskIds.shift();
  }
}

const started = Date.now();
const end = started + seconds * 1000;
const inFlight = new Set();
let tick = 0;
console.log(`traffic: ${rate} tasks/s against ${base} for ${seconds} s, an incident every ${incidentEvery} s`);
while (Date.now() < end) {
  const elapsed = (Date.now() - started) / 1000;
  const incident = elapsed % incidentEvery >= incidentEvery - 10;
  const work = [oneTask(incident)];
  tick++;
  if (tick % 5 === 0 && taskIds.length > 0) work.push(call('GET', `/tasks/${pick(taskIds)}`));
  if (tick % 10 === 0) work.push(call('GET', '/agents'));
  if (tick % Math.max(1, Math.round(rate)) === 0) work.push(call('GET', '/health'), call('GET', '/ready'), call('GET', '/status'));
  for (const p of work) {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }
  await sleep(1000 / rate);
}
await Promise.allSettled([...inFlight]);
console.log(JSON.stringify({ seconds, requests: counts.requests, by_status: counts.byStatus, connection_errors: counts.errors }));
