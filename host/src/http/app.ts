import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import { QmoError } from '@qmo/sdk';
import { type AuthEnv, mountAuth } from '../auth/middleware.js';
import { usersRoutes } from '../auth/users-routes.js';
import type { HttpDeps } from './deps.js';
import { problem, problemFromError } from './problem.js';
import { accountAdminRoutes } from './routes/accounts.js';
import { advisorRoutes } from './routes/advisors.js';
import { mountApiDocs } from './routes/api-docs.js';
import { auditRoutes } from './routes/audit.js';
import { fixRoutes } from './routes/fix.js';
import { indicatorRoutes } from './routes/indicators.js';
import { marketDataRoutes } from './routes/marketdata.js';
import { orderRoutes } from './routes/orders.js';
import { portfolioRoutes } from './routes/portfolio.js';
import { preferenceRoutes } from './routes/preferences.js';
import { replayRoutes } from './routes/replay.js';
import { riskRoutes } from './routes/risk.js';
import { systemRoutes } from './routes/system.js';

/** The host's HTTP surface: API, health, metrics and the web UI. */
export function createHttpApp(deps: HttpDeps): OpenAPIHono<AuthEnv> {
  const app = new OpenAPIHono<AuthEnv>();

  app.use('*', async (c, next) => {
    await next();
    const route = c.req.routePath === '/*' ? 'static' : c.req.routePath;
    deps.metrics.httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) });
  });

  mountAuth(app, deps.auth, deps.access);
  app.route('/', systemRoutes(deps));
  app.route('/', marketDataRoutes(deps));
  app.route('/', indicatorRoutes(deps));
  app.route('/', advisorRoutes(deps.advisors));
  app.route('/', usersRoutes({ auth: deps.auth, access: deps.access }));
  app.route('/', orderRoutes(deps.trading));
  app.route('/', portfolioRoutes(deps.trading));
  app.route('/', replayRoutes(deps.replay, deps.logger));
  app.route(
    '/',
    preferenceRoutes(deps.preferences, () => deps.kernel.clock.now()),
  );
  app.route('/', accountAdminRoutes(deps.trading, deps.tradingStore));
  app.route('/', riskRoutes(deps.trading));
  app.route('/', auditRoutes(deps.journal));
  app.route('/', fixRoutes(deps.fix));
  mountApiDocs(app, { title: `${deps.branding.productName} API`, version: deps.version });

  app.all('/api/*', (c) =>
    problem(c, 404, `no such API route: ${c.req.method} ${c.req.path}`, { code: 'QMO_NOT_FOUND' }),
  );

  if (deps.uiDir && existsSync(join(deps.uiDir, 'index.html'))) {
    const indexHtml = readFileSync(join(deps.uiDir, 'index.html'), 'utf8');
    app.use('/*', serveStatic({ root: deps.uiDir }));
    app.get('/*', (c) => c.html(indexHtml));
  } else {
    app.get('/', (c) => c.text('The web UI is not built: run `npm run build`.', 503));
  }

  app.onError((error, c) => {
    if (!(error instanceof QmoError))
      deps.logger.error('request failed', { path: c.req.path, error: error.stack ?? String(error) });
    return problemFromError(c, error);
  });
  return app;
}
