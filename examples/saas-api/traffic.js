// Drives realistic load against a running saas-api, failures included:
//   npm run traffic -w examples/saas-api -- --seconds 60 [--rate 20]
// Three tenants' users register (some twice: 409 and a db_errors_total point), log in, create and list
// artifacts, look up missing ones (404), buy subscriptions and build usage reports; about one report
// in eight asks for a year, runs into the statement timeout and answers 503 (the 5xx the runbook's
// HighErrorRate alert watches, with the slow requests HighLatency watches). Target: BASE_URL, else
// http://127.0.0.1:$PORT (default 8000). Prints a summary line of JSON at the end.
'use strict';
const { parseArgs } = require('node:util');

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '30' }, rate: { type: 'string', default: '20' } } });
const seconds = Number(values.seconds);
const rate = Number(values.rate);
if (!(seconds > 0) || !(rate > 0)) {
  console.error('usage: traffic.js --seconds <n> [--rate <requests per second>]');
  process.exit(2);
}
const base = process.env.BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8000}`;
const TENANTS = ['acme', 'globex', 'initech'];
const PLANS = ['starter', 'team', 'enterprise'];
const run = `${Date.now().toString(36)}-${process.pid}`;
const byStatus = {};
let requests = 0;
let failures = 0;
const artifacts = [];

const pick = (list) => list[Math.floor(Math.random() * list.length)];

async function call(method, path, tenant, user, body) {
  requests++;
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-tenant-id': tenant, 'x-user-id': user, 'x-request-id': `req_${run}_${requests}` },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
    const text = await res.text();
    return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : undefined };
  } catch (error) {
    failures++;
    byStatus[error.name] = (byStatus[error.name] ?? 0) + 1;
    return { status: 0 };
  }
}

/** One user action, chosen with the mix of a working day. */
async function action(i) {
  const tenant = pick(TENANTS);
  const user = `user_${tenant}_${i % 7}`;
  const workspace = `ws_${tenant}_${i % 3}`;
  const roll = Math.random();
  if (roll < 0.08) {
    // A new user; every fifth signs up with an address already taken.
    const email = i % 5 === 0 ? `taken@${tenant}.example` : `u${i}-${run}@${tenant}.example`;
    return call('POST', '/api/auth/register', tenant, user, { email });
  }
  if (roll < 0.16) return call('POST', '/api/auth/login', tenant, user, { email: i % 4 === 0 ? `nobody-${i}@${tenant}.example` : `taken@${tenant}.example` });
  if (roll < 0.40) {
    const r = await call('POST', `/api/workspaces/${workspace}/artifacts`, tenant, user, { name: `widget-${i}`, tags: ['demo', 'widget'] });
    if (r.status === 201) artifacts.push({ tenant, id: r.body.id });
    return r;
  }
  if (roll < 0.70) return call('GET', `/api/workspaces/${workspace}/artifacts`, tenant, user);
  if (roll < 0.82) {
    const known = artifacts.length > 0 && Math.random() < 0.8 ? pick(artifacts) : { tenant, id: String(900_000_000 + i) };
    return call('GET', `/api/artifacts/${known.id}`, known.tenant, user);
  }
  if (roll < 0.88) return call('POST', '/api/billing/subscriptions', tenant, user, { plan: i % 9 === 0 ? 'platinum' : pick(PLANS) });
  return call('GET', `/api/reports/usage?days=${i % 8 === 0 ? 365 : 30}`, tenant, user);
}

async function main() {
  const deadline = Date.now() + seconds * 1000;
  const inFlight = new Set();
  let i = 0;
  // Open loop at `rate` requests per second: slow answers pile up as they would in production.
  while (Date.now() < deadline) {
    const p = action(i++).finally(() => inFlight.delete(p));
    inFlight.add(p);
    await new Promise((resolve) => setTimeout(resolve, 1000 / rate));
  }
  await Promise.allSettled([...inFlight]);
  console.log(JSON.stringify({ target: base, seconds, requests, failures, by_status: byStatus }));
  if (requests > 0 && failures === requests) process.exitCode = 1;
}

void main();
