/** The otelkit release this build belongs to (kept equal to package.json by a test). */
export const OTELKIT_VERSION = '0.1.0';
