import type { Indicator } from '@qmo/sdk';
import { barsFromSteps, checkIndicatorContract, INDICATOR_CONTRACT_CHECKS } from '@qmo/sdk/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gannIndicators } from '../src/index.js';
import { DAY, MINUTE, SESSION } from './bars.js';

/** Random bar series: positive prices, high ≥ open/close ≥ low, minute bars with some day-long gaps. */
const barSeries = fc
  .array(
    fc.record({
      open: fc.double({ min: 1, max: 1_000, noNaN: true }),
      close: fc.double({ min: 1, max: 1_000, noNaN: true }),
      up: fc.double({ min: 0, max: 10, noNaN: true }),
      down: fc.double({ min: 0, max: 0.9, noNaN: true }),
      gap: fc.oneof(fc.constant(MINUTE), fc.constant(MINUTE), fc.constant(MINUTE), fc.constant(DAY)),
    }),
    { maxLength: 80 },
  )
  .map((steps) => barsFromSteps(steps, SESSION));

const lookback = fc.integer({ min: 1, max: 40 });
const time = fc.integer({ min: SESSION - 30 * DAY, max: SESSION + 30 * DAY });
const price = fc.double({ min: 0.01, max: 2_000, noNaN: true });

/** Parameters drawn inside each indicator's schema. */
const paramsFor: Record<string, fc.Arbitrary<unknown>> = {
  'gann-sq9': fc.record({
    reference: fc.constantFrom('lastClose', 'pivotHigh', 'pivotLow', 'fixed'),
    fixedPrice: price,
    pivotBars: lookback,
    stepDegrees: fc.constantFrom(15, 22.5, 45, 90, 120, 180, 225, 360),
    increment: fc.double({ min: 0.1, max: 4, noNaN: true }),
    count: fc.integer({ min: 1, max: 12 }),
    priceScale: fc.constantFrom(1, 100, 10_000),
    cardinalCross: fc.boolean(),
    ordinalCross: fc.boolean(),
  }),
  'gann-fan': fc.record(
    {
      pivot: fc.constantFrom('auto', 'fixed'),
      direction: fc.constantFrom('up', 'down'),
      lookback,
      pivotTime: time,
      pivotPrice: price,
      pricePerBar: fc.double({ min: 0.001, max: 50, noNaN: true }),
    },
    { requiredKeys: ['pivot', 'direction', 'lookback', 'pivotTime', 'pivotPrice'] },
  ),
  'gann-box': fc.record(
    {
      pivots: fc.constantFrom('auto', 'fixed'),
      lookback,
      startTime: time,
      startPrice: price,
      endTime: time,
      endPrice: price,
      timeSpan: fc.constantFrom('pivots', 'square'),
      pricePerBar: fc.double({ min: 0.001, max: 50, noNaN: true }),
      diagonals: fc.boolean(),
    },
    { requiredKeys: ['pivots', 'lookback', 'startTime', 'startPrice', 'endTime', 'endPrice', 'timeSpan'] },
  ),
  'gann-cycles': fc.record({
    pivot: fc.constantFrom('low', 'high', 'fixed'),
    lookback,
    pivotTime: time,
    days: fc.constantFrom('calendar', 'trading'),
    counts: fc.array(fc.integer({ min: 1, max: 1_000 }), { maxLength: 12 }),
    anniversaries: fc.integer({ min: 0, max: 5 }),
    seasonal: fc.boolean(),
    horizonDays: fc.integer({ min: 1, max: 800 }),
  }),
};

describe.each(gannIndicators.map((i) => [i.id, i] as const))('%s', (id, indicator: Indicator<unknown>) => {
  const params = paramsFor[id]!;

  it('has an arbitrary for its parameters that its schema accepts', () => {
    fc.assert(
      fc.property(params, (p) => {
        expect(indicator.params.safeParse(p).success).toBe(true);
      }),
    );
  });

  for (const { check, title } of INDICATOR_CONTRACT_CHECKS)
    it(title, () => {
      fc.assert(
        fc.property(
          barSeries,
          params,
          fc.array(fc.nat(3), { minLength: 80, maxLength: 80 }),
          fc.nat(),
          (bars, p, peeks, cut) => {
            checkIndicatorContract(indicator, bars, p, {
              checks: [check],
              forming: (bar, i) =>
                Array.from({ length: peeks[i]! }, (_, k) => ({
                  ...bar,
                  close: bar.low + ((bar.high - bar.low) * k) / 3,
                  high: bar.high * (1 + k / 10),
                })),
              cuts: bars.length === 0 ? [] : [cut % bars.length],
            });
          },
        ),
        { numRuns: 100 },
      );
    });
});
