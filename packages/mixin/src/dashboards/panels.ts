/**
 * The building blocks every dashboard shares, on top of `@grafana/grafana-foundation-sdk`: the
 * `$datasource`, `$job` and `$instance` variables, series selectors that always carry the job and
 * instance filters, and time-series and stat panels that cannot be built without a unit.
 */
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { LegendDisplayMode, LegendPlacement, ReduceDataOptionsBuilder, StackingConfigBuilder, StackingMode, VizLegendOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import {
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  RowBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import type { MixinContext } from '../context.js';

/** Every panel and query reads from the data source the user picks. */
export const DATASOURCE: DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

/** The tag every otelkit dashboard carries; the dashboards link to each other through it. */
export const DASHBOARD_TAG = 'otelkit';

/** The range of `rate()`/`increase()` in panels: Grafana picks it from the scrape interval and the zoom. */
export const RATE_INTERVAL = '$__rate_interval';

/**
 * The series the `$job` and `$instance` variables list. `target_info` is the one family every otelkit
 * `/metrics` has (one series per process, with the resource attributes), whatever the profile.
 */
export const TARGET_INFO = 'target_info';

/** One PromQL query of a panel. */
export interface PanelQuery {
  expr: string;
  /** Legend, e.g. `{{http_route}}`. */
  legend?: string;
  /** Ask Grafana for the exemplars of this query (histogram queries: a click opens the trace). */
  exemplar?: boolean;
}

export interface PanelSpec {
  title: string;
  description: string;
  /** A Grafana unit id (`s`, `bytes`, `reqps`, `percentunit`, `short`...). Required: no panel goes without one. */
  unit: string;
  queries: readonly PanelQuery[];
  /** Grid width out of 24 (default 12). */
  width?: number;
  /** Grid height (default 8). */
  height?: number;
  min?: number;
  max?: number;
  /** Stack the series (shares of a whole, such as connections by state). */
  stack?: boolean;
}

/** Series selector helpers bound to one context: `$job`, `$instance` and the user's extra matchers go into every selector. */
export interface Selectors {
  /** `name{job=~"$job",instance=~"$instance",<extra>,<context selector>}`. */
  series(name: string, extra?: string): string;
  /** `rate(<series>[$__rate_interval])`. */
  rate(name: string, extra?: string): string;
  /** `increase(<series>[<range>])`. */
  increase(name: string, range: string, extra?: string): string;
  /** `histogram_quantile(q, sum by (le, <by>) (rate(<name>_bucket...)))`. */
  quantile(q: number, histogram: string, by?: readonly string[], extra?: string): string;
}

export function selectors(context: MixinContext): Selectors {
  const filters = ['job=~"$job"', 'instance=~"$instance"'];
  if (context.selector !== '') filters.push(context.selector);
  const series = (name: string, extra?: string): string => `${name}{${[...filters, ...(extra ? [extra] : [])].join(',')}}`;
  const rate = (name: string, extra?: string): string => `rate(${series(name, extra)}[${RATE_INTERVAL}])`;
  return {
    series,
    rate,
    increase: (name, range, extra) => `increase(${series(name, extra)}[${range}])`,
    quantile: (q, histogram, by = [], extra) => `histogram_quantile(${q}, sum by (${['le', ...by].join(', ')}) (${rate(`${histogram}_bucket`, extra)}))`,
  };
}

/** Prometheus names of catalog instruments, by the keys the dashboard code uses: `metricNames(c, { depth: 'job.queue.depth' })`. */
export function metricNames<K extends string>(c: MixinContext, instruments: Readonly<Record<K, string>>): Record<K, string> {
  return Object.fromEntries(Object.entries<string>(instruments).map(([key, name]) => [key, c.metric(name)])) as Record<K, string>;
}

/** Prometheus label names of one instrument's attributes: `labelNames(c, 'job.processed', { queue: 'queue.name' })`. */
export function labelNames<K extends string>(c: MixinContext, instrument: string, attributes: Readonly<Record<K, string>>): Record<K, string> {
  return Object.fromEntries(Object.entries<string>(attributes).map(([key, attribute]) => [key, c.label(instrument, attribute)])) as Record<K, string>;
}

function applyCommon<T extends StatPanelBuilder | TimeseriesPanelBuilder>(builder: T, spec: PanelSpec, nextId: () => number): T {
  builder
    .id(nextId())
    .title(spec.title)
    .description(spec.description)
    .datasource(DATASOURCE)
    .unit(spec.unit)
    .span(spec.width ?? 12)
    .height(spec.height ?? 8);
  if (spec.min !== undefined) builder.min(spec.min);
  if (spec.max !== undefined) builder.max(spec.max);
  spec.queries.forEach((query, i) => {
    const target = new DataqueryBuilder().datasource(DATASOURCE).refId(String.fromCharCode(65 + i)).expr(query.expr);
    if (query.legend !== undefined) target.legendFormat(query.legend);
    if (query.exemplar === true) target.exemplar(true);
    builder.withTarget(target);
  });
  return builder;
}

/** A dashboard under construction: panels get ids in order, rows group them. */
export class OtelkitDashboard {
  private readonly builder: DashboardBuilder;
  private id = 0;
  private readonly nextId = (): number => ++this.id;

  constructor(uid: string, title: string, description: string) {
    this.builder = new DashboardBuilder(title)
      .uid(uid)
      .description(description)
      .tags([DASHBOARD_TAG])
      .editable()
      .tooltip(DashboardCursorSync.Crosshair)
      .refresh('30s')
      .time({ from: 'now-1h', to: 'now' })
      .timezone('browser')
      .link(new DashboardLinkBuilder('otelkit dashboards').type(DashboardLinkType.Dashboards).tags([DASHBOARD_TAG]).asDropdown(true).includeVars(true).keepTime(true))
      .withVariable(new DatasourceVariableBuilder('datasource').label('Data source').type('prometheus'))
      .withVariable(labelVariable('job', 'Job', `label_values(${TARGET_INFO}, job)`))
      .withVariable(labelVariable('instance', 'Instance', `label_values(${TARGET_INFO}{job=~"$job"}, instance)`));
  }

  row(title: string): this {
    this.builder.withRow(new RowBuilder(title).id(this.nextId()));
    return this;
  }

  timeseries(spec: PanelSpec): this {
    const panel = applyCommon(new TimeseriesPanelBuilder(), spec, this.nextId)
      .legend(new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom))
      .fillOpacity(spec.stack === true ? 30 : 10);
    if (spec.stack === true) panel.stacking(new StackingConfigBuilder().mode(StackingMode.Normal));
    this.builder.withPanel(panel);
    return this;
  }

  stat(spec: PanelSpec): this {
    const panel = applyCommon(new StatPanelBuilder(), { width: 6, height: 4, ...spec }, this.nextId).reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']));
    this.builder.withPanel(panel);
    return this;
  }

  /** The classic dashboard JSON (schemaVersion 42). */
  build(): Record<string, unknown> {
    return this.builder.build() as unknown as Record<string, unknown>;
  }
}

function labelVariable(name: string, label: string, query: string): QueryVariableBuilder {
  return new QueryVariableBuilder(name)
    .label(label)
    .datasource(DATASOURCE)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.+');
}
