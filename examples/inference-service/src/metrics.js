// The runbook's metrics, as plain OpenTelemetry instruments. Prometheus names follow from the
// instrument name and unit (unit `s` adds `_seconds`, `By` adds `_bytes`); the runbook's names that
// carry no unit suffix (ai_convergence_time in seconds) are instruments without a unit.
// HTTP request metrics (http_requests_total, ...) and process_resident_memory_bytes come from the
// preload's prometheus-classic profile.
'use strict';
const { statfs } = require('node:fs/promises');
const { metrics, ValueType } = require('@opentelemetry/api');

const meter = metrics.getMeter('inference-service', '0.1.0');

const inferenceDuration = meter.createHistogram('ai_inference_duration', {
  description: 'Time taken for one inference (belief updating and planning).',
  unit: 's',
  // 1 s is the alert threshold and the runbook's "critical" baseline; 0.1 and 0.5 its target and acceptable p95.
  advice: { explicitBucketBoundaries: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2.5, 5] },
});

/** Latest figures per model, read at collection time. */
const latest = new Map();
const perModel = (modelId) => {
  let m = latest.get(modelId);
  if (m === undefined) latest.set(modelId, (m = { outcomes: [], entropy: undefined, freeEnergy: undefined, training: undefined }));
  return m;
};

/** Accuracy is over the last 100 inferences whose true state the caller reported. */
function recordInference(modelId, { seconds, entropy, freeEnergy, correct }) {
  const m = perModel(modelId);
  inferenceDuration.record(seconds, { model_id: modelId });
  m.entropy = entropy;
  m.freeEnergy = freeEnergy;
  if (correct !== undefined) {
    m.outcomes.push(correct ? 1 : 0);
    if (m.outcomes.length > 100) m.outcomes.shift();
  }
}

function recordInferenceFailure(modelId, seconds) {
  perModel(modelId);
  inferenceDuration.record(seconds, { model_id: modelId });
}

/** The rolling accuracy of a model, or undefined before any labelled inference. */
function accuracyOf(modelId) {
  const outcomes = latest.get(modelId)?.outcomes ?? [];
  return outcomes.length === 0 ? undefined : outcomes.reduce((a, b) => a + b, 0) / outcomes.length;
}

function recordTraining(modelId, { episodes, loss, convergenceSeconds, samplesToConverge }) {
  perModel(modelId).training = { episodes, loss, convergenceSeconds, samplesToConverge };
}

/** @param {{ networkBytes: () => number, diskPath: string }} sources */
function observeState(sources) {
  const gauge = (name, description, options = {}) => meter.createObservableGauge(name, { description, ...options });
  const accuracy = gauge('ai_model_accuracy', 'Share of the last 100 labelled inferences whose most likely state was the true one.');
  const entropyGauge = gauge('ai_belief_entropy', 'Entropy (nats) of the latest posterior belief: the agent\'s uncertainty.');
  const freeEnergyGauge = gauge('ai_free_energy', 'Variational free energy (nats) of the latest inference\'s observations.');
  const loss = gauge('ai_training_loss', 'Mean surprise (nats) of the latest training episode\'s samples.');
  // A running count queried with increase(): a counter would be exposed as ai_episodes_completed_total.
  const episodes = gauge('ai_episodes_completed', 'Training episodes completed since start.', { valueType: ValueType.INT });
  const convergence = gauge('ai_convergence_time', 'Seconds the latest training episode took to converge.');
  const efficiency = gauge('ai_sample_efficiency', 'Samples the latest training episode needed to converge.', { valueType: ValueType.INT });
  const cpu = gauge('cpu_usage_percent', 'CPU time used by the process over wall time since the previous collection, in percent of one core.');
  const memory = gauge('memory_usage', 'Resident memory of the process.', { unit: 'By', valueType: ValueType.INT });
  const disk = gauge('disk_usage_percent', 'Used space of the file system holding the model files, in percent.');
  const network = gauge('network_io', 'Bytes read and written by the HTTP server\'s connections since start.', { unit: 'By', valueType: ValueType.INT });

  // statfs is asynchronous and collection callbacks are not: refresh it in the background.
  let diskPercent;
  const refreshDisk = () =>
    statfs(sources.diskPath)
      .then((s) => (diskPercent = (1 - s.bavail / s.blocks) * 100))
      .catch(() => (diskPercent = undefined));
  void refreshDisk();
  setInterval(() => void refreshDisk(), 10_000).unref();

  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();
  meter.addBatchObservableCallback(
    (result) => {
      for (const [modelId, m] of latest) {
        const attrs = { model_id: modelId };
        const ratio = accuracyOf(modelId);
        if (ratio !== undefined) result.observe(accuracy, ratio, attrs);
        if (m.entropy !== undefined) result.observe(entropyGauge, m.entropy, attrs);
        if (m.freeEnergy !== undefined) result.observe(freeEnergyGauge, m.freeEnergy, attrs);
        if (m.training !== undefined) {
          result.observe(loss, m.training.loss, attrs);
          result.observe(episodes, m.training.episodes, attrs);
          result.observe(convergence, m.training.convergenceSeconds, attrs);
          result.observe(efficiency, m.training.samplesToConverge, attrs);
        }
      }
      const now = performance.now();
      const used = process.cpuUsage(lastCpu);
      if (now > lastAt) result.observe(cpu, ((used.user + used.system) / 1000 / (now - lastAt)) * 100);
      lastCpu = process.cpuUsage();
      lastAt = now;
      result.observe(memory, process.memoryUsage.rss());
      if (diskPercent !== undefined) result.observe(disk, diskPercent);
      result.observe(network, sources.networkBytes());
    },
    [accuracy, entropyGauge, freeEnergyGauge, loss, episodes, convergence, efficiency, cpu, memory, disk, network],
  );
}

module.exports = { recordInference, recordInferenceFailure, recordTraining, accuracyOf, observeState };
