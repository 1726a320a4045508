import { createRoute, z } from '@hono/zod-openapi';
import { getPrincipal, requireAuth } from '../../auth/middleware.js';
import type { DrizzlePreferenceStore } from '../../db/index.js';
import { createOpenApiApp, jsonResponse, problemResponse } from '../openapi-app.js';

/** Largest stored value: its JSON text, in characters. */
export const MAX_PREFERENCE_CHARS = 64 * 1024;

const keySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, ".", "_" or "-", at most 64')
  .openapi({ example: 'chart.indicators' });

const valueSchema = z
  .unknown()
  .refine((v) => v !== undefined, 'required')
  .refine(
    (v) => (JSON.stringify(v) ?? '').length <= MAX_PREFERENCE_CHARS,
    `must be at most ${MAX_PREFERENCE_CHARS} characters of JSON`,
  )
  .openapi({ description: 'Any JSON value' });

const recordSchema = z
  .object({
    key: z.string(),
    value: z.unknown().openapi({ description: 'The stored JSON value; null when never set' }),
    updatedAt: z
      .number()
      .nullable()
      .openapi({ description: 'Epoch ms of the last write; null when never set' }),
  })
  .openapi('Preference');

/** The signed-in user's own preferences (any role); nobody reads or writes another user's. */
export function preferenceRoutes(store: DrizzlePreferenceStore, now: () => number) {
  const app = createOpenApiApp();
  app.use('/api/v1/me/preferences/*', requireAuth());

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/me/preferences/{key}',
      tags: ['Preferences'],
      summary: "One of the caller's preferences (value null when never set)",
      request: { params: z.object({ key: keySchema }) },
      responses: {
        200: jsonResponse(recordSchema, 'The preference'),
        400: problemResponse('Invalid key'),
      },
    }),
    async (c) => {
      const record = await store.get(getPrincipal(c).userId, c.req.valid('param').key);
      return c.json(record, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/me/preferences/{key}',
      tags: ['Preferences'],
      summary: "Replace one of the caller's preferences",
      request: {
        params: z.object({ key: keySchema }),
        body: {
          content: { 'application/json': { schema: z.object({ value: valueSchema }).strict() } },
          required: true,
        },
      },
      responses: {
        200: jsonResponse(recordSchema, 'The stored preference'),
        400: problemResponse('Invalid key, or a value that is missing or too large'),
      },
    }),
    async (c) => {
      const { key } = c.req.valid('param');
      const record = await store.put(getPrincipal(c).userId, key, c.req.valid('json').value, now());
      return c.json(record, 200);
    },
  );

  return app;
}
