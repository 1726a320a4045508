import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ShapePoint } from './types.js';
import { isNumber, toSeriesData } from './values.js';

const pick = (v: ShapePoint['value']) => (isNumber(v) ? v : null);

/** One point per second (the later one wins), sorted, gaps where there is no number. */
function reference(points: readonly ShapePoint[]) {
  const byTime = new Map<number, { time: number; value?: number }>();
  for (const p of points) {
    const time = Math.floor(p.time / 1000);
    const v = pick(p.value);
    byTime.set(time, v === null ? { time } : { time, value: v });
  }
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}

describe('toSeriesData', () => {
  const point = fc.record({
    time: fc.integer({ min: 0, max: 50 }).map((s) => s * 1000),
    value: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }),
  });

  it('keeps ordered points as they are and sorts and de-duplicates others', () => {
    fc.assert(
      fc.property(fc.array(point, { maxLength: 30 }), fc.boolean(), (points, sort) => {
        const input = sort
          ? [...new Map(points.map((p) => [p.time, p])).values()].sort((a, b) => a.time - b.time)
          : points;
        expect(toSeriesData(input, pick)).toEqual(reference(input));
      }),
    );
  });
});
