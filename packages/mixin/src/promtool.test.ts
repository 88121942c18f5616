import { join } from 'node:path';
import type { OtelkitMetricsProfile } from '@otelkit/core';
import { describe, expect, it } from 'vitest';
import { SCENARIO_SLO, alertScenarios, sloScenarios, type Scenario } from './alert-scenarios.test-support.js';
import { createContext } from './context.js';
import { PATHS } from './examples.js';
import { generateMixin } from './generate.js';
import type { MixinOptions } from './options.js';
import { alertingRules, ruleGroups, ruleTestFile, run, toolAvailable, writeTemp } from './promtool.test-support.js';

const PROFILES: readonly OtelkitMetricsProfile[] = ['semconv', 'prometheus-classic'];
const hasPromtool = toolAvailable('promtool');
const hasAmtool = toolAvailable('amtool');
const ruleFiles = (files: ReadonlyMap<string, string>) => [...files.keys()].filter((p) => p.startsWith('prometheus/rules/'));

/** Generate, write, add a rule test file for the scenarios, run `promtool test rules`. */
function testRules(options: MixinOptions, scenarios: readonly Scenario[]) {
  const { files } = generateMixin(options);
  const rules = ruleFiles(files).flatMap((p) => alertingRules(files.get(p)!));
  // Recordings before the alerts that read them, as the files list them.
  const order = ruleFiles(files).flatMap((p) => ruleGroups(files.get(p)!).map((g) => g.name));
  const test = ruleTestFile(ruleFiles(files).map((p) => p.slice('prometheus/'.length)), order, scenarios, rules);
  const { dir, cleanup } = writeTemp(new Map([...files, ['prometheus/rules.test.yaml', test]]));
  try {
    return { rules, result: run('promtool', ['test', 'rules', 'rules.test.yaml'], join(dir, 'prometheus')) };
  } finally {
    cleanup();
  }
}

describe.skipIf(!hasPromtool)('generated rules and configs under promtool (skipped when promtool is not installed; .ci/run installs it)', () => {
  for (const profile of PROFILES) {
    for (const slo of [undefined, SCENARIO_SLO, { ...SCENARIO_SLO, period: '28d' }]) {
      it(`${profile}${slo === undefined ? '' : `, SLO over ${slo.period ?? '30d'}`}: check rules --lint=all --lint-fatal and check config pass`, () => {
        const { files } = generateMixin({ profile, ...(slo === undefined ? {} : { slo }) });
        expect(ruleFiles(files)).toHaveLength(slo === undefined ? 1 : 2);
        const { dir, cleanup } = writeTemp(files);
        try {
          for (const path of ruleFiles(files)) {
            const lint = run('promtool', ['check', 'rules', '--lint=all', '--lint-fatal', join(dir, path)]);
            expect(lint.output).toContain('SUCCESS');
            expect(lint.status, lint.output).toBe(0);
          }
          const config = run('promtool', ['check', 'config', join(dir, PATHS.prometheusConfig)]);
          expect(config.status, config.output).toBe(0);
          // check config also reads every rule file the config names: they must be found.
          for (const path of ruleFiles(files)) expect(config.output).toContain(path.slice('prometheus/'.length));
        } finally {
          cleanup();
        }
      });
    }

    it(`${profile}: every alert fires when it should and stays silent when it should not (promtool test rules)`, () => {
      const ctx = createContext({ profile, slo: SCENARIO_SLO });
      const scenarios = [...alertScenarios(ctx), ...sloScenarios(ctx)];
      const { rules, result } = testRules({ profile, slo: SCENARIO_SLO }, scenarios);
      expect(result.status, result.output).toBe(0);
      expect(result.output).toContain('SUCCESS');
      const checks = scenarios.flatMap((s) => s.checks);
      for (const name of new Set(rules.map((r) => r.alert))) {
        expect(checks.some((c) => c.alert === name && c.expect.length > 0), `${name} has a firing case`).toBe(true);
        expect(checks.some((c) => c.alert === name && c.expect.length === 0), `${name} has a silent case`).toBe(true);
      }
      // Every burn-rate rule (each severity and window pair) fires in some case.
      for (const rule of rules) {
        const fired = checks.some((c) => c.alert === rule.alert && c.expect.some((e) => e.labels.severity === rule.labels.severity && e.labels.long === rule.labels.long));
        expect(fired, `${rule.alert} ${JSON.stringify(rule.labels)} fires in some case`).toBe(true);
      }
    });
  }

  it('fails a scenario whose expectation is wrong (the harness can fail)', () => {
    const ctx = createContext({});
    const [errorRate] = alertScenarios(ctx);
    const wrong: Scenario = { ...errorRate!, checks: [{ at: '15m', alert: 'OtelkitHttpErrorRateHigh', expect: [] }] };
    const { result } = testRules({}, [wrong]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('OtelkitHttpErrorRateHigh');
  });

  it('honours configured thresholds and for: durations', () => {
    const ctx = createContext({});
    const [tenPercent] = alertScenarios(ctx);
    const input = tenPercent!.input;
    const options: MixinOptions = { thresholds: { httpErrorRatio: 0.2 }, for: { OtelkitJobQueueDepthHigh: '1m' } };
    const depth = ctx.metric('job.queue.depth');
    const scenarios: Scenario[] = [
      { name: '10 % errors under a 20 % threshold', input, checks: [{ at: '15m', alert: 'OtelkitHttpErrorRateHigh', expect: [] }] },
      {
        name: 'queue depth with for: 1m',
        input: [{ series: `${depth}{job="app", instance="a:1", queue_name="q"}`, values: '600x10' }],
        checks: [{ at: '3m', alert: 'OtelkitJobQueueDepthHigh', expect: [{ labels: { job: 'app', queue_name: 'q', severity: 'warning' }, description: 'Queue q of app holds 600 waiting jobs (threshold 500).' }] }],
      },
    ];
    const { result } = testRules(options, scenarios);
    expect(result.status, result.output).toBe(0);
  });
});

describe.skipIf(!hasAmtool)('the Alertmanager example under amtool (skipped when amtool is not installed; .ci/run installs it)', () => {
  it('amtool check-config passes, and routes each severity to its receiver', () => {
    const { files } = generateMixin({});
    const { dir, cleanup } = writeTemp(files);
    try {
      const path = join(dir, PATHS.alertmanagerConfig);
      const check = run('amtool', ['check-config', path]);
      expect(check.status, check.output).toBe(0);
      expect(check.output).toContain('SUCCESS');
      const route = (severity: string) => run('amtool', ['config', 'routes', 'test', `--config.file=${path}`, `severity=${severity}`, 'alertname=OtelkitTargetDown']).stdout.trim();
      expect(route('critical')).toBe('page');
      expect(route('warning')).toBe('ticket');
      expect(route('info')).toBe('null');
    } finally {
      cleanup();
    }
  });
});
