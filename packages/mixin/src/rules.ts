/** The Prometheus rule-file model the generators fill, and its YAML form. */
import { stringify } from 'yaml';

export type Severity = 'critical' | 'warning' | 'info';

export interface AlertingRule {
  alert: string;
  expr: string;
  for: string;
  labels: { severity: Severity } & Record<string, string>;
  annotations: { summary: string; description: string; runbook_url: string };
}

export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: Array<AlertingRule | RecordingRule>;
}

/** One rule file: a comment saying where it came from, then `groups:`. */
export function renderRuleFile(header: string, groups: readonly RuleGroup[]): string {
  const comment = header.split('\n').map((line) => `# ${line}`.trimEnd()).join('\n');
  return `${comment}\n${stringify({ groups }, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
