// Express route shapes (mounted routers with parameters, nested routers, sub-apps, arrays, RegExps,
// async handlers, 404s), no tracing code: run under `node --require @otelkit/node/register`.
// A builder, so that the Express 5 test fixture runs the same routes on its own express.
'use strict';

function build(express) {
  const app = express();
  app.use(express.json());
  app.get('/users/:id', (req, res) => res.json({ id: req.params.id }));

  const members = express.Router({ mergeParams: true });
  members.get('/members/:member', (req, res) => res.json(req.params));
  app.use('/orgs/:org', members);
  // Reached only after the request left the router above without a match.
  app.get('/orgs/:org/settings', (req, res) => res.json({ settings: req.params.org }));

  const v1 = express.Router();
  v1.get('/items/:id', async (req, res) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    res.json({ item: req.params.id });
  });
  v1.get('/', (_req, res) => res.json({ version: 1 }));
  const api = express.Router();
  api.use('/v1', v1);
  app.use('/api', api);

  const sub = express();
  sub.get('/things/:thing', (req, res) => res.json({ thing: req.params.thing }));
  app.use('/sub', sub);

  app.get(['/a/:x', '/b/:x'], (req, res) => res.json({ x: req.params.x }));
  app.get(/^\/re\/(\d+)$/, (_req, res) => res.json({ re: true }));
  return app;
}

module.exports = { build };
