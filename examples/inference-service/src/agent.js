// A small active-inference agent: discrete hidden states on a ring, a generative model (how
// observations follow from states, how states move), exact Bayesian belief updating, the belief's
// entropy and the variational free energy of the observations (with the exact posterior, minus the
// log evidence). Training episodes learn the observation model from samples by counting.
'use strict';

const STATES = 16;
const SUPPORT = 2; // a sensor never reads more than 2 states away from the truth
const STAY = 0.6; // per step the state stays, or moves one step either way (0.2 each)

class InferenceError extends Error {
  constructor(message) {
    super(message);
    this.name = 'InferenceError';
  }
}

const ringDistance = (a, b) => Math.min(Math.abs(a - b), STATES - Math.abs(a - b));

/** p(observation | state): a discretised bell of width `sigma`, zero beyond SUPPORT. */
function likelihoodMatrix(sigma) {
  return Array.from({ length: STATES }, (_, s) => {
    const row = Array.from({ length: STATES }, (_, o) => (ringDistance(o, s) > SUPPORT ? 0 : Math.exp(-(ringDistance(o, s) ** 2) / (2 * sigma * sigma))));
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((v) => v / sum);
  });
}

/** One step of the transition model applied to a belief. */
function predict(belief) {
  return belief.map((_, s) => STAY * belief[s] + ((1 - STAY) / 2) * (belief[(s + STATES - 1) % STATES] + belief[(s + 1) % STATES]));
}

const entropy = (belief) => -belief.reduce((h, p) => (p > 0 ? h + p * Math.log(p) : h), 0);

class Model {
  constructor(id, sigma = 0.4) {
    this.id = id;
    this.likelihood = likelihoodMatrix(sigma);
    this.counts = this.likelihood.map((row) => row.map((p) => 1 + p * 20)); // Dirichlet counts
    this.episodes = 0;
    this.trainingLoss = undefined;
  }

  /**
   * Beliefs after a sequence of observations (null: the sensor gave nothing at that step).
   * @returns {{ belief: number[], state: number, entropy: number, freeEnergy: number }}
   */
  infer(observations) {
    let belief = new Array(STATES).fill(1 / STATES);
    let logEvidence = 0;
    for (const [step, o] of observations.entries()) {
      if (step > 0) belief = predict(belief);
      if (o === null) continue;
      const joint = belief.map((p, s) => p * this.likelihood[s][o]);
      const evidence = joint.reduce((a, b) => a + b, 0);
      if (!(evidence > 0)) throw new InferenceError(`belief collapsed at step ${step}: observation ${o} is impossible under the model`);
      logEvidence += Math.log(evidence);
      belief = joint.map((p) => p / evidence);
    }
    const state = belief.indexOf(Math.max(...belief));
    return { belief, state, entropy: entropy(belief), freeEnergy: -logEvidence };
  }

  /**
   * One training episode: sample a trajectory from the world, update the counts, re-estimate the
   * observation model, and report the loss (mean surprise of the samples) and when it settled.
   * @param {(state: number) => number} sense the world's sensor
   */
  train(sense, samples = 200) {
    let state = Math.floor(Math.random() * STATES);
    let loss = 0;
    let convergedAt = samples;
    let window;
    for (let i = 1; i <= samples; i++) {
      const draw = Math.random();
      state = (state + (draw < STAY ? 0 : draw < STAY + (1 - STAY) / 2 ? 1 : STATES - 1)) % STATES;
      const o = sense(state);
      const row = this.counts[state];
      const total = row.reduce((a, b) => a + b, 0);
      const surprise = -Math.log(row[o] / total);
      loss += surprise;
      window = window === undefined ? surprise : 0.95 * window + 0.05 * surprise;
      if (convergedAt === samples && i >= 20 && window < 0.55) convergedAt = i;
      row[o] += 1;
    }
    this.likelihood = this.counts.map((row, s) => {
      const total = row.reduce((a, b) => a + b, 0);
      return row.map((c, o) => (ringDistance(o, s) > SUPPORT ? 0 : c / total));
    });
    this.episodes += 1;
    this.trainingLoss = loss / samples;
    return { loss: this.trainingLoss, samplesToConverge: convergedAt };
  }
}

/** The world a model is asked about: a sensor reading of a state, with noise and an optional bias. */
function sensor(bias = 0) {
  return (state) => {
    const draw = Math.random();
    const noise = draw < 0.9 ? 0 : draw < 0.95 ? 1 : -1;
    return (state + noise + bias + STATES) % STATES;
  };
}

module.exports = { Model, InferenceError, sensor, STATES };
