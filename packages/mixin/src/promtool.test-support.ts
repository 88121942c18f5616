/**
 * Running the real tools on generated files: write the output to a temporary directory, build a
 * `promtool test rules` file from scenarios, run promtool and amtool. Without the tools the tests
 * skip with the reason in their title, except when REQUIRE_PROMTOOL=1 (set by .ci/run,
 * which installs them): then a missing tool fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { Scenario } from './alert-scenarios.test-support.js';
import type { AlertingRule, RuleGroup } from './rules.js';

function installed(tool: string): boolean {
  return spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
}

const required = process.env.REQUIRE_PROMTOOL === '1';
/** True when the tool runs; false (tests skip) when it is absent and not required. */
export function toolAvailable(tool: 'promtool' | 'amtool'): boolean {
  if (installed(tool)) return true;
  if (required) throw new Error(`${tool} is required (REQUIRE_PROMTOOL=1) but not on PATH`);
  return false;
}

export interface ToolResult {
  status: number | null;
  /** stdout and stderr together, for messages. */
  output: string;
  stdout: string;
}

export function run(tool: string, args: readonly string[], cwd?: string): ToolResult {
  const r = spawnSync(tool, args, { encoding: 'utf8', cwd, timeout: 120_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}`, stdout: r.stdout };
}

/** Write files (relative paths) under a new temporary directory; returns it and a cleanup. */
export function writeTemp(files: ReadonlyMap<string, string>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'otelkit-mixin-'));
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The groups of a rule file's text. */
export function ruleGroups(text: string): RuleGroup[] {
  return (parse(text) as { groups: RuleGroup[] }).groups;
}

/** Every alerting rule of a rule file's text. */
export function alertingRules(text: string): AlertingRule[] {
  return ruleGroups(text).flatMap((g) => g.rules).filter((r): r is AlertingRule => 'alert' in r);
}

/**
 * A `promtool test rules` file: one test per scenario. Summary and runbook_url are static per alert
 * name and taken from the rules; descriptions are the scenarios' own expectations.
 */
export function ruleTestFile(ruleFiles: readonly string[], groupOrder: readonly string[], scenarios: readonly Scenario[], rules: readonly AlertingRule[]): string {
  const byName = new Map(rules.map((r) => [r.alert, r]));
  const tests = scenarios.map((s) => ({
    name: s.name,
    interval: '1m',
    input_series: s.input,
    alert_rule_test: s.checks.map((c) => {
      const rule = byName.get(c.alert);
      if (rule === undefined) throw new Error(`scenario "${s.name}" checks ${c.alert}, which no generated rule defines`);
      return {
        eval_time: c.at,
        alertname: c.alert,
        exp_alerts: c.expect.map((e) => ({
          exp_labels: e.labels,
          exp_annotations: { summary: rule.annotations.summary, description: e.description, runbook_url: rule.annotations.runbook_url },
        })),
      };
    }),
    ...(s.exprChecks === undefined ? {} : { promql_expr_test: s.exprChecks.map((c) => ({ expr: c.expr, eval_time: c.at, exp_samples: c.expect })) }),
  }));
  // Without group_eval_order promtool evaluates groups in map order, which varies between runs: the
  // SLO alerts would sometimes read the recordings of the previous minute.
  return stringify({ rule_files: ruleFiles, evaluation_interval: '1m', group_eval_order: groupOrder, tests }, { lineWidth: 0 });
}
