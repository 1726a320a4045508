import { ERROR_CODES, QmoError } from '@qmo/sdk';
import type { Role } from './roles.js';

/** The caller is known but may not do this: answered 403 problem+json (`QMO_FORBIDDEN`) by `problemFromError`. */
export class AccessDeniedError extends QmoError {
  constructor(message: string, details: { requiredRoles?: readonly Role[]; account?: string } = {}) {
    super(ERROR_CODES.FORBIDDEN, message, details);
  }
}

/** No credentials, or credentials that identify nobody: answered 401 problem+json. */
export class UnauthenticatedError extends QmoError {
  constructor(message = 'sign in (session cookie) or send Authorization: Bearer <api key>') {
    super(ERROR_CODES.UNAUTHENTICATED, message);
  }
}

export const UNAUTHENTICATED = ERROR_CODES.UNAUTHENTICATED;
