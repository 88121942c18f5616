/**
 * Exceptions thrown by request handlers, recorded on the request's HTTP server span.
 *
 * The frameworks catch what a handler throws or rejects with and answer 500 themselves, so the
 * server span saw only the status code. Each framework's error path (framework-exceptions.ts for
 * Express and Koa, Fastify's `tracing:fastify.request.handler:error` channel here) notes the error
 * on the IncomingMessage, and the server instrumentation records the noted errors when the request
 * ends with a server error (http-server.ts, its 5xx branch). Nothing runs for a request that does
 * not fail, and the decision waits for the final status: an error the app answers with a 4xx, or
 * recovers from, is not the request's failure and leaves no event.
 *
 * Conventions followed:
 * - The event is the SDK's `recordException()`: `exception.type`, `exception.message`,
 *   `exception.stacktrace`. A value that is not an Error becomes its text (a string as itself, an
 *   object as JSON), so that it still gets an event instead of the SDK's "Failed to record" warning.
 * - One event per distinct error object: the frameworks pass an error through several layers and
 *   error handlers, and each of them may report it again.
 * - `error.type` stays the status code (HTTP conventions: the response was sent with an error
 *   status, so the status code is the error's class).
 * - Status description: the exception's message. The HTTP conventions leave it unset only when the
 *   reason "can be inferred from http.response.status_code", which a handler's exception cannot;
 *   the recording-errors conventions ask for it when there is more to say, naming an exception
 *   message as the example, and the upstream HTTP instrumentation sets it the same way for an
 *   exception that escapes the handler.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { SpanStatusCode, type Exception, type Span } from '@opentelemetry/api';

const kExceptions = Symbol('otelkit.server.exceptions');
/** Distinct errors kept per request: an error handler that keeps failing can't grow the list. */
const MAX_EXCEPTIONS = 4;
/** Text kept of a non-Error value (the JSON of an object can be large). */
const MAX_TEXT = 1024;

interface Noted {
  error: unknown;
  /** performance.now() when it was noted, which the SDK takes as a time on the span's clock. */
  time: number;
}
type Carrier = { [kExceptions]?: Noted[] | undefined };

/**
 * Note an error a handler of this request threw, rejected with or passed on. Called from framework
 * error paths only; never throws.
 */
export function noteServerException(request: unknown, error: unknown): void {
  if (typeof request !== 'object' || request === null || error === undefined || error === null) return;
  try {
    const carrier = request as Carrier;
    const list = carrier[kExceptions];
    const noted = { error, time: performance.now() };
    if (list === undefined) carrier[kExceptions] = [noted];
    else if (list.length < MAX_EXCEPTIONS && !list.some((n) => n.error === error)) list.push(noted);
  } catch {
    // A frozen or exotic request object: the exception is not recorded.
  }
}

/**
 * Record the errors noted on a request that ended with a server error: one `exception` event each,
 * and the last one's message as the status description. Called once, before the span ends.
 */
export function recordServerExceptions(request: object, span: Span): void {
  const carrier = request as Carrier;
  const list = carrier[kExceptions];
  if (list === undefined) return;
  carrier[kExceptions] = undefined;
  try {
    let message = '';
    for (const { error, time } of list) {
      const exception = asException(error);
      span.recordException(exception, time);
      message = typeof exception === 'string' ? exception : String(exception.message ?? '');
    }
    if (message !== '') span.setStatus({ code: SpanStatusCode.ERROR, message });
  } catch {
    // Recording never breaks the end of the request; the span keeps its status and error.type.
  }
}

/** An Error (or an object shaped like one) as it is; anything else as its text. */
function asException(value: unknown): Exception {
  if (value instanceof Error) return value;
  if (typeof value === 'object' && value !== null) {
    const { message, name } = value as { message?: unknown; name?: unknown };
    if (typeof message === 'string' || typeof name === 'string') return value as Exception;
  }
  const text = textOf(value);
  return text === '' ? `non-error value thrown (${typeof value})` : text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' && typeof value !== 'function') return String(value);
  try {
    const json = JSON.stringify(value);
    if (typeof json === 'string' && json !== '{}') return json;
  } catch {
    // Cycles, BigInts, throwing getters: the tag below.
  }
  return Object.prototype.toString.call(value);
}

// Fastify publishes a route handler's throw or rejection here, with the reply's error status set.
const FASTIFY_HANDLER_ERROR = 'tracing:fastify.request.handler:error';

function onFastifyHandlerError(message: unknown): void {
  const store = message as { request?: { raw?: unknown }; error?: unknown };
  noteServerException(store.request?.raw, store.error);
}

let subscribed = false;

/** Start noting the exceptions of frameworks that announce them on diagnostics channels (Fastify). */
export function enableServerExceptionChannels(): void {
  if (subscribed) return;
  subscribed = true;
  subscribe(FASTIFY_HANDLER_ERROR, onFastifyHandlerError);
}

export function disableServerExceptionChannels(): void {
  if (!subscribed) return;
  subscribed = false;
  unsubscribe(FASTIFY_HANDLER_ERROR, onFastifyHandlerError);
}
