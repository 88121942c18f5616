// `node bench/cli.mjs <mode> [options] [variant ...]`: the mode, its options and its variants,
// checked before anything starts. Options are node:util's parseArgs (`--name=value` or
// `--name value`); an unknown option or a bad number is an error, not ignored.
import { parseArgs } from 'node:util';
import { parseVariant } from './variants.mjs';

/**
 * A mode's option: `type` number (a positive number), string, list (comma separated, from `choices`
 * when given) or boolean; `default` (a function of the options parsed so far, when it depends on
 * them), `help` for --help.
 * @typedef {{ type: 'number' | 'string' | 'list' | 'boolean', default?: unknown, choices?: string[], help: string }} OptionSpec
 */

/**
 * A mode of the CLI.
 * @typedef {{
 *   name: string, summary: string, options: Record<string, OptionSpec>,
 *   variants: { defaults: string[], min: number } | undefined,
 *   run: (options: Record<string, unknown>, variants: ReturnType<typeof parseVariant>[], context: { sinkUrl: string }) => Promise<void>,
 * }} Mode
 */

export class UsageError extends Error {}

function convert(name, spec, raw) {
  if (spec.type === 'number') {
    const n = Number(raw);
    if (raw === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} needs a positive number, not "${raw}"`);
    return n;
  }
  if (spec.type === 'list') {
    const items = raw.split(',').filter(Boolean);
    const unknown = spec.choices ? items.filter((x) => !spec.choices.includes(x)) : [];
    if (items.length === 0 || unknown.length) throw new UsageError(`--${name}: ${unknown.length ? `unknown ${unknown.join(', ')}; ` : ''}one or more of ${spec.choices?.join(', ')}`);
    return items;
  }
  return raw;
}

/**
 * Parse the arguments after `cli.mjs`. Returns `{ help: true, mode? }` for --help, else the mode,
 * its options (defaults applied) and its variants. Throws UsageError for anything it can't run.
 * @param {string[]} argv
 * @param {Record<string, Mode>} modes
 */
export function parseCommandLine(argv, modes) {
  const [modeName, ...rest] = argv;
  if (modeName === undefined || modeName === '--help' || modeName === '-h') return { help: true };
  const mode = modes[modeName];
  if (mode === undefined) throw new UsageError(`unknown mode "${modeName}"; one of ${Object.keys(modes).join(', ')}`);
  const config = { help: { type: 'boolean', short: 'h' } };
  for (const [name, spec] of Object.entries(mode.options)) config[name] = { type: spec.type === 'boolean' ? 'boolean' : 'string' };
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: config, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${modeName}: ${error.message}`);
  }
  if (parsed.values.help) return { help: true, mode };
  const options = {};
  for (const [name, spec] of Object.entries(mode.options)) {
    const raw = parsed.values[name];
    if (raw !== undefined) options[name] = convert(name, spec, raw);
    else options[name] = typeof spec.default === 'function' ? spec.default(options) : spec.default;
  }
  const names = parsed.positionals;
  if (mode.variants === undefined) {
    if (names.length) throw new UsageError(`${modeName} takes no variants (given: ${names.join(' ')})`);
    return { mode, options, variants: [] };
  }
  const specs = names.length ? names : mode.variants.defaults;
  if (specs.length < mode.variants.min) throw new UsageError(`${modeName} needs ${mode.variants.min} or more variants`);
  let variants;
  try {
    variants = specs.map(parseVariant);
  } catch (error) {
    throw new UsageError(error.message);
  }
  const seen = new Set();
  for (const v of variants) {
    if (seen.has(v.name)) throw new UsageError(`variant "${v.name}" given twice; label one (${v.name}:b)`);
    seen.add(v.name);
  }
  return { mode, options, variants };
}

const VARIANTS_HELP = `Variants: baseline, otelkit, upstream, otelkit-sampled (parent-based ratio 0.01); a ":label"
suffix tells two of one kind apart; "=VAR=value,..." adds environment variables, and ARGS=...
in that list node flags (space separated), e.g. "old=ARGS=--require /path/to/register.cjs".`;

/** --help text: the modes, or one mode's options. */
export function helpText(modes, mode) {
  if (mode === undefined) {
    return [
      'Usage: node bench/cli.mjs <mode> [options] [variant ...]',
      '',
      ...Object.values(modes).map((m) => `  ${m.name.padEnd(10)} ${m.summary}`),
      '',
      'node bench/cli.mjs <mode> --help lists the options of a mode.',
      '',
      VARIANTS_HELP,
    ].join('\n');
  }
  const line = (name, spec) => {
    const arg = spec.type === 'boolean' ? `--${name}` : `--${name}=${spec.type === 'list' ? 'a,b' : spec.type === 'number' ? 'N' : 'X'}`;
    const def = typeof spec.default === 'function' || spec.default === undefined || spec.default === false ? '' : ` (default ${spec.default})`;
    return `  ${arg.padEnd(16)} ${spec.help}${def}`;
  };
  return [
    `Usage: node bench/cli.mjs ${mode.name} [options]${mode.variants ? ' [variant ...]' : ''}`,
    '',
    mode.summary,
    '',
    ...Object.entries(mode.options).map(([name, spec]) => line(name, spec)),
    ...(mode.variants ? ['', `Default variants: ${mode.variants.defaults.join(' ') || `none, give ${mode.variants.min} or more`}.`, '', VARIANTS_HELP] : []),
  ].join('\n');
}
