import type { Indicator } from '@qmo/sdk';
import { barsFromSteps, checkIndicatorContract, INDICATOR_CONTRACT_CHECKS } from '@qmo/sdk/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { astroIndicators, BODIES, PAIRS, PLANETS } from '../src/index.js';
import { DAY, HOUR, MINUTE } from './support.js';

/** Random bar series from a random start in 1990–2040, with gaps from a minute to a week. */
const barSeries = fc
  .record({
    start: fc.integer({ min: Date.UTC(1990, 0, 1) / MINUTE, max: Date.UTC(2040, 0, 1) / MINUTE }),
    bars: fc.array(
      fc.record({
        open: fc.double({ min: 1, max: 1_000, noNaN: true }),
        close: fc.double({ min: 1, max: 1_000, noNaN: true }),
        up: fc.double({ min: 0, max: 10, noNaN: true }),
        down: fc.double({ min: 0, max: 0.9, noNaN: true }),
        gap: fc.constantFrom(MINUTE, MINUTE, HOUR, DAY, 7 * DAY),
      }),
      { minLength: 1, maxLength: 40 },
    ),
  })
  .map(({ start, bars }) => barsFromSteps(bars, start * MINUTE));

const labelStyle = fc.constantFrom('glyphs', 'names');
const zonePrice = fc.constantFrom('range', 'band');
const paramsFor: Record<string, fc.Arbitrary<unknown>> = {
  'astro-longitude': fc.record({
    bodies: fc.subarray([...BODIES], { minLength: 1 }),
    frame: fc.constantFrom('geocentric', 'heliocentric'),
  }),
  'astro-ingress': fc.record({
    bodies: fc.subarray([...BODIES], { minLength: 1, maxLength: 4 }),
    horizonDays: fc.integer({ min: 0, max: 60 }),
    labelStyle,
  }),
  'astro-retrograde': fc.record({
    bodies: fc.subarray([...PLANETS], { minLength: 1, maxLength: 3 }),
    horizonDays: fc.integer({ min: 0, max: 120 }),
    zonePrice,
    bandPercent: fc.integer({ min: 1, max: 100 }),
    labelStyle,
  }),
  'astro-aspects': fc.record({
    pairs: fc.subarray([...PAIRS], { minLength: 1, maxLength: 3 }),
    minor: fc.boolean(),
    orb: fc.double({ min: 0, max: 15, noNaN: true }),
    horizonDays: fc.integer({ min: 0, max: 45 }),
    zonePrice,
    bandPercent: fc.integer({ min: 1, max: 100 }),
    labelStyle,
  }),
  'astro-moon': fc.record({
    quarters: fc.boolean(),
    eclipses: fc.boolean(),
    horizonDays: fc.integer({ min: 0, max: 200 }),
    labelStyle,
  }),
  'astro-price-lines': fc.record({
    body: fc.constantFrom(...BODIES),
    frame: fc.constantFrom('geocentric', 'heliocentric'),
    pricePerDegree: fc.double({ min: 0.01, max: 10, noNaN: true }),
    offset: fc.constantFrom(0, 90, 120, 180, -45),
    lines: fc.integer({ min: 1, max: 8 }),
    rangeBars: fc.integer({ min: 1, max: 30 }),
    marginPercent: fc.integer({ min: 0, max: 50 }),
  }),
};

describe.each(astroIndicators.map((i) => [i.id, i] as const))('%s', (id, indicator: Indicator<unknown>) => {
  const params = paramsFor[id]!;
  const runs = { numRuns: 25 };

  it('has an arbitrary for its parameters that its schema accepts', () => {
    fc.assert(
      fc.property(params, (p) => {
        expect(indicator.params.safeParse(p).success).toBe(true);
      }),
    );
  });

  for (const { check, title } of INDICATOR_CONTRACT_CHECKS)
    it(title, { timeout: 60_000 }, () => {
      fc.assert(
        fc.property(barSeries, params, fc.nat(), (bars, p, cut) => {
          checkIndicatorContract(indicator, bars, p, {
            checks: [check],
            forming: (bar) => [{ ...bar, high: bar.high * 2, low: bar.low / 2, close: bar.high }],
            cuts: [cut % bars.length],
          });
        }),
        runs,
      );
    });
});
