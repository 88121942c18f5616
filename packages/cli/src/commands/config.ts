/**
 * `otelkit config validate FILE` and `otelkit config print`: check a declarative configuration
 * file as the preload would read it, and write the effective configuration as such a file.
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { effectiveConfigModel, fileEnvView, readConfigFile } from '@otelkit/node';
import { stringify } from 'yaml';
import { EXIT_OK, EXIT_PROBLEM } from '../exit.js';

function validateCommand(): Command {
  return new Command('validate')
    .description('Check a configuration file (file_format 1.0 or 1.1) as the preload reads it: YAML, ${VAR:-default} substitution, the schema, and the fields otelkit cannot honour.')
    .argument('<file>', 'the configuration file')
    .addHelpText('after', `
Exit codes: 0 the file is valid (fields otelkit does not honour are listed as warnings),
1 it is invalid (each error names the field and the problem), 2 bad usage.`)
    .action((file: string) => {
      const result = readConfigFile(resolve(file));
      if (!result.ok) {
        for (const problem of result.problems) process.stderr.write(`${file}: error: ${problem}\n`);
        process.exitCode = EXIT_PROBLEM;
        return;
      }
      for (const problem of result.problems) process.stderr.write(`${file}: warning: ${problem}\n`);
      process.stdout.write(`${file}: valid\n`);
      process.exitCode = EXIT_OK;
    });
}

function printCommand(): Command {
  return new Command('print')
    .description('Print the effective configuration (from OTEL_CONFIG_FILE if set, else from the environment) as a configuration file, credentials redacted. Loading the printed file gives the same configuration.')
    .addHelpText('after', `
Credential header values (Authorization, API keys, tokens, cookies) print as [REDACTED]; tenant
headers such as X-Scope-OrgID are kept. Exit codes: 0 printed, 1 OTEL_CONFIG_FILE is invalid, 2 bad usage.`)
    .action(() => {
      const file = process.env['OTEL_CONFIG_FILE']?.trim();
      let env: Readonly<Record<string, string | undefined>> = process.env;
      if (file !== undefined && file !== '') {
        const result = readConfigFile(resolve(file));
        if (!result.ok) {
          for (const problem of result.problems) process.stderr.write(`${file}: error: ${problem}\n`);
          process.exitCode = EXIT_PROBLEM;
          return;
        }
        env = fileEnvView(result, process.env);
      }
      process.stdout.write(stringify(effectiveConfigModel(env), { lineWidth: 0 }));
      process.exitCode = EXIT_OK;
    });
}

export function configCommand(): Command {
  return new Command('config')
    .description('Declarative configuration files (OTEL_CONFIG_FILE): validate one, or print the effective configuration as one.')
    .addCommand(validateCommand())
    .addCommand(printCommand());
}
