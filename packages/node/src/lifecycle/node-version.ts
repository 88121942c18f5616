/**
 * The Node.js versions otelkit runs on (package.json `engines`): 22.15 and newer, as the
 * OpenTelemetry JS SDK it is built on. On an older Node the SDK's behaviour is untested and may
 * break in the middle of a request, so otelkit does not start there and says so once.
 */
export const MIN_NODE = [22, 15] as const;

/** True when `version` (`process.versions.node`, e.g. `22.15.0`) is at least {@link MIN_NODE}. */
export function isSupportedNode(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
}
