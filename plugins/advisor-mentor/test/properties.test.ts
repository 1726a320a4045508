import { type Decimal, dec, decimal, fromSteps, toSteps } from '@qmo/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromNumber } from '../src/exact.js';
import { evaluateMentor, mentorParams, positionSize } from '../src/index.js';
import { ESZ6, EURUSD, inputOf } from './fixtures.js';

const LOTS = ['1', '0.001', '0.00001', '0.5', '1000', '100000', '25'].map((s) => dec(s));
const POINT_VALUES = ['1', '50', '0.1', '10', '0.0001', '12.5'].map((s) => dec(s));
const TICKS = ['0.00001', '0.01', '0.25', '1', '5'].map((s) => dec(s));

const sizingCase = fc.record({
  equity: fc.bigInt({ min: -1_000n, max: 10n ** 12n }).map((cents) => fromSteps(cents, dec('0.01'))),
  riskPercent: fc.integer({ min: 1, max: 10_000 }).map((bp) => bp / 100),
  tick: fc.constantFrom(...TICKS),
  entryTicks: fc.integer({ min: 1, max: 10_000_000 }),
  stopTicks: fc.integer({ min: 0, max: 10_000_000 }),
  lotSize: fc.constantFrom(...LOTS),
  pointValue: fc.constantFrom(...POINT_VALUES),
});

const times = (...xs: Decimal[]) => xs.reduce((a, b) => decimal.mul(a, b));

describe('position size', () => {
  it('never risks more than equity × risk %, sits on the lot grid and is the largest such quantity', () => {
    fc.assert(
      fc.property(sizingCase, (c) => {
        const entry = fromSteps(c.entryTicks, c.tick);
        const stop = fromSteps(c.stopTicks, c.tick);
        const sizing = positionSize({ ...c, entry, stop });
        // Compare 100 × risk with equity × percent: no division anywhere.
        const allowed = decimal.mul(c.equity, fromNumber(c.riskPercent));
        const distance = decimal.sub(entry, stop);
        const abs = decimal.cmp(distance, dec('0')) < 0 ? decimal.neg(distance) : distance;
        const riskOf = (q: Decimal) => times(q, abs, c.pointValue, dec('100'));
        if (sizing.quantity === null) {
          const nothing =
            decimal.cmp(c.equity, dec('0')) <= 0 ||
            decimal.isZero(abs) ||
            decimal.cmp(riskOf(c.lotSize), allowed) > 0;
          expect(nothing).toBe(true);
          return;
        }
        expect(toSteps(sizing.quantity, c.lotSize)).toBe(sizing.lots);
        expect(sizing.lots >= 1n).toBe(true);
        expect(decimal.cmp(riskOf(sizing.quantity), allowed)).toBeLessThanOrEqual(0);
        expect(decimal.cmp(riskOf(decimal.add(sizing.quantity, c.lotSize)), allowed)).toBe(1);
        expect(decimal.mul(sizing.risk, dec('100'))).toBe(riskOf(sizing.quantity));
      }),
      { numRuns: 2_000 },
    );
  });
});

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
