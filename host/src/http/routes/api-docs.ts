import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { AuthEnv } from '../../auth/middleware.js';

const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    code: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>QMO API</title>
  <link rel="stylesheet" href="/api/v1/docs/assets/swagger-ui.css" />
  <style>body { margin: 0; background: #fafafa; }</style>
</head>
<body>
  <div id="docs"></div>
  <script src="/api/v1/docs/assets/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#docs', deepLinking: true, withCredentials: true });
  </script>
</body>
</html>`;

/** `/api/v1/openapi.json` (generated from the routes' zod schemas) and a readable page at `/api/v1/docs`, served offline. */
export function mountApiDocs(app: OpenAPIHono<AuthEnv>, info: { title: string; version: string }): void {
  app.openAPIRegistry.register('Problem', problemSchema);
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'qmo.session_token',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer' });
  app.doc31('/api/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      ...info,
      description: 'QMO host API. Errors are application/problem+json (RFC 9457) with a stable `code`.',
    },
    security: [{ session: [] }, { apiKey: [] }],
  });
  const assets = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  app.use(
    '/api/v1/docs/assets/*',
    serveStatic({ root: assets, rewriteRequestPath: (p) => p.replace('/api/v1/docs/assets', '') }),
  );
  app.get('/api/v1/docs', (c) => c.html(DOCS_HTML));
}
