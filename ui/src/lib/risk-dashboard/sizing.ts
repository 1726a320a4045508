import {
  compareDecimal,
  fromScaled,
  isDecimal,
  multiplyDecimal,
  normalizeDecimal,
  placesOf,
  subtractDecimal,
  toScaled,
} from '../format/decimal.js';

export interface SizingInput {
  /** Account equity (money, exact decimal). */
  equity: string;
  /** Percent of the equity risked at the stop ("1" = 1 %). */
  riskPercent: string;
  entry: string;
  stop: string;
  /** Value of one price unit per unit of quantity (the instrument's `multiplier`). */
  pointValue: string;
  lotSize: string;
  /** Smallest order quantity; one lot when absent. */
  minQuantity?: string | undefined;
}

export type Sizing =
  | {
      ok: true;
      /** Whole lots, exact: lots × lotSize. */
      quantity: string;
      lots: string;
      /** equity × riskPercent / 100. */
      budget: string;
      /** |entry − stop| × pointValue × lotSize: what one lot loses at the stop. */
      riskPerLot: string;
      /** quantity × |entry − stop| × pointValue: never above the budget. */
      risk: string;
    }
  | { ok: false; reason: string };

const abs = (value: string) => (value.startsWith('-') ? value.slice(1) : value);
const positive = (value: string) => isDecimal(value) && compareDecimal(value, '0') > 0;

/** ⌊a ÷ b⌋ for a ≥ 0, b > 0, exact. */
function floorDivide(a: string, b: string): bigint {
  const places = Math.max(placesOf(a), placesOf(b));
  return toScaled(a, places) / toScaled(b, places);
}

/**
 * Quantity = ⌊equity · risk% / (|entry − stop| · point value)⌋ rounded DOWN to whole lots, in exact decimal
 * arithmetic: the loss at the stop never exceeds the budget and the quantity is always on the lot grid.
 */
export function positionSize(input: SizingInput): Sizing {
  const { equity, riskPercent, entry, stop, pointValue, lotSize } = input;
  if (!isDecimal(equity) || compareDecimal(equity, '0') <= 0) return { ok: false, reason: 'no equity' };
  if (!positive(riskPercent)) return { ok: false, reason: 'risk % must be above 0' };
  if (compareDecimal(riskPercent, '100') > 0) return { ok: false, reason: 'risk % must be at most 100' };
  if (!isDecimal(entry) || !isDecimal(stop)) return { ok: false, reason: 'no levels' };
  if (!positive(pointValue) || !positive(lotSize))
    return { ok: false, reason: 'the instrument has no lot size' };
  const distance = abs(subtractDecimal(entry, stop));
  if (compareDecimal(distance, '0') === 0) return { ok: false, reason: 'the stop is at the entry' };
  // equity × risk% ÷ 100: the scaled digits of the product with two more places.
  const product = multiplyDecimal(equity, riskPercent);
  const budget = normalizeDecimal(fromScaled(toScaled(product, placesOf(product)), placesOf(product) + 2));
  const riskPerLot = multiplyDecimal(multiplyDecimal(distance, pointValue), lotSize);
  const lots = floorDivide(budget, riskPerLot);
  const quantity = normalizeDecimal(multiplyDecimal(lotSize, lots.toString()));
  const min = input.minQuantity && positive(input.minQuantity) ? input.minQuantity : lotSize;
  if (lots === 0n || compareDecimal(quantity, min) < 0)
    return {
      ok: false,
      reason: `the budget ${normalizeDecimal(budget)} buys less than the minimum ${normalizeDecimal(min)}`,
    };
  return {
    ok: true,
    quantity,
    lots: lots.toString(),
    budget,
    riskPerLot: normalizeDecimal(riskPerLot),
    risk: normalizeDecimal(multiplyDecimal(multiplyDecimal(quantity, distance), pointValue)),
  };
}
