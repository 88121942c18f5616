/**
 * The built binary (dist/cli.js) run as a child process, as a user runs it: exit codes, help,
 * usage errors. doctor.test.ts covers the doctor's checks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OTELKIT_VERSION } from '@otelkit/core';
import { runCli } from './run-cli.test-support.js';

describe('otelkit', () => {
  it('--version prints the release and exits 0', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(OTELKIT_VERSION);
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(pkg.version).toBe(OTELKIT_VERSION);
  });

  it('--help lists the commands and the exit codes, exit 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('doctor');
    expect(r.stdout).toContain('mixin');
    expect(r.stdout).toMatch(/Exit codes:\n\s+0\s+ok\n\s+1\s+a problem was found.*\n\s+2\s+bad usage/);
  });

  it.each([['doctor'], ['mixin']])('%s --help documents its options and the exit codes, exit 0', async (command) => {
    const r = await runCli([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: otelkit ${command}`);
    expect(r.stdout).toContain('Exit codes:');
    expect(r.stderr).toBe('');
  });

  it('help <command> shows the same help', async () => {
    const r = await runCli(['help', 'doctor']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: otelkit doctor');
  });

  it.each([
    [['frobnicate'], /^error: unknown command 'frobnicate'/],
    [['doctr'], /^error: unknown command 'doctr'\n\(Did you mean doctor\?\)/],
    [['doctor', '--jsno'], /^error: unknown option '--jsno'/],
    [['doctor', '--url'], /^error: option '--url <url>' argument missing/],
    [['doctor', '--timeout', 'soon'], /^error: option '--timeout <ms>' argument 'soon' is invalid\. expected a whole number/],
    [['doctor', '--url', 'collector:4318'], /^error: option '--url <url>' argument 'collector:4318' is invalid\. expected an http/],
    [['doctor', 'extra'], /^error: too many arguments for 'doctor'/],
  ])('bad usage %j exits 2 with an error naming the problem', async (args, message) => {
    const r = await runCli(args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('no command at all is bad usage: the help on stderr, exit 2', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: otelkit');
  });
});
