import { describe, expect, it } from 'vitest';
import { futureTimes, latestTimeOf, MAX_FUTURE_BARS } from './future.js';

describe('future time scale', () => {
  it('finds the latest time of timelines, zones, rays, labels and markers', () => {
    expect(latestTimeOf([{ time: 5 }, { time: 9 }])).toBe(9);
    expect(latestTimeOf([{ from: { time: 1, price: 1 }, to: { time: 12, price: 2 } }])).toBe(12);
    expect(latestTimeOf([{ anchor: { time: 3, price: 1 }, through: { time: 7, price: 2 } }])).toBe(7);
    expect(latestTimeOf([{ at: { time: 4, price: 1 }, text: 'x' }])).toBe(4);
    expect(latestTimeOf([{ price: 1 }])).toBeNull();
    expect(latestTimeOf(null)).toBeNull();
    expect(latestTimeOf(3)).toBeNull();
  });

  it('adds one bar per timeframe up to just past the horizon, capped', () => {
    expect(futureTimes(100, 350, 100)).toEqual([200, 300, 400, 500]);
    expect(futureTimes(100, 100, 100)).toEqual([]);
    expect(futureTimes(null, 500, 100)).toEqual([]);
    expect(futureTimes(0, 1e12, 1)).toHaveLength(MAX_FUTURE_BARS);
  });
});
