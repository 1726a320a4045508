import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ceilToStep,
  type Decimal,
  dec,
  decimal,
  decimalPlaces,
  floorSteps,
  floorToStep,
  formatDecimal,
  fromSteps,
  InvalidDecimalError,
  isDecimal,
  OffGridError,
  toSteps,
} from '../src/index.js';

describe('dec()', () => {
  it.each([
    ['1.50', '1.5'],
    ['007.2500', '7.25'],
    ['-0.000', '0'],
    ['-12.5', '-12.5'],
    ['0', '0'],
    ['100', '100'],
    ['0.00001', '0.00001'],
    ['123456789012345678901234567890.123456789', '123456789012345678901234567890.123456789'],
  ])('canonicalises %s to %s', (input, expected) => {
    expect(dec(input)).toBe(expected);
  });

  it('accepts bigints, safe integers and Big values exactly', () => {
    expect(dec(12345678901234567890n)).toBe('12345678901234567890');
    expect(dec(-42)).toBe('-42');
    expect(dec(new Big('1.2300'))).toBe('1.23');
  });

  it.each([0.1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60])('refuses the float %s', (value) => {
    expect(() => dec(value)).toThrow(InvalidDecimalError);
  });

  it.each(['', ' 1', '1 ', '1e5', '.5', '5.', '+1', '1,5', 'abc', '--1', '0x10', 'NaN', '1.2.3'])(
    'refuses the string %j',
    (value) => {
      const error = (() => {
        try {
          dec(value);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(InvalidDecimalError);
      expect((error as InvalidDecimalError).code).toBe('QMO_INVALID_DECIMAL');
      expect((error as InvalidDecimalError).input).toBe(value);
    },
  );

  it('isDecimal tells decimal strings from anything else', () => {
    expect(isDecimal('1.25')).toBe(true);
    expect(isDecimal('-3')).toBe(true);
    expect(isDecimal('1e3')).toBe(false);
    expect(isDecimal(1.25)).toBe(false);
    expect(isDecimal(null)).toBe(false);
  });
});

describe('decimal arithmetic', () => {
  const d = (s: string) => dec(s);

  it('adds exactly: 0.1 + 0.2 = 0.3', () => {
    expect(decimal.add(d('0.1'), d('0.2'))).toBe('0.3');
  });

  it('subtracts exactly: 0.3 - 0.1 = 0.2', () => {
    expect(decimal.sub(d('0.3'), d('0.1'))).toBe('0.2');
    expect(decimal.sub(d('1'), d('1.00001'))).toBe('-0.00001');
  });

  it('multiplies, compares, negates and rounds half-even', () => {
    expect(decimal.mul(d('1.1'), d('1.1'))).toBe('1.21');
    expect(decimal.cmp(d('1.10'), d('1.1'))).toBe(0);
    expect(decimal.cmp(d('-2'), d('1'))).toBe(-1);
    expect(decimal.cmp(d('2'), d('1.999999'))).toBe(1);
    expect(decimal.neg(d('5.5'))).toBe('-5.5');
    expect(decimal.neg(d('0'))).toBe('0');
    expect(decimal.isZero(d('0.000'))).toBe(true);
    expect(decimal.isZero(d('0.001'))).toBe(false);
    expect(decimal.round(d('2.345'), 2)).toBe('2.34');
    expect(decimal.round(d('2.355'), 2)).toBe('2.36');
    expect(decimal.round(d('-0.5'), 0)).toBe('0');
  });

  it('sums of many cents stay exact where floats drift', () => {
    let sum = d('0');
    for (let i = 0; i < 1000; i++) sum = decimal.add(sum, d('0.01'));
    expect(sum).toBe('10');
  });

  it('add and sub are inverse (property)', () => {
    const decimalArb = fc
      .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 12 }))
      .map(([units, places]) => dec(new Big(units.toString()).div(new Big(10).pow(places))));
    fc.assert(
      fc.property(decimalArb, decimalArb, (a, b) => {
        expect(decimal.sub(decimal.add(a, b), b)).toBe(a);
        expect(decimal.add(a, b)).toBe(decimal.add(b, a));
      }),
    );
  });

  it('formatDecimal pads to the requested places', () => {
    expect(formatDecimal(d('1.5'), 4)).toBe('1.5000');
    expect(formatDecimal(d('3'), 0)).toBe('3');
  });
});

