/** Renders the environment table as docs/configuration.md. */
import { OTELKIT_ENV_DEFINITIONS, type OtelkitEnvDefinition } from './definitions.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function formatDefault(def: OtelkitEnvDefinition): string {
  const d = def.default;
  if (d === undefined) return '–';
  if (Array.isArray(d)) return `\`${d.join(',')}\``;
  return `\`${String(d)}\``;
}

function formatType(def: OtelkitEnvDefinition): string {
  const bounds = def.min !== undefined ? ` (${def.min}–${def.max})` : '';
  const allowed = def.allowedValues ? `: ${def.allowedValues.map((v) => `\`${v}\``).join(', ')}` : '';
  return `${def.type}${bounds}${allowed}`;
}

/** Ends the generated part of docs/configuration.md; what follows it is written by hand and kept. */
export const ENV_MARKDOWN_END = '<!-- End of the generated part. What follows is written by hand; `npm run docs` keeps it. -->';

/** The generated part of docs/configuration.md, up to and including {@link ENV_MARKDOWN_END}. */
export function renderEnvMarkdown(): string {
  const lines: string[] = [
    '# Configuration',
    '',
    '<!-- Generated from packages/core/src/env/definitions.ts by `npm run docs`. Do not edit by hand. -->',
    '',
    'Precedence: options passed to `start()`, then these environment variables, then the defaults below.',
    'When `OTEL_CONFIG_FILE` names a configuration file, the file takes the place of the `OTEL_*` variables',
    '(see "Configuration file" at the end).',
    'Empty or blank values mean "unset" unless a row says otherwise. An invalid value prints one warning that',
    'names the variable and the value, and the default is used; otelkit never throws over configuration.',
    'A set `OTEL_*` or `OTELKIT_*` variable whose name nothing reads, but which is a typo away from a known one',
    '(`OTEL_EXPORTER_OTLP_ENDPONT`), also gets one warning at startup, with the name it most likely meant; every',
    'unknown `OTELKIT_*` name does. `npx otelkit doctor` lists these and checks the endpoints and ports.',
    '',
  ];
  let section = '';
  for (const def of OTELKIT_ENV_DEFINITIONS) {
    if (def.section !== section) {
      section = def.section;
      lines.push(`## ${section}`, '', '| Variable | Type | Default | Description |', '|---|---|---|---|');
    }
    lines.push(`| \`${def.name}\` | ${cell(formatType(def))} | ${cell(formatDefault(def))} | ${cell(def.description)} |`);
    const next = OTELKIT_ENV_DEFINITIONS[OTELKIT_ENV_DEFINITIONS.indexOf(def) + 1];
    if (next === undefined || next.section !== section) lines.push('');
  }
  lines.push(ENV_MARKDOWN_END, '');
  return lines.join('\n');
}
