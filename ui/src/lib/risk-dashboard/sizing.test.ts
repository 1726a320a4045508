import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDecimal,
  compareDecimal,
  fromScaled,
  isOnGrid,
  multiplyDecimal,
  normalizeDecimal,
  subtractDecimal,
} from '../format/decimal.js';
import { positionSize } from './sizing.js';

const base = {
  equity: '100000',
  riskPercent: '1',
  entry: '5000',
  stop: '4990',
  pointValue: '50',
  lotSize: '1',
};

describe('positionSize', () => {
  it('risks equity × risk% at the stop, in whole lots, rounded down', () => {
    // 1000 budget / (10 points × 50) = 2 contracts exactly
    expect(positionSize(base)).toEqual({
      ok: true,
      quantity: '2',
      lots: '2',
      budget: '1000',
      riskPerLot: '500',
      risk: '1000',
    });
    // 1000 / (7 × 50) = 2.857… → 2
    const s = positionSize({ ...base, stop: '4993' });
    expect(s.ok && s.quantity).toBe('2');
  });

  it('rounds down to the lot grid of fractional lots and works for shorts', () => {
    const s = positionSize({
      equity: '25000.50',
      riskPercent: '0.5',
      entry: '1.08500',
      stop: '1.08750',
      pointValue: '1',
      lotSize: '1000',
    });
    // budget 125.0025; risk per unit 0.0025 → 50001 units → 50000 on the 1000 grid
    expect(s).toMatchObject({ ok: true, quantity: '50000', lots: '50', budget: '125.0025' });
  });

  it('refuses what it cannot size', () => {
    expect(positionSize({ ...base, stop: '5000' })).toMatchObject({ ok: false });
    expect(positionSize({ ...base, riskPercent: '0' })).toMatchObject({ ok: false });
    expect(positionSize({ ...base, riskPercent: 'abc' })).toMatchObject({ ok: false });
    expect(positionSize({ ...base, equity: '-5' })).toMatchObject({ ok: false });
    expect(positionSize({ ...base, equity: '400' })).toMatchObject({
      ok: false,
      reason: 'one lot risks 500, more than the budget 4',
    });
    expect(positionSize({ ...base, minQuantity: '3' })).toMatchObject({ ok: false });
  });

  const decimal = (places: number, minUnits: number, maxUnits: number) =>
    fc.bigInt({ min: BigInt(minUnits), max: BigInt(maxUnits) }).map((v) => fromScaled(v, places));

  it('never risks more than the budget and always lands on the lot grid (property)', () => {
    fc.assert(
      fc.property(
        decimal(2, 1, 1_000_000_000),
        decimal(2, 1, 500),
        decimal(4, 200_000_000, 1_000_000_000),
        decimal(4, 1, 100_000_000),
        fc.boolean(),
        decimal(2, 1, 10_000),
        fc.constantFrom('1', '0.01', '0.001', '100', '1000', '0.5'),
        (equity, riskPercent, entry, distance, short, pointValue, lotSize) => {
          const stop = short ? addDecimal(entry, distance) : subtractDecimal(entry, distance);
          const s = positionSize({ equity, riskPercent, entry, stop, pointValue, lotSize });
          if (!s.ok) return;
          const budgetTimes100 = multiplyDecimal(equity, riskPercent);
          const times100 = (v: string) => multiplyDecimal(v, '100');
          expect(s.risk).toBe(
            normalizeDecimal(multiplyDecimal(multiplyDecimal(s.quantity, distance), pointValue)),
          );
          expect(compareDecimal(times100(s.risk), budgetTimes100)).toBeLessThanOrEqual(0);
          expect(isOnGrid(s.quantity, lotSize)).toBe(true);
          expect(compareDecimal(s.quantity, lotSize)).toBeGreaterThanOrEqual(0);
          // One more lot would exceed the budget: the quantity is the largest that fits.
          expect(compareDecimal(times100(addDecimal(s.risk, s.riskPerLot)), budgetTimes100)).toBe(1);
        },
      ),
    );
  });
});
