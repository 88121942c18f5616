/**
 * The preload's startup check of variable names and endpoint schemes (issue 23): one warning line
 * per problem, naming the variable and what was most likely meant, and the app runs on with the
 * default in place of the bad value.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { disposeAll, fixture, get, startScenario, warnLines, warningsNaming } from './helpers.js';

afterEach(disposeAll);

describe('startup check of the environment', () => {
  it('mistyped names: one line each with the closest known name, and the app serves and exports as usual', async () => {
    const scenario = await startScenario({
      entry: fixture('http-app.cjs'),
      env: { OTEL_EXPORTER_OTLP_ENDPONT: 'http://collector:4318', OTELKIT_HEALTHPORT: '9090', OTEL_COLLECTOR_IMAGE: 'otel/collector', OTEL_METRICS_EXPORTER: 'none' },
    });
    expect((await get(`${scenario.baseUrl}/seq`)).status).toBe(200);
    await scenario.receiver.waitForSpans(1);
    const exit = await scenario.stop('SIGTERM');
    expect(warningsNaming(exit.stderr, 'OTEL_EXPORTER_OTLP_ENDPONT')).toEqual([
      'otelkit WARN OTEL_EXPORTER_OTLP_ENDPONT is not a variable otelkit or OpenTelemetry knows and is ignored; did you mean OTEL_EXPORTER_OTLP_ENDPOINT?',
    ]);
    expect(warningsNaming(exit.stderr, 'OTELKIT_HEALTHPORT')).toEqual([
      'otelkit WARN OTELKIT_HEALTHPORT is not a variable otelkit or OpenTelemetry knows and is ignored; did you mean OTELKIT_HEALTH_PORT?',
    ]);
    // OTEL_COLLECTOR_IMAGE is no typo of anything: another tool's variable, left alone.
    expect(warnLines(exit.stderr), exit.stderr).toHaveLength(2);
  });

  it('OTEL_EXPORTER_OTLP_ENDPOINT=otel-collector:4318: one line with the fix, and the default endpoint is used', async () => {
    const scenario = await startScenario({
      entry: fixture('http-app.cjs'),
      // Exporters off: the endpoint is still read at startup, and no export to the default can add lines.
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4318', OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTELKIT_HEALTH_PORT: '0' },
    });
    const health = (await scenario.app.waitForOutput(/health endpoints on (http:\/\/127\.0\.0\.1:\d+)/, { stream: 'stderr' }))[1]!;
    const status = (await (await fetch(`${health}/status`)).json()) as { config: { otlp: { endpoint: string } } };
    expect(status.config.otlp.endpoint).toBe('http://localhost:4318/v1/traces');
    expect((await get(`${scenario.baseUrl}/seq`)).status).toBe(200);
    const exit = await scenario.stop('SIGTERM');
    expect(warningsNaming(exit.stderr, 'OTEL_EXPORTER_OTLP_ENDPOINT')).toEqual([
      'otelkit WARN OTEL_EXPORTER_OTLP_ENDPOINT="otel-collector:4318" is invalid (no scheme; expected a URL such as http://otel-collector:4318); using the default (unset).',
    ]);
    expect(warnLines(exit.stderr), exit.stderr).toHaveLength(1);
  });
});
