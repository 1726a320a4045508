import type { Indicator } from '@qmo/sdk';
import { barsFromSteps, checkIndicatorContract, INDICATOR_CONTRACT_CHECKS } from '@qmo/sdk/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classicIndicators } from '../src/index.js';
import { DAY, MINUTE, SESSION } from './bars.js';

/** Random bar series: positive prices, high ≥ open/close ≥ low, some zero volumes, some session breaks. */
const barSeries = fc
  .array(
    fc.record({
      open: fc.double({ min: 1, max: 1_000, noNaN: true }),
      close: fc.double({ min: 1, max: 1_000, noNaN: true }),
      up: fc.double({ min: 0, max: 10, noNaN: true }),
      down: fc.double({ min: 0, max: 0.9, noNaN: true }),
      volume: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_000_000 })),
      gap: fc.oneof(fc.constant(MINUTE), fc.constant(MINUTE), fc.constant(MINUTE), fc.constant(DAY)),
    }),
    { maxLength: 120 },
  )
  .map((steps) => barsFromSteps(steps, SESSION));

/** Parameters drawn inside each indicator's schema, small enough to warm up in short series. */
const paramsFor: Record<string, fc.Arbitrary<unknown>> = {
  sma: fc.record({ period: fc.integer({ min: 1, max: 30 }) }),
  ema: fc.record({ period: fc.integer({ min: 1, max: 30 }) }),
  bollinger: fc.record({
    period: fc.integer({ min: 1, max: 30 }),
    multiplier: fc.double({ min: 0.1, max: 10, noNaN: true }),
  }),
  vwap: fc.constant({}),
  rsi: fc.record({
    period: fc.integer({ min: 1, max: 30 }),
    overbought: fc.constant(70),
    oversold: fc.constant(30),
  }),
  macd: fc
    .tuple(fc.integer({ min: 1, max: 15 }), fc.integer({ min: 1, max: 15 }), fc.integer({ min: 1, max: 10 }))
    .map(([fast, extra, signal]) => ({ fast, slow: fast + extra, signal })),
  atr: fc.record({ period: fc.integer({ min: 1, max: 30 }) }),
};

describe.each(classicIndicators.map((i) => [i.id, i] as const))('%s', (id, indicator: Indicator<unknown>) => {
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
          fc.array(fc.nat(4), { minLength: 120, maxLength: 120 }),
          fc.nat(),
          (bars, p, peeks, cut) => {
            checkIndicatorContract(indicator, bars, p, {
              checks: [check],
              // a few forming versions of each bar first, as a live chart does
              forming: (bar, i) =>
                Array.from({ length: peeks[i]! }, (_, k) => ({
                  ...bar,
                  close: bar.low + ((bar.high - bar.low) * k) / 4,
                  volume: bar.volume / (k + 1),
                })),
              cuts: bars.length === 0 ? [] : [cut % bars.length],
            });
          },
        ),
        { numRuns: 150 },
      );
    });
});
