// One orchestration: plan the tools for a prompt, run them in parallel, and speculate: the tool a
// prompt most likely needs starts while the planner is still thinking. When the plan names it, its
// result is used and the planner's time is saved; when not, the work is wasted.
'use strict';
const { TOOLS, executeTool, callPlanner } = require('./tools.js');
const { speculationAttempts } = require('./metrics.js');

const KEYWORDS = [
  [/search|find|news|latest/i, 'web_search'],
  [/order|customer|account|invoice/i, 'database_query'],
  [/plot|analy[sz]e|simulate|script/i, 'code_interpreter'],
  [/sum|add|total|compute/i, 'calculator'],
  [/partner|book|reserve/i, 'partner_api'],
];

/** The planner's choice: the keyword tools, but like any model it sometimes picks differently. */
function planFor(prompt) {
  const tools = KEYWORDS.filter(([re]) => re.test(prompt)).map(([, tool]) => tool);
  if (tools.length === 0) tools.push('web_search');
  if (Math.random() < 0.2) tools[0] = tools[0] === 'web_search' ? 'database_query' : 'web_search';
  return [...new Set(tools)];
}

/** The speculator's guess: the first keyword tool, cheap to compute before the plan exists. */
function guessFor(prompt) {
  return KEYWORDS.find(([re]) => re.test(prompt))?.[1];
}

const speculation = { hits: 0, misses: 0, savedSeconds: 0 };

/**
 * @param {{ prompt: string, tools?: string[], userId: string }} request
 * @returns {Promise<{ plan: string[], results: object[], speculation?: { tool: string, outcome: string } }>}
 */
async function orchestrate({ prompt, tools, userId }) {
  const guess = tools === undefined ? guessFor(prompt) : undefined;
  const speculative = guess === undefined ? undefined : settle(guess, executeTool(guess, prompt, { userId, speculative: true }));
  const planStarted = performance.now();
  let plan;
  try {
    await callPlanner(prompt);
    plan = tools ?? planFor(prompt);
  } catch (error) {
    await speculative;
    throw error;
  }
  const planSeconds = (performance.now() - planStarted) / 1000;

  let outcome;
  if (guess !== undefined) {
    outcome = plan.includes(guess) ? 'hit' : 'miss';
    speculationAttempts.add(1, { outcome });
    if (outcome === 'hit') {
      speculation.hits += 1;
      speculation.savedSeconds += planSeconds;
    } else {
      speculation.misses += 1;
    }
  }
  const results = await Promise.all(plan.map((tool) => (outcome === 'hit' && tool === guess ? speculative : settle(tool, executeTool(tool, prompt, { userId })))));
  if (outcome === 'miss') await speculative;
  return { plan, results, ...(outcome === undefined ? {} : { speculation: { tool: guess, outcome } }) };
}

/** A tool result, never a rejection: a failed tool is a result with its status. */
function settle(tool, promise) {
  return promise.catch((error) => ({ tool, status: error.status ?? (error.name === 'RateLimitExceededError' ? 'rate_limited' : 'error'), error: error.message }));
}

const speculationState = () => ({
  accuracy: speculation.hits + speculation.misses === 0 ? undefined : speculation.hits / (speculation.hits + speculation.misses),
  savedSeconds: speculation.savedSeconds,
});

const knownTool = (name) => Object.hasOwn(TOOLS, name);

module.exports = { orchestrate, speculationState, knownTool };
