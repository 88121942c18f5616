// Artifact processing (indexing, thumbnails) in the background, two at a time. The backlog is
// otelkit's queue depth, served under the runbook's alert name `celery_queue_length`
// (OTELKIT_METRICS_NAMES=job.queue.depth=celery_queue_length), so its CeleryQueueBacklog alert
// watches this queue unchanged.
'use strict';
const { context, trace } = require('@opentelemetry/api');
const { instrumentQueue } = require('@otelkit/metrics');
const { query } = require('./db.js');
const { log } = require('./telemetry.js');

const CONCURRENCY = Number(process.env.ARTIFACT_WORKERS ?? 2);
/** Processing time of one artifact, ms (a real indexer's would depend on the artifact). */
const WORK_MS = Number(process.env.ARTIFACT_WORK_MS ?? 150);

const queue = instrumentQueue({ name: 'artifact-processing' });
const waiting = [];
let running = 0;
const tracer = trace.getTracer('saas-api');

function enqueue(artifact) {
  // The job keeps the request's context, so its span joins the trace of the request that created it.
  waiting.push({ artifact, enqueuedAt: Date.now(), context: context.active() });
  queue.enqueue();
  drain();
}

function drain() {
  while (running < CONCURRENCY && waiting.length > 0) {
    const job = waiting.shift();
    running++;
    context.with(job.context, () => {
      void tracer.startActiveSpan('artifact.process', async (span) => {
        const handle = queue.start({ enqueuedAt: job.enqueuedAt });
        try {
          await new Promise((resolve) => setTimeout(resolve, WORK_MS));
          await query('artifact.update_status', 'UPDATE saas_api_artifacts SET status = $1 WHERE id = $2', ['ready', job.artifact.id]);
          handle.complete();
        } catch (error) {
          handle.fail(error);
          span.recordException(error);
          span.setStatus({ code: 2, message: String(error?.message ?? error) });
          log.error({ operation: 'artifact.process', status: 'error', metadata: { artifact_id: String(job.artifact.id) }, err: error }, 'Artifact processing failed');
        } finally {
          span.end();
          running--;
          drain();
        }
      });
    });
  }
}

module.exports = { enqueue, backlog: () => waiting.length };
