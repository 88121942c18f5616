/**
 * The upstream HTTP client instrumentation, bundled like bundled-instrumentation.ts and initialised
 * at the first require of `http` or `https`. From the installed package it cost ~40 ms there
 * (121 files: all of @opentelemetry/semantic-conventions, second copies of the api and core);
 * bundled from its ES modules, only the conventions it uses come along.
 */
export { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
