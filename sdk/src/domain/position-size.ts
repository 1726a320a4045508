import {
  type Decimal,
  decimal,
  floorSteps,
  fromSteps,
  type Money,
  type Price,
  type Quantity,
} from './decimal.js';

export interface PositionSizeInput {
  equity: Money;
  /** Percent of equity lost if the stop is hit: "1" for 1 %. */
  riskPercent: Decimal;
  entry: Price;
  stop: Price;
  lotSize: Decimal;
  /** Value of one price unit per unit of quantity (the instrument's multiplier). */
  pointValue: Decimal;
  /** Smallest order quantity, when more than one lot. */
  minQuantity?: Decimal | undefined;
}

export type PositionSize =
  | {
      ok: true;
      /** Whole lots: `lots` × lot size. */
      quantity: Quantity;
      lots: bigint;
      /** equity × risk % / 100. */
      budget: Money;
      /** |entry − stop| × point value × lot size: what one lot loses at the stop. */
      riskPerLot: Money;
      /** quantity × |entry − stop| × point value: never above the budget. */
      risk: Money;
    }
  | { ok: false; reason: string; budget: Money | null; riskPerLot: Money | null };

const ZERO = '0' as Decimal;
const HUNDRED = '100' as Decimal;
const HUNDREDTH = '0.01' as Decimal;

/**
 * quantity = ⌊equity · risk% / (|entry − stop| · point value · lot)⌋ lots, in exact decimals: the loss
 * at the stop never exceeds equity · risk% and the quantity is on the lot grid. Not ok, with a reason,
 * when the inputs make no sense or not even one lot (or the minimum quantity) fits the budget.
 */
export function positionSize(i: PositionSizeInput): PositionSize {
  const refuse = (reason: string, budget: Money | null = null, riskPerLot: Money | null = null) =>
    ({ ok: false, reason, budget, riskPerLot }) as const;
  if (decimal.cmp(i.equity, ZERO) <= 0) return refuse(`no equity to risk (${i.equity})`);
  if (decimal.cmp(i.riskPercent, ZERO) <= 0 || decimal.cmp(i.riskPercent, HUNDRED) > 0) {
    return refuse(`risk % must be above 0 and at most 100 (${i.riskPercent})`);
  }
  if (decimal.cmp(i.pointValue, ZERO) <= 0 || decimal.cmp(i.lotSize, ZERO) <= 0) {
    return refuse('the instrument has no point value or lot size');
  }
  const budget = decimal.mul(decimal.mul(i.equity, i.riskPercent), HUNDREDTH);
  const distance = decimal.sub(i.entry, i.stop);
  const absDistance = decimal.cmp(distance, ZERO) < 0 ? decimal.neg(distance) : distance;
  const riskPerUnit = decimal.mul(absDistance, i.pointValue);
  const riskPerLot = decimal.mul(riskPerUnit, i.lotSize);
  if (decimal.isZero(riskPerLot)) return refuse('the stop equals the entry', budget, riskPerLot);
  const lots = floorSteps(budget, riskPerLot);
  if (lots < 1n)
    return refuse(`one lot risks ${riskPerLot}, more than the budget ${budget}`, budget, riskPerLot);
  const quantity = fromSteps(lots, i.lotSize);
  if (i.minQuantity !== undefined && decimal.cmp(quantity, i.minQuantity) < 0) {
    return refuse(
      `${quantity} fits the budget ${budget} but is below the minimum quantity ${i.minQuantity}`,
      budget,
      riskPerLot,
    );
  }
  return { ok: true, quantity, lots, budget, riskPerLot, risk: decimal.mul(quantity, riskPerUnit) };
}
