import {
  type Decimal,
  decimal,
  floorSteps,
  fromSteps,
  type Money,
  type Price,
  type Quantity,
} from '@qmo/sdk';
import { fromNumber } from './exact.js';

export interface SizingInput {
  equity: Money;
  /** Percent of equity lost if the stop is hit, e.g. 1 for 1 %. */
  riskPercent: number;
  entry: Price;
  stop: Price;
  lotSize: Decimal;
  /** Value of one price unit per unit of quantity (the instrument's multiplier). */
  pointValue: Decimal;
  /** Smallest order quantity, when more than one lot. */
  minQuantity?: Decimal | undefined;
}

export type Sizing =
  | { quantity: Quantity; lots: bigint; budget: Money; riskPerLot: Money; risk: Money }
  | { quantity: null; reason: string; budget: Money | null; riskPerLot: Money | null };

/**
 * quantity = ⌊equity · risk% / (|entry − stop| · point value · lot)⌋ lots, in exact decimals: the loss
 * at the stop, quantity · |entry − stop| · point value, never exceeds equity · risk%. Null with a
 * reason when not even one lot (or the minimum quantity) fits the budget.
 */
export function positionSize(i: SizingInput): Sizing {
  if (decimal.cmp(i.equity, '0' as Decimal) <= 0)
    return { quantity: null, reason: `no equity to risk (${i.equity})`, budget: null, riskPerLot: null };
  const budget = decimal.mul(decimal.mul(i.equity, fromNumber(i.riskPercent)), '0.01' as Decimal);
  const distance = decimal.sub(i.entry, i.stop);
  const absDistance = decimal.cmp(distance, '0' as Decimal) < 0 ? decimal.neg(distance) : distance;
  const riskPerUnit = decimal.mul(absDistance, i.pointValue);
  const riskPerLot = decimal.mul(riskPerUnit, i.lotSize);
  if (decimal.isZero(riskPerLot))
    return { quantity: null, reason: 'the stop equals the entry', budget, riskPerLot };
  const lots = floorSteps(budget, riskPerLot);
  if (lots < 1n)
    return {
      quantity: null,
      reason: `one lot risks ${riskPerLot}, more than the budget ${budget}`,
      budget,
      riskPerLot,
    };
  const quantity = fromSteps(lots, i.lotSize);
  if (i.minQuantity !== undefined && decimal.cmp(quantity, i.minQuantity) < 0)
    return {
      quantity: null,
      reason: `${quantity} fits the budget ${budget} but is below the minimum quantity ${i.minQuantity}`,
      budget,
      riskPerLot,
    };
  return { quantity, lots, budget, riskPerLot, risk: decimal.mul(quantity, riskPerUnit) };
}
