import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import postgres from 'postgres';
import { inject } from 'vitest';
import { AccessControl } from '../../src/auth/access-control.js';
import { type CreateAuthOptions, createAuth, type QmoAuth } from '../../src/auth/auth.js';
import type { AuthEvent } from '../../src/auth/events.js';
import { getPrincipal, mountAuth, requireAuth } from '../../src/auth/middleware.js';
import { usersRoutes } from '../../src/auth/users-routes.js';
import { type DatabaseHandle, openDatabase } from '../../src/db/index.js';
import { problemFromError } from '../../src/http/problem.js';

export const ORIGIN = 'http://localhost:3000';
export const SECRET = 'test-secret-test-secret-test-secret-0123';

/** A copy of the run's migrated PGlite database in a folder of its own. */
export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'qmo-auth-'));
  cpSync(inject('pgliteTemplate'), dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestBackend {
  name: 'pglite' | 'postgres';
  open(): Promise<DatabaseHandle>;
}

const pglite: TestBackend = {
  name: 'pglite',
  async open() {
    const data = tempDataDir();
    const handle = await openDatabase({ dataDir: data.dir });
    return {
      ...handle,
      async close() {
        await handle.close();
        data.remove();
      },
    };
  },
};

/** A database of its own on the server at DATABASE_URL, dropped on close. */
function postgresBackend(url: string): TestBackend {
  return {
    name: 'postgres',
    async open() {
      const name = `qmo_auth_${process.pid}_${randomBytes(4).toString('hex')}`;
      const admin = postgres(url, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      const target = new URL(url);
      target.pathname = `/${name}`;
      const drop = async () => {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      };
      try {
        const handle = await openDatabase({ databaseUrl: target.toString(), maxConnections: 4 });
        return {
          ...handle,
          async close() {
            try {
              await handle.close();
            } finally {
              await drop();
            }
          },
        };
      } catch (error) {
        await drop();
        throw error;
      }
    },
  };
}

/** PGlite always; PostgreSQL too when DATABASE_URL is set. */
export const backends: TestBackend[] = process.env.DATABASE_URL
  ? [pglite, postgresBackend(process.env.DATABASE_URL)]
  : [pglite];

/** Desks of the test deployment: desk id → account ids. */
export const DESKS: Record<string, string[]> = { 'desk-fx': ['FX-1', 'FX-2'], 'desk-eq': ['EQ-1'] };
export const ALL_ACCOUNTS = ['EQ-1', 'FX-1', 'FX-2', 'SOLO-1'];

export interface AuthFixture {
  auth: QmoAuth;
  access: AccessControl;
  app: Hono;
  events: AuthEvent[];
  /** `app.request` with the Origin better-auth expects. */
  request(
    path: string,
    init?: RequestInit & { json?: unknown; cookie?: string; bearer?: string },
  ): Promise<Response>;
  /** Signs in and returns the session cookie (`name=value`). */
  signIn(email: string, password: string): Promise<string>;
}

export function authFixture(db: DatabaseHandle, options: Partial<CreateAuthOptions> = {}): AuthFixture {
  const events: AuthEvent[] = [];
  const auth = createAuth({
    db: db.db,
    baseURL: ORIGIN,
    trustedOrigins: [ORIGIN],
    secret: SECRET,
    onAuthEvent: (event) => {
      events.push(event);
    },
    ...options,
  });
  const access = new AccessControl({
    auth,
    listAccounts: () => ALL_ACCOUNTS,
    accountsOfDesk: async (desk) => DESKS[desk] ?? [],
  });
  const app = new Hono();
  mountAuth(app, auth, access);
  app.route('/', usersRoutes({ auth, access }));
  app.get('/api/v1/me', requireAuth(), async (c) =>
    c.json({ principal: getPrincipal(c), accounts: await access.accountsOf(getPrincipal(c)) }),
  );
  app.onError((error, c) => problemFromError(c, error));

  const request: AuthFixture['request'] = (path, init = {}) => {
    const { json, cookie, bearer, ...rest } = init;
    const headers = new Headers(rest.headers);
    headers.set('origin', ORIGIN);
    if (json !== undefined) headers.set('content-type', 'application/json');
    if (cookie) headers.set('cookie', cookie);
    if (bearer) headers.set('authorization', `Bearer ${bearer}`);
    return Promise.resolve(
      app.request(`${ORIGIN}${path}`, {
        ...rest,
        headers,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      }),
    );
  };
  const signIn = async (email: string, password: string) => {
    const res = await request('/api/auth/sign-in/email', { method: 'POST', json: { email, password } });
    if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
    return sessionCookie(res);
  };
  return { auth, access, app, events, request, signIn };
}

/** The `name=value` of the session cookie a response sets. */
export function sessionCookie(res: Response): string {
  const cookie = res.headers.getSetCookie().find((c) => c.includes('session_token='));
  if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(res.headers.getSetCookie())}`);
  return cookie.split(';')[0]!;
}

let counter = 0;
/** A fresh e-mail address per call, so tests sharing a database do not collide. */
export function email(name: string): string {
  counter += 1;
  return `${name}.${counter}.${randomBytes(3).toString('hex')}@example.com`;
}

export const PASSWORD = 'correct horse battery';
