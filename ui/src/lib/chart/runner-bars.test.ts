import type { IndicatorPoint } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import type { Candle } from './candles.js';
import { mergeTail, runnerBars } from './runner-bars.js';

const MIN = 60_000;
const candle = (minute: number, close: number): Candle => ({
  time: minute * 60,
  open: close,
  high: close,
  low: close,
  close,
  volume: 1,
  closeText: String(close),
});

describe('runnerBars', () => {
  const candles = [candle(0, 1), candle(1, 2), candle(2, 3)];

  it('live: earlier candles are closed, the last one forms until a later one exists', () => {
    const live = runnerBars(candles, MIN, null);
    expect(live.map((b) => [b.time, b.closed])).toEqual([
      [0, true],
      [MIN, true],
      [2 * MIN, false],
    ]);
  });

  it('replay: only candles closed by asOf, all closed', () => {
    const bars = runnerBars(candles, MIN, 2 * MIN + 59_999);
    expect(bars.map((b) => [b.time, b.closed])).toEqual([
      [0, true],
      [MIN, true],
    ]);
  });
});

describe('mergeTail', () => {
  const p = (time: number, v: number): IndicatorPoint => ({ time, values: { v } });

  it('replaces the forming point and appends new ones', () => {
    const points = [p(1, 1), p(2, 2), p(3, 3)];
    mergeTail(points, [p(3, 30), p(4, 40)]);
    expect(points).toEqual([p(1, 1), p(2, 2), p(3, 30), p(4, 40)]);
  });

  it('leaves the points alone for an empty tail', () => {
    const points = [p(1, 1)];
    mergeTail(points, []);
    expect(points).toEqual([p(1, 1)]);
  });
});
