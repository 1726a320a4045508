import type { Indicator, IndicatorBar } from '@qmo/sdk';
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
  .map((raw) => {
    let time = SESSION;
    return raw.map((r): IndicatorBar => {
      time += r.gap;
      const high = Math.max(r.open, r.close) + r.up;
      const low = Math.min(r.open, r.close) * (1 - r.down);
      return { time, open: r.open, high, low, close: r.close, volume: 1 };
    });
  });

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

/** Every number anywhere in an output is finite. */
function allFinite(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(allFinite);
  if (value !== null && typeof value === 'object') return Object.values(value).every(allFinite);
  return true;
}

describe.each(gannIndicators.map((i) => [i.id, i] as const))('%s', (id, indicator: Indicator<unknown>) => {
  const params = paramsFor[id]!;

  it('parses {} to its defaults', () => {
    const defaults = indicator.params.parse({});
    expect(defaults).toBeTypeOf('object');
    expect(indicator.params.parse(defaults)).toEqual(defaults);
  });

  it('has an arbitrary for its parameters that its schema accepts', () => {
    fc.assert(
      fc.property(params, (p) => {
        expect(indicator.params.safeParse(p).success).toBe(true);
      }),
    );
  });

  it('batch equals feeding next() bar by bar', () => {
    fc.assert(
      fc.property(barSeries, params, (bars, p) => {
        const instance = indicator.create(p);
        expect(indicator.batch!(bars, p)).toEqual(bars.map((bar) => instance.next(bar)));
      }),
      { numRuns: 100 },
    );
  });

  it('peek equals what next returns and leaves the state as it was', () => {
    fc.assert(
      fc.property(
        barSeries,
        params,
        fc.array(fc.nat(3), { minLength: 80, maxLength: 80 }),
        (bars, p, peeks) => {
          const reference = indicator.create(p);
          const peeked = indicator.create(p);
          bars.forEach((bar, i) => {
            for (let k = 0; k < peeks[i]!; k++) {
              const forming = {
                ...bar,
                close: bar.low + ((bar.high - bar.low) * k) / 3,
                high: bar.high * (1 + k / 10),
              };
              const first = peeked.peek(forming);
              expect(peeked.peek(forming)).toEqual(first);
            }
            const preview = peeked.peek(bar);
            const committed = peeked.next(bar);
            expect(committed).toEqual(preview);
            expect(committed).toEqual(reference.next(bar));
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('does not look ahead: the outputs of bars[0..t] are the same whether later bars follow or not', () => {
    fc.assert(
      fc.property(barSeries, params, fc.nat(), (bars, p, cut) => {
        const t = bars.length === 0 ? 0 : cut % bars.length;
        const full = indicator.batch!(bars, p);
        const prefix = indicator.batch!(bars.slice(0, t + 1), p);
        expect(full.slice(0, t + 1)).toEqual(prefix);
      }),
      { numRuns: 100 },
    );
  });

  it('is pure: the same bars and parameters give the same outputs, every number finite', () => {
    fc.assert(
      fc.property(barSeries, params, (bars, p) => {
        const first = indicator.batch!(bars, p);
        expect(indicator.batch!(bars, p)).toEqual(first);
        for (const output of first) {
          for (const spec of indicator.outputs) {
            expect(output[spec.key], spec.key).not.toBeUndefined();
            expect(allFinite(output[spec.key]), spec.key).toBe(true);
          }
        }
      }),
      { numRuns: 50 },
    );
  });
});
