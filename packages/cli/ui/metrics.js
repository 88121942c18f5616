// RED per route (rate, errors, p50/p95/p99 from the duration histogram) and the runtime charts,
// drawn with uPlot from the viewer's /api/red and /api/runtime.
import uPlot from './uplot.mjs';
import { useEffect, useRef, useState } from './preact-hooks.mjs';
import { formatMs, html, useApi } from './lib.js';

const cssVar = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/** One uPlot chart; `series` is [{ label, values, color }] over `times` (ms). */
function Chart({ title, times, series, unit }) {
  const ref = useRef(null);
  const plot = useRef(null);
  const theme = document.documentElement.dataset.theme;
  useEffect(() => {
    const width = Math.max(280, ref.current.clientWidth);
    const opts = {
      title,
      width,
      height: 150,
      scales: { x: { time: true } },
      axes: [
        { stroke: cssVar('--fg-muted'), grid: { stroke: cssVar('--chart-grid') }, ticks: { stroke: cssVar('--chart-grid') } },
        { stroke: cssVar('--fg-muted'), grid: { stroke: cssVar('--chart-grid') }, ticks: { stroke: cssVar('--chart-grid') }, size: 50, label: unit },
      ],
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: cssVar(s.color), width: 2, points: { show: true, size: 5 } }))],
    };
    plot.current = new uPlot(opts, [times.map((t) => t / 1000), ...series.map((s) => s.values)], ref.current);
    return () => plot.current?.destroy();
    // Rebuilt when the theme or the set of series changes; data updates go through setData below.
  }, [theme, series.length, title]);
  useEffect(() => {
    plot.current?.setData([times.map((t) => t / 1000), ...series.map((s) => s.values)]);
  }, [times, series]);
  const summary = series.map((s) => `${s.label}: last ${formatNumber(s.values[s.values.length - 1])}${unit ? ` ${unit}` : ''}`).join('; ');
  return html`<figure class="chart" data-points=${times.length} style="margin:0">
    <div ref=${ref} role="img" aria-label=${`${title}, ${times.length} points. ${summary}`}></div>
  </figure>`;
}

function formatNumber(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
}

function RouteCard({ route }) {
  const times = route.points.map((p) => p.t);
  const pct = route.total.requests === 0 ? 0 : (route.total.errors / route.total.requests) * 100;
  return html`<article class="route-card" data-route=${route.route}>
    <h3>${route.method} ${route.route} <span class="meta">${route.service}</span></h3>
    <p class="figures">${route.total.requests} requests · ${pct.toFixed(1)}% errors · p50 ${formatMs(route.total.p50)} · p95 ${formatMs(route.total.p95)} · p99 ${formatMs(route.total.p99)}</p>
    <${Chart} title="Requests and errors per second" unit="req/s" times=${times}
      series=${[{ label: 'rate', values: route.points.map((p) => p.rate), color: '--chart-1' }, { label: 'errors', values: route.points.map((p) => p.errors), color: '--chart-2' }]} />
    <${Chart} title="Latency" unit="ms" times=${times}
      series=${[
        { label: 'p50', values: route.points.map((p) => p.p50), color: '--chart-1' },
        { label: 'p95', values: route.points.map((p) => p.p95), color: '--chart-3' },
        { label: 'p99', values: route.points.map((p) => p.p99), color: '--chart-2' },
      ]} />
  </article>`;
}

export function MetricsView({ version, facets }) {
  const [service, setService] = useState(new URLSearchParams(location.search).get('service') ?? '');
  const q = service === '' ? '' : `?service=${encodeURIComponent(service)}`;
  const red = useApi(`/api/red${q}`, version).data?.routes;
  const runtime = useApi(`/api/runtime${q}`, version).data?.charts;

  return html`
    <form class="search" onSubmit=${(e) => e.preventDefault()}>
      <label>Service
        <select value=${service} onChange=${(e) => setService(e.target.value)}>
          <option value="">all</option>
          ${facets.metricServices.map((s) => html`<option value=${s}>${s}</option>`)}
        </select>
      </label>
    </form>
    <h2 style="font-size:15px">HTTP routes: rate, errors, duration</h2>
    ${red === undefined ? html`<p class="loading">Loading…</p>` : red.length === 0
      ? html`<p class="empty">No HTTP server duration metric yet. Metrics arrive every OTEL_METRIC_EXPORT_INTERVAL (60 s by default; 5000 is handy here).</p>`
      : html`<div class="charts">${red.map((r) => html`<${RouteCard} key=${`${r.service} ${r.method} ${r.route}`} route=${r} />`)}</div>`}
    <h2 style="font-size:15px">Runtime</h2>
    ${runtime === undefined ? '' : runtime.length === 0
      ? html`<p class="empty">No runtime metrics yet.</p>`
      : html`<div class="charts">${runtime.map((c) => html`<div class="route-card" key=${c.title}>
          <${Chart} title=${c.title} unit=${c.unit} times=${c.points.map((p) => p[0])} series=${[{ label: c.title, values: c.points.map((p) => p[1]), color: '--chart-1' }]} />
        </div>`)}</div>`}
  `;
}
