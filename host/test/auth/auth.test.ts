import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/access-control.js';
import type { DatabaseHandle } from '../../src/db/index.js';
import { type AuthFixture, authFixture, backends, email, PASSWORD, sessionCookie } from './support.js';

interface Me {
  principal: Principal;
  accounts: string[];
}

describe.each(backends)('auth on $name', (backend) => {
  let db: DatabaseHandle;
  let f: AuthFixture;
  let admin: { email: string; cookie: string };

  beforeAll(async () => {
    db = await backend.open();
    f = authFixture(db);
    const adminEmail = email('admin');
    await f.auth.users.create(
      { email: adminEmail, password: PASSWORD, role: 'admin', name: 'Ada Admin' },
      'system',
    );
    admin = { email: adminEmail, cookie: await f.signIn(adminEmail, PASSWORD) };
  });
  afterAll(async () => {
    await db?.close();
  });

  const since = () => {
    const mark = f.events.length;
    return () => f.events.slice(mark);
  };

  describe('sign-in', () => {
    it('signs in with e-mail and password; the session cookie resolves the principal', async () => {
      const address = email('trader');
      const created = await f.auth.users.create(
        { email: address, password: PASSWORD, role: 'trader' },
        'system',
      );
      const events = since();
      const res = await f.request('/api/auth/sign-in/email', {
        method: 'POST',
        json: { email: address, password: PASSWORD },
      });
      expect(res.status).toBe(200);
      const cookie = sessionCookie(res);
      expect(cookie).toMatch(/^qmo\.session_token=/);

      const me = await f.request('/api/v1/me', { cookie });
      expect(me.status).toBe(200);
      const body = (await me.json()) as Me;
      expect(body.principal).toEqual({
        userId: created.id,
        email: address,
        name: address.split('@')[0],
        role: 'trader',
        via: 'session',
      });
      expect(events()).toEqual([
        expect.objectContaining({ action: 'auth.signin', actor: created.id, subject: created.id }),
      ]);
      expect(await f.access.resolve(new Headers({ cookie }))).toMatchObject({
        userId: created.id,
        via: 'session',
      });
    });

    it('get-session answers the user with its role', async () => {
      const res = await f.request('/api/auth/get-session', { cookie: admin.cookie });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { user: { email: string; role: string } };
      expect(body.user).toMatchObject({ email: admin.email, role: 'admin' });
    });

    it('refuses a wrong password and reports auth.signin.failed', async () => {
      const address = email('victim');
      await f.auth.users.create({ email: address, password: PASSWORD }, 'system');
      const events = since();
      const res = await f.request('/api/auth/sign-in/email', {
        method: 'POST',
        json: { email: address, password: 'wrong password!' },
      });
      expect(res.status).toBe(401);
      expect(
        res.headers.getSetCookie().filter((c) => c.includes('session_token=') && !c.includes('Max-Age=0')),
      ).toEqual([]);
      const unknown = await f.request('/api/auth/sign-in/email', {
        method: 'POST',
        json: { email: 'nobody@example.com', password: PASSWORD },
      });
      expect(unknown.status).toBe(401);
      expect(events()).toEqual([
        expect.objectContaining({
          action: 'auth.signin.failed',
          actor: 'anonymous',
          subject: address,
          payload: expect.objectContaining({ reason: 'INVALID_EMAIL_OR_PASSWORD' }),
        }),
        expect.objectContaining({ action: 'auth.signin.failed', subject: 'nobody@example.com' }),
      ]);
      for (const event of f.events) expect(JSON.stringify(event)).not.toContain('wrong password');
    });

    it('signs out: reports auth.signout and the cookie no longer resolves', async () => {
      const address = email('leaver');
      const user = await f.auth.users.create({ email: address, password: PASSWORD }, 'system');
      const cookie = await f.signIn(address, PASSWORD);
      const events = since();
      const res = await f.request('/api/auth/sign-out', { method: 'POST', cookie, json: {} });
      expect(res.status).toBe(200);
      expect(events()).toEqual([expect.objectContaining({ action: 'auth.signout', actor: user.id })]);
      expect((await f.request('/api/v1/me', { cookie })).status).toBe(401);
    });

    it('answers 401 problem+json without credentials or with a forged cookie', async () => {
      for (const cookie of [undefined, 'qmo.session_token=forged.value']) {
        const res = await f.request('/api/v1/me', cookie ? { cookie } : {});
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(await res.json()).toMatchObject({ status: 401, code: 'QMO_UNAUTHENTICATED' });
      }
    });

    it('has public sign-up off by default', async () => {
      const res = await f.request('/api/auth/sign-up/email', {
        method: 'POST',
        json: { email: email('self'), password: PASSWORD, name: 'Self' },
      });
      expect(res.status).toBe(400);
    });

    it('with sign-up allowed, a new user is a viewer and cannot raise their own role', async () => {
      const open = authFixture(db, { allowSignUp: true });
      const address = email('signup');
      const res = await open.request('/api/auth/sign-up/email', {
        method: 'POST',
        json: { email: address, password: PASSWORD, name: 'Sign Up' },
      });
      expect(res.status).toBe(200);
      const cookie = sessionCookie(res);
      const me = (await (await open.request('/api/v1/me', { cookie })).json()) as Me;
      expect(me.principal.role).toBe('viewer');
      expect(open.events.map((e) => e.action)).toEqual(['auth.user.created', 'auth.signin']);

      // A role in the sign-up body is ignored: the user is created a viewer.
      const sneaky = email('sneaky');
      await open.request('/api/auth/sign-up/email', {
        method: 'POST',
        json: { email: sneaky, password: PASSWORD, name: 'Sneaky', role: 'admin' },
      });
      expect((await open.auth.users.findByEmail(sneaky))?.role).toBe('viewer');
      const update = await open.request('/api/auth/update-user', {
        method: 'POST',
        cookie,
        json: { role: 'admin' },
      });
      expect(update.status).toBe(400);
      expect((await open.auth.users.findByEmail(address))?.role).toBe('viewer');
    });
  });

  describe('roles', () => {
    it('requireRole answers 403 problem+json naming the role, and lets the right role through', async () => {
      const address = email('viewer');
      await f.auth.users.create({ email: address, password: PASSWORD, role: 'viewer' }, 'system');
      const cookie = await f.signIn(address, PASSWORD);
      const denied = await f.request('/api/v1/users', { cookie });
      expect(denied.status).toBe(403);
      expect(denied.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await denied.json()) as { code: string; detail: string; requiredRoles: string[] };
      expect(problem.code).toBe('QMO_FORBIDDEN');
      expect(problem.detail).toContain('admin role');
      expect(problem.requiredRoles).toEqual(['admin']);

      const allowed = await f.request('/api/v1/users', { cookie: admin.cookie });
      expect(allowed.status).toBe(200);
      expect(((await allowed.json()) as { email: string }[]).map((u) => u.email)).toContain(address);
    });

    it('a role change takes effect on the next request and is reported', async () => {
      const address = email('promoted');
      const user = await f.auth.users.create({ email: address, password: PASSWORD }, 'system');
      const cookie = await f.signIn(address, PASSWORD);
      expect((await f.request('/api/v1/users', { cookie })).status).toBe(403);
      const events = since();
      const res = await f.request(`/api/v1/users/${user.id}/role`, {
        method: 'PUT',
        cookie: admin.cookie,
        json: { role: 'admin' },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: user.id, role: 'admin' });
      expect((await f.request('/api/v1/users', { cookie })).status).toBe(200);
      const [admin0] = await Promise.all([f.auth.users.findByEmail(admin.email)]);
      expect(events()).toEqual([
        expect.objectContaining({
          action: 'auth.role.changed',
          actor: admin0!.id,
          subject: user.id,
          payload: expect.objectContaining({ from: 'viewer', to: 'admin' }),
        }),
      ]);
      // Back to viewer, so that `admin` stays the only admin for the next test.
      await f.auth.users.setRole(user.id, 'viewer', 'system');
    });

    it('the last admin cannot be demoted', async () => {
      const others = (await f.auth.users.list()).filter((u) => u.role === 'admin' && u.email !== admin.email);
      for (const other of others) await f.auth.users.setRole(other.id, 'viewer', 'system');
      const self = await f.auth.users.findByEmail(admin.email);
      const res = await f.request(`/api/v1/users/${self!.id}/role`, {
        method: 'PUT',
        cookie: admin.cookie,
        json: { role: 'risk' },
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { detail: string }).detail).toContain('last admin');
    });
  });

  describe('accounts', () => {
    it('a trader sees granted accounts, directly and through desks; admin, risk and compliance see all', async () => {
      const address = email('fx-trader');
      const trader = await f.auth.users.create(
        { email: address, password: PASSWORD, role: 'trader' },
        'system',
      );
      const events = since();
      const res = await f.request(`/api/v1/users/${trader.id}/grants`, {
        method: 'PUT',
        cookie: admin.cookie,
        json: { accountIds: ['SOLO-1'], deskIds: ['desk-fx'] },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ grants: { accountIds: ['SOLO-1'], deskIds: ['desk-fx'] } });
      expect(events()).toEqual([
        expect.objectContaining({ action: 'auth.grants.changed', subject: trader.id }),
      ]);

      const cookie = await f.signIn(address, PASSWORD);
      const me = (await (await f.request('/api/v1/me', { cookie })).json()) as Me;
      expect(me.accounts).toEqual(['FX-1', 'FX-2', 'SOLO-1']);
      const principal = me.principal;
      expect(await f.access.canTrade(principal, 'FX-2')).toBe(true);
      expect(await f.access.canTrade(principal, 'SOLO-1')).toBe(true);
      expect(await f.access.canTrade(principal, 'EQ-1')).toBe(false);
      await expect(f.access.assertAccount(principal, 'EQ-1')).rejects.toThrow(/not granted/);

      for (const role of ['risk', 'compliance'] as const) {
        const other = await f.auth.users.create({ email: email(role), password: PASSWORD, role }, 'system');
        const p: Principal = { userId: other.id, email: other.email, name: other.name, role, via: 'session' };
        expect(await f.access.accountsOf(p)).toEqual(['EQ-1', 'FX-1', 'FX-2', 'SOLO-1']);
        expect(await f.access.canTrade(p, 'EQ-1')).toBe(false);
      }
      const adminPrincipal = (await (await f.request('/api/v1/me', { cookie: admin.cookie })).json()) as Me;
      expect(adminPrincipal.accounts).toEqual(['EQ-1', 'FX-1', 'FX-2', 'SOLO-1']);
      expect(await f.access.canTrade(adminPrincipal.principal, 'EQ-1')).toBe(true);
    });

    it('a viewer sees granted accounts but cannot trade them', async () => {
      const viewer = await f.auth.users.create({ email: email('eq-viewer'), password: PASSWORD }, 'system');
      await f.auth.users.setGrants(viewer.id, { accountIds: [], deskIds: ['desk-eq'] }, 'system');
      const p: Principal = {
        userId: viewer.id,
        email: viewer.email,
        name: viewer.name,
        role: 'viewer',
        via: 'session',
      };
      expect(await f.access.accountsOf(p)).toEqual(['EQ-1']);
      expect(await f.access.canView(p, 'EQ-1')).toBe(true);
      expect(await f.access.canTrade(p, 'EQ-1')).toBe(false);
      await expect(f.access.assertAccount(p, 'EQ-1', 'trade')).rejects.toThrow(/trader/);
    });

    it('grants replace the previous ones', async () => {
      const user = await f.auth.users.create(
        { email: email('regrant'), password: PASSWORD, role: 'trader' },
        'system',
      );
      await f.auth.users.setGrants(user.id, { accountIds: ['FX-1', 'EQ-1', 'FX-1'], deskIds: [] }, 'system');
      await f.auth.users.setGrants(user.id, { accountIds: ['SOLO-1'], deskIds: [] }, 'system');
      expect(await f.auth.users.grantsOf(user.id)).toEqual({ accountIds: ['SOLO-1'], deskIds: [] });
    });
  });

  describe('users admin', () => {
    it('creates users (201), refuses a duplicate e-mail and an invalid body (400)', async () => {
      const address = email('new');
      const events = since();
      const res = await f.request('/api/v1/users', {
        method: 'POST',
        cookie: admin.cookie,
        json: { email: address, name: 'New Person', password: PASSWORD, role: 'risk' },
      });
      expect(res.status).toBe(201);
      const user = (await res.json()) as { id: string; role: string };
      expect(user).toMatchObject({
        email: address,
        name: 'New Person',
        role: 'risk',
        grants: { accountIds: [], deskIds: [] },
      });
      expect(events()).toEqual([
        expect.objectContaining({
          action: 'auth.user.created',
          subject: user.id,
          payload: expect.objectContaining({ role: 'risk' }),
        }),
      ]);
      expect(JSON.stringify(events())).not.toContain(PASSWORD);
      await f.signIn(address, PASSWORD);

      const again = await f.request('/api/v1/users', {
        method: 'POST',
        cookie: admin.cookie,
        json: { email: address.toUpperCase(), password: PASSWORD },
      });
      expect(again.status).toBe(400);
      expect(((await again.json()) as { detail: string }).detail).toContain('already exists');

      const bad = await f.request('/api/v1/users', {
        method: 'POST',
        cookie: admin.cookie,
        json: { email: 'not-an-email', password: 'short', role: 'boss' },
      });
      expect(bad.status).toBe(400);
      const problem = (await bad.json()) as { errors: { path: string }[] };
      expect(problem.errors.map((e) => e.path).sort()).toEqual(['body.email', 'body.password', 'body.role']);
    });

    it('answers 404 for an unknown user', async () => {
      const res = await f.request('/api/v1/users/nope/role', {
        method: 'PUT',
        cookie: admin.cookie,
        json: { role: 'viewer' },
      });
      expect(res.status).toBe(404);
    });
  });

  describe('API keys', () => {
    it('a bearer key resolves its owner; a revoked key does not', async () => {
      const address = email('bot');
      const owner = await f.auth.users.create(
        { email: address, password: PASSWORD, role: 'trader' },
        'system',
      );
      const cookie = await f.signIn(address, PASSWORD);
      const events = since();
      const created = await f.request('/api/v1/api-keys', {
        method: 'POST',
        cookie,
        json: { name: 'algo box' },
      });
      expect(created.status).toBe(201);
      const { key, apiKey } = (await created.json()) as {
        key: string;
        apiKey: { id: string; prefix: string };
      };
      expect(key).toMatch(/^qmo_[A-Za-z0-9_-]{43}$/);
      expect(key.startsWith(apiKey.prefix)).toBe(true);

      const me = await f.request('/api/v1/me', { bearer: key });
      expect(me.status).toBe(200);
      expect(((await me.json()) as Me).principal).toEqual({
        userId: owner.id,
        email: address,
        name: owner.name,
        role: 'trader',
        via: 'apikey',
        apiKeyId: apiKey.id,
      });

      const listed = (await (await f.request('/api/v1/api-keys', { bearer: key })).json()) as Record<
        string,
        unknown
      >[];
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({
        id: apiKey.id,
        name: 'algo box',
        prefix: apiKey.prefix,
        revokedAt: null,
      });
      expect(listed[0]!.lastUsedAt).not.toBeNull();
      expect(JSON.stringify(listed)).not.toContain(key);

      // A key cannot mint keys.
      expect(
        (await f.request('/api/v1/api-keys', { method: 'POST', bearer: key, json: { name: 'x' } })).status,
      ).toBe(403);

      const revoked = await f.request(`/api/v1/api-keys/${apiKey.id}`, { method: 'DELETE', cookie });
      expect(revoked.status).toBe(200);
      expect(((await revoked.json()) as { revokedAt: string | null }).revokedAt).not.toBeNull();
      expect((await f.request('/api/v1/me', { bearer: key })).status).toBe(401);
      expect(await f.access.resolve(new Headers({ authorization: `Bearer ${key}` }))).toBeNull();
      expect(events().map((e) => [e.action, e.actor, e.subject])).toEqual([
        ['auth.apikey.created', owner.id, apiKey.id],
        ['auth.apikey.revoked', owner.id, apiKey.id],
      ]);
      expect(JSON.stringify(f.events)).not.toContain(key);
    });

    it('an invalid bearer is refused even with a valid cookie beside it', async () => {
      const res = await f.request('/api/v1/me', { cookie: admin.cookie, bearer: 'qmo_not-a-real-key' });
      expect(res.status).toBe(401);
    });

    it("a user cannot revoke another user's key (404); an admin can", async () => {
      const a = await f.auth.users.create({ email: email('key-a'), password: PASSWORD }, 'system');
      const b = await f.auth.users.create({ email: email('key-b'), password: PASSWORD }, 'system');
      const { apiKey } = await f.auth.apiKeys.create(a.id, { name: 'a' }, a.id);
      const bCookie = await f.signIn(b.email, PASSWORD);
      expect(
        (await f.request(`/api/v1/api-keys/${apiKey.id}`, { method: 'DELETE', cookie: bCookie })).status,
      ).toBe(404);
      expect(
        (await f.request(`/api/v1/api-keys/${apiKey.id}`, { method: 'DELETE', cookie: admin.cookie })).status,
      ).toBe(200);
    });

    it('an expired key does not resolve', async () => {
      const user = await f.auth.users.create({ email: email('expiring'), password: PASSWORD }, 'system');
      let now = new Date('2030-01-01T00:00:00Z');
      const { ApiKeyStore } = await import('../../src/auth/api-keys.js');
      const store = new ApiKeyStore({ db: db.db, emit: async () => {}, now: () => now });
      const { key } = await store.create(
        user.id,
        { name: 'short-lived', expiresAt: new Date('2030-01-01T01:00:00Z') },
        user.id,
      );
      expect(await store.verify(key)).toMatchObject({ user: { id: user.id } });
      now = new Date('2030-01-01T01:00:00Z');
      expect(await store.verify(key)).toBeNull();
    });
  });
});
