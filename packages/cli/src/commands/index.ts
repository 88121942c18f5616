/**
 * The one list of commands. A command lives in its own file and exports a factory that returns a
 * commander `Command`; adding a command is one import and one entry here.
 */
import type { Command } from 'commander';
import { configCommand } from './config.js';
import { devCommand } from './dev.js';
import { doctorCommand } from './doctor.js';
import { mixinCommand } from './mixin.js';

/** Builds one top-level command (with its options, sub-commands and action). */
export type CommandFactory = () => Command;

export const COMMANDS: readonly CommandFactory[] = [configCommand, devCommand, doctorCommand, mixinCommand];
