// The Autonomous Engineering Team's orchestrator: a task runs through a workflow of agents
// (architect, developer, reviewer, tester, writer). Each agent call assembles its context from the
// knowledge store (SQLite), does its work and records the outcome in the task registry. A background
// orchestration cycle checks the system every second. Every step reports through telemetry.js.
'use strict';
const { createHash, randomUUID } = require('node:crypto');
const { DatabaseSync } = require('node:sqlite');
const { setTimeout: sleep } = require('node:timers/promises');
const { instrumentQueue } = require('@otelkit/metrics');
const { instruments, timed, event, inSpan, overhead } = require('./telemetry.js');

/** Agents: their operation, typical latency (ms, waiting on a model or a tool) and CPU work (hash rounds). */
const AGENTS = {
  architect: { operation: 'design', latencyMs: 30, work: 400 },
  developer: { operation: 'implement', latencyMs: 40, work: 600 },
  reviewer: { operation: 'review', latencyMs: 20, work: 300 },
  tester: { operation: 'test', latencyMs: 25, work: 400 },
  writer: { operation: 'document', latencyMs: 15, work: 200 },
};

/** Which agents a task type runs through, in order. */
const WORKFLOWS = {
  feature: ['architect', 'developer', 'reviewer'],
  bugfix: ['developer', 'tester'],
  review: ['reviewer'],
  docs: ['writer'],
};

class TaskError extends Error {
  constructor(message, agent) {
    super(message);
    this.name = 'TaskError';
    this.agent = agent;
  }
}

