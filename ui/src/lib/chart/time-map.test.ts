import { describe, expect, it } from 'vitest';
import { TimeMap } from './time-map.js';

describe('TimeMap', () => {
  const map = new TimeMap();
  map.reset([0, 60_000, 120_000, 600_000], 60_000);

  it('maps candle times to their index and interpolates inside a bar', () => {
    expect(map.toLogical(60_000)).toBe(1);
    expect(map.toLogical(90_000)).toBe(1.5);
  });

  it('keeps times inside a gap on the bar before it', () => {
    expect(map.toLogical(300_000)).toBe(3);
  });

  it('extrapolates beyond both ends by the timeframe', () => {
    expect(map.toLogical(720_000)).toBe(5);
    expect(map.toLogical(-120_000)).toBe(-2);
    expect(map.toTime(5)).toBe(720_000);
    expect(map.toTime(1.5)).toBe(90_000);
  });
});
