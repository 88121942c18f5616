/** The doctor's report as text for a terminal: one line per check, ✓ ✗ ! or - in front. */
import type { CheckStatus, ConfigValue, DoctorReport } from './report.js';

const MARKS: Record<CheckStatus, string> = { ok: '✓', fail: '✗', warn: '!', skip: '-' };
const SECTIONS: readonly [string, string][] = [
  ['environment', 'Environment variables'],
  ['otlp', 'OTLP endpoints (an empty export per signal)'],
  ['ports', 'Ports'],
  ['node', 'Node.js'],
  ['app', 'Running app'],
];

function show(value: unknown): string {
  if (value === undefined) return '(unset)';
  if (typeof value === 'string') return value === '' ? '(empty: off)' : value;
  return JSON.stringify(value);
}

function configLines(values: readonly ConfigValue[], all: boolean): string[] {
  const shown = all ? values : values.filter((v) => v.source !== 'default');
  const width = Math.max(0, ...shown.map((v) => v.name.length));
  const lines = shown.map((v) => `  ${v.name.padEnd(width)}  ${show(v.value)}  [${v.source}]`);
  const hidden = values.length - shown.length;
  if (hidden > 0) lines.push(`  (${hidden} more at their defaults; --all lists them)`);
  if (shown.length === 0 && hidden === 0) lines.push('  (none)');
  return lines;
}

export function renderReport(report: DoctorReport, all: boolean): string {
  const out: string[] = [`otelkit doctor ${report.otelkitVersion} on Node.js ${report.node}`, ''];
  out.push('Configuration from this environment (value [source]):', ...configLines(report.config, all), '');
  if (report.app !== undefined) {
    out.push(`Configuration of the running app at ${report.app.url} (value [source]):`, ...configLines(report.app.config, true), '');
  }
  for (const [section, title] of SECTIONS) {
    const checks = report.checks.filter((c) => c.section === section);
    if (checks.length === 0 && section !== 'environment') continue;
    out.push(`${title}:`);
    if (checks.length === 0) out.push('  ✓ no unknown variable names, no invalid values');
    for (const check of checks) {
      out.push(`  ${MARKS[check.status]} ${check.message}`);
      if (check.fix !== undefined) out.push(`      → ${check.fix}`);
    }
    out.push('');
  }
  out.push(report.problems === 0 ? 'No problems found.' : `${report.problems} problem${report.problems === 1 ? '' : 's'} found.`);
  return `${out.join('\n')}\n`;
}
