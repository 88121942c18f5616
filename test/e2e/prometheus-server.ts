/**
 * A real Prometheus (Debian package) for the e2e tests: a temporary data directory, 127.0.0.1 on a
 * free port, a 1 s scrape and evaluation interval, the config checked by promtool first.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { freePort } from '../integration/helpers.js';

export interface PrometheusServer {
  /** `http://127.0.0.1:<port>`. */
  base: string;
  /** The temporary directory (config, rule files you put there, data). */
  dir: string;
  /** Kill the server and remove the directory. */
  stop(): void;
}

export type PrometheusOptions =
  | {
      /** `host:port` of each /metrics to scrape (job `app`). */
      targets: readonly string[];
      /** Writes rule files into the directory and returns their paths, before the config is written. */
      ruleFiles?: (dir: string) => string[];
    }
  | {
      /** Writes a config of its own into the directory and returns its path. */
      config: (dir: string) => string;
    };

export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'otelkit-prom-'));
  const config = 'config' in options ? options.config(dir) : writeConfig(dir, options.targets, options.ruleFiles?.(dir) ?? []);
  const check = spawnSync('promtool', ['check', 'config', config], { encoding: 'utf8' });
  expect(check.status, check.stdout + check.stderr).toBe(0);
  const port = await freePort();
  const child = spawn('prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  const stop = (): void => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await expect.poll(async () => (await fetch(`${base}/-/ready`).catch(() => undefined))?.status, { timeout: 15_000 }).toBe(200);
  } catch (error) {
    stop();
    throw error;
  }
  return { base, dir, stop };
}

function writeConfig(dir: string, targets: readonly string[], rules: readonly string[]): string {
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      `rule_files: [${rules.map((f) => JSON.stringify(f)).join(', ')}]`,
      'scrape_configs:',
      '  - job_name: app',
      '    static_configs:',
      `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`,
      '',
    ].join('\n'),
  );
  return config;
}
