import type { Indicator, IndicatorBar } from '@qmo/sdk';
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
  .map(({ start, bars }) => {
    let time = start * MINUTE;
    return bars.map((r): IndicatorBar => {
      time += r.gap;
      const high = Math.max(r.open, r.close) + r.up;
      const low = Math.min(r.open, r.close) * (1 - r.down);
      return { time, open: r.open, high, low, close: r.close, volume: 1 };
    });
  });

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

  it('batch equals feeding next() bar by bar', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(barSeries, params, (bars, p) => {
        const instance = indicator.create(p);
        expect(indicator.batch!(bars, p)).toEqual(bars.map((bar) => instance.next(bar)));
      }),
      runs,
    );
  });

  it('peek equals what next returns and leaves the state as it was', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(barSeries, params, (bars, p) => {
        const reference = indicator.create(p);
        const peeked = indicator.create(p);
        for (const bar of bars) {
          const forming = { ...bar, high: bar.high * 2, low: bar.low / 2, close: bar.high };
          const first = peeked.peek(forming);
          expect(peeked.peek(forming)).toEqual(first);
          const preview = peeked.peek(bar);
          const committed = peeked.next(bar);
          expect(committed).toEqual(preview);
          expect(committed).toEqual(reference.next(bar));
        }
      }),
      runs,
    );
  });

  it('looks no further ahead than the bar: outputs for bars[0..t] do not depend on later bars', {
    timeout: 60_000,
  }, () => {
    fc.assert(
      fc.property(barSeries, params, fc.nat(), (bars, p, cut) => {
        const t = cut % bars.length;
        const all = indicator.batch!(bars, p);
        expect(indicator.batch!(bars.slice(0, t + 1), p)).toEqual(all.slice(0, t + 1));
      }),
      runs,
    );
  });

  it('gives every output at every bar, never NaN', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(barSeries, params, (bars, p) => {
        for (const output of indicator.batch!(bars, p)) {
          for (const spec of indicator.outputs) {
            const value = output[spec.key];
            expect(value, spec.key).not.toBeUndefined();
            if (typeof value === 'number') expect(Number.isFinite(value), spec.key).toBe(true);
            if (Array.isArray(value)) expect(JSON.stringify(value)).not.toMatch(/null|NaN/);
          }
        }
      }),
      runs,
    );
  });
});
