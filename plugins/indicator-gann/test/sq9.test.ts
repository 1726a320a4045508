import type { Level } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { sq9, sq9Params } from '../src/indicators/sq9.js';
import { closesToBars, rangeBars } from './bars.js';

function levels(params: unknown, bars = closesToBars([40])) {
  const out = sq9.batch!(bars, sq9Params.parse(params));
  const o = out[out.length - 1]!;
  return { levels: o.levels as Level[], cardinal: o.cardinal as Level[], ordinal: o.ordinal as Level[] };
}

describe('Square of 9 indicator', () => {
  it('steps the root around the last close: 225° from 40 gives 25.75 and 57.37', () => {
    const out = levels({ stepDegrees: 225, count: 1 });
    expect(out.levels.map((l) => l.price)).toEqual([
      (Math.sqrt(40) - 1.25) ** 2,
      40,
      (Math.sqrt(40) + 1.25) ** 2,
    ]);
    expect(out.levels.map((l) => l.label)).toEqual(['−225° 25.7511', '0° 40 (at 193.42°)', '+225° 57.3739']);
    expect(out.cardinal).toEqual([]);
    expect(out.ordinal).toEqual([]);
  });

  it('uses 45° steps of 0.25 on the root by default, `count` each side', () => {
    const out = levels({ reference: 'fixed', fixedPrice: 100 });
    // √100 = 10: 8.00² … 12.00² in quarters
    expect(out.levels.map((l) => l.price)).toEqual([
      64, 68.0625, 72.25, 76.5625, 81, 85.5625, 90.25, 95.0625, 100, 105.0625, 110.25, 115.5625, 121,
      126.5625, 132.25, 138.0625, 144,
    ]);
  });

  it('takes the increment per full turn: 1 makes 90° a step of 0.25', () => {
    const out = levels({ reference: 'fixed', fixedPrice: 100, stepDegrees: 90, increment: 1, count: 1 });
    expect(out.levels.map((l) => l.price)).toEqual([95.0625, 100, 105.0625]);
  });

  it('centres on the highest high or lowest low of the pivot window', () => {
    const bars = rangeBars([
      [50, 45],
      [64, 60],
      [52, 36],
      [49, 47],
    ]);
    expect(
      levels({ reference: 'pivotHigh', pivotBars: 4, count: 1, stepDegrees: 180 }, bars).levels.map(
        (l) => l.price,
      ),
    ).toEqual([49, 64, 81]);
    expect(
      levels({ reference: 'pivotLow', pivotBars: 4, count: 1, stepDegrees: 180 }, bars).levels.map(
        (l) => l.price,
      ),
    ).toEqual([25, 36, 49]);
    // the window of 1 bar sees only the last: low 47
    expect(levels({ reference: 'pivotLow', pivotBars: 1, count: 1 }, bars).levels[1]!.price).toBe(47);
  });

  it('skips levels whose root would not be positive', () => {
    const out = levels({ reference: 'fixed', fixedPrice: 1, count: 5 });
    expect(out.levels.map((l) => l.price)).toEqual([
      0.25 ** 2,
      0.5 ** 2,
      0.75 ** 2,
      1,
      1.25 ** 2,
      1.5 ** 2,
      1.75 ** 2,
      4,
      2.25 ** 2,
    ]);
  });

  it('scales small prices onto the square: EUR/USD 1.0850 × 10000', () => {
    const out = levels({
      reference: 'fixed',
      fixedPrice: 1.085,
      priceScale: 10_000,
      count: 1,
      stepDegrees: 360,
    });
    const root = Math.sqrt(10_850);
    expect(out.levels.map((l) => l.price)).toEqual([
      (root - 2) ** 2 / 10_000,
      1.085,
      (root + 2) ** 2 / 10_000,
    ]);
  });

  it('draws the cardinal and ordinal cross numbers around the reference when asked', () => {
    const out = levels({ count: 2, cardinalCross: true, ordinalCross: true });
    expect(out.cardinal.map((l) => [l.price, l.label])).toEqual([
      [34, '90° 34'],
      [40, '180° 40'],
      [46, '270° 46'],
      [53, '0° 53'],
    ]);
    expect(out.ordinal.map((l) => [l.price, l.label])).toEqual([
      [31, '45° 31'],
      [37, '135° 37'],
      [43, '225° 43'],
      [49, '315° 49'],
    ]);
  });

  it('refuses a fixed reference without its price', () => {
    expect(sq9Params.safeParse({ reference: 'fixed' }).success).toBe(false);
    expect(sq9Params.safeParse({ reference: 'fixed', fixedPrice: 0 }).success).toBe(false);
  });
});
