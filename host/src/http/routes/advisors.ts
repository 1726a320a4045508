import { createRoute, z } from '@hono/zod-openapi';
import type { AdvisorService, AssessmentQuery } from '../../advisors/advisor-service.js';
import { assertAccount, requireAuth } from '../../auth/middleware.js';
import { createOpenApiApp, jsonResponse, problemResponse } from '../openapi-app.js';
import {
  ASSESSMENT_QUERY_KEYS,
  advisorDescriptionSchema,
  assessmentQuerySchema,
  riskAssessmentSchema,
} from '../schemas/advisors.js';

/** A query value as an advisor parameter: JSON when it parses (numbers, booleans, lists), else the text. */
function paramValue(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** The advisor parameters of a query: every key but the fixed ones. */
export function advisorParamsOf(query: Record<string, unknown>): Record<string, unknown> {
  const fixed = new Set<string>(ASSESSMENT_QUERY_KEYS);
  return Object.fromEntries(
    Object.entries(query)
      .filter(([key]) => !fixed.has(key))
      .map(([key, value]) => [key, paramValue(value)]),
  );
}

/** Advisors and their assessments, for signed-in callers on the accounts granted to them. */
export function advisorRoutes(advisors: AdvisorService) {
  const app = createOpenApiApp();
  app.use('/api/v1/advisors', requireAuth());
  app.use('/api/v1/advisors/*', requireAuth());

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/advisors',
      tags: ['Advisors'],
      summary: 'Advisors with their parameter JSON Schema, defaults and the indicators they read',
      responses: { 200: jsonResponse(z.array(advisorDescriptionSchema), 'Advisors') },
    }),
    (c) => c.json(advisors.list() as z.infer<typeof advisorDescriptionSchema>[], 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/advisors/{id}/assessment',
      tags: ['Advisors'],
      summary: "An advisor's decision over the closed bars up to asOf, sized for the account",
      description:
        'Indicators are computed over closed bars only, from a window start anchored to multiples of 500 bars, so the same asOf always gives the same answer. The socket event `risk_assessment` publishes the same on every closed bar.',
      request: {
        params: z.object({
          id: z
            .string()
            .min(1)
            .openapi({ param: { name: 'id', in: 'path' } }),
        }),
        query: assessmentQuerySchema,
      },
      responses: {
        200: jsonResponse(riskAssessmentSchema, 'The assessment with its rationale and inputs'),
        400: problemResponse('Bad query or advisor parameters; `errors` names each'),
        401: problemResponse('Not signed in'),
        403: problemResponse('Account not granted'),
        404: problemResponse('Unknown advisor, instrument, account or a required indicator missing'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const account = q.account ?? null;
      if (account !== null) await assertAccount(c, account);
      const query: AssessmentQuery = {
        advisor: c.req.valid('param').id,
        instrument: q.instrument,
        tf: q.tf,
        account,
        params: advisorParamsOf(q),
      };
      const assessment = await advisors.assess(query, q.asOf);
      return c.json(assessment as z.infer<typeof riskAssessmentSchema>, 200);
    },
  );

  return app;
}
