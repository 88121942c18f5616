/**
 * Grafana dashboards. Each dashboard module adds `dashboards/<name>.json` to the output; none are
 * generated yet.
 */
import type { MixinContext } from '../context.js';

/** Dashboard files by path relative to the output directory. */
export function buildDashboards(_context: MixinContext): Map<string, string> {
  return new Map();
}
