import { createRoute, z } from '@hono/zod-openapi';
import type { TradingEngine } from '@qmo/core';
import { ERROR_CODES, NotFoundError, type OrderChanges, type OrderRequest, QmoError } from '@qmo/sdk';
import type { Principal } from '../../auth/access-control.js';
import {
  type AnyContext,
  accountsOfCaller,
  assertAccount,
  getPrincipal,
  requireAuth,
  requireRole,
} from '../../auth/middleware.js';
import { createOpenApiApp, jsonResponse, problemResponse } from '../openapi-app.js';
import {
  executionQuerySchema,
  executionSchema,
  orderChangesSchema,
  orderQuerySchema,
  orderRequestSchema,
  orderSchema,
  riskVerdictSchema,
} from '../schemas/trading.js';

/** The actor recorded in the audit trail for a caller. */
export function actorOf(principal: Principal): string {
  return principal.via === 'apikey' ? `apikey:${principal.apiKeyId}` : `user:${principal.userId}`;
}

const idParam = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const TRADERS = ['trader', 'admin'] as const;

/** Orders and executions: create, cancel, replace, list — for the accounts granted to the caller. */
export function orderRoutes(trading: TradingEngine) {
  const app = createOpenApiApp();

  app.use('/api/v1/orders', requireAuth());
  app.use('/api/v1/orders/*', requireAuth());
  app.use('/api/v1/executions', requireAuth());

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/orders',
      tags: ['Orders'],
      summary: 'Submit an order',
      description:
        'Validated, risk-checked and stored before it is acknowledged. A repeated clientOrderId returns the existing order.',
      middleware: [requireRole(...TRADERS)] as const,
      request: { body: { content: { 'application/json': { schema: orderRequestSchema } }, required: true } },
      responses: {
        201: jsonResponse(orderSchema, 'The order, acknowledged (durable)'),
        200: jsonResponse(
          orderSchema.extend({ duplicate: z.literal(true) }),
          'The existing order with this clientOrderId',
        ),
        400: problemResponse('Malformed request; `errors` names each field'),
        403: problemResponse('Role or account not granted'),
        422: problemResponse(
          'Rejected by risk, the OMS or the venue; `rejectReason` says why, `order` is the stored order',
        ),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      await assertAccount(c, body.account, 'trade');
      const request = { ...body, clientOrderId: body.clientOrderId ?? crypto.randomUUID() } as OrderRequest;
      const { order, duplicate } = await trading.submit(request, actorOf(getPrincipal(c)));
      if (duplicate) return c.json({ ...order, duplicate: true as const }, 200);
      if (order.state === 'Rejected') {
        throw new QmoError(
          ERROR_CODES.ORDER_REJECTED,
          `order rejected: ${order.rejectReason?.code} — ${order.rejectReason?.text}`,
          {
            rejectReason: order.rejectReason,
            order,
          },
        );
      }
      return c.json(order, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/orders',
      tags: ['Orders'],
      summary: 'List orders',
      request: { query: orderQuerySchema },
      responses: {
        200: jsonResponse(z.array(orderSchema), 'Orders, oldest first (the newest `limit` when cut)'),
        400: problemResponse('Bad query'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const accounts = await visibleAccounts(c, q.account);
      const orders = await trading.orders({
        accounts,
        ...(q.state ? { states: q.state as never } : {}),
        ...(q.from !== undefined ? { from: q.from } : {}),
        ...(q.to !== undefined ? { to: q.to } : {}),
        limit: q.limit,
      });
      return c.json(orders, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/orders/{id}',
      tags: ['Orders'],
      summary: 'One order with its risk verdicts',
      request: { params: idParam },
      responses: {
        200: jsonResponse(orderSchema.extend({ verdicts: z.array(riskVerdictSchema) }), 'The order'),
        404: problemResponse('No such order'),
      },
    }),
    async (c) => {
      const order = await visibleOrder(c, trading, c.req.valid('param').id);
      return c.json({ ...order, verdicts: await trading.verdicts(order.orderId) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/orders/{id}',
      tags: ['Orders'],
      summary: 'Cancel an order',
      middleware: [requireRole(...TRADERS)] as const,
      request: { params: idParam },
      responses: {
        202: jsonResponse(orderSchema, 'Cancel requested (PendingCancel) or done'),
        404: problemResponse('No such order'),
        409: problemResponse('The order cannot be canceled in its state'),
      },
    }),
    async (c) => {
      const order = await visibleOrder(c, trading, c.req.valid('param').id, 'trade');
      return c.json(await trading.cancel(order.orderId, actorOf(getPrincipal(c))), 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/orders/{id}',
      tags: ['Orders'],
      summary: 'Amend an order (cancel/replace)',
      middleware: [requireRole(...TRADERS)] as const,
      request: {
        params: idParam,
        body: { content: { 'application/json': { schema: orderChangesSchema } }, required: true },
      },
      responses: {
        202: jsonResponse(orderSchema, 'Replace requested; the replacement order'),
        404: problemResponse('No such order'),
        409: problemResponse('The order cannot be replaced in its state'),
        422: problemResponse('The replacement was rejected'),
      },
    }),
    async (c) => {
      const order = await visibleOrder(c, trading, c.req.valid('param').id, 'trade');
      const replacement = await trading.replace(
        order.orderId,
        c.req.valid('json') as OrderChanges,
        actorOf(getPrincipal(c)),
      );
      if (replacement.state === 'Rejected') {
        throw new QmoError(
          ERROR_CODES.ORDER_REJECTED,
          `replace rejected: ${replacement.rejectReason?.code} — ${replacement.rejectReason?.text}`,
          {
            rejectReason: replacement.rejectReason,
            order: replacement,
          },
        );
      }
      return c.json(replacement, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/executions',
      tags: ['Orders'],
      summary: 'List executions (fills)',
      request: { query: executionQuerySchema },
      responses: {
        200: jsonResponse(z.array(executionSchema), 'Executions, oldest first (the newest `limit` when cut)'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const executions = await trading.executions({
        accounts: await visibleAccounts(c, q.account),
        ...(q.orderId ? { orderId: q.orderId } : {}),
        ...(q.from !== undefined ? { from: q.from } : {}),
        ...(q.to !== undefined ? { to: q.to } : {}),
        limit: q.limit,
      });
      return c.json(executions, 200);
    },
  );

  return app;
}

/** The accounts asked for, each checked; all the caller sees when none is asked for. */
export async function visibleAccounts(c: AnyContext, asked: string[] | undefined): Promise<string[]> {
  if (!asked) return accountsOfCaller(c);
  for (const account of asked) await assertAccount(c, account);
  return asked;
}

async function visibleOrder(
  c: AnyContext,
  trading: TradingEngine,
  id: string,
  mode: 'view' | 'trade' = 'view',
) {
  const order = await trading.order(id);
  if (!order) throw new NotFoundError(`no order "${id}"`, { orderId: id });
  try {
    await assertAccount(c, order.account, mode);
  } catch (error) {
    // An order of an account not granted is reported as absent, unless only the role is missing.
    if (mode === 'trade' && !['trader', 'admin'].includes(getPrincipal(c).role)) throw error;
    throw new NotFoundError(`no order "${id}"`, { orderId: id });
  }
  return order;
}
