import Big from 'big.js';

/**
 * Exact decimal numbers as canonical strings ("1.0850", "-12.5").
 * Strings survive JSON, SQL `numeric` and the browser without losing a digit;
 * arithmetic goes through big.js, never through binary floats.
 */
declare const decimalBrand: unique symbol;
export type Decimal = string & { readonly [decimalBrand]: 'Decimal' };
/** A price, exact. Inside engines prices are integers of the instrument's tick (see `toTicks`). */
export type Price = Decimal;
/** A quantity, exact. Inside engines quantities are integers of the instrument's lot. */
export type Quantity = Decimal;
/** Cash, P&L, fees: exact. */
export type Money = Decimal;

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

export class InvalidDecimalError extends Error {
  readonly code = 'QMO_INVALID_DECIMAL';
  constructor(readonly input: unknown) {
    super(`not an exact decimal: ${JSON.stringify(input)}`);
    this.name = 'InvalidDecimalError';
  }
}

/** Parses a decimal from a string, a bigint or a safe integer. Floats are refused: they are not exact. */
export function dec(value: string | bigint | number | Big): Decimal {
  if (value instanceof Big) return value.toFixed() as Decimal;
  if (typeof value === 'bigint') return value.toString() as Decimal;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new InvalidDecimalError(value);
    return String(value) as Decimal;
  }
  if (!DECIMAL_PATTERN.test(value)) throw new InvalidDecimalError(value);
  return new Big(value).toFixed() as Decimal;
}

export function isDecimal(value: unknown): value is Decimal {
  return typeof value === 'string' && DECIMAL_PATTERN.test(value);
}

export function big(value: Decimal | string): Big {
  return new Big(value);
}

export const decimal = {
  add: (a: Decimal, b: Decimal): Decimal => dec(new Big(a).plus(b)),
  sub: (a: Decimal, b: Decimal): Decimal => dec(new Big(a).minus(b)),
  mul: (a: Decimal, b: Decimal): Decimal => dec(new Big(a).times(b)),
  cmp: (a: Decimal, b: Decimal): -1 | 0 | 1 => new Big(a).cmp(b) as -1 | 0 | 1,
  neg: (a: Decimal): Decimal => dec(new Big(a).neg()),
  isZero: (a: Decimal): boolean => new Big(a).eq(0),
  /** Rounded to `dp` places, half-even (bankers' rounding), for display and reporting. */
  round: (a: Decimal, dp: number): Decimal => dec(new Big(a).round(dp, Big.roundHalfEven)),
  /** A float for analytics and charts only; never feed it back into money. */
  toNumber: (a: Decimal): number => Number(a),
} as const;

/** Places after the decimal point in a tick or lot size ("0.00001" → 5, "0.25" → 2, "1" → 0). */
export function decimalPlaces(step: Decimal): number {
  const dot = step.indexOf('.');
  return dot < 0 ? 0 : step.length - dot - 1;
}

export class OffGridError extends Error {
  readonly code = 'QMO_OFF_GRID';
  constructor(
    readonly value: Decimal,
    readonly step: Decimal,
  ) {
    super(`${value} is not a multiple of ${step}`);
    this.name = 'OffGridError';
  }
}

/** Exact conversion of a price or quantity to integer steps (ticks, lots). Refuses values off the grid. */
export function toSteps(value: Decimal, step: Decimal): bigint {
  const q = new Big(value).div(step);
  if (!q.eq(q.round(0, Big.roundDown))) throw new OffGridError(value, step);
  return BigInt(q.toFixed(0));
}

/** Exact conversion of integer steps back to a decimal with the step's precision. */
export function fromSteps(steps: bigint | number, step: Decimal): Decimal {
  return dec(new Big(steps.toString()).times(step).toFixed(decimalPlaces(step)));
}

/** Formats with a fixed number of places (e.g. an instrument's price precision). */
export function formatDecimal(value: Decimal, places: number): string {
  return new Big(value).toFixed(places);
}
