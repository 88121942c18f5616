// `npm run traffic -- --seconds N`: tenants using the API, with the failures the runbook's alerts
// watch for: jobs that fail (HighErrorRate), a connector timeout whose error path leaks its
// tenant's semaphore slot (SemaphoreLeakDetected), a job that crashes the worker (WorkerCrashRate),
// slow requests and jobs (HighAPILatency, Jaeger duration>2s) and 5xx answers.
//   --seconds N   how long (default 60)
//   --rate R      requests a second (default 8)
//   --url U       the API (default $BASE_URL, else http://127.0.0.1:$PORT, PORT default 5000)
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '60' }, rate: { type: 'string', default: '8' }, url: { type: 'string' } },
  strict: true,
});
const seconds = Number(values.seconds);
const rate = Number(values.rate);
if (!(seconds > 0) || !(rate > 0)) {
  console.error('usage: traffic.mjs --seconds N [--rate R] [--url http://127.0.0.1:5000]');
  process.exit(2);
}
const base = values.url ?? process.env.BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 5000}`;
const TENANTS = ['tenant-123', 'tenant-456', 'tenant-789'];
const CONNECTORS = ['salesforce', 'hubspot', 'snowflake', 'postgres'];
const pick = (list) => list[Math.floor(Math.random() * list.length)];

const counts = new Map();
const samples = [];
function count(key) {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

async function call(method, path, body, tenant) {
  const headers = { 'content-type': 'application/json' };
  if (tenant !== undefined) headers['x-tenant-id'] = tenant;
  try {
    const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await res.json().catch(() => ({}));
    count(`${method} ${path.split('?')[0]} ${res.status}`);
    if (samples.length < 5 && res.status === 202) samples.push({ path, trace: res.headers.get('x-trace-id'), job: json.job_id });
    return json;
  } catch (error) {
    count(`${method} ${path.split('?')[0]} ${error.cause?.code ?? error.name}`);
    return undefined;
  }
}

const submit = (tenant, simulate) => call('POST', '/api/v1/bulk-mappings', { connector_type: pick(CONNECTORS), mappings: 5 + Math.floor(Math.random() * 40), simulate }, tenant);

// The mix of a busy hour, as a cycle of 20 requests (tenants and connectors drawn at random), so even a
// short run has each case: 13 bulk mappings (2 fail validation, 1 runs over 2 s), 2 DCL rebuilds (every
// third one slow), 3 mapping reads (one over 2 s), one read answered 500, and a request without a
// tenant (400) or a health check.
const CYCLE = ['ok', 'ok', 'read', 'ok', 'fail', 'ok', 'dcl', 'ok', 'read-slow', 'ok', 'ok', 'broken', 'ok', 'fail', 'read', 'ok', 'dcl', 'slow', 'ok', 'other'];
let dcl = 0;
function oneRequest(i) {
  const tenant = pick(TENANTS);
  switch (CYCLE[i % CYCLE.length]) {
    case 'fail':
      return submit(tenant, 'fail');
    case 'slow':
      return submit(tenant, 'slow');
    case 'dcl':
      return call('POST', '/api/v1/dcl/rebuild', { simulate: ++dcl % 3 === 0 ? 'slow' : undefined }, tenant);
    case 'read':
      return call('GET', `/api/v1/mappings?tenant_id=${tenant}`, undefined, tenant);
    case 'read-slow':
      return call('GET', `/api/v1/mappings?tenant_id=${tenant}&slow=1`, undefined, tenant);
    case 'broken':
      return call('GET', `/api/v1/mappings?tenant_id=${tenant}&broken=1`, undefined, tenant);
    case 'other':
      return i % 40 === 19 ? call('POST', '/api/v1/bulk-mappings', { mappings: 3 }) : call('GET', '/health');
    default:
      return submit(tenant);
  }
}

// The incidents, at fixed points of the run so a short run has each of them.
const incidents = [
  { at: 0.15, what: 'semaphore leak (tenant-789)', run: () => submit('tenant-789', 'leak') },
  { at: 0.3, what: 'worker crash (tenant-456)', run: () => submit('tenant-456', 'crash') },
  { at: 0.6, what: 'semaphore leak (tenant-789)', run: () => submit('tenant-789', 'leak') },
];

const started = Date.now();
const end = started + seconds * 1000;
const inflight = new Set();
let sent = 0;
console.log(`traffic: ${rate} requests/s for ${seconds} s against ${base}`);
while (Date.now() < end) {
  const progress = (Date.now() - started) / (seconds * 1000);
  while (incidents.length > 0 && incidents[0].at <= progress) {
    const incident = incidents.shift();
    console.log(`traffic: ${incident.what}`);
    const p = incident.run();
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  }
  const p = oneRequest(sent);
  inflight.add(p);
  void p.finally(() => inflight.delete(p));
  sent++;
  const next = started + (sent * 1000) / rate;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
}
await Promise.allSettled([...inflight]);

console.log(`traffic: ${sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const [key, n] of [...counts].sort()) console.log(`  ${String(n).padStart(5)}  ${key}`);
for (const s of samples) console.log(`  job ${s.job}  X-Trace-ID ${s.trace}`);
