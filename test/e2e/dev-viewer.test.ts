/// <reference lib="dom" />
/**
 * `otelkit dev` in a real browser: Debian's chromium, driven by playwright-core, looks at what the
 * Express example sent under the preload. The waterfall of a request's X-Trace-ID, the search by
 * route, the correlated log line and a drawn RED chart are checked on the page itself.
 *
 * UPDATE_SCREENSHOTS=1 writes the README's screenshots (packages/cli/docs/) instead of a temp dir.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runApp, type AppProcess } from '@otelkit/testing';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, LISTENING, REPO_ROOT } from '../integration/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const CLI = join(REPO_ROOT, 'packages', 'cli', 'dist', 'cli.js');
const SHOTS = process.env['UPDATE_SCREENSHOTS'] === '1' ? join(REPO_ROOT, 'packages', 'cli', 'docs') : mkdtempSync(join(tmpdir(), 'otelkit-viewer-shots-'));
// Without chromium the suite is skipped on a developer machine; CI installs it, and fails without it.
const hasChromium = existsSync(CHROMIUM) || process.env['CI'] === 'true';
// The page fetches as it loads; on a busy machine that takes more than expect.poll's default second.
const POLL = { timeout: 20_000, interval: 100 };

function childEnv(extra: Record<string, string>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { NODE_OPTIONS: undefined };
  for (const key of Object.keys(process.env)) if (key.startsWith('OTEL_') || key.startsWith('OTELKIT_')) env[key] = undefined;
  return { ...env, ...extra };
}

async function api<T>(url: string): Promise<T> {
  const res = await fetch(url);
  return (await res.json()) as T;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(!hasChromium)('otelkit dev in chromium', () => {
  let viewer: AppProcess;
  let app: AppProcess;
  let ui = '';
  let context: BrowserContext;
  let page: Page;
  let profileDir = '';
  const traces: Record<string, string> = {};
  const pageErrors: string[] = [];

  beforeAll(async () => {
    viewer = runApp({ entry: CLI, args: ['dev', '--port', '0', '--otlp-port', '0', '--max-spans', '5000'], env: childEnv({}), timeoutMs: 180_000 });
    const [, uiUrl] = await viewer.waitForOutput(/UI {4}(http:\/\/127\.0\.0\.1:\d+)/, { stream: 'stdout' });
    const [, otlpUrl] = await viewer.waitForOutput(/OTLP {2}(http:\/\/127\.0\.0\.1:\d+)/, { stream: 'stdout' });
    ui = uiUrl!;

    app = runApp({
      entry: example('express-cjs/app.js'),
      cwd: example('express-cjs'),
      preload: 'require',
      timeoutMs: 180_000,
      env: childEnv({
        PORT: '0',
        OTEL_SERVICE_NAME: 'orders-api',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl!,
        OTEL_LOGS_EXPORTER: 'otlp',
        OTEL_METRIC_EXPORT_INTERVAL: '500',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      }),
    });
    const [, port] = await app.waitForOutput(LISTENING, { stream: 'stdout', timeoutMs: 20_000 });
    for (const path of ['/orders/42', '/checkout/42', '/orders/7', '/boom', '/checkout/42']) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      await res.arrayBuffer();
      traces[path] = res.headers.get('x-trace-id') ?? '';
    }
    // Two more rounds of traffic across metric exports, so the RED charts have several points.
    for (let i = 0; i < 2; i++) {
      await new Promise((r) => setTimeout(r, 600));
      for (const path of ['/orders/42', '/orders/42', '/boom']) await (await fetch(`http://127.0.0.1:${port}${path}`)).arrayBuffer();
    }
    const checkout = traces['/checkout/42']!;
    await until('the checkout trace, its log line and RED points', async () => {
      const trace = await api<{ spans?: unknown[]; logs?: unknown[] }>(`${ui}/api/traces/${checkout}`);
      const red = await api<{ routes: { route: string; points: unknown[] }[] }>(`${ui}/api/red`);
      return trace.spans?.length === 3 && (trace.logs?.length ?? 0) >= 1 && (red.routes.find((r) => r.route === '/orders/:id')?.points.length ?? 0) >= 2;
    });

    profileDir = mkdtempSync(join(tmpdir(), 'otelkit-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1366, height: 768 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    mkdirSync(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    app?.kill('SIGTERM');
    viewer?.kill('SIGTERM');
    await Promise.all([app?.exited, viewer?.exited]);
    if (profileDir !== '') rmSync(profileDir, { recursive: true, force: true });
    expect(pageErrors).toEqual([]);
  });

  it('shows the waterfall of an X-Trace-ID deep link: the spans in parent order, with the right count', async () => {
    const traceId = traces['/checkout/42']!;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    await page.goto(`${ui}/traces/${traceId}`);
    const rows = page.locator('ol.waterfall button.span-row');
    await expect.poll(() => rows.count(), POLL).toBe(3);
    // server GET /checkout/:id → client GET → server GET /orders/:id (the call to itself)
    const shown = await rows.evaluateAll((els) => els.map((el) => ({ depth: Number((el as HTMLElement).dataset['depth']), label: el.querySelector('.span-label')?.textContent?.trim() })));
    expect(shown.map((r) => r.depth)).toEqual([0, 1, 2]);
    expect(shown.map((r) => r.label)).toEqual(['serverGET /checkout/:id', 'clientGET', 'serverGET /orders/:id']);
    // Bars to scale: the child call lies inside its parent's bar.
    const bars = await page.locator('ol.waterfall .bar').evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right })));
    expect(bars[1]!.left).toBeGreaterThanOrEqual(bars[0]!.left - 1);
    expect(bars[1]!.right).toBeLessThanOrEqual(bars[0]!.right + 1);
    await page.screenshot({ path: join(SHOTS, 'viewer-trace.png') });
  });

  it('shows the log line correlated to the trace beside the waterfall', async () => {
    const lines = page.locator('ol.logs li.log-line');
    await expect.poll(() => lines.count(), POLL).toBeGreaterThanOrEqual(1);
    expect(await lines.first().textContent()).toContain('order lookup');
    // Beside, not below: at 1366 px the log panel starts right of the waterfall.
    const waterfall = await page.locator('ol.waterfall').boundingBox();
    const logs = await page.locator('ol.logs').boundingBox();
    expect(logs!.x).toBeGreaterThan(waterfall!.x + waterfall!.width);
  });

  it('moves through the spans with the keyboard and shows the selected span', async () => {
    await page.locator('ol.waterfall button.span-row').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset['depth']);
    expect(focused).toBe('2');
    expect(await page.locator('ol.waterfall button.span-row[aria-current="true"]').getAttribute('data-depth')).toBe('2');
    expect(await page.locator('.details h4').first().textContent()).toBe('GET /orders/:id');
    // Focus is visible: the focused row has an outline.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
  });

  it('finds traces by route, and opens a pasted X-Trace-ID', async () => {
    await page.goto(`${ui}/`);
    await page.locator('input[name="route"]').fill('/checkout');
    const rows = page.locator('table.traces tbody tr');
    await expect.poll(() => rows.count(), POLL).toBe(2);
    const ids = await rows.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset['traceId']));
    expect(ids).toContain(traces['/checkout/42']);
    expect(await rows.locator('a.trace-link').allTextContents()).toEqual(['GET /checkout/:id', 'GET /checkout/:id']);
    await page.locator('input[name="route"]').fill('');
    await page.screenshot({ path: join(SHOTS, 'viewer-traces.png') });

    await page.locator('input[name="traceId"]').fill(traces['/boom']!.toUpperCase());
    await page.keyboard.press('Enter');
    await page.waitForURL(`${ui}/traces/${traces['/boom']}`);
    await expect.poll(() => page.locator('ol.waterfall button.span-row[data-error="true"]').count(), POLL).toBe(1);
  });

  it('draws the RED charts of a route from the received metrics', async () => {
    await page.goto(`${ui}/metrics`);
    const card = page.locator('article.route-card[data-route="/orders/:id"]');
    const rate = card.locator('figure.chart').first();
    await expect.poll(async () => Number(await rate.getAttribute('data-points')), POLL).toBeGreaterThanOrEqual(2);
    // Pixels of the rate series' own colour (--chart-1) on the canvas: the line and its points were drawn.
    const drawnPixels = (): Promise<number> =>
      rate.evaluate((figure) => {
      const canvas = figure.querySelector('canvas')!;
      const stroke = getComputedStyle(document.documentElement).getPropertyValue('--chart-1').trim();
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(stroke.slice(i, i + 2), 16));
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - r!) < 8 && Math.abs(data[i + 1]! - g!) < 8 && Math.abs(data[i + 2]! - b!) < 8 && data[i + 3]! > 200) n++;
      return n;
      });
    // uPlot draws on the next animation frame: poll.
    await expect.poll(drawnPixels, POLL).toBeGreaterThan(20);
    expect(await card.locator('.figures').textContent()).toMatch(/\d+ requests · 0\.0% errors · p50 /);
    expect(await page.locator('article.route-card[data-route="/boom"] .figures').textContent()).toMatch(/100\.0% errors/);
    await page.screenshot({ path: join(SHOTS, 'viewer-metrics.png'), fullPage: false });
  });

  it('has a dark theme whose text keeps AA contrast', async () => {
    await page.goto(`${ui}/traces/${traces['/checkout/42']}`);
    await page.locator('ol.waterfall button.span-row').first().waitFor();
    for (const theme of ['light', 'dark']) {
      await page.evaluate((t) => localStorage.setItem('otelkit-theme', t), theme);
      await page.reload();
      await page.locator('ol.logs li.log-line').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe(theme);
      const ratios = await page.evaluate(() => {
        const rgb = (c: string): number[] => c.match(/\d+(\.\d+)?/g)!.slice(0, 3).map(Number);
        const lum = (c: number[]): number => {
          const [r, g, b] = c.map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
          return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
        };
        const bg = rgb(getComputedStyle(document.body).backgroundColor);
        const out: Record<string, number> = {};
        for (const sel of ['body', '.meta', 'a', '.status-ok', 'ol.logs .time', 'ol.waterfall .span-label .kind', 'table.kv td']) {
          const el = document.querySelector(sel);
          if (el === null) continue;
          const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg)].sort((x, y) => y - x);
          out[sel] = (a! + 0.05) / (b! + 0.05);
        }
        return out;
      });
      expect(Object.keys(ratios).length).toBeGreaterThanOrEqual(6);
      for (const [sel, ratio] of Object.entries(ratios)) expect(ratio, `${theme} ${sel}`).toBeGreaterThanOrEqual(4.5);
      if (theme === 'dark') await page.screenshot({ path: join(SHOTS, 'viewer-trace-dark.png') });
    }
    await page.evaluate(() => localStorage.removeItem('otelkit-theme'));
  });
});
