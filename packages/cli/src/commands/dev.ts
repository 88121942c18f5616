/** `otelkit dev`: a local OTLP receiver with a telemetry viewer in the browser. */
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { PortInUseError, startDevServer } from '../dev/server.js';
import { ProblemError } from '../exit.js';

interface DevFlags {
  port: number;
  otlpPort: number;
  maxSpans: number;
  ndjson?: string;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new InvalidArgumentError('expected a port from 0 to 65535 (0 picks a free one).');
  return port;
}

function parseMaxSpans(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 100 || n > 10_000_000) throw new InvalidArgumentError('expected a whole number from 100 to 10000000.');
  return n;
}

// The build copies the UI and its vendored libraries next to cli.js (dist/ui).
const UI_DIR = fileURLToPath(new URL('./ui/', import.meta.url));

/** Resolves when SIGINT or SIGTERM arrives. */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function devCommand(): Command {
  return new Command('dev')
    .summary('a local OTLP receiver with a telemetry viewer in the browser')
    .description(
      'Receive OTLP/HTTP (protobuf or JSON, gzip or not; traces, metrics and logs) on 127.0.0.1 and show it in the ' +
        'browser: traces searchable by X-Trace-ID, route, status, duration or attribute, each trace as a waterfall with ' +
        'its log lines, and RED and runtime charts. Keeps the newest --max-spans spans in memory.',
    )
    .addOption(new Option('--port <port>', 'port of the viewer').default(16686).argParser(parsePort))
    .addOption(new Option('--otlp-port <port>', 'port of the OTLP/HTTP receiver').default(4318).argParser(parsePort))
    .addOption(new Option('--max-spans <n>', 'spans kept in memory (log records too); the oldest go first').default(10_000).argParser(parseMaxSpans))
    .addOption(new Option('--ndjson <file>', 'append everything received to this NDJSON file, and load what it holds at start'))
    .addHelpText('after', `
Point an app at it:
  OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 OTEL_LOGS_EXPORTER=otlp OTEL_METRIC_EXPORT_INTERVAL=5000 \\
    node --require @otelkit/node/register app.js
then open http://127.0.0.1:16686, or /traces/<X-Trace-ID> for one request's trace.`)
    .action(async (flags: DevFlags) => {
      let server;
      try {
        server = await startDevServer({ port: flags.port, otlpPort: flags.otlpPort, maxSpans: flags.maxSpans, ndjson: flags.ndjson, uiDir: UI_DIR });
      } catch (error) {
        if (error instanceof PortInUseError) throw new ProblemError(error.message);
        throw error;
      }
      const loaded = server.reloaded;
      process.stdout.write(
        `otelkit dev: telemetry viewer\n` +
          `  UI    ${server.uiUrl}   (a trace: ${server.uiUrl}/traces/<X-Trace-ID>)\n` +
          `  OTLP  ${server.otlpUrl}   (http/protobuf or http/json: /v1/traces, /v1/metrics, /v1/logs)\n` +
          `  keeps the newest ${flags.maxSpans} spans and ${flags.maxSpans} log records in memory` +
          (flags.ndjson === undefined ? '\n' : `; appends to ${flags.ndjson}\n`) +
          (loaded === undefined ? '' : `  loaded ${loaded.spans} spans, ${loaded.logs} log records and ${loaded.metrics} metrics from ${flags.ndjson}${loaded.skipped > 0 ? ` (${loaded.skipped} unreadable lines skipped)` : ''}\n`) +
          `\nSet in the app's environment:\n` +
          `  OTEL_EXPORTER_OTLP_ENDPOINT=${server.otlpUrl} OTEL_LOGS_EXPORTER=otlp OTEL_METRIC_EXPORT_INTERVAL=5000\n` +
          `\nCtrl+C stops the viewer.\n`,
      );
      await untilStopped();
      await server.close();
    });
}
