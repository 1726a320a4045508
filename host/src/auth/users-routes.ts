import { Hono } from 'hono';
import { z } from 'zod';
import { problemFromError, validationProblem } from '../http/problem.js';
import type { AccessControl } from './access-control.js';
import type { QmoAuth } from './auth.js';
import { AccessDeniedError } from './errors.js';
import { type AuthEnv, authContext, getPrincipal, requireAuth, requireRole } from './middleware.js';
import { USER_ROLES } from './roles.js';

export interface UsersRoutesDeps {
  auth: QmoAuth;
  access: AccessControl;
}

const roleSchema = z.enum(USER_ROLES);
const id = z.string().trim().min(1).max(200);

export const createUserBody = z
  .object({
    email: z.email(),
    name: z.string().trim().min(1).max(200).optional(),
    password: z.string().min(8).max(128),
    role: roleSchema.default('viewer'),
  })
  .strict();
export const setRoleBody = z.object({ role: roleSchema }).strict();
export const setGrantsBody = z
  .object({ accountIds: z.array(id).max(10_000).default([]), deskIds: z.array(id).max(10_000).default([]) })
  .strict();
export const createApiKeyBody = z
  .object({ name: z.string().trim().min(1).max(100), expiresAt: z.iso.datetime({ offset: true }).optional() })
  .strict();

/**
 * User administration and API keys under `/api/v1`:
 * `GET /users`, `POST /users`, `PUT /users/:id/role`, `PUT /users/:id/grants` (admin);
 * `GET /api-keys`, `POST /api-keys` (signed-in users, own keys; `{ key }` shown once),
 * `DELETE /api-keys/:id` (own keys; an admin any key).
 * Mount with `app.route('/', usersRoutes(deps))`.
 */
export function usersRoutes(deps: UsersRoutesDeps): Hono<AuthEnv> {
  const { auth, access } = deps;
  const app = new Hono<AuthEnv>();
  app.use('/api/v1/users', authContext(access));
  app.use('/api/v1/users/*', authContext(access));
  app.use('/api/v1/api-keys', authContext(access));
  app.use('/api/v1/api-keys/*', authContext(access));

  app.get('/api/v1/users', requireRole('admin'), async (c) => c.json(await auth.users.list()));

  app.post('/api/v1/users', requireRole('admin'), async (c) => {
    const body = createUserBody.safeParse(await readJson(c.req.raw));
    if (!body.success) return validationProblem(c, body.error, 'body');
    const { email, password, role, name } = body.data;
    const user = await auth.users.create(
      { email, password, role, ...(name ? { name } : {}) },
      getPrincipal(c).userId,
    );
    return c.json(user, 201);
  });

  app.put('/api/v1/users/:id/role', requireRole('admin'), async (c) => {
    const body = setRoleBody.safeParse(await readJson(c.req.raw));
    if (!body.success) return validationProblem(c, body.error, 'body');
    return c.json(await auth.users.setRole(c.req.param('id'), body.data.role, getPrincipal(c).userId));
  });

  app.put('/api/v1/users/:id/grants', requireRole('admin'), async (c) => {
    const body = setGrantsBody.safeParse(await readJson(c.req.raw));
    if (!body.success) return validationProblem(c, body.error, 'body');
    return c.json(await auth.users.setGrants(c.req.param('id'), body.data, getPrincipal(c).userId));
  });

  app.get('/api/v1/api-keys', requireAuth(), async (c) =>
    c.json(await auth.apiKeys.list(getPrincipal(c).userId)),
  );

  app.post('/api/v1/api-keys', requireAuth(), async (c) => {
    const principal = getPrincipal(c);
    // A key cannot mint keys: a leaked key must not outlive its own revocation.
    if (principal.via !== 'session')
      throw new AccessDeniedError('API keys are created from a signed-in session, not with an API key');
    const body = createApiKeyBody.safeParse(await readJson(c.req.raw));
    if (!body.success) return validationProblem(c, body.error, 'body');
    const { name, expiresAt } = body.data;
    const created = await auth.apiKeys.create(
      principal.userId,
      { name, ...(expiresAt ? { expiresAt: new Date(expiresAt) } : {}) },
      principal.userId,
    );
    return c.json(created, 201);
  });

  app.delete('/api/v1/api-keys/:id', requireAuth(), async (c) => {
    const principal = getPrincipal(c);
    const revoked = await auth.apiKeys.revoke(c.req.param('id'), {
      userId: principal.userId,
      asAdmin: principal.role === 'admin',
    });
    return c.json(revoked);
  });

  app.onError((error, c) => problemFromError(c, error));
  return app;
}

const NOT_JSON = Symbol('not json');

/** The JSON body, or a marker that fails validation (so a malformed body is a 400, not a 500). */
async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return NOT_JSON;
  }
}
