import { OpenAPIHono, type z } from '@hono/zod-openapi';
import type { AuthEnv } from '../auth/middleware.js';
import { validationProblem } from './problem.js';

/** A hono app whose routes are described in the OpenAPI document and whose invalid input is a 400 problem naming each field. */
export function createOpenApiApp(): OpenAPIHono<AuthEnv> {
  return new OpenAPIHono<AuthEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const where = result.target === 'json' ? 'body' : result.target === 'param' ? 'path' : 'query';
        return validationProblem(c, result.error, where);
      }
      return undefined;
    },
  });
}

export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** A JSON response of the OpenAPI document. */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
