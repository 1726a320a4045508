import { createRoute, z } from '@hono/zod-openapi';
import { type Logger, QmoError } from '@qmo/sdk';
import type { Context } from 'hono';
import { getPrincipal, requireAuth, requireRole } from '../../auth/middleware.js';
import { ReplayError } from '../../replay/errors.js';
import type { PaperOrderInput, ReplaySessionState } from '../../replay/replay-session.js';
import type { ReplaySessions } from '../../replay/replay-sessions.js';
import { createOpenApiApp, jsonResponse, problemResponse } from '../openapi-app.js';
import { problem, problemFromError } from '../problem.js';
import {
  newReplaySessionSchema,
  paperOrderResultSchema,
  paperOrderSchema,
  replayAdvanceSchema,
  replayResetSchema,
  replaySessionSchema,
} from '../schemas/replay.js';

const TRADERS = ['trader', 'admin'] as const;
const pathParam = (name: string) =>
  z
    .string()
    .min(1)
    .openapi({ param: { name, in: 'path' } });
const sessionParams = z.object({ id: pathParam('id') });
const orderParams = z.object({ id: pathParam('id'), orderId: pathParam('orderId') });
type State = z.infer<typeof replaySessionSchema>;
const json = (state: ReplaySessionState) => state as unknown as State;

/**
 * Paper trading in bar replay: a session per (user, instrument, timeframe, start) whose own venue
 * fills paper orders in replay time as the session is advanced. Sessions live in memory only.
 */
export function replayRoutes(sessions: ReplaySessions, logger: Logger) {
  const app = createOpenApiApp();
  app.use('/api/v1/replay/*', requireAuth());
  app.use('/api/v1/replay/*', requireRole(...TRADERS));
  app.onError((error, c) => {
    if (error instanceof ReplayError) return replayProblem(c, error);
    if (!(error instanceof QmoError))
      logger.error('request failed', { path: c.req.path, error: error.stack ?? String(error) });
    return problemFromError(c, error);
  });
  const userOf = (c: Context) => getPrincipal(c).userId;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/replay/sessions',
      tags: ['Replay'],
      summary: 'Open a paper session of bar replay',
      description:
        'The session starts at the last closed bar opening at or before `start`, with its own venue on replay time. Sessions are practice: kept in memory, ended after replay.idleMinutes unused, at most replay.maxSessionsPerUser per user.',
      request: {
        body: { content: { 'application/json': { schema: newReplaySessionSchema } }, required: true },
      },
      responses: {
        201: jsonResponse(replaySessionSchema, 'The session at its first bar'),
        400: problemResponse('Malformed request'),
        404: problemResponse('Unknown instrument'),
        409: problemResponse('Too many sessions open'),
        422: problemResponse('No closed bar at or before start'),
        503: problemResponse('The replay venue plugin is not loaded'),
      },
    }),
    async (c) => {
      const session = await sessions.create(userOf(c), c.req.valid('json'));
      return c.json(json(session.state()), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/replay/sessions',
      tags: ['Replay'],
      summary: "The caller's paper sessions",
      responses: { 200: jsonResponse(z.array(replaySessionSchema), 'Sessions') },
    }),
    (c) =>
      c.json(
        sessions.list(userOf(c)).map((s) => json(s.state())),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/replay/sessions/{id}',
      tags: ['Replay'],
      summary: 'A paper session: cursor, orders, executions, position and P&L at replay time',
      request: { params: sessionParams },
      responses: {
        200: jsonResponse(replaySessionSchema, 'The session'),
        404: problemResponse('No such session of the caller'),
      },
    }),
    (c) => c.json(json(sessions.get(userOf(c), c.req.valid('param').id).state()), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/replay/sessions/{id}/advance',
      tags: ['Replay'],
      summary: 'Reveal the bars up to a time',
      description:
        'Each closed bar opening after the last one revealed and at or before `to` is played through its price path (open, the nearer extreme, the other, close) at instants inside the bar; working paper orders fill where the path meets them.',
      request: {
        params: sessionParams,
        body: { content: { 'application/json': { schema: replayAdvanceSchema } }, required: true },
      },
      responses: {
        200: jsonResponse(replaySessionSchema, 'The session after the bars'),
        404: problemResponse('No such session of the caller'),
        409: problemResponse('`to` is before the cursor (reset to go back)'),
        422: problemResponse('`to` is after the last closed bar'),
      },
    }),
    async (c) => {
      const session = sessions.get(userOf(c), c.req.valid('param').id);
      return c.json(json(await session.advance(c.req.valid('json').to)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/replay/sessions/{id}/reset',
      tags: ['Replay'],
      summary: 'Start the session again at another time (its orders and fills are forgotten)',
      request: {
        params: sessionParams,
        body: { content: { 'application/json': { schema: replayResetSchema } }, required: true },
      },
      responses: {
        200: jsonResponse(replaySessionSchema, 'The session at its new first bar'),
        404: problemResponse('No such session of the caller'),
        422: problemResponse('No closed bar at or before start'),
      },
    }),
    async (c) => {
      const session = await sessions.reset(userOf(c), c.req.valid('param').id, c.req.valid('json').start);
      return c.json(json(session.state()), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/replay/sessions/{id}/orders',
      tags: ['Replay'],
      summary: 'Place a paper order at replay time',
      description:
        "Market orders fill at once at the replay price; limit and stop orders work until a revealed bar's path reaches them. Quantity and prices must lie on the instrument's lot and tick grid.",
      request: {
        params: sessionParams,
        body: { content: { 'application/json': { schema: paperOrderSchema } }, required: true },
      },
      responses: {
        201: jsonResponse(paperOrderResultSchema, 'The order as the venue left it, and the session'),
        400: problemResponse('Malformed order, or off the tick/lot grid; `field` names the field'),
        404: problemResponse('No such session of the caller'),
        409: problemResponse('Too many working paper orders'),
      },
    }),
    async (c) => {
      const session = sessions.get(userOf(c), c.req.valid('param').id);
      const order = await session.place(c.req.valid('json') as PaperOrderInput);
      return c.json({ order, session: json(session.state()) } as z.infer<typeof paperOrderResultSchema>, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/replay/sessions/{id}/orders/{orderId}',
      tags: ['Replay'],
      summary: 'Cancel a working paper order',
      request: { params: orderParams },
      responses: {
        200: jsonResponse(paperOrderResultSchema, 'The order after the cancel, and the session'),
        404: problemResponse('No such session or order'),
        409: problemResponse('The order is no longer working'),
      },
    }),
    async (c) => {
      const { id, orderId } = c.req.valid('param');
      const session = sessions.get(userOf(c), id);
      const order = await session.cancel(orderId);
      return c.json({ order, session: json(session.state()) } as z.infer<typeof paperOrderResultSchema>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/replay/sessions/{id}',
      tags: ['Replay'],
      summary: 'End a paper session (its venue stops)',
      request: { params: sessionParams },
      responses: {
        204: { description: 'Ended' },
        404: problemResponse('No such session of the caller'),
      },
    }),
    async (c) => {
      await sessions.delete(userOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  return app;
}

function replayProblem(c: Context, error: ReplayError): Response {
  return problem(c, error.status, error.message, {
    ...error.details,
    code: error.code,
    type: `urn:qmo:error:replay:${error.kind}`,
  });
}
