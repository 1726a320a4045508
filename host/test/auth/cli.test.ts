import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureBootstrapAdmin } from '../../src/auth/bootstrap.js';
import type { AuthEvent } from '../../src/auth/events.js';
import { runUsersCommand } from '../../src/cli/users.js';
import { resolveConfig } from '../../src/config/load-config.js';
import { openDatabase } from '../../src/db/index.js';
import { authFixture, PASSWORD, tempDataDir } from './support.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) },
  };
}

describe('qmo users (CLI) and the bootstrap admin', () => {
  let data: ReturnType<typeof tempDataDir>;
  beforeEach(() => {
    data = tempDataDir();
  });
  afterEach(() => data.remove());

  const loaded = () => resolveConfig({ dataDir: data.dir, port: 0 }, null, data.dir, {}, {});
  const open = () => openDatabase({ dataDir: data.dir });

  it('creates an admin who can sign in; lists users; changes a role', async () => {
    const events: AuthEvent[] = [];
    const create = capture();
    const code = await runUsersCommand(
      ['create', '--email', 'Root@Example.com', '--password', PASSWORD, '--role', 'admin', '--name', 'Root'],
      loaded(),
      { io: create.io, auditSink: () => (event) => void events.push(event) },
    );
    expect(create.err.join('')).toBe('');
    expect(code).toBe(0);
    const id = create.out.join('').trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(events).toEqual([
      expect.objectContaining({
        action: 'auth.user.created',
        actor: 'cli',
        subject: id,
        payload: expect.objectContaining({ role: 'admin' }),
      }),
    ]);

    const list = capture();
    expect(await runUsersCommand(['list'], loaded(), { io: list.io })).toBe(0);
    expect(list.out.join('')).toBe(`${id}\troot@example.com\tadmin\tRoot\t-\n`);

    const dup = capture();
    expect(
      await runUsersCommand(['create', '--email', 'root@example.com', '--password', PASSWORD], loaded(), {
        io: dup.io,
      }),
    ).toBe(1);
    expect(dup.err.join('')).toContain('already exists');

    const second = capture();
    expect(
      await runUsersCommand(['create', '--email', 'ops@example.com', '--password', PASSWORD], loaded(), {
        io: second.io,
      }),
    ).toBe(0);
    const setRole = capture();
    expect(
      await runUsersCommand(['set-role', '--email', 'ops@example.com', '--role', 'risk'], loaded(), {
        io: setRole.io,
      }),
    ).toBe(0);
    expect(setRole.out.join('')).toBe('ops@example.com: risk\n');

    const db = await open();
    try {
      const f = authFixture(db);
      const cookie = await f.signIn('root@example.com', PASSWORD);
      const me = (await (await f.request('/api/v1/me', { cookie })).json()) as {
        principal: { userId: string; role: string };
      };
      expect(me.principal).toMatchObject({ userId: id, role: 'admin' });
      expect((await f.auth.users.findByEmail('ops@example.com'))?.role).toBe('risk');
    } finally {
      await db.close();
    }
  });

  it('refuses bad arguments with exit code 1 and the usage', async () => {
    for (const args of [
      ['create', '--email', 'a@example.com'],
      ['create', '--email', 'a@example.com', '--password', PASSWORD, '--role', 'boss'],
      ['set-role', '--email', 'a@example.com'],
      ['frobnicate'],
      ['list', '--bogus'],
    ]) {
      const io = capture();
      expect(await runUsersCommand(args, loaded(), { io: io.io }), args.join(' ')).toBe(1);
      expect(io.err.join('')).not.toBe('');
    }
    const help = capture();
    expect(await runUsersCommand(['--help'], loaded(), { io: help.io })).toBe(0);
    expect(help.out.join('')).toContain('qmo users');
  });

  it('the bootstrap admin from QMO_ADMIN_EMAIL + QMO_ADMIN_PASSWORD is created once', async () => {
    const db = await open();
    try {
      const f = authFixture(db);
      const env = { QMO_ADMIN_EMAIL: 'boss@example.com', QMO_ADMIN_PASSWORD: PASSWORD };
      const first = await ensureBootstrapAdmin(f.auth, env);
      expect(first).toMatchObject({ email: 'boss@example.com', created: true });
      const second = await ensureBootstrapAdmin(f.auth, { ...env, QMO_ADMIN_PASSWORD: 'another password' });
      expect(second).toEqual({ userId: first!.userId, email: 'boss@example.com', created: false });
      expect(f.events.filter((e) => e.action === 'auth.user.created')).toEqual([
        expect.objectContaining({ actor: 'system', subject: first!.userId }),
      ]);
      // The password stays the first one.
      const cookie = await f.signIn('boss@example.com', PASSWORD);
      const me = (await (await f.request('/api/v1/me', { cookie })).json()) as {
        principal: { role: string };
      };
      expect(me.principal.role).toBe('admin');

      expect(await ensureBootstrapAdmin(f.auth, {})).toBeNull();
      await expect(ensureBootstrapAdmin(f.auth, { QMO_ADMIN_EMAIL: 'x@example.com' })).rejects.toThrow(
        /set both or neither/,
      );
    } finally {
      await db.close();
    }
  });
});
