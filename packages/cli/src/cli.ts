#!/usr/bin/env node
/**
 * `otelkit`: the command line. Builds the program from the command list, maps every outcome to
 * one of three exit codes, and never prints a stack trace for an expected problem.
 */
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, ProblemError, UsageError } from './exit.js';
import { CLI_VERSION } from './version.js';

const EXIT_CODES_HELP = `
Exit codes:
  0  ok
  1  a problem was found (a failed check, an invalid file)
  2  bad usage (unknown command or option, missing or invalid argument)`;

/** Same parser behaviour on every command: errors are thrown to main(), not exited on the spot. */
function configure(command: Command): Command {
  command.exitOverride().showSuggestionAfterError(true).addHelpText('after', EXIT_CODES_HELP);
  for (const sub of command.commands) configure(sub);
  return command;
}

/** The whole program, ready to parse. Exported for the tests of the command list. */
export function createProgram(): Command {
  const program = new Command('otelkit')
    .description('Check and generate what an otelkit service needs: configuration, endpoints, ports.')
    .version(CLI_VERSION, '-V, --version', 'print the otelkit version')
    .helpCommand('help [command]', 'show help for a command');
  for (const make of COMMANDS) program.addCommand(make());
  return configure(program);
}

/** Parse `argv` (without node and script) and run; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    // commander has already printed its one-line error (or the help) by the time it throws.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof ProblemError) {
      process.stderr.write(`error: ${error.message}\n`);
      return EXIT_PROBLEM;
    }
    process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_PROBLEM;
  }
}

process.exitCode = await main(process.argv.slice(2));
