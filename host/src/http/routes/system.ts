import { Hono } from 'hono';
import type { HttpDeps } from '../deps.js';

/** Status, health and metrics. */
export function systemRoutes(deps: HttpDeps): Hono {
  const app = new Hono();
  const { kernel, marketData, metrics } = deps;
  // Where a plugin sits on the server's disk is not for anonymous readers.
  const publicPlugins = () => kernel.plugins().map(({ location: _location, ...report }) => report);

  app.get('/api/v1/status', (c) =>
    c.json({
      name: deps.branding.productName,
      version: deps.version,
      sdkVersion: deps.sdkVersion,
      startedAt: new Date(deps.startedAt).toISOString(),
      uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
      storage: deps.storage,
      ready: deps.notReadyReason() === null,
      plugins: publicPlugins(),
      sources: marketData.sources.report(),
    }),
  );
  app.get('/api/v1/plugins', (c) => c.json(publicPlugins()));
  app.get('/api/v1/branding', (c) => c.json(deps.branding));

  app.get('/health/live', (c) => c.json({ status: 'live' }));
  app.get('/health/ready', (c) => {
    const reason = deps.notReadyReason();
    return reason === null ? c.json({ status: 'ready' }) : c.json({ status: 'starting', reason }, 503);
  });

  app.get('/metrics', async (c) => {
    metrics.plugins.reset();
    for (const p of kernel.plugins()) metrics.plugins.inc({ state: p.state });
    return c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType });
  });
  return app;
}
