import { createRoute, z } from '@hono/zod-openapi';
import type { TradingEngine } from '@qmo/core';
import { NotFoundError } from '@qmo/sdk';
import { getPrincipal, requireAuth, requireRole } from '../../auth/middleware.js';
import { createOpenApiApp, jsonResponse, problemResponse } from '../openapi-app.js';
import { accountSchema } from '../schemas/trading.js';
import { actorOf, visibleAccounts } from './orders.js';

const RISK = ['risk', 'admin'] as const;

const limitRecord = z
  .object({
    account: z.string(),
    rule: z.string(),
    limits: z.record(z.string(), z.unknown()),
    updatedAt: z.number(),
    updatedBy: z.string(),
  })
  .openapi('RiskLimits');

/** Risk rules, limits, trading states and the kill switch. Changes need the risk or admin role and are audited. */
export function riskRoutes(trading: TradingEngine) {
  const app = createOpenApiApp();
  app.use('/api/v1/risk/*', requireAuth());

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/risk/rules',
      tags: ['Risk'],
      summary: 'Risk rules loaded, in the order they run, with the JSON Schema of their limits',
      responses: { 200: jsonResponse(z.array(z.record(z.string(), z.unknown())), 'Rules') },
    }),
    (c) => c.json(trading.riskRules() as unknown as Record<string, unknown>[], 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/risk/limits',
      tags: ['Risk'],
      summary: 'Limits per account and rule ("*" is the default of every account)',
      request: { query: z.object({ account: z.string().optional() }).strict() },
      responses: { 200: jsonResponse(z.array(limitRecord), 'Limits') },
    }),
    async (c) => {
      const { account } = c.req.valid('query');
      const asked = account && account !== '*' ? [account] : undefined;
      const visible = new Set([...(await visibleAccounts(c, asked)), '*']);
      return c.json(
        trading.riskLimits(account).filter((l) => visible.has(l.account)),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/risk/limits/{account}/{rule}',
      tags: ['Risk'],
      summary: 'Set the limits of one rule for an account (or "*")',
      middleware: [requireRole(...RISK)] as const,
      request: {
        params: z.object({ account: z.string().min(1), rule: z.string().min(1) }),
        body: {
          content: {
            'application/json': { schema: z.object({ limits: z.record(z.string(), z.unknown()) }).strict() },
          },
          required: true,
        },
      },
      responses: {
        200: jsonResponse(limitRecord, 'Stored limits'),
        400: problemResponse('Limits invalid for the rule'),
        404: problemResponse('Unknown rule or account'),
      },
    }),
    async (c) => {
      const { account, rule } = c.req.valid('param');
      if (account !== '*' && !trading.account(account))
        throw new NotFoundError(`no account "${account}"`, { account });
      const record = await trading.setRiskLimits(
        account,
        rule,
        c.req.valid('json').limits,
        actorOf(getPrincipal(c)),
      );
      return c.json(record, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/risk/accounts',
      tags: ['Risk'],
      summary: 'Accounts with their trading state and why',
      middleware: [requireRole('risk', 'admin', 'compliance')] as const,
      responses: { 200: jsonResponse(z.array(accountSchema), 'Accounts') },
    }),
    (c) => c.json(trading.accounts(), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/risk/kill-switch',
      tags: ['Risk'],
      summary: 'Cancel every working order of an account, a desk or everything, and halt trading',
      middleware: [requireRole(...RISK)] as const,
      request: {
        body: {
          content: {
            'application/json': {
              schema: z
                .object({
                  scope: z.enum(['account', 'desk', 'global']),
                  id: z.string().min(1).optional(),
                  reason: z.string().min(1).max(500),
                })
                .strict()
                .refine((b) => b.scope === 'global' || b.id !== undefined, {
                  message: 'required for account and desk scopes',
                  path: ['id'],
                }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: jsonResponse(
          z.object({ canceled: z.number(), halted: z.array(z.string()) }),
          'What was canceled and halted',
        ),
      },
    }),
    async (c) => {
      const { scope, id, reason } = c.req.valid('json');
      const target =
        scope === 'global' ? { global: true as const } : scope === 'desk' ? { desk: id! } : { account: id! };
      return c.json(await trading.killSwitch(target, actorOf(getPrincipal(c)), reason), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/risk/accounts/{id}/state',
      tags: ['Risk'],
      summary: 'Set an account ACTIVE, REDUCING or HALTED',
      middleware: [requireRole(...RISK)] as const,
      request: {
        params: z.object({ id: z.string().min(1) }),
        body: {
          content: {
            'application/json': {
              schema: z
                .object({
                  state: z.enum(['ACTIVE', 'REDUCING', 'HALTED']),
                  reason: z.string().min(1).max(500),
                })
                .strict(),
            },
          },
          required: true,
        },
      },
      responses: { 200: jsonResponse(accountSchema, 'The account'), 404: problemResponse('No such account') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!trading.account(id)) throw new NotFoundError(`no account "${id}"`, { account: id });
      const { state, reason } = c.req.valid('json');
      return c.json(await trading.setTradingState(id, state, actorOf(getPrincipal(c)), reason), 200);
    },
  );

  return app;
}
