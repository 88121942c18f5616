// First step of `npm test` and `npm run demo`: make a fresh clone usable with no other command.
// Runs on whatever Node started npm (the machine's may be older than the pinned one), so it
// uses only long-stable Node APIs. It installs the locked dependencies when they are missing or
// older than package-lock.json; afterwards npm scripts run on the pinned node in node_modules/.bin.
// The command that follows it in a script must start through its own `npm run` (as `demo:show`
// does): the script's shell remembers where it found `node` for this file, before the install put
// the pinned one in node_modules/.bin, and would run the rest on the machine's Node too.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
const pinnedNode = join(root, 'node_modules', '.bin', 'node');

const stale = !existsSync(marker) || !existsSync(pinnedNode) || statSync(marker).mtimeMs < statSync(lock).mtimeMs;
if (stale) {
  console.log('otelkit: installing dependencies (npm ci) ...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('otelkit: npm ci failed; see the output above.');
    process.exit(result.status ?? 1);
  }
}
if (!existsSync(pinnedNode)) {
  console.error('otelkit: the pinned Node (devDependency "node") is missing from node_modules/.bin.');
  process.exit(1);
}
