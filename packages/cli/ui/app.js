// The viewer's shell: header, theme, routing (/, /traces/<id>, /metrics) and live updates. The
// server's version number grows with every export it accepts; views refetch when it changes.
import { render } from './preact.mjs';
import { useEffect, useState } from './preact-hooks.mjs';
import { api, html, onLinkClick } from './lib.js';
import { MetricsView } from './metrics.js';
import { TraceView } from './trace.js';
import { TraceList } from './traces.js';

const POLL_MS = 1500;
const THEMES = ['auto', 'light', 'dark'];

function applyTheme(choice) {
  const dark = choice === 'dark' || (choice === 'auto' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

function route() {
  const m = /^\/traces\/([0-9a-fA-F]+)\/?$/.exec(location.pathname);
  if (m !== null) return { page: 'trace', traceId: m[1].toLowerCase() };
  if (location.pathname === '/metrics') return { page: 'metrics' };
  return { page: 'traces' };
}

function App() {
  const [where, setWhere] = useState(route);
  const [version, setVersion] = useState(0);
  const [live, setLive] = useState(true);
  const [theme, setTheme] = useState(() => localStorage.getItem('otelkit-theme') ?? 'auto');
  const [facets, setFacets] = useState({ services: [], routes: [], metricServices: [] });
  const [stats, setStats] = useState(undefined);

  useEffect(() => {
    const onPop = () => setWhere(route());
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  useEffect(() => {
    applyTheme(theme);
    localStorage.setItem('otelkit-theme', theme);
  }, [theme]);
  useEffect(() => {
    if (!live) return undefined;
    let stopped = false;
    const tick = async () => {
      try {
        const v = await api('/api/version');
        if (!stopped) setVersion((old) => (old === v.version ? old : v.version));
      } catch {
        // The viewer may be restarting; the next tick tries again.
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), POLL_MS); // tick() catches its own errors
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [live]);
  useEffect(() => {
    api('/api/facets').then(setFacets, () => {});
    api('/api/stats').then(setStats, () => {});
  }, [version]);
  // "/" jumps to the search field, as in many tools.
  useEffect(() => {
    const onKey = (event) => {
      if (event.key !== '/' || /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement?.tagName ?? '')) return;
      const input = document.querySelector('input[name="traceId"]');
      if (input !== null) {
        event.preventDefault();
        input.focus();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    document.title = where.page === 'trace' ? `trace ${where.traceId.slice(0, 8)} · otelkit dev` : where.page === 'metrics' ? 'metrics · otelkit dev' : 'traces · otelkit dev';
    document.querySelector('main')?.focus();
  }, [where]);

  const nextTheme = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length];
  return html`
    <a class="skip" href="#main">Skip to content</a>
    <header class="top">
      <h1>otelkit dev</h1>
      <nav aria-label="Views">
        <a href="/" aria-current=${where.page !== 'metrics' ? 'page' : undefined}>Traces</a>
        <a href="/metrics" aria-current=${where.page === 'metrics' ? 'page' : undefined}>Metrics</a>
      </nav>
      <span class="spacer"></span>
      <span class="meta" aria-live="off">${stats === undefined ? '' : `${stats.spans} spans · ${stats.traces} traces · ${stats.logs} logs`}</span>
      <button type="button" aria-pressed=${live ? 'true' : 'false'} onClick=${() => setLive(!live)} title="Refresh as data arrives">${live ? 'Live' : 'Paused'}</button>
      <button type="button" onClick=${() => setTheme(nextTheme)} aria-label=${`Theme: ${theme}. Switch to ${nextTheme}`}>Theme: ${theme}</button>
    </header>
    <main id="main" tabindex="-1">
      ${where.page === 'trace' ? html`<${TraceView} traceId=${where.traceId} version=${version} />`
        : where.page === 'metrics' ? html`<${MetricsView} version=${version} facets=${facets} />`
        : html`<${TraceList} version=${version} facets=${facets} />`}
    </main>`;
}

document.addEventListener('click', onLinkClick);
applyTheme(localStorage.getItem('otelkit-theme') ?? 'auto');
const root = document.getElementById('app');
root.textContent = ''; // the static loading line
render(html`<${App} />`, root);
