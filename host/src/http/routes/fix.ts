import { createRoute, z } from '@hono/zod-openapi';
import { NotFoundError } from '@qmo/sdk';
import { requireAuth, requireRole } from '../../auth/middleware.js';
import type { DrizzleFixStore } from '../../db/index.js';
import type { FixSessionInfo } from '../../fix/start-fix.js';
import { createOpenApiApp, jsonResponse, problemResponse } from '../openapi-app.js';

const epochMs = z.coerce.number().int('must be an integer (epoch milliseconds)').min(0, 'must be ≥ 0');

const sessionSchema = z
  .object({
    id: z.string().openapi({ example: 'FIX.4.4:QMO->CLIENT1' }),
    senderCompId: z.string(),
    targetCompId: z.string(),
    user: z.string(),
    state: z.enum(['disconnected', 'awaitingLogon', 'loggedOn', 'logoutSent']),
    loggedOnSince: z.number().nullable(),
    nextSenderSeqNum: z.number(),
    nextTargetSeqNum: z.number(),
  })
  .openapi('FixSession');

const messageSchema = z
  .object({
    id: z.number(),
    sessionId: z.string(),
    direction: z.enum(['in', 'out']),
    seq: z.number(),
    msgType: z.string(),
    raw: z.string().openapi({ description: 'The frame as on the wire (SOH separators)' }),
    ts: z.number(),
  })
  .openapi('FixMessage');

/** The FIX acceptor's sessions and message log (compliance and admin). */
export function fixRoutes(fix: { sessions(): FixSessionInfo[]; store: Pick<DrizzleFixStore, 'messages'> }) {
  const app = createOpenApiApp();
  app.use('/api/v1/fix/*', requireAuth(), requireRole('compliance', 'admin'));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/fix/sessions',
      tags: ['FIX'],
      summary: 'The configured FIX sessions: state, next sequence numbers, logged on since',
      responses: { 200: jsonResponse(z.array(sessionSchema), 'The sessions (none without an acceptor)') },
    }),
    (c) => c.json(fix.sessions(), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/fix/sessions/{id}/messages',
      tags: ['FIX'],
      summary: 'Messages in and out of a session, oldest first',
      request: {
        params: z.object({
          id: z
            .string()
            .min(1)
            .openapi({ param: { name: 'id', in: 'path' }, example: 'FIX.4.4:QMO->CLIENT1' }),
        }),
        query: z
          .object({
            from: epochMs.optional().openapi({ description: 'ts ≥ from (epoch ms)' }),
            to: epochMs.optional().openapi({ description: 'ts < to (epoch ms)' }),
            limit: z.coerce.number().int().min(1).max(10_000).default(1_000),
          })
          .strict(),
      },
      responses: {
        200: jsonResponse(z.array(messageSchema), 'The messages'),
        400: problemResponse('Bad query'),
        404: problemResponse('No such session and no messages of it'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { from, to, limit } = c.req.valid('query');
      const messages = await fix.store.messages({
        sessionId: id,
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        limit,
      });
      if (messages.length === 0 && !fix.sessions().some((s) => s.id === id))
        throw new NotFoundError(`no FIX session ${id}`, { sessionId: id });
      return c.json(messages, 200);
    },
  );
  return app;
}
