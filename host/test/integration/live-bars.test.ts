import { type Bar, bucketStart, ConfigInvalidError, decimal } from '@qmo/sdk';
import { FakeClock } from '@qmo/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../src/create-host.js';
import { getJson, startTestHost, tempDataDir } from './test-host.js';

const TIMEOUT = 120_000;

describe('live 1-minute bars on virtual time', { timeout: TIMEOUT }, () => {
  const data = tempDataDir();
  const clock = new FakeClock(Date.now());
  let host: RunningHost;

  beforeAll(async () => {
    host = await startTestHost({
      dataDir: data.dir,
      clock,
      uiDir: null,
      config: { marketData: { backfillDays: 1 } },
    });
    await host.ready;
  }, TIMEOUT);
  afterAll(async () => {
    await host?.close();
    data.remove();
  }, TIMEOUT);

  it('builds bars from the live trades, closes them on the minute and stores them', async () => {
    const firstLiveMinute = bucketStart(clock.now(), '1m');
    for (let i = 0; i < 3 * 600; i++) clock.advance(100); // three minutes of 100 ms ticks
    await host.marketData.idle();

    const { body } = await getJson<{ bars: Bar[] }>(
      host,
      `/api/v1/marketdata/ESZ6/bars?tf=1m&from=${firstLiveMinute}&to=${clock.now() + 60_000}`,
    );
    const closed = body.bars.filter((b) => b.closed);
    expect(closed.length).toBeGreaterThanOrEqual(2);
    for (const bar of closed) {
      expect(bar.source).toBe('demo');
      expect(decimal.cmp(bar.high, bar.low)).toBeGreaterThanOrEqual(0);
      expect(decimal.cmp(bar.high, bar.open)).toBeGreaterThanOrEqual(0);
      expect(decimal.cmp(bar.low, bar.close)).toBeLessThanOrEqual(0);
      expect(decimal.cmp(bar.volume, '0' as never)).toBe(1);
    }
    // The minute still forming is served too, marked as not closed.
    expect(body.bars.at(-1)?.closed).toBe(false);
    expect(body.bars.at(-1)?.ts).toBe(bucketStart(clock.now(), '1m'));
  });

  it('disabling the only feed leaves the instruments without a source; enabling it brings it back', async () => {
    await host.kernel.disable('feed-demo');
    clock.advance(10_000);
    const status = await getJson<{ sources: { instrument: string; active: string | null }[] }>(
      host,
      '/api/v1/status',
    );
    expect(status.body.sources.find((s) => s.instrument === 'EURUSD')).toMatchObject({
      active: null,
      candidates: [],
    });
    await host.kernel.enable('feed-demo');
    clock.advance(1_000);
    const again = await getJson<{ sources: { instrument: string; active: string | null }[] }>(
      host,
      '/api/v1/status',
    );
    expect(again.body.sources.find((s) => s.instrument === 'EURUSD')?.active).toBe('demo');
  });
});

describe('plugin configuration', { timeout: TIMEOUT }, () => {
  it('an invalid plugin configuration stops start-up naming the plugin and key', async () => {
    const data = tempDataDir();
    try {
      const start = startTestHost({
        dataDir: data.dir,
        uiDir: null,
        config: {
          plugins: { search: [], load: ['./plugins/feed-demo'], config: { 'feed-demo': { seed: 'x' } } },
        },
      });
      await expect(start).rejects.toThrow(ConfigInvalidError);
      await expect(start).rejects.toThrow(/plugins\.config\.feed-demo.*seed/);
    } finally {
      data.remove();
    }
  });
});
