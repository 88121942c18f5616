// Drives the orchestrator like its clients do: a steady stream of prompts, some pinned to the
// unreliable partner API (502s when it fails), a few malformed requests (400), and every ten
// seconds a burst of bookings that overruns the partner's rate limit (429s, rate_limit_hits_total).
//   npm run traffic -w examples/tool-orchestrator -- --seconds 60 [--rps 20] [--url http://127.0.0.1:3002]
'use strict';
const { driveTraffic } = require('@otelkit/example-traffic');

const PROMPTS = [
  'search the latest news on vector databases',
  'find the customer account for invoice 1042',
  'analyze last week of orders and plot them',
  'compute the total of 12 and 30 and 7.5',
  'search for flights and book a partner hotel',
  'simulate the queue with a script',
  'summarise this thread',
];
const USERS = ['user-789', 'user-101', 'user-202', 'user-303'];
const pick = (list) => list[Math.floor(Math.random() * list.length)];
const orchestrate = (body) => ({ path: '/orchestrate', body });

driveTraffic({
  defaultPort: 3002,
  defaultRps: 20,
  next() {
    const draw = Math.random();
    const user_id = pick(USERS);
    if (draw < 0.03) return orchestrate('{"prompt": ');
    if (draw < 0.12) return orchestrate({ prompt: 'confirm the partner booking', tools: ['partner_api'], user_id });
    return orchestrate({ prompt: pick(PROMPTS), user_id });
  },
  // The partner allows 5 calls a second and 2 waiting: most of a burst of 15 is refused.
  every: [{ ms: 10_000, requests: () => Array.from({ length: 15 }, () => orchestrate({ prompt: 'reserve a partner table', tools: ['partner_api'], user_id: pick(USERS) })) }],
});
