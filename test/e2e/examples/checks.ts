/**
 * Checks the runbook examples add to the harness: an example's own dashboard answers in Prometheus,
 * an alert's state, a query's single value, and the shipped rule file agreeing with the runbook.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { parse } from 'yaml';
import type { ExamplePrometheus, RunbookContract } from './harness.js';

/**
 * The queries of a Grafana dashboard file, with its variables filled in as Grafana would for one job
 * (`$__rate_interval` at four 1 s scrapes and more, `$__range` one minute).
 */
export function dashboardQueries(file: string, job: string): Array<{ panel: string; expr: string }> {
  const dashboard = JSON.parse(readFileSync(file, 'utf8')) as { panels: Array<{ title: string; targets?: Array<{ expr: string }> }> };
  return dashboard.panels.flatMap((p) =>
    (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr.replaceAll('$__rate_interval', '10s').replaceAll('$__range', '1m').replaceAll('$job', job) })),
  );
}

/** Every query of the dashboard runs and returns at least one series. */
export async function expectDashboardAnswers(prom: ExamplePrometheus, file: string, job: string): Promise<void> {
  const queries = dashboardQueries(file, job);
  expect(queries.length).toBeGreaterThan(0);
  for (const { panel, expr } of queries) {
    const result = await prom.query(expr);
    expect(result.status, `${panel}: ${expr}: ${result.error ?? ''}`).toBe('success');
    expect(result.data?.result.length, `${panel}: ${expr} returns series`).toBeGreaterThan(0);
  }
}

/** The value of a query that yields one series (NaN when it yields none). */
export async function scalar(prom: ExamplePrometheus, expr: string): Promise<number> {
  return Number((await prom.query(expr)).data?.result[0]?.value?.[1] ?? Number.NaN);
}

/** The state of an alert: `inactive`, `pending` or `firing` (the first instance found). */
export async function alertState(prom: ExamplePrometheus, name: string): Promise<string> {
  const res = (await (await fetch(`${prom.base}/api/v1/alerts`)).json()) as { data: { alerts: Array<{ labels: { alertname: string }; state: string }> } };
  return res.data.alerts.find((a) => a.labels.alertname === name)?.state ?? 'inactive';
}

/** The example's shipped rule file has every alert of the runbook, with the same expression and `for:`. */
export function expectRuleFileMatches(file: string, contract: RunbookContract): void {
  const doc = parse(readFileSync(file, 'utf8')) as { groups: Array<{ rules: Array<{ alert?: string; expr: string; for?: string }> }> };
  const shipped = doc.groups.flatMap((g) => g.rules).filter((r) => r.alert !== undefined).map((r) => ({ alert: r.alert, expr: r.expr, for: r.for }));
  expect(shipped).toEqual(contract.alerts.map((a) => ({ alert: a.alert, expr: a.expr, for: a.for })));
}
