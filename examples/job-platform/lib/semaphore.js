// The runbook's per-tenant job semaphore: a Redis counter per tenant (`job:semaphore:tenant:<id>`),
// taken before a job runs and given back after. A worker that dies while holding a slot, or a code
// path that forgets to give it back, leaves the counter up with no job behind it: a leak, which
// `@otelkit/metrics` reports by comparing the Redis counter with the slots this worker really holds.
'use strict';
const { trackSemaphore } = require('@otelkit/metrics');
const { settings, semaphoreKey } = require('./config');

// INCR only below the limit, so a full tenant is turned away without a window where it is over.
const ACQUIRE = `local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then return -1 end
return redis.call('INCR', KEYS[1])`;
// Never below zero: a release after a manual reset must not make room that is not there.
const RELEASE = `local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n <= 0 then return 0 end
return redis.call('DECR', KEYS[1])`;

/**
 * Per-tenant semaphores on `redis`. `acquire(tenant)` resolves to a slot (`release()` gives it back)
 * or undefined when the tenant already runs `limit` jobs. `tenants()` lists the tenants to report.
 */
function tenantSemaphores(redis, tenants, limit = settings.semaphoreLimit) {
  redis.defineCommand('semAcquire', { numberOfKeys: 1, lua: ACQUIRE });
  redis.defineCommand('semRelease', { numberOfKeys: 1, lua: RELEASE });
  // One instrument for all tenants: at each collection it reads every tenant's Redis counter and
  // compares it with the slots this worker holds for that tenant.
  const sem = trackSemaphore({
    name: 'jobs',
    limit,
    tenantLabel: true,
    counted: async () => {
      const ids = await tenants();
      const counts = ids.length === 0 ? [] : await redis.mget(ids.map(semaphoreKey));
      return Object.fromEntries(ids.map((id, i) => [id, Number(counts[i] ?? 0)]));
    },
  });

  return {
    async acquire(tenant) {
      if ((await redis.semAcquire(semaphoreKey(tenant), limit)) < 0) {
        sem.reject({ tenant });
        return undefined;
      }
      // Recorded as held right after the INCR's reply; a collection's MGET on the same connection is
      // answered after that reply, so it never sees the slot counted without its holder.
      const held = sem.acquire({ tenant });
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          try {
            await redis.semRelease(semaphoreKey(tenant));
          } finally {
            held.release();
          }
        },
        /** The bug the runbook's leak alert exists for: the job ends, the Redis slot is never given back. */
        abandon() {
          released = true;
          held.release();
        },
      };
    },
  };
}

module.exports = { tenantSemaphores };
