// Admission control of the orchestrator: a fixed-window rate limit per external service (calls
// wait for the next window while its queue has room, else they are refused), and a concurrency
// limit per tool type (calls wait in order for a free slot). otelkit's rate-limit and queue helpers
// count them; example.env names their series as the playbook does.
'use strict';
const { instrumentQueue, trackRateLimit } = require('@otelkit/metrics');

class RateLimitExceededError extends Error {
  constructor(service) {
    super(`rate limit of ${service} exceeded`);
    this.name = 'RateLimitExceededError';
    this.service = service;
  }
}

class RateLimiter {
  /** @param {{ service: string, perSecond: number, maxQueue: number }} options */
  constructor({ service, perSecond, maxQueue }) {
    this.service = service;
    this.perSecond = perSecond;
    this.maxQueue = maxQueue;
    this.windowStart = 0;
    this.used = 0;
    // Calls of the window before this one, if it was the one just before.
    this.previous = 0;
    /** @type {Array<() => void>} */
    this.waiting = [];
    this.timer = undefined;
    this.metrics = trackRateLimit({ name: service, limit: perSecond });
    this.metrics.setQueueDepth(0);
    // Usage is published as it changes and once a second, so it falls back to 0 when idle.
    setInterval(() => this.roll(), 1000).unref();
  }

  /** Resolves when the call may go out; rejects with RateLimitExceededError when the queue is full. */
  acquire() {
    this.roll();
    if (this.waiting.length === 0 && this.used < this.perSecond) {
      this.take();
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxQueue) {
      this.metrics.reject();
      return Promise.reject(new RateLimitExceededError(this.service));
    }
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.metrics.setQueueDepth(this.waiting.length);
      this.schedule();
    });
  }

  take() {
    this.used += 1;
    this.metrics.allow();
    this.publish();
  }

  /**
   * The busier of this window and the one before: a window is one second, as long as a scrape
   * interval, so a full window stays visible to at least one scrape.
   */
  publish() {
    this.metrics.setUsage(Math.max(this.used, this.previous));
  }

  roll() {
    const now = Date.now();
    if (now - this.windowStart >= 1000) {
      this.previous = now - this.windowStart < 2000 ? this.used : 0;
      this.windowStart = now - ((now - this.windowStart) % 1000);
      this.used = 0;
      this.publish();
    }
  }

  schedule() {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.roll();
      while (this.waiting.length > 0 && this.used < this.perSecond) {
        this.take();
        this.waiting.shift()();
      }
      this.metrics.setQueueDepth(this.waiting.length);
      if (this.waiting.length > 0) this.schedule();
    }, Math.max(1, 1000 - (Date.now() - this.windowStart)));
  }
}

class SlotPool {
  /** @param {{ name: string, size: number }} options */
  constructor({ name, size }) {
    this.size = size;
    this.busy = 0;
    /** @type {Array<() => void>} */
    this.waiting = [];
    // Each call is a job of this queue: backlog while it waits for a slot, running while it holds one.
    this.queue = instrumentQueue({ name });
  }

  async run(fn) {
    const enqueuedAt = Date.now();
    this.queue.enqueue();
    if (this.busy >= this.size) await new Promise((resolve) => this.waiting.push(resolve));
    else this.busy += 1;
    try {
      return await this.queue.track(fn, { enqueuedAt });
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.busy -= 1;
      else next();
    }
  }
}

module.exports = { RateLimiter, RateLimitExceededError, SlotPool };
