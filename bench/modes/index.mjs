// The CLI's modes, by the name given on its command line.
import { budgets } from './budgets.mjs';
import { cpu } from './cpu.mjs';
import { pair } from './pair.mjs';
import { survivors } from './survivors.mjs';

export const MODES = { budgets, cpu, pair, survivors };
