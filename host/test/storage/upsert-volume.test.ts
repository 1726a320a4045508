import { type Bar, dec } from '@qmo/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DrizzleBarStore, openDatabase } from '../../src/db/index.js';
import { backends, STORAGE_TIMEOUT, type TestDatabase } from './backends.js';

/**
 * The host's first-start backfill: 30 days × 1440 minutes × 6 instruments ≈ 260k bars.
 * A measurement, not a timed assertion: run with QMO_STORAGE_VOLUME=1 (and DATABASE_URL for
 * PostgreSQL); the timings are printed.
 */
const enabled = process.env.QMO_STORAGE_VOLUME === '1';
const INSTRUMENTS = ['EURUSD', 'GBPUSD', 'USDJPY', 'BTC-USD', 'ETH-USD', 'XAUUSD'];
const DAYS = 30;
const MINUTES = DAYS * 1440;
const START = Date.UTC(2026, 0, 1);

function backfill(): Bar[] {
  const out: Bar[] = [];
  for (const [i, instrument] of INSTRUMENTS.entries()) {
    let price = 100_000 + i * 1000; // in units of 0.00001
    for (let m = 0; m < MINUTES; m++) {
      const open = price;
      price += ((m * 7919 + i * 104_729) % 41) - 20;
      const close = price;
      const high = Math.max(open, close) + (m % 5);
      const low = Math.min(open, close) - (m % 3);
      out.push({
        type: 'bar',
        instrument,
        source: 'demo',
        ts: START + m * 60_000,
        tf: '1m',
        open: p(open),
        high: p(high),
        low: p(low),
        close: p(close),
        volume: dec(String((m % 97) + 1)),
        closed: true,
      });
    }
  }
  return out;
}

/** A price from an integer count of 0.00001. */
const p = (n: number) => dec(`${Math.floor(n / 100_000)}.${String(n % 100_000).padStart(5, '0')}`);
const ms = (since: number) => Math.round(performance.now() - since);

describe.runIf(enabled).each(backends)('backfill volume on $name', { timeout: 600_000 }, (backend) => {
  let database: TestDatabase;
  const bars = enabled ? backfill() : [];

  beforeAll(async () => {
    const started = performance.now();
    database = await backend.open();
    console.log(`[${backend.name}] open fresh + migrate: ${ms(started)} ms`);
  }, STORAGE_TIMEOUT);
  afterAll(async () => {
    await database?.close();
  });

  for (const chunkSize of [2_000, 10_000]) {
    it(`upserts ${INSTRUMENTS.length * MINUTES} bars, chunks of ${chunkSize}`, async () => {
      await database.truncate();
      const store = new DrizzleBarStore(database.db, { chunkSize });
      let started = performance.now();
      await store.upsert(bars);
      console.log(`[${backend.name}] upsert ${bars.length} new bars, chunk ${chunkSize}: ${ms(started)} ms`);
      started = performance.now();
      await store.upsert(bars);
      console.log(
        `[${backend.name}] upsert ${bars.length} existing bars, chunk ${chunkSize}: ${ms(started)} ms`,
      );
    });
  }

  it('queries the backfill', async () => {
    const store = new DrizzleBarStore(database.db);
    const range = { from: START, to: START + MINUTES * 60_000 };
    for (const [tf, limit] of [
      ['1m', 500],
      ['1m', undefined],
      ['5m', undefined],
      ['1h', 500],
      ['1d', undefined],
    ] as const) {
      const started = performance.now();
      const got = await store.query('EURUSD', tf, range, limit);
      console.log(
        `[${backend.name}] query ${tf} limit ${limit ?? '-'} → ${got.length} bars: ${ms(started)} ms`,
      );
      expect(got.length).toBeGreaterThan(0);
    }
    const started = performance.now();
    await store.latest('XAUUSD');
    console.log(`[${backend.name}] latest: ${ms(started)} ms`);
  });
});

describe.runIf(enabled)('PGlite start-up', { timeout: STORAGE_TIMEOUT }, () => {
  it('opens a fresh in-memory PGlite and migrates', async () => {
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const handle = await openDatabase();
      console.log(`[pglite] fresh open + migrate #${i + 1}: ${ms(started)} ms`);
      await handle.close();
    }
  });
});