class Orchestrator {
  /** @param {{ dbPath?: string, latencyScale?: number }} options */
  constructor({ dbPath = ':memory:', latencyScale = 1 } = {}) {
    this.db = new DatabaseSync(dbPath);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS tasks (id TEXT PRIMARY KEY, type TEXT, status TEXT, created_at TEXT, finished_at TEXT, duration_ms REAL, error TEXT);
      CREATE TABLE IF NOT EXISTS knowledge (topic TEXT, body TEXT);
      CREATE TABLE IF NOT EXISTS events (ts TEXT, event_type TEXT, level TEXT, task_id TEXT, agent TEXT);
    `);
    const insert = this.db.prepare('INSERT INTO knowledge (topic, body) VALUES (?, ?)');
    for (const topic of ['architecture', 'conventions', 'api', 'tests', 'docs']) for (let i = 0; i < 20; i++) insert.run(topic, `${topic} note ${i}: ${'x'.repeat(200)}`);
    this.statements = {
      insertTask: this.db.prepare('INSERT INTO tasks (id, type, status, created_at) VALUES (?, ?, ?, ?)'),
      finishTask: this.db.prepare('UPDATE tasks SET status = ?, finished_at = ?, duration_ms = ?, error = ? WHERE id = ?'),
      getTask: this.db.prepare('SELECT id, type, status, created_at, finished_at, duration_ms, error FROM tasks WHERE id = ?'),
      knowledge: this.db.prepare('SELECT body FROM knowledge WHERE topic = ? LIMIT 10'),
      insertEvent: this.db.prepare('INSERT INTO events (ts, event_type, level, task_id, agent) VALUES (?, ?, ?, ?, ?)'),
      countTasks: this.db.prepare('SELECT status, COUNT(*) AS n FROM tasks GROUP BY status'),
    };
    // One job queue per task type: otelkit's queue helper records tasks, their duration and the
    // active ones, under the runbook's names (metrics-naming.env).
    this.queues = Object.fromEntries(Object.keys(WORKFLOWS).map((type) => [type, instrumentQueue({ name: type })]));
    this.latencyScale = latencyScale;
    this.active = 0;
    this.agentStats = Object.fromEntries(Object.keys(AGENTS).map((name) => [name, { requests: 0, failures: 0, totalMs: 0 }]));
    this.lastCycleAt = 0;
    this.cycles = 0;
    this.healthResults = [];
  }

  /** Whether the database answers (the /health and /ready check). */
  ping() {
    this.db.prepare('SELECT 1').get();
  }

  taskTypes() {
    return Object.keys(WORKFLOWS);
  }

  getTask(id) {
    return this.statements.getTask.get(id);
  }

  /** Write an event: its row in the event log, its counter and its JSON line. */
  record(eventType, level, fields, message) {
    this.statements.insertEvent.run(new Date().toISOString(), eventType, level, fields.task_id ?? null, fields.agent ?? null);
    event(eventType, level, fields, message);
  }

  /**
   * Run a task through its workflow. `failAgent` makes that agent fail, `slowMs` adds latency to
   * every agent call: the failures and slow tasks the runbook's alerts watch for.
   */
  async run({ type, failAgent, slowMs = 0 }) {
    const workflow = WORKFLOWS[type];
    if (workflow === undefined) throw new RangeError(`unknown task type "${type}"; one of ${this.taskTypes().join(', ')}`);
    const id = randomUUID();
    const started = performance.now();
    this.active++;
    const queue = this.queues[type];
    const job = timed(() => {
      queue.enqueue();
      return queue.start();
    });
    this.statements.insertTask.run(id, type, 'running', new Date().toISOString());
    this.record('task_started', 'info', { task_id: id, task_type: type }, 'Task started');
    let status = 'success';
    let failure;
    const results = [];
    try {
      await inSpan('aet.task', { 'aet.task.id': id, 'aet.task.type': type }, async () => {
        for (const agent of workflow) results.push(await this.callAgent(id, type, agent, { fail: agent === failAgent, slowMs }));
      });
    } catch (error) {
      status = 'failure';
      failure = error;
    } finally {
      const durationMs = performance.now() - started;
      this.active--;
      await inSpan('aet.registry.update', { 'db.system.name': 'sqlite', 'db.operation.name': 'UPDATE', 'db.collection.name': 'tasks' }, () =>
        this.statements.finishTask.run(status, new Date().toISOString(), durationMs, failure?.message ?? null, id),
      );
      timed(() => (failure === undefined ? job.complete() : job.fail(failure)));
      overhead.tasks++;
      overhead.taskMs += durationMs;
      const fields = { task_id: id, task_type: type, status, duration_ms: Math.round(durationMs * 100) / 100 };
      if (failure === undefined) this.record('task_completed', 'info', fields, 'Task completed');
      else this.record('task_failed', 'error', { ...fields, agent: failure.agent, error: failure.message }, 'Task failed');
    }
    return { task_id: id, task_type: type, status, agents: results, error: failure?.message };
  }

  /** One agent call: context assembly, the work, the outcome. */
  async callAgent(taskId, taskType, agent, { fail, slowMs }) {
    const spec = AGENTS[agent];
    const started = performance.now();
    const stats = this.agentStats[agent];
    stats.requests++;
    let status = 'success';
    try {
      return await inSpan('aet.agent.execute', { 'aet.agent.name': agent, 'aet.agent.operation': spec.operation, 'aet.task.id': taskId }, async () => {
        const context = await this.assembleContext(agent, taskType);
        await sleep((spec.latencyMs + slowMs) * this.latencyScale * (0.5 + Math.random()));
        const digest = work(context, spec.work);
        if (fail) throw new TaskError(`${agent} could not ${spec.operation}: tool call failed`, agent);
        return { agent, operation: spec.operation, digest: digest.slice(0, 12) };
      });
    } catch (error) {
      status = 'failure';
      stats.failures++;
      this.record('agent_error', 'warn', { task_id: taskId, task_type: taskType, agent, operation: spec.operation, error: error.message }, 'Agent call failed');
      throw error;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      stats.totalMs += seconds * 1000;
      timed(() => {
        instruments.agentRequests.add(1, { agent, operation: spec.operation, status });
        instruments.agentResponse.record(seconds, { agent, operation: spec.operation });
      });
    }
  }

  /** Read the knowledge the agent needs from the store. */
  async assembleContext(agent, taskType) {
    const started = performance.now();
    const topic = { architect: 'architecture', developer: 'conventions', reviewer: 'api', tester: 'tests', writer: 'docs' }[agent];
    const notes = await inSpan('aet.context.assemble', { 'aet.agent.name': agent, 'db.system.name': 'sqlite', 'db.operation.name': 'SELECT' }, () => this.statements.knowledge.all(topic));
    timed(() => instruments.contextAssembly.record((performance.now() - started) / 1000, { agent }));
    return JSON.stringify({ agent, taskType, notes: notes.map((n) => n.body) });
  }

  /**
   * The background cycle: runs the health checks (through `runChecks`) so the health gauge has
   * fresh results, and counts itself. Its span is a trace of its own.
   */
  async cycle(runChecks) {
    // Set first: the orchestrator check, run inside the cycle, asks when the last cycle began.
    this.lastCycleAt = Date.now();
    let status = 'success';
    try {
      await inSpan('aet.orchestration.cycle', { 'aet.active_tasks': this.active }, async () => {
        this.healthResults = await runChecks();
      });
    } catch {
      status = 'failure';
    }
    this.cycles++;
    timed(() => instruments.cycles.add(1, { status }));
  }

  summary() {
    const byStatus = Object.fromEntries(this.statements.countTasks.all().map((r) => [r.status, r.n]));
    return { active: this.active, by_status: byStatus, cycles: this.cycles, last_cycle_at: this.lastCycleAt === 0 ? null : new Date(this.lastCycleAt).toISOString() };
  }

  agents() {
    return Object.entries(AGENTS).map(([name, spec]) => {
      const s = this.agentStats[name];
      return { name, operation: spec.operation, requests: s.requests, failures: s.failures, avg_response_ms: s.requests === 0 ? 0 : Math.round((s.totalMs / s.requests) * 100) / 100 };
    });
  }

  close() {
    this.db.close();
  }
}

/** CPU work standing in for parsing and generating code: hash rounds over the context. */
function work(input, rounds) {
  let digest = input;
  for (let i = 0; i < rounds; i++) digest = createHash('sha256').update(digest).digest('hex');
  return digest;
}

module.exports = { Orchestrator, AGENTS, WORKFLOWS };
