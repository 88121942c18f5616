// Shared helpers of the viewer: the html tag, the JSON API, client-side navigation and formatting.
import { h } from './preact.mjs';
import { useEffect, useState } from './preact-hooks.mjs';
import htm from './htm.mjs';

export const html = htm.bind(h);

/** GET a JSON API path; rejects with the server's error message. */
export async function api(path) {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(body.error ?? `HTTP ${res.status}`), { status: res.status });
  return body;
}

/**
 * The JSON at `path`, fetched again whenever `path` or `version` changes; an answer that arrives
 * after a newer request started is dropped. Returns `{ data, error }` (error: the Error, with `status`).
 */
export function useApi(path, version) {
  const [state, setState] = useState({ data: undefined, error: undefined });
  useEffect(() => {
    let stale = false;
    api(path).then(
      (data) => !stale && setState({ data, error: undefined }),
      (error) => !stale && setState((old) => ({ data: old.data, error })),
    );
    return () => (stale = true);
  }, [path, version]);
  return state;
}

/** Go to an in-app path without reloading the page. */
export function navigate(path) {
  if (path === location.pathname + location.search) return;
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** Click handler for in-app links: plain left clicks navigate in place, others keep the browser's behaviour. */
export function onLinkClick(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const a = event.target.closest('a[href^="/"]');
  if (a === null || a.target === '_blank') return;
  event.preventDefault();
  navigate(a.getAttribute('href'));
}

export const nanosToMs = (nanos) => Number(nanos) / 1e6;

/** A duration in ms as a short human string. */
export function formatMs(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function formatTime(ms) {
  const d = new Date(ms);
  return `${d.toLocaleTimeString(undefined, { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

export function formatValue(value) {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
export const TRACE_ID = /^[0-9a-f]{32}$/;
