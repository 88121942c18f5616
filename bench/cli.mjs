#!/usr/bin/env node
// `node bench/cli.mjs <mode> [options] [variant ...]`, `--help` for the modes and their options.
// Every mode measures against the OTLP sink started here, and whatever a mode leaves running (the
// sink, servers, wrk) is stopped when it ends: normally, with an error, or on SIGINT/SIGTERM.
import { helpText, parseCommandLine, UsageError } from './lib/command-line.mjs';
import { nodeVersion, unsupportedNode } from './lib/other-node.mjs';
import { killAllNow, startSink, stopAll } from './lib/processes.mjs';
import { MODES } from './modes/index.mjs';

/** The exit code of a signal that stopped the run (130 for SIGINT, 143 for SIGTERM). */
let signalled;

async function main(argv) {
  let command;
  try {
    command = parseCommandLine(argv, MODES);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${helpText(MODES, MODES[argv[0]])}\n`);
    return 2;
  }
  if (command.help) {
    process.stdout.write(`${helpText(MODES, command.mode)}\n`);
    return 0;
  }
  // The measured processes run under --node (budgets) or this CLI's own Node (the other modes).
  const measured = command.options.node ?? process.execPath;
  let version;
  try {
    version = nodeVersion(measured);
  } catch {
    // A binary that does not run: the mode fails on it with its own message.
  }
  const unsupported = version === undefined ? undefined : unsupportedNode(version);
  if (unsupported !== undefined) {
    const how = command.options.node === undefined ? 'run this CLI with the pinned Node 24 (node_modules/.bin/node bench/cli.mjs …)' : 'pass --node=<binary> of Node 24 (npm run bench uses the pinned one)';
    process.stderr.write(`${unsupported}. To measure, ${how}.\n`);
    return 2;
  }
  // Processes killed here are gone before the CLI exits; the exit hook covers an exit from
  // anywhere else (an uncaught exception), where no waiting is possible.
  process.on('exit', killAllNow);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
    process.once(signal, () => {
      signalled = code;
      process.stderr.write(`\n${signal}: stopping the sink and every process started\n`);
      // Exit from here: the mode may still be running (a load run that lost its server counts as a
      // discarded round) and would go on to start the next processes.
      const exit = () => process.exit(code);
      stopAll().then(exit, (error) => {
        process.stderr.write(`stopping failed: ${error instanceof Error ? error.message : String(error)}\n`);
        exit();
      });
    });
  }
  try {
    const sink = await startSink();
    process.stdout.write(`sink ${sink.url} (pid ${sink.child.pid})\n`);
    await command.mode.run(command.options, command.variants, { sinkUrl: sink.url });
    return 0;
  } catch (error) {
    // After a signal, the mode fails because its processes were stopped: nothing to report.
    if (signalled !== undefined) return signalled;
    process.stderr.write(`${command.mode.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
    return 1;
  } finally {
    await stopAll();
  }
}

const code = await main(process.argv.slice(2));
process.exitCode = signalled ?? code;
