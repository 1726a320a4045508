import { createRoute, z } from '@hono/zod-openapi';
import type { AuditJournal } from '@qmo/core';
import { stream } from 'hono/streaming';
import { requireAuth, requireRole } from '../../auth/middleware.js';
import {
  AUDIT_EXPORT_CONTENT_TYPES,
  AUDIT_EXPORT_FORMATS,
  exportAuditRecords,
} from '../../db/audit-export.js';
import { createOpenApiApp } from '../openapi-app.js';

const isoOrEpoch = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined) return undefined;
    const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: 'must be epoch milliseconds or an ISO 8601 time' });
      return z.NEVER;
    }
    return ms;
  });

/** Verification and export of the append-only audit trail (compliance and admin). */
export function auditRoutes(journal: AuditJournal) {
  const app = createOpenApiApp();
  app.use('/api/v1/audit/*', requireAuth(), requireRole('compliance', 'admin'));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/audit/verify',
      tags: ['Audit'],
      summary: 'Recompute the hash chain and report the first break',
      responses: {
        200: {
          description: 'Verification result',
          content: {
            'application/json': {
              schema: z.object({
                ok: z.boolean(),
                records: z.number(),
                firstBreak: z.object({ seq: z.number(), reason: z.string() }).optional(),
                lastHash: z.string().nullable(),
              }),
            },
          },
        },
      },
    }),
    async (c) => c.json(await journal.verify(), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/audit/export',
      tags: ['Audit'],
      summary: 'Export audit records by time range and account, as JSON lines or CSV',
      request: {
        query: z
          .object({
            format: z.enum(AUDIT_EXPORT_FORMATS).default('jsonl'),
            from: isoOrEpoch,
            to: isoOrEpoch,
            account: z.string().optional(),
          })
          .strict(),
      },
      responses: { 200: { description: 'The records, streamed' } },
    }),
    (c) => {
      const { format, from, to, account } = c.req.valid('query');
      const records = journal.read({
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        ...(account ? { account } : {}),
      });
      c.header('content-type', AUDIT_EXPORT_CONTENT_TYPES[format]);
      c.header('content-disposition', `attachment; filename="audit.${format}"`);
      return stream(c, async (out) => {
        for await (const chunk of exportAuditRecords(records, format)) await out.write(chunk);
      });
    },
  );
  return app;
}
