import type { Bar } from '@qmo/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DrizzleBarStore, InvalidBarError } from '../../src/db/index.js';
import { backends, STORAGE_TIMEOUT, type TestDatabase } from './backends.js';
import { bar, btcusd, eurusd, eurusd1d, eurusd1h, eurusd5m, MIN, T0 } from './bars.fixture.js';

const DAY = 86_400_000;
const all = { from: T0 - DAY, to: T0 + DAY };

describe.each(backends)('DrizzleBarStore on $name', { timeout: STORAGE_TIMEOUT }, (backend) => {
  let database: TestDatabase;
  let store: DrizzleBarStore;

  beforeAll(async () => {
    database = await backend.open();
    store = new DrizzleBarStore(database.db);
  }, STORAGE_TIMEOUT);
  afterAll(async () => {
    await database?.close();
  }, STORAGE_TIMEOUT);
  beforeEach(async () => {
    await database.truncate();
  });

  it('returns 1m bars as written, oldest first, with exact canonical decimals', async () => {
    const precise = bar('XAUUSD', 0, [
      '1.08000000',
      '67890.123456789012345678',
      '0.000000000000000001',
      '-12.50',
      '12345678901234567890.000000001',
    ]);
    await store.upsert([...eurusd, precise]);
    const got = await store.query('XAUUSD', '1m', all);
    expect(got).toEqual([
      {
        ...precise,
        open: '1.08',
        high: '67890.123456789012345678',
        low: '0.000000000000000001',
        close: '-12.5',
        volume: '12345678901234567890.000000001',
      },
    ]);
    const minutes = await store.query('EURUSD', '1m', all);
    expect(minutes).toEqual([...eurusd].sort((a, b) => a.ts - b.ts));
    expect(minutes[0]?.open).toBe('1.085');
  });

  it('aggregates 5m, 1h and 1d exactly: first open, max high, min low, last close, summed volume', async () => {
    await store.upsert([...eurusd, ...btcusd]);
    expect(await store.query('EURUSD', '5m', all)).toEqual(eurusd5m);
    expect(await store.query('EURUSD', '1h', all)).toEqual(eurusd1h);
    expect(await store.query('EURUSD', '1d', all)).toEqual(eurusd1d);
  });

  it('returns the bars whose open time is in [from, to), aggregated from their full buckets', async () => {
    await store.upsert(eurusd);
    // 10:02 is inside the 10:00 bucket, whose open time is before `from`: it is left out, not cut.
    const got = await store.query('EURUSD', '5m', { from: T0 + 2 * MIN, to: T0 + 10 * MIN });
    expect(got).toEqual([eurusd5m[1]]);
    const hour = await store.query('EURUSD', '1h', { from: T0, to: T0 + 1 });
    expect(hour).toEqual([eurusd1h[0]]);
    expect(await store.query('EURUSD', '1m', { from: T0 + 5 * MIN, to: T0 + 5 * MIN })).toEqual([]);
    expect(await store.query('EURUSD', '5m', { from: T0 + 20 * MIN, to: T0 + 40 * MIN })).toEqual([]);
    expect(await store.query('NOPE', '5m', all)).toEqual([]);
  });

  it('with a limit returns the newest bars, oldest first', async () => {
    await store.upsert(eurusd);
    const minutes = await store.query('EURUSD', '1m', all, 3);
    expect(minutes.map((b) => (b.ts - T0) / MIN)).toEqual([10, 60, 64]);
    expect(await store.query('EURUSD', '5m', all, 2)).toEqual(eurusd5m.slice(2));
    expect(await store.query('EURUSD', '1h', all, 10)).toEqual(eurusd1h);
    expect(await store.query('EURUSD', '1h', all, 0)).toEqual([]);
  });

  it('upserts idempotently and replaces a bar written again', async () => {
    await store.upsert(eurusd);
    await store.upsert(eurusd);
    expect(await store.query('EURUSD', '1m', all)).toHaveLength(eurusd.length);

    const corrected = bar('EURUSD', 10, ['1.0802', '1.0820', '1.0790', '1.0811', '2'], 'backup');
    await store.upsert([corrected]);
    const tenOClock = await store.query('EURUSD', '5m', { from: T0 + 10 * MIN, to: T0 + 15 * MIN });
    expect(tenOClock).toEqual([
      { ...eurusd5m[2], high: '1.082', low: '1.079', close: '1.0811', volume: '2', source: 'backup' },
    ]);
  });

  it('keeps the last of repeated bars within one batch', async () => {
    const first = bar('EURUSD', 0, ['1', '1', '1', '1', '1']);
    const second = bar('EURUSD', 0, ['2', '2', '2', '2', '2']);
    await store.upsert([first, second]);
    expect(await store.query('EURUSD', '1m', all)).toEqual([second]);
  });

  it('writes large batches in chunks', async () => {
    const chunked = new DrizzleBarStore(database.db, { chunkSize: 700 });
    const many: Bar[] = [];
    for (let m = 0; m < 5_000; m++) many.push(bar('EURUSD', m, ['1.1', '1.2', '1.0', `1.${m}`, '1']));
    await chunked.upsert(many);
    const hours = await chunked.query('EURUSD', '1h', { from: T0, to: T0 + 5_000 * MIN });
    expect(hours).toHaveLength(Math.ceil(5_000 / 60));
    expect(hours[0]).toMatchObject({ open: '1.1', close: '1.59', volume: '60' });
    expect(await chunked.latest('EURUSD')).toEqual(many.at(-1));
  });

  it('latest gives the newest 1m bar of the instrument, or null', async () => {
    expect(await store.latest('EURUSD')).toBeNull();
    await store.upsert([...eurusd, ...btcusd]);
    expect(await store.latest('EURUSD')).toEqual(eurusd[0]);
    expect(await store.latest('BTC-USD')).toEqual(btcusd[2]);
  });

  it('refuses bars it cannot store exactly, and writes none of the batch', async () => {
    const fiveMinute: Bar = { ...bar('EURUSD', 0, ['1', '1', '1', '1', '1']), tf: '5m' };
    const offMinute: Bar = { ...bar('EURUSD', 1, ['1', '1', '1', '1', '1']), ts: T0 + 30_000 };
    const notDecimal = { ...bar('EURUSD', 2, ['1', '1', '1', '1', '1']), close: '1e3' } as unknown as Bar;
    for (const bad of [fiveMinute, offMinute, notDecimal]) {
      await expect(store.upsert([eurusd[0]!, bad])).rejects.toBeInstanceOf(InvalidBarError);
    }
    expect(await store.latest('EURUSD')).toBeNull();
  });
});
