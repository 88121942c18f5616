// The tools the orchestrator can call. Each one is simulated (the work is a timer, the failure a
// draw) but goes through the real admission path: its tool type's slots, then its service's rate
// limit, then the call inside a span, counted, timed and logged.
'use strict';
const { setTimeout: sleep } = require('node:timers/promises');
const { createLogger } = require('@otelkit/logs');
const { withSpan } = require('@otelkit/tracing');
const { RateLimiter, SlotPool, RateLimitExceededError } = require('./limits.js');
const { toolExecutions, toolDuration, rateLimitHits } = require('./metrics.js');

const log = createLogger({ name: 'orchestrator.tools' });

class ToolError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'ToolError';
    this.status = status; // 'error' or 'timeout'
  }
}

const between = (min, max) => min + Math.random() * (max - min);

/** Rate limits of the external services, per second, and how many calls may wait for a window. */
const rateLimiters = new Map(
  [
    { service: 'llm', perSecond: 40, maxQueue: 20 },
    { service: 'web_search_api', perSecond: 25, maxQueue: 10 },
    { service: 'database', perSecond: 100, maxQueue: 50 },
    { service: 'partner_api', perSecond: 5, maxQueue: 2 },
  ].map((o) => [o.service, new RateLimiter(o)]),
);

/** Concurrent executions per tool type. */
const slots = new Map(
  [
    { name: 'search', size: 8 },
    { name: 'database', size: 4 },
    { name: 'compute', size: 4 },
    { name: 'external', size: 2 },
  ].map((o) => [o.name, new SlotPool(o)]),
);

/** @type {Record<string, { type: string, service?: string, run: (input: string) => Promise<unknown> }>} */
const TOOLS = {
  web_search: {
    type: 'search',
    service: 'web_search_api',
    async run(query) {
      await sleep(between(80, 400));
      if (Math.random() < 0.01) throw new ToolError('search backend returned 500', 'error');
      return { hits: Math.ceil(between(1, 20)), query };
    },
  },
  database_query: {
    type: 'database',
    service: 'database',
    async run() {
      await sleep(between(10, 120));
      return { rows: Math.floor(between(0, 50)) };
    },
  },
  code_interpreter: {
    type: 'compute',
    async run() {
      // Now and then a notebook cell runs long: the p95 latency alerts watch for these.
      await sleep(Math.random() < 0.08 ? between(2200, 3000) : between(150, 900));
      if (Math.random() < 0.02) throw new ToolError('kernel died', 'error');
      return { exitCode: 0 };
    },
  },
  calculator: {
    type: 'compute',
    async run(expression) {
      const numbers = (expression.match(/\d+(\.\d+)?/g) ?? ['0']).map(Number);
      return { sum: numbers.reduce((a, b) => a + b, 0) };
    },
  },
  partner_api: {
    type: 'external',
    service: 'partner_api',
    async run() {
      // An unreliable partner: upstream errors and hangs cut off by the 1.5 s tool timeout.
      const draw = Math.random();
      if (draw < 0.05) {
        await sleep(1500);
        throw new ToolError('partner_api did not answer within 1.5 s', 'timeout');
      }
      await sleep(between(100, 300));
      if (draw < 0.35) throw new ToolError('partner_api answered 503', 'error');
      return { accepted: true };
    },
  },
};

/** Wait for the service's rate limit; count and log a refusal. */
async function admit(service, attributes) {
  const limiter = rateLimiters.get(service);
  try {
    await limiter.acquire();
  } catch (error) {
    if (error instanceof RateLimitExceededError) {
      rateLimitHits.add(1, { service });
      log.warn({ service, ...attributes }, 'rate_limit_exceeded');
    }
    throw error;
  }
}

/**
 * Execute one tool in a span: wait for its service's rate limit, then for a slot of its type, then run it.
 * @returns {Promise<{ tool: string, status: string, duration_ms: number, output?: unknown, error?: string }>}
 */
async function executeTool(name, input, { userId, speculative = false } = {}) {
  const tool = TOOLS[name];
  return withSpan(
    `tool ${name}`,
    async (span) => {
      // The service's rate limit first (a refusal must not hold a slot), then a slot of the tool's type.
      if (tool.service !== undefined) {
        try {
          await admit(tool.service, { tool_name: name, user_id: userId });
        } catch (error) {
          toolExecutions.add(1, { tool_name: name, status: 'rate_limited' });
          throw error;
        }
      }
      return slots.get(tool.type).run(async () => {
        const started = performance.now();
        let status = 'success';
        try {
          const output = await tool.run(input);
          return { tool: name, status, duration_ms: Math.round(performance.now() - started), output };
        } catch (error) {
          status = error instanceof ToolError ? error.status : 'error';
          span.setAttribute('tool.status', status);
          throw error;
        } finally {
          const seconds = (performance.now() - started) / 1000;
          toolExecutions.add(1, { tool_name: name, status });
          toolDuration.record(seconds, { tool_name: name });
          const fields = { tool_name: name, duration_ms: Math.round(seconds * 1000), status, user_id: userId, speculative };
          if (status === 'success') log.info(fields, 'Tool execution completed');
          else log.error(fields, 'Tool execution failed');
        }
      });
    },
    { attributes: { 'tool.name': name, 'tool.type': tool.type, 'tool.speculative': speculative } },
  );
}

/** Run the planner (an LLM call behind the `llm` rate limit) for a prompt. */
async function callPlanner(prompt) {
  await admit('llm', {});
  return withSpan('llm plan', async () => {
    await sleep(between(60, 200));
    return prompt;
  });
}

const stateOf = {
  poolSize: () => slots.get('database').size,
};

module.exports = { TOOLS, executeTool, callPlanner, stateOf, RateLimitExceededError };
