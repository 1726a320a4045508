import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../src/create-host.js';
import { MAX_PREFERENCE_CHARS } from '../../src/http/routes/preferences.js';
import { type Credentials, send, signInCookie } from './sweep-client.js';
import { startTestHost, tempDataDir } from './test-host.js';

const TIMEOUT = 120_000;
const ADMIN = { email: 'prefs-admin@qmo.test', password: 'prefs-password-123' };
const PATH = '/api/v1/me/preferences/chart.indicators';

describe('user preferences over HTTP', { timeout: TIMEOUT }, () => {
  const data = tempDataDir();
  let host: RunningHost;
  let admin: Credentials;
  let viewer: Credentials;

  beforeAll(async () => {
    host = await startTestHost({
      dataDir: data.dir,
      env: { QMO_ADMIN_EMAIL: ADMIN.email, QMO_ADMIN_PASSWORD: ADMIN.password },
    });
    admin = { kind: 'cookie', cookie: await signInCookie(host.url, ADMIN.email, ADMIN.password) };
    const created = await send(host.url, admin, 'POST', '/api/v1/users', {
      email: 'prefs-viewer@qmo.test',
      password: 'viewer-password-123',
      name: 'Viewer',
      role: 'viewer',
    });
    expect(created.status).toBe(201);
    viewer = {
      kind: 'cookie',
      cookie: await signInCookie(host.url, 'prefs-viewer@qmo.test', 'viewer-password-123'),
    };
  }, TIMEOUT);

  afterAll(async () => {
    await host?.close();
    data.remove();
  }, TIMEOUT);

  it('stores a JSON value per user and key; each user reads only their own', async () => {
    expect((await send(host.url, admin, 'GET', PATH)).body).toEqual({
      key: 'chart.indicators',
      value: null,
      updatedAt: null,
    });
    const value = {
      version: 1,
      items: [{ uid: 'a', id: 'gann-fan', params: { pricePerBar: 1 }, visible: true }],
    };
    const put = await send(host.url, admin, 'PUT', PATH, { value });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ key: 'chart.indicators', value });
    expect((await send(host.url, admin, 'GET', PATH)).body.value).toEqual(value);
    expect((await send(host.url, viewer, 'GET', PATH)).body.value).toBeNull();
    await send(host.url, viewer, 'PUT', PATH, { value: { version: 1, items: [] } });
    expect((await send(host.url, admin, 'GET', PATH)).body.value).toEqual(value);
  });

  it('refuses anonymous callers, bad keys, a missing value and a value over the size limit (problem+json)', async () => {
    expect((await send(host.url, { kind: 'none' }, 'GET', PATH)).status).toBe(401);
    expect((await send(host.url, { kind: 'none' }, 'PUT', PATH, { value: 1 })).status).toBe(401);

    const badKey = await send(host.url, admin, 'PUT', '/api/v1/me/preferences/Not%20A%20Key', { value: 1 });
    expect(badKey.status).toBe(400);
    expect(badKey.body.errors.map((e: { path: string }) => e.path)).toEqual(['path.key']);

    const missing = await send(host.url, admin, 'PUT', PATH, {});
    expect(missing.status).toBe(400);
    expect(missing.type).toContain('application/problem+json');
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.value']);

    const huge = await send(host.url, admin, 'PUT', PATH, { value: 'x'.repeat(MAX_PREFERENCE_CHARS) });
    expect(huge.status).toBe(400);
    expect(huge.body.errors).toEqual([
      { path: 'body.value', message: `must be at most ${MAX_PREFERENCE_CHARS} characters of JSON` },
    ]);
  });
});
