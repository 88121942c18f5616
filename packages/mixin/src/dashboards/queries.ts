/**
 * Reading generated dashboards back: every panel's queries, the same queries with Grafana's
 * variables filled in (so Prometheus can run them), and the metric names a PromQL expression reads.
 * The tests use these to hold the dashboards to what otelkit emits and to run them against a real
 * Prometheus.
 */

export interface DashboardPanelQuery {
  dashboard: string;
  panel: string;
  /** The panel type: `timeseries`, `stat`... */
  type: string;
  /** The panel's unit (`fieldConfig.defaults.unit`), '' when it has none. */
  unit: string;
  refId: string;
  expr: string;
  exemplar: boolean;
}

interface PanelJson {
  type?: string;
  title?: string;
  panels?: PanelJson[];
  fieldConfig?: { defaults?: { unit?: string } };
  targets?: Array<{ expr?: string; refId?: string; exemplar?: boolean }>;
}

/** Every query of every panel (rows included) of a dashboard model. */
export function dashboardQueries(model: Record<string, unknown>): DashboardPanelQuery[] {
  const out: DashboardPanelQuery[] = [];
  const title = String(model['title'] ?? '');
  const visit = (panels: readonly PanelJson[] | undefined): void => {
    for (const panel of panels ?? []) {
      if (panel.type === 'row') {
        visit(panel.panels);
        continue;
      }
      for (const target of panel.targets ?? []) {
        out.push({ dashboard: title, panel: panel.title ?? '', type: panel.type ?? '', unit: panel.fieldConfig?.defaults?.unit ?? '', refId: target.refId ?? '', expr: target.expr ?? '', exemplar: target.exemplar === true });
      }
    }
  };
  visit(model['panels'] as PanelJson[] | undefined);
  return out;
}

export interface QueryVariables {
  /** Replaces `$__rate_interval` (Grafana: at least four scrape intervals). */
  rateInterval: string;
  /** Replaces `$job` and `$instance` (Grafana's "All": the variables' `allValue`). Default `.+`. */
  job?: string;
  instance?: string;
}

/** The query as Grafana sends it, with the dashboard variables substituted. */
export function substituteVariables(expr: string, variables: QueryVariables): string {
  return expr
    .replaceAll('$__rate_interval', variables.rateInterval)
    .replaceAll('$job', variables.job ?? '.+')
    .replaceAll('$instance', variables.instance ?? '.+');
}

// Words that are PromQL syntax, not series names, where an identifier can stand.
const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan']);

/**
 * The series names an expression selects: identifiers that are not functions, keywords, label names
 * in `by (...)`/`on (...)` lists, label matchers, strings or ranges. Recording-rule names (with `:`)
 * are included.
 */
export function promqlMetricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const word = match[0];
    const after = stripped.slice(match.index + word.length);
    if (/^\s*\(/.test(after) || KEYWORDS.has(word.toLowerCase())) continue;
    // A number's exponent (1e3) is not a name.
    if (/[0-9.]$/.test(stripped.slice(0, match.index))) continue;
    names.add(word);
  }
  return [...names];
}