describe('ticks and lots (toSteps / fromSteps)', () => {
  const ticks = ['0.25', '0.00001', '0.01', '1', '0.5', '5', '0.0001', '0.125'].map((s) => dec(s));

  it('knows the places of a step', () => {
    expect(decimalPlaces(dec('0.00001'))).toBe(5);
    expect(decimalPlaces(dec('0.25'))).toBe(2);
    expect(decimalPlaces(dec('1'))).toBe(0);
  });

  it('converts known values', () => {
    expect(toSteps(dec('4500.25'), dec('0.25'))).toBe(18001n);
    expect(toSteps(dec('1.08501'), dec('0.00001'))).toBe(108501n);
    expect(toSteps(dec('-0.75'), dec('0.25'))).toBe(-3n);
    expect(fromSteps(18001n, dec('0.25'))).toBe('4500.25');
    expect(fromSteps(108500, dec('0.00001'))).toBe('1.085');
    expect(fromSteps(0n, dec('0.01'))).toBe('0');
  });

  it('round-trips exactly for any integer and tick size (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }),
        fc.constantFrom(...ticks),
        (steps, step) => {
          const value = fromSteps(steps, step);
          expect(isDecimal(value)).toBe(true);
          expect(toSteps(value, step)).toBe(steps);
          // and the value is exactly steps × step
          expect(new Big(value).eq(new Big(steps.toString()).times(step))).toBe(true);
        },
      ),
    );
  });

  it('refuses values off the grid', () => {
    expect(() => toSteps(dec('4500.1'), dec('0.25'))).toThrow(OffGridError);
    expect(() => toSteps(dec('1.000001'), dec('0.00001'))).toThrow(OffGridError);
    try {
      toSteps(dec('0.3'), dec('0.25'));
      expect.unreachable('toSteps accepted an off-grid value');
    } catch (error) {
      expect(error).toBeInstanceOf(OffGridError);
      expect((error as OffGridError).code).toBe('QMO_OFF_GRID');
      expect((error as OffGridError).value).toBe('0.3');
      expect((error as OffGridError).step).toBe('0.25');
    }
  });

  it('refuses values off the grid by less than the division precision', () => {
    expect(() => toSteps(dec('1.0000000000000000000000001'), dec('1'))).toThrow(OffGridError);
    expect(() => toSteps(dec('0.999999999999999999999999'), dec('1'))).toThrow(OffGridError);
  });

  it('refuses any on-grid value nudged by a tiny amount (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.constantFrom(...ticks),
        fc.integer({ min: 6, max: 40 }),
        fc.boolean(),
        (steps, step, exponent, up) => {
          const onGrid = new Big(fromSteps(steps, step));
          const nudge = new Big(`1e-${exponent}`);
          const off = dec(up ? onGrid.plus(nudge) : onGrid.minus(nudge));
          expect(() => toSteps(off, step)).toThrow(OffGridError);
        },
      ),
    );
  });
});

// Keeps the Decimal brand meaningful at compile time.
const _typed: Decimal = dec('1');
void _typed;

describe('rounding onto a grid (floorSteps / floorToStep / ceilToStep)', () => {
  it('floors the quotient exactly, also off the grid and below zero', () => {
    expect(floorSteps(dec('10'), dec('3'))).toBe(3n);
    expect(floorSteps(dec('0.3'), dec('0.1'))).toBe(3n);
    expect(floorSteps(dec('1.0849'), dec('0.0005'))).toBe(2169n);
    expect(floorSteps(dec('-1'), dec('0.3'))).toBe(-4n);
    expect(floorSteps(dec('-0.9'), dec('0.3'))).toBe(-3n);
    expect(() => floorSteps(dec('1'), dec('0'))).toThrow(RangeError);
  });

  it('rounds down and up to the nearest multiple of the step', () => {
    expect(floorToStep(dec('1.08512'), dec('0.0001'))).toBe('1.0851');
    expect(ceilToStep(dec('1.08512'), dec('0.0001'))).toBe('1.0852');
    expect(floorToStep(dec('5000.25'), dec('0.25'))).toBe('5000.25');
    expect(ceilToStep(dec('5000.25'), dec('0.25'))).toBe('5000.25');
    expect(floorToStep(dec('-0.05'), dec('0.1'))).toBe('-0.1');
    expect(ceilToStep(dec('-0.05'), dec('0.1'))).toBe('0');
  });

  it('agrees with big.js division for random values and steps', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 0, max: 6 }),
        (v, s, places) => {
          const value = dec(new Big(v).div(10 ** places));
          const step = dec(new Big(s).div(10 ** (places % 4)));
          const expected = BigInt(new Big(value).div(step).round(0, Big.roundDown).toFixed());
          const floor = new Big(value).div(step).lt(expected.toString()) ? expected - 1n : expected;
          expect(floorSteps(value, step)).toBe(floor);
          expect(decimal.cmp(floorToStep(value, step), value)).toBeLessThanOrEqual(0);
          expect(decimal.cmp(ceilToStep(value, step), value)).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
