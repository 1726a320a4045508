import type { Ray } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { fan, fanParams } from '../src/indicators/fan.js';
import { FAN_RATIOS } from '../src/math/fan-ratios.js';
import { DAY, MINUTE, priceOnRay, rangeBars, SESSION, slopeOf } from './bars.js';

/** Ten 1-minute bars; the lowest low 90 at bar 3, the highest high 130 at bar 6. */
const ranges: [number, number][] = [
  [102, 98],
  [101, 97],
  [100, 95],
  [96, 90],
  [110, 100],
  [120, 108],
  [130, 118],
  [125, 115],
  [122, 112],
  [121, 111],
];
/** Price units per bar of each angle for a 1×1 of one unit: 1×8 = 1/8, …, 8×1 = 8. */
const UNITS = {
  '1×8': 1 / 8,
  '1×4': 1 / 4,
  '1×3': 1 / 3,
  '1×2': 1 / 2,
  '1×1': 1,
  '2×1': 2,
  '3×1': 3,
  '4×1': 4,
  '8×1': 8,
};

function lastRays(bars = rangeBars(ranges), params: unknown = {}): Ray[] {
  const out = fan.batch!(bars, fanParams.parse(params));
  return out[out.length - 1]!.fan as Ray[];
}

describe('Gann fan', () => {
  it('draws the nine angles 1×8 … 8×1, labelled price × time', () => {
    expect(FAN_RATIOS.map((r) => r.label)).toEqual(Object.keys(UNITS));
    expect(lastRays(undefined, { pricePerBar: 2 }).map((r) => r.label)).toEqual(Object.keys(UNITS));
  });

  it.each([1, 5, 20, 100])(
    'rises through pivot + n·ratio·pricePerBar after n = %i bars, from the lowest low',
    (n) => {
      const rays = lastRays(undefined, { pricePerBar: 2 });
      const pivotTime = SESSION + 3 * MINUTE;
      for (const ray of rays) {
        expect(ray.anchor).toEqual({ time: pivotTime, price: 90 });
        const units = UNITS[ray.label as keyof typeof UNITS];
        expect(priceOnRay(ray, pivotTime + n * MINUTE)).toBeCloseTo(90 + n * units * 2, 9);
      }
    },
  );

  it.each([1, 5, 20])(
    'falls through pivot − n·ratio·pricePerBar after n = %i bars, from the highest high',
    (n) => {
      const rays = lastRays(undefined, { pricePerBar: 0.5, direction: 'down' });
      const pivotTime = SESSION + 6 * MINUTE;
      for (const ray of rays) {
        expect(ray.anchor).toEqual({ time: pivotTime, price: 130 });
        const units = UNITS[ray.label as keyof typeof UNITS];
        expect(priceOnRay(ray, pivotTime + n * MINUTE)).toBeCloseTo(130 - n * units * 0.5, 9);
      }
    },
  );

  it('puts the through point on the current bar, n bars after the pivot', () => {
    const rays = lastRays(undefined, { pricePerBar: 2 });
    const oneByOne = rays.find((r) => r.label === '1×1')!;
    expect(oneByOne.through).toEqual({ time: SESSION + 9 * MINUTE, price: 90 + 6 * 2 });
  });

  it('has slopes in price per ms: per minute on 1-minute bars, per day on daily bars (weekends skipped)', () => {
    const minute = lastRays(rangeBars(ranges, MINUTE), { pricePerBar: 3 });
    const weekdays = rangeBars(ranges, DAY).map((bar, i) => ({
      ...bar,
      time: SESSION + (i + 2 * Math.floor(i / 5)) * DAY,
    }));
    const daily = lastRays(weekdays, { pricePerBar: 3 });
    for (const [i, ratio] of FAN_RATIOS.entries()) {
      const perBar = (3 * ratio.price) / ratio.bars;
      expect(slopeOf(minute[i]!)).toBeCloseTo(perBar / 60_000, 15);
      expect(slopeOf(daily[i]!)).toBeCloseTo(perBar / 86_400_000, 15);
    }
    // 1×1 at 3 a bar: 0.00005 per ms on minutes, 3.47e-8 per ms on days
    expect(slopeOf(minute[4]!)).toBeCloseTo(5e-5, 15);
    expect(slopeOf(daily[4]!)).toBeCloseTo(3 / 86_400_000, 18);
  });

  it('takes the mean true range of the look-back as the default 1×1 step', () => {
    // closes (mids) 100, 99, 97.5, 93, 105, 114, 124, 120, 117, 116; true ranges:
    // 4, 4, 5, max(6, 1.5, 7.5), max(10, 17, 7), max(12, 15, 3), max(12, 16, 4), 10, 10, 10
    const mean = (4 + 4 + 5 + 7.5 + 17 + 15 + 16 + 10 + 10 + 10) / 10;
    const oneByOne = lastRays(rangeBars(ranges), { lookback: 10 }).find((r) => r.label === '1×1')!;
    expect(slopeOf(oneByOne) * MINUTE).toBeCloseTo(mean, 12);
    // a look-back of 3 averages the last three: 10
    const short = lastRays(rangeBars(ranges), { lookback: 3 }).find((r) => r.label === '1×1')!;
    expect(slopeOf(short) * MINUTE).toBeCloseTo(10, 12);
  });

  it('draws from a fixed pivot, and nothing before the bar interval is known', () => {
    const bars = rangeBars(ranges);
    const out = fan.batch!(
      bars,
      fanParams.parse({ pivot: 'fixed', pivotTime: SESSION - 60 * MINUTE, pivotPrice: 50, pricePerBar: 1 }),
    );
    expect(out[0]!.fan).toEqual([]);
    const oneByOne = (out[9]!.fan as Ray[]).find((r) => r.label === '1×1')!;
    expect(oneByOne.anchor).toEqual({ time: SESSION - 60 * MINUTE, price: 50 });
    expect(priceOnRay(oneByOne, SESSION + 9 * MINUTE)).toBeCloseTo(50 + 69, 9);
    expect(fanParams.safeParse({ pivot: 'fixed', pivotPrice: 50 }).success).toBe(false);
  });
});
