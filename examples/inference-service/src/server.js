// The inference service's HTTP API. Run it under the preload (`npm start`): every response carries
// X-Trace-ID, request metrics and traces come from the preload, /metrics on this port serves them
// with the runbook's own metrics, and /health, /ready and /live answer as the runbook documents.
'use strict';
const { setTimeout: sleep } = require('node:timers/promises');
const express = require('express');
const { health, healthMiddleware } = require('@otelkit/health');
const { createLogger, getLogContext, withLogContext } = require('@otelkit/logs');
const { metricsHandler } = require('@otelkit/metrics');
const { resolveRequestId, withSpan } = require('@otelkit/tracing');
const { Model, InferenceError, sensor, STATES } = require('./agent.js');
const { accuracyOf, observeState, recordInference, recordInferenceFailure, recordTraining } = require('./metrics.js');

const log = createLogger({ name: 'active_inference.core' });
const models = new Map(['model-abc123', 'model-legacy'].map((id) => [id, new Model(id)]));

// /ready answers 503 (reason "starting") until the models are warmed up; /health and /ready fail
// if a model goes missing.
health.setStarted(false);
health.addCheck('models', () => (models.size > 0 && [...models.values()].every((m) => m.episodes > 0) ? true : { status: 'fail', message: 'models not loaded' }));

const app = express();
app.disable('x-powered-by');
app.use(healthMiddleware());
app.use(metricsHandler());
app.use(express.json({ limit: '16kb' }));

// correlation_id: the request id the preload read from X-Correlation-ID (OTELKIT_REQUEST_ID_HEADER
// in example.env) or generated; without the preload's request ids, the header is read here.
app.use((req, res, next) => {
  const fromPreload = getLogContext().request_id;
  const correlationId = typeof fromPreload === 'string' ? fromPreload : resolveRequestId(req.headers['x-correlation-id']).id;
  if (fromPreload === undefined) res.setHeader('X-Correlation-ID', correlationId);
  withLogContext({ correlation_id: correlationId }, next);
});

const isObservation = (o) => o === null || (Number.isInteger(o) && o >= 0 && o < STATES);

app.post('/infer', async (req, res) => {
  const { observations, model_id: modelId = 'model-abc123', user_id: userId = 'anonymous', true_state: trueState, horizon = 0 } = req.body ?? {};
  const model = models.get(modelId);
  if (model === undefined) return void res.status(404).json({ error: 'unknown_model', model_id: modelId });
  if (!Array.isArray(observations) || observations.length === 0 || observations.length > 64 || !observations.every(isObservation) || !(Number.isInteger(horizon) && horizon >= 0 && horizon <= 16)) {
    return void res.status(400).json({ error: 'invalid_request', message: `observations: 1 to 64 integers in [0, ${STATES}) or null; horizon: 0 to 16` });
  }
  const started = performance.now();
  try {
    const result = await withSpan(
      'active_inference.infer',
      async (span) => {
        const r = model.infer(observations);
        // Planning: expected free energy of each policy over the horizon (simulated cost).
        await sleep(10 + Math.random() * 50 + horizon * 90);
        span.setAttributes({ 'ai.belief_entropy': r.entropy, 'ai.free_energy': r.freeEnergy });
        return r;
      },
      { attributes: { 'ai.model_id': modelId, 'ai.steps': observations.length, 'ai.horizon': horizon } },
    );
    const seconds = (performance.now() - started) / 1000;
    const correct = Number.isInteger(trueState) ? result.state === trueState : undefined;
    recordInference(modelId, { seconds, entropy: result.entropy, freeEnergy: result.freeEnergy, correct });
    const accuracy = accuracyOf(modelId);
    log.info(
      { user_id: String(userId), model_id: modelId, duration_ms: Math.round(seconds * 1000), context: { episode: model.episodes, step: observations.length, ...(accuracy === undefined ? {} : { accuracy: Number(accuracy.toFixed(3)) }) } },
      'Inference completed successfully',
    );
    res.json({ model_id: modelId, state: result.state, belief_entropy: result.entropy, free_energy: result.freeEnergy, action: result.entropy > 1 ? 'observe' : 'act', duration_ms: Math.round(seconds * 1000) });
  } catch (error) {
    const seconds = (performance.now() - started) / 1000;
    recordInferenceFailure(modelId, seconds);
    log.error({ user_id: String(userId), model_id: modelId, duration_ms: Math.round(seconds * 1000), err: error }, 'Inference failed');
    res.status(500).json({ error: 'inference_failed', message: error instanceof InferenceError ? error.message : 'internal error' });
  }
});

app.post('/train', async (req, res) => {
  const { model_id: modelId = 'model-abc123', episodes = 1 } = req.body ?? {};
  const model = models.get(modelId);
  if (model === undefined) return void res.status(404).json({ error: 'unknown_model', model_id: modelId });
  if (!(Number.isInteger(episodes) && episodes >= 1 && episodes <= 5)) return void res.status(400).json({ error: 'invalid_request', message: 'episodes: 1 to 5' });
  const results = [];
  for (let i = 0; i < episodes; i++) results.push(await runEpisode(model));
  res.json({ model_id: modelId, episodes_completed: model.episodes, results });
});

/** One training episode: samples from the environment (simulated wait), then learning. */
async function runEpisode(model) {
  return withSpan('active_inference.train_episode', async () => {
    const started = performance.now();
    await sleep(50 + Math.random() * 100);
    const { loss, samplesToConverge } = model.train(sensor(0));
    const seconds = (performance.now() - started) / 1000;
    const convergenceSeconds = (seconds * samplesToConverge) / 200;
    recordTraining(model.id, { episodes: model.episodes, loss, convergenceSeconds, samplesToConverge });
    log.info({ model_id: model.id, duration_ms: Math.round(seconds * 1000), context: { episode: model.episodes, loss: Number(loss.toFixed(4)), samples_to_converge: samplesToConverge } }, 'Training episode completed');
    return { episode: model.episodes, loss, samples_to_converge: samplesToConverge };
  });
}

// Malformed JSON and other request errors: a JSON answer and one log line, not Express's HTML page.
app.use((error, _req, res, _next) => {
  const status = Number.isInteger(error.status) && error.status >= 400 && error.status < 500 ? error.status : 500;
  if (status === 500) log.error({ err: error }, 'Request failed');
  else log.warn({ status, reason: error.type ?? error.message }, 'Request rejected');
  res.status(status).json({ error: status === 500 ? 'internal_error' : 'invalid_request', message: status === 500 ? 'internal error' : error.message });
});

let networkBytes = 0;
const server = app.listen(Number(process.env.PORT ?? 3003), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address();
  log.info({ address, port }, `inference service listening on http://${address}:${port}`);
});
server.on('connection', (socket) => socket.once('close', () => (networkBytes += socket.bytesRead + socket.bytesWritten)));
observeState({ networkBytes: () => networkBytes, diskPath: process.cwd() });

// Warm-up: one training episode per model, then ready.
void (async () => {
  for (const model of models.values()) await runEpisode(model);
  health.setStarted();
  log.info({ models: [...models.keys()] }, 'Models loaded, ready to serve');
})();
