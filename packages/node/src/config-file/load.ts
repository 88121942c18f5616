/**
 * Read, validate and translate a declarative configuration file. Upstream's parser
 * (@opentelemetry/configuration: YAML, `${VAR:-default}` substitution, the file_format 1.x JSON
 * schema) is loaded here, on first use, so a process without OTEL_CONFIG_FILE never pays for it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Upstream from '@opentelemetry/configuration';
import type * as Yaml from 'yaml';
import { translateConfigModel, type OtelkitFileTranslation } from './to-env.js';

/** A file that could be used (`problems`: fields otelkit cannot honour), or why it could not. */
export type OtelkitConfigFileResult =
  | ({ readonly ok: true; readonly file: string } & OtelkitFileTranslation)
  | { readonly ok: false; readonly file: string; readonly problems: readonly string[] };

// `require` is not defined in the ESM build, and the CJS bundle must not inline these packages.
const load = <T>(id: string): T => createRequire(__filename)(id) as T;

/** `/tracer_provider/processors/0` → `tracer_provider.processors[0]`. */
function fieldOf(pointer: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.reduce((out, p) => (/^\d+$/.test(p) ? `${out}[${p}]` : out === '' ? p : `${out}.${p}`), '') || '(top level)';
}

/** Upstream's message lists schema errors as `<pointer> <message>` lines after the file name. */
function schemaProblems(message: string, file: string): string[] {
  const body = message.replace(/^Invalid OpenTelemetry config file: /, '').replace(`${file}: `, '');
  const lines = body.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.map((line) => {
    const m = /^(\/\S*)? ?(.*)$/.exec(line);
    return m?.[1] === undefined ? line : `${fieldOf(m[1])}: ${m[2]}`;
  });
}

/** Parse and check `file`, then translate it to otelkit's variables. Never throws. */
export function readConfigFile(file: string): OtelkitConfigFileResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, file, problems: [`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`] };
  }
  try {
    // Upstream takes a YAML syntax error for an empty document; say where the syntax breaks instead.
    const yaml = load<typeof Yaml>('yaml');
    const doc = yaml.parseDocument(text, { version: '1.2' });
    const syntax = doc.errors[0];
    if (syntax !== undefined) return { ok: false, file, problems: [`YAML syntax error: ${syntax.message.split('\n')[0]}`] };
    const upstream = load<typeof Upstream>('@opentelemetry/configuration');
    const model = upstream.parseConfigFile(file);
    return { ok: true, file, ...translateConfigModel(model) };
  } catch (error) {
    return { ok: false, file, problems: schemaProblems((error as Error).message, file) };
  }
}
