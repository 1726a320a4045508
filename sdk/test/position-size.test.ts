import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Decimal, dec, decimal, fromSteps, positionSize, toSteps } from '../src/index.js';

const LOTS = ['1', '0.001', '0.00001', '0.5', '1000', '100000', '25'].map((s) => dec(s));
const POINT_VALUES = ['1', '50', '0.1', '10', '0.0001', '12.5'].map((s) => dec(s));
const TICKS = ['0.00001', '0.01', '0.25', '1', '5'].map((s) => dec(s));

const sizingCase = fc.record({
  equity: fc.bigInt({ min: -1_000n, max: 10n ** 12n }).map((cents) => fromSteps(cents, dec('0.01'))),
  riskPercent: fc.integer({ min: 1, max: 10_000 }).map((bp) => fromSteps(bp, dec('0.01'))),
  tick: fc.constantFrom(...TICKS),
  entryTicks: fc.integer({ min: 1, max: 10_000_000 }),
  stopTicks: fc.integer({ min: 0, max: 10_000_000 }),
  lotSize: fc.constantFrom(...LOTS),
  pointValue: fc.constantFrom(...POINT_VALUES),
});

const times = (...xs: Decimal[]) => xs.reduce((a, b) => decimal.mul(a, b));

describe('positionSize', () => {
  it('never risks more than equity × risk %, sits on the lot grid and is the largest such quantity', () => {
    fc.assert(
      fc.property(sizingCase, (c) => {
        const entry = fromSteps(c.entryTicks, c.tick);
        const stop = fromSteps(c.stopTicks, c.tick);
        const sizing = positionSize({ ...c, entry, stop });
        // Compare 100 × risk with equity × percent: no division anywhere.
        const allowed = decimal.mul(c.equity, c.riskPercent);
        const distance = decimal.sub(entry, stop);
        const abs = decimal.cmp(distance, dec('0')) < 0 ? decimal.neg(distance) : distance;
        const riskOf = (q: Decimal) => times(q, abs, c.pointValue, dec('100'));
        if (!sizing.ok) {
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

  const base = {
    equity: dec('1000000'),
    riskPercent: dec('1'),
    entry: dec('1.085'),
    stop: dec('1.083'),
    lotSize: dec('1000'),
    pointValue: dec('1'),
  };

  it('EUR/USD: 1 % of 1 000 000 over a 0.00200 stop with 1 000 lots is 5 000 000', () => {
    expect(positionSize(base)).toEqual({
      ok: true,
      quantity: '5000000',
      lots: 5000n,
      budget: '10000',
      riskPerLot: '2',
      risk: '10000',
    });
  });

  it('ES: 1 % of 250 000 over 10 points at 50 per point is 5 contracts', () => {
    const sizing = positionSize({
      ...base,
      equity: dec('250000'),
      entry: dec('5000'),
      stop: dec('4990'),
      lotSize: dec('1'),
      pointValue: dec('50'),
    });
    expect(sizing).toMatchObject({ quantity: '5', budget: '2500', riskPerLot: '500', risk: '2500' });
  });

  it('BTC: 0.5 % of 100 000 over 1 200 with 0.001 lots rounds down to 0.416', () => {
    const sizing = positionSize({
      equity: dec('100000'),
      riskPercent: dec('0.5'),
      entry: dec('60000'),
      stop: dec('58800'),
      lotSize: dec('0.001'),
      pointValue: dec('1'),
    });
    expect(sizing).toMatchObject({ quantity: '0.416', budget: '500', risk: '499.2' });
  });

  it('refuses with a reason: no equity, a risk % out of range, stop at entry, no lot, below the minimum', () => {
    expect(positionSize({ ...base, equity: dec('0') })).toMatchObject({ ok: false, reason: /no equity/ });
    expect(positionSize({ ...base, riskPercent: dec('0') })).toMatchObject({ ok: false, reason: /risk %/ });
    expect(positionSize({ ...base, riskPercent: dec('100.01') })).toMatchObject({
      ok: false,
      reason: /risk %/,
    });
    expect(positionSize({ ...base, stop: base.entry })).toMatchObject({
      ok: false,
      reason: 'the stop equals the entry',
      budget: '10000',
    });
    expect(positionSize({ ...base, lotSize: dec('0') })).toMatchObject({ ok: false, reason: /lot size/ });
    expect(positionSize({ ...base, equity: dec('100') })).toMatchObject({
      ok: false,
      reason: 'one lot risks 2, more than the budget 1',
    });
    expect(positionSize({ ...base, minQuantity: dec('6000000') })).toMatchObject({
      ok: false,
      reason: '5000000 fits the budget 10000 but is below the minimum quantity 6000000',
    });
  });
});
