// One trace: the waterfall (spans nested by parent, bars to scale, errors marked), the selected
// span's attributes, events and links, and the trace's log lines in time order beside it.
import { useMemo, useRef, useState } from './preact-hooks.mjs';
import { formatMs, formatTime, formatValue, html, nanosToMs, SPAN_KINDS, useApi } from './lib.js';

/** Spans in depth-first parent order, each with its depth; orphans (parent not received) start a branch. */
export function orderSpans(spans) {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map();
  for (const s of spans) {
    const parent = s.parentSpanId !== '' && ids.has(s.parentSpanId) ? s.parentSpanId : '';
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(s);
  }
  for (const list of children.values()) list.sort((a, b) => nanosToMs(a.startTimeUnixNano) - nanosToMs(b.startTimeUnixNano));
  const out = [];
  const walk = (parent, depth) => {
    for (const s of children.get(parent) ?? []) {
      out.push({ span: s, depth });
      walk(s.spanId, depth + 1);
    }
  };
  walk('', 0);
  return out;
}

const isError = (span) => span.status.code === 2;
const SEVERITY = (n, text) => text || (n >= 17 ? 'ERROR' : n >= 13 ? 'WARN' : n >= 9 ? 'INFO' : n >= 5 ? 'DEBUG' : n > 0 ? 'TRACE' : '');

function KeyValues({ values }) {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return html`<p class="empty">none</p>`;
  return html`<table class="kv"><tbody>${entries.map(([k, v]) => html`<tr><td>${k}</td><td class="mono">${formatValue(v)}</td></tr>`)}</tbody></table>`;
}

function SpanDetails({ span, traceStart }) {
  const start = nanosToMs(span.startTimeUnixNano);
  return html`
    <div class="details" aria-live="polite">
      <h4>${span.name}</h4>
      <table class="kv"><tbody>
        <tr><td>kind</td><td>${SPAN_KINDS[span.kind] ?? span.kind}</td></tr>
        <tr><td>status</td><td class=${isError(span) ? 'status-error' : ''}>${['unset', 'ok', 'error'][span.status.code] ?? span.status.code}${span.status.message ? `: ${span.status.message}` : ''}</td></tr>
        <tr><td>duration</td><td>${formatMs(nanosToMs(span.endTimeUnixNano) - start)} (starts at +${formatMs(start - traceStart)})</td></tr>
        <tr><td>span id</td><td class="mono">${span.spanId}</td></tr>
        <tr><td>parent</td><td class="mono">${span.parentSpanId || '(root)'}</td></tr>
        <tr><td>scope</td><td>${span.scope.name} ${span.scope.version}</td></tr>
      </tbody></table>
      <h4>Attributes</h4><${KeyValues} values=${span.attributes} />
      <h4>Events (${span.events.length})</h4>
      ${span.events.length === 0 ? html`<p class="empty">none</p>` : span.events.map((e) => html`
        <div><strong>${e.name}</strong> at +${formatMs(nanosToMs(e.timeUnixNano) - start)}<${KeyValues} values=${e.attributes} /></div>`)}
      <h4>Links (${span.links.length})</h4>
      ${span.links.length === 0 ? html`<p class="empty">none</p>` : span.links.map((l) => html`
        <div><a class="mono" href=${`/traces/${l.traceId}`}>${l.traceId}</a> span <span class="mono">${l.spanId}</span><${KeyValues} values=${l.attributes} /></div>`)}
      <h4>Resource</h4><${KeyValues} values=${span.resource} />
    </div>`;
}

