/** `otelkit doctor`: what otelkit would do with this environment, and what stands in its way. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { runDoctor } from '../doctor/run.js';
import { renderReport } from '../doctor/render.js';
import { EXIT_OK, EXIT_PROBLEM } from '../exit.js';
import { withProgress } from '../progress.js';

function parseTimeout(value: string): number {
  const ms = Number(value);
  if (!/^\d+$/.test(value) || ms < 1 || ms > 60_000) throw new InvalidArgumentError('expected a whole number of milliseconds from 1 to 60000.');
  return ms;
}

function parseUrl(value: string): string {
  if (!/^https?:\/\//i.test(value) || !URL.canParse(value)) throw new InvalidArgumentError('expected an http:// or https:// URL such as http://127.0.0.1:9090.');
  return value;
}

interface DoctorFlags {
  json?: boolean;
  all?: boolean;
  url?: string;
  timeout: number;
}

export function doctorCommand(): Command {
  return new Command('doctor')
    .description('Check the otelkit configuration of this environment: effective values and their source, mistyped variables, OTLP endpoints (a real empty export per signal), ports and the Node.js version.')
    .addOption(new Option('--json', 'print the report as JSON on stdout'))
    .addOption(new Option('--all', 'list every variable, defaults included'))
    .addOption(new Option('--url <url>', "also read a running app's configuration from its health server (/status), where start() options show as source \"code\"").argParser(parseUrl))
    .addOption(new Option('--timeout <ms>', 'bound of each network probe').default(3000).argParser(parseTimeout))
    .addHelpText('after', `
Sources: default, env (an environment variable), file (a configuration file), code (a start()
option; only a running app knows those, hence --url). Without --url the doctor sees this shell's
environment, which must be the app's for the report to be about the app.`)
    .action(async (flags: DoctorFlags) => {
      const report = await withProgress(
        'otelkit doctor: probing endpoints and ports',
        runDoctor({ env: process.env, timeoutMs: flags.timeout, url: flags.url, cwd: process.cwd(), nodeVersion: process.versions.node }),
      );
      process.stdout.write(flags.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report, flags.all === true));
      process.exitCode = report.problems === 0 ? EXIT_OK : EXIT_PROBLEM;
    });
}
