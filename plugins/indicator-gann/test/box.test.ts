import type { Level, Ray, TimeLine, Zone } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { BOX_GRID, box, boxParams } from '../src/indicators/box.js';
import { MINUTE, rangeBars, SESSION } from './bars.js';

/** Ten 1-minute bars; the lowest low 90 at bar 2, the highest high 130 at bar 7. */
const ranges: [number, number][] = [
  [102, 98],
  [101, 97],
  [96, 90],
  [100, 95],
  [110, 100],
  [120, 108],
  [125, 118],
  [130, 120],
  [122, 112],
  [121, 111],
];

function last(params: unknown, bars = rangeBars(ranges)) {
  const out = box.batch!(bars, boxParams.parse(params));
  const o = out[out.length - 1]!;
  return {
    prices: o.prices as Level[],
    times: o.times as TimeLine[],
    box: o.box as Zone[],
    diagonals: o.diagonals as Ray[],
  };
}

describe('Gann box', () => {
  it('divides price and time at 0, .25, .382, .5, .618, .75, 1 between fixed corners', () => {
    const t0 = Date.UTC(2026, 0, 5);
    const out = last({
      pivots: 'fixed',
      startTime: t0,
      startPrice: 100,
      endTime: t0 + 1_000 * MINUTE,
      endPrice: 200,
    });
    expect(BOX_GRID).toEqual([0, 0.25, 0.382, 0.5, 0.618, 0.75, 1]);
    expect(out.prices.map((l) => l.price)).toEqual([100, 125, 138.2, 150, 161.8, 175, 200]);
    expect(out.prices.map((l) => l.label)).toEqual([
      '0 100',
      '0.25 125',
      '0.382 138.2',
      '0.5 150',
      '0.618 161.8',
      '0.75 175',
      '1 200',
    ]);
    expect(out.times.map((l) => (l.time - t0) / MINUTE)).toEqual([0, 250, 382, 500, 618, 750, 1000]);
    expect(out.box).toEqual([
      { from: { time: t0, price: 100 }, to: { time: t0 + 1_000 * MINUTE, price: 200 }, label: 'Gann box' },
    ]);
    expect(out.diagonals).toEqual([
      { anchor: { time: t0, price: 100 }, through: { time: t0 + 1_000 * MINUTE, price: 200 }, label: '1×1' },
      { anchor: { time: t0, price: 200 }, through: { time: t0 + 1_000 * MINUTE, price: 100 }, label: '1×1' },
    ]);
  });

  it('spans the last swing low and high, the earlier first, and extends into the future with fixed corners', () => {
    const out = last({});
    const start = SESSION + 2 * MINUTE;
    expect(out.prices.map((l) => l.price)).toEqual([90, 100, 105.28, 110, 114.72, 120, 130]);
    expect(out.times.map((l) => l.time - start)).toEqual([
      0, 75_000, 114_600, 150_000, 185_400, 225_000, 300_000,
    ]);
    expect(out.box[0]).toMatchObject({
      from: { time: start, price: 90 },
      to: { time: start + 5 * MINUTE, price: 130 },
    });

    const future = SESSION + 30 * MINUTE;
    const fixed = last({
      pivots: 'fixed',
      startTime: SESSION,
      startPrice: 90,
      endTime: future,
      endPrice: 130,
    });
    expect(fixed.times.map((l) => l.time).at(-1)).toBe(future);
    expect(fixed.times.filter((l) => l.time > SESSION + 9 * MINUTE).map((l) => l.label)).toEqual([
      '0.382',
      '0.5',
      '0.618',
      '0.75',
      '1',
    ]);
  });

  it('runs from the high down to the low when the high came first', () => {
    const reversed = ranges.map(([h, l]) => [220 - l, 220 - h] as [number, number]);
    const out = last({}, rangeBars(reversed));
    // highest high 130 at bar 2, lowest low 90 at bar 7
    expect(out.prices.map((l) => l.price)).toEqual([130, 120, 114.72, 110, 105.28, 100, 90]);
  });

  it('squares price with time: |Δprice| / pricePerBar bars, into the future', () => {
    const out = last({ timeSpan: 'square', pricePerBar: 2, diagonals: false });
    const start = SESSION + 2 * MINUTE;
    // 40 price units at 2 a bar: 20 bars, ending 13 minutes after the current bar
    expect(out.times.map((l) => (l.time - start) / MINUTE)).toEqual([0, 5, 7.64, 10, 12.36, 15, 20]);
    expect(out.box[0]!.to).toEqual({ time: start + 20 * MINUTE, price: 130 });
    expect(out.diagonals).toEqual([]);
  });

  it('draws nothing while the low and the high are one bar', () => {
    const out = box.batch!(rangeBars([[100, 90]]), boxParams.parse({}));
    expect(out[0]).toEqual({ prices: [], times: [], box: [], diagonals: [] });
  });
});
