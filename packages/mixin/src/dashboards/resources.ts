/**
 * Pools and semaphores: connection pools (by state, waiting callers, utilization), semaphores (held
 * slots against the limit, leaked slots, rejections, hold times), and the caches and rate limiters
 * that guard the same resources.
 */
import type { MixinContext } from '../context.js';
import { OtelkitDashboard, labelNames, metricNames, selectors } from './panels.js';

export function resourcesDashboard(c: MixinContext): OtelkitDashboard {
  const s = selectors(c);
  const m = metricNames(c, {
    held: 'semaphore.active_slots',
    limit: 'semaphore.limit',
    leaked: 'semaphore.leaked_slots',
    acquisitions: 'semaphore.acquisitions',
    hold: 'semaphore.hold.duration',
    connections: 'pool.connections',
    connectionsMax: 'pool.connections.max',
    pending: 'pool.pending_requests',
    utilization: 'pool.utilization',
    cacheRequests: 'cache.requests',
    limiterRequests: 'rate_limit.requests',
    limiterUsed: 'rate_limit.utilization',
    limiterQueued: 'rate_limit.queue.depth',
  });
  const { held, limit, leaked, acquisitions, hold, connections, cacheRequests, limiterRequests } = m;
  const { sem, outcome } = labelNames(c, 'semaphore.acquisitions', { sem: 'semaphore.name', outcome: 'semaphore.outcome' });
  const { pool, state } = labelNames(c, 'pool.connections', { pool: 'pool.name', state: 'pool.state' });
  const { cache, cacheResult } = labelNames(c, 'cache.requests', { cache: 'cache.name', cacheResult: 'cache.result' });
  const { limiter, limiterOutcome } = labelNames(c, 'rate_limit.requests', { limiter: 'rate_limit.name', limiterOutcome: 'rate_limit.outcome' });
  const d = new OtelkitDashboard('otelkit-resources', 'otelkit / Pools and semaphores', 'Connection pools, semaphores (with leaked slots), caches and rate limiters.');

  d.row('Semaphores')
    .stat({ title: 'Leaked slots', description: 'Slots counted as held with no live holder, or held longer than the bound. Above 0 is a leak.', unit: 'short', queries: [{ expr: `sum(${s.series(leaked)})` }] })
    .stat({ title: 'Slots held', description: 'Semaphore slots held right now, all semaphores.', unit: 'short', queries: [{ expr: `sum(${s.series(held)})` }] })
    .stat({ title: 'Rejected acquisitions', description: 'Acquire attempts turned down per second.', unit: 'ops', queries: [{ expr: `sum(${s.rate(acquisitions, `${outcome}="${c.value('semaphore.acquisitions', 'semaphore.outcome', 'rejected')}"`)})` }] })
    .stat({ title: 'Pool utilization (max)', description: 'The busiest pool\'s used connections as a share of its maximum.', unit: 'percentunit', queries: [{ expr: `max(${s.series(m.utilization)})` }] })
    .timeseries({
      title: 'Slots held and limit',
      description: 'Slots counted as held against the limit, per semaphore.',
      unit: 'short',
      min: 0,
      queries: [
        { expr: `sum by (${sem}) (${s.series(held)})`, legend: `held {{${sem}}}` },
        { expr: `max by (${sem}) (${s.series(limit)})`, legend: `limit {{${sem}}}` },
      ],
    })
    .timeseries({ title: 'Leaked slots', description: 'Leaked slots per semaphore: held with no live holder (a holder that never released), or past the hold bound.', unit: 'short', min: 0, queries: [{ expr: `sum by (${sem}) (${s.series(leaked)})`, legend: `{{${sem}}}` }] })
    .timeseries({ title: 'Acquisitions by outcome', description: 'Acquire attempts per second, acquired or rejected.', unit: 'ops', queries: [{ expr: `sum by (${sem}, ${outcome}) (${s.rate(acquisitions)})`, legend: `{{${sem}}} {{${outcome}}}` }] })
    .timeseries({ title: 'Hold time p95', description: '95th percentile of how long released slots were held.', unit: 's', queries: [{ expr: s.quantile(0.95, hold, [sem]), legend: `{{${sem}}}`, exemplar: true }] });

  d.row('Connection pools')
    .timeseries({ title: 'Connections by state', description: 'Connections in each pool, used and idle.', unit: 'short', stack: true, queries: [{ expr: `sum by (${pool}, ${state}) (${s.series(connections)})`, legend: `{{${pool}}} {{${state}}}` }] })
    .timeseries({
      title: 'Utilization',
      description: 'Used connections as a share of each pool\'s maximum.',
      unit: 'percentunit',
      min: 0,
      max: 1,
      queries: [
        { expr: `max by (${pool}) (${s.series(m.utilization)})`, legend: `{{${pool}}}` },
      ],
    })
    .timeseries({ title: 'Callers waiting', description: 'Callers waiting for a connection, per pool: above 0 the pool is exhausted.', unit: 'short', min: 0, queries: [{ expr: `sum by (${pool}) (${s.series(m.pending)})`, legend: `{{${pool}}}` }] })
    .timeseries({ title: 'Pool size limit', description: 'Most connections each pool allows.', unit: 'short', min: 0, queries: [{ expr: `max by (${pool}) (${s.series(m.connectionsMax)})`, legend: `{{${pool}}}` }] });

  d.row('Caches and rate limits')
    .timeseries({
      title: 'Cache hit ratio',
      description: 'Share of cache lookups that hit.',
      unit: 'percentunit',
      min: 0,
      max: 1,
      queries: [{ expr: `sum by (${cache}) (${s.rate(cacheRequests, `${cacheResult}="${c.value('cache.requests', 'cache.result', 'hit')}"`)}) / sum by (${cache}) (${s.rate(cacheRequests)})`, legend: `{{${cache}}}` }],
    })
    .timeseries({ title: 'Cache lookups', description: 'Cache lookups per second, by result.', unit: 'ops', queries: [{ expr: `sum by (${cache}, ${cacheResult}) (${s.rate(cacheRequests)})`, legend: `{{${cache}}} {{${cacheResult}}}` }] })
    .timeseries({ title: 'Rate limiter decisions', description: 'Requests checked per second, allowed or rejected.', unit: 'reqps', queries: [{ expr: `sum by (${limiter}, ${limiterOutcome}) (${s.rate(limiterRequests)})`, legend: `{{${limiter}}} {{${limiterOutcome}}}` }] })
    .timeseries({ title: 'Rate limit used', description: 'Share of each limit used in the current window.', unit: 'percentunit', min: 0, queries: [{ expr: `max by (${limiter}) (${s.series(m.limiterUsed)})`, legend: `{{${limiter}}}` }] })
    .timeseries({ title: 'Waiting for a rate limit', description: 'Requests queued by each limiter that queues instead of rejecting.', unit: 'short', min: 0, queries: [{ expr: `sum by (${limiter}) (${s.series(m.limiterQueued)})`, legend: `{{${limiter}}}` }] });
  return d;
}
