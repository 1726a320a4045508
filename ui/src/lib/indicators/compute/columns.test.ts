import { type IndicatorPoint, type OutputSpec, type RunnerBar, splitOutputs } from '@qmo/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packBars, packSeries, unpackBars, unpackSeries } from './columns.js';

const bar = fc.record({
  time: fc.integer({ min: 0, max: 2 ** 45 }),
  open: fc.double({ noNaN: true, noDefaultInfinity: true }),
  high: fc.double({ noNaN: true, noDefaultInfinity: true }),
  low: fc.double({ noNaN: true, noDefaultInfinity: true }),
  close: fc.double({ noNaN: true, noDefaultInfinity: true }),
  volume: fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }),
  closed: fc.boolean(),
}) as fc.Arbitrary<RunnerBar>;

describe('packBars', () => {
  it('carries every bar through the columns unchanged', () => {
    fc.assert(
      fc.property(fc.array(bar, { maxLength: 50 }), (bars) => {
        expect(unpackBars(packBars(bars))).toEqual(bars);
      }),
    );
  });
});

describe('packSeries', () => {
  const outputs: OutputSpec[] = [
    { key: 'line', shape: 'line', label: 'L', pane: 'price' },
    { key: 'band', shape: 'band', label: 'B', pane: 'price' },
    { key: 'hist', shape: 'histogram', label: 'H', pane: 'own' },
    { key: 'levels', shape: 'levels', label: 'Lv', pane: 'price' },
  ];
  const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
  const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
  const point = fc.record({
    time: fc.integer({ min: 0, max: 2 ** 45 }),
    values: fc.record({
      line: maybe(finite),
      band: maybe(fc.record({ upper: finite, middle: maybe(finite), lower: finite })),
      hist: maybe(finite),
      levels: fc.array(fc.record({ price: finite }), { maxLength: 3 }),
    }),
  });

  it("gives back the series per bar and the last bar's drawings, nulls included", () => {
    fc.assert(
      fc.property(fc.array(point, { maxLength: 40 }), (points) => {
        const expected = splitOutputs(outputs, points as IndicatorPoint[]);
        expect(unpackSeries(outputs, packSeries(outputs, points as IndicatorPoint[]))).toEqual(expected);
      }),
    );
  });
});
