import type { Bar } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { closedCandles, startIndex } from './replay-feed.js';

const bar = (ts: number, closed = true): Bar =>
  ({
    type: 'bar',
    instrument: 'X',
    source: 'demo',
    tf: '1m',
    ts,
    open: '1',
    high: '2',
    low: '0.5',
    close: '1.5',
    volume: '3',
    closed,
  }) as Bar;

describe('replay buffer', () => {
  it('keeps closed bars whose bucket has ended', () => {
    const candles = closedCandles([bar(0), bar(60_000), bar(120_000, false)], 60_000, 150_000);
    expect(candles.map((c) => c.time)).toEqual([0, 60]);
    expect(closedCandles([bar(0), bar(60_000)], 60_000, 100_000).map((c) => c.time)).toEqual([0]);
  });

  it('starts at the last bar opening at or before the time picked', () => {
    const candles = closedCandles([bar(0), bar(60_000), bar(180_000)], 60_000, 1e9);
    expect(startIndex(candles, 60_000)).toBe(1);
    expect(startIndex(candles, 179_999)).toBe(1);
    expect(startIndex(candles, 180_000)).toBe(2);
    expect(startIndex(candles, -1)).toBe(0);
    expect(startIndex(candles, 1e12)).toBe(2);
  });
});
