import { ERROR_CODES, QmoError } from '@qmo/sdk';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

/** RFC 9457 problem details. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

const STATUS_BY_CODE: Partial<Record<string, ContentfulStatusCode>> = {
  [ERROR_CODES.INVALID_ARGUMENT]: 400,
  [ERROR_CODES.NOT_FOUND]: 404,
  [ERROR_CODES.UNKNOWN_INSTRUMENT]: 404,
  [ERROR_CODES.CAPABILITY_DENIED]: 403,
  [ERROR_CODES.SERVICE_UNAVAILABLE]: 503,
  [ERROR_CODES.UNAUTHENTICATED]: 401,
  [ERROR_CODES.FORBIDDEN]: 403,
  [ERROR_CODES.ORDER_REJECTED]: 422,
  [ERROR_CODES.ORDER_NOT_CANCELABLE]: 409,
  [ERROR_CODES.ORDER_TRANSITION_INVALID]: 409,
  [ERROR_CODES.CONFIG_INVALID]: 400,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(
  c: Context,
  status: ContentfulStatusCode,
  detail: string,
  extra: Partial<Problem> = {},
): Response {
  const body: Problem = {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance: c.req.path,
    ...extra,
  };
  return c.body(JSON.stringify(body), status, { 'content-type': 'application/problem+json' });
}

export function problemFromError(c: Context, error: unknown): Response {
  if (error instanceof QmoError) {
    const status = STATUS_BY_CODE[error.code] ?? 500;
    return problem(c, status, error.message, {
      ...error.details,
      code: error.code,
      type: `urn:qmo:error:${error.code}`,
    });
  }
  return problem(c, 500, 'internal error', { code: 'QMO_INTERNAL' });
}

/** 400 naming each invalid field of a query or body. */
export function validationProblem(c: Context, error: z.ZodError, where: 'query' | 'body' | 'path'): Response {
  const errors = error.issues.map((i) => ({ path: [where, ...i.path].join('.'), message: i.message }));
  return problem(c, 400, errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
    code: ERROR_CODES.INVALID_ARGUMENT,
    type: `urn:qmo:error:${ERROR_CODES.INVALID_ARGUMENT}`,
    errors,
  });
}
