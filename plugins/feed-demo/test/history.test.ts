import { type Bar, decimal, toSteps, UnknownInstrumentError } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { DEMO_INSTRUMENT_IDS, DEMO_INSTRUMENTS } from '../src/index.js';
import { barKey, DAY, feedAt, MINUTE, START } from './helpers.js';

const HOUR = 60 * MINUTE;

describe('history', () => {
  it('is the same for the same seed', async () => {
    const range = { from: START - 3 * DAY, to: START - 2 * DAY };
    for (const id of DEMO_INSTRUMENT_IDS) {
      const a = await feedAt({ seed: 7 }).feed.history!(id, range);
      const b = await feedAt({ seed: 7 }).feed.history!(id, range);
      expect(a).toHaveLength(1440);
      expect(b).toEqual(a);
    }
  });

  it('differs with the seed and between instruments', async () => {
    const range = { from: START - 2 * HOUR, to: START - HOUR };
    const closes = async (seed: number, id: string) =>
      (await feedAt({ seed }).feed.history!(id, range)).map((b) => b.close).join();
    expect(await closes(1, 'EURUSD')).not.toBe(await closes(2, 'EURUSD'));
    expect(await closes(1, 'AAPL')).not.toBe(await closes(1, 'XAUUSD'));
  });

  it('moves the E-mini future with its index, at a premium', async () => {
    const { feed } = feedAt();
    const range = { from: START - 2 * DAY, to: START };
    const spx = await feed.history!('SPX', range);
    const es = await feed.history!('ESZ6', range);
    const ratios = es.map((bar, i) => decimal.toNumber(bar.close) / decimal.toNumber(spx[i]!.close));
    expect(Math.min(...ratios)).toBeGreaterThan(1.0149);
    expect(Math.max(...ratios)).toBeLessThan(1.0151);
  });

  it('agrees between overlapping ranges and does not depend on the clock or on what was asked before', async () => {
    const { feed } = feedAt();
    const wide = await feed.history!('BTC-USD', { from: START - 5 * DAY, to: START - DAY });
    const { feed: other, clock } = feedAt({}, START - 2 * DAY + 7 * MINUTE);
    clock.advance(3 * DAY);
    const narrow = await other.history!('BTC-USD', {
      from: START - 3 * DAY - 17 * MINUTE + 1,
      to: START - 2 * DAY + 5,
    });
    expect(narrow).toHaveLength(1440 + 17);
    const byTs = new Map(wide.map((b) => [b.ts, barKey(b)]));
    for (const bar of narrow) expect(barKey(bar)).toBe(byTs.get(bar.ts));
  });

  it('returns closed 1-minute bars in [from, to), aligned, oldest first', async () => {
    const { feed } = feedAt({ source: 'demo-x' });
    const from = START - 90 * MINUTE + 30_000;
    const bars = await feed.history!('AAPL', { from, to: START - 30 * MINUTE });
    expect(bars).toHaveLength(59);
    expect(bars[0]!.ts).toBe(START - 89 * MINUTE);
    bars.forEach((bar, i) => {
      expect(bar).toMatchObject({
        type: 'bar',
        tf: '1m',
        closed: true,
        source: 'demo-x',
        instrument: 'AAPL',
      });
      expect(bar.ts % MINUTE).toBe(0);
      if (i > 0) expect(bar.ts - bars[i - 1]!.ts).toBe(MINUTE);
    });
  });

  it('offers only closed bars of the last historyDays days', async () => {
    const { feed } = feedAt({ historyDays: 2 }, START + 25_000);
    const bars = await feed.history!('EURUSD', { from: START - 10 * DAY, to: START + DAY });
    expect(bars[0]!.ts).toBe(START - 2 * DAY + MINUTE);
    expect(bars.at(-1)!.ts).toBe(START - MINUTE);
    expect(await feed.history!('EURUSD', { from: START + MINUTE, to: START + DAY })).toEqual([]);
  });

  it('rejects unknown instruments and bad ranges', async () => {
    const { feed } = feedAt({ instruments: ['EURUSD'] });
    await expect(feed.history!('AAPL', { from: START - DAY, to: START })).rejects.toBeInstanceOf(
      UnknownInstrumentError,
    );
    await expect(feed.history!('EURUSD', { from: Number.NaN, to: START })).rejects.toMatchObject({
      code: 'QMO_INVALID_ARGUMENT',
    });
  });

  it('keeps the bar invariants: OHLC on the tick grid, high/low around open/close, volume in lots, continuity', {
    timeout: 20_000,
  }, async () => {
    const { feed } = feedAt({ seed: 123 });
    for (const instrument of DEMO_INSTRUMENTS) {
      const bars = await feed.history!(instrument.id, { from: START - 3 * DAY - 5 * MINUTE, to: START });
      const problems: string[] = [];
      let previous: Bar | undefined;
      for (const bar of bars) {
        // toSteps throws when a value is off the grid
        const o = toSteps(bar.open, instrument.tickSize);
        const h = toSteps(bar.high, instrument.tickSize);
        const l = toSteps(bar.low, instrument.tickSize);
        const c = toSteps(bar.close, instrument.tickSize);
        const lots = toSteps(bar.volume, instrument.lotSize);
        if (l <= 0n || h < o || h < c || l > o || l > c) problems.push(`${bar.ts}: OHLC ${o}/${h}/${l}/${c}`);
        if (lots <= 0n) problems.push(`${bar.ts}: volume ${bar.volume}`);
        if (previous && bar.open !== previous.close) problems.push(`${bar.ts}: gap from ${previous.close}`);
        previous = bar;
      }
      expect(problems, instrument.id).toEqual([]);
    }
  });

  it('moves plausibly: prices near the model level, minute moves small', { timeout: 20_000 }, async () => {
    const { feed } = feedAt();
    const levels: Record<string, [number, number]> = {
      EURUSD: [0.9, 1.3],
      'BTC-USD': [60_000, 140_000],
      ESZ6: [4_500, 7_600],
      XAUUSD: [2_000, 3_300],
      SPX: [4_500, 7_500],
      AAPL: [160, 320],
    };
    for (const [id, [low, high]] of Object.entries(levels)) {
      const bars = await feed.history!(id, { from: START - 30 * DAY, to: START });
      const closes = bars.map((b) => decimal.toNumber(b.close));
      const moves = bars.map((b) => Math.abs(decimal.toNumber(b.close) / decimal.toNumber(b.open) - 1));
      expect(Math.min(...closes), id).toBeGreaterThan(low);
      expect(Math.max(...closes), id).toBeLessThan(high);
      expect(Math.max(...moves), id).toBeLessThan(0.01);
    }
  });

  it('generates 30 days of six instruments in one go', { timeout: 20_000 }, async () => {
    const { feed } = feedAt();
    let count = 0;
    for (const id of DEMO_INSTRUMENT_IDS)
      count += (await feed.history!(id, { from: START - 30 * DAY, to: START })).length;
    expect(count).toBe(6 * 30 * 1440);
  });
});
