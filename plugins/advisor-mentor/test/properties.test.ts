import { type Decimal, dec, decimal, fromSteps, toSteps } from '@qmo/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromNumber } from '../src/exact.js';
import { evaluateMentor, mentorParams } from '../src/index.js';
import { ESZ6, EURUSD, inputOf } from './fixtures.js';

const times = (...xs: Decimal[]) => xs.reduce((a, b) => decimal.mul(a, b));

const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 8 });

const mentorCase = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.record({
    instrument: fc.constantFrom(EURUSD, ESZ6),
    base: finite(0.5, 6000),
    moves: fc.array(finite(-0.02, 0.02), { minLength: n, maxLength: n }),
    emaFast: fc.array(maybe(finite(0.98, 1.02)), { minLength: n, maxLength: n }),
    emaSlow: fc.array(maybe(finite(0.98, 1.02)), { minLength: n, maxLength: n }),
    rsi: fc.array(maybe(finite(0, 100)), { minLength: n, maxLength: n }),
    atr: fc.array(maybe(finite(0.0001, 0.05)), { minLength: n, maxLength: n }),
    gann: fc.option(fc.array(finite(0.9, 1.1), { maxLength: 6 }), { nil: undefined }),
    account: fc.option(
      fc.record({
        equity: fc.bigInt({ min: 0n, max: 10n ** 10n }).map((c) => fromSteps(c, dec('0.01')) as string),
        riskPercent: fc.integer({ min: 1, max: 500 }).map((bp) => bp / 100),
      }),
      { nil: null },
    ),
    params: fc.record({
      trendWeight: fc.integer({ min: 0, max: 3 }),
      momentumWeight: fc.integer({ min: 1, max: 3 }),
      slopeBars: fc.integer({ min: 1, max: 5 }),
      atrMultiple: fc.constantFrom(0.5, 1, 2, 3),
      rewardRisk: fc.constantFrom(1, 1.5, 2, 3),
      threshold: fc.constantFrom(0, 0.25, 0.5),
      gann: fc.boolean(),
    }),
  }),
);

describe('Mentor', () => {
  it('is reproducible: the same input gives a deep-equal assessment, and keeps its invariants', () => {
    fc.assert(
      fc.property(mentorCase, (c) => {
        const closes = c.moves.map((m) => c.base * (1 + m));
        const scale = (xs: (number | null)[]) => xs.map((x) => (x === null ? null : x * c.base));
        const input = inputOf(
          c.instrument,
          {
            closes,
            emaFast: scale(c.emaFast),
            emaSlow: scale(c.emaSlow),
            rsi: c.rsi,
            atr: scale(c.atr),
            ...(c.gann ? { gann: closes.map(() => (c.gann ?? []).map((g) => g * c.base)) } : {}),
          },
          c.account,
        );
        const params = mentorParams.parse(c.params);
        const first = evaluateMentor(input, params);
        const again = evaluateMentor(structuredClone(input), mentorParams.parse(c.params));
        expect(again).toEqual(first);
        expect(first.confidence).toBeGreaterThanOrEqual(0);
        expect(first.confidence).toBeLessThanOrEqual(1);
        expect(first.rationale.length).toBeGreaterThan(0);
        if (first.bias === 'flat') {
          expect(first.quantity).toBeNull();
          return;
        }
        const { entry, stop, target } = first as { entry: number; stop: number; target: number };
        const side = first.bias === 'long' ? 1 : -1;
        expect(side * (entry - stop)).toBeGreaterThan(0);
        expect(side * (target - entry)).toBeGreaterThan(0);
        expect(first.rewardRisk).toBeGreaterThanOrEqual(params.minRewardRisk);
        for (const price of [entry, stop, target])
          expect(() => toSteps(fromNumber(price), c.instrument.tickSize)).not.toThrow();
        if (first.quantity !== null && c.account) {
          const riskExact = times(
            first.quantity,
            decimal.sub(fromNumber(Math.max(entry, stop)), fromNumber(Math.min(entry, stop))),
            c.instrument.multiplier,
            dec('100'),
          );
          expect(
            decimal.cmp(
              riskExact,
              decimal.mul(c.account.equity as Decimal, fromNumber(c.account.riskPercent)),
            ),
          ).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});
