// Drives the inference service like its clients do. Each request is a trajectory of a simulated
// world (a hidden state moving on a ring, read by a noisy sensor) with the true final state as a label:
// - most go to model-abc123, now and then with a long planning horizon (over 1 s: HighResponseTime);
// - some go to model-legacy from a recalibrated sensor (readings off by one) it was not trained on,
//   so its accuracy falls under 0.8 (LowModelAccuracy);
// - sensor glitches, and every 30 s (from 5 s on) a faulty sensor's storm of them, make readings the model holds
//   impossible (500: HighErrorRate);
// - dropouts leave the agent with almost nothing to go on (belief entropy above 2);
// - a few malformed requests (400), and training episodes for both models every five seconds.
//   npm run traffic -w examples/inference-service -- --seconds 60 [--rps 10] [--url http://127.0.0.1:3003]
'use strict';
const { driveTraffic } = require('@otelkit/example-traffic');
const { sensor, STATES } = require('./agent.js');

const USERS = ['user-67890', 'user-12001', 'user-40404'];
const pick = (list) => list[Math.floor(Math.random() * list.length)];
const between = (min, max) => min + Math.floor(Math.random() * (max - min + 1));

/** A trajectory of `steps` readings of the moving hidden state, and where the state ended. */
function trajectory(steps, read, dropout = 0.05) {
  let state = between(0, STATES - 1);
  const observations = [];
  for (let t = 0; t < steps; t++) {
    if (t > 0) {
      const d = Math.random();
      state = (state + (d < 0.6 ? 0 : d < 0.8 ? 1 : STATES - 1)) % STATES;
    }
    observations.push(Math.random() < dropout ? null : read(state));
  }
  return { observations, true_state: state };
}

const healthy = sensor(0);
const recalibrated = sensor(1);

/** A glitch: the second reading is half the ring away from the first, which no state can explain (500). */
function glitch(user_id) {
  const t = trajectory(between(3, 8), healthy, 0);
  t.observations[1] = (t.observations[0] + STATES / 2) % STATES;
  return { path: '/infer', body: { ...t, user_id } };
}

function nextRequest() {
  const draw = Math.random();
  const user_id = pick(USERS);
  if (draw < 0.02) return { path: '/infer', body: '{"observations": [1, 2' };
  if (draw < 0.08) return glitch(user_id);
  if (draw < 0.11) {
    // No label: the caller has nothing to compare with either.
    const { observations } = trajectory(between(4, 8), healthy, 1);
    return { path: '/infer', body: { observations, user_id } };
  }
  if (draw < 0.27) return { path: '/infer', body: { ...trajectory(between(4, 12), recalibrated), model_id: 'model-legacy', user_id } };
  const horizon = Math.random() < 0.1 ? between(11, 14) : between(0, 3);
  return { path: '/infer', body: { ...trajectory(between(4, 12), healthy), model_id: 'model-abc123', horizon, user_id } };
}

driveTraffic({
  defaultPort: 3003,
  defaultRps: 10,
  next: nextRequest,
  every: [
    { ms: 5000, requests: () => ['model-abc123', 'model-legacy'].map((model_id) => ({ path: '/train', body: { model_id, episodes: 2 } })) },
    // A faulty sensor replaying garbage: 40 impossible readings at once, enough on their own for
    // HighErrorRate's 0.1 errors a second over 5 minutes. The first comes once the steady glitches
    // have made the 500 series exist, so the whole storm counts as an increase.
    { ms: 30_000, after: 5000, requests: () => Array.from({ length: 40 }, () => glitch(pick(USERS))) },
  ],
});
