import { createRoute, z } from '@hono/zod-openapi';
import type { TradingEngine } from '@qmo/core';
import { type Decimal, InvalidArgumentError } from '@qmo/sdk';
import { getPrincipal, requireRole } from '../../auth/middleware.js';
import type { DrizzleTradingStore } from '../../db/index.js';
import { createOpenApiApp, jsonResponse, problemResponse } from '../openapi-app.js';
import { accountSchema } from '../schemas/trading.js';
import { actorOf } from './orders.js';

const deskSchema = z
  .object({ id: z.string().min(1).max(64), name: z.string().min(1).max(200) })
  .strict()
  .openapi('Desk');
const newAccountSchema = z
  .object({
    id: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore'),
    name: z.string().min(1).max(200),
    desk: z.string().min(1),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code, e.g. USD'),
    startingEquity: z.string().regex(/^\d+(\.\d+)?$/, 'an exact decimal string, e.g. "1000000"'),
  })
  .strict();

/** Desks and trading accounts (admin). Users are granted accounts or whole desks. */
export function accountAdminRoutes(trading: TradingEngine, store: DrizzleTradingStore) {
  const app = createOpenApiApp();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/desks',
      tags: ['Accounts'],
      summary: 'Desks',
      middleware: [requireRole('admin', 'risk', 'compliance')] as const,
      responses: { 200: jsonResponse(z.array(deskSchema), 'Desks') },
    }),
    async (c) => c.json(await store.desks(), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/desks',
      tags: ['Accounts'],
      summary: 'Create a desk',
      middleware: [requireRole('admin')] as const,
      request: { body: { content: { 'application/json': { schema: deskSchema } }, required: true } },
      responses: {
        201: jsonResponse(deskSchema, 'The desk'),
        400: problemResponse('Invalid, or the desk exists'),
      },
    }),
    async (c) => c.json(await store.createDesk(c.req.valid('json'), actorOf(getPrincipal(c))), 201),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/accounts',
      tags: ['Accounts'],
      summary: 'Create a trading account in a desk',
      middleware: [requireRole('admin')] as const,
      request: { body: { content: { 'application/json': { schema: newAccountSchema } }, required: true } },
      responses: {
        201: jsonResponse(accountSchema, 'The account'),
        400: problemResponse('Invalid, unknown desk or existing account'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      if (trading.account(body.id))
        throw new InvalidArgumentError(`account "${body.id}" exists`, { field: 'id' });
      if (!(await store.desks()).some((d) => d.id === body.desk)) {
        throw new InvalidArgumentError(`no desk "${body.desk}"`, { field: 'desk' });
      }
      const account = await trading.upsertAccount(
        { ...body, startingEquity: body.startingEquity as Decimal },
        actorOf(getPrincipal(c)),
      );
      return c.json(account, 201);
    },
  );
  return app;
}