export function TraceView({ traceId, version }) {
  const { data: fetched, error: failure } = useApi(`/api/traces/${traceId}`, version);
  const [selected, setSelected] = useState(undefined);
  const listRef = useRef(null);
  const error = failure === undefined ? undefined : failure.status === 404 ? 'not-found' : failure.message;
  // A different trace's data (the previous deep link) is not shown while this one loads.
  const data = fetched?.traceId === traceId ? fetched : undefined;

  const rows = useMemo(() => (data === undefined ? [] : orderSpans(data.spans)), [data]);
  if (error === 'not-found') {
    return html`<p class="empty" role="status">Trace <code>${traceId}</code> is not in the viewer (yet). It shows here as soon as its spans arrive; spans older than the newest --max-spans are forgotten. <a href="/">All traces</a></p>`;
  }
  if (error !== undefined) return html`<p class="status-error" role="alert">${error}</p>`;
  if (data === undefined) return html`<p class="loading">Loading trace…</p>`;

  const start = Math.min(...data.spans.map((s) => nanosToMs(s.startTimeUnixNano)));
  const end = Math.max(...data.spans.map((s) => nanosToMs(s.endTimeUnixNano)));
  const total = Math.max(end - start, 0.001);
  const current = data.spans.find((s) => s.spanId === selected) ?? rows[0]?.span;
  const errors = data.spans.filter(isError).length;

  const onKeyDown = (event) => {
    const buttons = [...listRef.current.querySelectorAll('button.span-row')];
    const i = buttons.indexOf(document.activeElement);
    let next;
    if (event.key === 'ArrowDown') next = buttons[Math.min(buttons.length - 1, i + 1)];
    else if (event.key === 'ArrowUp') next = buttons[Math.max(0, i - 1)];
    else if (event.key === 'Home') next = buttons[0];
    else if (event.key === 'End') next = buttons[buttons.length - 1];
    if (next !== undefined) {
      event.preventDefault();
      next.focus();
      setSelected(next.dataset.spanId);
    }
  };
  const focusSpan = (spanId) => {
    setSelected(spanId);
    listRef.current?.querySelector(`button[data-span-id="${spanId}"]`)?.focus();
  };

  return html`
    <div class="trace-head">
      <h2>${rows[0]?.span.name ?? 'trace'}</h2>
      <span class="mono" aria-label="trace id">${traceId}</span>
      <span>${data.spans.length} spans · ${formatMs(total)} · ${errors === 0 ? html`<span class="status-ok">no errors</span>` : html`<span class="status-error">${errors} error${errors === 1 ? '' : 's'}</span>`}</span>
      <a href="/">← all traces</a>
    </div>
    <div class="trace-layout">
      <div>
        <section class="panel" aria-labelledby="wf-title">
          <h3 id="wf-title">Waterfall <span class="meta">(↑ ↓ to move, details below)</span></h3>
          <ol class="waterfall" ref=${listRef} onKeyDown=${onKeyDown}>
            ${rows.map(({ span, depth }) => {
              const s = nanosToMs(span.startTimeUnixNano) - start;
              const d = nanosToMs(span.endTimeUnixNano) - nanosToMs(span.startTimeUnixNano);
              const left = (s / total) * 100;
              const width = Math.max((d / total) * 100, 0.2);
              return html`
                <li key=${span.spanId}>
                  <button type="button" class="span-row" data-span-id=${span.spanId} data-depth=${depth} data-error=${isError(span) ? 'true' : 'false'}
                    aria-current=${current?.spanId === span.spanId ? 'true' : 'false'} onClick=${() => setSelected(span.spanId)}
                    aria-label=${`${span.name}, ${SPAN_KINDS[span.kind] ?? ''}, ${formatMs(d)}${isError(span) ? ', error' : ''}, depth ${depth}`}>
                    <span class="span-label" style=${`padding-left:${depth * 14}px`}>
                      <span class="kind">${SPAN_KINDS[span.kind] ?? ''}</span>${span.name}${isError(span) ? html`<span class="err" aria-hidden="true"> ⚠ error</span>` : ''}
                    </span>
                    <span class="track" aria-hidden="true">
                      <span class=${`bar${isError(span) ? ' error' : ''}`} style=${`left:${left}%;width:${width}%`}></span>
                      <span class="bar-label" style=${left + width > 75 ? `right:${100 - left + 1}%` : `left:${left + width + 1}%`}>${formatMs(d)}</span>
                    </span>
                  </button>
                </li>`;
            })}
          </ol>
        </section>
        ${current !== undefined && html`<section class="panel" style="margin-top:12px" aria-label="Selected span"><h3>Selected span</h3><${SpanDetails} span=${current} traceStart=${start} /></section>`}
      </div>
      <section class="panel" aria-labelledby="logs-title">
        <h3 id="logs-title">Log lines of this trace (${data.logs.length})</h3>
        ${data.logs.length === 0
          ? html`<p class="empty details">No log records with this trace id. Logs reach the viewer with OTEL_LOGS_EXPORTER=otlp.</p>`
          : html`<ol class="logs">${data.logs.map((l) => {
              const sev = SEVERITY(l.severityNumber, l.severityText);
              const t = nanosToMs(l.timeUnixNano !== '0' ? l.timeUnixNano : l.observedTimeUnixNano);
              return html`<li class="log-line" data-span-id=${l.spanId}>
                <span class="time mono">${formatTime(t)}</span>
                <span class=${`sev${l.severityNumber >= 17 ? ' error' : ''}`}>${sev}</span>
                <span class="body">${formatValue(l.body)}</span>
                ${l.spanId !== '' && html` <button type="button" class="to-span mono" onClick=${() => focusSpan(l.spanId)} aria-label=${`show span ${l.spanId}`}>span ${l.spanId.slice(0, 8)}</button>`}
              </li>`;
            })}</ol>`}
      </section>
    </div>`;
}
