import type { Context, Hono, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { problem } from '../http/problem.js';
import { type AccessControl, type Principal, roleDenied } from './access-control.js';
import type { QmoAuth } from './auth.js';
import { UNAUTHENTICATED } from './errors.js';
import type { Role } from './roles.js';

/** Context variables the auth middleware sets. */
export interface AuthVariables {
  access: AccessControl;
  /** Set by `requireAuth`/`requireRole` (a principal) and `optionalAuth` (a principal or null). */
  principal: Principal | null;
}
export type AuthEnv = { Variables: AuthVariables };

/** Any hono context: the helpers below accept the contexts of typed and OpenAPI routes alike. */
// biome-ignore lint/suspicious/noExplicitAny: whatever the route's env, path and validated input
export type AnyContext = Context<any, any, any>;

/** Mounts better-auth's endpoints at `/api/auth/*` and, given `access`, `authContext(access)` on every route after. */
// biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its env and schema
export function mountAuth(app: Hono<any, any, any>, auth: QmoAuth, access?: AccessControl): void {
  app.on(['GET', 'POST'], '/api/auth/*', (c) => auth.handler(c.req.raw));
  if (access) app.use('*', authContext(access));
}

/** Makes the access control reachable by `requireAuth`, `requireRole` and `assertAccount`. */
export function authContext(access: AccessControl): MiddlewareHandler<AuthEnv> {
  return createMiddleware<AuthEnv>(async (c, next) => {
    c.set('access', access);
    await next();
  });
}

/** 401 problem+json unless the request carries a valid session cookie or API key; sets `c.var.principal`. */
export function requireAuth(access?: AccessControl): MiddlewareHandler<AuthEnv> {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const principal = await principalOf(c, access);
    if (!principal) return unauthenticated(c);
    await next();
  });
}

/** Resolves the caller if there is one (`c.var.principal` is then a principal or null); never refuses. */
export function optionalAuth(access?: AccessControl): MiddlewareHandler<AuthEnv> {
  return createMiddleware<AuthEnv>(async (c, next) => {
    await principalOf(c, access);
    await next();
  });
}

/** 401 without credentials, 403 problem+json naming the roles needed when the caller holds none of them. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AuthEnv> {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const principal = await principalOf(c);
    if (!principal) return unauthenticated(c);
    if (!roles.includes(principal.role)) {
      const denied = roleDenied(principal, roles);
      return problem(c, 403, denied.message, {
        code: denied.code,
        type: `urn:qmo:error:${denied.code}`,
        requiredRoles: roles,
      });
    }
    await next();
  });
}

/** The caller, after `requireAuth`/`requireRole` ran. */
export function getPrincipal(c: AnyContext): Principal {
  const principal = c.get('principal') as Principal | null | undefined;
  if (!principal)
    throw new Error('getPrincipal: no principal — mount requireAuth() or requireRole() on this route');
  return principal;
}

/** Throws `AccessDeniedError` (answered 403 problem+json) unless the caller may see (or trade) the account. */
export async function assertAccount(
  c: AnyContext,
  account: string,
  mode: 'view' | 'trade' = 'view',
): Promise<void> {
  await accessOf(c).assertAccount(getPrincipal(c), account, mode);
}

/** The trading account ids the caller sees. */
export async function accountsOfCaller(c: AnyContext): Promise<string[]> {
  return accessOf(c).accountsOf(getPrincipal(c));
}

function accessOf(c: AnyContext, given?: AccessControl): AccessControl {
  const access = given ?? (c.get('access') as AccessControl | undefined);
  if (!access)
    throw new Error(
      'no AccessControl: use mountAuth(app, auth, access) or authContext(access) before this route',
    );
  return access;
}

async function principalOf(c: AnyContext, given?: AccessControl): Promise<Principal | null> {
  const known = c.get('principal') as Principal | null | undefined;
  if (known !== undefined) return known;
  const access = accessOf(c, given);
  if (given) c.set('access', given);
  const principal = await access.resolve(c.req.raw.headers);
  c.set('principal', principal);
  return principal;
}

function unauthenticated(c: AnyContext): Response {
  c.header('www-authenticate', 'Bearer realm="qmo"');
  return problem(c, 401, 'sign in (session cookie) or send Authorization: Bearer <api key>', {
    code: UNAUTHENTICATED,
    type: `urn:qmo:error:${UNAUTHENTICATED}`,
    title: 'Unauthorized',
  });
}
