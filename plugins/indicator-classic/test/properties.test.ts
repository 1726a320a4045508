import type { Indicator, IndicatorBar } from '@qmo/sdk';
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
  .map((raw) => {
    let time = SESSION;
    return raw.map((r): IndicatorBar => {
      time += r.gap;
      const high = Math.max(r.open, r.close) + r.up;
      const low = Math.min(r.open, r.close) * (1 - r.down);
      return { time, open: r.open, high, low, close: r.close, volume: r.volume };
    });
  });

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

  it('batch equals feeding next() bar by bar', () => {
    fc.assert(
      fc.property(barSeries, params, (bars, p) => {
        const instance = indicator.create(p);
        expect(indicator.batch!(bars, p)).toEqual(bars.map((bar) => instance.next(bar)));
      }),
      { numRuns: 150 },
    );
  });

  it('peek equals what next returns and leaves the state as it was', () => {
    fc.assert(
      fc.property(
        barSeries,
        params,
        fc.array(fc.nat(4), { minLength: 120, maxLength: 120 }),
        (bars, p, peeks) => {
          const reference = indicator.create(p);
          const peeked = indicator.create(p);
          bars.forEach((bar, i) => {
            // peek at a few forming versions of the bar first, as a live chart does
            for (let k = 0; k < peeks[i]!; k++) {
              const forming = {
                ...bar,
                close: bar.low + ((bar.high - bar.low) * k) / 4,
                volume: bar.volume / (k + 1),
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
      { numRuns: 150 },
    );
  });

  it('gives null (or no drawings) while warming up, never NaN', () => {
    fc.assert(
      fc.property(barSeries, params, (bars, p) => {
        for (const output of indicator.batch!(bars, p)) {
          for (const spec of indicator.outputs) {
            const value = output[spec.key];
            expect(value, spec.key).not.toBeUndefined();
            if (typeof value === 'number') expect(Number.isFinite(value), spec.key).toBe(true);
            if (value && typeof value === 'object' && !Array.isArray(value)) {
              for (const v of Object.values(value))
                if (v !== null) expect(Number.isFinite(v), spec.key).toBe(true);
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
