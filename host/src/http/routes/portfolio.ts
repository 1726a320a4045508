import { createRoute, z } from '@hono/zod-openapi';
import type { TradingEngine } from '@qmo/core';
import { accountsOfCaller, getPrincipal, requireAuth } from '../../auth/middleware.js';
import { createOpenApiApp, jsonResponse } from '../openapi-app.js';
import { accountQuerySchema, accountSchema, positionSchema } from '../schemas/trading.js';
import { visibleAccounts } from './orders.js';

/** Who am I, my accounts, positions and P&L. */
export function portfolioRoutes(trading: TradingEngine) {
  const app = createOpenApiApp();
  for (const path of ['/api/v1/me', '/api/v1/accounts', '/api/v1/positions', '/api/v1/pnl'])
    app.use(path, requireAuth());

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/me',
      tags: ['Accounts'],
      summary: 'The caller and the accounts they may see',
      responses: {
        200: jsonResponse(
          z.object({
            user: z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string() }),
            accounts: z.array(accountSchema),
          }),
          'The caller',
        ),
      },
    }),
    async (c) => {
      const p = getPrincipal(c);
      const ids = new Set(await accountsOfCaller(c));
      return c.json(
        {
          user: { id: p.userId, email: p.email, name: p.name, role: p.role },
          accounts: trading.accounts().filter((a) => ids.has(a.id)),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/accounts',
      tags: ['Accounts'],
      summary: 'Accounts the caller may see',
      responses: { 200: jsonResponse(z.array(accountSchema), 'Accounts') },
    }),
    async (c) => {
      const ids = new Set(await accountsOfCaller(c));
      return c.json(
        trading.accounts().filter((a) => ids.has(a.id)),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/positions',
      tags: ['Portfolio'],
      summary: 'Positions marked to market',
      request: { query: accountQuerySchema },
      responses: { 200: jsonResponse(z.array(positionSchema), 'Positions') },
    }),
    async (c) => c.json(trading.positions(await visibleAccounts(c, c.req.valid('query').account)), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/pnl',
      tags: ['Portfolio'],
      summary: 'P&L per account, desk and strategy tag',
      request: { query: accountQuerySchema },
      responses: {
        200: jsonResponse(z.record(z.string(), z.unknown()), 'P&L report (exact decimal strings)'),
      },
    }),
    async (c) =>
      c.json(
        trading.pnl(await visibleAccounts(c, c.req.valid('query').account)) as unknown as Record<
          string,
          unknown
        >,
        200,
      ),
  );

  return app;
}
