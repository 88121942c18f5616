// The trace list: search form (trace id, service, route, status, minimum duration, attributes) and
// the matching traces, newest first. The form lives in the URL, so a search can be linked too.
import { useEffect, useRef, useState } from './preact-hooks.mjs';
import { formatMs, formatTime, html, navigate, TRACE_ID, useApi } from './lib.js';

const FIELDS = ['traceId', 'service', 'route', 'status', 'minMs', 'attr'];

function formFromUrl() {
  const params = new URLSearchParams(location.search);
  return Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? '']));
}

/** The API query of the form: the attribute field takes several `key=value` separated by spaces or commas. */
function apiQuery(form) {
  const params = new URLSearchParams();
  for (const f of FIELDS) {
    const v = form[f].trim();
    if (v === '') continue;
    if (f === 'attr') for (const pair of v.split(/[\s,]+/)) params.append('attr', pair);
    else params.set(f, f === 'traceId' ? v.toLowerCase() : v);
  }
  return params;
}

export function TraceList({ version, facets }) {
  const [form, setForm] = useState(formFromUrl);
  const { data: result, error: failure } = useApi(`/api/traces?${apiQuery(form)}`, version);
  const error = failure?.message;
  const tableRef = useRef(null);

  useEffect(() => {
    const onPop = () => setForm(formFromUrl());
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  const update = (event) => {
    const next = { ...form, [event.target.name]: event.target.value };
    setForm(next);
    const query = new URLSearchParams(Object.entries(next).filter(([, v]) => v !== '')).toString();
    history.replaceState(null, '', query === '' ? '/' : `/?${query}`);
  };
  const submit = (event) => {
    event.preventDefault();
    // A pasted X-Trace-ID opens its trace at once.
    const id = form.traceId.trim().toLowerCase();
    if (TRACE_ID.test(id)) navigate(`/traces/${id}`);
  };
  // Arrow keys move between rows; Enter follows the focused row's link.
  const onKeyDown = (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = [...tableRef.current.querySelectorAll('a.trace-link')];
    const i = links.indexOf(document.activeElement);
    const next = links[event.key === 'ArrowDown' ? Math.min(links.length - 1, i + 1) : Math.max(0, i - 1)];
    if (next !== undefined) {
      event.preventDefault();
      next.focus();
    }
  };

  const traces = result?.traces ?? [];
  const longest = Math.max(1, ...traces.map((t) => t.durationMs));
  return html`
    <form class="search" role="search" onSubmit=${submit} aria-label="Search traces">
      <label>Trace ID (paste an X-Trace-ID)
        <input name="traceId" class="mono" value=${form.traceId} onInput=${update} autocomplete="off" spellcheck="false" placeholder="32 hex digits or a prefix" />
      </label>
      <label>Service
        <select name="service" value=${form.service} onChange=${update}>
          <option value="">any</option>
          ${facets.services.map((s) => html`<option value=${s}>${s}</option>`)}
        </select>
      </label>
      <label>Route
        <input name="route" value=${form.route} onInput=${update} list="routes" placeholder="/orders/:id" />
        <datalist id="routes">${facets.routes.map((r) => html`<option value=${r} />`)}</datalist>
      </label>
      <label>Status
        <select name="status" value=${form.status} onChange=${update}>
          <option value="">any</option><option value="error">error</option><option value="ok">ok</option>
          <option value="2xx">2xx</option><option value="4xx">4xx</option><option value="5xx">5xx</option>
        </select>
      </label>
      <label>Min duration (ms)
        <input name="minMs" type="number" min="0" step="any" value=${form.minMs} onInput=${update} />
      </label>
      <label>Attribute (key=value)
        <input name="attr" value=${form.attr} onInput=${update} placeholder="tenant_id=acme" spellcheck="false" />
      </label>
      <button type="submit">Open trace</button>
    </form>
    ${error !== undefined && html`<p class="status-error" role="alert">${error}</p>`}
    <p class="count" aria-live="polite">${result === undefined ? 'Loading…' : `${result.total} trace${result.total === 1 ? '' : 's'}${result.total > traces.length ? `, newest ${traces.length} shown` : ''}`}</p>
    ${traces.length === 0 && result !== undefined
      ? html`<p class="empty">No traces match yet. Point an app at the OTLP endpoint above and make a request.</p>`
      : html`
      <table class="traces" ref=${tableRef} onKeyDown=${onKeyDown}>
        <caption class="sr-only">Traces, newest first</caption>
        <thead><tr><th scope="col">Started</th><th scope="col">Service</th><th scope="col">Trace</th><th scope="col">Status</th><th scope="col">Duration</th><th scope="col">Spans</th><th scope="col">Logs</th><th scope="col">Trace ID</th></tr></thead>
        <tbody>
          ${traces.map((t) => html`
            <tr key=${t.traceId} data-trace-id=${t.traceId}>
              <td class="mono">${formatTime(t.startMs)}</td>
              <td>${t.service}</td>
              <td class="name"><a class="trace-link" href=${`/traces/${t.traceId}`}>${t.route !== '' ? `${t.method} ${t.route}` : t.name}</a></td>
              <td class=${t.error ? 'status-error' : 'status-ok'}>${t.httpStatus || ''} ${t.error ? 'error' : 'ok'}</td>
              <td class="num">${formatMs(t.durationMs)}<span class="durbar" style=${`width:${Math.max(2, (t.durationMs / longest) * 80)}px`} aria-hidden="true"></span></td>
              <td class="num">${t.spanCount}</td>
              <td class="num">${t.logCount}</td>
              <td class="mono">${t.traceId.slice(0, 8)}…</td>
            </tr>`)}
        </tbody>
      </table>`}
  `;
}
