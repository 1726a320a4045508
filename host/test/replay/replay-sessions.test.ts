import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@qmo/sdk';
import { FakeClock } from '@qmo/sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ReplaySessions } from '../../src/replay/replay-sessions.js';
import { bar, barsOf, hostKernelWithVenue, MIN, T0 } from './session.fixture.js';

const BARS = [bar(0, '1.0850', '1.0856', '1.0848', '1.0852'), bar(1, '1.0852', '1.0855', '1.0842', '1.0845')];

describe('replay paper sessions of the host', () => {
  let sessions: ReplaySessions | undefined;
  afterEach(async () => {
    await sessions?.close();
  });

  const create = async (clock: FakeClock, config: { venue?: string } = {}, dataDir?: string) => {
    const { kernel, instruments } = await hostKernelWithVenue();
    sessions = new ReplaySessions({
      config: { venue: 'venue-sim', maxSessionsPerUser: 2, idleMinutes: 10, startingCash: '5000', ...config },
      kernel,
      instruments,
      bars: barsOf(BARS),
      pluginConfig: {},
      clock,
      logger: silentLogger,
      ...(dataDir ? { dataDir } : {}),
    });
    return sessions;
  };
  const input = { instrument: 'EURUSD', tf: '1m' as const, start: T0 };

  it("belong to their user: another user's session is not found", async () => {
    const s = await create(new FakeClock(T0 + 60 * MIN));
    const mine = await s.create('alice', input);
    expect(s.get('alice', mine.id)).toBe(mine);
    expect(mine.state().account.startingCash).toBe('5000');
    expect(() => s.get('bob', mine.id)).toThrow(expect.objectContaining({ code: 'QMO_NOT_FOUND' }));
    expect(s.list('bob')).toEqual([]);
    await expect(s.delete('bob', mine.id)).rejects.toMatchObject({ code: 'QMO_NOT_FOUND' });
  });

  it('are capped per user', async () => {
    const s = await create(new FakeClock(T0 + 60 * MIN));
    await s.create('alice', input);
    await s.create('alice', { ...input, cash: '250' });
    await expect(s.create('alice', input)).rejects.toMatchObject({ kind: 'too-many-sessions', status: 409 });
    await s.create('bob', input);
    expect(s.size).toBe(3);
  });

  it('keep to the cap when several open at once', async () => {
    const s = await create(new FakeClock(T0 + 60 * MIN));
    const opened = await Promise.allSettled([1, 2, 3].map(() => s.create('alice', input)));
    expect(opened.map((r) => r.status).sort()).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(s.list('alice')).toHaveLength(2);
  });

  it('end when idle, their venue stopped with no timer left', async () => {
    const clock = new FakeClock(T0 + 60 * MIN);
    const s = await create(clock);
    const idle = await s.create('alice', input);
    const used = await s.create('alice', input);
    clock.advance(6 * MIN);
    s.get('alice', used.id);
    clock.advance(5 * MIN);
    await s.sweep();
    expect(s.list('alice').map((x) => x.id)).toEqual([used.id]);
    expect(idle.pendingTimers).toBe(0);
  });

  it('reset starts the session again at another time, forgetting its orders', async () => {
    const s = await create(new FakeClock(T0 + 60 * MIN));
    const first = await s.create('alice', { ...input, start: T0 + MIN });
    await first.place({ side: 'buy', type: 'limit', quantity: '1000', limitPrice: '1.0800' });
    const again = await s.reset('alice', first.id, T0);
    expect(again.id).toBe(first.id);
    expect(again.state()).toMatchObject({ cursor: T0, orders: [] });
    expect(first.pendingTimers).toBe(0);
    expect(s.get('alice', first.id)).toBe(again);
  });

  it('need the configured venue plugin', async () => {
    const s = await create(new FakeClock(T0 + 60 * MIN), { venue: 'venue-nope' });
    await expect(s.create('alice', input)).rejects.toMatchObject({ code: 'QMO_SERVICE_UNAVAILABLE' });
  });

  it('are all ended when the host closes', async () => {
    const s = await create(new FakeClock(T0 + 60 * MIN));
    const a = await s.create('alice', input);
    await s.close();
    expect(a.pendingTimers).toBe(0);
    expect(s.size).toBe(0);
  });

  it('keep one session when two resets race, and a reset racing an end keeps none', async () => {
    const s = await create(new FakeClock(T0 + 60 * MIN));
    const first = await s.create('alice', { ...input, start: T0 + MIN });
    const [a, b] = await Promise.allSettled([s.reset('alice', first.id, T0), s.reset('alice', first.id, T0)]);
    const won = [a, b].filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect([a, b].find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'QMO_NOT_FOUND' } });
    expect(s.get('alice', first.id)).toBe((won[0] as PromiseFulfilledResult<unknown>).value);
    expect(s.size).toBe(1);

    const racing = s.reset('alice', first.id, T0 + MIN);
    await s.delete('alice', first.id);
    await expect(racing).rejects.toMatchObject({ code: 'QMO_NOT_FOUND' });
    expect(s.size).toBe(0);
  });

  it('give each session a data folder of its own, removed when it ends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qmo-replay-'));
    try {
      const s = await create(new FakeClock(T0 + 60 * MIN), {}, dir);
      const one = await s.create('alice', input);
      const two = await s.create('alice', input);
      const folders = () => readdirSync(join(dir, 'replay')).sort();
      expect(folders()).toHaveLength(2);
      await s.delete('alice', one.id);
      expect(folders()).toHaveLength(1);
      await s.reset('alice', two.id, T0);
      expect(folders()).toHaveLength(1);
      await s.close();
      expect(folders()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
