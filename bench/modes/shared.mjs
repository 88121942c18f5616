// Options and steps more than one mode uses.
import { startProcess, SERVER_CORE } from '../lib/processes.mjs';
import { appEnv, appFile, defaultPath } from '../lib/variants.mjs';

/** --app and --path, with the mode's default app. */
export const appOptions = (app) => ({
  app: { type: 'string', default: app, help: 'app in bench/apps/ (or a path) that prints "listening on <url>"' },
  path: { type: 'string', default: (o) => defaultPath(o.app), help: 'request path (default /users/42 for express apps, else /)' },
});

/** Start a variant's server on the server core (under `node`); `listening` resolves with its URL. */
export const startServer = (variant, app, sinkUrl, nodeFlags = [], node = process.execPath) =>
  startProcess(SERVER_CORE, node, [...nodeFlags, ...variant.args, appFile(app)], appEnv(sinkUrl, variant.env));

/** ` (min–max)` of a list, with `digits` decimals. */
export const range = (xs, digits) => `(${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
