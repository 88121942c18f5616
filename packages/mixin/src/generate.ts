/** The one entry point: options in, files out. Nothing is written to disk here. */
import { createContext } from './context.js';
import { buildDashboards } from './dashboards/index.js';
import type { MixinOptions, MixinOutput } from './options.js';

/** Generate the mixin's files for a profile (and an SLO, when given). */
export function generateMixin(options: MixinOptions = {}): MixinOutput {
  const context = createContext(options);
  const files = new Map<string, string>();
  for (const [path, content] of buildDashboards(context)) files.set(path, content);
  return { files };
}
