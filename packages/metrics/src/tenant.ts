/**
 * The opt-in tenant label. Tenant ids come from request data, so they are checked before they become
 * an attribute: a string of at most 64 visible characters, otherwise `_invalid`. The SDK's
 * per-instrument cardinality limit is the backstop against too many distinct tenants.
 */
import type { Attributes } from '@opentelemetry/api';
import { warnOnce } from '@otelkit/core';

const TENANT = /^[\x21-\x7e]{1,64}$/;
export const TENANT_ATTRIBUTE = 'tenant.id';

export function tenantValue(owner: string, tenant: unknown): string {
  return labelValue(owner, 'tenant id', tenant);
}

/** An attribute value taken from app data (a tenant id, a job type): checked the same way. */
export function labelValue(owner: string, what: string, value: unknown): string {
  if (typeof value === 'string' && TENANT.test(value)) return value;
  warnOnce(`metrics:${what}:${owner}`, `${owner}: ${what} ${JSON.stringify(String(value)).slice(0, 80)} is not 1-64 visible ASCII characters; recorded as "_invalid".`);
  return '_invalid';
}

/** Attributes for one measurement: the base ones, plus the tenant when the instrument opted in and one was given. */
export function withTenant(owner: string, base: Attributes, enabled: boolean, tenant: unknown): Attributes {
  if (!enabled || tenant === undefined) return base;
  return { ...base, [TENANT_ATTRIBUTE]: tenantValue(owner, tenant) };
}
